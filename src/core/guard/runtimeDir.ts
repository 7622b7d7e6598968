/**
 * The user's private runtime folder for Blast Radius: where the editor's discovery files
 * (discovery.ts) and the hook judge's record (core/hooks/judge.ts) live.
 *
 * `$XDG_RUNTIME_DIR/blast-radius/` when set (per-user, cleared at logout), else
 * `<tmpdir>/blast-radius-<uid>/`. The folder is 0700 and its files 0600, so only the user can
 * read the tokens in them; a folder that is not the user's own, or that others can write, is
 * not trusted.
 *
 * Kept free of node:crypto and anything heavy: the hook's launcher reads it on every tool call.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

function uid(): number {
  return typeof process.getuid === 'function' ? process.getuid() : 0;
}

/** The folder that holds this user's discovery files and records. */
export function runtimeDir(env: Env = process.env): string {
  const runtime = env['XDG_RUNTIME_DIR'];
  if (runtime && path.isAbsolute(runtime)) return path.join(runtime, 'blast-radius');
  return path.join(os.tmpdir(), `blast-radius-${uid()}`);
}

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

/** Writes `text` to `file` atomically (temporary file, then rename), readable only by the user. */
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
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ServerRecord> | null;
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
