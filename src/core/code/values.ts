/**
 * What the evaluator knows about a value of interpreter code, and how such a value is written as
 * shell text (code that runs commands or deletes files is judged as the equivalent shell line).
 */
import type { CodeSpan, Func } from './ir';

/** One piece of a string known in part: text, an environment variable, or something unknown. */
export type Piece = string | { env: string } | { unknown: string };

export type Val =
  /** A string fully known; `glob` when it is a pattern (`glob.glob`, `Dir[…]`); `src` where a literal came from. */
  | { t: 'str'; s: string; glob?: boolean; src?: { inner: CodeSpan; exact: boolean } }
  /** A string known in part (`'rm -rf ' + d`, `f'/opt/{x}'`, `os.environ['HOME'] + '/x'`). */
  | { t: 'part'; pieces: Piece[]; glob?: boolean }
  /** A module, a module member, or an object reached from one: `os`, `os.remove`, `redis.Redis().flushall`. */
  | { t: 'ref'; q: string; names: string[] }
  /** A filesystem path object (`pathlib.Path('/x')`, `Pathname.new(x)`, `Bun.file(x)`). */
  | { t: 'path'; p: Val }
  | { t: 'list'; items: Val[] }
  | { t: 'dict'; m: Map<string, Val> }
  /** A function written in the code (a lambda, a block, a local function). */
  | { t: 'fn'; fn: Func }
  | { t: 'const'; v: boolean | null }
  | { t: 'unknown'; label?: string };

export const UNKNOWN: Val = { t: 'unknown' };

export function unknown(label?: string): Val {
  return label ? { t: 'unknown', label } : UNKNOWN;
}

export function str(s: string, glob?: boolean): Val {
  return glob ? { t: 'str', s, glob } : { t: 'str', s };
}

/** The string when fully known. */
export function strOf(v: Val | undefined): string | undefined {
  if (!v) return undefined;
  if (v.t === 'str') return v.s;
  if (v.t === 'path') return strOf(v.p);
  return undefined;
}

function labelOf(v: Val): string {
  if (v.t === 'unknown' && v.label) return v.label;
  if (v.t === 'ref') return v.q;
  return 'value';
}

/** The pieces of a string-like value; an unknown value is one unknown piece. */
export function piecesOf(v: Val): Piece[] {
  switch (v.t) {
    case 'str':
      return [v.s];
    case 'part':
      return v.pieces;
    case 'path':
      return piecesOf(v.p);
    default:
      return [{ unknown: labelOf(v) }];
  }
}

/** Joins string-like values: a known string when every piece is known. */
export function concat(...vs: Val[]): Val {
  const pieces: Piece[] = [];
  let glob = false;
  for (const v of vs) {
    if ((v.t === 'str' || v.t === 'part') && v.glob) glob = true;
    if (v.t === 'path' && (v.p.t === 'str' || v.p.t === 'part') && v.p.glob) glob = true;
    for (const p of piecesOf(v)) {
      const last = pieces[pieces.length - 1];
      if (typeof p === 'string' && typeof last === 'string') pieces[pieces.length - 1] = last + p;
      else pieces.push(p);
    }
  }
  if (pieces.length === 0) return str('', glob);
  if (pieces.length === 1 && typeof pieces[0] === 'string') return str(pieces[0], glob);
  return glob ? { t: 'part', pieces, glob } : { t: 'part', pieces };
}

/** `a/b` path join (an absolute right side wins, as in os.path.join and path.join). */
export function joinPath(a: Val, b: Val): Val {
  const bs = strOf(b);
  if (bs !== undefined && (bs.startsWith('/') || bs.startsWith('~'))) return b;
  const as = piecesOf(a);
  const last = as[as.length - 1];
  const sep = typeof last === 'string' && (last.endsWith('/') || last === '') ? '' : '/';
  return concat(a, str(sep), b);
}

