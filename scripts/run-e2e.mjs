// End-to-end UI tests: package the extension, then run every test/e2e/*.test.mjs with Node's test
// runner. Each flow starts VS Code (code-server) normally with the .vsix installed, opens the demo
// workspace in Chromium and acts like a person (see test/e2e/lib/workbench.mjs).
//
//   npm run test:e2e
//   BLAST_RADIUS_VSIX=<file>             use this .vsix instead of packaging
//   BLAST_RADIUS_TEST_TIMEOUT=<seconds>  overall deadline (default 900)
//   node scripts/run-e2e.mjs test/e2e/status.test.mjs   only the given flows
//
// Screenshots of every step go to test-results/e2e-<flow>-<nn>-<step>.png.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureHost } from './host/install.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const timeoutMs = (Number(process.env.BLAST_RADIUS_TEST_TIMEOUT) || 900) * 1000;

function die(message) {
  process.stderr.write(`✘ ${message}\n`);
  process.exit(1);
}

function packageVsix() {
  if (process.env.BLAST_RADIUS_VSIX) return path.resolve(process.env.BLAST_RADIUS_VSIX);
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const vsix = path.join(repoRoot, 'dist-vsix', `${pkg.name}-${pkg.version}.vsix`);
  fs.rmSync(vsix, { force: true });
  process.stdout.write('packaging the extension (npm run package) ...\n');
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0 || !fs.existsSync(vsix)) die(`npm run package failed:\n${r.stdout}${r.stderr}`);
  return vsix;
}

async function main() {
  const t0 = Date.now();
  const files = process.argv.slice(2).length
    ? process.argv.slice(2)
    : fs
        .readdirSync(path.join(repoRoot, 'test', 'e2e'))
        .filter((f) => f.endsWith('.test.mjs'))
        .sort()
        .map((f) => path.join('test', 'e2e', f));
  if (files.length === 0) die('no end-to-end tests found in test/e2e/');
  const vsix = packageVsix();
  ensureHost(); // installs once, with progress, before the flows start
  for (const f of fs.existsSync(path.join(repoRoot, 'test-results')) ? fs.readdirSync(path.join(repoRoot, 'test-results')) : []) {
    if (f.startsWith('e2e-')) fs.rmSync(path.join(repoRoot, 'test-results', f), { force: true });
  }

  const child = spawn(
    process.execPath,
    ['--test', '--test-reporter=spec', '--test-concurrency=1', `--test-timeout=${Math.min(timeoutMs, 120000)}`, ...files],
    { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, BLAST_RADIUS_VSIX: vsix }, detached: true },
  );
  const killGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  // Each flow stops its own server and browser on SIGTERM; SIGKILL follows if it does not exit.
  let timedOut = false;
  const stopChild = () => {
    killGroup('SIGTERM');
    setTimeout(() => killGroup('SIGKILL'), 15000).unref();
  };
  const timer = setTimeout(() => {
    timedOut = true;
    process.stderr.write(`\n✘ end-to-end tests did not finish within ${timeoutMs / 1000}s; stopping them\n`);
    stopChild();
  }, timeoutMs);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, stopChild);
  const code = await new Promise((resolve) => child.once('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
  clearTimeout(timer);
  killGroup('SIGKILL'); // anything of the test runner's left in its group
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (timedOut || code !== 0) die(`end-to-end tests failed after ${secs}s; screenshots in test-results/`);
  process.stdout.write(`✔ end-to-end tests passed in ${secs}s; screenshots in test-results/\n`);
}

main().catch((e) => die(e instanceof Error ? e.message : String(e)));
