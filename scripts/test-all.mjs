// `npm test`: every check the project has, in order, stopping at the first failure.
// typecheck → lint → unit tests → .vsix contents → integration tests (real VS Code) → end-to-end UI test.
// `node scripts/test-all.mjs unit package` runs only the named steps.
import { spawnSync } from 'node:child_process';

const steps = [
  ['build', 'node', ['esbuild.js']],
  ['typecheck', 'npx', ['tsc', '-p', '.', '--noEmit']],
  ['lint', 'npx', ['eslint', '.']],
  ['unit', 'npm', ['run', '--silent', 'test:unit']],
  ['package', 'node', ['scripts/check-vsix.mjs']],
  ['integration', 'npm', ['run', '--silent', 'test:integration']],
  ['e2e', 'npm', ['run', '--silent', 'test:e2e']],
];

const only = process.argv.slice(2);
const started = Date.now();
const timings = [];
for (const [name, cmd, args] of steps) {
  if (only.length && !only.includes(name)) continue;
  process.stdout.write(`\n=== ${name} ===\n`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  timings.push(`${name} ${secs}s`);
  if (r.status !== 0) {
    process.stderr.write(`\n✘ ${name} failed (exit ${r.status ?? r.signal}) after ${secs}s\n`);
    process.exit(r.status || 1);
  }
}
process.stdout.write(`\n✔ all checks passed in ${((Date.now() - started) / 1000).toFixed(1)}s (${timings.join(', ')})\n`);
