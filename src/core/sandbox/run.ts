/**
 * `blast-radius sandbox`: runs a command (an agent, or a shell) under bubblewrap, with the
 * workspace writable and the guard's own files, the hook configurations, the startup files and
 * everything outside the workspace read-only (layout.ts), and the guard inside still reaching the
 * editor (relay.ts, mirror.ts).
 *
 * Outside, this process stays for the sandbox's lifetime: it keeps the copy of the runtime
 * records current and relays the guard's requests. It ends when the command ends, with its exit
 * status; a signal to it ends the sandbox (bubblewrap dies with its parent).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureRuntimeDir, type Env } from '../guard/runtimeDir';
import { GUARD_ENV } from '../guard/server';
import { runBounded } from '../run';
import { checkSandboxSupport } from './bwrap';
import { type SandboxLayout, sandboxLayout } from './layout';
import { RecordMirror } from './mirror';
import { type GitPlaces, type SandboxAgent, agentOfCommand, realOrResolved } from './places';
import { SANDBOX_RELAY_SOCKET } from '../guard/proof';
import { PidMap, startOutsideRelay } from './relay';

/** Exit status when the sandbox cannot run here (sysexits EX_UNAVAILABLE). */
export const SANDBOX_UNAVAILABLE = 69;
/** Exit status when it was asked for something it refuses (EX_USAGE). */
export const SANDBOX_REFUSED = 64;

/** Set inside the sandbox: the shell guards lock their hooks (docs/guard.md). */
export const SANDBOX_ENV = 'BLAST_RADIUS_SANDBOX';
/** Where the relay's socket appears inside (the hook proves the records inside by it). */
const RELAY_INSIDE = SANDBOX_RELAY_SOCKET;
/** The shells' private folder inside (their line files; the runtime folder is read-only there). */
const SHELL_RUNDIR = '/tmp/blast-radius-shells';
const INFO_FD = 3;

export interface SandboxOptions {
  workspace: string;
  cwd: string;
  command: readonly string[];
  allowWrite: readonly string[];
  shareNet: boolean;
  agent?: SandboxAgent;
  env: Env;
  home: string;
  /** How to start the relay inside: this CLI (`[node, cli.js]`). */
  self: readonly string[];
  /** The installation that runs (holds dist/ and media/). */
  installRoot: string;
  out(text: string): void;
  err(text: string): void;
}

/** The repository places git names for a folder (none when it is not in a repository, or git is missing). */
export async function gitPlaces(dir: string, env: Env): Promise<GitPlaces> {
  const gitEnv: NodeJS.ProcessEnv = { PATH: env['PATH'] ?? '/usr/bin:/bin', HOME: env['HOME'] ?? os.homedir() };
  const rev = await runBounded('git', ['-C', dir, 'rev-parse', '--path-format=absolute', '--show-toplevel', '--git-common-dir', '--git-dir'], { cwd: dir, env: gitEnv, timeoutMs: 5000 });
  if (rev.code !== 0) return {};
  const [topLevel, commonDir, gitDir] = rev.stdout.toString('utf8').split('\n');
  const out: GitPlaces = {};
  if (topLevel) out.topLevel = realOrResolved(topLevel);
  if (commonDir) out.commonDir = realOrResolved(commonDir);
  if (gitDir) out.gitDir = realOrResolved(gitDir);
  const hooks = await runBounded('git', ['-C', dir, 'config', '--get', 'core.hooksPath'], { cwd: dir, env: gitEnv, timeoutMs: 5000 });
  const hooksPath = hooks.code === 0 ? hooks.stdout.toString('utf8').trim() : '';
  if (hooksPath) out.hooksPath = realOrResolved(path.resolve(out.topLevel ?? dir, hooksPath.replace(/^~(?=\/)/, gitEnv.HOME!)));
  return out;
}

