/** Temporary folders for tests: created fresh, by their real path, and removed afterwards. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TempDir {
  /** The folder's real path (no symbolic links in it, so it compares equal to what tools print). */
  dir: string;
  /** Removes the folder and everything in it. */
  remove(): void;
}

/** A fresh temporary folder named `<prefix>XXXXXX`, removed by `remove()`. */
export function tempDir(prefix: string): TempDir {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `fn` with a fresh temporary folder and removes the folder afterwards, also when `fn` fails. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => T | Promise<T>): Promise<T> {
  const t = tempDir(prefix);
  try {
    return await fn(t.dir);
  } finally {
    t.remove();
  }
}
