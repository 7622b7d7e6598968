import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPolicy, customRulesFor, parsePolicy, type PatternInput, type PolicyFinding, DEFAULT_POLICY } from '../../../src/core/policy';
import type { Decision, Severity } from '../../../src/core/severity';

function cmd(line: string): PatternInput {
  const [program = '', ...args] = line.split(' ');
  return { program, args };
}

function f(ruleId: string, severity: Severity, atLeast?: Decision): PolicyFinding {
  return atLeast ? { ruleId, severity, atLeast } : { ruleId, severity };
}

const policy = parsePolicy(
  JSON.stringify({
    severity: { medium: 'confirm' },
    allow: ['kubectl delete pod', 'rm -rf'],
    deny: ['terraform destroy', 'rm -rf /'],
    disabledRules: ['docker.*', 'git.branch-delete'],
    customRules: [{ id: 'custom.no-make-deploy', severity: 'critical', message: 'Deploys go through CI', match: 'make deploy' }],
  }),
  'user',
).policy;

interface Case {
  commands: [string, PolicyFinding[]][];
  line?: PolicyFinding[];
  decision: Decision;
  severity: Severity;
  reason?: RegExp;
}

const CASES: Record<string, Case> = {
  'no findings: allow': { commands: [['ls -la', []]], decision: 'allow', severity: 'none' },
  'severity mapping (high → confirm)': { commands: [['git push --force', [f('git.push-force', 'high')]]], decision: 'confirm', severity: 'high' },
  'severity mapping (medium → confirm by this policy)': { commands: [['git stash drop', [f('git.stash-drop', 'medium')]]], decision: 'confirm', severity: 'medium' },
  'low stays allowed': { commands: [['npm publish --dry-run', [f('supply.npm', 'low')]]], decision: 'allow', severity: 'low' },
  'deny entry: deny without any finding': { commands: [['terraform destroy', []]], decision: 'deny', severity: 'none', reason: /denied by policy "terraform destroy" \(deny\[0\]\)/ },
  'deny wins over allow on the same command': { commands: [['rm -rf /', [f('filesystem.rm-root', 'critical')]]], decision: 'deny', severity: 'critical', reason: /denied by policy "rm -rf \/"/ },
  'allow waives severity': { commands: [['kubectl delete pod web-1', [f('kubernetes.delete', 'high')]]], decision: 'allow', severity: 'high', reason: /allowed by policy "kubectl delete pod" \(allow\[0\]\)/ },
  'allow never waives what cannot be judged': { commands: [['rm -rf $DIR', [f('filesystem.rm-recursive', 'high'), f('dynamic.argument', 'medium', 'confirm')]]], decision: 'confirm', severity: 'high' },
  'allow is per command, not per line': {
    commands: [
      ['kubectl delete pod web-1', [f('kubernetes.delete', 'high')]],
      ['git push --force', [f('git.push-force', 'high')]],
    ],
    decision: 'confirm',
    severity: 'high',
  },
  'disabled pack and rule produce nothing': { commands: [['docker system prune -a', [f('docker.system-prune', 'high'), f('git.branch-delete', 'high')]]], decision: 'allow', severity: 'none' },
  'line findings count (parse errors)': { commands: [['echo hi', []]], line: [f('parse.error', 'medium', 'confirm')], decision: 'confirm', severity: 'medium' },
  'deny anywhere in the line denies the line': {
    commands: [
      ['cd infra', []],
      ['terraform destroy -auto-approve', [f('iac.terraform-destroy', 'critical')]],
    ],
    decision: 'deny',
    severity: 'critical',
  },
};

for (const [name, c] of Object.entries(CASES)) {
  test(`applyPolicy: ${name}`, () => {
    const out = applyPolicy(policy, c.commands.map(([line, findings]) => ({ cmd: cmd(line), findings })), c.line ?? []);
    assert.equal(out.decision, c.decision);
    assert.equal(out.severity, c.severity);
    if (c.reason) assert.ok(out.reasons.some((r) => c.reason!.test(r)), JSON.stringify(out.reasons));
  });
}

test('the engine\'s own findings are kept even if a policy lists them as disabled', () => {
  // resolve refuses such entries; this guards the apply step on its own.
  const forged = { ...DEFAULT_POLICY, disabledRules: ['guard.*', 'dynamic.*'] };
  const out = applyPolicy(forged, [{ cmd: cmd('trap - DEBUG'), findings: [f('guard.trap-reset', 'critical')] }], [f('dynamic.command-name', 'medium', 'confirm')]);
  assert.equal(out.findings.length, 2);
  assert.equal(out.decision, 'confirm');
});

test('denied and allowed commands are reported by index', () => {
  const out = applyPolicy(policy, [
    { cmd: cmd('kubectl delete pod a'), findings: [] },
    { cmd: cmd('terraform destroy'), findings: [] },
  ]);
  assert.deepEqual(out.denied.map((d) => d.index), [1]);
  assert.deepEqual(out.allowed.map((a) => a.index), [0]);
});

test('custom rules fire on matching commands only', () => {
  assert.deepEqual(customRulesFor(policy, cmd('make deploy')).map((r) => [r.id, r.severity, r.message]), [['custom.no-make-deploy', 'critical', 'Deploys go through CI']]);
  assert.deepEqual(customRulesFor(policy, cmd('make test')), []);
  const disabled = parsePolicy(
    JSON.stringify({ disabledRules: ['custom.*'], customRules: [{ id: 'custom.x', severity: 'low', message: 'm', match: 'make' }] }),
    'user',
  ).policy;
  assert.deepEqual(customRulesFor(disabled, cmd('make')), []);
});
