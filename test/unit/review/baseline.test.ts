import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BaselineStore } from '../../../src/core/review/baseline';

test('a tracked file needs its HEAD version, then resolves to it', () => {
  const s = new BaselineStore();
  assert.deepEqual(s.resolve('/w/a.tf', 'c1'), { kind: 'need-head' });
  s.setHead('/w/a.tf', { key: 'c1', content: 'head\n' });
  assert.deepEqual(s.resolve('/w/a.tf', 'c1'), { kind: 'baseline', baseline: { content: 'head\n', source: 'git-head' } });
});

test('a moved HEAD asks for the HEAD version again', () => {
  const s = new BaselineStore();
  s.setHead('/w/a.tf', { key: 'c1', content: 'old\n' });
  assert.deepEqual(s.resolve('/w/a.tf', 'c2'), { kind: 'need-head' });
});

test('an approval wins over HEAD and first-seen content', () => {
  const s = new BaselineStore();
  s.setHead('/w/a.tf', { key: 'c1', content: 'head\n' });
  s.noteSeen('/w/a.tf', 'seen\n');
  s.approve('/w/a.tf', 'approved\n');
  assert.deepEqual(s.resolve('/w/a.tf', 'c1'), { kind: 'baseline', baseline: { content: 'approved\n', source: 'approved' } });
  assert.deepEqual(s.approvals(), [['/w/a.tf', 'approved\n']]);
});

test('a file not in HEAD falls back to the content when first seen', () => {
  const s = new BaselineStore();
  s.setHead('/w/new.sql', { key: 'c1', content: null });
  assert.deepEqual(s.resolve('/w/new.sql', 'c1'), { kind: 'unknown' });
  s.noteSeen('/w/new.sql', 'first\n');
  s.noteSeen('/w/new.sql', 'second\n');
  assert.deepEqual(s.resolve('/w/new.sql', 'c1'), { kind: 'baseline', baseline: { content: 'first\n', source: 'first-seen' } });
});

test('outside git: first seen, or created when first seen as created', () => {
  const s = new BaselineStore();
  assert.deepEqual(s.resolve('/w/x', undefined), { kind: 'unknown' });
  s.noteSeen('/w/x', null);
  assert.deepEqual(s.resolve('/w/x', undefined), { kind: 'baseline', baseline: { content: null, source: 'created' } });
  assert.equal(s.hasSeen('/w/x'), true);
});

test('re-baselining after a git operation drops the approval and takes the new state', () => {
  const s = new BaselineStore();
  s.setHead('/w/a.tf', { key: 'c1', content: 'head\n' });
  s.approve('/w/a.tf', 'approved\n');
  s.rebaseline('/w/a.tf', undefined);
  assert.deepEqual(s.resolve('/w/a.tf', 'c2'), { kind: 'need-head' });
  s.noteSeen('/w/u.txt', 'before\n');
  s.rebaseline('/w/u.txt', 'after checkout\n');
  assert.deepEqual(s.resolve('/w/u.txt', undefined), { kind: 'baseline', baseline: { content: 'after checkout\n', source: 'first-seen' } });
});

test('cached HEAD contents beyond the budget are dropped, oldest first, and read again on demand', () => {
  const s = new BaselineStore(10);
  s.setHead('/w/1', { key: 'c', content: '123456' });
  s.setHead('/w/2', { key: 'c', content: '123456' });
  assert.deepEqual(s.resolve('/w/1', 'c'), { kind: 'need-head' });
  assert.equal(s.resolve('/w/2', 'c').kind, 'baseline');
});

test('an approval is dropped once the file is back at HEAD, so the same change is reviewed again', () => {
  const s = new BaselineStore();
  s.setHead('/w/a.tf', { key: 'c1', content: 'keep = true\n' });
  s.approve('/w/a.tf', '');
  assert.equal(s.dropApprovalIfBack('/w/a.tf', 'keep = false\n', 'c1'), false, 'still away from HEAD: the approval stands');
  assert.equal(s.resolve('/w/a.tf', 'c1').kind, 'baseline');
  assert.equal(s.dropApprovalIfBack('/w/a.tf', 'keep = true\n', 'c1'), true);
  assert.deepEqual(s.resolve('/w/a.tf', 'c1'), { kind: 'baseline', baseline: { content: 'keep = true\n', source: 'git-head' } });
});

test('outside git, an approval is dropped once the file is back at its first-seen content', () => {
  const s = new BaselineStore();
  s.noteSeen('/w/x', 'one\n');
  s.approve('/w/x', 'two\n');
  assert.equal(s.dropApprovalIfBack('/w/x', 'one\n', undefined), true);
  assert.equal(s.approvedContent('/w/x'), undefined);
});
