// The VS Code host for tests, installed offline: code-server from the npm registry (it bundles
// VS Code's server and web workbench), with its native modules built against the local Node
// headers and Debian's ripgrep. Follows docs/ARCHITECTURE.md "Test host" step by step.
//
//   ensureHost()  -> { root, entry, version }   installs once, then reuses the cache
//   node scripts/host/install.mjs              installs (or reports the cached install)
//
// Cache: $BLAST_RADIUS_HOST_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/blast-radius; the install
// lives in code-server-<version>/ there. It is built in a temporary folder next to it and renamed
// into place only when complete (with a marker file), so an interrupted install is redone.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';
const MARKER = '.blast-radius-host-complete';
const STEP_TIMEOUT_MS = 10 * 60 * 1000;

/** Native modules of VS Code's server that must be compiled here (no prebuilt downloads). */
const NATIVE_MODULES = [
  'kerberos',
  '@parcel/watcher',
  '@vscode/spdlog',
  'native-watchdog',
  'node-pty',
  '@vscode/deviceid',
];

export function cacheRoot() {
  if (process.env.BLAST_RADIUS_HOST_CACHE) return path.resolve(process.env.BLAST_RADIUS_HOST_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'blast-radius');
}

export function hostDir() {
  return path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

function log(line) {
  process.stdout.write(`[host] ${line}\n`);
}

/** Node's headers, so node-gyp never downloads them: npm's `nodedir`, else the prefix of this node. */
function nodeDir() {
  const candidates = [process.env.npm_config_nodedir, readNpmNodedir(), path.dirname(path.dirname(process.execPath))];
  for (const c of candidates) {
    if (c && fs.existsSync(path.join(c, 'include', 'node', 'node.h'))) return c;
  }
  throw new Error(
    'Node.js headers not found (include/node/node.h); install the headers for this Node or set npm_config_nodedir.',
  );
}

function readNpmNodedir() {
  const r = spawnSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8' });
  const v = (r.stdout || '').trim();
  return r.status === 0 && v && v !== 'undefined' && v !== 'null' ? v : undefined;
}

/** node-gyp as shipped inside npm (no registry fetch). */
function nodeGypScript() {
  const npmCli = process.env.npm_execpath && fs.existsSync(process.env.npm_execpath)
    ? process.env.npm_execpath
    : resolveNpmCli();
  const npmRoot = path.dirname(path.dirname(npmCli));
  const script = path.join(npmRoot, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (!fs.existsSync(script)) throw new Error(`node-gyp not found next to npm (${script}).`);
  return script;
}

function resolveNpmCli() {
  const r = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' });
  const bin = (r.stdout || '').trim();
  if (!bin) throw new Error('npm not found on PATH.');
  const real = fs.realpathSync(bin);
  // /usr/lib/node_modules/npm/bin/npm-cli.js, or a shell wrapper next to lib/node_modules/npm
  if (real.endsWith('.js')) return real;
  return path.join(path.dirname(path.dirname(real)), 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
}

function findRipgrep() {
  for (const c of ['/usr/bin/rg', '/usr/local/bin/rg']) if (fs.existsSync(c)) return c;
  throw new Error('ripgrep not found; install the Debian package "ripgrep".');
}

/** Runs one install step, sending its output to the install log; throws with the log's tail on failure. */
function makeRunner(logFile, env) {
  return (title, cmd, args, cwd) => {
    const t0 = Date.now();
    log(`${title} ...`);
    fs.appendFileSync(logFile, `\n$ (cd ${cwd} && ${cmd} ${args.join(' ')})\n`);
    const fd = fs.openSync(logFile, 'a');
    // a bound per step, so a hung download or build cannot stall CI
    const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', fd, fd], timeout: STEP_TIMEOUT_MS, killSignal: 'SIGKILL' });
    fs.closeSync(fd);
    if (r.error && r.error.code === 'ETIMEDOUT') {
      throw new Error(`${title} did not finish within ${STEP_TIMEOUT_MS / 60000} minutes; see ${logFile}`);
    }
    if (r.status !== 0) {
      const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      throw new Error(`${title} failed (exit ${r.status ?? r.signal}); last lines of ${logFile}:\n${tail}`);
    }
    log(`${title} done in ${((Date.now() - t0) / 1000).toFixed(0)}s`);
  };
}

function describe(dir) {
  return {
    root: dir,
    entry: path.join(dir, 'out', 'node', 'entry.js'),
    version: CODE_SERVER_VERSION,
    vscodeVersion: VSCODE_VERSION,
  };
}

/** Installs the host if it is not in the cache yet; returns where it is. */
export function ensureHost() {
  const final = hostDir();
  if (fs.existsSync(path.join(final, MARKER))) return describe(final);

  const cache = cacheRoot();
  fs.mkdirSync(cache, { recursive: true });
  // leftovers of interrupted installs
  for (const name of fs.readdirSync(cache)) {
    if (name.startsWith(`.code-server-${CODE_SERVER_VERSION}.tmp-`)) {
      const pid = Number(name.split('-').pop());
      if (!isAlive(pid)) fs.rmSync(path.join(cache, name), { recursive: true, force: true });
    }
  }
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}) into ${final}; this takes a few minutes once`);
  const tmp = path.join(cache, `.code-server-${CODE_SERVER_VERSION}.tmp-${process.pid}`);
  fs.mkdirSync(tmp, { recursive: true });
  const logFile = path.join(tmp, 'install.log');
  const nodedir = nodeDir();
  const gyp = nodeGypScript();
  const env = {
    ...process.env,
    npm_config_nodedir: nodedir,
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: 'warn',
    // no downloads of prebuilt binaries or browsers by any install step
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
    ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
  };
  const run = makeRunner(logFile, env);
  try {
    run(`npm pack code-server@${CODE_SERVER_VERSION}`, 'npm', ['pack', `code-server@${CODE_SERVER_VERSION}`, '--silent'], tmp);
    const tarball = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack produced no tarball.');
    run('extract', 'tar', ['xzf', tarball], tmp);
    fs.rmSync(path.join(tmp, tarball));
    const pkg = path.join(tmp, 'package');
    const vscode = path.join(pkg, 'lib', 'vscode');

    run('install code-server dependencies', 'npm', ['install', '--omit=dev', '--ignore-scripts'], pkg);
    run('rebuild argon2', 'npm', ['rebuild', 'argon2'], pkg);
    run('install VS Code server dependencies', 'npm', ['install', '--omit=dev', '--ignore-scripts'], vscode);
    for (const mod of NATIVE_MODULES) {
      run(`build native module ${mod}`, process.execPath, [gyp, 'rebuild', `--nodedir=${nodedir}`], path.join(vscode, 'node_modules', mod));
    }
    log('ripgrep from Debian');
    const rgDir = path.join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin');
    fs.mkdirSync(rgDir, { recursive: true });
    fs.copyFileSync(findRipgrep(), path.join(rgDir, 'rg'));
    fs.chmodSync(path.join(rgDir, 'rg'), 0o755);
    fs.symlinkSync('node_modules', path.join(vscode, 'node_modules.asar'));
    run('install built-in extension dependencies', 'npm', ['install', '--omit=dev', '--ignore-scripts'], path.join(vscode, 'extensions'));

    // CODE_SERVER_CONFIG: otherwise code-server writes a default config into ~/.config/code-server
    const v = spawnSync(process.execPath, [path.join(pkg, 'out', 'node', 'entry.js'), '--version'], {
      encoding: 'utf8',
      env: { ...env, CODE_SERVER_CONFIG: path.join(tmp, 'code-server.yaml') },
    });
    const out = `${v.stdout}${v.stderr}`;
    if (v.status !== 0 || !out.includes(CODE_SERVER_VERSION) || !out.includes(VSCODE_VERSION)) {
      throw new Error(`installed host does not start: ${out.trim().split('\n').slice(-5).join('\n')}`);
    }
    fs.copyFileSync(logFile, path.join(pkg, 'install.log'));
    fs.writeFileSync(path.join(pkg, MARKER), `${new Date().toISOString()} ${out.trim().split('\n')[0]}\n`);

    if (fs.existsSync(path.join(final, MARKER))) {
      log('another install finished first; using it');
    } else {
      fs.rmSync(final, { recursive: true, force: true });
      try {
        fs.renameSync(pkg, final);
      } catch (e) {
        // a concurrent install may have landed in between; fine if it is complete
        if (!fs.existsSync(path.join(final, MARKER))) throw e;
        log('another install finished first; using it');
      }
    }
  } catch (e) {
    // keep the log of a failed install where it can be read; the partial install goes
    const kept = path.join(cache, `code-server-${CODE_SERVER_VERSION}-failed-install.log`);
    if (fs.existsSync(logFile)) fs.copyFileSync(logFile, kept);
    log(`install failed; full log: ${kept}`);
    throw e;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  log(`installed in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  return describe(final);
}

function isAlive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const host = ensureHost();
    log(`ready: ${host.root}`);
  } catch (e) {
    process.stderr.write(`[host] ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
