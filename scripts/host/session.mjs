// Running the VS Code host: a demo workspace copy, a code-server process, a Chromium page.
// Shared by scripts/run-integration.mjs, scripts/run-e2e.mjs (through test/e2e/lib) and
// scripts/start.mjs. Everything started here is registered for clean-up, which runs on normal
// exit, on Ctrl-C / SIGTERM, and when a runner's deadline passes: no server, browser or temporary
// folder outlives the script.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const resultsDir = path.join(repoRoot, 'test-results');
export const CHROMIUM = process.env.BLAST_RADIUS_CHROMIUM || '/usr/bin/chromium';

// ---------------------------------------------------------------------------------------------
// clean-up registry

/** @type {Array<{ name: string, async: () => Promise<void>, sync: () => void }>} */
const cleanups = [];
let cleaning = false;

/** Registers a clean-up; `sync` must be safe to call from process.on('exit'). Returns an unregister function. */
export function onCleanup(name, asyncFn, syncFn) {
  const entry = { name, async: asyncFn, sync: syncFn };
  cleanups.push(entry);
  return () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

/** Runs every registered clean-up, newest first. */
export async function cleanupAll() {
  if (cleaning) return;
  cleaning = true;
  while (cleanups.length) {
    const c = cleanups.pop();
    try {
      await c.async();
    } catch (e) {
      process.stderr.write(`clean-up of ${c.name} failed: ${e instanceof Error ? e.message : String(e)}\n`);
      try {
        c.sync();
      } catch {
        // nothing more to do
      }
    }
  }
  cleaning = false;
}

process.on('exit', () => {
  while (cleanups.length) {
    try {
      cleanups.pop().sync();
    } catch {
      // exiting anyway
    }
  }
});
let signalled = false;
/** True once a stop signal arrived or clean-up began: processes ending now are being stopped on purpose. */
export function stopping() {
  return signalled || cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    signalled = true;
    process.stderr.write(`\n${sig}: stopping\n`);
    cleanupAll().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  });
}

/**
 * Runs `fn` with a deadline. When it passes, `onTimeout` runs (e.g. a screenshot), then every
 * clean-up, and the process exits with code 124.
 */
export async function withDeadline(ms, label, fn, onTimeout) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${label} did not finish within ${Math.round(ms / 1000)}s`)), ms);
  });
  try {
    return await Promise.race([fn(), deadline]);
  } catch (e) {
    if (e instanceof DeadlineError) {
      process.stderr.write(`\n✘ ${e.message}; stopping the host\n`);
      if (onTimeout) await Promise.race([onTimeout().catch(() => {}), sleep(15000)]);
      await cleanupAll();
      process.exit(124);
    }
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

class DeadlineError extends Error {}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// ---------------------------------------------------------------------------------------------
// ports, folders, workspace

/** `preferred` if it is free on 127.0.0.1, else any free port. */
export async function freePort(preferred = 0) {
  const tryListen = (port) =>
    new Promise((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(undefined));
      srv.listen(port, '127.0.0.1', () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : undefined));
      });
    });
  if (preferred) {
    const p = await tryListen(preferred);
    if (p) return p;
  }
  const p = await tryListen(0);
  if (!p) throw new Error('no free TCP port on 127.0.0.1');
  return p;
}

/** A temporary folder removed at clean-up. */
export function tempDir(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `blast-radius-${label}-`));
  const rm = () => fs.rmSync(dir, { recursive: true, force: true });
  onCleanup(`folder ${dir}`, async () => rm(), rm);
  return dir;
}

/**
 * A fresh copy of test/fixtures/demo-workspace inside `parent`, made a git repository with one
 * commit so git features (diffs, source control view) work in it.
 */
export function makeDemoWorkspace(parent) {
  const dir = path.join(parent, 'demo-workspace');
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'demo-workspace'), dir, { recursive: true });
  const git = (...args) => {
    const r = spawnSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Demo',
        GIT_AUTHOR_EMAIL: 'demo@example.com',
        GIT_COMMITTER_NAME: 'Demo',
        GIT_COMMITTER_EMAIL: 'demo@example.com',
        GIT_CONFIG_NOSYSTEM: '1',
      },
    });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${dir}: ${r.stderr.trim()}`);
  };
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'Initial commit');
  return dir;
}

// ---------------------------------------------------------------------------------------------
// code-server

/** Settings every session starts with: no Restricted Mode prompt, bash terminals, quiet UI. */
export const BASE_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'terminal.integrated.defaultProfile.linux': 'bash',
  'terminal.integrated.shellIntegration.enabled': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'git.openRepositoryInParentFolders': 'never',
};

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Installs a .vsix into `extensionsDir` with the host's own CLI. */
export function installExtension(host, vsix, extensionsDir, userDataDir) {
  const r = spawnSync(
    process.execPath,
    [host.entry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--force', '--install-extension', vsix],
    { encoding: 'utf8', env: { ...process.env, CODE_SERVER_CONFIG: path.join(userDataDir, 'code-server.yaml') } },
  );
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`installing ${path.basename(vsix)} into the host failed:\n${out.trim()}`);
  }
}

