/**
 * Attack suite: escaping the workspace policy. The repository's `.blast-radius.json` denies
 * `kubectl delete`; the agent, refused, tries to make a folder where that policy does not apply
 * (`git init sub && cd sub`, an empty or loosening `.blast-radius.json` of its own, a folder deep
 * enough below the repository, a --policy file, an extra policy in the environment) and asks
 * again, through `blast-radius check` and through every agent's hook. Each attack asserts the
 * outcome: the command is still refused. The control row shows the command is not refused
 * without the repository's policy, so the attacks fail because the policy holds.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { claudePayload, runCli, workbench, type Budgeted } from './harness/budget';

const REFUSED = 'kubectl delete pod web-1';
const POLICY = JSON.stringify({ deny: ['kubectl delete'] });

type Agent = 'claude-code' | 'codex' | 'cursor' | 'gemini';
type Via = 'check' | Agent | 'judge';

interface Escape {
  id: string;
  /** What the agent did to the workspace before asking again; returns the folder it asks from. */
  setup: (repo: string) => string;
  via: Via;
  /** The hook knows the folder it was opened on (its project folder or workspace roots). */
  opened?: boolean;
  env?: (repo: string) => Record<string, string>;
  args?: (repo: string) => string[];
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'ignore' });
}

function mk(dir: string, files: Record<string, string> = {}): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** `git init` in a subfolder, with whatever the agent writes there. */
function nestedRepo(files: Record<string, string> = {}, rel = 'sub'): (repo: string) => string {
  return (repo) => {
    const sub = mk(path.join(repo, rel), files);
    git(sub, 'init', '-q');
    return sub;
  };
}

const LOOSE = {
  empty: '{}',
  allow: JSON.stringify({ allow: ['kubectl delete'] }),
  relax: JSON.stringify({ severity: { critical: 'allow', high: 'allow', medium: 'allow' } }),
  disable: JSON.stringify({ disabledRules: ['kube.*'], edits: { disabledRules: ['*.*'] } }),
  broken: '{ "allow": ["kubectl delete"], ',
  everything: JSON.stringify({ allow: ['*'], disabledRules: ['kube.*'], localMarkers: ['prod'], confirmTimeoutSeconds: 86400 }),
};

