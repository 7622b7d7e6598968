/**
 * What the hook tests need of the hook judge: a launcher that cannot judge by itself, starting a
 * judge from dist/, and reading its record.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JudgeRecord } from '../../../../src/core/hooks/judge';

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
 * A copy of the launcher (dist/cli.js) alone in `dir`: with no CLI chunks beside it, it cannot
 * judge anything itself, so every answer it gives comes from a judge.
 */
export function launcherOnlyCopy(cli: string, dir: string): string {
  const copy = path.join(dir, 'cli.js');
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(cli, copy);
  return copy;
}

/** Starts `hook judge` from `cli` for the runtime folder and resolves once its record names it. */
export async function startJudge(cli: string, runtime: string, idleSeconds = 300): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cli, 'hook', 'judge', '--idle', String(idleSeconds)], { stdio: 'ignore', env: { ...process.env, XDG_RUNTIME_DIR: runtime } });
  child.unref();
  for (let i = 0; i < 300; i++) {
    if (judgeRecordIn(runtime)?.pid === child.pid) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error('the hook judge did not start within 15 s');
}
