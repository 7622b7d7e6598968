/**
 * What the hook tests need of the hook judge: a launcher that cannot judge by itself, starting a
 * judge from dist/, and reading its record.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JudgeRecord } from '../../../../src/core/hooks/judge';

/**
 * For tests of what the hook answers (its time budget has its own tests in
 * test/unit/security/budget.test.ts): the longest budget, so that a loaded machine does not turn
 * an answer into the fail-closed one.
 */
export const ROOMY_BUDGET = { BLAST_RADIUS_HOOK_BUDGET: '20' } as const;

/** The judge record in a runtime folder (XDG_RUNTIME_DIR), whatever its build; undefined while there is none or it is being written. */
export function judgeRecordIn(runtime: string): JudgeRecord | undefined {
  const dir = path.join(runtime, 'blast-radius');
  const f = fs.existsSync(dir) ? fs.readdirSync(dir).find((n) => /^hook-judge-[^.]+\.json$/.test(n)) : undefined;
  if (!f) return undefined;
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as JudgeRecord;
  } catch {
    return undefined;
  }
}

/**
 * The node arguments that run the launcher (dist/cli.js) alone in `dir`: a link to it, run with
 * `--preserve-symlinks-main` so that it looks for its CLI chunks in `dir`, where there are none.
 * It cannot judge anything itself (nor can the child it would judge with), so every answer it
 * gives comes from a judge; and since the link's real path is the launcher's, /proc proves the
 * judge of dist/ to it as a judge of this very CLI.
 */
export function launcherOnlyArgs(cli: string, dir: string): string[] {
  const link = path.join(dir, 'cli.js');
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(link, { force: true });
  fs.symlinkSync(cli, link);
  return ['--preserve-symlinks-main', link];
}

/**
 * Starts `hook judge` from `cli` for the runtime folder and resolves once its record names it.
 * `nodeArgs` go before the script, `env` into its environment (the attack suite starts judges
 * that must not be believed).
 */
export async function startJudge(cli: string, runtime: string, idleSeconds = 300, options: { env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), cli, 'hook', 'judge', '--idle', String(idleSeconds)], {
    stdio: 'ignore',
    env: { ...process.env, XDG_RUNTIME_DIR: runtime, ...options.env },
  });
  child.unref();
  for (let i = 0; i < 300; i++) {
    if (judgeRecordIn(runtime)?.pid === child.pid) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error('the hook judge did not start within 15 s');
}
