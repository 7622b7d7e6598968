/**
 * A reading of `find`'s expression, enough to count what `find … -delete` would delete without
 * running find: the tests on names, paths, types, depth and emptiness, with `!`, `-a`, `-o` and
 * parentheses. A test this reader does not know (`-mtime`, `-size`, `-newer`, …) is taken as
 * true, and the count becomes an upper bound ("up to").
 */
import { compileGlob } from '../review/glob';
import type { WalkEntry } from './files';

export interface FindReading {
  /** Starting points as written. */
  starts: string[];
  /** Does an entry match (for files and links; folders are entered regardless). */
  match: (e: WalkEntry) => boolean;
  /** Some tests were not read: the count is an upper bound. */
  approximate: boolean;
  maxDepth?: number;
  minDepth?: number;
  /** -L / -follow: find follows links, the count (which does not) may be low. */
  followsLinks: boolean;
}

type Node = (e: WalkEntry) => boolean;

const GLOBAL = new Set(['-H', '-L', '-P']);
/** Options that take no value and test nothing. */
const NEUTRAL = new Set(['-depth', '-d', '-xdev', '-mount', '-ignore_readdir_race', '-noignore_readdir_race', '-daystart', '-nowarn', '-warn', '-print', '-print0', '-ls', '-delete', '-true', '-prune', '-quit', '-noleaf']);
/** Tests with one value that are not read here (true, approximate). */
const UNREAD_WITH_VALUE = new Set(['-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-newer', '-anewer', '-cnewer', '-newermt', '-size', '-user', '-group', '-uid', '-gid', '-perm', '-links', '-inum', '-samefile', '-lname', '-ilname', '-used', '-regex', '-iregex', '-regextype', '-fstype', '-context', '-printf', '-fprint', '-fprint0', '-fls']);
const UNREAD = new Set(['-nouser', '-nogroup', '-readable', '-writable', '-executable']);

/** Reads the find command's arguments; undefined when they run commands (`-exec`) or cannot be read. */
export function readFind(args: readonly string[]): FindReading | undefined {
  let i = 0;
  let followsLinks = false;
  while (i < args.length) {
    const t = args[i]!;
    if (GLOBAL.has(t) || /^-O\d$/.test(t)) {
      if (t === '-L') followsLinks = true;
      i++;
    } else if (t === '-D') i += 2;
    else break;
  }
  const starts: string[] = [];
  while (i < args.length && !args[i]!.startsWith('-') && args[i] !== '(' && args[i] !== '!' && args[i] !== ',') starts.push(args[i++]!);
  if (starts.length === 0) starts.push('.');
  const all = args.slice(i);
  // What -delete deletes: the entries for which the expression before it holds. Tests after it
  // only narrow what it prints; an `-o` before it binds tighter than this reading does.
  const del = all.indexOf('-delete');
  const tokens = del >= 0 ? all.slice(0, del) : all;
  const after = del >= 0 ? all.slice(del + 1) : [];
  const r: FindReading = { starts, match: () => true, approximate: false, followsLinks };
  let pos = 0;
  let failed = false;

  const primary = (): Node => {
    const t = tokens[pos++];
    if (t === undefined) {
      failed = true;
      return () => false;
    }
    if (t === '(' || t === '\\(') {
      const inner = orExpr();
      if (tokens[pos] === ')' || tokens[pos] === '\\)') pos++;
      else failed = true;
      return inner;
    }
    if (t === '!' || t === '-not') {
      const inner = primary();
      return (e) => !inner(e);
    }
    const value = (): string => {
      const v = tokens[pos++];
      if (v === undefined) failed = true;
      return v ?? '';
    };
    switch (t) {
      case '-name':
      case '-iname': {
        const v = value();
        const re = compileGlob(v.replace(/\//g, '\\/'));
        if (!re) failed = true;
        const ci = t === '-iname' ? new RegExp(re?.source ?? '^$', 'i') : re;
        return (e) => ci?.test(e.name) ?? false;
      }
      case '-path':
      case '-wholename':
      case '-ipath':
      case '-iwholename': {
        // find's -path: `*` also matches `/`
        const v = value();
        const src = v.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
        const re = new RegExp(`^${src}$`, t.startsWith('-i') ? 'i' : '');
        return (e) => re.test(e.shown);
      }
      case '-type':
      case '-xtype': {
        const v = value();
        const want = new Set(v.split(','));
        return (e) => (e.type === 'file' && want.has('f')) || (e.type === 'dir' && want.has('d')) || (e.type === 'link' && want.has('l'));
      }
      case '-maxdepth':
        r.maxDepth = Number(value());
        return () => true;
      case '-mindepth':
        r.minDepth = Number(value());
        return () => true;
      case '-empty':
        r.approximate = true; // an empty file would count; sizes are not read in the filter
        return () => true;
      case '-false':
        return () => false;
      case '-exec':
      case '-execdir':
      case '-ok':
      case '-okdir':
      case '-fprintf':
        failed = true;
        return () => false;
      default:
        if (NEUTRAL.has(t)) return () => true;
        if (UNREAD_WITH_VALUE.has(t)) {
          value();
          r.approximate = true;
          return () => true;
        }
        if (UNREAD.has(t)) {
          r.approximate = true;
          return () => true;
        }
        failed = true;
        return () => false;
    }
  };
  const andExpr = (): Node => {
    let left = primary();
    while (pos < tokens.length && tokens[pos] !== '-o' && tokens[pos] !== '-or' && tokens[pos] !== ')' && tokens[pos] !== '\\)' && tokens[pos] !== ',') {
      if (tokens[pos] === '-a' || tokens[pos] === '-and') pos++;
      const l = left;
      const right = primary();
      left = (e) => l(e) && right(e);
    }
    return left;
  };
  const orExpr = (): Node => {
    let left = andExpr();
    while (tokens[pos] === '-o' || tokens[pos] === '-or') {
      pos++;
      const l = left;
      const right = andExpr();
      left = (e) => l(e) || right(e);
    }
    return left;
  };
  const expr = tokens.length ? orExpr() : () => true;
  if (pos < tokens.length || failed) return undefined;
  if (after.some((t) => !NEUTRAL.has(t)) || tokens.includes('-o') || tokens.includes('-or')) r.approximate = true;
  if (after.some((t) => t.startsWith('-exec') || t.startsWith('-ok'))) return undefined;
  const minDepth = r.minDepth;
  r.match = minDepth === undefined ? expr : (e) => e.depth >= minDepth && expr(e);
  return r;
}
