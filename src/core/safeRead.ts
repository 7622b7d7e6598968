/**
 * Reading a file whose path an agent may control, without ever hanging on it or reading what is
 * not a file: a FIFO (opening it for reading blocks until someone writes; reading it blocks
 * forever), a socket, a device (`/dev/zero` never ends, a tape rewinds when opened), a folder.
 *
 * - The path is looked at first (`lstat`, then `stat` through a symbolic link when links are
 *   followed): anything but a regular file is refused without being opened.
 * - It is then opened with `O_NONBLOCK` (so even a path swapped for a FIFO in between cannot
 *   block the open) and, when links are not followed, `O_NOFOLLOW`; the open file is checked
 *   again (`fstat`): a regular file, no larger than the limit. Only then is it read, never more
 *   than the size it had when it was opened.
 *
 * Never throws: a path that cannot be read comes back with the reason, in words.
 */
import * as fs from 'node:fs';

export type SafeReadFailure = 'missing' | 'not-a-file' | 'too-large' | 'unreadable';

export type SafeRead =
  | { ok: true; data: Buffer; size: number }
  | { ok: false; failure: SafeReadFailure; reason: string };

export interface SafeReadOptions {
  /** Larger files are refused (`too-large`). */
  maxBytes: number;
  /** Follow a symbolic link to a regular file (default true); false refuses links (`O_NOFOLLOW`). */
  followSymlinks?: boolean;
  /** Read at most this many bytes of a larger file (the start of it) instead of refusing it. */
  limitRead?: number;
}

const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/** What a non-regular file is, for the reason. */
export function kindOf(st: fs.Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isDirectory()) return 'a folder';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function fail(failure: SafeReadFailure, reason: string): SafeRead {
  return { ok: false, failure, reason };
}

function errorReason(e: unknown): SafeRead {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return fail('missing', 'it does not exist');
  if (code === 'ELOOP') return fail('not-a-file', 'it is a symbolic link');
  if (code === 'EACCES' || code === 'EPERM') return fail('unreadable', 'permission denied');
  return fail('unreadable', `it could not be read (${code ?? (e instanceof Error ? e.message : String(e))})`);
}

/** Reads a regular file (see the module comment). */
export function readRegularFile(file: string, options: SafeReadOptions): SafeRead {
  const follow = options.followSymlinks ?? true;
  let fd: number | undefined;
  try {
    let st = fs.lstatSync(file);
    if (st.isSymbolicLink()) {
      if (!follow) return fail('not-a-file', 'it is a symbolic link');
      st = fs.statSync(file);
    }
    if (!st.isFile()) return fail('not-a-file', `it is ${kindOf(st)}`);
    if (st.size > options.maxBytes) return fail('too-large', `it is larger than ${options.maxBytes} bytes (${st.size})`);
    fd = fs.openSync(file, fs.constants.O_RDONLY | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW));
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) return fail('not-a-file', `it is ${kindOf(opened)}`);
    if (opened.size > options.maxBytes) return fail('too-large', `it is larger than ${options.maxBytes} bytes (${opened.size})`);
    const buf = Buffer.alloc(Math.min(opened.size, options.maxBytes, options.limitRead ?? Number.MAX_SAFE_INTEGER));
    let n = 0;
    while (n < buf.length) {
      const got = fs.readSync(fd, buf, n, buf.length - n, n);
      if (got === 0) break;
      n += got;
    }
    return { ok: true, data: n === buf.length ? buf : buf.subarray(0, n), size: n };
  } catch (e) {
    return errorReason(e);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The same, as UTF-8 text. */
export function readRegularText(file: string, options: SafeReadOptions): { ok: true; text: string } | { ok: false; failure: SafeReadFailure; reason: string } {
  const r = readRegularFile(file, options);
  return r.ok ? { ok: true, text: r.data.toString('utf8') } : r;
}

/** True when something is at the path (a link to nothing counts; what it is, reading says). Never opens it. */
export function pathExists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
