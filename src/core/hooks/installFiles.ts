/**
 * Reading and writing the agents' settings files for `init` and the editor's setup command:
 * each changed file is copied to `<file>.bak` first and replaced atomically; a `null` new text
 * deletes the file (after the backup).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The file's text, or null when it does not exist. Throws for other errors (unreadable file). */
export function readSettingsText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export interface SettingsChange {
  file: string;
  /** The text the plan was made from (null: the file did not exist). */
  before: string | null;
  /** The new text (null: delete the file). */
  after: string | null;
}

/** Writes one change: backup, then an atomic replace (or the removal). */
export function writeSettingsChange(c: SettingsChange, mode?: number): void {
  fs.mkdirSync(path.dirname(c.file), { recursive: true });
  if (c.before !== null && fs.existsSync(c.file)) fs.copyFileSync(c.file, `${c.file}.bak`);
  if (c.after === null) {
    fs.rmSync(c.file, { force: true });
    return;
  }
  const tmp = `${c.file}.blast-radius-${process.pid}.tmp`;
  fs.writeFileSync(tmp, c.after, mode === undefined ? undefined : { mode });
  if (mode !== undefined) fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, c.file);
}
