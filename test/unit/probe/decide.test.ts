/**
 * applyMeasurement on its own: verdicts from the real analyzer (with the policy under test) and
 * measurements written by hand, so each rule of the decision is checked by one case.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CommandContext } from '../../../src/core/command/rule';
import { parsePolicy } from '../../../src/core/policy/resolve';
import type { ResolvedPolicy } from '../../../src/core/policy/types';
import { applyMeasurement, type Loss, type Measured, type Probe } from '../../../src/core/probe/index';
import { analyzer, HOME } from './sandbox';

const CTX: CommandContext = { shell: 'bash', cwd: '/home/dev/shop', workspaceRoot: '/home/dev/shop', home: HOME, env: { HOME } };

function measured(line: string, command: string, loss: Loss, extra: Partial<Probe> = {}): Measured {
  const start = line.indexOf(command);
  const p: Probe = {
    kind: 'git',
    class: 'local',
    command,
    span: [start, start + command.length],
    status: 'measured',
    loss,
    sentence: `measured ${loss}`,
    settled: true,
    rules: ['git.discard-changes'],
    elapsedMs: 1,
    ...extra,
  };
  return { version: 1, probes: [p], elapsedMs: 1 };
}

async function judge(line: string, m: (line: string) => Measured, policyText?: string) {
  const policy: ResolvedPolicy | undefined = policyText ? parsePolicy(policyText, 'user').policy : undefined;
  const a = await analyzer(policy);
  const v = a.analyze(line, CTX);
  return { before: v, after: applyMeasurement(v, m(line), a.policy) };
}

describe('applyMeasurement', () => {
  test('lost work raises medium to high and holds the line', async () => {
    const { before, after } = await judge('git checkout -- a.ts', (l) => measured(l, l, 'work'));
    assert.equal(before.decision, 'allow');
    assert.equal(after.decision, 'confirm');
    assert.equal(after.severity, 'high');
    assert.equal(after.findings[0]!.measured, 'measured work');
  });

  test('a loss the rules did not see adds a finding under the probe’s rule id', async () => {
    const { after } = await judge('git checkout a.ts', (l) => measured(l, l, 'work'));
    assert.deepEqual(after.findings.map((f) => [f.ruleId, f.severity, f.message]), [['git.discard-changes', 'high', 'measured work.']]);
  });

  test('a rule the user disabled is not brought back by a measurement', async () => {
    const { after } = await judge('git checkout a.ts', (l) => measured(l, l, 'work'), '{ "disabledRules": ["git.discard-changes"] }');
    assert.deepEqual(after.findings, []);
    assert.equal(after.decision, 'allow');
  });

  test('stateful infrastructure is critical; production makes lost work critical', async () => {
    const tf = await judge('terraform apply tfplan', (l) => measured(l, l, 'stateful', { kind: 'terraform', rules: ['iac.terraform-apply-plan'] }));
    assert.equal(tf.after.severity, 'critical');
    const prod = await judge('kubectl delete deploy -l app=x --context prod-eu', (l) => measured(l, l, 'infrastructure', { kind: 'kubernetes', rules: ['k8s.delete'], production: true }));
    assert.equal(prod.after.severity, 'critical');
  });

  test('measured nothing and settled: down to low and allowed', async () => {
    const { before, after } = await judge('git checkout .', (l) => measured(l, l, 'none'));
    assert.equal(before.decision, 'confirm');
    assert.equal(after.decision, 'allow');
    assert.equal(after.severity, 'low');
    assert.deepEqual(after.measured?.probes[0]?.effect, { from: 'high', to: 'low' });
  });

  test('not settled (another command, a partial count): nothing is relaxed', async () => {
    const a = await judge('git checkout .', (l) => measured(l, l, 'none', { settled: false }));
    assert.equal(a.after.decision, 'confirm');
    assert.equal(a.after.severity, 'high');
  });

  test('never below a deny entry', async () => {
    const { after } = await judge('git checkout .', (l) => measured(l, l, 'none'), '{ "deny": ["git checkout"] }');
    assert.equal(after.decision, 'deny');
  });

  test('never below the policy’s own mapping of what remains', async () => {
    const { after } = await judge('git checkout .', (l) => measured(l, l, 'none'), '{ "severity": { "low": "confirm" } }');
    assert.equal(after.severity, 'low');
    assert.equal(after.decision, 'confirm');
  });

  test('never below a forced confirmation of something the engine could not judge', async () => {
    const { before, after } = await judge('git checkout . && $CMD', (l) => measured(l, 'git checkout .', 'none'));
    assert.equal(before.floor, 'confirm');
    assert.equal(after.decision, 'confirm');
  });

  test('the findings of other commands keep their severity', async () => {
    const { after } = await judge('git checkout . ; git reset --hard', (l) => measured(l, 'git checkout .', 'none'));
    assert.equal(after.findings.find((f) => f.ruleId === 'git.reset-hard')?.severity, 'high');
    assert.equal(after.decision, 'confirm');
  });

  test('an allow entry keeps the command allowed; the finding still says what was measured', async () => {
    const { after } = await judge('git checkout a.ts', (l) => measured(l, l, 'work', { allowedBy: 'git checkout' }), '{ "allow": ["git checkout"] }');
    assert.equal(after.decision, 'allow');
    assert.equal(after.findings[0]?.severity, 'high');
  });

  test('not measured: the verdict stands and the reason says so', async () => {
    const { before, after } = await judge('git reset --hard', (l) => measured(l, l, 'unknown', { status: 'not-measured', sentence: 'Not measured: git did not answer within 2000 ms; the judgement stands as the command reads.', rules: ['git.reset-hard'] }));
    assert.equal(after.decision, before.decision);
    assert.equal(after.severity, before.severity);
    assert.ok(after.reasons?.includes('not measured: git did not answer within 2000 ms; the judgement stands as the command reads.'));
  });

  test('on production a harmless measurement relaxes only to medium', async () => {
    const { after } = await judge('terraform -chdir=envs/prod apply tfplan', (l) => measured(l, l, 'none', { kind: 'terraform', rules: ['iac.terraform-apply-plan'] }));
    assert.equal(after.severity, 'medium');
    assert.equal(after.decision, 'allow');
  });

  test('no measurement, no change', async () => {
    const a = await analyzer();
    const v = a.analyze('git reset --hard', CTX);
    assert.equal(applyMeasurement(v, undefined), v);
  });
});
