// Runs the mocha integration tests (out/integration/index.js) inside a real VS Code.
//
//   npm run test:integration             builds, then runs this
//   BLAST_RADIUS_TEST_HOST=electron      desktop VS Code via @vscode/test-electron (downloads VS Code into
//                                        .vscode-test/; BLAST_RADIUS_VSCODE_VERSION picks the version,
//                                        default stable; on a headless Linux run it under xvfb-run -a)
//   (default)                            VS Code 1.100.3 from code-server + Debian Chromium, offline
//   BLAST_RADIUS_TEST_GREP=<regex>       only tests whose full title matches
//   BLAST_RADIUS_TEST_TIMEOUT=<seconds>  overall deadline (default 900)
//   BLAST_RADIUS_OUT=<dir>               where the test bundles were built (default out/)
//
// Mocha's results stream to this terminal (the tests write them to a file named in the extension
// host's environment). Exit code: 0 when every test passed, non-zero otherwise; on failure or
// timeout a screenshot of the workbench is saved to test-results/integration-failure.png.
import fs from 'node:fs';
import path from 'node:path';
import { ensureHost } from './host/install.mjs';
import {
  cleanupAll,
  freePort,
  launchBrowser,
  makeDemoWorkspace,
  remoteUri,
  repoRoot,
  resultsDir,
  screenshot,
  startServer,
  BASE_SETTINGS,
  tail,
  tempDir,
  withDeadline,
  workbenchUrl,
} from './host/session.mjs';

const hostKind = process.env.BLAST_RADIUS_TEST_HOST || 'code-server';
const timeoutMs = (Number(process.env.BLAST_RADIUS_TEST_TIMEOUT) || 900) * 1000;
const outDir = process.env.BLAST_RADIUS_OUT ? path.resolve(process.env.BLAST_RADIUS_OUT) : path.join(repoRoot, 'out');
const testsIndex = path.join(outDir, 'integration', 'index.js');
const FAILURE_SHOT = 'integration-failure';

function fail(message) {
  process.stderr.write(`✘ ${message}\n`);
  process.exitCode = 1;
}

/**
 * Prints what the tests append to `file` as it arrives and calls `onLine` for each line; returns
 * a function that flushes and stops.
 */
function streamFile(file, onLine = () => {}) {
  let offset = 0;
  let partial = '';
  const pump = () => {
    let fd;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size > offset) {
        const buf = Buffer.alloc(size - offset);
        fs.readSync(fd, buf, 0, buf.length, offset);
        offset = size;
        const text = buf.toString('utf8');
        process.stdout.write(text.replace(/^(?=.)/gm, '  '));
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        lines.forEach(onLine);
      }
    } finally {
      fs.closeSync(fd);
    }
  };
  const timer = setInterval(pump, 200);
  return () => {
    clearInterval(timer);
    pump();
  };
}

/** True when the tests' output ends in a summary that counts at least one pass and no failure. */
function summaryOk(file) {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const m = /^(\d+) passing, (\d+) failing/m.exec(text);
  return Boolean(m && Number(m[1]) > 0 && Number(m[2]) === 0);
}

async function runInCodeServer(session, host) {
  const port = await freePort();
  const serverLog = path.join(session.dir, 'server.log');
  process.stdout.write(`host: code-server ${host.version} (VS Code ${host.vscodeVersion}) on 127.0.0.1:${port}\n`);
  const server = await startServer({
    host,
    port,
    userDataDir: path.join(session.dir, 'user-data'),
    extensionsDir: path.join(session.dir, 'extensions'),
    workspace: session.workspace,
    env: session.env,
    logFile: serverLog,
  });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const workbenchLog = [];
  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  // The workbench reports through these two functions in test mode; they must exist before it loads.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    workbenchLog.push(`[${type}] ${Array.isArray(args) ? args.map(String).join(' ') : String(args)}`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  page.on('pageerror', (e) => workbenchLog.push(`[pageerror] ${e.message}`));
  page.on('crash', () => resolveExit(70));

  const payload = [
    ['extensionDevelopmentPath', remoteUri(server, repoRoot)],
    ['extensionTestsPath', remoteUri(server, testsIndex)],
    ['skipWelcome', 'true'],
  ];
  let shot;
  // screenshot at the first failing test, while the workbench still shows what that test left
  session.onLine = (line) => {
    if (!shot && /^\s*✘ /.test(line)) shot = screenshot(page, FAILURE_SHOT);
  };
  const saveEvidence = async () => {
    shot = await (shot ?? screenshot(page, FAILURE_SHOT));
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(path.join(resultsDir, 'integration-workbench.log'), `${workbenchLog.join('\n')}\n`);
    fs.copyFileSync(serverLog, path.join(resultsDir, 'integration-server.log'));
    process.stderr.write(`screenshot: ${shot ?? '(none)'}\nlogs: test-results/integration-workbench.log, test-results/integration-server.log\n`);
  };
  session.onTimeout = saveEvidence;
  await page.goto(workbenchUrl(server, session.workspace, payload));
  const code = await exited;
  if (code !== 0 || !summaryOk(session.env.BLAST_RADIUS_TEST_OUTPUT)) {
    await saveEvidence();
    // the extension gallery is unreachable offline: those errors are expected noise
    const errors = workbenchLog
      .filter((l) => l.startsWith('[error]') && !/gallery|marketplace|open-vsx/i.test(l))
      .map((l) => l.split('\n').slice(0, 12).join('\n'));
    if (errors.length) process.stderr.write(`workbench errors (last 10):\n${errors.slice(-10).join('\n')}\n`);
    if (code !== 0 && !fs.existsSync(session.env.BLAST_RADIUS_TEST_OUTPUT)) {
      process.stderr.write(`no test output; code-server log tail:\n${tail(serverLog, 20)}\n`);
    }
  }
  return code;
}