const ESCAPES: Escape[] = [
  // blast-radius check, from a folder the agent made
  { id: 'check.git-init-sub', setup: nestedRepo(), via: 'check' },
  { id: 'check.git-init-sub-empty-policy', setup: nestedRepo({ '.blast-radius.json': LOOSE.empty }), via: 'check' },
  { id: 'check.git-init-sub-allow', setup: nestedRepo({ '.blast-radius.json': LOOSE.allow }), via: 'check' },
  { id: 'check.git-init-sub-relax', setup: nestedRepo({ '.blast-radius.json': LOOSE.relax }), via: 'check' },
  { id: 'check.git-init-sub-disable', setup: nestedRepo({ '.blast-radius.json': LOOSE.disable }), via: 'check' },
  { id: 'check.git-init-sub-broken-json', setup: nestedRepo({ '.blast-radius.json': LOOSE.broken }), via: 'check' },
  { id: 'check.policy-file-only', setup: (r) => mk(path.join(r, 'sub'), { '.blast-radius.json': LOOSE.everything }), via: 'check' },
  { id: 'check.git-init-twice', setup: (r) => nestedRepo({ '.blast-radius.json': LOOSE.empty }, 'a/b')(nestedRepo({}, 'a')(r) && r), via: 'check' },
  { id: 'check.deep-below-repo', setup: (r) => nestedRepo({ '.blast-radius.json': LOOSE.allow }, Array.from({ length: 80 }, () => 'd').join('/'))(r), via: 'check' },
  { id: 'check.git-file-not-dir', setup: (r) => mk(path.join(r, 'sub'), { '.git': 'gitdir: /nowhere\n', '.blast-radius.json': LOOSE.allow }), via: 'check' },
  { id: 'check.policy-flag-empty', setup: nestedRepo({ 'empty.json': LOOSE.empty }), via: 'check', args: (r) => ['--policy', path.join(r, 'sub', 'empty.json')] },
  { id: 'check.policy-flag-allow', setup: nestedRepo({ 'mine.json': LOOSE.everything }), via: 'check', args: (r) => ['--policy', path.join(r, 'sub', 'mine.json')] },
  { id: 'check.policy-flag-dev-null', setup: nestedRepo(), via: 'check', args: () => ['--policy', '/dev/null'] },
  {
    id: 'check.extra-policy-env-allow',
    setup: nestedRepo({ 'mine.json': LOOSE.everything }),
    via: 'check',
    env: (r) => ({ BLAST_RADIUS_EXTRA_POLICY: path.join(r, 'sub', 'mine.json') }),
  },
  // the agents' hooks, without the folder they were opened on (the payload's cwd only)
  { id: 'claude.git-init-sub', setup: nestedRepo({ '.blast-radius.json': LOOSE.allow }), via: 'claude-code' },
  { id: 'codex.git-init-sub', setup: nestedRepo({ '.blast-radius.json': LOOSE.empty }), via: 'codex' },
  { id: 'cursor.git-init-sub', setup: nestedRepo({ '.blast-radius.json': LOOSE.relax }), via: 'cursor' },
  { id: 'gemini.git-init-sub', setup: nestedRepo(), via: 'gemini' },
  { id: 'claude.deep-below-repo', setup: (r) => nestedRepo({}, Array.from({ length: 80 }, () => 'd').join('/'))(r), via: 'claude-code' },
  // … and with it (CLAUDE_PROJECT_DIR, GEMINI_PROJECT_DIR, Cursor's workspace_roots)
  { id: 'claude.opened.git-init-sub', setup: nestedRepo({ '.blast-radius.json': LOOSE.everything }), via: 'claude-code', opened: true },
  { id: 'cursor.opened.git-init-sub', setup: nestedRepo({ '.blast-radius.json': LOOSE.allow }), via: 'cursor', opened: true },
  { id: 'gemini.opened.git-init-sub', setup: nestedRepo({ '.blast-radius.json': LOOSE.disable }), via: 'gemini', opened: true },
  { id: 'claude.opened.cd-outside', setup: (r) => nestedRepo({ '.blast-radius.json': LOOSE.allow }, '../elsewhere')(r), via: 'claude-code', opened: true },
  // the hook judge, a long-running process with its own cache of policies
  { id: 'judge.git-init-sub', setup: nestedRepo({ '.blast-radius.json': LOOSE.allow }), via: 'judge' },
];

function payload(agent: Agent | 'judge', cwd: string, opened: string | undefined): string {
  switch (agent) {
    case 'cursor':
      return JSON.stringify({ conversation_id: 'c', generation_id: 'g', hook_event_name: 'beforeShellExecution', workspace_roots: opened ? [opened] : [], command: REFUSED, cwd });
    case 'gemini':
      return JSON.stringify({ session_id: 's', transcript_path: '/dev/null', cwd, hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: REFUSED } });
    case 'codex':
      return JSON.stringify({ session_id: 's', turn_id: '1', transcript_path: null, cwd, hook_event_name: 'PreToolUse', model: 'm', permission_mode: 'default', tool_name: 'Bash', tool_input: { command: REFUSED }, tool_use_id: 't' });
    default:
      return claudePayload(cwd, 'Bash', { command: REFUSED });
  }
}

/** The decision an agent reads in the hook's answer. */
export function agentDecision(agent: Agent, out: string): string {
  const v = (out.trim() ? JSON.parse(out) : {}) as Record<string, unknown>;
  const spec = v['hookSpecificOutput'] as { permissionDecision?: string } | undefined;
  switch (agent) {
    case 'cursor':
      return String(v['permission'] ?? 'allow');
    case 'gemini':
      return String(v['decision'] ?? 'allow');
    default:
      return spec?.permissionDecision ?? 'allow';
  }
}

const bench = workbench('br-escape-');

/** A fresh repository with the policy, for one attack. */
function freshRepo(withPolicy = true): string {
  const repo = mk(path.join(bench.caseDir(), 'repo'), withPolicy ? { '.blast-radius.json': POLICY } : {});
  git(repo, 'init', '-q');
  return repo;
}

