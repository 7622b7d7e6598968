/**
 * Changes to files outside the repository's code that `blast-radius init` plans (agent settings,
 * git hooks): shown as a diff, confirmed on a terminal, written with a backup.
 */
import * as path from 'node:path';
import { writeSettingsChange } from '../core/hooks/installFiles';
import type { CliIO } from './io';

/** One planned change: the file's text before (null: new file) and after (null: delete it). */
export interface PlannedChange {
  file: string;
  before: string | null;
  after: string | null;
  label: string;
}

/** `file` with the home folder shown as `~`. */
export function tilde(file: string, home: string): string {
  return file === home || file.startsWith(home + path.sep) ? `~${file.slice(home.length)}` : file;
}

/** Prints a unified diff of each change. */
export async function showChanges(changes: readonly PlannedChange[], io: CliIO, home: string): Promise<void> {
  const { createTwoFilesPatch } = await import('diff');
  for (const c of changes) {
    const shown = tilde(c.file, home);
    io.out(`\n${c.label}: ${shown}${c.before === null ? ' (new file)' : c.after === null ? ' (will be deleted: nothing else was in it)' : ''}\n`);
    const patch = createTwoFilesPatch(shown, shown, c.before ?? '', c.after ?? '', '', '', { context: 3 });
    io.out(patch.split('\n').slice(2).join('\n'));
  }
}

/** Writes the changes, each changed file backed up to `<file>.bak` first. */
export function writeChanges(changes: readonly PlannedChange[], mode?: number): void {
  for (const c of changes) writeSettingsChange(c, mode);
}

/** Asks on a terminal; false (and a hint) when there is no terminal to ask on. */
export async function confirm(io: CliIO, question: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    io.out('\nNothing written. Run again with --yes to apply these changes.\n');
    return false;
  }
  const readline = await import('node:readline/promises');
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`\n${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
