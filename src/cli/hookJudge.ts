/**
 * `blast-radius hook judge [--idle <seconds>] | --once`: the hook judge (core/hooks/judge.ts), a
 * background process that answers agents' hook calls with the engines already loaded. The hook
 * launcher (launch.ts) starts it, detached, the first time it finds none; it stops after
 * `--idle` seconds without a call (default 600), or as soon as its record is removed or taken
 * over by another judge.
 *
 * It answers each call with `answerHook` (core/hooks/answer.ts) and the caller's working directory and environment, so
 * its answer is the one the hook would print in-process.
 *
 * `--once` judges one call read on stdin (the same request, without the token line) and writes
 * the answer lines on stdout: the launcher runs it as its own child when no judge answers, so
 * that it can give up on a judgement that overruns the budget (a blocked read or a loop cannot
 * be interrupted in-process) and still answer in time.
 */
import * as crypto from 'node:crypto';
import * as net from 'node:net';
import * as os from 'node:os';
import { createCommandAnalyzer } from '../core/command/analyze';
import { warmUp as warmUpCommands } from '../core/command/warmUp';
import {
  JUDGE_HOLD_LINE,
  JUDGE_PROTOCOL,
  MAX_JUDGE_REQUEST_BYTES,
  decodeJudgeRequest,
  encodeJudgeAnswer,
  findJudge,
  judgeEnabled,
  readJudgeRecordFile,
  removeJudgeRecord,
  writeJudgeRecord,
  type JudgeRequest,
} from '../core/hooks/judge';
import { answerHook } from '../core/hooks/answer';
import { buildId, cliPath } from './build';
import type { CliIO } from './io';

const HELP = `Usage: blast-radius hook judge [--idle <seconds>]
       blast-radius hook judge --stop
       blast-radius hook judge --once

Runs the hook judge: a background process that keeps the command and edit engines loaded so
that each agent hook call answers quickly. \`blast-radius hook <agent>\` starts it when needed;
there is no need to run it by hand. It stops after --idle seconds without a call (default 600).

  --stop   stop the running judge of this version (the next hook call starts a new one)
  --once   judge one call read on stdin and exit (what the hook runs when no judge answers)

Set BLAST_RADIUS_HOOK_JUDGE=off to judge every call in the hook's own process instead.
`;

const DEFAULT_IDLE_SECONDS = 600;
/** How often the judge checks that its record is still its own, and whether it has been idle long enough. */
const CHECK_INTERVAL_MS = 2000;
/** Time a client has to send its whole request. */
const REQUEST_TIMEOUT_MS = 10_000;

export async function runJudge(args: string[], io: CliIO): Promise<number> {
  let idleSeconds = DEFAULT_IDLE_SECONDS;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') {
      io.out(HELP);
      return 0;
    }
    if (a === '--stop' && args.length === 1) return stop(io);
    if (a === '--once' && args.length === 1) return once(io);
    if (a === '--idle') {
      const v = Number(args[++i]);
      if (!Number.isFinite(v) || v <= 0) {
        io.err('blast-radius hook judge: --idle takes a number of seconds greater than 0\n');
        return 64;
      }
      idleSeconds = v;
      continue;
    }
    io.err(`blast-radius hook judge: unknown option '${a}'\n${HELP}`);
    return 64;
  }
  const build = buildId();
  if (!build) {
    io.err('blast-radius hook judge: this is a development build (watch mode); the hook judges each call in its own process.\n');
    return 1;
  }
  if (!judgeEnabled(process.env)) {
    io.err('blast-radius hook judge: turned off (BLAST_RADIUS_HOOK_JUDGE); the hook judges each call in its own process.\n');
    return 1;
  }
  const other = findJudge(build, ownIdentity());
  if (other && !other.refused && other.record.pid !== process.pid) return 0; // another judge of this build serves already
  // The grammars are compiled on V8's baseline compiler (core/shell/wasmCompiler.ts): the
  // optimising tier-up would add about 40 MB to a process that mostly waits.
  await serve(build, idleSeconds * 1000);
  return 0;
}

/** What a judge of this CLI runs: the launcher's checks compare a judge's process with it. */
function ownIdentity(): { exec: string; script: string } {
  return { exec: process.execPath, script: cliPath() };
}

