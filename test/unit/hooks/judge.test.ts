/**
 * The hook judge (src/core/hooks/judge.ts, src/cli/hookJudge.ts, src/cli/launch.ts): its record,
 * its wire format, and its life as a real background process started by the built CLI. The
 * fixtures of every agent run through it in cli.test.ts; here: when it starts and stops, and
 * that nothing wrong with it changes or loses an answer.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import {
  decodeJudgeAnswer,
  decodeJudgeRequest,
  encodeJudgeRequest,
  findJudge,
  judgeEnabled,
  judgeFile,
  judgeStartingFile,
  readJudgeRecordFile,
  writeJudgeRecord,
  type JudgeRecord,
} from '../../../src/core/hooks/judge';
import { fixturesDir, repoRoot } from '../helpers/paths';
import { tempDir } from '../helpers/tmp';
import { judgeRecordIn, launcherOnlyArgs, ROOMY_BUDGET } from './helpers/judge';

const cli = path.join(repoRoot, 'dist', 'cli.js');
/** What a judge of dist/ runs, as the launcher compares it. */
const SELF = { exec: process.execPath, script: cli };
let tmp = '';
let removeTmp = (): void => undefined;
let ws = '';
let launcherOnly: string[] = [];
let build = '';
let runtimeCount = 0;
const started: number[] = [];

function newRuntime(): Record<string, string> {
  const dir = path.join(tmp, `run-${++runtimeCount}`);
  fs.mkdirSync(dir, { mode: 0o700 });
  return { XDG_RUNTIME_DIR: dir };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(40);
  }
}

/** The record in a runtime folder, whatever its build. */
function recordIn(env: Record<string, string>): JudgeRecord | undefined {
  const rec = judgeRecordIn(env['XDG_RUNTIME_DIR']!);
  if (rec && !started.includes(rec.pid)) started.push(rec.pid);
  return rec;
}

function bash(command: string): string {
  return JSON.stringify({ session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: 't' });
}

function hookSync(payload: string, env: Record<string, string>, launcher = [cli]): { stdout: string; stderr: string; status: number | null; error?: Error } {
  return spawnSync(process.execPath, [...launcher, 'hook', 'claude-code'], { input: payload, encoding: 'utf8', env: { ...process.env, ...ROOMY_BUDGET, CLAUDE_PROJECT_DIR: '', ...env }, cwd: ws, timeout: 30_000 });
}

/** The hook without blocking this process (needed when this process plays the judge). */
function hookAsync(payload: string, env: Record<string, string>): Promise<{ stdout: string; stderr: string; status: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'hook', 'claude-code'], { env: { ...process.env, ...ROOMY_BUDGET, CLAUDE_PROJECT_DIR: '', ...env }, cwd: ws });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ stdout, stderr, status }));
    child.stdin.end(payload);
  });
}

