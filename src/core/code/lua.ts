/**
 * Lua (and LuaJIT), read with the configurable tokenizer: `os.execute`, `io.popen`, `os.remove`,
 * `os.rename`, `io.open(…, 'w')`, with `local x = os.execute` aliases followed.
 */
import type { Call, Evaluator, Profile } from './evaluate';
import type { CodeSpan, Stmt } from './ir';
import { strTok, tokenizeSimple, TokReader, type SimpleLexer, type Tok, type TokGrammar } from './tokens';
import { strOf, unknown, UNKNOWN, type Val } from './values';

/** `[[…]]`, `[==[…]==]` long strings (and the same after `--` as comments, handled first). */
function longBracket(src: string, i: number): { tok: Tok; end: number } | undefined {
  const m = /^\[(=*)\[/.exec(src.slice(i));
  if (!m) return undefined;
  const close = `]${m[1]}]`;
  const e = src.indexOf(close, i + m[0].length);
  const end = e < 0 ? src.length : e + close.length;
  let cs = i + m[0].length;
  if (src[cs] === '\n') cs++;
  const inner: CodeSpan = [cs, e < 0 ? src.length : e];
  return { tok: strTok(src, [i, end], inner, false), end };
}

const LEXER: SimpleLexer = {
  lineComments: ['--'],
  blockComments: [['--[[', ']]'], ['--[==[', ']==]'], ['--[=[', ']=]']],
  quotes: '\'"',
  word: /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/,
  special: longBracket,
  newlines: true,
  ops: /^(\.\.\.|\.\.|==|~=|<=|>=|::|[-+*/%^#<>=(){}[\];:,.])/,
};

const GRAMMAR: TokGrammar = { concat: new Set(['..']), methodOp: ':', newlineEnds: true, stringCall: true };

function luaStatement(r: TokReader): Stmt[] | undefined {
  const t = r.peek();
  if (!t) return undefined;
  if (t.t === 'word' && (t.v === 'function' || t.v === 'end' || t.v === 'do' || t.v === 'then' || t.v === 'else' || t.v === 'return' || t.v === 'if' || t.v === 'while' || t.v === 'repeat' || t.v === 'until')) {
    r.pos++;
    if (t.v === 'function' && r.peek()?.t === 'word') {
      r.pos++;
      if (r.isOp('(')) r.skipTo(')');
      r.pos++;
    }
    return [];
  }
  let k = 0;
  if (t.t === 'word' && t.v === 'local') {
    k = 1;
    if (r.isWord('function', 1)) {
      r.pos += 3;
      if (r.isOp('(')) {
        r.pos++;
        r.skipTo(')');
      }
      return [];
    }
  }
  // a, b = x, y  /  local x = …
  const names: string[] = [];
  let j = k;
  while (r.peek(j)?.t === 'word' && (r.isOp(',', j + 1) || r.isOp('=', j + 1))) {
    names.push((r.peek(j) as { v: string }).v);
    j++;
    if (r.isOp('=', j)) break;
    j++;
  }
  if (names.length && r.isOp('=', j)) {
    r.pos += j + 1;
    const out: Stmt[] = [];
    for (const name of names) {
      const value = r.expr();
      out.push({ k: 'assign', target: { k: 'name', name }, value, at: value.at });
      if (r.isOp(',')) r.pos++;
      else break;
    }
    return out;
  }
  if (k === 1) {
    r.pos++;
    return [];
  }
  return undefined;
}

export function luaToIr(src: string): Stmt[] {
  return new TokReader(tokenizeSimple(src, LEXER), GRAMMAR).program(luaStatement);
}

function callLua(q: string, c: Call, ev: Evaluator): Val | undefined {
  switch (q) {
    case 'os.execute':
    case 'io.popen':
      ev.runShell(c, c.args[0]);
      return unknown('output of a command');
    case 'os.remove':
      ev.delete(c, c.args[0], false);
      return UNKNOWN;
    case 'os.rename':
      ev.move(c, 'move', c.args[0], c.args[1]);
      return UNKNOWN;
    case 'io.open':
      if (/w/.test(strOf(c.args[1]) ?? '')) ev.overwrite(c, c.args[0]);
      return unknown('a file');
    case 'os.getenv': {
      const n = strOf(c.args[0]);
      return n && /^\w+$/.test(n) ? { t: 'part', pieces: [{ env: n }] } : unknown('an environment variable');
    }
    case 'load':
    case 'loadstring':
    case 'dostring':
      ev.code(c, c.args[0]);
      return UNKNOWN;
    case 'os.tmpname':
      return { t: 'str', s: '/tmp/lua-temp' };
    default:
      return undefined;
  }
}

export const LUA: Profile = {
  global(name) {
    if (/^(os|io)\./.test(name) || name === 'load' || name === 'loadstring') return { t: 'ref', q: name, names: [] };
    return undefined;
  },
  module(name) {
    return name;
  },
  call: callLua,
  sensitive(q) {
    return q === 'os' || q === 'io';
  },
  client() {
    return false;
  },
};
