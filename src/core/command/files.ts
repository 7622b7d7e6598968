/**
 * Files named on a command line, read or checked relative to the shell's working directory
 * (`psql -f db/reset.sql`). Never throws: a file that cannot be read comes back with the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readFileText } from './fileCache';
import type { RuleContext } from './rule';

const MAX_READ = 1 << 20;

/** Reads a text file named on the command line, relative to the working directory. */
export function readCommandFile(rc: RuleContext, file: string): { text: string; path: string } | { error: string; path: string } {
  const p = commandPath(rc, file);
  if (!p) return { error: 'the working directory is not known', path: file };
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return { error: 'it is not a regular file', path: p };
    if (st.size > MAX_READ) {
      const fd = fs.openSync(p, 'r');
      try {
        const buf = Buffer.alloc(MAX_READ);
        const n = fs.readSync(fd, buf, 0, MAX_READ, 0);
        return { text: buf.subarray(0, n).toString('utf8'), path: p };
      } finally {
        fs.closeSync(fd);
      }
    }
    return { text: fs.readFileSync(p, 'utf8'), path: p };
  } catch (e) {
    const code = (e as { code?: string }).code;
    return { error: code === 'ENOENT' ? 'it does not exist here' : code === 'EACCES' ? 'it cannot be read' : 'it could not be read', path: p };
  }
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
        if (fs.statSync(p).isFile()) return p;
      } catch {
        // not here
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
