/**
 * Sign-off of a branch in a real temporary git repository, through the core (collectSignoff):
 * base resolution, the base policy's requirements, policy lowering, record provenance (who
 * committed it, whether it was changed since), uncommitted records, agent attribution.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GitError } from '../../../src/core/signoff/git';
import { collectSignoff } from '../../../src/core/signoff/repo';
import { makeRecord, serializeRecord, writeRecord } from '../../../src/core/signoff/record';
import type { RiskyChange } from '../../../src/core/signoff/changes';
import type { Identity } from '../../../src/core/signoff/identity';
import { makeRepo, type Repo } from '../helpers/git';
import { ALICE, BOB } from './helpers';

const repos: Repo[] = [];
after(() => {
  for (const r of repos) r.rm();
});

/** main with a policy and a table; branch `feature` drops it. */
function branchWithDrop(policy = '{ "approvals": { "high": 2 } }'): Repo {
  const r = makeRepo('br-signoff-');
  repos.push(r);
  r.as(ALICE);
  if (policy !== '') r.write('.blast-radius.json', `${policy}\n`);
  r.write('db/migrations/001_users.sql', 'CREATE TABLE users (id int);\n');
  r.write('README.md', '# demo\n');
  r.commitAll('initial');
  r.git('checkout', '-q', '-b', 'feature');
  r.write('db/migrations/002_drop_users.sql', '-- users moved to accounts\nDROP TABLE users;\n');
  r.commitAll('drop users');
  return r;
}

function collect(r: Repo, base?: string) {
  return collectSignoff({ cwd: r.dir, ...(base !== undefined ? { base } : {}) });
}

/** Writes an approval record of `change` by `approver` and commits it as `committer`. */
function approveAs(r: Repo, change: RiskyChange, approver: Identity, committer: Identity = approver, time = new Date()): string {
  const made = makeRecord({
    kind: 'edit',
    ruleId: change.ruleId,
    file: change.file,
    hash: change.hash,
    severity: change.severity,
    decision: 'approve',
    approver,
    agentAttributed: false,
    tool: { name: 'blast-radius', version: 'test' },
    time,
  });
  assert.ok(made.ok);
  const rel = writeRecord(r.dir, made.record);
  r.as(committer);
  r.commitAll(`approve ${change.id}`);
  return rel;
}

test('the base defaults to main; the risky migration needs the policy count', () => {
  const r = branchWithDrop();
  const rep = collect(r);
  assert.equal(rep.base.label, 'main');
  assert.equal(rep.base.commit, r.git('rev-parse', 'main').trim());
  assert.equal(rep.outcome.results.length, 1);
  const [x] = rep.outcome.results;
  assert.equal(x!.change.file, 'db/migrations/002_drop_users.sql');
  assert.equal(x!.change.line, 2);
  assert.equal(x!.required, 2);
  assert.equal(rep.outcome.ok, false);
});

test('changes that landed on main after the branch started are not the branch\'s', () => {
  const r = branchWithDrop();
  r.git('checkout', '-q', 'main');
  r.write('db/migrations/003_drop_legacy.sql', 'DROP TABLE legacy;\n');
  r.commitAll('main moves on');
  r.git('checkout', '-q', 'feature');
  const rep = collect(r, 'main');
  assert.deepEqual(rep.outcome.results.map((x) => x.change.file), ['db/migrations/002_drop_users.sql']);
});

test('an unknown --base is a GitError with what to do', () => {
  const r = branchWithDrop();
  assert.throws(() => collect(r, 'origin/nope'), (e: unknown) => e instanceof GitError && /not a commit in this repository/.test(e.message));
});

test('two people approving in their own commits satisfy the policy', () => {
  const r = branchWithDrop();
  const change = collect(r).outcome.results[0]!.change;
  approveAs(r, change, ALICE);
  assert.equal(collect(r).outcome.results[0]!.have, 1);
  approveAs(r, change, BOB);
  const rep = collect(r);
  assert.equal(rep.outcome.results[0]!.status, 'ok');
  assert.equal(rep.outcome.ok, true);
});

test("a record claiming someone else's approval, committed by another person, does not count", () => {
  const r = branchWithDrop();
  const change = collect(r).outcome.results[0]!.change;
  approveAs(r, change, ALICE);
  approveAs(r, change, BOB, ALICE);
  const x = collect(r).outcome.results[0]!;
  assert.equal(x.have, 1);
  assert.equal(x.status, 'ineligible-approver');
  assert.match(x.approvals.find((a) => !a.counted)?.reason ?? '', /committed by alice@example\.com .* not by the approver bob@example\.com/);
});