interface Prepared {
  layout: SandboxLayout;
  tmp: string;
  mirror: RecordMirror;
  socket: string;
  /** What the runner made (removed at the end when still as made). */
  made: { dirs: string[]; files: { path: string; text: string }[] };
}

/** Everything up to starting bubblewrap: the layout, the private folder, what protected places need. */
export async function prepareSandbox(o: SandboxOptions, bwrapAvailable = true): Promise<Prepared | { problems: string[] }> {
  const workspace = realOrResolved(o.workspace);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-sandbox-'));
  const mirrorDir = path.join(tmp, 'records');
  fs.mkdirSync(mirrorDir, { mode: 0o700 });
  const socket = path.join(tmp, 'relay.sock');
  const mirror = new RecordMirror(mirrorDir, o.env, workspace);
  try {
    ensureRuntimeDir(o.env);
  } catch {
    // not ours or not creatable: the copy still covers the path inside
  }
  const agent = o.agent ?? (o.command[0] ? agentOfCommand(o.command[0]) : undefined);
  const guarded = Boolean(o.env[GUARD_ENV.port]);
  const port = o.shareNet || !guarded ? 0 : Number(o.env[GUARD_ENV.port]);
  const layout = sandboxLayout({
    workspace,
    home: o.home,
    env: o.env,
    installRoot: o.installRoot,
    git: bwrapAvailable ? await gitPlaces(workspace, o.env) : {},
    ...(agent ? { agent } : {}),
    cwd: o.cwd,
    allowWrite: o.allowWrite,
    shareNet: o.shareNet,
    mirror: { dir: mirrorDir, at: mirror.at },
    relay: { socket, inside: RELAY_INSIDE },
    shellRunDir: SHELL_RUNDIR,
    infoFd: INFO_FD,
    // the guard inside: its hooks locked, its line files in a private folder of the sandbox
    setenv: [[SANDBOX_ENV, '1'], ...(o.env['BLAST_RADIUS_GUARD_RUNDIR'] ? [['BLAST_RADIUS_GUARD_RUNDIR', SHELL_RUNDIR] as const] : [])],
    command: [...o.self, 'sandbox', '--inside', RELAY_INSIDE, '--port', String(port), '--', ...o.command],
  });
  if (layout.problems.length) {
    fs.rmSync(tmp, { recursive: true, force: true });
    return { problems: layout.problems };
  }
  return { layout, tmp, mirror, socket, made: { dirs: [], files: [] } };
}

/** Makes the missing protected places (and the agent's folders), remembering what it made. */
function makeMissing(p: Prepared): void {
  const mkdir = (dir: string): void => {
    const missing: string[] = [];
    for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) missing.unshift(d);
    for (const d of missing) {
      fs.mkdirSync(d);
      p.made.dirs.push(d);
    }
  };
  for (const d of p.layout.createWritable) mkdir(d);
  for (const c of p.layout.create) {
    if (!c.missing || c.missing === 'harmless') continue;
    if ('dir' in c.missing) mkdir(c.path);
    else {
      mkdir(path.dirname(c.path));
      fs.writeFileSync(c.path, c.missing.text, { flag: 'wx', mode: 0o600 });
      p.made.files.push({ path: c.path, text: c.missing.text });
    }
  }
}

/** Removes what the runner made, when it is still empty (deepest first). */
function removeMade(p: Prepared): void {
  for (const f of p.made.files) {
    try {
      if (fs.readFileSync(f.path, 'utf8') === f.text) fs.rmSync(f.path);
    } catch {
      // gone already
    }
  }
  for (const d of [...p.made.dirs].reverse()) {
    try {
      fs.rmdirSync(d);
    } catch {
      // not empty (someone put something there outside the sandbox): kept
    }
  }
}

