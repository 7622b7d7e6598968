/**
 * Running the read-only tools the slow probes ask (`terraform show -json`, `kubectl get -o name`):
 * the binary is looked up on the command's own PATH (the shell's, not the editor's), run with
 * fixed arguments (no shell), under a timeout, with a bounded output. Never throws.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runBounded } from '../run';

export interface ToolResult {
  ok: boolean;
  stdout: string;
  /** Why it failed, in one line (`terraform is not on PATH`, `did not answer within 20 s`, git's complaint). */
  problem?: string;
  timedOut?: boolean;
}

/** The executable file `name` on `searchPath` (`:`-separated), or undefined. */
export function findOnPath(name: string, searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue; // a relative PATH entry depends on the cwd: not followed
    const file = path.join(dir, name);
    try {
      const st = fs.statSync(file);
      if (st.isFile() && (st.mode & 0o111) !== 0) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** `5 s`, `800 ms` */
export function duration(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

export interface ToolOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs: number;
  maxBuffer?: number;
  /** Stop the tool when this is aborted (a person skipped the measurement, the line was cancelled). */
  signal?: AbortSignal;
}

/** Runs `name args…` found on `env.PATH`; resolves with its output or the one-line reason it failed. */
export async function runTool(name: string, args: readonly string[], opts: ToolOptions): Promise<ToolResult> {
  const file = findOnPath(name, opts.env['PATH']);
  if (!file) return { ok: false, stdout: '', problem: `${name} is not on the PATH` };
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(opts.env)) if (v !== undefined) env[k] = v;
  const r = await runBounded(file, args, { cwd: opts.cwd, env, timeoutMs: opts.timeoutMs, maxBuffer: opts.maxBuffer ?? 256 * 1024 * 1024, ...(opts.signal ? { signal: opts.signal } : {}) });
  if (r.aborted) return { ok: false, stdout: '', problem: `${name} was stopped before it finished` };
  if (r.timedOut) return { ok: false, stdout: '', timedOut: true, problem: `${name} did not answer within ${duration(opts.timeoutMs)}` };
  if (r.code === 0 && !r.overflow) return { ok: true, stdout: r.stdout.toString('utf8') };
  if (r.overflow) return { ok: false, stdout: '', problem: `${name} printed more than the probe reads` };
  if (r.spawnError) return { ok: false, stdout: '', problem: `${name} could not be started (${r.spawnError.code ?? r.spawnError.message})` };
  const said = firstError(r.stderr.toString('utf8'));
  return { ok: false, stdout: '', problem: `${name} ${args.find((a) => !a.startsWith('-')) ?? ''} failed${said ? `: ${said.slice(0, 200)}` : ''}` };
}

/**
 * The line that says why a tool failed: its first error line (`Error: …`, `error: …`, `Error from
 * server …`, also inside terraform's boxes), else its first line. Terraform and kubectl print
 * warnings before the error, and a warning is not why it failed.
 */
function firstError(stderr: string): string | undefined {
  const lines = stripAnsi(stderr)
    .split('\n')
    .map((l) => l.replace(/^[\s│╷╵]+/, '').trim())
    .filter((l) => l !== '');
  return lines.find((l) => /^error\b/i.test(l)) ?? lines[0];
}

/** Text without terminal colour codes (ESC [ … m), which tools print even to a pipe at times. */
function stripAnsi(s: string): string {
  const ESC = String.fromCharCode(27);
  return s.split(ESC).map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, ''))).join('');
}