/** The answer judged in the hook's own process. */
function inProcess(payload: string, env: Record<string, string>): string {
  const r = hookSync(payload, { ...env, BLAST_RADIUS_HOOK_JUDGE: 'off' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function judge(env: Record<string, string>, ...args: string[]): ChildProcess {
  const child = spawn(process.execPath, [cli, 'hook', 'judge', ...args], { stdio: 'ignore', env: { ...process.env, ...env } });
  if (child.pid) started.push(child.pid);
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}

/** Sends raw bytes to the judge and returns all it answers before closing. */
function rawAsk(rec: JudgeRecord, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const s = net.connect({ host: rec.host, port: rec.port }, () => s.write(bytes));
    s.setEncoding('utf8');
    s.on('data', (d: string) => (got += d));
    s.on('error', reject);
    s.on('close', () => resolve(got));
  });
}

before(async () => {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
  ({ dir: tmp, remove: removeTmp } = tempDir('br-judge-'));
  ws = path.join(tmp, 'ws');
  fs.cpSync(path.join(fixturesDir, 'demo-workspace'), ws, { recursive: true });
  launcherOnly = launcherOnlyArgs(cli, path.join(tmp, 'launcher-only'));
  // The build of dist/: from the record of a judge it starts.
  const env = newRuntime();
  const child = judge(env, '--idle', '5');
  build = (await waitFor('the first judge', () => recordIn(env))).build;
  child.kill();
  await exited(child);
});

after(() => {
  for (const pid of started) {
    try {
      process.kill(pid);
    } catch {
      // gone
    }
  }
  removeTmp();
});

// ---------------------------------------------------------------------------------------------
// The record and the wire format

test('the record is private to the user and found only for its own build and while its process lives; a process that is not a judge is refused', () => {
  const env = newRuntime();
  const file = writeJudgeRecord({ build: 'b1', host: '127.0.0.1', port: 1, token: 'ab'.repeat(24), pid: process.pid }, env);
  assert.equal(file, judgeFile('b1', env));
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
  const found = findJudge('b1', SELF, env);
  assert.equal(found?.record.pid, process.pid);
  assert.match(found?.refused ?? '', /hook-judge-b1\.json was ignored: nothing listens on 127\.0\.0\.1:1$/);
  assert.equal(findJudge('b2', SELF, env), undefined);
  // a record of another build under this build's name is not used
  fs.writeFileSync(judgeFile('b2', env), JSON.stringify({ ...readJudgeRecordFile('b1', env), build: 'b1' }), { mode: 0o600 });
  assert.equal(findJudge('b2', SELF, env), undefined);
});

test('a running judge of this CLI is believed', async () => {
  const env = newRuntime();
  judge(env, '--idle', '30');
  const rec = await waitFor('the judge', () => recordIn(env));
  const found = findJudge(rec.build, SELF, env);
  assert.equal(found?.refused, undefined);
  assert.equal(found?.record.pid, rec.pid);
});

test('a record whose process is gone is removed', () => {
  const env = newRuntime();
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  writeJudgeRecord({ build: 'b1', host: '127.0.0.1', port: 1, token: 'ab'.repeat(24), pid: Number(gone.stdout) }, env);
  assert.equal(findJudge('b1', SELF, env), undefined);
  assert.ok(!fs.existsSync(judgeFile('b1', env)));
});

test('a record in a folder others can write is not trusted', { skip: process.platform === 'win32' ? 'Windows has no POSIX folder modes' : false }, () => {
  const env = newRuntime();
  writeJudgeRecord({ build: 'b1', host: '127.0.0.1', port: 1, token: 'ab'.repeat(24), pid: process.pid }, env);
  fs.chmodSync(path.dirname(judgeFile('b1', env)), 0o777);
  assert.equal(findJudge('b1', SELF, env), undefined);
});

test('requests: the agent, the input, an absolute directory and string variables, or an error', () => {
  const ok = { agent: 'codex', input: '{}', cwd: '/w', env: { A: '1' } };
  assert.deepEqual(decodeJudgeRequest(JSON.stringify({ ...ok, env: { A: '1', B: 2 } })), ok);
  assert.deepEqual(decodeJudgeRequest(encodeJudgeRequest('t', ok as never).split('\n')[1]!), ok);
  const bad: Array<[unknown, RegExp]> = [
    ['not json', /not JSON/],
    [{ ...ok, agent: 'claude' }, /unknown agent/],
    [{ ...ok, input: 5 }, /input/],
    [{ ...ok, cwd: 'relative/dir' }, /cwd/],
    [{ ...ok, env: ['A=1'] }, /env/],
  ];
  for (const [v, why] of bad) {
    const r = decodeJudgeRequest(typeof v === 'string' ? v : JSON.stringify(v));
    assert.ok('error' in r && why.test(r.error), JSON.stringify(v));
  }
});

test('answers: only a complete output that says something is believed', () => {
  assert.deepEqual(decodeJudgeAnswer('{"stdout":"{}\\n","stderr":"","exitCode":0}'), { stdout: '{}\n', stderr: '', exitCode: 0 });
  assert.deepEqual(decodeJudgeAnswer('{"stdout":"","stderr":"why\\n","exitCode":2}'), { stdout: '', stderr: 'why\n', exitCode: 2 });
  for (const line of ['', 'nonsense', '{"stdout":"","stderr":"","exitCode":0}', '{"stdout":"{}","exitCode":0}', '{"stdout":"{}","stderr":"","exitCode":"0"}']) {
    assert.equal(decodeJudgeAnswer(line), undefined, line);
  }
});

test('the switch: BLAST_RADIUS_HOOK_JUDGE=off, 0 or false turns the judge off', () => {
  for (const v of ['off', 'OFF', '0', 'false']) assert.equal(judgeEnabled({ BLAST_RADIUS_HOOK_JUDGE: v }), false, v);
  for (const v of [undefined, '', 'on', '1']) assert.equal(judgeEnabled({ BLAST_RADIUS_HOOK_JUDGE: v }), true, String(v));
});

// ---------------------------------------------------------------------------------------------
// The judge as a process

test('the first hook call answers in-process without waiting for the judge it starts; the judge then answers the same', async () => {
  const env = newRuntime();
  const payload = bash('terraform destroy -auto-approve');
  const r = hookSync(payload, env);
  assert.equal(r.error, undefined, 'the hook returned only when the judge exited: the judge held its output open');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, inProcess(payload, env));
  assert.match(r.stdout, /"permissionDecision":"ask"/);
  const rec = await waitFor('the judge started by the hook', () => recordIn(env));
  assert.equal(rec.build, build);
  await waitFor('the start marker to go', () => (fs.existsSync(judgeStartingFile(build, env)) ? undefined : true));
  // Through a launcher with nothing beside it, only the judge can answer.
  const viaJudge = hookSync(payload, env, launcherOnly);
  assert.equal(viaJudge.status, 0, viaJudge.stderr);
  assert.equal(viaJudge.stdout, r.stdout);
});