/** The folder of a path (`/a/b` → `/a`). */
export function dirnameOf(v: Val): Val {
  const s = strOf(v);
  if (s === undefined) {
    const ps = piecesOf(v);
    const last = ps[ps.length - 1];
    if (typeof last === 'string' && last.includes('/')) return concat({ t: 'part', pieces: [...ps.slice(0, -1), last.slice(0, last.lastIndexOf('/')) || '/'] });
    return unknown('a folder');
  }
  const t = s.replace(/\/+$/, '');
  const i = t.lastIndexOf('/');
  return str(i < 0 ? '.' : i === 0 ? '/' : t.slice(0, i));
}

/** True when nothing of the value is known at all. */
export function isOpaque(v: Val): boolean {
  const ps = piecesOf(v);
  return ps.every((p) => typeof p !== 'string' || p === '');
}

/** True when some piece is only known at run time. */
export function hasUnknown(v: Val): boolean {
  return piecesOf(v).some((p) => typeof p === 'object' && 'unknown' in p);
}

/** The known text before the first unknown piece (environment variables count as unknown here). */
export function knownPrefix(v: Val): string {
  let out = '';
  for (const p of piecesOf(v)) {
    if (typeof p !== 'string') break;
    out += p;
  }
  return out;
}

/** A name usable as a shell variable for an unknown piece (`sys.argv[1]` → `__sys_argv_1`). */
function varName(label: string): string {
  const s = label.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);
  return `__${s || 'value'}`;
}

/** Shell text for a value spliced into a shell string: unknown pieces become `$__name`. */
export function shellText(v: Val): string {
  return piecesOf(v)
    .map((p) => (typeof p === 'string' ? p : 'env' in p ? `\${${p.env}}` : `\${${varName(p.unknown)}}`))
    .join('');
}

const SAFE_WORD = /^[A-Za-z0-9_./=:@%+,~-]+$/;

/** Single-quotes text for the shell unless it needs no quotes. */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  return SAFE_WORD.test(s) && !s.startsWith('~') ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/**
 * One shell word for a value (an argument of a command): known text quoted, variables and unknown
 * pieces as `"${…}"`, and, for a pattern, its glob characters left unquoted so they still match.
 * A leading `~` stays unquoted so the shell (and the path rules) read it as the home folder.
 */
export function shellWord(v: Val): string {
  const glob = ((v.t === 'str' || v.t === 'part') && v.glob) || (v.t === 'path' && (v.p.t === 'str' || v.p.t === 'part') && !!v.p.glob);
  let out = '';
  const ps = piecesOf(v);
  ps.forEach((p, i) => {
    if (typeof p !== 'string') {
      out += 'env' in p ? `"\${${p.env}}"` : `"\${${varName(p.unknown)}}"`;
      return;
    }
    let s = p;
    if (i === 0 && (s === '~' || s.startsWith('~/'))) {
      out += '~';
      s = s.slice(1);
    }
    if (s === '') return;
    if (!glob) {
      out += SAFE_WORD.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
      return;
    }
    for (const m of s.matchAll(/([*?]+|\[[^\]/]*\])|([^*?[]+|\[)/g)) {
      if (m[1]) out += m[1];
      else if (m[2]) out += SAFE_WORD.test(m[2]) ? m[2] : `'${m[2].replace(/'/g, "'\\''")}'`;
    }
  });
  return out === '' ? "''" : out;
}

/** The items of a value used as a list (a string is a one-item list). */
export function itemsOf(v: Val): Val[] | undefined {
  if (v.t === 'list') return v.items;
  return undefined;
}

/** What a loop over the value binds: an item of a list, a file of a pattern or folder listing. */
export function elementOf(v: Val): Val {
  if (v.t === 'list') {
    if (v.items.length === 1) return v.items[0]!;
    return unknown('an item');
  }
  if ((v.t === 'str' || v.t === 'part') && v.glob) return v;
  if (v.t === 'path') return v;
  return unknown(v.t === 'unknown' && v.label ? `an item of ${v.label}` : 'an item');
}

/** The values a loop or a callback over `v` sees: each item of a short list of known items, else one element. */
export function eachOf(v: Val): Val[] {
  if (v.t === 'list' && v.items.length > 1 && v.items.length <= 8) return v.items;
  return [elementOf(v)];
}

/** True when the value is the constant `true`. */
export function isTrue(v: Val | undefined): boolean {
  return v?.t === 'const' && v.v === true;
}
