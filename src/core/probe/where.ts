/**
 * Where a command of a line would run and what its path arguments name: the working directory
 * after the line's own `cd`s, `~` and relative paths resolved, shell globs expanded the way bash
 * would expand them now. Anything that depends on a variable, on input or on another machine
 * cannot be measured here, and the reason says so.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CommandContext } from '../command/rule';
import { compileGlob } from '../review/glob';
import type { ParsedLine, SimpleCommand, Word } from '../shell/model';

/** Where a command runs, or why that cannot be known here. */
export type Place = { cwd: string; home?: string } | { why: string };

/** Wrappers whose command still runs here, in this working directory (`sudo`, `env`, `bash -c`, …). */
const LOCAL_VIA = new Set(['prefix', 'shell-c', 'eval', 'heredoc', 'watch', 'busybox']);

function isPrefixOf<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a.length <= b.length && a.every((x, i) => same(x, b[i]!));
}

/** The working directory `cmd` runs in: the caller's, moved by the `cd`s that run before it in the line. */
export function placeOf(line: ParsedLine, cmd: SimpleCommand, ctx: CommandContext): Place {
  for (const v of cmd.via) {
    if (v.kind === 'remote' || v.kind === 'container') return { why: `it runs on ${v.target ? v.target : 'another machine'}` };
    if (v.kind === 'interpreter') return { why: `it runs inside ${v.program} code` };
    if (!LOCAL_VIA.has(v.kind)) return { why: `its arguments come from ${v.kind === 'find-exec' ? 'find' : v.program}` };
  }
  if (cmd.remote) return { why: 'it runs on another machine' };
  if (cmd.argsFromInput) return { why: 'its arguments come from input' };
  const home = ctx.home ?? ctx.env?.['HOME'];
  let cwd = ctx.cwd;
  if (!cwd) return { why: 'the working directory is not known' };
  for (const c of line.commands) {
    if (c.index >= cmd.index) break;
    if (c.program !== 'cd' && c.program !== 'pushd') continue;
    // A cd counts when it runs before the command in the same shell: same wrapper chain and an enclosing nesting.
    if (!isPrefixOf(c.via, cmd.via, (x, y) => x.span[0] === y.span[0] && x.span[1] === y.span[1])) continue;
    if (!isPrefixOf(c.nesting, cmd.nesting, (x, y) => x === y)) continue;
    if (c.nesting.includes('command-substitution') || c.nesting.includes('background')) continue;
    const arg = c.args.find((a) => a.text !== '--' && !(a.text.startsWith('-') && a.text.length > 1));
    if (!arg) {
      if (!home) return { why: 'cd without a folder goes home, and home is not known' };
      cwd = home;
      continue;
    }
    const to = wordPath(arg, cwd, home);
    if (!to) return { why: `the line changes folder with cd ${arg.text}, which is not known here` };
    cwd = to;
  }
  return home ? { cwd, home } : { cwd };
}

/** The absolute path a word names, or undefined when it depends on a variable or another user's home. */
export function wordPath(w: Word, cwd: string, home: string | undefined): string | undefined {
  if (w.dynamic) return undefined;
  let t = w.text;
  if (w.tilde) {
    if (!home) return undefined;
    if (t === '~') t = home;
    else if (t.startsWith('~/')) t = home + t.slice(1);
    else return undefined;
  }
  if (t === '') return undefined;
  return path.resolve(cwd, t);
}

/**
 * The paths a word expands to, as bash would expand it now: a glob in the last segment is
 * matched against the folder (dot files only when the pattern starts with a dot); no match keeps
 * the word as written. Undefined for what cannot be expanded here (variables, globs in folder
 * names, brace expansion).
 */
export function expandWord(w: Word, cwd: string, home: string | undefined): string[] | undefined {
  if (!w.glob) {
    const p = wordPath(w, cwd, home);
    return p === undefined ? undefined : [p];
  }
  if (w.dynamic || w.text.includes('{') || (w.tilde && !home)) return undefined;
  const abs = wordPath({ ...w, glob: false }, cwd, home);
  if (!abs) return undefined;
  const dir = path.dirname(abs);
  const pattern = path.basename(abs);
  if (/[*?[]/.test(dir)) return undefined;
  const re = compileGlob(pattern);
  if (!re) return undefined;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [abs];
  }
  const hidden = pattern.startsWith('.');
  const hits = names.filter((n) => (hidden || !n.startsWith('.')) && re.test(n)).sort();
  return hits.length ? hits.map((n) => path.join(dir, n)) : [abs];
}

/**
 * True when the line is this one command (with its wrappers and `cd`s) and parsed cleanly: no
 * other command of the line can change what it would lose between the check and the run.
 */
export function aloneInLine(line: ParsedLine, cmd: SimpleCommand): boolean {
  if (line.issues.length > 0) return false;
  const wrappers = cmd.via;
  return line.commands.every(
    (c) => c.index === cmd.index || c.program === 'cd' || wrappers.some((v) => v.span[0] === c.span[0] && v.span[1] === c.span[1] && v.program === c.program),
  );
}