test('a request with the wrong token gets no answer', async () => {
  const env = newRuntime();
  judge(env, '--idle', '30');
  const rec = await waitFor('the judge', () => recordIn(env));
  const req = { agent: 'claude-code' as const, input: bash('rm -rf /'), cwd: ws, env: {} };
  assert.equal(await rawAsk(rec, encodeJudgeRequest('0'.repeat(48), req)), '');
  assert.match(await rawAsk(rec, encodeJudgeRequest(rec.token, req)), /"permissionDecision\\":\\"ask\\"/);
});

test('the judge follows changes to the workspace policy', async () => {
  const env = newRuntime();
  judge(env, '--idle', '30');
  await waitFor('the judge', () => recordIn(env));
  const policy = path.join(ws, '.blast-radius.json');
  const payload = bash('terraform destroy -auto-approve');
  const decision = (): string => {
    const r = hookSync(payload, env, launcherOnly);
    assert.equal(r.status, 0, r.stderr);
    return (JSON.parse(r.stdout) as { hookSpecificOutput: { permissionDecision: string } }).hookSpecificOutput.permissionDecision;
  };
  try {
    assert.equal(decision(), 'ask');
    fs.writeFileSync(policy, JSON.stringify({ version: 1, severity: { critical: 'deny', high: 'deny' } }));
    assert.equal(decision(), 'deny');
    fs.rmSync(policy);
    assert.equal(decision(), 'ask');
  } finally {
    fs.rmSync(policy, { force: true });
  }
});

test('a judge that dies is not missed: the call is judged in-process and a new judge takes over', async () => {
  const env = newRuntime();
  const first = judge(env, '--idle', '30');
  await waitFor('the judge', () => recordIn(env));
  first.kill('SIGKILL');
  await exited(first);
  const payload = bash('git push --force origin main');
  const r = hookSync(payload, env);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, inProcess(payload, env));
  const next = await waitFor('a new judge', () => {
    const rec = recordIn(env);
    return rec && rec.pid !== first.pid ? rec : undefined;
  });
  assert.notEqual(next.pid, first.pid);
});

