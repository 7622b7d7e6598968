/** Matching changes with the record: counts, same person twice, agents, seniors, stale, tampering. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RiskyChange } from '../../../src/core/signoff/changes';
import { planApprovals } from '../../../src/core/signoff/approve';
import { signoffPolicyFromText, type SignoffPolicy } from '../../../src/core/signoff/policy';
import { canApprove, evaluateAll, evaluateChange, type EvidenceRecord } from '../../../src/core/signoff/verify';
import { ALICE, approval, BOB, CAROL } from './helpers';

const DROP: RiskyChange = {
  id: '1111111111aa',
  hash: `1111111111aa${'0'.repeat(52)}`,
  file: 'db/migrations/002_drop.sql',
  ruleId: 'sql.drop-table',
  severity: 'high',
  message: 'drops the table users and all its rows',
  line: 1,
  side: 'after',
};

const TWO: SignoffPolicy = signoffPolicyFromText('{ "approvals": { "high": 2 } }').policy;
const ONE: SignoffPolicy = signoffPolicyFromText(null).policy;
const SENIORS: SignoffPolicy = signoffPolicyFromText('{ "approvals": { "high": 2, "seniors": ["*@seniors.example.com"] } }').policy;

function judge(records: EvidenceRecord[], policy: SignoffPolicy = TWO, change: RiskyChange = DROP) {
  return evaluateChange({ change }, records, policy, new Set([change.hash]));
}

test('no approval: missing approvals, 0 of the required count', () => {
  const r = judge([]);
  assert.equal(r.status, 'missing-approvals');
  assert.equal(r.have, 0);
  assert.equal(r.required, 2);
});

test('one approval of two required is still missing one', () => {
  const r = judge([approval(DROP, ALICE)]);
  assert.equal(r.status, 'missing-approvals');
  assert.equal(r.have, 1);
});

test('two different people satisfy a policy of two', () => {
  const r = judge([approval(DROP, ALICE), approval(DROP, BOB, {}, '2025-03-02T10:00:00.000Z')]);
  assert.equal(r.status, 'ok');
  assert.equal(r.have, 2);
});

test('the default policy needs one approval for high', () => {
  assert.equal(judge([approval(DROP, ALICE)], ONE).status, 'ok');
});

test('the same person twice counts once (e-mail compared without case)', () => {
  const r = judge([approval(DROP, ALICE), approval(DROP, { name: 'A. Author', email: 'ALICE@example.com' }, {}, '2025-03-02T10:00:00.000Z')]);
  assert.equal(r.have, 1);
  assert.equal(r.status, 'ineligible-approver');
  assert.match(r.approvals[1]!.reason ?? '', /already approved this change; one person counts once/);
});

test('an agent never counts: a bot address, an agent-marked approver, a policy agent pattern', () => {
  const bot = judge([approval(DROP, ALICE), approval(DROP, { name: 'ci', email: 'ci-bot@example.com' })]);
  assert.equal(bot.have, 1);
  assert.equal(bot.status, 'ineligible-approver');
  const marked = judge([approval(DROP, ALICE), approval(DROP, { ...BOB, agent: true })]);
  assert.equal(marked.have, 1);
  const custom = signoffPolicyFromText('{ "approvals": { "high": 2, "agents": ["bob@example.com"] } }').policy;
  assert.equal(judge([approval(DROP, ALICE), approval(DROP, BOB)], custom).have, 1);
});

test('a decision taken by a configured rule never counts, even run-once', () => {
  const r = judge([approval(DROP, ALICE), approval(DROP, BOB, { decision: 'run-once', decidedBy: 'rule' })]);
  assert.equal(r.have, 1);
  assert.match(r.approvals.find((a) => !a.counted)?.reason ?? '', /configured rule/);
});

test('revert and deny decisions are not approvals', () => {
  const r = judge([approval(DROP, ALICE, { decision: 'revert' }), approval(DROP, BOB, { decision: 'deny' })]);
  assert.equal(r.have, 0);
  assert.equal(r.status, 'missing-approvals');
});

test('with seniors, a second approval from someone not on the list is ineligible', () => {
  const r = judge([approval(DROP, ALICE), approval(DROP, BOB, {}, '2025-03-02T10:00:00.000Z')], SENIORS);
  assert.equal(r.have, 1);
  assert.equal(r.status, 'ineligible-approver');
  assert.match(r.approvals[1]!.reason ?? '', /not on approvals\.seniors/);
});

test('with seniors, a senior second approval completes the sign-off (in either order)', () => {
  assert.equal(judge([approval(DROP, ALICE), approval(DROP, CAROL, {}, '2025-03-02T10:00:00.000Z')], SENIORS).status, 'ok');
  assert.equal(judge([approval(DROP, CAROL), approval(DROP, ALICE, {}, '2025-03-02T10:00:00.000Z')], SENIORS).status, 'ok');
});

test('an approval of earlier content is stale and does not count', () => {
  const old = { ...DROP, hash: `2222222222bb${'0'.repeat(52)}` };
  const r = judge([approval(old, ALICE), approval(old, BOB)]);
  assert.equal(r.have, 0);
  assert.equal(r.status, 'stale');
  assert.equal(r.stale.length, 2);
});

test("a record whose file or rule was edited by hand does not count for this change", () => {
  const r = judge([approval(DROP, ALICE), approval(DROP, BOB, { file: 'db/migrations/001_init.sql' })]);
  assert.equal(r.have, 1);
  assert.equal(r.status, 'ineligible-approver');
  assert.match(r.approvals[1]!.reason ?? '', /edited by hand/);
});

test('a record whose hash was changed to another change\'s does not approve that change', () => {
  const other: RiskyChange = { ...DROP, id: '3333333333cc', hash: `3333333333cc${'0'.repeat(52)}`, file: 'infra/main.tf', ruleId: 'terraform.resource-removed', severity: 'critical' };
  const forged = approval(DROP, BOB, { hash: other.hash });
  const out = evaluateAll([{ change: DROP }, { change: other }], [approval(DROP, ALICE), forged], TWO);
  assert.equal(out.results[1]!.have, 0);
  assert.equal(out.results[1]!.status, 'ineligible-approver');
  assert.equal(out.ok, false);
});

test('records that cannot be trusted (provenance) or are not committed do not count', () => {
  const untrusted = { ...approval(DROP, BOB), untrusted: 'the record was committed by mallory@example.com' };
  const pending = { ...approval(DROP, BOB), uncommitted: true };
  assert.equal(judge([approval(DROP, ALICE), untrusted]).status, 'ineligible-approver');
  const p = judge([approval(DROP, ALICE), pending]);
  assert.equal(p.have, 1);
  assert.equal(p.status, 'missing-approvals');
});

test('a policy-lowering change is judged under its own (base) policy and count', () => {
  const lowered: RiskyChange = { ...DROP, id: '4444444444dd', hash: `4444444444dd${'0'.repeat(52)}`, file: '.blast-radius.json', ruleId: 'signoff.policy-lowered', severity: 'critical' };
  const out = evaluateAll([{ change: lowered, policy: SENIORS, required: 2 }], [approval(lowered, ALICE), approval(lowered, BOB)], ONE);
  assert.equal(out.results[0]!.required, 2);
  assert.equal(out.results[0]!.status, 'ineligible-approver');
});

test('canApprove refuses a person who already approved, an agent, and a non-senior second approver', () => {
  const records = [approval(DROP, ALICE)];
  const r = judge(records, SENIORS);
  assert.deepEqual(canApprove(r, { ...ALICE, email: 'Alice@Example.com' }, records).ok, false);
  assert.match((canApprove(r, { name: 'x', email: 'deploy-bot@example.com' }, records) as { reason: string }).reason, /agent/);
  assert.match((canApprove(r, BOB, records) as { reason: string }).reason, /approvals\.seniors/);
  assert.deepEqual(canApprove(r, CAROL, records), { ok: true });
});

test('canApprove counts an uncommitted approval of the same person as already given', () => {
  const records = [{ ...approval(DROP, ALICE), uncommitted: true }];
  const r = judge(records);
  assert.match((canApprove(r, ALICE, records) as { reason: string }).reason, /not committed yet/);
});

test('planApprovals: ids by prefix, --all-pending, unknown and too-short ids', () => {
  const other: RiskyChange = { ...DROP, id: '5555555555ee', hash: `5555555555ee${'0'.repeat(52)}` };
  const out = evaluateAll([{ change: DROP }, { change: other }], [], TWO);
  const tool = { name: 'blast-radius', version: 'test' };
  const byId = planApprovals(out.results, [], { ids: ['1111111111', '12', 'ffffffffff'], allPending: false, who: BOB, tool });
  assert.deepEqual(byId.approve.map((a) => a.result.change.id), ['1111111111aa']);
  assert.equal(byId.approve[0]!.record.approver.email, 'bob@example.com');
  assert.equal(byId.approve[0]!.record.hash, DROP.hash);
  assert.deepEqual(byId.unknown.map((u) => u.id), ['12', 'ffffffffff']);
  const all = planApprovals(out.results, [], { ids: [], allPending: true, who: BOB, tool });
  assert.equal(all.approve.length, 2);
});
