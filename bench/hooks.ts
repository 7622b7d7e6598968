/**
 * Agent hook latency: the hook runs before every tool call an agent makes, so starting the CLI
 * and answering an ordinary command must stay under 80 ms (p50). Compared with a bare
 * `node -e ''` start on the same machine, which is the floor.
 *
 * Runs the built CLI (dist/cli.js) as the agents do: a new process per call, the payload on
 * stdin. Measured:
 *   - with the hook judge running (every call after the first in a session): the budget;
 *   - with the editor running too (the editor judges commands): the budget;
 *   - in the hook's own process (the judge turned off; what the first call of a session costs):
 *     reported, with its margin over bare node.
 * When NODE_EXTRA_CA_CERTS is set, bare node is also measured without it: Node 20 reads the
 * extra certificates at every start, which is part of the floor on such machines.
 *
 * Also the /proc proofs the hook runs before it believes a record (src/core/guard/proof.ts):
 * that the editor's record names a VS Code extension host (here the stand-in for code-server's
 * process layout, test/fixtures/editor-host) and the judge's a judge of this CLI, timed in this
 * process, each under 5 ms (p50).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { proveEditor, proveJudge } from '../src/core/guard/proof';
import { startGuardServer } from '../src/core/guard/server';
import { startBelievedEditor } from '../test/unit/helpers/editorHost';
import { findRoot, median, percentile, runMain } from './lib/report';

const RUNS = Number(process.env['BLAST_RADIUS_BENCH_RUNS'] ?? 40);
const BUDGET_MS = 80;
const PROOF_BUDGET_MS = 5;
const PROOF_RUNS = 200;
const PASS_ANSWER = '{"continue":true}\n';

type Env = NodeJS.ProcessEnv;

/** One process start, timed from spawn to exit; its stdout. Asynchronous, so a server in this process can answer it. */
function once(args: string[], input: string, env: Env): Promise<{ ms: number; stdout: string; status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, stdout, status, stderr }));
    child.stdin.end(input);
  });
}

/** RUNS timings after three warm-up runs (file cache), each answer checked. */
async function time(args: string[], input: string, env: Env, expect?: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const r = await once(args, input, env);
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (expect !== undefined && r.stdout !== expect) throw new Error(`unexpected answer from ${args.join(' ')}: ${r.stdout}`);
    if (i >= 3) times.push(r.ms);
  }
  return times;
}

interface Listening {
  host: string;
  port: number;
  pid: number;
  startedAt: string;
}

/** Starts the judge for this runtime folder and waits until it has written its record. */
async function startJudge(cli: string, env: Env): Promise<{ stop: () => void; record: Listening }> {
  const child = spawn(process.execPath, [cli, 'hook', 'judge', '--idle', '120'], { stdio: 'ignore', env });
  const dir = path.join(env['XDG_RUNTIME_DIR']!, 'blast-radius');
  for (let i = 0; i < 300; i++) {
    const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => /^hook-judge-[^.]+\.json$/.test(f)) : undefined;
    if (file) return { stop: () => child.kill(), record: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Listening };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error('the hook judge did not start within 15 s');
}

/** Milliseconds each call of `fn` takes, PROOF_RUNS times; throws when it does not hold. */
function timeProof(what: string, fn: () => { ok: boolean; reason?: string }): number[] {
  const times: number[] = [];
  for (let i = 0; i < PROOF_RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!r.ok) throw new Error(`the ${what} proof failed: ${r.reason ?? ''}`);
  }
  return times;
}

