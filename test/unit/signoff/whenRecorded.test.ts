/**
 * Which editor decisions become a record in the repository: only approvals of edits at a
 * severity the sign-off policy asks approvals for; never reverts, never terminal commands.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SIGNOFF_POLICY, signoffPolicyFromText } from '../../../src/core/signoff/policy';
import { mayRecord, repositoryRecordFor } from '../../../src/core/signoff/whenRecorded';

const writes = (d: Parameters<typeof repositoryRecordFor>[0], s: Parameters<typeof repositoryRecordFor>[1], p = DEFAULT_SIGNOFF_POLICY): boolean =>
  repositoryRecordFor(d, s, p).write;

test('out of the box, approvals of high and critical edits are recorded, medium and low ones are not', () => {
  const approve = { kind: 'edit', decision: 'approve' } as const;
  assert.deepEqual(
    (['critical', 'high', 'medium', 'low', 'none'] as const).map((s) => writes(approve, s)),
    [true, true, false, false, false],
  );
  assert.equal(repositoryRecordFor(approve, 'high', DEFAULT_SIGNOFF_POLICY).why, 'the sign-off policy asks for 1 approval of high changes');
});

test('a policy that asks approvals for medium changes records their approvals too', () => {
  const policy = signoffPolicyFromText('{ "approvals": { "medium": 2 } }').policy;
  assert.equal(writes({ kind: 'edit', decision: 'approve' }, 'medium', policy), true);
  assert.equal(repositoryRecordFor({ kind: 'edit', decision: 'approve' }, 'medium', policy).why, 'the sign-off policy asks for 2 approvals of medium changes');
  assert.equal(writes({ kind: 'edit', decision: 'approve' }, 'low', policy), false);
});

test('a policy file cannot take the approval of high changes away (it only tightens)', () => {
  const policy = signoffPolicyFromText('{ "severity": { "high": "allow" } }').policy;
  assert.equal(writes({ kind: 'edit', decision: 'approve' }, 'high', policy), true);
});

test('reverts are never recorded, whatever the severity and the policy', () => {
  const strict = signoffPolicyFromText('{ "approvals": { "low": 5, "medium": 5, "high": 5, "critical": 5 } }').policy;
  for (const s of ['critical', 'high', 'medium', 'low'] as const) assert.equal(writes({ kind: 'edit', decision: 'revert' }, s, strict), false, s);
  assert.equal(mayRecord({ kind: 'edit', decision: 'revert' }).write, false);
  assert.match(mayRecord({ kind: 'edit', decision: 'revert' }).why, /nothing to sign off/);
});

test('Run Once, Deny and Always Allow of terminal commands are never recorded', () => {
  const strict = signoffPolicyFromText('{ "approvals": { "critical": 5 } }').policy;
  for (const decision of ['run-once', 'deny', 'always-allow'] as const) {
    assert.equal(writes({ kind: 'command', decision }, 'critical', strict), false, decision);
    assert.equal(mayRecord({ kind: 'command', decision }).why, 'decisions on terminal commands are kept in the audit log only');
  }
  assert.equal(mayRecord({ kind: 'edit', decision: 'approve' }).write, true);
});
