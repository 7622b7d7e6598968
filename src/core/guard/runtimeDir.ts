/**
 * The user's private runtime folder for Blast Radius, and the one place that names every file
 * kept there:
 *
 * - the editor's discovery files, one per workspace folder (discovery.ts);
 * - the hook judge's record and its start marker, one per build (core/hooks/judge.ts);
 * - each editor window's server file, which the shell guards read to reconnect (env.ts);
 * - the bash guard's line files (media/guard/bash-guard.sh; the extension prunes them).
 *
 * The rules that catch an agent writing these files (the edit rule cicd.guard-runtime-changed,
 * the command rule guard.hook-files) recognise them with RUNTIME_RECORD_RE, so a record named
 * here is covered by both.
 *
 * `$XDG_RUNTIME_DIR/blast-radius/` when set (per-user, cleared at logout), else
 * `<tmpdir>/blast-radius-<uid>/`. The folder is 0700 and its files 0600, so only the user can
 * read the tokens in them; a folder that is not the user's own, or that others can write, is
 * not trusted.
 *
 * Kept free of node:crypto and anything heavy: the hook's launcher reads it on every tool call.
 * The keys in the names are hashes the callers compute.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRegularText } from '../safeRead';

export type Env = Readonly<Record<string, string | undefined>>;

function uid(): number {
  return typeof process.getuid === 'function' ? process.getuid() : 0;
}

/** The folder's name: `blast-radius` in $XDG_RUNTIME_DIR, `blast-radius-<uid>` in the temporary folder. */
const FOLDER = 'blast-radius';

/** The folder that holds this user's discovery files and records. */
export function runtimeDir(env: Env = process.env): string {
  const runtime = env['XDG_RUNTIME_DIR'];
  if (runtime && path.isAbsolute(runtime)) return path.join(runtime, FOLDER);
  return path.join(os.tmpdir(), `${FOLDER}-${uid()}`);
}

// ---------------------------------------------------------------------------------------------
// The records, by name

/** Hex digits of the workspace hash in a discovery file's name. */
const DISCOVERY_KEY_DIGITS = 24;
/** Hex digits of the window hash in a server file's name. */
const SERVER_KEY_DIGITS = 20;
const JUDGE_PREFIX = 'hook-judge-';

/** An editor's discovery file for one workspace folder: `<key>.json`, `key` from a hex hash of the folder's real path. */
export function discoveryRecordName(hashHex: string): string {
  return `${hashHex.slice(0, DISCOVERY_KEY_DIGITS)}.json`;
}

/** The hook judge's record for one build: `hook-judge-<build>.json`. */
export function judgeRecordName(build: string): string {
  return `${JUDGE_PREFIX}${build.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64) || 'dev'}.json`;
}

/** The marker a launcher leaves while it starts a judge: the judge's record name and this. */
export const JUDGE_STARTING_SUFFIX = '.starting';

/**
 * One editor window's server file: `server-<key>`, `key` from a hex hash of the window's
 * workspace. It holds `BR1 <port> <token>` (serverFileText), a line the shell guards read with
 * their own builtins, so not JSON.
 */
export function windowServerFileName(hashHex: string): string {
  return `server-${hashHex.slice(0, SERVER_KEY_DIGITS)}`;
}

/** What a window's server file says. */
export function serverFileText(port: number, token: string): string {
  return `BR1 ${port} ${token}\n`;
}

/** A window's server file read back (what the shells read with their builtins); undefined when missing or malformed. */
export function readServerFile(file: string): { port: number; token: string } | undefined {
  try {
    if (!fs.lstatSync(file).isFile()) return undefined;
    const m = /^BR1 (\d{1,5}) ([A-Za-z0-9_-]+)\n?$/.exec(fs.readFileSync(file, 'utf8'));
    return m ? { port: Number(m[1]), token: m[2]! } : undefined;
  } catch {
    return undefined;
  }
}

/** An editor's discovery file, by name (discoveryRecordName). */
export const DISCOVERY_FILE_RE = new RegExp(`^[0-9a-f]{${DISCOVERY_KEY_DIGITS}}\\.json$`);

/**
 * The bash guard's line file, `bash-<pid>.line` (media/guard/bash-guard.sh writes it in this
 * folder, or in $XDG_RUNTIME_DIR): the shell's history line, read back without a fork. The
 * pid is the first group.
 */
export const SHELL_LINE_FILE_RE = /^bash-(\d+)\.line$/;

/**
 * A path to a record that tells the hooks and the shells which server decides (a discovery
 * file, a judge record or its start marker, a window server file, or one of them being
 * written) in a Blast Radius runtime folder, wherever that folder is.
 */
export const RUNTIME_RECORD_RE = new RegExp(
  `(?:^|/)${FOLDER}(?:-\\d+)?/(?:[0-9a-f]{${DISCOVERY_KEY_DIGITS}}\\.json|${JUDGE_PREFIX}[^/]+|server-[0-9a-f]{${SERVER_KEY_DIGITS}})(?:\\.\\d+\\.tmp)?$`,
);

/** True when the folder is ours and nobody else can write to it (POSIX); always true on Windows. */
export function trustedDir(dir: string): boolean {
  if (process.platform === 'win32') return true;
  try {
    const st = fs.statSync(dir);
    return st.isDirectory() && st.uid === uid() && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** Creates the runtime folder (0700) if needed; throws when it is not a private folder of this user. */
export function ensureRuntimeDir(env: Env = process.env): string {
  const dir = runtimeDir(env);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') fs.chmodSync(dir, 0o700);
  if (!trustedDir(dir)) throw new Error(`${dir} is not a private folder of this user`);
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Reading and writing them

/** Writes `text` to `file` atomically (temporary file `<file>.<pid>.tmp`, then rename), readable only by the user. */
export function writePrivateFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** What every record of a server in the runtime folder says: where it listens, its token, its process. */
export interface ServerRecord {
  version: 1;
  host: string;
  port: number;
  token: string;
  pid: number;
}

/** A record file with the fields of `ServerRecord` (and whatever else it holds); undefined when missing or malformed. */
export function readServerRecord(file: string): (ServerRecord & Record<string, unknown>) | undefined {
  // a record is a few hundred bytes; anything else in its place (a FIFO) is never opened
  const r = readRegularText(file, { maxBytes: 64 * 1024, followSymlinks: false });
  if (!r.ok) return undefined;
  try {
    const v = JSON.parse(r.text) as Partial<ServerRecord> | null;
    if (!v || v.version !== 1 || typeof v.host !== 'string' || typeof v.port !== 'number' || typeof v.token !== 'string' || typeof v.pid !== 'number') return undefined;
    return v as ServerRecord & Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Removes a record file, only when it names `pid` (another process may have taken it over). */
export function removeServerRecord(file: string, pid: number): void {
  if (readServerRecord(file)?.pid === pid) fs.rmSync(file, { force: true });
}

/** True while the process exists (including one of another user's that we may not signal). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
