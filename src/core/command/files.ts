/**
 * Files named on a command line, read or checked relative to the shell's working directory
 * (`psql -f db/reset.sql`). Never throws: a file that cannot be read comes back with the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile, type SafeReadFailure } from '../safeRead';
import { readFileText } from './fileCache';
import type { RuleContext } from './rule';

const MAX_READ = 1 << 20;

/** Reads a text file named on the command line, relative to the working directory. */
export function readCommandFile(rc: RuleContext, file: string): { text: string; path: string } | { error: string; path: string; failure?: SafeReadFailure } {
  const p = commandPath(rc, file);
  if (!p) return { error: 'the working directory is not known', path: file };
  // Never opened unless it is a regular file (a FIFO named `reset.sql` must not stall the check);
  // a long file is judged on its first MAX_READ bytes.
  const r = readRegularFile(p, { maxBytes: Number.MAX_SAFE_INTEGER, limitRead: MAX_READ });
  if (r.ok) return { text: r.data.toString('utf8'), path: p };
  return { error: r.failure === 'missing' ? 'it does not exist here' : r.failure === 'not-a-file' ? `it is not a regular file (${r.reason})` : 'it could not be read', path: p, failure: r.failure };
}

/** True when a file exists (relative paths against the working directory); undefined when we cannot tell. */
export function fileExists(rc: RuleContext, file: string): boolean | undefined {
  let p = file;
  if (!path.isAbsolute(p)) {
    const cwd = rc.context.cwd ?? rc.context.workspaceRoot;
    if (!cwd) return undefined;
    p = path.resolve(cwd, p);
  }
  try {
    return fs.existsSync(p);
  } catch {
    return undefined;
  }
}

/** Scripts larger than this are not read: a person is asked instead. */
export const MAX_SCRIPT_BYTES = 256 * 1024;

export type ScriptFile = { text: string; path: string } | { error: string; path: string; missing?: boolean };

/**
 * Reads a script a command runs (`bash x.sh`, a Makefile, package.json), relative to the
 * working directory. Unlike `readCommandFile`, a file over `max` bytes is not read at all (what
 * runs could be past the part read): the error says how large it is. `missing` is set when the
 * file does not exist (a command that runs it fails). The text is kept while the file's stamp
 * stays the same (./fileCache.ts).
 */
export function readScriptFile(rc: RuleContext, file: string, max = MAX_SCRIPT_BYTES): ScriptFile {
  const p = commandPath(rc, file);
  if (!p) return { error: 'the working directory is not known, so it cannot be found', path: file };
  try {
    const r = readFileText(p, max);
    if ('text' in r) return { text: r.text, path: p };
    if ('notFile' in r) return r.stats.isDirectory() ? { error: 'it is a folder', path: p, missing: true } : { error: 'it is not a regular file', path: p };
    return { error: `it is ${Math.round(Number(r.stats.size) / 1024)} KB, more than the ${Math.round(max / 1024)} KB read`, path: p };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EISDIR') return { error: 'it is a folder', path: p, missing: true };
    if (code === 'ENOENT' || code === 'ENOTDIR') return { error: 'it does not exist here', path: p, missing: true };
    return { error: code === 'EACCES' ? 'it cannot be read' : 'it could not be read', path: p };
  }
}

/** The first of `names` that exists in `dir` or, when `upward`, in a folder above it (up to the file system root). */
export function findUp(dir: string, names: readonly string[], upward: boolean): string | undefined {
  let d = dir;
  for (let i = 0; i < 64; i++) {
    for (const n of names) {
      const p = path.join(d, n);
      try {
        // not here: undefined rather than an exception (one per folder and name on the way up)
        if (fs.statSync(p, { throwIfNoEntry: false })?.isFile()) return p;
      } catch {
        // not readable here
      }
    }
    const up = path.dirname(d);
    if (!upward || up === d) return undefined;
    d = up;
  }
  return undefined;
}

/** Resolves a path named on the command line: `~` against the home folder, relative against the working directory. */
export function commandPath(rc: RuleContext, file: string): string | undefined {
  let p = file;
  const home = rc.context.home ?? rc.env('HOME');
  if ((p === '~' || p.startsWith('~/')) && home) p = home + p.slice(1);
  if (path.isAbsolute(p)) return p;
  const cwd = rc.context.cwd ?? rc.context.workspaceRoot;
  return cwd ? path.resolve(cwd, p) : undefined;
}

/** The names of the entries of a folder named on the command line (at most `max`); undefined when it cannot be read. */
export function listCommandDir(rc: RuleContext, dir: string, max = 64): string[] | undefined {
  const p = commandPath(rc, dir);
  if (!p) return undefined;
  try {
    return fs.readdirSync(p).slice(0, max);
  } catch {
    return undefined;
  }
}

/** Reads the file a word names, or says why it cannot be read (including a name only known when the command runs). */
export function readWordFile(rc: RuleContext, w: { text: string; dynamic: boolean }): { text: string; path: string } | { error: string; path: string } {
  if (w.dynamic) return { error: 'its name is not known until the command runs', path: w.text };
  return readCommandFile(rc, w.text);
}

/** The finding for code a command runs from a file that cannot be read: it cannot be judged, so a person confirms. */
export function unreadableFinding(what: string, file: string, why: string, span: readonly [number, number]): { severity: 'medium'; message: string; span: readonly [number, number]; atLeast: 'confirm'; suggestion: string } {
  return { severity: 'medium', message: `Runs the ${what} in ${file}, which cannot be checked: ${why}.`, span, atLeast: 'confirm', suggestion: 'Check what the file does before running it.' };
}
