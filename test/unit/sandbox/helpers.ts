/**
 * Running the real `blast-radius sandbox` (the built CLI, dist/cli.js) under real bubblewrap:
 * as this user, and — when the tests run as root — as an unprivileged one (uid 65534 through
 * setpriv), whose sandbox is made with an unprivileged user namespace.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findBwrap } from '../../../src/core/sandbox/bwrap';
import { repoRoot } from '../helpers/paths';

export const CLI = path.join(repoRoot, 'dist', 'cli.js');

/** The uid and gid the unprivileged runs use. */
export const NOBODY = 65534;

/** Why the sandbox tests cannot run here, or false (the CLI's own check, run through the CLI). */
export function sandboxSkip(): string | false {
  if (process.platform !== 'linux') return 'the sandbox is Linux only';
  if (!fs.existsSync(CLI)) return `${CLI} is not built (node esbuild.js)`;
  if (!findBwrap()) return 'bubblewrap is not installed (apt install bubblewrap)';
  const r = spawnSync(process.execPath, [CLI, 'sandbox', '--quiet', '--', '/bin/true'], { cwd: os.tmpdir(), encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 ? false : `the sandbox cannot run here: ${r.stderr.trim()}`;
}

/** Why the unprivileged runs cannot run here, or false. */
export function unprivilegedSkip(): string | false {
  if (process.getuid?.() !== 0) return 'the tests already run unprivileged';
  if (!fs.existsSync('/usr/bin/setpriv')) return 'setpriv (util-linux) is missing';
  const probe = spawnSync('/usr/bin/setpriv', [...asNobody(), '/usr/bin/bwrap', '--unshare-all', '--unshare-user', '--ro-bind', '/', '/', '--', '/bin/true']);
  return probe.status === 0 ? false : `bubblewrap cannot make a user namespace for uid ${NOBODY}: ${probe.stderr.toString().trim()}`;
}

/** setpriv arguments that drop to uid/gid 65534 with no supplementary groups. */
export function asNobody(): string[] {
  return [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--'];
}

/** Gives a folder tree to uid 65534 (for the unprivileged runs). */
export function giveToNobody(dir: string): void {
  spawnSync('chown', ['-R', `${NOBODY}:${NOBODY}`, dir]);
}

export interface Sandboxed {
  code: number | null;
  out: string;
  err: string;
}

export interface SandboxRun {
  /** The CLI to run (default: this repository's build). */
  cli?: string;
  /** Options before `--`. */
  options?: readonly string[];
  command: readonly string[];
  cwd: string;
  env: Record<string, string>;
  /** Run as uid 65534. */
  nobody?: boolean;
  /** Standard input. */
  input?: string;
}

/**
 * Runs `blast-radius sandbox [options] -- command` and waits for it, without blocking this
 * process (a guard server in it may have to answer the sandbox).
 */
export function sandboxed(r: SandboxRun): Promise<Sandboxed> {
  const argv = [r.cli ?? CLI, 'sandbox', '--quiet', ...(r.options ?? []), '--', ...r.command];
  const [file, args] = r.nobody ? ['/usr/bin/setpriv', [...asNobody(), process.execPath, ...argv]] : [process.execPath, argv];
  return new Promise((resolve) => {
    const p = spawn(file, args, { cwd: r.cwd, env: r.env, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    p.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    p.on('close', (code) => resolve({ code, out, err }));
    p.stdin.end(r.input ?? '');
  });
}

/**
 * A copy of this Blast Radius installation (its CLI bundles and guard scripts) under `dir`, as
 * an installation inside the workspace: the sandbox must keep it read-only like any other.
 */
export function installCopy(dir: string): { root: string; cli: string; guard: string } {
  const root = path.join(dir, 'ext');
  const dist = path.join(root, 'dist');
  fs.mkdirSync(dist, { recursive: true });
  for (const f of ['cli.js', 'cli.cjs']) fs.copyFileSync(path.join(repoRoot, 'dist', f), path.join(dist, f));
  fs.cpSync(path.join(repoRoot, 'media'), path.join(root, 'media'), { recursive: true });
  fs.writeFileSync(path.join(root, 'package.json'), fs.readFileSync(path.join(repoRoot, 'package.json')));
  return { root, cli: path.join(dist, 'cli.js'), guard: path.join(root, 'media', 'guard') };
}