async function ask(e: Pick<Escape, 'via' | 'opened' | 'env' | 'args'>, repo: string, dir: string): Promise<{ decision: string; run: Budgeted }> {
  const env = e.env?.(repo) ?? {};
  if (e.via === 'check') {
    const run = await runCli(['check', '--cwd', dir, ...(e.args?.(repo) ?? []), '--', REFUSED], { cwd: dir, env });
    return { decision: run.code === 2 ? 'deny' : run.code === 3 ? 'ask' : run.code === 0 ? 'allow' : `exit ${run.code}`, run };
  }
  const agent: Agent = e.via === 'judge' ? 'claude-code' : e.via;
  const opened = e.opened ? repo : undefined;
  const projectEnv = opened && (agent === 'claude-code' || agent === 'gemini') ? { [agent === 'claude-code' ? 'CLAUDE_PROJECT_DIR' : 'GEMINI_PROJECT_DIR']: opened } : {};
  const judgeEnv: Record<string, string> = e.via === 'judge' ? { BLAST_RADIUS_HOOK_JUDGE: 'on', XDG_RUNTIME_DIR: bench.runtime } : {};
  const run = await runCli(['hook', agent], { cwd: dir, input: payload(agent, dir, opened), env: { ...env, ...projectEnv, ...judgeEnv } });
  return { decision: agentDecision(agent, run.stdout), run };
}

describe('policy escape: a refused command stays refused', () => {
  test('control: without the repository policy the command is not refused', async () => {
    const repo = freshRepo(false);
    const sub = nestedRepo()(repo);
    for (const via of ['check', 'claude-code'] as const) {
      const { decision, run } = await ask({ via }, repo, sub);
      assert.equal(run.killed, false);
      assert.notEqual(decision, 'deny', `${via}: ${run.stdout}${run.stderr}`);
    }
  });

  test('control: a nested policy may tighten further', async () => {
    const repo = freshRepo(false);
    const sub = nestedRepo({ '.blast-radius.json': JSON.stringify({ deny: ['ls'] }) })(repo);
    const inSub = await runCli(['check', '--cwd', sub, '--', 'ls'], { cwd: sub });
    assert.equal(inSub.code, 2, inSub.stdout);
    const atTop = await runCli(['check', '--cwd', repo, '--', 'ls'], { cwd: repo });
    assert.equal(atTop.code, 0, atTop.stdout);
  });

  for (const e of ESCAPES) {
    test(e.id, async () => {
      const repo = freshRepo();
      const dir = e.setup(repo);
      const { decision, run } = await ask(e, repo, dir);
      assert.equal(run.killed, false, `${e.id}: killed after its budget`);
      assert.equal(decision, 'deny', `${e.id}: ${run.stdout}\n${run.stderr}`);
    });
  }

  test('the loosening entries of a nested policy are reported, not applied', async () => {
    const repo = freshRepo();
    const sub = nestedRepo({ '.blast-radius.json': LOOSE.everything })(repo);
    const run = await runCli(['check', '--cwd', sub, '--', REFUSED], { cwd: sub });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /sub\/\.blast-radius\.json(:\d+:\d+)?: allow: a workspace policy file cannot allow commands/);
    assert.match(run.stderr, /: disabledRules: a workspace policy file cannot disable rules/);
  });

  test('BLAST_RADIUS_EXTRA_POLICY adds protection (the test hook for a system policy) but cannot loosen', async () => {
    const repo = freshRepo(false);
    const extra = path.join(repo, '..', 'extra.json');
    fs.writeFileSync(extra, JSON.stringify({ deny: ['ls'], allow: ['kubectl delete'] }));
    const run = await runCli(['check', '--cwd', repo, '--', 'ls'], { cwd: repo, env: { BLAST_RADIUS_EXTRA_POLICY: extra } });
    assert.equal(run.code, 2, run.stdout);
    assert.match(run.stderr, /allow: a system policy that is not protected .*BLAST_RADIUS_EXTRA_POLICY, can only tighten and cannot allow commands/);
  });
});