test('a record edited after it was committed (to approve other content) does not count', () => {
  const r = branchWithDrop();
  const drop = collect(r).outcome.results[0]!.change;
  approveAs(r, drop, ALICE);
  const bobs = approveAs(r, drop, BOB);
  // Bob's approval is moved onto a new risky change by editing the record file by hand.
  r.as(ALICE);
  r.write('db/migrations/003_drop_orders.sql', 'DROP TABLE orders;\n');
  r.commitAll('drop orders');
  const orders = collect(r).outcome.results.find((x) => x.change.file.endsWith('003_drop_orders.sql'))!.change;
  const abs = path.join(r.dir, bobs);
  const edited = fs.readFileSync(abs, 'utf8').replace(drop.hash, orders.hash).replace(drop.file, orders.file);
  fs.writeFileSync(abs, edited);
  approveAs(r, orders, ALICE);
  const rep = collect(r);
  const o = rep.outcome.results.find((x) => x.change.hash === orders.hash)!;
  assert.equal(o.have, 1, 'only Alice counts; the edited record is refused');
  assert.equal(o.status, 'ineligible-approver');
  assert.match(o.approvals.find((a) => !a.counted)?.reason ?? '', /changed after commit .* added it/);
  // And the drop lost Bob's approval with it.
  assert.equal(rep.outcome.results.find((x) => x.change.hash === drop.hash)!.have, 1);
});

test('a malformed record file is reported and ignored, never an approval', () => {
  const r = branchWithDrop('');
  const change = collect(r).outcome.results[0]!.change;
  r.write(`.blast-radius/reviews/2025-01/${change.id}-0000000000.json`, `{ "version": 1, "id": "${change.id}-0000000000", "hash": "${change.hash}" }\n`);
  r.commitAll('half a record');
  const rep = collect(r);
  assert.equal(rep.recordProblems.length, 1);
  assert.match(rep.recordProblems[0]!.message, /kind|ruleId|expected/);
  assert.equal(rep.outcome.results[0]!.have, 0);
});

test('records in the working tree are listed as uncommitted and do not count', () => {
  const r = branchWithDrop('');
  const change = collect(r).outcome.results[0]!.change;
  const made = makeRecord({ kind: 'edit', ruleId: change.ruleId, file: change.file, hash: change.hash, severity: change.severity, decision: 'approve', approver: ALICE, agentAttributed: false, tool: { name: 'blast-radius', version: 'test' } });
  assert.ok(made.ok);
  const rel = writeRecord(r.dir, made.record);
  const rep = collect(r);
  assert.deepEqual(rep.uncommitted, [rel]);
  assert.equal(rep.outcome.results[0]!.have, 0);
  assert.equal(serializeRecord(made.record), fs.readFileSync(path.join(r.dir, rel), 'utf8'));
});

test('the base policy sets the bar: a branch that lowers approvals still needs the old count, and the lowering itself needs sign-off', () => {
  const r = branchWithDrop('{ "approvals": { "critical": 2, "high": 2 } }');
  r.write('.blast-radius.json', '{ "approvals": { "critical": 2, "high": 1 } }\n');
  r.commitAll('fewer approvals');
  const rep = collect(r);
  assert.deepEqual(rep.lowering, ['approvals for high lowered from 2 to 1']);
  const drop = rep.outcome.results.find((x) => x.change.ruleId === 'sql.drop-table')!;
  assert.equal(drop.required, 2, 'the base policy still applies to the migration');
  const lowered = rep.outcome.results.find((x) => x.change.ruleId === 'signoff.policy-lowered')!;
  assert.equal(lowered.change.severity, 'critical');
  assert.equal(lowered.change.file, '.blast-radius.json');
  assert.equal(lowered.required, 2);
  approveAs(r, lowered.change, ALICE);
  approveAs(r, lowered.change, BOB);
  const again = collect(r).outcome.results.find((x) => x.change.ruleId === 'signoff.policy-lowered')!;
  assert.equal(again.status, 'ok');
});

test('raising the bar on the branch applies at once', () => {
  const r = branchWithDrop('{}');
  r.write('.blast-radius.json', '{ "approvals": { "high": 3 } }\n');
  r.commitAll('more approvals');
  const rep = collect(r);
  assert.deepEqual(rep.lowering, []);
  assert.equal(rep.outcome.results.find((x) => x.change.ruleId === 'sql.drop-table')!.required, 3);
});

test('a change in a commit co-authored by an agent is marked agent-attributed', () => {
  const r = branchWithDrop('');
  r.write('db/migrations/003_drop_orders.sql', 'DROP TABLE orders;\n');
  r.git('add', '-A');
  r.git('commit', '-q', '-m', 'drop orders\n\nCo-authored-by: Claude <noreply@anthropic.com>');
  const rep = collect(r);
  const byFile = new Map(rep.outcome.results.map((x) => [x.change.file, x.change.agentAttributed]));
  assert.equal(byFile.get('db/migrations/003_drop_orders.sql'), true);
  assert.equal(byFile.get('db/migrations/002_drop_users.sql'), false);
});
