/**
 * The `blast-radius` executable (dist/cli.js): a small CommonJS launcher in front of the CLI's
 * bundle (dist/cli.cjs), which it loads with V8's code cache (codeCache.ts).
 *
 * Agents run `blast-radius hook <agent>` before every tool call, each time in a new process, so
 * that one path is kept short: the launcher reads the hook input and hands it to the hook judge
 * (core/hooks/judge.ts) when one is running for this build and /proc proves it is a judge of
 * this very CLI; it answers with the engines already loaded. When there is none, or it does not
 * answer properly, the launcher starts one in the background for the next calls and has this
 * call judged by a one-off child (`hook judge --once`), exactly as the judge would.
 *
 * Every call answers within its budget (core/hooks/budget.ts): the judge, or the child, must
 * answer (or say that the editor is asking a person) by the deadline; past it the launcher
 * answers the agent's fail-closed answer itself and stops the stuck process. Judging in a child
 * rather than in this process is what makes that possible: a read that blocks, or a loop, cannot
 * be interrupted inside the process that runs it. Every other command goes straight to the CLI.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ensureRuntimeDir } from '../core/guard/runtimeDir';
import { JUDGE_RESERVE_MS, LAUNCHER_RESERVE_MS, holdTimer, hookBudgetMs } from '../core/hooks/budget';
import {
  JUDGE_HOLD_LINE,
  decodeJudgeAnswer,
  encodeJudgeRequest,
  findJudge,
  judgeEnabled,
  judgeStartingFile,
  removeJudgeRecord,
  type JudgeRecord,
  type JudgeRequest,
} from '../core/hooks/judge';
import { HOOK_TIMEOUT_SECONDS, isAgentId, type AgentId, type HookOutput } from '../core/hooks/types';
import { buildId, cliPath } from './build';
import type { LoadedBundle } from './codeCache';
import { processIO } from './io';

type CliModule = typeof import('./main');

/** The CLI next to this launcher. */
const CLI_BUNDLE = 'cli.cjs';

let loaded: LoadedBundle | undefined;
let baseline: (() => void) | undefined;

/**
 * Loads the CLI for `command` (each subcommand has its own code cache, codeCache.ts). The
 * process's wasm (the tree-sitter grammars) is compiled with V8's baseline compiler anyway
 * (core/shell/wasmCompiler.ts); choosing it before the bundle is compiled keeps V8's flags, which
 * the code cache records, the same when the cache is read and when it is written. The loader and
 * `node:v8` are imported here, not at the top: a hook call the judge answers needs neither.
 */
async function loadCli(command: string): Promise<CliModule> {
  if (!loaded) {
    const [{ loadBundle }, { baselineForProcess }] = await Promise.all([import('./codeCache.js'), import('../core/shell/wasmCompiler.js')]);
    baseline = baselineForProcess;
    baselineForProcess();
    loaded ??= loadBundle(path.join(__dirname, CLI_BUNDLE), command);
  }
  return loaded.exports as CliModule;
}

/** Once `command` is done: saves the CLI's code cache for it if it had none (see loadCli). */
function saveCliCache(cli: CliModule, command: string): void {
  if (!loaded || !baseline || !cli.isSubcommand(command)) return;
  baseline();
  loaded.saveCache();
}

/** Time allowed to reach the judge; it is on this machine, so this only matters when it is stuck. */
const CONNECT_TIMEOUT_MS = 300;
/**
 * After the judge says a person is being asked: the judge waits for the person up to the hook's
 * own person wait, so nearly the agent's whole hook timeout, keeping a few seconds to answer if
 * it never does.
 */
const AFTER_HOLD_MS = (HOOK_TIMEOUT_SECONDS - 5) * 1000;
/** A judge that was started this recently is still starting: do not start another. */
const START_GRACE_MS = 10_000;

/** Prints the answer and exits once it is written (a stuck child must not keep this process). */
function finish(out: HookOutput): Promise<void> {
  return new Promise(() => {
    const exit = (): never => process.exit(out.exitCode);
    if (out.stderr) process.stderr.write(out.stderr);
    if (out.stdout) process.stdout.write(out.stdout, exit);
    else process.stderr.write('', exit);
  });
}

/** What a judging process said: its output, or why there is none (`timeout`: it did not answer in time). */
type JudgeReply = HookOutput | 'unreachable' | 'timeout';

/**
 * Reads a judging process's answer lines: hold lines (a person is being asked: the wait becomes
 * the person's), then the answer. `stop` ends the source once there is an outcome.
 */
function readReply(source: NodeJS.ReadableStream, firstMs: number, stop: () => void): Promise<JudgeReply> {
  return new Promise((resolve) => {
    let settled = false;
    let buffered = '';
    const done = (r: JudgeReply): void => {
      if (settled) return;
      settled = true;
      timer.clear();
      stop();
      resolve(r);
    };
    const timer = holdTimer(firstMs, AFTER_HOLD_MS, () => done('timeout'));
    source.setEncoding('utf8');
    source.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line === JUDGE_HOLD_LINE) timer.hold();
        else return done(decodeJudgeAnswer(line) ?? 'unreachable');
      }
    });
    source.on('error', () => done('unreachable'));
    source.on('end', () => done('unreachable'));
    source.on('close', () => done('unreachable'));
  });
}

