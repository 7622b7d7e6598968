/**
 * awk (awk, gawk, mawk, nawk, busybox awk), read with the configurable tokenizer: `system(…)`,
 * output piped to a command (`print … | "sh"`), commands read with `"cmd" | getline`, output
 * redirected over a file (`print … > "file"`), and what the program prints (a shell that reads
 * awk's output runs it). Variables set with `-v name=value` are known.
 */
import type { Call, Evaluator, Profile } from './evaluate';
import type { Expr, Stmt } from './ir';
import { tokenizeSimple, TokReader, type SimpleLexer, type TokGrammar } from './tokens';
import { shellWord, unknown, UNKNOWN, type Val } from './values';

const LEXER: SimpleLexer = {
  lineComments: ['#'],
  quotes: '"',
  word: /^[A-Za-z_]\w*/,
  sigil: /^\$(\d+|NF|[A-Za-z_]\w*)/,
  regex: true,
  newlines: true,
  ops: /^(\|\||&&|==|!=|<=|>=|>>|\+\+|--|\+=|-=|\*=|\/=|!~|[-+*/%^<>=!~|?:,;(){}[\]$])/,
};

const GRAMMAR: TokGrammar = {
  concat: new Set(),
  juxtapose: true,
  newlineEnds: true,
  varName(v) {
    return v.startsWith('$') ? `field ${v}` : v;
  },
};

/** The statements of an awk program: print/printf with their redirections, assignments, getline pipes. */
function awkStatement(r: TokReader): Stmt[] | undefined {
  const t = r.peek();
  if (!t) return undefined;
  if (t.t === 'word' && (t.v === 'BEGIN' || t.v === 'END' || t.v === 'BEGINFILE' || t.v === 'ENDFILE' || t.v === 'function' || t.v === 'if' || t.v === 'else' || t.v === 'while' || t.v === 'for' || t.v === 'do' || t.v === 'next' || t.v === 'exit' || t.v === 'return')) {
    r.pos++;
    if (t.v === 'function' && r.peek()?.t === 'word') {
      r.pos++;
      if (r.isOp('(')) {
        r.pos++;
        r.skipTo(')');
      }
    }
    if ((t.v === 'if' || t.v === 'while' || t.v === 'for') && r.isOp('(')) {
      r.pos++;
      const { args } = r.args(')');
      return args.map((e) => ({ k: 'expr', e }));
    }
    return [];
  }
  if (t.t === 'word' && (t.v === 'print' || t.v === 'printf')) {
    r.pos++;
    const items: Expr[] = [];
    while (!r.atEnd() && !r.isOp('>') && !r.isOp('>>') && !r.isOp('|')) {
      const before = r.pos;
      items.push(r.expr());
      if (r.isOp(',')) r.pos++;
      if (r.pos === before) break;
    }
    const printed: Expr = items.length === 0 ? { k: 'id', name: 'field $0', at: t.at } : items.slice(1).reduce<Expr>((a, b) => ({ k: 'bin', op: 'join', l: a, r: { k: 'bin', op: 'join', l: { k: 'str', v: ' ', at: b.at, inner: b.at, exact: false }, r: b, at: b.at }, at: [a.at[0], b.at[1]] }), items[0]!);
    const target = r.isOp('|') ? 'pipe' : r.isOp('>') ? 'file' : r.isOp('>>') ? 'append' : 'stdout';
    if (target !== 'stdout') r.pos++;
    const dest = target !== 'stdout' ? r.expr() : undefined;
    const at: readonly [number, number] = [t.at[0], r.prevEnd()];
    const call = (name: string, args: Expr[]): Stmt => ({ k: 'expr', e: { k: 'call', fn: { k: 'id', name, at: t.at }, args, kw: [], at } });
    if (target === 'pipe' && dest) return [call('awk:print-pipe', [printed, dest])];
    if (target === 'file' && dest) return [call('awk:print-file', [dest])];
    return [call('awk:print', [printed])];
  }
  // name = value
  if (t.t === 'word' && r.isOp('=', 1)) {
    r.pos += 2;
    const value = r.expr();
    return [{ k: 'assign', target: { k: 'name', name: t.v }, value, at: [t.at[0], value.at[1]] }];
  }
  // "cmd" | getline [var]
  const start = r.pos;
  const e = r.expr();
  if (r.isOp('|') && r.isWord('getline', 1)) {
    r.pos += 2;
    if (r.peek()?.t === 'word' && !r.atEnd()) r.pos++;
    return [{ k: 'expr', e: { k: 'call', fn: { k: 'id', name: 'awk:getline-pipe', at: e.at }, args: [e], kw: [], at: [e.at[0], r.prevEnd()] } }];
  }
  if (r.pos === start) return undefined;
  return [{ k: 'expr', e }];
}

export function awkToIr(src: string): Stmt[] {
  return new TokReader(tokenizeSimple(src, LEXER), GRAMMAR).program(awkStatement);
}

function callAwk(q: string, c: Call, ev: Evaluator): Val | undefined {
  switch (q) {
    case 'system':
    case 'awk:getline-pipe':
      ev.runShell(c, c.args[0]);
      return UNKNOWN;
    case 'awk:print-pipe': {
      // what is printed into the pipe is the input of the command: a shell runs it, another
      // command reads it (`print "DROP DATABASE x" | "psql"` is `echo '…' | psql`)
      const dest = c.args[1];
      if (dest && /^\s*(ba|z|k|da|a)?sh\b/.test(strOf(dest) ?? '')) ev.runShell(c, c.args[0]);
      else if (dest && strOf(dest) !== undefined) ev.runShell(c, { t: 'str', s: `echo ${shellWord(c.args[0] ?? UNKNOWN)} | ${strOf(dest)!}` });
      else ev.runShell(c, dest);
      return UNKNOWN;
    }
    case 'awk:print-file':
      ev.overwrite(c, c.args[0]);
      return UNKNOWN;
    case 'awk:print':
      if (c.args[0]) ev.prints.push(c.args[0]);
      return UNKNOWN;
    default:
      return undefined;
  }
}

function strOf(v: Val | undefined): string | undefined {
  return v?.t === 'str' ? v.s : undefined;
}

export const AWK: Profile = {
  global(name, ev) {
    const v = ev.options.vars?.[name];
    if (v !== undefined) return { t: 'str', s: v };
    if (name.startsWith('field ')) return unknown(name === 'field $0' ? 'the input line' : `input field ${name.slice(7)}`);
    if (name === 'ENVIRON') return { t: 'ref', q: 'ENVIRON', names: [] };
    return undefined;
  },
  module(name) {
    return name;
  },
  memberValue(q, name) {
    return q === 'ENVIRON' && /^\w+$/.test(name) ? { t: 'part', pieces: [{ env: name }] } : undefined;
  },
  call: callAwk,
  sensitive() {
    return false;
  },
  client() {
    return false;
  },
};
