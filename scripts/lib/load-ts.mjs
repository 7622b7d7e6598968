// Loads a TypeScript module of the repository for a script: bundled in memory with esbuild
// (CommonJS, node20) and evaluated, with `require` resolving from the repository root. Nothing
// is written.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The exports of `entry` (a path relative to the repository root). */
export async function loadTs(entry) {
  const result = await esbuild.build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'error',
  });
  const mod = { exports: {} };
  const require = createRequire(path.join(root, 'package.json'));
  new Function('module', 'exports', 'require', '__dirname', '__filename', result.outputFiles[0].text)(mod, mod.exports, require, root, path.join(root, entry));
  return mod.exports;
}