/** Sends one hook call to the judge. */
function askJudge(rec: JudgeRecord, req: JudgeRequest, firstMs: number): Promise<JudgeReply> {
  const socket = net.connect({ host: rec.host, port: rec.port });
  const connectTimer = setTimeout(() => socket.destroy(), CONNECT_TIMEOUT_MS);
  socket.on('connect', () => {
    clearTimeout(connectTimer);
    socket.write(encodeJudgeRequest(rec.token, req));
  });
  return readReply(socket, firstMs, () => {
    clearTimeout(connectTimer);
    socket.destroy();
  });
}

/** Has this one call judged by a child process of this CLI (`hook judge --once`). */
async function judgeOnce(req: JudgeRequest, firstMs: number): Promise<JudgeReply> {
  const { spawn } = await import('node:child_process');
  // With this process's node options: the child continues this call (the judge, which other
  // calls share, is started without any, so that /proc can prove what it runs).
  const child = spawn(process.execPath, [...process.execArgv, __filename, 'hook', 'judge', '--once'], { stdio: ['pipe', 'pipe', 'ignore'], cwd: req.cwd, env: process.env, windowsHide: true });
  child.stdin.on('error', () => undefined);
  child.stdin.end(`${JSON.stringify(req)}\n`);
  child.on('error', () => child.stdout.destroy());
  // SIGKILL: a process stuck in a loop or a read ignores nothing else as reliably.
  return readReply(child.stdout, firstMs, () => child.kill('SIGKILL'));
}

/** The agent's fail-closed answer for a call nothing judged in time. */
async function notJudged(agent: AgentId | 'auto', input: string, budgetMs: number): Promise<HookOutput> {
  try {
    return (await loadCli('hook')).answerNotJudged(agent, input, budgetMs);
  } catch (e) {
    // Never silent: exit 2 with the reason blocks the tool call in the agents that read it.
    return { stdout: '', stderr: `Blast Radius could not judge this tool call (${e instanceof Error ? e.message : String(e)}); reinstall Blast Radius.\n`, exitCode: 2 };
  }
}

/**
 * Starts a judge for this build in the background (detached, no stdio, so the agent reading the
 * hook's output does not wait for it), unless one was started in the last few seconds.
 */
async function startJudge(build: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    ensureRuntimeDir(env);
    const marker = judgeStartingFile(build, env);
    try {
      if (Date.now() - fs.statSync(marker).mtimeMs < START_GRACE_MS) return;
    } catch {
      // no marker: nobody is starting one
    }
    fs.writeFileSync(marker, String(process.pid), { mode: 0o600 });
    // Loaded here, not at the top: most calls find a judge and never start one.
    const [{ spawn }, os] = await Promise.all([import('node:child_process'), import('node:os')]);
    const child = spawn(process.execPath, [__filename, 'hook', 'judge'], {
      detached: true,
      stdio: 'ignore',
      windowsHide: true,
      cwd: os.homedir(),
      env,
    });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No judge: every call is judged by its own child, which is slower but the same.
  }
}

/** Ends a judge that did not answer in time (a judge proven to be ours: findJudge). */
function stopStuckJudge(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

async function hookCall(agent: AgentId | 'auto'): Promise<void> {
  const input = await processIO.readStdin();
  const env = process.env;
  const budgetMs = hookBudgetMs(env);
  const deadline = Date.now() + budgetMs - LAUNCHER_RESERVE_MS;
  const req: JudgeRequest = { agent, input, cwd: process.cwd(), env: env as Record<string, string>, deadlineMs: deadline - JUDGE_RESERVE_MS };
  const build = buildId();
  if (build && judgeEnabled(env)) {
    const found = findJudge(build, { exec: process.execPath, script: cliPath() }, env);
    if (found?.refused !== undefined) process.stderr.write(`blast-radius: ${found.refused}; a new judge takes its place.\n`);
    const rec = found?.refused === undefined ? found?.record : undefined;
    const reply = rec ? await askJudge(rec, req, deadline - Date.now()) : 'unreachable';
    if (typeof reply === 'object') return finish(reply);
    if (rec) {
      // The judge did not answer (it is stuck, or its pid now belongs to another process): it is
      // not used again, and a new judge takes its place.
      removeJudgeRecord(build, rec.pid, env);
      if (reply === 'timeout') stopStuckJudge(rec.pid);
    }
    await startJudge(build, env);
    if (reply === 'timeout') return finish(await notJudged(agent, input, budgetMs));
  }
  const reply = await judgeOnce(req, deadline - Date.now());
  return finish(typeof reply === 'object' ? reply : await notJudged(agent, input, budgetMs));
}

function run(argv: string[]): Promise<void> {
  const [name, agent] = argv;
  if (name === 'hook' && argv.length === 2 && (agent === 'auto' || isAgentId(agent))) {
    return hookCall(agent).catch((e: unknown) => {
      // Never silent: exit 2 with the reason blocks the tool call in the agents that read it.
      process.stderr.write(`Blast Radius could not judge this tool call (${e instanceof Error ? e.message : String(e)}); reinstall Blast Radius or run \`blast-radius hook --help\`.\n`);
      process.exitCode = 2;
    });
  }
  return loadCli(name ?? '').then(async (cli) => {
    process.exitCode = await cli.main(argv);
    saveCliCache(cli, name ?? '');
  });
}

// A reader that goes away (`blast-radius check-edit --git | head`) ends the output quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

run(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`blast-radius: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 70;
});
