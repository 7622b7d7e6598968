/**
 * Proofs about the processes behind the records in the runtime folder (runtimeDir.ts), read from
 * Linux's /proc (proc.ts). A record says "a server that decides listens on host:port, in process
 * pid"; anyone who can write the folder can say that. Before the hook believes a record it checks:
 *
 * - **the listener**: the record's host is a loopback address, a socket is listening there on the
 *   record's port (/proc/net/tcp, tcp6), and that socket is an open file of the record's pid
 *   (/proc/<pid>/fd); the process started before the record was written (a pid reused by a later
 *   process does not inherit an old record);
 * - **the editor** (`proveEditor`): that pid is a VS Code extension host — code-server's, VS Code
 *   server's (`node …/out/bootstrap-fork --type=extensionHost`) or desktop VS Code's (its Electron
 *   binary, `--type=utility` or `--type=extensionHost`) — started with the extension host's entry
 *   point in its environment, whose parent is the editor itself (code-server's `out/node/entry`,
 *   VS Code server's `out/server-main.js`, or the same Electron binary as the main process), and
 *   no process above it is a coding agent;
 * - **the sandbox's relay** (`proveSandboxRelay`), inside `blast-radius sandbox`, where the
 *   records are a read-only copy that names the relay to the editor outside
 *   (src/core/sandbox/relay.ts, mirror.ts): the relay's socket is mounted at
 *   `SANDBOX_RELAY_SOCKET` (under /run, which only root or a sandbox can populate), the
 *   record's folder cannot be written, and the pid runs `sandbox --inside SANDBOX_RELAY_SOCKET`
 *   (an agent that builds a sandbox of its own with forged records and runs a new agent in it
 *   has started an agent without hooks anyway);
 * - **the hook judge** (`proveJudge`): that pid runs this very node executable on this very CLI
 *   file (`<node> <cli.js> hook judge [--idle N]`, the file compared by its real path), with no
 *   node options or preloads in its environment that could run other code in it.
 *
 * What this does not prove: a process of the same user can reproduce all of these facts — start
 * a real code-server or VS Code with its own extension, detached from the agent, or a process
 * laid out exactly like one. That takes far more than writing a file, and the commands that do
 * it are critical findings (guard.hook-files, guard.fake-editor); a hard boundary needs the
 * sandbox. Without /proc (macOS, Windows) nothing can be proven and every record fails.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AGENT_ENVIRONMENT_MARKERS } from '../signoff/identity';
import { type ProcInfo, ancestry, listenerOf, procAvailable, processCwd, readEnviron, readProc } from './proc';

export type Proof = { ok: true } | { ok: false; reason: string };

/** What a record claims about its server. */
export interface ServerClaim {
  host: string;
  port: number;
  pid: number;
  /** When the record was written, in ms since the epoch (the earlier of its `startedAt` and its file's mtime). */
  writtenMs: number;
}

/** A process may start this long after the moment a record names and still count: clock reading noise. */
const START_SLACK_MS = 1000;

function fail(reason: string): Proof {
  return { ok: false, reason };
}