async function main(): Promise<number> {
  const root = findRoot('package.json', 'dist/cli.js');
  const cli = path.join(root, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) {
    process.stderr.write(`bench/hooks: ${cli} is missing; run 'node esbuild.js' first.\n`);
    return 1;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-bench-hooks-'));
  const ws = path.join(tmp, 'ws');
  const runtime = path.join(tmp, 'run');
  fs.mkdirSync(path.join(ws, '.git'), { recursive: true });
  fs.mkdirSync(runtime, { mode: 0o700 });
  const env: Env = { ...process.env, XDG_RUNTIME_DIR: runtime, CLAUDE_PROJECT_DIR: '' };
  const stops: Array<() => void | Promise<void>> = [];
  try {
    const payload = JSON.stringify({
      session_id: 'bench',
      transcript_path: path.join(ws, 'transcript.jsonl'),
      cwd: ws,
      permission_mode: 'default',
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      tool_input: { command: 'git status --short && npm test -- --watch=false', description: 'Run the tests' },
      tool_use_id: 'toolu_bench',
    });
    const hook = [cli, 'hook', 'claude-code'];
    const bare = median(await time(['-e', ''], '', env));
    const caVar = process.env['NODE_EXTRA_CA_CERTS'];
    const bareNoCa = caVar ? median(await time(['-e', ''], '', { ...env, NODE_EXTRA_CA_CERTS: '' })) : undefined;
    const inProcess = median(await time(hook, payload, { ...env, BLAST_RADIUS_HOOK_JUDGE: 'off' }, PASS_ANSWER));

    const judge = await startJudge(cli, env);
    stops.push(judge.stop);
    const judged = median(await time(hook, payload, env, PASS_ANSWER));
    const other = median(await time(hook, payload.replace('"Bash"', '"Read"'), env, PASS_ANSWER));

    let editorCalls = 0;
    const server = await startGuardServer({
      decide: async () => {
        editorCalls++;
        return { verdict: 'allow', reason: '' };
      },
    });
    stops.push(() => server.close());
    const host = await startBelievedEditor(server, ws, env as Record<string, string>);
    stops.push(() => host.stop());
    const editor = median(await time(hook, payload, env, PASS_ANSWER));
    if (editorCalls < RUNS) throw new Error(`the editor answered ${editorCalls} of ${RUNS + 3} calls: its record was not believed`);

    const writtenMs = Date.now();
    const editorProof = timeProof('editor', () => proveEditor({ host: '127.0.0.1', port: host.port, pid: host.pid, writtenMs }));
    const rec = judge.record;
    const judgeProof = timeProof('judge', () => proveJudge({ host: rec.host, port: rec.port, pid: rec.pid, writtenMs: Date.parse(rec.startedAt) }, { exec: process.execPath, script: cli }));
    const proofP50 = Math.max(median(editorProof), median(judgeProof));

    const over = (ms: number): string => `(+${(ms - bare).toFixed(1)} ms over bare node)`;
    const pass = judged < BUDGET_MS && editor < BUDGET_MS && proofP50 < PROOF_BUDGET_MS;
    const ms = (xs: number[]): string => `p50 ${median(xs).toFixed(2)} ms, p99 ${percentile(xs, 0.99).toFixed(2)} ms`;
    process.stdout.write(
      [
        `hooks: node -e '' start                                  p50 ${bare.toFixed(1)} ms (${RUNS} runs)`,
        ...(bareNoCa !== undefined ? [`hooks: node -e '' start without NODE_EXTRA_CA_CERTS        p50 ${bareNoCa.toFixed(1)} ms (this machine sets it)`] : []),
        `hooks: hook, ordinary command, judge running             p50 ${judged.toFixed(1)} ms ${over(judged)}`,
        `hooks: hook, tool not judged, judge running              p50 ${other.toFixed(1)} ms ${over(other)}`,
        `hooks: hook, ordinary command, editor running            p50 ${editor.toFixed(1)} ms ${over(editor)} (the editor judges it)`,
        `hooks: hook, ordinary command, in-process (first call)   p50 ${inProcess.toFixed(1)} ms ${over(inProcess)} (no budget: once per session)`,
        `hooks: /proc proof that the editor record names an extension host   ${ms(editorProof)} (${PROOF_RUNS} runs)`,
        `hooks: /proc proof that the judge record names a judge of this CLI  ${ms(judgeProof)} (${PROOF_RUNS} runs)`,
        `hooks: ${pass ? 'PASS' : 'FAIL'} (budget ${BUDGET_MS} ms p50 for an allowed command, judge and editor running; ${PROOF_BUDGET_MS} ms p50 for each proof)`,
        '',
      ].join('\n'),
    );
    return pass ? 0 : 1;
  } finally {
    for (const stop of stops.reverse()) await stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

runMain(main, 'bench/hooks');
