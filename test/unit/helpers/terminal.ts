/**
 * Running a command the way a person does at a terminal: in a pseudo-terminal that is also its
 * controlling terminal (util-linux `script`, in Debian's essential bsdutils). `blast-radius
 * approve` refuses to write a record anywhere else (src/core/guard/proof.ts, notAPerson).
 */
import { spawnSync } from 'node:child_process';

export interface TerminalRun {
  code: number | null;
  /** What the terminal showed: stdout and stderr together, without carriage returns. */
  out: string;
}

/** Single-quotes a word for sh. */
export function shQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Runs `argv` in a pseudo-terminal and waits for it; the exit code is the command's. */
export function runAtTerminal(argv: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): TerminalRun {
  const r = spawnSync('script', ['-qec', argv.map(shQuote).join(' '), '/dev/null'], { cwd: options.cwd, env: options.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: r.status, out: `${r.stdout}${r.stderr}`.replace(/\r/g, '') };
}