/**
 * Installs this repository itself as the extension: a link named like an installed extension in
 * `extensionsDir`, and its entry in that folder's extensions.json. VS Code then lists it like an
 * extension installed from a .vsix (its page with the README, settings and commands) while it
 * runs the code built here, so `npm run watch` and "Developer: Reload Window" pick up changes.
 * Uninstalling it from the editor, or removing the folder, removes the link, never the repository.
 */
export function linkExtension(extensionsDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const id = `${pkg.publisher}.${pkg.name}`;
  const folder = `${id}-${pkg.version}`;
  fs.mkdirSync(extensionsDir, { recursive: true });
  const link = path.join(extensionsDir, folder);
  fs.rmSync(link, { force: true });
  fs.symlinkSync(repoRoot, link, 'dir');
  const entry = {
    identifier: { id },
    version: pkg.version,
    location: { $mid: 1, path: link, scheme: 'file' },
    relativeLocation: folder,
    metadata: { installedTimestamp: Date.now(), source: 'vsix', pinned: true },
  };
  fs.writeFileSync(path.join(extensionsDir, 'extensions.json'), JSON.stringify([entry]));
  return link;
}

/**
 * Starts code-server and resolves once it serves HTTP.
 * @param {{ host: { entry: string }, port: number, userDataDir: string, extensionsDir: string,
 *   workspace?: string, settings?: Record<string, unknown>, env?: Record<string, string>, logFile: string }} o
 */
export async function startServer(o) {
  const userDir = path.join(o.userDataDir, 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.mkdirSync(o.extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...o.settings }, null, 2));
  // code-server's own config file lives in the session too (it writes a default one otherwise)
  const configFile = path.join(o.userDataDir, 'code-server.yaml');
  fs.writeFileSync(configFile, 'auth: none\n');
  const args = [
    o.host.entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${o.port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', o.userDataDir,
    '--extensions-dir', o.extensionsDir,
  ];
  if (o.workspace) args.push(o.workspace);
  const env = { ...process.env, ...o.env, CODE_SERVER_CONFIG: configFile };
  delete env.PORT; // code-server would let it override --bind-addr
  const log = fs.openSync(o.logFile, 'a');
  const child = spawn(process.execPath, args, {
    cwd: o.workspace || os.tmpdir(),
    env,
    stdio: ['ignore', log, log],
    detached: true, // own process group, so stopping it takes the extension host and terminals along
  });
  fs.closeSync(log);
  let exited = false;
  const exitedP = new Promise((resolve) => child.once('exit', (code, sig) => {
    exited = true;
    resolve(code ?? sig);
  }));
  const stop = async () => {
    if (exited) return;
    killGroup(child.pid, 'SIGTERM');
    const done = await Promise.race([exitedP.then(() => true), sleep(5000).then(() => false)]);
    if (!done) killGroup(child.pid, 'SIGKILL');
    // children left in the group (extension host, pty host) go too
    await sleep(100);
    killGroup(child.pid, 'SIGKILL');
  };
  onCleanup(`code-server pid ${child.pid}`, stop, () => {
    killGroup(child.pid, 'SIGKILL');
  });
  const url = `http://127.0.0.1:${o.port}`;
  const t0 = Date.now();
  for (;;) {
    if (exited) {
      throw new Error(`code-server exited during start-up; its log:\n${tail(o.logFile, 30)}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - t0 > 60000) throw new Error(`code-server did not answer on ${url} within 60s; log:\n${tail(o.logFile, 30)}`);
    await sleep(200);
  }
  return { url, port: o.port, pid: child.pid, exited: exitedP, stop };
}

export function tail(file, lines) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Workbench URL for a folder; `payload` entries become VS Code's `payload` query parameter. */
export function workbenchUrl(server, folder, payload) {
  let u = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  if (payload && payload.length) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return u;
}

/** A path on the server's disk as the workbench addresses it. */
export function remoteUri(server, absPath) {
  return `vscode-remote://127.0.0.1:${server.port}${absPath}`;
}

// ---------------------------------------------------------------------------------------------
// Chromium

/** Launches Debian's Chromium through playwright-core; closed at clean-up. */
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}; install the Debian package "chromium".`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
  const proc = browser.process?.();
  onCleanup(
    'chromium',
    async () => {
      await Promise.race([browser.close(), sleep(5000)]);
      if (proc && proc.exitCode === null) proc.kill('SIGKILL');
    },
    () => {
      if (proc && proc.exitCode === null) proc.kill('SIGKILL');
    },
  );
  return browser;
}

/** Saves a full-window screenshot into test-results/<name>.png; returns its path or undefined. */
export async function screenshot(page, name) {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.png`);
  try {
    await page.screenshot({ path: file, timeout: 10000 });
    return file;
  } catch (e) {
    process.stderr.write(`screenshot ${name} failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return undefined;
  }
}

/** Waits until the workbench has rendered its status bar. */
export async function waitForWorkbench(page, timeout = 60000) {
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout });
}
