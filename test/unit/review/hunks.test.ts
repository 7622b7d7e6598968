import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeEdit } from '../../../src/core/edit/index';
import type { EditFinding } from '../../../src/core/edit/types';
import { applyReplacement, approveHunk, mapFindings, replaceLines, revertHunk } from '../../../src/core/review/hunks';
import { fixturesDir } from '../helpers/paths';

const MAIN_TF = fs.readFileSync(path.join(fixturesDir, 'demo-workspace', 'terraform', 'main.tf'), 'utf8');
const PREVENT_LINE = MAIN_TF.split('\n').findIndex((l) => l.includes('prevent_destroy')) + 1;

function finding(line: number, side: 'after' | 'before', severity: EditFinding['severity'] = 'high', ruleId = 'test.rule'): EditFinding {
  return { ruleId, severity, message: `${ruleId} at ${side}:${line}`, line, side };
}

test('a removed prevent_destroy maps to one hunk shown where the line used to be', () => {
  const after = MAIN_TF.replace(/^\s*prevent_destroy = true\n/m, '');
  const verdict = analyzeEdit({ path: 'terraform/main.tf', before: MAIN_TF, after });
  assert.equal(verdict.findings[0]?.ruleId, 'terraform.prevent-destroy-removed');
  const map = mapFindings(MAIN_TF, after, verdict.findings);
  assert.equal(map.hunks.length, 1);
  const h = map.hunks[0]!;
  assert.deepEqual(h.removed, ['    prevent_destroy = true']);
  assert.deepEqual(h.added, []);
  assert.equal(h.beforeStart, PREVENT_LINE);
  // the after-line that now sits where the removed line was: the closing brace of lifecycle
  assert.equal(h.anchorLine, PREVENT_LINE);
  assert.equal(after.split('\n')[h.anchorLine - 1]!.trim(), '}');
  const p = map.placements[0]!;
  assert.equal(p.line, PREVENT_LINE);
  assert.equal(p.removedText, '    prevent_destroy = true');
  assert.equal(h.severity, 'high');
});

test('a changed line maps to its added line and carries the removed text', () => {
  const after = MAIN_TF.replace('prevent_destroy = true', 'prevent_destroy = false');
  const verdict = analyzeEdit({ path: 'terraform/main.tf', before: MAIN_TF, after });
  const map = mapFindings(MAIN_TF, after, verdict.findings);
  assert.equal(map.hunks.length, 1);
  assert.equal(map.hunks[0]!.anchorLine, PREVENT_LINE);
  assert.deepEqual(map.hunks[0]!.added, ['    prevent_destroy = false']);
  assert.equal(map.placements[0]!.line, PREVENT_LINE);
});

test('a finding on a removed line of a replaced block shows on the added line at the same offset', () => {
  const before = 'a\nb\nc\nd\n';
  const after = 'a\nB\nC\nd\n';
  const map = mapFindings(before, after, [finding(3, 'before')]);
  assert.equal(map.placements[0]!.line, 3);
  assert.equal(map.placements[0]!.removedText, 'c');
});

test('only hunks with findings are returned, in after-line order, each with its own findings', () => {
  const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].join('\n') + '\n';
  const after = ['1', 'two', '3', '4', '5', '6', '7', 'eight', '9'].join('\n') + '\n';
  const map = mapFindings(before, after, [finding(8, 'after', 'medium', 'b.rule'), finding(2, 'after', 'critical', 'a.rule')]);
  assert.deepEqual(
    map.hunks.map((h) => [h.anchorLine, h.severity, h.findings.map((f) => f.ruleId)]),
    [
      [2, 'critical', ['a.rule']],
      [8, 'medium', ['b.rule']],
    ],
  );
  const three = mapFindings(before, after.replace('4', 'four'), [finding(2, 'after')]);
  assert.equal(three.hunks.length, 1, 'the unflagged hunks are not risky');
});

test('a finding on an unchanged line joins the nearest hunk', () => {
  const before = 'resource "x" {\n  a = 1\n  b = 2\n}\n';
  const after = 'resource "x" {\n  a = 1\n  b = 3\n}\n';
  const map = mapFindings(before, after, [finding(1, 'after')]);
  assert.equal(map.hunks.length, 1);
  assert.equal(map.hunks[0]!.anchorLine, 3);
  assert.equal(map.placements[0]!.line, 1, 'the finding is still shown where the rule pointed');
});

