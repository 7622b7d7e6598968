/**
 * Attacks: making the hook stall. Two agents (Copilot CLI, Codex) let a tool call run when its
 * hook does not answer in time, so a hook that can be made to hang is a hook that can be made to
 * say yes. Every hook call answers within its budget (src/core/hooks/budget.ts; here
 * BLAST_RADIUS_HOOK_BUDGET=1, one second), with the agent's fail-closed answer when nothing
 * judged it in time; a person being asked in the editor is the one wait the budget yields to.
 *
 * Stalls used, none of them a switch in the product: an editor that never answers; a judge that
 * is stopped (SIGSTOP); a judgement that never ends (a test-only preload, test/fixtures/forged/
 * stall.js, that makes reading `*.stall` files spin); a FIFO given as the file to change, and as
 * the policy file. (Policy regular expressions are not used: they run in a linear-time engine.)
 *
 * "Answers" is asserted as an outcome: the hook exits 0 with the agent's answer (a hook that hung
 * would be killed by the test's own 60 s limit and have no status), and the answer is not allow.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startGuardServer, type GuardAnswer, type GuardServer } from '../../../src/core/guard/server';
import { answerHook } from '../../../src/core/hooks/answer';
import { DEFAULT_HOOK_BUDGET_MS, hookBudgetMs } from '../../../src/core/hooks/budget';
import { judgeFile } from '../../../src/core/hooks/judge';
import type { AgentId } from '../../../src/core/hooks/types';
import { type EditorHost, startBelievedEditor } from '../helpers/editorHost';
import { fixturesDir, repoRoot } from '../helpers/paths';
import { tempDir } from '../helpers/tmp';
import { judgeRecordIn, startJudge } from '../hooks/helpers/judge';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const STALL = path.join(fixturesDir, 'forged', 'stall.js');
const BUDGET = { BLAST_RADIUS_HOOK_BUDGET: '1' };
const NOT_IN_TIME = /could not be judged within 1 s \(the hook's time budget, BLAST_RADIUS_HOOK_BUDGET\)/;

let tmp = '';
let removeTmp = (): void => undefined;
let ws = '';
let runtimes = 0;
const children: ChildProcess[] = [];
const hosts: EditorHost[] = [];
const servers: GuardServer[] = [];

before(() => {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
  ({ dir: tmp, remove: removeTmp } = tempDir('br-budget-'));
  ws = path.join(tmp, 'ws');
  fs.cpSync(path.join(fixturesDir, 'demo-workspace'), ws, { recursive: true });
  fs.writeFileSync(path.join(ws, 'schema.stall'), 'CREATE TABLE t (id INT);\n');
});

after(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const h of hosts) h.stop();
  for (const s of servers) await s.close();
  removeTmp();
});

function newRuntime(): Record<string, string> {
  const dir = path.join(tmp, `run-${++runtimes}`);
  fs.mkdirSync(dir, { mode: 0o700 });
  return { XDG_RUNTIME_DIR: dir, CLAUDE_PROJECT_DIR: '' };
}

function bash(command: string, cwd = ws): object {
  return { session_id: 's', cwd, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: 't' };
}

/** The built hook, as the agent runs it. */
function hookProcess(agent: string, payload: object, env: Record<string, string>, cwd = ws): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'hook', agent], { cwd, env: { ...process.env, ...BUDGET, ...env } });
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => {
      clearTimeout(killer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(JSON.stringify(payload));
  });
}

const decisionOf = (stdout: string): string => (JSON.parse(stdout) as { hookSpecificOutput: { permissionDecision: string } }).hookSpecificOutput.permissionDecision;

/** A believed editor whose decision is `decide` (the stand-in relaying to a server here). */
async function editor(env: Record<string, string>, decide: (hold: (r: string) => void) => Promise<GuardAnswer>): Promise<{ asked: () => number }> {
  let asked = 0;
  const server = await startGuardServer({
    decide: (_req, ctx) => {
      asked++;
      return decide((r) => ctx.hold(r));
    },
  });
  servers.push(server);
  hosts.push(await startBelievedEditor(server, ws, env));
  return { asked: () => asked };
}

// ---------------------------------------------------------------------------------------------
// The setting