test('a judge that answers nothing usable is not believed: the call is judged in-process', async () => {
  const payload = bash('terraform destroy -auto-approve');
  for (const reply of ['{"stdout":"","stderr":"","exitCode":0}\n', 'garbage\n', '']) {
    const env = newRuntime();
    const fake = net.createServer((c) => c.end(reply));
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    try {
      writeJudgeRecord({ build, host: '127.0.0.1', port: (fake.address() as net.AddressInfo).port, token: 'ab'.repeat(24), pid: process.pid }, env);
      const r = await hookAsync(payload, env);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, inProcess(payload, env), JSON.stringify(reply));
      assert.match(r.stdout, /"permissionDecision":"ask"/);
      // That record is not used again: a real judge takes its place.
      await waitFor('a real judge in place of the fake one', () => {
        const rec = recordIn(env);
        return rec && rec.pid !== process.pid ? rec : undefined;
      });
    } finally {
      fake.close();
    }
  }
});

test('a record naming a live process that is not a judge is replaced', async () => {
  const env = newRuntime();
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  writeJudgeRecord({ build, host: '127.0.0.1', port, token: 'ab'.repeat(24), pid: process.pid }, env);
  const payload = bash('terraform destroy');
  const r = await hookAsync(payload, env);
  assert.equal(r.stdout, inProcess(payload, env));
  const rec = await waitFor('a real judge', () => {
    const x = recordIn(env);
    return x && x.pid !== process.pid ? x : undefined;
  });
  assert.equal(rec.build, build);
});

test('the judge stops after its idle time and takes its record with it', async () => {
  const env = newRuntime();
  const child = judge(env, '--idle', '1');
  await waitFor('the judge', () => recordIn(env));
  assert.equal(await exited(child), 0);
  assert.equal(recordIn(env), undefined);
});

test('the judge stops when its record is removed', async () => {
  const env = newRuntime();
  const child = judge(env, '--idle', '300');
  const rec = await waitFor('the judge', () => recordIn(env));
  fs.rmSync(judgeFile(rec.build, env));
  assert.equal(await exited(child), 0);
});

test('hook judge --stop stops the running judge, and says so when there is none', async () => {
  const env = newRuntime();
  const child = judge(env, '--idle', '300');
  const rec = await waitFor('the judge', () => recordIn(env));
  const r = spawnSync(process.execPath, [cli, 'hook', 'judge', '--stop'], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `Stopping the hook judge (process ${rec.pid}); it exits within a few seconds.\n`);
  assert.equal(await exited(child), 0);
  const again = spawnSync(process.execPath, [cli, 'hook', 'judge', '--stop'], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(again.stdout, 'No hook judge of this version is running.\n');
});

test('a second judge of the same build leaves the running one in place', async () => {
  const env = newRuntime();
  judge(env, '--idle', '30');
  const rec = await waitFor('the judge', () => recordIn(env));
  assert.equal(await exited(judge(env, '--idle', '30')), 0);
  assert.equal(recordIn(env)?.pid, rec.pid);
});

test('with BLAST_RADIUS_HOOK_JUDGE=off the hook starts no judge', () => {
  const env = newRuntime();
  const r = hookSync(bash('ls'), { ...env, BLAST_RADIUS_HOOK_JUDGE: 'off' });
  assert.equal(r.status, 0, r.stderr);
  const dir = path.join(env['XDG_RUNTIME_DIR']!, 'blast-radius');
  assert.deepEqual(fs.existsSync(dir) ? fs.readdirSync(dir) : [], []);
});

test('hook judge: bad options are refused with a message', () => {
  const r = spawnSync(process.execPath, [cli, 'hook', 'judge', '--idle', 'soon'], { encoding: 'utf8' });
  assert.equal(r.status, 64);
  assert.match(r.stderr, /--idle takes a number of seconds/);
  const help = spawnSync(process.execPath, [cli, 'hook', 'judge', '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: blast-radius hook judge/);
});
