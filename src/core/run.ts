/**
 * Running a program without a shell, without blocking the event loop, under a time limit and an
 * output limit. Resolves with what happened; never rejects.
 *
 * The time limit is checked in two steps: when the timer fires, the kill waits one turn of the
 * event loop so an exit that is already pending is seen first. A loop that was busy (a long
 * synchronous task) must not turn a child that finished in time into a killed one with its
 * output thrown away.
 *
 * A program killed for its time, an abort or its output counts as finished when it exits, even
 * if a process it started still holds its output open (that process is left to the pipe closing
 * under it).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the program after this long (0: no limit). */
  timeoutMs?: number;
  /** Largest stdout kept; more is a failure (default 64 MiB). */
  maxBuffer?: number;
  input?: string;
  /** Kill the program when this is aborted (the result says `aborted`). */
  signal?: AbortSignal;
}

export interface RunResult {
  /** Exit code, null when killed or not started. */
  code: number | null;
  stdout: Buffer;
  stderr: Buffer;
  timedOut: boolean;
  /** The program could not be started (`ENOENT` when it does not exist). */
  spawnError?: NodeJS.ErrnoException;
  /** stdout went over `maxBuffer`. */
  overflow?: boolean;
  /** Killed because `signal` was aborted. */
  aborted?: boolean;
}

export function runBounded(file: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const max = opts.maxBuffer ?? 64 * 1024 * 1024;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    let errLen = 0;
    let timedOut = false;
    let overflow = false;
    let aborted = false;
    let done = false;
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(file, args as string[], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    } catch (e) {
      resolve({ code: null, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), timedOut: false, spawnError: e as NodeJS.ErrnoException });
      return;
    }
    const finish = (r: Omit<RunResult, 'stdout' | 'stderr' | 'timedOut'>): void => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      const result: RunResult = { ...r, stdout: Buffer.concat(out), stderr: Buffer.concat(err), timedOut };
      if (overflow) result.overflow = true;
      if (aborted) result.aborted = true;
      resolve(result);
    };
    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    const onAbort = (): void => {
      if (done) return;
      aborted = true;
      kill();
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      opts.timeoutMs && opts.timeoutMs > 0
        ? setTimeout(() => {
            setImmediate(() => {
              if (done || child.exitCode !== null || child.signalCode !== null) return;
              timedOut = true;
              kill();
            });
          }, opts.timeoutMs)
        : undefined;
    child.stdout.on('data', (d: Buffer) => {
      outLen += d.length;
      if (outLen > max) {
        overflow = true;
        kill();
        return;
      }
      out.push(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      if (errLen < 64 * 1024) err.push(d);
      errLen += d.length;
    });
    child.on('error', (e) => finish({ code: null, spawnError: e }));
    child.on('close', (code) => finish({ code }));
    // Killed (time, abort, output): done when it exits, not when its output closes — a child it
    // started (a wrapper script's `sleep`, a credential helper) may hold the pipes open far longer.
    child.on('exit', () => {
      if (!timedOut && !aborted && !overflow) return;
      child.stdout.destroy();
      child.stderr.destroy();
      finish({ code: null });
    });
    child.stdin.on('error', () => undefined); // a program that does not read its input
    child.stdin.end(opts.input ?? '');
  });
}
