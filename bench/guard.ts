/**
 * Terminal guard performance, measured with real shells against a real guard server, printed
 * as a table with targets:
 *
 *   round trip, allowed line       bash /dev/tcp → server → bash, in bash (EPOCHREALTIME)   p50 < 5 ms, p99 < 10 ms
 *   … with the command engine      the same, the real analyzer and probes deciding           p50 < 5 ms, p99 < 10 ms
 *                                  as the editor does (an ordinary line: no probe runs)
 *   … a line a probe measures      `git checkout -- README.md` in a repository (git runs)    p95 < 50 ms (the local probe budget)
 *   … zsh                          ztcp                                                      p50 < 5 ms, p99 < 10 ms
 *   … fish                         the bash client fish starts per line (mean)               < 10 ms
 *   prompt overhead                interactive bash, empty lines, guarded vs not             < 5 ms per prompt
 *   per command line               interactive bash, `:` lines (includes the round trip)     < 5 ms per line
 *   DEBUG trap                     cost per simple command inside a line                     < 50 µs
 *
 * Not a timed test: it reports. Run with `npm run bench` (scripts/bench.mjs runs every
 * out/bench/*.js).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCommandAnalyzer } from '../src/core/command/analyze';
import { commandContext } from '../src/core/command/environment';
import { judgeMeasured } from '../src/core/probe/index';
import { applyEnvironment, guardEnvironment } from '../src/core/guard/env';
import { type Decide, type GuardServer, startGuardServer } from '../src/core/guard/server';
import { findRoot, quantile, runMain, table, type Row } from './lib/report';

const SAMPLES = 1000;
const WARMUP = 50;
const PROMPT_LINES = 400;
const RUNS = 5;

const root = findRoot('media/guard/bash-guard.sh');
const media = path.join(root, 'media', 'guard');

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program without blocking the event loop (the guard server lives in this process). */
function run(cmd: string, args: string[], opts: { env: Record<string, string>; input?: string; cwd?: string }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env, stdio: ['pipe', 'pipe', 'pipe'], ...(opts.cwd ? { cwd: opts.cwd } : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

function have(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
}

function ms(x: number): string {
  return `${x.toFixed(2)} ms`;
}

/** A plain environment with the guard's variables for this server. */
function guardedEnv(server: GuardServer, runDir: string): Record<string, string> {
  const base: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: runDir, LANG: 'C.UTF-8', TERM: 'dumb' };
  return applyEnvironment(
    base,
    guardEnvironment({
      port: server.port,
      token: server.token,
      mediaDir: media,
      runDir,
      offline: 'refuse-destructive',
      waitSeconds: 30,
      processEnv: base,
      platform: process.platform,
    }),
  );
}

/** Round trips timed inside the shell itself (run in `cwd`); returns milliseconds, sorted. */
async function shellRoundTrips(shell: 'bash' | 'zsh', env: Record<string, string>, line: string, samples = SAMPLES, cwd?: string): Promise<number[]> {
  const script =
    shell === 'bash'
      ? `source "$1/bash-common.sh"
         for ((i = 0; i < $2 + $3; i++)); do
           t0=\${EPOCHREALTIME/./}; __br_ask bash $$ $i - "$4"; t1=\${EPOCHREALTIME/./}
           [[ $__br_verdict == allow ]] || { echo "verdict $__br_verdict $__br_reason" >&2; exit 1; }
           ((i >= $3)) && echo $((t1 - t0))
         done`
      : `source "$1/zsh/zsh-common.zsh"
         for ((i = 0; i < $2 + $3; i++)); do
           t0=$EPOCHREALTIME; __br_ask $$ $i - "$4"; t1=$EPOCHREALTIME
           [[ $__br_verdict == allow ]] || { echo "verdict $__br_verdict $__br_reason" >&2; exit 1; }
           (( i >= $3 )) && printf '%d\\n' $(( (t1 - t0) * 1000000 ))
         done`;
  const args = shell === 'bash' ? ['--norc', '--noprofile', '-c', script] : ['-f', '-c', script];
  const { BASH_ENV: _b, ZDOTDIR: _z, ...env2 } = env;
  const r = await run(shell, [...args, 'bench', media, String(samples), String(WARMUP), line], { env: env2, ...(cwd ? { cwd } : {}) });
  if (r.status !== 0) throw new Error(`${shell} round trips failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => Number(l) / 1000)
    .sort((a, b) => a - b);
}

function roundTripRow(what: string, samples: number[]): Row {
  const p50 = quantile(samples, 0.5);
  const p99 = quantile(samples, 0.99);
  return { what, value: `p50 ${ms(p50)}, p99 ${ms(p99)}`, target: 'p50 < 5 ms, p99 < 10 ms', pass: p50 < 5 && p99 < 10 };
}

/** Mean time of the fish path: the bash client started once per line (as fish does). */
async function fishClientMean(env: Record<string, string>): Promise<number> {
  const n = 100;
  const script = `set -l t0 (date +%s%N); for i in (seq ${n}); BASH_ENV= bash --norc --noprofile ${media}/bash-client.sh fish $fish_pid $i -- 'ls -la' >/dev/null; or exit 1; end; set -l t1 (date +%s%N); math "($t1 - $t0) / 1000000 / ${n}"`;
  const r = await run('fish', ['--no-config', '-c', script], { env });
  if (r.status !== 0) throw new Error(`fish client failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}

/** Wall time of an interactive bash fed `lines` through a pipe, median of RUNS. */
async function interactiveBash(env: Record<string, string>, input: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await run('bash', ['--norc', '--noprofile', '-i'], { env, input });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`interactive bash failed: ${r.stderr.slice(-500)}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

/** Extra time per line that the installed guard adds, from N lines versus none. */
async function overheadPerLine(guarded: Record<string, string>, plain: Record<string, string>, line: string): Promise<number> {
  const body = `${line}\n`.repeat(PROMPT_LINES) + 'exit\n';
  const g = (await interactiveBash(guarded, body)) - (await interactiveBash(guarded, 'exit\n'));
  const p = (await interactiveBash(plain, body)) - (await interactiveBash(plain, 'exit\n'));
  return (g - p) / PROMPT_LINES;
}

/** DEBUG trap cost per simple command: a loop of `:` in one guarded line versus unguarded. */
async function trapCostMicros(guarded: Record<string, string>, plain: Record<string, string>): Promise<number> {
  const n = 20000;
  const body = `t0=\${EPOCHREALTIME/./}; for ((i = 0; i < ${n}; i++)); do :; done; t1=\${EPOCHREALTIME/./}; echo "LOOP $((t1 - t0))"\nexit\n`;
  const loop = async (env: Record<string, string>): Promise<number> => {
    const r = await run('bash', ['--norc', '--noprofile', '-i'], { env, input: body });
    const m = /LOOP (\d+)/.exec(r.stdout);
    if (!m) throw new Error(`loop failed: ${r.stdout.slice(-300)} ${r.stderr.slice(-300)}`);
    return Number(m[1]);
  };
  const best = async (env: Record<string, string>): Promise<number> => Math.min(await loop(env), await loop(env), await loop(env));
  const g = await best(guarded);
  const p = await best(plain);
  // two simple commands per iteration: the (( )) test and `:`
  return (g - p) / (2 * n);
}

async function main(): Promise<number> {
  if (!have('bash')) {
    process.stdout.write('Terminal guard: bash is not installed; nothing measured.\n');
    return 0;
  }
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-bench-guard-'));
  fs.chmodSync(runDir, 0o700);
  const allowAll: Decide = async () => ({ verdict: 'allow', reason: '' });
  const analyzer = await createCommandAnalyzer();
  // as the editor decides (src/extension/guard/decision.ts): the rules, then the local probes for
  // the commands they know; a held line would wait for a person, which is not timed here
  const engine: Decide = async (req) => {
    const ctx = commandContext(req.cwd, req.cwd, req.shell === 'zsh' ? 'zsh' : 'bash');
    const { verdict } = await judgeMeasured(analyzer, req.line, ctx, { slow: false });
    return { verdict: verdict.decision === 'allow' ? 'allow' : 'deny', reason: verdict.decision };
  };
  // a clean repository: `git checkout -- README.md` is measured (git runs) and allowed
  const repo = path.join(runDir, 'repo');
  fs.mkdirSync(repo);
  const git = (...a: string[]): void => {
    const r = spawnSync('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=Bench', ...a], { cwd: repo, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${a.join(' ')} failed: ${r.stderr}`);
  };
  git('init', '-q');
  fs.writeFileSync(path.join(repo, 'README.md'), '# bench\n');
  git('add', '-A');
  git('commit', '-qm', 'Initial');
  const plainServer = await startGuardServer({ decide: allowAll });
  const engineServer = await startGuardServer({ decide: engine });
  const rows: Row[] = [];
  try {
    const env = guardedEnv(plainServer, runDir);
    rows.push(roundTripRow('round trip, allowed line (bash /dev/tcp → server → bash)', await shellRoundTrips('bash', env, 'ls -la')));
    rows.push(
      roundTripRow(
        '… with the command engine and probes deciding (git status && npm test)',
        await shellRoundTrips('bash', guardedEnv(engineServer, runDir), 'git status && npm test'),
      ),
    );
    const measured = await shellRoundTrips('bash', guardedEnv(engineServer, runDir), 'git checkout -- README.md', 200, repo);
    const p95 = quantile(measured, 0.95);
    rows.push({
      what: '… a line a probe measures (git checkout -- README.md, clean, git runs)',
      value: `p50 ${ms(quantile(measured, 0.5))}, p95 ${ms(p95)}`,
      target: 'p95 < 50 ms',
      pass: p95 < 50,
    });
    if (have('zsh')) rows.push(roundTripRow('… from zsh (ztcp)', await shellRoundTrips('zsh', env, 'ls -la')));
    if (have('fish')) {
      const mean = await fishClientMean(env);
      rows.push({ what: '… from fish (bash client started per line), mean', value: ms(mean), target: '< 10 ms', pass: mean < 10 });
    }
    const plainEnv: Record<string, string> = { PATH: env.PATH!, HOME: runDir, LANG: 'C.UTF-8', TERM: 'dumb' };
    const prompt = await overheadPerLine(env, plainEnv, '');
    rows.push({ what: `prompt overhead of the installed guard (bash, ${PROMPT_LINES} empty lines)`, value: ms(prompt), target: '< 5 ms', pass: prompt < 5 });
    const perLine = await overheadPerLine(env, plainEnv, ':');
    rows.push({ what: `overhead per command line, round trip included (bash, ${PROMPT_LINES} lines)`, value: ms(perLine), target: '< 5 ms', pass: perLine < 5 });
    const trap = await trapCostMicros(env, plainEnv);
    rows.push({ what: 'DEBUG trap per simple command inside a line (bash)', value: `${trap.toFixed(1)} µs`, target: '< 50 µs', pass: trap < 50 });
  } finally {
    await plainServer.close();
    await engineServer.close();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  const versions = spawnSync('bash', ['-c', 'echo $BASH_VERSION'], { encoding: 'utf8' }).stdout.trim();
  process.stdout.write(
    `Terminal guard (${os.cpus().length} CPUs, bash ${versions}, ${SAMPLES} samples per round trip, load average ${os.loadavg()[0]!.toFixed(1)} at the end)\n`,
  );
  process.stdout.write(`${table(rows)}\n`);
  return rows.every((r) => r.pass) ? 0 : 1;
}

runMain(main, 'bench/guard');
