/** The editor command's model: verify's JSON into quick-pick items, approve --as-check output. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseApproveCheck, parseVerifyJson, personEnvironment, pickItems } from '../../../src/extension/signoff/model';

const VERIFY = JSON.stringify({
  ok: false,
  root: '/work/shop',
  base: { label: 'origin/main', commit: 'a'.repeat(40) },
  changes: [
    {
      id: '5e5aee3b92ff',
      file: 'db/migrations/002_drop_users.sql',
      line: 2,
      side: 'after',
      ruleId: 'sql.drop-table',
      severity: 'high',
      message: 'drops the table users and all its rows',
      required: 2,
      have: 1,
      status: 'missing-approvals',
      approvals: [{ name: 'Alice Author', email: 'alice@example.com', counted: true }],
      stale: [],
    },
    { id: '0123456789ab', file: 'infra/main.tf', line: 4, side: 'before', ruleId: 'terraform.resource-removed', severity: 'critical', message: 'removes aws_db_instance.main', required: 1, have: 1, status: 'ok', approvals: [], stale: [] },
    {
      id: 'bbbbbbbbbbbb',
      file: 'k8s/deploy.yaml',
      line: 9,
      side: 'after',
      ruleId: 'k8s.replicas-zero',
      severity: 'high',
      message: 'scales to zero',
      required: 1,
      have: 0,
      status: 'stale',
      approvals: [{ name: 'ci', email: 'ci-bot@example.com', counted: false, reason: 'an agent never counts' }],
      stale: [{ name: 'Bob Reviewer', email: 'bob@example.com', counted: false }],
    },
  ],
  uncommittedRecords: ['.blast-radius/reviews/2025-03/x.json'],
});

test('pending changes are the ones short of approvals, including those someone else approved', () => {
  const v = parseVerifyJson(VERIFY);
  assert.ok(v);
  assert.equal(v.baseLabel, 'origin/main');
  assert.deepEqual(v.pending.map((c) => c.id), ['5e5aee3b92ff', 'bbbbbbbbbbbb']);
  assert.equal(v.uncommittedRecords, 1);
});

test("verify's base problems and the identity-unverified status reach the editor", () => {
  const moved = parseVerifyJson(JSON.stringify({ ok: false, base: { label: 'origin/main' }, baseProblems: ['HEAD abc is already part of origin/main', 7], changes: [] }));
  assert.ok(moved);
  assert.deepEqual(moved.baseProblems, ['HEAD abc is already part of origin/main']);
  assert.deepEqual(moved.pending, []);
  assert.deepEqual(parseVerifyJson(VERIFY)!.baseProblems, []);
  const unverified = parseVerifyJson(JSON.stringify({ ok: false, changes: [{ id: 'c'.repeat(12), required: 2, have: 0, status: 'identity-unverified' }] }))!;
  assert.equal(unverified.changes[0]!.status, 'identity-unverified');
  assert.match(pickItems(unverified)[0]!.description, /identity unverified: approvals need signed commits/);
});

test('quick-pick items say where, what, how many approvals and who approved', () => {
  const items = pickItems(parseVerifyJson(VERIFY)!);
  assert.deepEqual(items[0], {
    id: '5e5aee3b92ff',
    label: 'db/migrations/002_drop_users.sql:2',
    description: 'high · sql.drop-table · 1/2 · missing approvals',
    detail: 'drops the table users and all its rows — approved by Alice Author',
    file: 'db/migrations/002_drop_users.sql',
    absolute: '/work/shop/db/migrations/002_drop_users.sql',
    line: 2,
    side: 'after',
  });
  assert.match(items[1]!.detail, /not counted: ci: an agent never counts — earlier version approved by Bob Reviewer/);
  assert.match(items[1]!.description, /stale: approved content has changed/);
});

test('output that is not verify\'s JSON is not mistaken for "nothing pending"', () => {
  assert.equal(parseVerifyJson(''), undefined);
  assert.equal(parseVerifyJson('{"changes": []}'), undefined);
  assert.equal(parseVerifyJson('[1,2]'), undefined);
});

test('a change with an unknown status counts as pending', () => {
  const v = parseVerifyJson(JSON.stringify({ ok: true, changes: [{ id: 'cccccccccccc', status: 'weird', required: 1, have: 1 }] }));
  assert.equal(v?.pending.length, 1);
});

test('approve --as-check output gives the identity, the ids that count and the refusals', () => {
  const out = 'Your approval (Bob Reviewer <bob@example.com>) would count for:\n  5e5aee3b92ff  db/migrations/002_drop_users.sql:2  high  sql.drop-table  2/2\n      drops the table users and all its rows\n';
  const err = 'blast-radius approve: bbbbbbbbbbbb k8s/deploy.yaml:9 not approved: Bob Reviewer <bob@example.com> already approved this change on 2025-03-04\n';
  assert.deepEqual(parseApproveCheck(out, err), {
    identity: 'Bob Reviewer <bob@example.com>',
    counts: ['5e5aee3b92ff'],
    refusals: ['bbbbbbbbbbbb k8s/deploy.yaml:9 not approved: Bob Reviewer <bob@example.com> already approved this change on 2025-03-04'],
  });
  assert.deepEqual(parseApproveCheck('', ''), { counts: [], refusals: [] });
});

test('the CLI started from the editor runs as node without agent markers', () => {
  const env = personEnvironment({ PATH: '/bin', CLAUDECODE: '1' }, ['CLAUDECODE']);
  assert.deepEqual(env, { PATH: '/bin', ELECTRON_RUN_AS_NODE: '1' });
});
