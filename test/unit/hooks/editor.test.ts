/**
 * With an editor running for the workspace: the hook (the built CLI) finds the guard server
 * through the discovery file, forwards the agent's command, and the editor's answer (here a
 * test decider standing in for the person at the modal) reaches the agent's output. The record
 * names a stand-in for code-server's extension host (helpers/editorHost.ts) that relays to this
 * process's server, so /proc proves it as the hook requires.
 *
 * Every case runs three times: through `answerHook` (core/hooks/answer.ts) called in this
 * process, in the hook's own process, and through the hook judge (a launcher with no CLI beside
 * it, so only the judge can have forwarded the command).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeDiscovery, discoveryFile } from '../../../src/core/guard/discovery';
import { answerHook } from '../../../src/core/hooks/answer';
import { type CheckRequest, type EditRequest, parseEditSummary } from '../../../src/core/guard/protocol';
import { startGuardServer, type GuardAnswer, type GuardServer } from '../../../src/core/guard/server';
import type { AgentId } from '../../../src/core/hooks/types';
import { type EditorHost, startBelievedEditor } from '../helpers/editorHost';
import { fixturesDir, repoRoot } from '../helpers/paths';
import { tempDir } from '../helpers/tmp';
import { launcherOnlyArgs, startJudge, ROOMY_BUDGET } from './helpers/judge';

const cli = path.join(repoRoot, 'dist', 'cli.js');
let tmp = '';
let removeTmp = (): void => undefined;
let ws = '';
let runtime = '';
let server: GuardServer;
const seen: CheckRequest[] = [];
let next: (req: CheckRequest, hold: (r: string) => void) => Promise<GuardAnswer> = async () => ({ verdict: 'allow', reason: '' });
const seenEdits: EditRequest[] = [];
let nextEdit: (req: EditRequest, hold: (r: string) => void) => Promise<GuardAnswer> = async () => ({ verdict: 'deny', reason: 'not set' });

type Mode = 'function' | 'in-process' | 'judge';
let launcherOnly: string[] = [];
let judge: ChildProcess | undefined;
let editorHost: EditorHost | undefined;

async function runHook(mode: Mode, agent: string, payload: object): Promise<{ stdout: string; stderr: string; status: number | null }> {
  if (mode === 'function') {
    const out = await answerHook(agent as AgentId, JSON.stringify(payload), { cwd: process.cwd(), env: { ...process.env, ...ROOMY_BUDGET, XDG_RUNTIME_DIR: runtime, CLAUDE_PROJECT_DIR: '' } });
    return { stdout: out.stdout, stderr: out.stderr, status: out.exitCode };
  }
  return new Promise((resolve) => {
    const judgeEnv = mode === 'judge' ? {} : { BLAST_RADIUS_HOOK_JUDGE: 'off' };
    const child = spawn(process.execPath, [...(mode === 'judge' ? launcherOnly : [cli]), 'hook', agent], {
      env: { ...process.env, ...ROOMY_BUDGET, XDG_RUNTIME_DIR: runtime, CLAUDE_PROJECT_DIR: '', ...judgeEnv },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ stdout, stderr, status }));
    child.stdin.end(JSON.stringify(payload));
  });
}

function write(file: string, content: string, cwd = ws): object {
  return { session_id: 's', cwd, hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: path.join(cwd, file), content }, tool_use_id: 't' };
}

function bash(command: string, cwd = ws): object {
  return { session_id: 's', cwd, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: 't' };
}

before(async () => {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
  ({ dir: tmp, remove: removeTmp } = tempDir('br-editor-'));
  ws = path.join(tmp, 'ws');
  runtime = path.join(tmp, 'run');
  fs.cpSync(path.join(fixturesDir, 'demo-workspace'), ws, { recursive: true });
  fs.mkdirSync(runtime, { mode: 0o700 });
  server = await startGuardServer({
    decide: (req, ctx) => {
      seen.push(req);
      return next(req, (r) => ctx.hold(r));
    },
    decideEdit: (req, ctx) => {
      seenEdits.push(req);
      return nextEdit(req, (r) => ctx.hold(r));
    },
  });
  editorHost = await startBelievedEditor(server, ws, { XDG_RUNTIME_DIR: runtime });
  launcherOnly = launcherOnlyArgs(cli, path.join(tmp, 'launcher-only'));
});

after(async () => {
  judge?.kill();
  editorHost?.stop();
  await server.close();
  removeTmp();
});

test('the discovery file is private to the user', () => {
  const file = discoveryFile(ws, { XDG_RUNTIME_DIR: runtime });
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
});

function cases(mode: Mode): void {
  const hook = (agent: string, payload: object): ReturnType<typeof runHook> => runHook(mode, agent, payload);
  test(`${mode}: the command reaches the editor; the person's approval reaches the agent as an allow`, async () => {
    seen.length = 0;
    next = async (_req, hold) => {
      hold('asking the person');
      return { verdict: 'allow', reason: 'run once' };
    };
    const r = await hook('claude-code', bash('terraform destroy -auto-approve', path.join(ws, 'terraform')));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.line, 'terraform destroy -auto-approve');
    assert.equal(seen[0]!.cwd, path.join(ws, 'terraform'));
    assert.equal(seen[0]!.shell, 'bash');
    assert.deepEqual(JSON.parse(r.stdout), {
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'allow',
        permissionDecisionReason: 'Blast Radius: the user approved `terraform destroy -auto-approve` in the editor.',
      },
    });
  });

  test(`${mode}: the person's refusal reaches the agent as a deny with the editor's reason`, async () => {
    next = async (_req, hold) => {
      hold('asking the person');
      return { verdict: 'deny', reason: 'denied by the user' };
    };
    const r = await hook('codex', { ...bash('rm -rf build'), turn_id: '1' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'deny',
        permissionDecisionReason:
          'Blast Radius: the user refused `rm -rf build` in the editor (denied by the user). Do not retry it or work around it; ask the user how they want to proceed.',
      },
    });
  });

  test(`${mode}: an editor allow without asking anyone is no objection, not an approval`, async () => {
    next = async () => ({ verdict: 'allow', reason: '' });
    const r = await hook('claude-code', bash('git status'));
    assert.equal(r.stdout, '{"continue":true}\n');
  });

  test(`${mode}: a policy refusal in the editor is a deny that says so`, async () => {
    next = async () => ({ verdict: 'deny', reason: 'refused by policy: terraform destroy' });
    const r = await hook('copilot-cli', { timestamp: 1, cwd: ws, toolName: 'bash', toolArgs: JSON.stringify({ command: 'terraform destroy' }) });
    assert.deepEqual(JSON.parse(r.stdout), {
      permissionDecision: 'deny',
      permissionDecisionReason:
        'Blast Radius refused `terraform destroy`: refused by policy: terraform destroy. Do not retry it or work around it; if it is really needed, ask the user to do it themselves.',
    });
  });

  test(`${mode}: a risky write reaches the editor with its findings; the person's approval reaches the agent`, async () => {
    seenEdits.length = 0;
    nextEdit = async (_req, hold) => {
      hold('asking the person');
      return { verdict: 'allow', reason: 'allowed once by you' };
    };
    const r = await hook('claude-code', write('db/migrations/004_drop_customers.sql', 'DROP TABLE customers;\n'));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(seenEdits.length, 1);
    assert.equal(seenEdits[0]!.agent, 'claude-code');
    const summary = parseEditSummary(seenEdits[0]!.summary);
    assert.deepEqual(summary?.paths, ['db/migrations/004_drop_customers.sql']);
    assert.equal(summary?.severity, 'high');
    assert.deepEqual(summary?.findings.map((f) => [f.ruleId, f.path, f.line]), [['sql.drop-table', 'db/migrations/004_drop_customers.sql', 1]]);
    assert.deepEqual(JSON.parse(r.stdout), {
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'allow',
        permissionDecisionReason: 'Blast Radius: the user approved writing `db/migrations/004_drop_customers.sql` in the editor.',
      },
    });
  });

  test(`${mode}: the person's refusal of a risky edit reaches the agent as a deny`, async () => {
    nextEdit = async (_req, hold) => {
      hold('asking the person');
      return { verdict: 'deny', reason: 'denied by you in the editor' };
    };
    const r = await hook('codex', { ...write('db/migrations/004_drop_customers.sql', 'DROP TABLE customers;\n'), tool_name: 'apply_patch', tool_input: { command: '*** Begin Patch\n*** Add File: db/migrations/004_drop_customers.sql\n+DROP TABLE customers;\n*** End Patch\n' }, turn_id: '1' });
    const out = JSON.parse(r.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    assert.equal(out.hookSpecificOutput.permissionDecision, 'deny');
    assert.match(out.hookSpecificOutput.permissionDecisionReason, /^Blast Radius: the user refused this change to `db\/migrations\/004_drop_customers\.sql` in the editor \(denied by you in the editor\)/);
  });

  test(`${mode}: an edit nobody was asked about (editor paused) is left to the policy: ask`, async () => {
    nextEdit = async () => ({ verdict: 'deny', reason: 'the guard is paused; the agent asks instead' });
    const r = await hook('claude-code', write('db/migrations/004_drop_customers.sql', 'DROP TABLE customers;\n'));
    const out = JSON.parse(r.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    assert.equal(out.hookSpecificOutput.permissionDecision, 'ask');
    assert.match(out.hookSpecificOutput.permissionDecisionReason, /rule sql\.drop-table, high/);
  });

  test(`${mode}: an ordinary write is not sent to the editor`, async () => {
    seenEdits.length = 0;
    const r = await hook('claude-code', write('notes.md', '# Notes\n'));
    assert.equal(r.stdout, '{"continue":true}\n');
    assert.equal(seenEdits.length, 0);
  });

  test(`${mode}: a record whose server no longer listens is ignored, said on stderr, and the policy in the hook decides`, async () => {
    const other = path.join(tmp, 'other');
    fs.cpSync(path.join(fixturesDir, 'demo-workspace'), other, { recursive: true });
    const dead = await startGuardServer({ decide: async () => ({ verdict: 'allow', reason: '' }) });
    const port = dead.port;
    await dead.close();
    writeDiscovery({ workspace: other, host: '127.0.0.1', port, token: 'x'.repeat(48), pid: process.pid }, { XDG_RUNTIME_DIR: runtime });
    seen.length = 0;
    const r = await hook('claude-code', bash('rm -rf /', other));
    assert.equal(seen.length, 0);
    const out = JSON.parse(r.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    assert.equal(out.hookSpecificOutput.permissionDecision, 'ask');
    assert.match(out.hookSpecificOutput.permissionDecisionReason, /^Blast Radius: `rm -rf \/`/);
    assert.match(r.stderr, /the editor record .* was ignored: nothing listens on 127\.0\.0\.1:\d+; judged here instead/);
  });
}

cases('function');

cases('in-process');

test('the judge starts', async () => {
  judge = await startJudge(cli, runtime);
});

cases('judge');