test('created and deleted files: one hunk; a deleted file has no after-line to show', () => {
  const created = mapFindings(null, 'x\ny\n', [finding(2, 'after')]);
  assert.equal(created.hunks[0]!.afterCount, 2);
  assert.equal(created.hunks[0]!.anchorLine, 1);
  const deleted = mapFindings('x\ny\n', null, [finding(1, 'before')]);
  assert.equal(deleted.hunks[0]!.anchorLine, 0);
  assert.equal(deleted.placements[0]!.line, 0);
  assert.equal(deleted.placements[0]!.removedText, 'x');
});

test('hunk ids are stable for the same content and differ for repeated content', () => {
  const before = 'keep\nx = 1\nkeep\nx = 1\n';
  const after = 'keep\nkeep\n';
  const a = mapFindings(before, after, [finding(2, 'before'), finding(4, 'before')]);
  const b = mapFindings(before, after, [finding(2, 'before'), finding(4, 'before')]);
  assert.deepEqual(
    a.hunks.map((h) => h.id),
    b.hunks.map((h) => h.id),
  );
  assert.equal(new Set(a.hunks.map((h) => h.id)).size, 2);
  assert.equal(a.hunks[0]!.hash, a.hunks[1]!.hash, 'the content hash names the content only');
  assert.match(a.hunks[0]!.hash, /^[0-9a-f]{64}$/);
});

test('approving one hunk moves the baseline by that hunk only', () => {
  const before = 'a\nb\nc\nd\ne\n';
  const after = 'a\nB\nc\nd\nE\n';
  const map = mapFindings(before, after, [finding(2, 'after'), finding(5, 'after')]);
  const first = map.hunks.find((h) => h.anchorLine === 2)!;
  const baseline = approveHunk(before, after, first);
  assert.equal(baseline, 'a\nB\nc\nd\ne\n');
  const rest = mapFindings(baseline, after, [finding(5, 'after')]);
  assert.equal(rest.hunks.length, 1);
  assert.equal(approveHunk(baseline, after, rest.hunks[0]!), after);
});

test('approving a created file accepts it; approving a deletion gives no baseline', () => {
  const created = mapFindings(null, 'x\n', [finding(1, 'after')]);
  assert.equal(approveHunk(null, 'x\n', created.hunks[0]!), 'x\n');
  const deleted = mapFindings('x\n', null, [finding(1, 'before')]);
  assert.equal(approveHunk('x\n', null, deleted.hunks[0]!), null);
});

test('reverting a hunk restores exactly the baseline lines and nothing else', () => {
  const after = MAIN_TF.replace(/^\s*prevent_destroy = true\n/m, '').replace('engine_version      = "16.3"', 'engine_version      = "17.0"');
  const verdict = analyzeEdit({ path: 'terraform/main.tf', before: MAIN_TF, after });
  const map = mapFindings(MAIN_TF, after, verdict.findings);
  const h = map.hunks.find((x) => x.findings.some((f) => f.ruleId === 'terraform.prevent-destroy-removed'))!;
  const r = revertHunk(after, h);
  assert.ok(r);
  const reverted = applyReplacement(after, r);
  assert.equal(reverted, MAIN_TF.replace('engine_version      = "16.3"', 'engine_version      = "17.0"'));
});

test('revert refuses when the text no longer holds the hunk where it was', () => {
  const before = 'a\nb\nc\n';
  const after = 'a\nB\nc\n';
  const h = mapFindings(before, after, [finding(2, 'after')]).hunks[0]!;
  assert.equal(revertHunk('a\nX\nc\n', h), null);
  assert.ok(revertHunk(after, h));
});

test('replaceLines keeps line endings and the final line break as they were', () => {
  const rows: Array<[string, number, number, string[], string]> = [
    ['a\nb\nc\n', 2, 1, ['B'], 'a\nB\nc\n'],
    ['a\nb\nc\n', 2, 1, [], 'a\nc\n'],
    ['a\nb\nc\n', 2, 0, ['x', 'y'], 'a\nx\ny\nb\nc\n'],
    ['a\nb\nc\n', 4, 0, ['d'], 'a\nb\nc\nd\n'],
    ['a\nb\nc', 3, 1, ['C'], 'a\nb\nC'],
    ['a\nb\nc', 4, 0, ['d'], 'a\nb\nc\nd'],
    ['a\nb\nc', 3, 1, [], 'a\nb'],
    ['a\r\nb\r\nc\r\n', 2, 1, ['B', 'B2'], 'a\r\nB\r\nB2\r\nc\r\n'],
    ['', 1, 0, ['x'], 'x\n'],
    ['a\n', 1, 1, [], ''],
  ];
  for (const [text, start, count, lines, expected] of rows) {
    assert.equal(applyReplacement(text, replaceLines(text, start, count, lines)), expected, JSON.stringify([text, start, count, lines]));
  }
});
