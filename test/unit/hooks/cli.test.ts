/**
 * The hook through the built CLI (dist/cli.js, from `node esbuild.js`), as the agents run it: a
 * new process, the payload on stdin, the answer on stdout and the exit code.
 *
 * Every case runs three times: by calling `answerHook` (core/hooks/answer.ts) in this process,
 * with the folder and environment a hook would have; judged in the hook's own process (the judge
 * turned off); and judged by the background hook judge. In the last run the launcher is a copy of
 * dist/cli.js alone, with no CLI chunks beside it, so it cannot judge anything itself: each answer
 * must come from the judge (started from dist/ before the cases).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerHook } from '../../../src/core/hooks/answer';
import { AGENTS, type AgentId } from '../../../src/core/hooks/types';
import { fixturesDir, repoRoot } from '../helpers/paths';
import { tempDir } from '../helpers/tmp';
import { launcherOnlyArgs, startJudge, ROOMY_BUDGET } from './helpers/judge';

const cli = path.join(repoRoot, 'dist', 'cli.js');
const hooksDir = path.join(fixturesDir, 'hooks');
let ws = '';
let strict = '';
let typo = '';
let runtime = '';
let launcherOnly: string[] = [];
let judge: ChildProcess | undefined;
let removeTmp = (): void => undefined;

before(() => {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
  const { dir: tmp, remove } = tempDir('br-hook-cli-');
  removeTmp = remove;
  ws = path.join(tmp, 'ws');
  strict = path.join(tmp, 'strict');
  runtime = path.join(tmp, 'run'); // an empty runtime dir: no editor is running
  fs.cpSync(path.join(fixturesDir, 'demo-workspace'), ws, { recursive: true });
  fs.cpSync(path.join(fixturesDir, 'demo-workspace'), strict, { recursive: true });
  fs.writeFileSync(path.join(strict, '.blast-radius.json'), JSON.stringify({ version: 1, severity: { critical: 'deny', high: 'deny' } }));
  typo = path.join(tmp, 'typo');
  fs.cpSync(path.join(fixturesDir, 'demo-workspace'), typo, { recursive: true });
  fs.writeFileSync(path.join(typo, '.blast-radius.json'), '{\n  "disabledRules": ["git.force-push"]\n}\n');
  fs.mkdirSync(runtime, { mode: 0o700 });
  launcherOnly = launcherOnlyArgs(cli, path.join(tmp, 'launcher-only'));
});

after(() => {
  judge?.kill();
  removeTmp();
});

interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
  json: Record<string, unknown>;
}

type Mode = 'function' | 'in-process' | 'judge';

async function runHook(mode: Mode, agent: AgentId | 'auto', payload: string, workspace = ws, env: Record<string, string> = {}): Promise<Run> {
  const input = payload.replaceAll('__WORKSPACE__', workspace);
  let r: { stdout: string; stderr: string; status: number | null };
  if (mode === 'function') {
    const out = await answerHook(agent, input, { cwd: workspace, env: { ...process.env, ...ROOMY_BUDGET, XDG_RUNTIME_DIR: runtime, CLAUDE_PROJECT_DIR: '', ...env } });
    r = { stdout: out.stdout, stderr: out.stderr, status: out.exitCode };
  } else {
    const judge = mode === 'judge' ? {} : { BLAST_RADIUS_HOOK_JUDGE: 'off' };
    r = spawnSync(process.execPath, [...(mode === 'judge' ? launcherOnly : [cli]), 'hook', agent], {
      input,
      encoding: 'utf8',
      env: { ...process.env, ...ROOMY_BUDGET, XDG_RUNTIME_DIR: runtime, CLAUDE_PROJECT_DIR: '', ...judge, ...env },
      cwd: workspace,
      timeout: 60_000,
    });
  }
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(r.stdout) as Record<string, unknown>;
  } catch {
    // left empty; the assertions say what was expected
  }
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, json };
}

function fixture(agent: AgentId, name: string): string {
  return fs.readFileSync(path.join(hooksDir, agent, `${name}.json`), 'utf8');
}

/** The answer's decision and reason, whatever the dialect. */
function decisionOf(agent: AgentId, json: Record<string, unknown>): { decision: string; reason: string } {
  const hso = json['hookSpecificOutput'] as { permissionDecision?: string; permissionDecisionReason?: string } | undefined;
  switch (agent) {
    case 'claude-code':
    case 'vscode':
    case 'codex':
      return { decision: hso?.permissionDecision ?? 'pass', reason: hso?.permissionDecisionReason ?? '' };
    case 'copilot-cli':
      return { decision: String(json['permissionDecision'] ?? 'pass'), reason: String(json['permissionDecisionReason'] ?? '') };
    case 'cursor':
      return { decision: String(json['permission'] ?? 'pass'), reason: String(json['agent_message'] ?? '') };
    case 'gemini':
      return { decision: String(json['decision'] ?? 'pass'), reason: String(json['reason'] ?? '') };
  }
}