/** What the person reads before the command starts. */
export function describeLayout(o: SandboxOptions, l: SandboxLayout): string {
  const lines = [
    `blast-radius sandbox: ${realOrResolved(o.workspace)} is writable${l.writable.length > 1 ? ` (and ${l.writable.slice(1).join(', ')})` : ''}; ` +
      `the rest is read-only, ${l.readOnly.length} protected place${l.readOnly.length === 1 ? '' : 's'} inside included; ` +
      `network: ${o.shareNet ? 'shared with this machine' : 'none (the guard reaches the editor through the sandbox)'}`,
  ];
  for (const u of l.uncovered) lines.push(`blast-radius sandbox: note: ${u.path} (${u.kind}) does not exist and is not made read-only; the agent could create it`);
  for (const u of l.links) lines.push(`blast-radius sandbox: note: ${u.path} (${u.kind}) is a symbolic link: what it points to is read-only, the link itself is not`);
  return `${lines.join('\n')}\n`;
}

/** Runs the sandbox; resolves with the command's exit status (or SANDBOX_UNAVAILABLE / SANDBOX_REFUSED). */
export async function runSandbox(o: SandboxOptions, opts: { print?: boolean; quiet?: boolean } = {}): Promise<number> {
  const support = await checkSandboxSupport(o.env);
  if (!support.ok && !opts.print) {
    o.err(`blast-radius sandbox: ${support.reason}\n`);
    return SANDBOX_UNAVAILABLE;
  }
  const prepared = await prepareSandbox(o);
  if ('problems' in prepared) {
    for (const p of prepared.problems) o.err(`blast-radius sandbox: ${p}\n`);
    return SANDBOX_REFUSED;
  }
  const p = prepared;
  if (opts.print) {
    o.out(`${[support.ok ? support.bwrap : 'bwrap', ...p.layout.args].join('\n')}\n`);
    fs.rmSync(p.tmp, { recursive: true, force: true });
    return 0;
  }
  if (!support.ok) return SANDBOX_UNAVAILABLE;
  let child: ChildProcess | undefined;
  let pids: PidMap | undefined;
  const relay = await startOutsideRelay({
    socket: p.socket,
    onReady: (inside) => p.mirror.start(inside),
    portFor: (token) => p.mirror.portFor(token),
    outside: (inner) => pids?.outside(inner),
  });
  const cleanup = (): void => {
    relay.close();
    p.mirror.dispose();
    removeMade(p);
    fs.rmSync(p.tmp, { recursive: true, force: true });
  };
  try {
    makeMissing(p);
  } catch (e) {
    cleanup();
    o.err(`blast-radius sandbox: could not prepare the protected places: ${e instanceof Error ? e.message : String(e)}\n`);
    return SANDBOX_UNAVAILABLE;
  }
  if (!opts.quiet) o.err(describeLayout(o, p.layout));
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = (s: NodeJS.Signals): void => void child?.kill(s);
  const onResize = (): void => relay.resized();
  for (const s of signals) process.on(s, onSignal);
  process.on('SIGWINCH', onResize);
  const env: NodeJS.ProcessEnv = { ...o.env };
  return new Promise((resolve) => {
    child = spawn(support.bwrap, p.layout.args, { cwd: '/', env, stdio: ['inherit', 'inherit', 'inherit', 'pipe'] });
    // bubblewrap says where the sandbox's first process is: its process namespace is the sandbox's
    let info = '';
    child.stdio[INFO_FD]?.on('data', (d: Buffer) => {
      info += d.toString('utf8');
      const m = /"child-pid"\s*:\s*(\d+)/.exec(info);
      const ns = m ? PidMap.namespaceOf(Number(m[1])) : undefined;
      if (ns && !pids) pids = new PidMap(ns);
    });
    child.on('error', (e) => {
      o.err(`blast-radius sandbox: could not start ${support.bwrap}: ${e.message}\n`);
    });
    child.on('close', (code, signal) => {
      for (const s of signals) process.off(s, onSignal);
      process.off('SIGWINCH', onResize);
      cleanup();
      resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0));
    });
  });
}
