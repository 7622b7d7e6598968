/**
 * Runs the built CLI (`dist/cli.js`) as an agent or a person would, with a kill timer: an attack
 * on the guard's time (a FIFO, a catastrophic expression, input nested thousands of levels deep)
 * is held when the process answers within its budget. The test fails when the timer had to kill
 * it, whatever the process would have answered after. Not a timing assertion: the budget is
 * generous (the attacks it catches hang for minutes or forever).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { startJudge } from '../../hooks/helpers/judge';
import { repoRoot } from '../../helpers/paths';
import { tempDir, type TempDir } from '../../helpers/tmp';

export const CLI = path.join(repoRoot, 'dist', 'cli.js');

/** Time a process may take before it is killed: far above a normal answer, far below a hang. */
export const BUDGET_MS = 30_000;

export interface Budgeted {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when the kill timer ended it: the attack stalled the guard. */
  killed: boolean;
}

export interface RunOptions {
  cwd: string;
  input?: string;
  env?: Readonly<Record<string, string>>;
  budgetMs?: number;
}

/** `node dist/cli.js …args`, killed (SIGKILL) when it outlives its budget. */
export function runCli(args: readonly string[], o: RunOptions): Promise<Budgeted> {
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run `node esbuild.js` first');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: o.cwd,
      // no editor and no background judge unless a case asks for one: the process judges itself
      env: { ...process.env, CLAUDE_PROJECT_DIR: '', GEMINI_PROJECT_DIR: '', BLAST_RADIUS_HOOK_JUDGE: 'off', ...o.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, o.budgetMs ?? BUDGET_MS);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, killed });
    });
    child.stdin.on('error', () => undefined); // a process that exits before reading all of it
    child.stdin.end(o.input ?? '');
  });
}

/** The permission decision of a Claude Code hook answer ('allow' when it has no objection). */
export function claudeDecision(stdout: string): string {
  if (stdout.trim() === '') return 'allow';
  const v = JSON.parse(stdout) as { hookSpecificOutput?: { permissionDecision?: string } };
  return v.hookSpecificOutput?.permissionDecision ?? 'allow';
}

/** A Claude Code PreToolUse payload. */
export function claudePayload(cwd: string, tool: string, input: Record<string, unknown>): string {
  return JSON.stringify({ session_id: 's', transcript_path: '/dev/null', cwd, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input, tool_use_id: 't' });
}

/** What an attack file shares: a temporary folder, and a hook judge of dist/ for its runtime folder. */
export interface Workbench {
  /** The temporary folder (set once `before` ran). */
  dir: string;
  /** XDG_RUNTIME_DIR of the running judge. */
  runtime: string;
  /** A fresh folder for one case. */
  caseDir(): string;
}

/** Registers `before`/`after` hooks that make the temporary folder, start a judge, and clean both up. */
export function workbench(prefix: string, cleanup: () => void = () => undefined): Workbench {
  let temp: TempDir | undefined;
  let judge: ChildProcess | undefined;
  let count = 0;
  const bench: Workbench = {
    dir: '',
    runtime: '',
    caseDir: () => {
      const d = path.join(bench.dir, `case-${++count}`);
      fs.mkdirSync(d);
      return d;
    },
  };
  before(async () => {
    temp = tempDir(prefix);
    bench.dir = temp.dir;
    bench.runtime = path.join(temp.dir, 'run');
    fs.mkdirSync(bench.runtime, { mode: 0o700 });
    judge = await startJudge(CLI, bench.runtime);
  });
  after(() => {
    cleanup();
    if (judge?.pid) process.kill(judge.pid);
    temp?.remove();
  });
  return bench;
}