test('budget: BLAST_RADIUS_HOOK_BUDGET in seconds, 2 s by default, kept between 0.5 and 20 s', () => {
  const rows: Array<[string | undefined, number]> = [
    [undefined, DEFAULT_HOOK_BUDGET_MS],
    ['', 2000],
    ['1.5', 1500],
    [' 3 ', 3000],
    ['0.1', 500],
    ['0', 500],
    ['-5', 500],
    ['999', 20_000],
    ['soon', 2000],
    ['1e1', 10_000],
  ];
  for (const [v, ms] of rows) assert.equal(hookBudgetMs({ BLAST_RADIUS_HOOK_BUDGET: v }), ms, String(v));
});

// ---------------------------------------------------------------------------------------------
// An editor that never answers

const never = (): Promise<GuardAnswer> => new Promise<GuardAnswer>(() => undefined);

test('stall: an editor that never answers (this process) — the hook stops waiting and the policy decides (ask)', async () => {
  const env = newRuntime();
  const e = await editor(env, never);
  const out = await answerHook('claude-code', JSON.stringify(bash('rm -rf /')), { cwd: ws, env: { ...process.env, ...BUDGET, ...env } });
  assert.equal(e.asked(), 1);
  assert.equal(decisionOf(out.stdout), 'ask');
});