/** Removes the judge's record: the judge sees it gone and exits within a few seconds. */
function stop(io: CliIO): number {
  const build = buildId();
  const found = build ? findJudge(build, ownIdentity()) : undefined;
  const rec = found && !found.refused ? found.record : undefined;
  if (!rec) {
    io.out('No hook judge of this version is running.\n');
    return 0;
  }
  removeJudgeRecord(build, rec.pid);
  io.out(`Stopping the hook judge (process ${rec.pid}); it exits within a few seconds.\n`);
  return 0;
}

async function serve(build: string, idleMs: number): Promise<void> {
  const token = crypto.randomBytes(24).toString('hex');
  const tokenBytes = Buffer.from(`${JUDGE_PROTOCOL} ${token}`);
  let active = 0;
  let lastCall = Date.now();

  const server = net.createServer((conn) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let handled = false;
    conn.setTimeout(REQUEST_TIMEOUT_MS, () => {
      if (!handled) conn.destroy();
    });
    conn.on('error', () => conn.destroy());
    conn.on('data', (chunk: Buffer) => {
      if (handled) return;
      size += chunk.length;
      if (size > MAX_JUDGE_REQUEST_BYTES + tokenBytes.length + 2) return void conn.destroy();
      chunks.push(chunk);
      const all = chunks.length === 1 ? chunk : Buffer.concat(chunks);
      const headerEnd = all.indexOf(10);
      if (headerEnd < 0) return;
      const header = all.subarray(0, headerEnd);
      if (header.length !== tokenBytes.length || !crypto.timingSafeEqual(header, tokenBytes)) return void conn.destroy();
      const bodyEnd = all.indexOf(10, headerEnd + 1);
      if (bodyEnd < 0) return;
      handled = true;
      conn.setTimeout(0);
      const req = decodeJudgeRequest(all.subarray(headerEnd + 1, bodyEnd).toString('utf8'));
      if ('error' in req) return void conn.destroy();
      active++;
      void answer(req, () => conn.write(`${JUDGE_HOLD_LINE}\n`)).then(
        (line) => conn.end(line),
        () => conn.destroy(),
      ).finally(() => {
        active--;
        lastCall = Date.now();
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  writeJudgeRecord({ build, host: '127.0.0.1', port: address.port, token, pid: process.pid });
  await warmUp();

  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const rec = readJudgeRecordFile(build);
      const replaced = !rec || rec.pid !== process.pid;
      if (replaced || (active === 0 && Date.now() - lastCall >= idleMs)) {
        clearInterval(timer);
        if (!replaced) removeJudgeRecord(build, process.pid);
        server.close(() => resolve());
      }
    }, Math.min(CHECK_INTERVAL_MS, idleMs));
  });
}

/** The answer line for one call; `onHold` sends the line that tells the launcher a person is being asked. */
async function answer(req: JudgeRequest, onHold: () => void): Promise<string> {
  const out = await answerHook(req.agent, req.input, { cwd: req.cwd, env: req.env }, { ...(req.deadlineMs !== undefined ? { deadlineMs: req.deadlineMs } : {}), onHold });
  return encodeJudgeAnswer(out);
}

/** `--once`: one request on stdin, its answer lines on stdout. */
async function once(io: CliIO): Promise<number> {
  const req = decodeJudgeRequest((await io.readStdin()).split('\n')[0] ?? '');
  if ('error' in req) {
    io.err(`blast-radius hook judge --once: ${req.error}\n`);
    return 64;
  }
  io.out(await answer(req, () => io.out(`${JUDGE_HOLD_LINE}\n`)));
  return 0;
}

/** Loads the engines and runs each once, so the first call an agent makes is as fast as the rest. */
async function warmUp(): Promise<void> {
  const cwd = os.tmpdir();
  const env = { HOME: os.homedir() };
  const call = (tool: string, input: object): string =>
    JSON.stringify({ hook_event_name: 'PreToolUse', cwd, tool_name: tool, tool_input: input, tool_use_id: 'warm-up' });
  await answerHook('claude-code', call('Bash', { command: 'git status && rm -rf build' }), { cwd, env }, { editor: false });
  await answerHook('claude-code', call('Write', { file_path: 'blast-radius-warm-up/main.tf', content: 'resource "null_resource" "a" {}\n' }), { cwd, env }, { editor: false });
  // Every rule and both grammars once, so no later command pays a first-use cost.
  await warmUpCommands(await createCommandAnalyzer());
}
