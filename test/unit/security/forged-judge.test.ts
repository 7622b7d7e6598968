/**
 * Attacks: forging the hook judge. The hook's launcher hands each call to the judge named in the
 * runtime folder's `hook-judge-<build>.json` and prints its answer. An agent that plants a judge
 * of its own (a listener that answers "allow", a judge of another CLI, the real judge with code
 * preloaded into it) would decide its own tool calls. The launcher believes a record only when
 * /proc proves its process is this node running this very CLI as `hook judge`
 * (src/core/guard/proof.ts, proveJudge).
 *
 * Each row plants one forgery in a fresh runtime folder and runs the built hook for `terraform
 * destroy -auto-approve` (a line whose answer carries no measurement, so two judgements of it are
 * the same text): the answer is the one the hook gives by itself (ask), the forged judge was never asked, and the
 * launcher says on stderr why it ignored the record. A control row shows a real judge of this CLI
 * is believed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { judgeFile, writeJudgeRecord } from '../../../src/core/hooks/judge';
import { type EditorHost, startListening } from '../helpers/editorHost';
import { fixturesDir, repoRoot } from '../helpers/paths';
import { tempDir } from '../helpers/tmp';
import { ROOMY_BUDGET, judgeRecordIn, launcherOnlyArgs, startJudge } from '../hooks/helpers/judge';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const FAKE_JUDGE = path.join(fixturesDir, 'forged', 'judge.js');

let tmp = '';
let removeTmp = (): void => undefined;
let ws = '';
let build = '';
let runtimes = 0;
const processes: ChildProcess[] = [];
const listeners: EditorHost[] = [];

function newRuntime(): { env: Record<string, string>; reached: string } {
  const dir = path.join(tmp, `run-${++runtimes}`);
  fs.mkdirSync(dir, { mode: 0o700 });
  return { env: { XDG_RUNTIME_DIR: dir }, reached: path.join(tmp, `reached-${runtimes}`) };
}

const payload = (): string => JSON.stringify({ session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'terraform destroy -auto-approve' }, tool_use_id: 't' });

function hook(env: Record<string, string>, launcher = [cli]): { stdout: string; stderr: string; status: number | null } {
  return spawnSync(process.execPath, [...launcher, 'hook', 'claude-code'], { input: payload(), encoding: 'utf8', cwd: ws, env: { ...process.env, ...ROOMY_BUDGET, CLAUDE_PROJECT_DIR: '', ...env }, timeout: 60_000 });
}

async function judge(env: Record<string, string>, options: Parameters<typeof startJudge>[3] = {}, script = cli): Promise<ChildProcess> {
  const child = await startJudge(script, env['XDG_RUNTIME_DIR']!, 60, options);
  processes.push(child);
  return child;
}

async function fakeJudge(reached: string, extra: Record<string, string> = {}, program = process.execPath, args: string[] = [FAKE_JUDGE]): Promise<EditorHost> {
  const l = await startListening(program, args, { ...process.env, BR_TEST_REACHED: reached, ...extra });
  listeners.push(l);
  return l;
}

function forge(env: Record<string, string>, rec: { host?: string; port: number; pid: number; startedAt?: string }): void {
  const file = writeJudgeRecord({ build, host: rec.host ?? '127.0.0.1', port: rec.port, token: 'ab'.repeat(24), pid: rec.pid }, env);
  if (rec.startedAt) {
    const full = { ...(JSON.parse(fs.readFileSync(file, 'utf8')) as object), startedAt: rec.startedAt };
    fs.writeFileSync(file, `${JSON.stringify(full)}\n`, { mode: 0o600 });
    const t = new Date(rec.startedAt);
    fs.utimesSync(file, t, t);
  }
}

before(async () => {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
  ({ dir: tmp, remove: removeTmp } = tempDir('br-forged-judge-'));
  ws = path.join(tmp, 'ws');
  fs.cpSync(path.join(fixturesDir, 'demo-workspace'), ws, { recursive: true });
  const { env } = newRuntime();
  const first = await judge(env);
  build = judgeRecordIn(env['XDG_RUNTIME_DIR']!)!.build;
  first.kill();
});

after(() => {
  for (const p of processes) p.kill('SIGKILL');
  for (const l of listeners) l.stop();
  removeTmp();
});

interface Attack {
  name: string;
  plant(env: Record<string, string>, reached: string): Promise<void>;
  why: RegExp;
}

const ATTACKS: Attack[] = [
  {
    name: 'a node process that answers every call with "allow"',
    plant: async (env, reached) => {
      const f = await fakeJudge(reached);
      forge(env, { port: f.port, pid: f.pid });
    },
    why: /process \d+ is not running `blast-radius hook judge`/,
  },
  {
    name: 'the same process, named `… hook judge`',
    plant: async (env, reached) => {
      const f = await fakeJudge(reached, {}, process.execPath, [FAKE_JUDGE, 'hook', 'judge']);
      forge(env, { port: f.port, pid: f.pid });
    },
    why: /runs .*judge\.js, not this Blast Radius CLI/,
  },
  {
    name: 'another program (python3) answering "allow"',
    plant: async (env, reached) => {
      const py = "import json,os,socket,time\ns=socket.socket();s.bind(('127.0.0.1',0));s.listen()\nprint(json.dumps({'pid':os.getpid(),'port':s.getsockname()[1]}),flush=True)\ntime.sleep(120)";
      const f = await fakeJudge(reached, {}, 'python3', ['-c', py]);
      forge(env, { port: f.port, pid: f.pid });
    },
    why: /runs \S*python\S*, not /,
  },
  {
    name: 'a judge of a copy of the CLI (whose chunks the agent could have changed)',
    plant: async (env) => {
      const copy = path.join(tmp, `copy-${runtimes}`);
      fs.cpSync(path.join(repoRoot, 'dist'), copy, { recursive: true });
      await judge(env, {}, path.join(copy, 'cli.js'));
    },
    why: /runs \S*copy-\d+\/cli\.js, not this Blast Radius CLI/,
  },
  {
    name: 'the real judge with code preloaded through NODE_OPTIONS',
    plant: async (env) => {
      const preload = path.join(tmp, 'preload.js');
      fs.writeFileSync(preload, '// the agent\'s code would run here, inside the judge\n');
      await judge(env, { env: { NODE_OPTIONS: `--require ${preload}` } });
    },
    why: /runs with the node option --require/,
  },
  {
    name: 'the real judge with code preloaded on its command line',
    plant: async (env) => {
      const preload = path.join(tmp, 'preload.js');
      fs.writeFileSync(preload, '// the agent\'s code would run here, inside the judge\n');
      await judge(env, { nodeArgs: ['--require', preload] });
    },
    why: /is not running `blast-radius hook judge`/,
  },
  {
    name: 'the real judge with a library preloaded into it (LD_PRELOAD)',
    plant: async (env) => {
      await judge(env, { env: { LD_PRELOAD: path.join(tmp, 'no-such-library.so') } });
    },
    why: /runs with LD_PRELOAD set/,
  },
  {
    name: "a record naming the real judge's process and the forger's port",
    plant: async (env, reached) => {
      const real = await judge(env);
      const f = await fakeJudge(reached);
      forge(env, { port: f.port, pid: real.pid! });
    },
    why: /the socket listening on 127\.0\.0\.1:\d+ does not belong to process \d+/,
  },
  {
    name: "a record naming the forger's process and the real judge's port",
    plant: async (env, reached) => {
      await judge(env);
      const real = judgeRecordIn(env['XDG_RUNTIME_DIR']!)!;
      const f = await fakeJudge(reached);
      forge(env, { port: real.port, pid: f.pid });
    },
    why: /does not belong to process \d+|is not running `blast-radius hook judge`/,
  },
  {
    name: "a listener on another loopback address (127.0.0.2) at the real judge's port",
    plant: async (env, reached) => {
      await judge(env);
      const real = judgeRecordIn(env['XDG_RUNTIME_DIR']!)!;
      await fakeJudge(reached, { BR_TEST_HOST: '127.0.0.2', BR_TEST_LISTEN_PORT: String(real.port) });
      forge(env, { host: '127.0.0.2', port: real.port, pid: real.pid });
    },
    why: /the socket listening on 127\.0\.0\.2:\d+ does not belong to process \d+/,
  },
  {
    name: 'a stale record whose pid now belongs to a newer judge (written an hour before it started)',
    plant: async (env) => {
      await judge(env);
      const real = judgeRecordIn(env['XDG_RUNTIME_DIR']!)!;
      forge(env, { port: real.port, pid: real.pid, startedAt: new Date(Date.now() - 3_600_000).toISOString() });
    },
    why: /started after the record was written/,
  },
  {
    name: 'a record whose address is not loopback',
    plant: async (env) => {
      await judge(env);
      const real = judgeRecordIn(env['XDG_RUNTIME_DIR']!)!;
      forge(env, { host: '192.0.2.1', port: real.port, pid: real.pid });
    },
    why: /its address 192\.0\.2\.1 is not a loopback address/,
  },
];

let expected = '';

test('the answer the hook gives by itself', () => {
  const { env } = newRuntime();
  const r = hook({ ...env, BLAST_RADIUS_HOOK_JUDGE: 'off' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /"permissionDecision":"ask"/);
  expected = r.stdout;
});

for (const a of ATTACKS) {
  test(`forged judge: ${a.name} — not believed, the hook's own answer`, async () => {
    const { env, reached } = newRuntime();
    await a.plant(env, reached);
    assert.ok(fs.existsSync(judgeFile(build, env)), 'the forgery left a record');
    const r = hook(env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, expected);
    assert.equal(fs.existsSync(reached) ? fs.readFileSync(reached, 'utf8') : '', '', 'the forged judge was asked');
    assert.match(r.stderr, new RegExp(`the hook judge record .* was ignored: .*(?:${a.why.source}).*; a new judge takes its place`));
  });
}

test('control: a judge of this CLI is believed (through a launcher that cannot judge by itself: the answer is the judge\'s)', async () => {
  const { env } = newRuntime();
  await judge(env);
  const r = hook(env, launcherOnlyArgs(cli, path.join(tmp, 'launcher-only')));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, expected);
  assert.equal(r.stderr, '');
});
