/**
 * Running git, for the parts of the core and the CLI that read a repository (sign-off, the
 * `check-edit --git` mode). Git runs with fixed arguments (no shell), output is read as bytes,
 * and a failure becomes a `GitError` with one line saying what went wrong.
 */
import { execFileSync } from 'node:child_process';
import { runBounded } from './run';

export class GitError extends Error {
  constructor(
    message: string,
    /** True when git itself could not be started (not installed, not on PATH). */
    readonly notInstalled = false,
  ) {
    super(message);
  }
}

export interface GitRunner {
  (cwd: string, args: readonly string[], input?: string): Buffer;
}

/** The environment git runs in: no optional locks (never rewrites the index), C messages. */
function gitEnv(): NodeJS.ProcessEnv {
  // Replacement objects (git replace) would let a local ref swap what a commit or tree contains.
  return { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', GIT_NO_REPLACE_OBJECTS: '1' };
}

/** A failed git run as a GitError with git's first line of complaint. */
function gitFailure(e: unknown, args: readonly string[]): GitError {
  const err = e as { code?: string; stderr?: Buffer };
  if (err.code === 'ENOENT') return new GitError('git is not installed or not on PATH; install git and try again.', true);
  const msg = (err.stderr?.toString('utf8') ?? '').trim().split('\n')[0] ?? '';
  return new GitError(`git ${args[0] ?? ''} failed: ${msg || 'unknown error'}`);
}

/** Runs git; throws GitError with git's first line of complaint. */
export const runGit: GitRunner = (cwd, args, input) => {
  try {
    return execFileSync('git', args as string[], {
      cwd,
      input,
      maxBuffer: 1024 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: gitEnv(),
    });
  } catch (e) {
    throw gitFailure(e, args);
  }
};

export interface GitAsyncOptions {
  /** Kill git and reject after this long. */
  timeoutMs?: number;
  /** Largest output accepted (default 64 MiB); more is a failure. */
  maxBuffer?: number;
}

/** Runs git without blocking the event loop; rejects with a GitError (also on timeout). */
export async function runGitAsync(cwd: string, args: readonly string[], opts: GitAsyncOptions = {}): Promise<Buffer> {
  const r = await runBounded('git', args, { cwd, env: gitEnv(), timeoutMs: opts.timeoutMs ?? 0, maxBuffer: opts.maxBuffer ?? 64 * 1024 * 1024 });
  if (r.code === 0 && !r.timedOut && !r.overflow) return r.stdout;
  if (r.spawnError?.code === 'ENOENT') throw new GitError('git is not installed or not on PATH; install git and try again.', true);
  if (r.timedOut) throw new GitError(`git ${args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? ''} did not answer within ${opts.timeoutMs} ms`);
  if (r.overflow) throw new GitError(`git ${args[0] ?? ''} printed more than the probe reads`);
  throw gitFailure({ stderr: r.stderr }, args);
}

export type ChangeStatus = 'created' | 'modified' | 'deleted' | 'renamed';

export interface ChangedFile {
  path: string;
  oldPath?: string;
  change: ChangeStatus;
}

/** The entries of `git diff --name-status -z` output, in git's order (a copy counts as created). */
export function parseNameStatus(raw: string): ChangedFile[] {
  const parts = raw.split('\0');
  const out: ChangedFile[] = [];
  for (let i = 0; i < parts.length; ) {
    const status = parts[i++];
    if (!status) continue;
    const code = status[0];
    if (code === 'R' || code === 'C') {
      const oldPath = parts[i++]!;
      const p = parts[i++]!;
      out.push(code === 'R' ? { path: p, oldPath, change: 'renamed' } : { path: p, change: 'created' });
    } else {
      const p = parts[i++]!;
      out.push({ path: p, change: code === 'A' ? 'created' : code === 'D' ? 'deleted' : 'modified' }); // M, T, U: modified
    }
  }
  return out;
}

/** Sorts files by path (byte order, as git lists them). */
export function byPath<T extends { path: string }>(files: T[]): T[] {
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Contents of many `rev:path` objects with one `git cat-file --batch`; missing or not a file → null. */
export function readBlobs(root: string, specs: readonly string[], git: GitRunner = runGit): Map<string, Buffer | null> {
  const out = new Map<string, Buffer | null>();
  const asked = specs.filter((s) => !s.includes('\n'));
  for (const s of specs) if (s.includes('\n')) out.set(s, null);
  if (asked.length === 0) return out;
  const buf = git(root, ['cat-file', '--batch'], `${asked.join('\n')}\n`);
  let pos = 0;
  for (const s of asked) {
    const nl = buf.indexOf(10, pos);
    if (nl === -1) {
      out.set(s, null);
      continue;
    }
    const header = buf.subarray(pos, nl).toString('utf8');
    pos = nl + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) {
      out.set(s, null);
      continue;
    }
    const size = Number(m[2]);
    out.set(s, m[1] === 'blob' ? Buffer.from(buf.subarray(pos, pos + size)) : null);
    pos += size + 1;
  }
  return out;
}