for (const mode of ['own child', 'judge'] as const) {
  test(`stall: an editor that never answers (the built hook, ${mode}) — answered, the policy decides (ask)`, async () => {
    const env = newRuntime();
    if (mode === 'judge') children.push(await startJudge(cli, env['XDG_RUNTIME_DIR']!));
    const e = await editor(env, never);
    const r = await hookProcess('claude-code', bash('rm -rf /'), mode === 'judge' ? env : { ...env, BLAST_RADIUS_HOOK_JUDGE: 'off' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(decisionOf(r.stdout), 'ask');
    assert.equal(e.asked(), 1);
  });
}

// ---------------------------------------------------------------------------------------------
// A person being asked is not cut off by the budget

// A budget long enough that starting the hook on a loaded machine fits in it (the hold must reach
// the launcher before the budget runs out), and an answer that comes well after it.
const LATE_BUDGET = { BLAST_RADIUS_HOOK_BUDGET: '3' };
const lateApproval = (hold: (r: string) => void): Promise<GuardAnswer> => {
  hold('asking the person');
  return new Promise((resolve) => setTimeout(() => resolve({ verdict: 'allow', reason: 'allowed once by you' }), 4500));
};

test('no stall: a person who answers after the budget (the editor held first) is heard (this process)', async () => {
  const env = newRuntime();
  await editor(env, lateApproval);
  const out = await answerHook('claude-code', JSON.stringify(bash('terraform destroy')), { cwd: ws, env: { ...process.env, ...LATE_BUDGET, ...env } });
  assert.equal(decisionOf(out.stdout), 'allow');
});

for (const mode of ['own child', 'judge'] as const) {
  test(`no stall: a person who answers after the budget is heard (the built hook, ${mode}: the hold reaches the launcher)`, async () => {
    const env: Record<string, string> = { ...newRuntime(), ...LATE_BUDGET };
    if (mode === 'judge') children.push(await startJudge(cli, env['XDG_RUNTIME_DIR']!, 300, { env: LATE_BUDGET }));
    await editor(env, lateApproval);
    const r = await hookProcess('claude-code', bash('terraform destroy'), mode === 'judge' ? env : { ...env, BLAST_RADIUS_HOOK_JUDGE: 'off' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(decisionOf(r.stdout), 'allow');
  });
}

// ---------------------------------------------------------------------------------------------
// A judge that is stuck

test('stall: a judge that stopped answering (SIGSTOP) — the launcher answers in time, ends it, and a new judge takes its place', async () => {
  const env = newRuntime();
  const judge = await startJudge(cli, env['XDG_RUNTIME_DIR']!);
  children.push(judge);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => judge.once('exit', (_code, signal) => resolve(signal)));
  const rec = judgeRecordIn(env['XDG_RUNTIME_DIR']!)!;
  process.kill(judge.pid!, 'SIGSTOP');
  const r = await hookProcess('claude-code', bash('git status'), env);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(decisionOf(r.stdout), 'ask', 'even an ordinary command: nothing judged it');
  assert.match(r.stdout, NOT_IN_TIME);
  assert.equal(await exited, 'SIGKILL');
  const next = judgeRecordIn(env['XDG_RUNTIME_DIR']!);
  assert.ok(!next || next.pid !== rec.pid, 'the stuck judge is no longer named');
  assert.ok(fs.existsSync(judgeFile(rec.build, env)) || fs.existsSync(`${judgeFile(rec.build, env)}.starting`), 'a new judge is starting');
});

// ---------------------------------------------------------------------------------------------
// A judgement that never ends, in each agent's dialect

interface Dialect {
  agent: AgentId;
  payload: object;
  /** The fail-closed answer in the agent's terms. */
  answer: RegExp;
}

const stallFile = (): string => path.join(ws, 'schema.stall');

const DIALECTS: Dialect[] = [
  { agent: 'claude-code', payload: { session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: 'schema.stall', content: 'x' }, tool_use_id: 't' }, answer: /^\{"hookSpecificOutput":\{"hookEventName":"PreToolUse","permissionDecision":"ask"/ },
  { agent: 'vscode', payload: { hookEventName: 'PreToolUse', sessionId: 's', cwd: ws, tool_name: 'create_file', tool_input: { filePath: 'schema.stall', content: 'x' }, tool_use_id: 't' }, answer: /"permissionDecision":"ask"/ },
  { agent: 'copilot-cli', payload: { timestamp: 1, cwd: ws, toolName: 'create', toolArgs: JSON.stringify({ path: 'schema.stall', file_text: 'x' }) }, answer: /^\{"permissionDecision":"ask"/ },
  { agent: 'cursor', payload: { hook_event_name: 'preToolUse', conversation_id: 'c', cwd: ws, workspace_roots: [ws], tool_name: 'Write', tool_input: { file_path: 'schema.stall', contents: 'x' }, tool_use_id: 't' }, answer: /^\{"permission":"deny"/ },
  { agent: 'gemini', payload: { session_id: 's', cwd: ws, hook_event_name: 'BeforeTool', tool_name: 'write_file', tool_input: { file_path: 'schema.stall', content: 'x' } }, answer: /^\{"decision":"deny"/ },
  { agent: 'codex', payload: { session_id: 's', turn_id: '1', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'apply_patch', tool_input: { command: '*** Begin Patch\n*** Update File: schema.stall\n@@\n-CREATE TABLE t (id INT);\n+DROP TABLE t;\n*** End Patch\n' }, tool_use_id: 't' }, answer: /"permissionDecision":"deny"/ },
];

for (const d of DIALECTS) {
  test(`stall: a judgement that never ends (${d.agent}) — the fail-closed answer in ${d.agent}'s terms, never silence`, async () => {
    assert.ok(fs.existsSync(stallFile()));
    const env = newRuntime();
    const r = await hookProcess(d.agent, d.payload, { ...env, BLAST_RADIUS_HOOK_JUDGE: 'off', NODE_OPTIONS: `--require ${STALL}` });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, d.answer);
    assert.match(r.stdout, NOT_IN_TIME);
  });
}

// ---------------------------------------------------------------------------------------------
// FIFOs

function fifo(file: string): void {
  fs.rmSync(file, { force: true });
  const r = spawnSync('mkfifo', [file]);
  assert.equal(r.status, 0, String(r.stderr));
}

for (const mode of ['own child', 'judge'] as const) {
  test(`stall: a FIFO as the file an Edit changes (the built hook, ${mode}) — answered, not allowed`, async () => {
    const env = newRuntime();
    if (mode === 'judge') children.push(await startJudge(cli, env['XDG_RUNTIME_DIR']!));
    const file = path.join(ws, `pipe-${mode === 'judge' ? 'j' : 'c'}.sql`);
    fifo(file);
    try {
      const r = await hookProcess('claude-code', { session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Edit', tool_input: { file_path: file, old_string: 'a', new_string: 'b' }, tool_use_id: 't' }, mode === 'judge' ? env : { ...env, BLAST_RADIUS_HOOK_JUDGE: 'off' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(decisionOf(r.stdout), 'ask');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
}

test('stall: a FIFO as the workspace policy file (the built hook) — answered, not allowed', async () => {
  const env = newRuntime();
  const folder = path.join(tmp, 'fifo-policy');
  fs.mkdirSync(path.join(folder, '.git'), { recursive: true });
  fifo(path.join(folder, '.blast-radius.json'));
  const r = await hookProcess('claude-code', bash('terraform destroy', folder), { ...env, BLAST_RADIUS_HOOK_JUDGE: 'off' }, folder);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(decisionOf(r.stdout), 'ask');
});