/** Exactly what each agent gets for "no objection". */
const PASS: Record<AgentId, string> = {
  'claude-code': '{"continue":true}\n',
  vscode: '{"continue":true}\n',
  'copilot-cli': '{}\n',
  cursor: '{"permission":"allow"}\n',
  gemini: '{}\n',
  codex: '{}\n',
};

/** What a confirmation becomes for each agent and sample (agents without "ask" refuse). */
function confirmAs(agent: AgentId, sample: string): string {
  if (agent === 'gemini' || agent === 'codex') return 'deny';
  if (agent === 'cursor' && sample !== 'destructive-command') return 'deny'; // preToolUse cannot ask
  return 'ask';
}

/** The cases, judged by the function, in the hook's own process or by the judge. */
function cases(mode: Mode): void {
  const hook = (agent: AgentId | 'auto', payload: string, workspace = ws, env: Record<string, string> = {}): Promise<Run> => runHook(mode, agent, payload, workspace, env);
  for (const agent of AGENTS) {
    test(`${mode}: ${agent}: an ordinary command gets the explicit no-objection answer`, async () => {
      const r = await hook(agent, fixture(agent, 'allowed-command'));
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, PASS[agent]);
      assert.equal(r.stderr, '');
    });

    test(`${mode}: ${agent}: a tool we do not judge gets the same answer`, async () => {
      const r = await hook(agent, fixture(agent, 'unknown-tool'));
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, agent === 'cursor' ? '{"permission":"allow"}\n' : PASS[agent]);
    });

    test(`${mode}: ${agent}: a destructive command is held for confirmation with a reason for the model`, async () => {
      const r = await hook(agent, fixture(agent, 'destructive-command'));
      assert.equal(r.status, 0, r.stderr);
      const d = decisionOf(agent, r.json);
      assert.equal(d.decision, confirmAs(agent, 'destructive-command'), r.stdout);
      assert.match(d.reason, /^Blast Radius: `rm -rf \/`: .+\(rule fs\.[a-z0-9.-]+, critical/);
      if (d.decision === 'ask') assert.match(d.reason, /A person must confirm it before it goes ahead\.$/);
      else assert.match(d.reason, /let them run it themselves/);
    });

    test(`${mode}: ${agent}: a risky write is judged before the file exists`, async () => {
      const r = await hook(agent, fixture(agent, 'risky-write'));
      assert.equal(r.status, 0, r.stderr);
      const d = decisionOf(agent, r.json);
      assert.equal(d.decision, confirmAs(agent, 'risky-write'), r.stdout);
      assert.match(d.reason, /db\/migrations\/004_drop_customers\.sql.*line 1: .*customers.*\(rule sql\.drop-table, high\)/);
      assert.ok(!fs.existsSync(path.join(ws, 'db', 'migrations', '004_drop_customers.sql')));
    });

    test(`${mode}: ${agent}: a script that would run a destructive command is held when it is written`, async () => {
      const r = await hook(agent, fixture(agent, 'risky-script'));
      assert.equal(r.status, 0, r.stderr);
      const d = decisionOf(agent, r.json);
      assert.equal(d.decision, confirmAs(agent, 'risky-script'), r.stdout);
      assert.match(d.reason, /scripts\/cleanup\.sh.*line 4: runs `rm -rf ~`: Recursively deletes ~ — your home folder.*\(rule runnable\.script, critical\)/);
      assert.ok(!fs.existsSync(path.join(ws, 'scripts', 'cleanup.sh')));
    });

    test(`${mode}: ${agent}: an ordinary script is written without a question`, async () => {
      const r = await hook(agent, fixture(agent, 'ordinary-script'));
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, agent === 'cursor' ? '{"permission":"allow"}\n' : PASS[agent]);
    });

    test(`${mode}: ${agent}: a risky edit is judged on the content it would produce`, async () => {
      const r = await hook(agent, fixture(agent, 'risky-edit'));
      assert.equal(r.status, 0, r.stderr);
      const d = decisionOf(agent, r.json);
      assert.equal(d.decision, confirmAs(agent, 'risky-edit'), r.stdout);
      assert.match(d.reason, /db\/migrations\/002_create_orders\.sql.*\(rule sql\.drop-table, high\)/);
    });

    test(`${mode}: ${agent}: with a policy that denies, the refusal says so`, async () => {
      for (const sample of ['destructive-command', 'risky-write']) {
        const r = await hook(agent, fixture(agent, sample), strict);
        assert.equal(r.status, 0, r.stderr);
        const d = decisionOf(agent, r.json);
        assert.equal(d.decision, 'deny', `${sample}: ${r.stdout}`);
        assert.match(d.reason, /Policy refuses this: do not retry it or work around it\./);
      }
    });

    test(`${mode}: ${agent}: malformed input is never silence: ask (or refuse) with a reason`, async () => {
      const r = await hook(agent, fixture(agent, 'malformed'));
      assert.equal(r.status, 0, r.stderr);
      const d = decisionOf(agent, r.json);
      assert.equal(d.decision, agent === 'gemini' || agent === 'codex' ? 'deny' : 'ask', r.stdout);
      assert.match(d.reason, /^Blast Radius could not read the hook input \(the hook input is not valid JSON\)/);
    });

    test(`${mode}: ${agent}: auto-detection answers in the agent's own dialect`, async () => {
      for (const sample of ['allowed-command', 'risky-write']) {
        assert.equal((await hook('auto', fixture(agent, sample))).stdout, (await hook(agent, fixture(agent, sample))).stdout, sample);
      }
    });
  }

  test(`${mode}: exact answer: Claude Code, a denied command`, async () => {
    const r = await hook('claude-code', fixture('claude-code', 'destructive-command'), strict);
    const reason = (r.json['hookSpecificOutput'] as { permissionDecisionReason: string }).permissionDecisionReason;
    assert.equal(
      r.stdout,
      `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } })}\n`,
    );
  });

  test(`${mode}: the blast radius follows the agent's environment: the same kubectl delete in prod and in kind`, async () => {
    const kube = path.join(path.dirname(ws), 'kube');
    fs.mkdirSync(kube, { recursive: true });
    fs.writeFileSync(path.join(kube, 'prod'), 'apiVersion: v1\ncurrent-context: prod-eu\n');
    fs.writeFileSync(path.join(kube, 'kind'), 'apiVersion: v1\ncurrent-context: kind-dev\n');
    const payload = JSON.stringify({ hook_event_name: 'PreToolUse', cwd: '__WORKSPACE__', tool_name: 'Bash', tool_input: { command: 'kubectl delete deployment api' } });
    const prod = decisionOf('claude-code', (await hook('claude-code', payload, ws, { KUBECONFIG: path.join(kube, 'prod') })).json);
    assert.equal(prod.decision, 'ask');
    assert.match(prod.reason, /kube context prod-eu/);
    assert.equal((await hook('claude-code', payload, ws, { KUBECONFIG: path.join(kube, 'kind') })).stdout, '{"continue":true}\n');
  });

  test(`${mode}: an edit whose old text is not in the file cannot be judged, so it is asked about`, async () => {
    const payload = JSON.stringify({
      hook_event_name: 'PreToolUse',
      cwd: '__WORKSPACE__',
      tool_name: 'Edit',
      tool_input: { file_path: '__WORKSPACE__/README.md', old_string: 'text that is not there', new_string: 'x' },
    });
    const r = await hook('claude-code', payload);
    const d = decisionOf('claude-code', r.json);
    assert.equal(d.decision, 'ask');
    assert.match(d.reason, /could not judge the edit to `README\.md`: the text to replace in the replacement is not in the file as it is now/);
  });

  test(`${mode}: a notebook cell is judged as its language, and the shell commands it adds as commands`, async () => {
    fs.writeFileSync(
      path.join(ws, 'analysis.ipynb'),
      JSON.stringify({ cells: [{ id: 'c1', cell_type: 'code', source: ['!ls\n'] }], metadata: { kernelspec: { language: 'python' } }, nbformat: 4, nbformat_minor: 5 }),
    );
    const edit = (src: string): string =>
      JSON.stringify({ hook_event_name: 'PreToolUse', cwd: '__WORKSPACE__', tool_name: 'NotebookEdit', tool_input: { notebook_path: '__WORKSPACE__/analysis.ipynb', cell_id: 'c1', new_source: src } });
    const shell = decisionOf('claude-code', (await hook('claude-code', edit('!ls\n!rm -rf ~\n'))).json);
    assert.equal(shell.decision, 'ask');
    assert.match(shell.reason, /notebook `analysis\.ipynb`: line 2: cell line 2 runs `rm -rf ~`: .*\(rule fs\.rm-recursive, critical/);
    const sql = decisionOf('claude-code', (await hook('claude-code', edit('%%sql\nDROP TABLE customers;\n'))).json);
    assert.equal(sql.decision, 'ask');
    assert.match(sql.reason, /line 2: drops the table customers.*\(rule sql\.drop-table, high\)/);
    assert.equal((await hook('claude-code', edit('!ls\nprint(1)\n'))).stdout, '{"continue":true}\n');
  });

  test(`${mode}: a rule id in the workspace policy that names no rule is reported on stderr with the one probably meant`, async () => {
    const r = await hook('claude-code', fixture('claude-code', 'allowed-command'), typo);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, PASS['claude-code']);
    assert.equal(r.stderr, 'blast-radius hook: .blast-radius.json:2:21: disabledRules[0]: "git.force-push" is not a rule, so it disables nothing; did you mean "git.push-force"?\n');
  });

  test(`${mode}: input from no known agent blocks with exit 2 and the reason on stderr`, async () => {
    const r = await hook('auto', '{"hello": "world"}');
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^Blast Radius could not read the hook input \(the hook input does not look like any supported agent\)/);
  });
}

cases('function');

cases('in-process');

test('the judge starts', async () => {
  judge = await startJudge(cli, runtime);
});

cases('judge');

test('a hook configured with an unknown agent name blocks instead of failing open', () => {
  const r = spawnSync(process.execPath, [cli, 'hook', 'claude'], { input: '{}', encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /the hook command was given 'claude'; expected one of claude-code/);
});
