/**
 * The audit log read back: records of both writers (the terminal guard, the edit review) as
 * entries with the same fields, found by words, grouped by local day, exported as JSON lines.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  auditEntryFrom,
  dayLabel,
  dayOf,
  entrySentence,
  filterEntries,
  groupByDay,
  matchesQuery,
  parseAuditLog,
  queryWords,
  toJsonLines,
} from '../../../src/core/audit/entries';

const denied = {
  time: '2025-03-04T10:21:07.512Z',
  kind: 'command',
  source: 'agent',
  agent: 'claude-code',
  shell: 'bash',
  cwd: '/work/shop',
  line: 'terraform destroy -auto-approve',
  verdict: 'confirm',
  severity: 'critical',
  ruleIds: ['iac.terraform-destroy'],
  decision: 'deny',
  decidedBy: 'person',
  reason: 'denied by you in the editor — destroys every resource of the workspace',
  ms: 4210,
};
const allowed = { ...denied, time: '2025-03-04T10:25:00.000Z', source: 'terminal', agent: undefined, line: 'git status', severity: 'none', ruleIds: [], decision: 'allow', decidedBy: 'rule', reason: '' };
const approved = {
  time: '2025-03-05T08:00:00.000Z',
  type: 'edit',
  decision: 'approve',
  scope: 'hunk',
  file: 'terraform/main.tf',
  severity: 'high',
  ruleIds: ['terraform.prevent-destroy-removed'],
  author: 'agent',
  decidedBy: 'person',
  via: 'diff',
};
const reverted = { ...approved, time: '2025-03-05T09:30:00.000Z', decision: 'revert', file: 'db/migrations/003.sql', ruleIds: ['sql.drop-table'], via: 'tree' };
const observed = { ...denied, time: '2025-03-05T09:31:00.000Z', source: 'observed', line: 'rm -rf build', severity: 'high', ruleIds: ['fs.rm-recursive'], decision: 'ran', decidedBy: 'unguarded', reason: 'ran in a terminal without the guard', agent: undefined };

const log = [denied, allowed, approved, reverted, observed].map((r) => JSON.stringify(r)).join('\n') + '\n';

test('both writers’ records read as entries with the same fields', () => {
  const { entries, skipped } = parseAuditLog(log);
  assert.equal(skipped, 0);
  assert.deepEqual(
    entries.map((e) => [e.seq, e.kind, e.decision, e.severity, e.subject, e.ruleIds.join(','), e.decidedBy, e.source ?? '']),
    [
      [0, 'command', 'denied', 'critical', 'terraform destroy -auto-approve', 'iac.terraform-destroy', 'you', 'claude-code'],
      [1, 'command', 'allowed', 'none', 'git status', '', 'policy', 'terminal'],
      [2, 'edit', 'approved', 'high', 'terraform/main.tf', 'terraform.prevent-destroy-removed', 'you', 'diff'],
      [3, 'edit', 'reverted', 'high', 'db/migrations/003.sql', 'sql.drop-table', 'you', 'tree'],
      [4, 'command', 'ran', 'high', 'rm -rf build', 'fs.rm-recursive', 'not guarded', 'unguarded terminal'],
    ],
  );
  assert.deepEqual(entries[0]!.raw, denied, 'the record as written');
});

test('lines that are not JSON or not audit records are skipped and counted, never thrown', () => {
  const { entries, skipped } = parseAuditLog(`${JSON.stringify(denied)}\n{"half":\n[1,2]\n{"time":"yesterday","decision":"deny","line":"x"}\n{"time":"2025-03-04T10:00:00Z","line":"no decision"}\n\n`);
  assert.equal(entries.length, 1);
  assert.equal(skipped, 4);
  assert.equal(auditEntryFrom(null, 0), undefined);
  assert.equal(auditEntryFrom({ time: '2025-03-04T10:00:00Z', type: 'edit', decision: 'approve' }, 0), undefined, 'an edit without a file');
});

test('a search finds entries by any word of what they say; every word must match', () => {
  const { entries } = parseAuditLog(log);
  const find = (q: string): string[] => filterEntries(entries, q).map((e) => e.subject);
  assert.deepEqual(find('terraform'), ['terraform/main.tf', 'terraform destroy -auto-approve'], 'newest first');
  assert.deepEqual(find('destroy denied'), ['terraform destroy -auto-approve']);
  assert.deepEqual(find('deny'), ['terraform destroy -auto-approve'], 'the decision as written finds it too');
  assert.deepEqual(find('DROP-TABLE'), ['db/migrations/003.sql'], 'rule ids, any case');
  assert.deepEqual(find('claude-code critical'), ['terraform destroy -auto-approve'], 'the agent and the severity');
  assert.deepEqual(find('unguarded'), ['rm -rf build']);
  assert.deepEqual(find('2025-03-04'), ['git status', 'terraform destroy -auto-approve'], 'the date');
  assert.deepEqual(find('"auto-approve" policy'), []);
  assert.equal(find('').length, 5, 'no words: everything');
  assert.deepEqual(queryWords('  rm  "two words"  x '), ['rm', 'two words', 'x']);
  assert.equal(matchesQuery(entries[0]!, 'destroy nothing-like-this'), false);
});

test('grouped by local day, newest day first; the time of day in the sentence is local too', () => {
  const { entries } = parseAuditLog(log);
  const utc = groupByDay(filterEntries(entries, ''), () => 0);
  assert.deepEqual(utc.map((d) => [d.day, d.entries.map((e) => e.seq)]), [
    ['2025-03-05', [4, 3, 2]],
    ['2025-03-04', [1, 0]],
  ]);
  // eleven hours ahead of UTC, 10:25 on the 4th is already the 4th at 21:25 and 09:30 on the 5th is 20:30
  const east = groupByDay(filterEntries(entries, ''), () => -11 * 60);
  assert.deepEqual(east.map((d) => [d.day, d.entries.length]), [
    ['2025-03-05', 3],
    ['2025-03-04', 2],
  ]);
  assert.equal(dayOf(Date.parse('2025-03-04T23:30:00Z'), -60), '2025-03-05');
  assert.equal(dayOf(Date.parse('2025-03-05T00:30:00Z'), 60), '2025-03-04');
  assert.equal(dayLabel('2025-03-05', 3, '2025-03-05', '2025-03-04'), 'Today, 2025-03-05 (3)');
  assert.equal(dayLabel('2025-03-04', 2, '2025-03-05', '2025-03-04'), 'Yesterday, 2025-03-04 (2)');
  assert.equal(dayLabel('2025-03-03', 1, '2025-03-05', '2025-03-04'), 'Monday, 2025-03-03 (1)');
});

test('one plain sentence per entry: decision, severity, what, rules, who, when', () => {
  const { entries } = parseAuditLog(log);
  assert.equal(entrySentence(entries[0]!, 0), 'Denied critical command terraform destroy -auto-approve, rule iac.terraform-destroy, by you, at 10:21:07');
  assert.equal(entrySentence(entries[1]!, 0), 'Allowed command git status, by policy, at 10:25:00');
  assert.equal(entrySentence(entries[2]!, 0), 'Approved high change to terraform/main.tf, rule terraform.prevent-destroy-removed, by you, at 08:00:00');
});

test('exported as JSON lines: the records as written, oldest first', () => {
  const { entries } = parseAuditLog(log);
  const out = toJsonLines(filterEntries(entries, 'high'));
  assert.deepEqual(
    out.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown),
    [approved, reverted, observed].map((r) => JSON.parse(JSON.stringify(r)) as unknown),
  );
  assert.ok(out.endsWith('\n'));
  assert.equal(toJsonLines([]), '');
});