async function runInElectron(session) {
  const { runTests } = await import('@vscode/test-electron');
  const userDataDir = path.join(session.dir, 'user-data');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(BASE_SETTINGS, null, 2));
  try {
    return await runTests({
      ...(process.env.BLAST_RADIUS_VSCODE_VERSION ? { version: process.env.BLAST_RADIUS_VSCODE_VERSION } : {}),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsIndex,
      extensionTestsEnv: session.env,
      launchArgs: [
        session.workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        path.join(session.dir, 'extensions'),
      ],
    });
  } catch (e) {
    // runTests rejects when the download fails or VS Code exits non-zero
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`${msg}\n`);
    if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|download/i.test(msg)) {
      process.stderr.write('Desktop VS Code could not be downloaded; without that access, unset BLAST_RADIUS_TEST_HOST to use the offline host.\n');
    }
    return 1;
  }
}

async function main() {
  if (!['code-server', 'electron'].includes(hostKind)) {
    return fail(`BLAST_RADIUS_TEST_HOST=${hostKind} is not a host; use electron, or leave it unset for code-server.`);
  }
  for (const [file, hint] of [
    [path.join(repoRoot, 'dist', 'extension.js'), 'node esbuild.js'],
    [testsIndex, 'node esbuild.js --tests'],
  ]) {
    if (!fs.existsSync(file)) return fail(`${path.relative(repoRoot, file)} is missing; run \`${hint}\` first (npm run test:integration does both).`);
  }
  // evidence of an earlier run would mislead
  for (const f of fs.existsSync(resultsDir) ? fs.readdirSync(resultsDir) : []) {
    if (f.startsWith('integration-')) fs.rmSync(path.join(resultsDir, f), { force: true });
  }
  const dir = tempDir('integration');
  const session = {
    dir,
    workspace: makeDemoWorkspace(dir),
    env: { BLAST_RADIUS_TEST_OUTPUT: path.join(dir, 'mocha.txt') },
    onTimeout: undefined,
    onLine: undefined,
  };
  if (process.env.BLAST_RADIUS_TEST_GREP) session.env.BLAST_RADIUS_TEST_GREP = process.env.BLAST_RADIUS_TEST_GREP;
  // installed (once) before the deadline starts: a cold install is not test time
  const host = hostKind === 'electron' ? undefined : ensureHost();
  const t0 = Date.now();
  const stopStream = streamFile(session.env.BLAST_RADIUS_TEST_OUTPUT, (line) => session.onLine?.(line));
  let code;
  let ok = false;
  try {
    code = await withDeadline(
      timeoutMs,
      'integration tests',
      () => (hostKind === 'electron' ? runInElectron(session) : runInCodeServer(session, host)),
      async () => {
        stopStream();
        if (session.onTimeout) await session.onTimeout();
      },
    );
    stopStream();
    ok = summaryOk(session.env.BLAST_RADIUS_TEST_OUTPUT);
  } finally {
    stopStream();
    await cleanupAll();
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (code !== 0) return fail(`integration tests failed (exit ${code}) after ${secs}s`);
  if (!ok) return fail(`integration tests reported no passing tests after ${secs}s`);
  process.stdout.write(`✔ integration tests passed in ${secs}s (${hostKind})\n`);
}

main().catch(async (e) => {
  await cleanupAll();
  fail(e instanceof Error ? e.message : String(e));
});
