/**
 * The `blast-radius` executable (dist/cli.js): a small CommonJS launcher in front of the CLI's
 * ESM chunks (dist/cli.mjs, dist/cli/*.mjs).
 *
 * Agents run `blast-radius hook <agent>` before every tool call, each time in a new process, so
 * that one path is kept short: the launcher reads the hook input and hands it to the hook judge
 * (core/hooks/judge.ts) when one is running for this build, which answers with the engines
 * already loaded. When there is none, or it does not answer properly, the launcher starts one
 * in the background for the next calls and judges this call itself, in-process, exactly as the
 * judge would. Every other command goes straight to the ESM CLI.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import { ensureRuntimeDir } from '../core/guard/runtimeDir';
import {
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
import { buildId } from './build';
import { processIO } from './io';

type CliModule = typeof import('./main');

/** The ESM CLI next to this launcher (a variable, so the bundler leaves the import to run time). */
const ESM_ENTRY = './cli.mjs';

function loadCli(): Promise<CliModule> {
  return import(ESM_ENTRY) as Promise<CliModule>;
}

/** Time allowed to reach the judge; it is on this machine, so this only matters when it is stuck. */
const CONNECT_TIMEOUT_MS = 300;
/**
 * Time the judge may take: it may be waiting for a person in the editor (up to the hook's own
 * editor timeout), so nearly the agent's whole hook timeout, keeping a few seconds to answer
 * in-process if it never does.
 */
const JUDGE_TIMEOUT_MS = (HOOK_TIMEOUT_SECONDS - 5) * 1000;
/** A judge that was started this recently is still starting: do not start another. */
const START_GRACE_MS = 10_000;

function emit(out: HookOutput): void {
  if (out.stdout) process.stdout.write(out.stdout);
  if (out.stderr) process.stderr.write(out.stderr);
  process.exitCode = out.exitCode;
}

/** What the judge said: its output, or why there is none (`timeout`: it took all the time there was). */
type JudgeReply = HookOutput | 'unreachable' | 'timeout';

/** Sends one hook call to the judge. */
function askJudge(rec: JudgeRecord, req: JudgeRequest, timeoutMs = JUDGE_TIMEOUT_MS): Promise<JudgeReply> {
  return new Promise((resolve) => {
    let settled = false;
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: rec.host, port: rec.port });
    const finish = (out: JudgeReply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(overallTimer);
      socket.destroy();
      resolve(out);
    };
    const connectTimer = setTimeout(() => finish('unreachable'), CONNECT_TIMEOUT_MS);
    const overallTimer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('connect', () => {
      clearTimeout(connectTimer);
      socket.write(encodeJudgeRequest(rec.token, req));
    });
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      if (c.includes(10)) finish(decodeJudgeAnswer(Buffer.concat(chunks).toString('utf8').split('\n')[0] ?? '') ?? 'unreachable');
    });
    socket.on('error', () => finish('unreachable'));
    socket.on('close', () => finish('unreachable'));
  });
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
    // No judge: every call is judged in-process, which is slower but the same.
  }
}

/** Ends a judge that took the whole timeout: its own waits are shorter, so it is stuck. */
function stopStuckJudge(pid: number): void {
  try {
    process.kill(pid);
  } catch {
    // gone already, or not ours to signal
  }
}

async function hookCall(agent: AgentId | 'auto'): Promise<void> {
  const input = await processIO.readStdin();
  const env = process.env;
  const cwd = process.cwd();
  const build = buildId();
  let editor = true;
  if (build && judgeEnabled(env)) {
    const rec = findJudge(build, env);
    const reply = rec ? await askJudge(rec, { agent, input, cwd, env: env as Record<string, string> }) : 'unreachable';
    if (typeof reply === 'object') return emit(reply);
    if (rec) {
      // The record names a process that did not answer (a judge that is stuck, or whose pid now
      // belongs to another process): it is not used again, and a new judge takes its place.
      removeJudgeRecord(build, rec.pid, env);
      if (reply === 'timeout') stopStuckJudge(rec.pid);
    }
    // A judge that used up the time leaves too little to ask the editor again before the agent
    // gives up on the hook: the policy decides.
    if (reply === 'timeout') editor = false;
    await startJudge(build, env);
  }
  const cli = await loadCli();
  emit(await cli.answerHookCall(agent, input, { editor }));
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
  return loadCli().then(async (cli) => {
    process.exitCode = await cli.main(argv);
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
