import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandFinding, CommandVerdict } from '../../../src/core/command/rule';
import { describeFinding, planGuardDecision, productionTarget, targetName } from '../../../src/core/guard/decide';
import type { Probe } from '../../../src/core/probe/types';

const finding = (over: Partial<CommandFinding>): CommandFinding => ({
  ruleId: 'fs.rm-recursive',
  severity: 'high',
  message: 'Deletes a folder outside the workspace',
  span: [0, 10],
  ...over,
});

const probe = (over: Partial<Probe>): Probe => ({
  kind: 'git',
  class: 'local',
  command: 'git checkout -- a.txt',
  span: [0, 10],
  status: 'measured',
  loss: 'none',
  sentence: '',
  settled: true,
  rules: ['git.discard-changes'],
  elapsedMs: 3,
  ...over,
});

const verdict = (decision: CommandVerdict['decision'], findings: CommandFinding[]): CommandVerdict => ({
  decision,
  severity: findings.reduce<CommandVerdict['severity']>((s, f) => (f.severity === 'critical' || s === 'critical' ? 'critical' : f.severity), 'none'),
  findings,
});

describe('guard decision plan', () => {
  test('an allowed line with nothing notable runs silently', () => {
    const p = planGuardDecision(verdict('allow', []), { paused: false });
    assert.equal(p.action, 'allow');
    assert.equal(p.terminal, '');
  });

  test('an allowed line with a medium finding runs with a note', () => {
    const p = planGuardDecision(verdict('allow', [finding({ severity: 'medium', message: 'Deletes a folder in the workspace' })]), { paused: false });
    assert.equal(p.action, 'allow');
    assert.match(p.terminal, /^note: Deletes a folder in the workspace \(fs\.rm-recursive, medium\)$/);
  });

  test('confirm asks, naming the finding; high findings are never offered always-allow', () => {
    const p = planGuardDecision(verdict('confirm', [finding({}), finding({ ruleId: 'x.y', severity: 'low', span: [20, 30] })]), { paused: false });
    assert.equal(p.action, 'ask');
    assert.equal(p.terminal, 'Deletes a folder outside the workspace (fs.rm-recursive, high) (+1 more)');
    assert.deepEqual(p.ruleIds, ['fs.rm-recursive', 'x.y']);
    assert.equal(p.allowAlways, false);
    assert.equal(p.typeToConfirm, undefined);
  });

  test('a medium finding a policy holds may be offered always-allow', () => {
    const p = planGuardDecision(verdict('confirm', [finding({ ruleId: 'supply.publish', severity: 'medium', message: 'Publishes a package' })]), { paused: false });
    assert.equal(p.action, 'ask');
    assert.equal(p.allowAlways, true);
    assert.equal(p.irreversible, false);
  });

  test('a medium finding measured as losing work is irreversible: never offered always-allow', () => {
    const v = verdict('confirm', [finding({ ruleId: 'git.discard-changes', severity: 'medium', message: 'Checks out a.txt', measured: 'Discards uncommitted changes in 1 file (+1 −0): a.txt' })]);
    v.measured = { version: 1, elapsedMs: 3, probes: [probe({ loss: 'work', sentence: 'Discards uncommitted changes in 1 file (+1 −0): a.txt' })] };
    const p = planGuardDecision(v, { paused: false });
    assert.equal(p.irreversible, true);
    assert.equal(p.allowAlways, false);
    // the terminal reads the measurement, with the rule and severity
    assert.equal(p.terminal, 'Discards uncommitted changes in 1 file (+1 −0): a.txt (git.discard-changes, medium)');
  });

  test('a probe that could not measure leaves the message and says so', () => {
    const f = finding({ ruleId: 'k8s.delete', severity: 'high', message: 'Deletes pods by selector', measured: 'Not measured: the cluster did not answer within 5 s; the judgement stands as the command reads.' });
    assert.equal(describeFinding(f), 'Deletes pods by selector (k8s.delete, high); not measured: the cluster did not answer within 5 s; the judgement stands as the command reads.');
    const v = verdict('confirm', [f]);
    v.measured = { version: 1, elapsedMs: 5000, probes: [probe({ kind: 'kubernetes', status: 'not-measured', loss: 'unknown', sentence: f.measured! })] };
    assert.equal(planGuardDecision(v, { paused: false }).irreversible, false, 'nothing was measured');
  });

  test('a line a measurement let run says what was measured', () => {
    const v = verdict('allow', [finding({ ruleId: 'git.discard-changes', severity: 'low', message: 'Checks out a.txt', measured: 'Nothing to discard: a.txt has no uncommitted changes' })]);
    v.measured = { version: 1, elapsedMs: 3, probes: [probe({ loss: 'none', sentence: 'Nothing to discard: a.txt has no uncommitted changes', effect: { from: 'medium', to: 'low' } })] };
    const p = planGuardDecision(v, { paused: false });
    assert.deepEqual([p.action, p.terminal], ['allow', 'note: measured: Nothing to discard: a.txt has no uncommitted changes']);
  });

  test('critical findings are never offered always-allow, and a production target must be typed', () => {
    const f = finding({ ruleId: 'k8s.delete-namespace', severity: 'critical', message: 'Deletes a namespace', target: 'kube context prod-eu' });
    const p = planGuardDecision(verdict('confirm', [f]), { paused: false });
    assert.equal(p.allowAlways, false);
    assert.equal(p.typeToConfirm, 'prod-eu');
    assert.equal(p.headline, 'Deletes a namespace (k8s.delete-namespace, critical, kube context prod-eu)');
  });

  test('a critical finding without a production target needs no typing', () => {
    const f = finding({ severity: 'critical', target: 'path /' });
    assert.equal(planGuardDecision(verdict('confirm', [f]), { paused: false }).typeToConfirm, undefined);
  });

  test('lines the engine could not read are confirmed every time (no always-allow)', () => {
    const f = finding({ ruleId: 'dynamic.command-name', severity: 'medium', message: 'The program name is dynamic' }); // medium: only being unjudged rules it out
    assert.equal(planGuardDecision(verdict('confirm', [f]), { paused: false }).allowAlways, false);
  });

  test('deny refuses with the policy reason', () => {
    const p = planGuardDecision(verdict('deny', [finding({ ruleId: 'policy.deny', message: 'Matches deny entry "git push --force"' })]), { paused: false });
    assert.equal(p.action, 'deny');
    assert.match(p.terminal, /^denied by policy: Matches deny entry/);
  });

  test('an allowed deploy command is held while edits it would deploy are unreviewed', () => {
    const gate = { hold: true, summary: 'terraform/main.tf has an unreviewed risky change (tf.prevent-destroy-removed)', ruleIds: ['tf.prevent-destroy-removed'], severity: 'high' as const };
    const p = planGuardDecision(verdict('allow', []), { paused: false, gate });
    assert.equal(p.action, 'ask');
    assert.equal(p.terminal, gate.summary);
    assert.equal(p.severity, 'high');
    assert.deepEqual(p.ruleIds, ['tf.prevent-destroy-removed']);
    assert.equal(p.allowAlways, false);
  });

  test('while paused everything runs, and risky lines say so', () => {
    const quiet = planGuardDecision(verdict('allow', []), { paused: true });
    assert.deepEqual([quiet.action, quiet.terminal], ['allow', '']);
    const risky = planGuardDecision(verdict('deny', [finding({})]), { paused: true });
    assert.equal(risky.action, 'allow');
    assert.match(risky.terminal, /^guard paused — ran without asking: Deletes a folder/);
  });

  test('target names are read from target labels', () => {
    assert.equal(targetName('kube context prod-eu'), 'prod-eu');
    assert.equal(targetName('RAILS_ENV=production'), 'production');
    assert.equal(targetName('--env production'), 'production');
    assert.equal(productionTarget([finding({ severity: 'critical', target: 'AWS profile live-admin' })]), 'live-admin');
    assert.equal(productionTarget([finding({ severity: 'critical', target: 'AWS profile staging' })]), undefined);
    assert.equal(productionTarget([finding({ severity: 'critical', target: 'AWS profile blue-1' })], ['blue']), 'blue-1');
  });
});