function isLoopback(host: string): boolean {
  return host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** When a record was written: the earlier of what it says and its file's modification time. */
export function recordWrittenMs(startedAt: unknown, file: string): number {
  let mtime = Number.POSITIVE_INFINITY;
  try {
    mtime = fs.statSync(file).mtimeMs;
  } catch {
    // gone meanwhile: what it says is all there is
  }
  const said = typeof startedAt === 'string' ? Date.parse(startedAt) : Number.NaN;
  return Math.min(mtime, Number.isFinite(said) ? said : mtime);
}

/** The listener part of every proof; the process when it holds. */
function proveListener(claim: ServerClaim): { ok: true; proc: ProcInfo } | { ok: false; reason: string } {
  if (!procAvailable()) return { ok: false, reason: 'this system has no /proc, so the process behind it cannot be checked' };
  if (!isLoopback(claim.host)) return { ok: false, reason: `its address ${claim.host} is not a loopback address` };
  const proc = readProc(claim.pid);
  if (!proc) return { ok: false, reason: `its process ${claim.pid} is not running` };
  if (proc.startedMs > claim.writtenMs + START_SLACK_MS) {
    return { ok: false, reason: `process ${claim.pid} started after the record was written (the record is older than the process that now has its number)` };
  }
  const owner = listenerOf(claim.host, claim.port, claim.pid);
  if (owner === 'none') return { ok: false, reason: `nothing listens on ${claim.host}:${claim.port}` };
  if (owner === 'other') return { ok: false, reason: `the socket listening on ${claim.host}:${claim.port} does not belong to process ${claim.pid}` };
  return { ok: true, proc };
}

// ---------------------------------------------------------------------------------------------
// Coding agents among a process's ancestors

/** Program names of coding agents (their command, as run from a shell). */
const AGENT_PROGRAMS = new Set(['claude', 'codex', 'gemini', 'cursor-agent', 'copilot', 'aider', 'opencode', 'goose', 'amp', 'qwen', 'crush', 'auggie', 'kiro-cli', 'droid']);
/** Where coding agents are installed (npm packages, Claude Code's native builds). */
const AGENT_PATHS = /(?:^|\/)(?:@anthropic-ai\/claude-code|@openai\/codex|@google\/gemini-cli|@github\/copilot|@qwen-code\/qwen-code|@sourcegraph\/amp|@augmentcode\/auggie|opencode-ai|\.claude\/local|claude\/versions)(?:\/|$)/;
const SCRIPT_RUNNERS = /^(?:node|nodejs|bun|deno|python[0-9.]*)$/;

function base(p: string | undefined): string {
  return p ? path.basename(p) : '';
}

/** Why `proc` is a coding agent's process (its program, its install path, a marker in its environment), or undefined. */
export function agentProcess(proc: ProcInfo, env: ReadonlyMap<string, string> | undefined): string | undefined {
  const names = [base(proc.argv[0]), base(proc.exe)];
  const runner = SCRIPT_RUNNERS.test(base(proc.exe)) || SCRIPT_RUNNERS.test(base(proc.argv[0]));
  const script = runner ? proc.argv.slice(1).find((a) => !a.startsWith('-')) : undefined;
  if (script) names.push(base(script).replace(/\.[cm]?js$/, ''));
  const name = names.find((n) => AGENT_PROGRAMS.has(n));
  if (name) return `${name} (process ${proc.pid})`;
  const where = [proc.exe, proc.argv[0], script].find((p) => p !== undefined && AGENT_PATHS.test(p));
  if (where) return `${where} (process ${proc.pid})`;
  const marker = AGENT_ENVIRONMENT_MARKERS.find((k) => {
    const v = env?.get(k);
    return v !== undefined && v !== '' && v !== '0';
  });
  if (marker) return `process ${proc.pid} (${base(proc.argv[0]) || 'unknown'}), started with ${marker} set`;
  return undefined;
}

/** The first coding agent among `pid` and its ancestors, described; undefined when there is none (or /proc cannot tell). */
export function agentAncestor(pid: number): string | undefined {
  for (const p of ancestry(pid)) {
    const why = agentProcess(p, readEnviron(p.pid));
    if (why) return why;
  }
  return undefined;
}

/**
 * Why this process cannot be a person's own command at a terminal, or undefined when nothing
 * says so: a coding agent among its ancestors (their program, install path, or a marker in the
 * environment each was started with, which `env -u` in a child does not change), input that is
 * not a terminal, or (Linux) no controlling terminal. Without /proc only the input is checked.
 */
export function notAPerson(pid: number, stdinIsTerminal: boolean): string | undefined {
  if (procAvailable()) {
    const agent = agentAncestor(pid);
    if (agent) return `it was started by a coding agent: ${agent}`;
  }
  if (!stdinIsTerminal) return 'its input is not a terminal';
  if (procAvailable() && readProc(pid)?.ttyNr === 0) return 'it has no controlling terminal';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The editor

/** The environment variable VS Code starts its extension host with, and its value. */
const HOST_ENTRY_POINTS = ['VSCODE_ESM_ENTRYPOINT', 'VSCODE_AMD_ENTRYPOINT'];
const HOST_ENTRY_POINT = 'vs/workbench/api/node/extensionHostProcess';
/** Desktop editors built on VS Code: the Electron binary's name. */
const EDITOR_APPS = new Set(['code', 'code-insiders', 'code-oss', 'codium', 'codium-insiders', 'vscodium', 'cursor', 'windsurf', 'positron', 'kiro', 'trae', 'void']);
const NODE_EXE = /^node(?:js)?[0-9]*$/;
/** `…/out/bootstrap-fork`: the script code-server and VS Code server start extension hosts with. */
const FORK_SCRIPT = /(?:^|\/)out\/bootstrap-fork(?:\.js)?$/;
/** code-server's `…/out/node/entry(.js)`, VS Code server's (and openvscode-server's) `…/out/server-main.js`. */
const SERVER_SCRIPT = /(?:^|\/)out\/(?:node\/entry(?:\.js)?|server-main\.js)$/;

type HostKind = 'server' | 'desktop';

function hostKind(p: ProcInfo): HostKind | undefined {
  if (NODE_EXE.test(base(p.exe)) && p.argv.includes('--type=extensionHost') && p.argv.some((a) => FORK_SCRIPT.test(a))) return 'server';
  if (EDITOR_APPS.has(base(p.exe)) && (p.argv.includes('--type=utility') || p.argv.includes('--type=extensionHost'))) return 'desktop';
  return undefined;
}

function editorParent(kind: HostKind, host: ProcInfo, parent: ProcInfo | undefined): boolean {
  if (!parent) return false;
  if (kind === 'server') return NODE_EXE.test(base(parent.exe)) && parent.argv.some((a) => SERVER_SCRIPT.test(a));
  return parent.exe === host.exe && !parent.argv.some((a) => a.startsWith('--type='));
}

/** Proves that the record's server is a VS Code extension host's (see the top of this file). */
export function proveEditor(claim: ServerClaim): Proof {
  const listener = proveListener(claim);
  if (!listener.ok) return listener;
  const host = listener.proc;
  const kind = hostKind(host);
  if (!kind) return fail(`process ${host.pid} (${base(host.exe) || 'unknown'} ${base(host.argv[1])}) is not a VS Code extension host`);
  const env = readEnviron(host.pid);
  if (!HOST_ENTRY_POINTS.some((k) => env?.get(k) === HOST_ENTRY_POINT)) return fail(`process ${host.pid} was not started as a VS Code extension host`);
  const chain = ancestry(host.ppid);
  if (!editorParent(kind, host, chain[0])) return fail(`process ${host.pid} was not started by VS Code or code-server`);
  const agent = agentProcess(host, env) ?? chain.map((p) => agentProcess(p, readEnviron(p.pid))).find((a) => a !== undefined);
  if (agent) return fail(`process ${host.pid} descends from a coding agent: ${agent}`);
  return { ok: true };
}

/** Where `blast-radius sandbox` mounts its relay's socket inside (under /run: only root or the sandbox can put it there). */
export const SANDBOX_RELAY_SOCKET = '/run/blast-radius-sandbox/relay.sock';

/** True inside a Blast Radius sandbox: its relay's socket is mounted where only root or a sandbox can put it. */
export function insideSandbox(): boolean {
  try {
    return fs.lstatSync(SANDBOX_RELAY_SOCKET).isSocket();
  } catch {
    return false;
  }
}

/**
 * Inside a Blast Radius sandbox: proves that the record (in `file`) is the sandbox's read-only
 * copy naming its relay to the editor outside, which sends a request on only to the editor whose
 * token it carries (see the top of this file).
 */
export function proveSandboxRelay(claim: ServerClaim, file: string): Proof {
  if (!insideSandbox()) return fail('this is not a Blast Radius sandbox');
  try {
    fs.accessSync(path.dirname(file), fs.constants.W_OK);
    return fail(`its folder ${path.dirname(file)} can be written, so it is not the sandbox's copy`);
  } catch {
    // read-only, as the sandbox mounts it
  }
  const listener = proveListener(claim);
  if (!listener.ok) return listener;
  const argv = listener.proc.argv;
  const at = argv.indexOf('--inside');
  if (at < 1 || argv[at - 1] !== 'sandbox' || argv[at + 1] !== SANDBOX_RELAY_SOCKET) return fail(`process ${claim.pid} is not the sandbox's relay`);
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// The hook judge

/** Node options a judge may run with: none of them loads, swaps or inspects code. */
const SAFE_NODE_OPTIONS = /^--(?:max-old-space-size|max-semi-space-size|no-warnings|no-deprecation|trace-warnings|trace-deprecation|trace-uncaught|use-openssl-ca|use-bundled-ca|dns-result-order|enable-source-maps|unhandled-rejections|disable-warning|tls-[a-z0-9-]+|openssl-[a-z0-9-]+|force-fips|secure-heap|secure-heap-min|(?:no-)?network-family-autoselection)(?:=\S*)?$/;
/** Loader variables that put other code into any process. */
const LOADER_VARIABLES = ['LD_PRELOAD', 'LD_AUDIT'];

function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** What a judge must run: this node executable and this CLI file. */
export interface JudgeIdentity {
  exec: string;
  script: string;
}

/** Proves that the record's server is a hook judge of this CLI (see the top of this file). */
export function proveJudge(claim: ServerClaim, expect: JudgeIdentity): Proof {
  const listener = proveListener(claim);
  if (!listener.ok) return listener;
  const p = listener.proc;
  if (p.exe !== realpath(expect.exec)) return fail(`process ${p.pid} runs ${p.exe || 'an unknown program'}, not ${expect.exec}`);
  const [, script, verb, sub, ...rest] = p.argv;
  const idleOnly = rest.length === 0 || (rest.length === 2 && rest[0] === '--idle' && /^\d+(?:\.\d+)?$/.test(rest[1]!));
  if (script === undefined || verb !== 'hook' || sub !== 'judge' || !idleOnly) return fail(`process ${p.pid} is not running \`blast-radius hook judge\``);
  const cwd = processCwd(p.pid);
  const file = path.isAbsolute(script) ? script : cwd ? path.resolve(cwd, script) : undefined;
  if (!file || realpath(file) !== realpath(expect.script)) return fail(`process ${p.pid} runs ${script}, not this Blast Radius CLI (${expect.script})`);
  const env = readEnviron(p.pid);
  if (!env) return fail(`the environment of process ${p.pid} cannot be read`);
  const loader = LOADER_VARIABLES.find((k) => (env.get(k) ?? '') !== '');
  if (loader) return fail(`process ${p.pid} runs with ${loader} set`);
  const unsafe = (env.get('NODE_OPTIONS') ?? '').split(/\s+/).find((o) => o !== '' && !SAFE_NODE_OPTIONS.test(o));
  if (unsafe) return fail(`process ${p.pid} runs with the node option ${unsafe}`);
  return { ok: true };
}
