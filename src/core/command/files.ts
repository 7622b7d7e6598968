/**
 * Files named on a command line, read or checked relative to the shell's working directory
 * (`psql -f db/reset.sql`). Never throws: a file that cannot be read comes back with the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile } from '../safeRead';
import type { RuleContext } from './rule';

const MAX_READ = 1 << 20;

/** Reads a text file named on the command line, relative to the working directory. */
export function readCommandFile(rc: RuleContext, file: string): { text: string; path: string } | { error: string; path: string } {
  let p = file;
  const home = rc.context.home ?? rc.env('HOME');
  if ((p === '~' || p.startsWith('~/')) && home) p = home + p.slice(1);
  if (!path.isAbsolute(p)) {
    const cwd = rc.context.cwd ?? rc.context.workspaceRoot;
    if (!cwd) return { error: 'the working directory is not known', path: file };
    p = path.resolve(cwd, p);
  }
  // Never opened unless it is a regular file (a FIFO named `reset.sql` must not stall the check);
  // a long file is judged on its first MAX_READ bytes.
  const r = readRegularFile(p, { maxBytes: Number.MAX_SAFE_INTEGER, limitRead: MAX_READ });
  if (r.ok) return { text: r.data.toString('utf8'), path: p };
  return { error: r.failure === 'missing' ? 'it does not exist here' : r.failure === 'not-a-file' ? `it is not a regular file (${r.reason})` : 'it could not be read', path: p };
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
