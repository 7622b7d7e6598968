/**
 * AppleScript (osascript -e …), read with the configurable tokenizer: `do shell script …` (and
 * Terminal's `do script …`) runs a shell command (strings joined with `&`, variables set with `set x to …`, `quoted form of x`);
 * Finder's `delete` moves items to the Trash and `empty trash` deletes the Trash for good;
 * `run script` runs code only known when it runs.
 */
import type { Call, Evaluator, Profile } from './evaluate';
import type { Expr, Stmt } from './ir';
import { tokenizeSimple, TokReader, type SimpleLexer, type TokGrammar } from './tokens';
import { UNKNOWN, type Val } from './values';

const LEXER: SimpleLexer = {
  lineComments: ['--', '#'],
  blockComments: [['(*', '*)']],
  quotes: '"',
  word: /^[A-Za-z_]\w*/,
  newlines: true,
  ops: /^(≠|≤|≥|<=|>=|[-+*/&=<>(){},:;^])/,
};

const GRAMMAR: TokGrammar = { concat: new Set(['&']), newlineEnds: true };

function call(name: string, args: Expr[], at: readonly [number, number]): Stmt {
  return { k: 'expr', e: { k: 'call', fn: { k: 'id', name, at }, args, kw: [], at } };
}

function appleStatement(r: TokReader): Stmt[] | undefined {
  const t = r.peek();
  if (!t || t.t !== 'word') return undefined;
  const w = t.v.toLowerCase();
  // do shell script EXPR [with administrator privileges] [user name …]
  if (w === 'do' && r.isWord('shell', 1) && r.isWord('script', 2)) {
    r.pos += 3;
    const e = r.expr();
    const at: readonly [number, number] = [t.at[0], r.prevEnd()];
    r.skipStatement();
    return [call('do shell script', [e], at)];
  }
  // Terminal: do script "cmd" runs the command in a terminal window
  if (w === 'do' && r.isWord('script', 1)) {
    r.pos += 2;
    const e = r.expr();
    const at: readonly [number, number] = [t.at[0], r.prevEnd()];
    r.skipStatement();
    return [call('do shell script', [e], at)];
  }
  if (w === 'set' && r.peek(1)?.t === 'word' && r.isWord('to', 2)) {
    const name = (r.peek(1) as { v: string }).v;
    r.pos += 3;
    const value = r.expr();
    return [{ k: 'assign', target: { k: 'name', name }, value, at: [t.at[0], value.at[1]] }];
  }
  if (w === 'empty' && (r.isWord('trash', 1) || (r.isWord('the', 1) && r.isWord('trash', 2)))) {
    r.skipStatement();
    return [call('empty trash', [], [t.at[0], r.prevEnd()])];
  }
  if (w === 'run' && r.isWord('script', 1)) {
    r.pos += 2;
    const e = r.expr();
    return [call('run script', [e], [t.at[0], r.prevEnd()])];
  }
  if (w === 'delete') {
    r.pos++;
    const e = r.expr();
    r.skipStatement();
    return [call('delete', [e], [t.at[0], r.prevEnd()])];
  }
  if (w === 'tell' || w === 'end' || w === 'to' || w === 'on' || w === 'if' || w === 'then' || w === 'else' || w === 'repeat' || w === 'application' || w === 'the' || w === 'of' || w === 'return') {
    r.pos++;
    if (w === 'application' && r.peek()?.t === 'str') r.pos++;
    return [];
  }
  return undefined;
}

export function appleScriptToIr(src: string): Stmt[] {
  // `quoted form of x` is x, shell-quoted: the quoting does not change what runs.
  const toks = tokenizeSimple(src, LEXER).filter((_t, i, all) => {
    const w = (k: number): string => {
      const x = all[k];
      return x?.t === 'word' ? x.v.toLowerCase() : '';
    };
    return !((w(i) === 'quoted' && w(i + 1) === 'form' && w(i + 2) === 'of') || (w(i - 1) === 'quoted' && w(i) === 'form' && w(i + 1) === 'of') || (w(i - 2) === 'quoted' && w(i - 1) === 'form' && w(i) === 'of'));
  });
  return new TokReader(toks, GRAMMAR).program(appleStatement);
}

function callApple(q: string, c: Call, ev: Evaluator): Val | undefined {
  switch (q) {
    case 'do shell script':
      ev.runShell(c, c.args[0]);
      return UNKNOWN;
    case 'empty trash':
      ev.emit({ kind: 'client', call: 'Finder empty trash', at: c.at, what: 'Finder empty trash (deletes everything in the Trash for good)', severity: 'medium', names: [] });
      return UNKNOWN;
    case 'run script':
      ev.code(c, c.args[0]);
      return UNKNOWN;
    case 'delete':
      // Finder's delete moves to the Trash (recoverable)
      return UNKNOWN;
    default:
      return undefined;
  }
}

export const APPLESCRIPT: Profile = {
  global() {
    return undefined;
  },
  module(name) {
    return name;
  },
  call: callApple,
  sensitive() {
    return false;
  },
  client() {
    return false;
  },
};
