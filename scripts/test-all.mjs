// `npm test`: every check the project has, in order, stopping at the first failure.
// typecheck → lint → VS Code host → unit tests → .vsix contents → integration tests (real VS Code) → end-to-end UI test.
// `node scripts/test-all.mjs unit package` runs only the named steps.
//
// The test steps' output is passed through as it comes and read for their counts, so the run ends
// with one line that adds them up: "tests: N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const steps = [
  ['build', 'node', ['esbuild.js']],
  ['typecheck', 'npx', ['tsc', '-p', '.', '--noEmit']],
  ['lint', 'npx', ['eslint', '.']],
  // The VS Code host first: a unit suite checks the bash guard under VS Code's own shell
  // integration script, which ships with the host (installed once, then reused from the cache).
  ['host', 'node', ['scripts/host/install.mjs']],
  ['unit', 'npm', ['run', '--silent', 'test:unit']],
  ['package', 'node', ['scripts/check-vsix.mjs']],
  ['integration', 'npm', ['run', '--silent', 'test:integration']],
  ['e2e', 'npm', ['run', '--silent', 'test:e2e']],
];

/** Counts printed by node's test runner (spec: "ℹ pass 3", TAP: "# pass 3") and by mocha ("3 passing, 0 failing"). */
const COUNTERS = [
  [/^(?:ℹ|#) pass (\d+)\s*$/, 'passed'],
  [/^(?:ℹ|#) fail (\d+)\s*$/, 'failed'],
  [/^\s*(\d+) passing\b/, 'passed'],
  [/^\s*(\d+) failing\b/, 'failed'],
  [/\b(\d+) failing,/, 'failed'],
];

function run(cmd, args, totals) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['inherit', 'pipe', 'pipe'] });
    const scan = (stream, out) => {
      let rest = '';
      stream.on('data', (chunk) => {
        out.write(chunk);
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) count(line, totals);
      });
      stream.on('end', () => count(rest, totals));
    };
    scan(child.stdout, process.stdout);
    scan(child.stderr, process.stderr);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function count(line, totals) {
  for (const [re, key] of COUNTERS) {
    const m = re.exec(line);
    if (m) totals[key] += Number(m[1]);
  }
}

/**
 * The agent hook runs in the integration tests start the hook judge in the background, in this
 * user's runtime folder: stop it at the end rather than leave it to its idle time.
 */
function stopHookJudge() {
  const cli = path.join(root, 'dist', 'cli.js');
  if (fs.existsSync(cli)) spawnSync(process.execPath, [cli, 'hook', 'judge', '--stop'], { stdio: 'ignore' });
}

const only = process.argv.slice(2);
const started = Date.now();
const timings = [];
const totals = { passed: 0, failed: 0 };
for (const [name, cmd, args] of steps) {
  if (only.length && !only.includes(name)) continue;
  process.stdout.write(`\n=== ${name} ===\n`);
  const t0 = Date.now();
  const status = await run(cmd, args, totals);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  timings.push(`${name} ${secs}s`);
  if (status !== 0) {
    process.stderr.write(`\n✘ ${name} failed (exit ${status}) after ${secs}s\n`);
    process.stdout.write(`tests: ${totals.passed} passed, ${Math.max(totals.failed, 1)} failed\n`);
    stopHookJudge();
    process.exit(status || 1);
  }
}
stopHookJudge();
process.stdout.write(`\n✔ all checks passed in ${((Date.now() - started) / 1000).toFixed(1)}s (${timings.join(', ')})\n`);
process.stdout.write(`tests: ${totals.passed} passed, ${totals.failed} failed\n`);
