// Runs every benchmark bundle (out/bench/*.js, built by `node esbuild.js --tests`) one after the
// other and prints their tables. Exits non-zero when a benchmark reports a missed target.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.env.BLAST_RADIUS_OUT ?? path.join(root, 'out'), 'bench');
if (!fs.existsSync(dir)) {
  process.stderr.write(`No benchmarks in ${dir}; run 'node esbuild.js --tests' first.\n`);
  process.exit(1);
}
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort();
const failed = [];
for (const f of files) {
  process.stdout.write(`\n== ${f.replace(/\.js$/, '')} ==\n`);
  const r = spawnSync(process.execPath, [path.join(dir, f)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed.push(f);
}
process.stdout.write(`\n${files.length - failed.length}/${files.length} benchmarks met their targets${failed.length ? ` (missed: ${failed.join(', ')})` : ''}\n`);
process.exit(failed.length ? 1 : 0);
