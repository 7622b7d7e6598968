import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type PendingItem, type QueueChange, ReviewQueue, formatAge, nextItem } from '../../../src/core/review/queue';

function item(id: string, over: Partial<PendingItem> = {}): PendingItem {
  return { id, kind: 'edit', severity: 'high', file: '/w/a.tf', ruleIds: ['terraform.x'], title: 't', createdAt: 100, ...over };
}

test('items list most severe first, then oldest first', () => {
  const q = new ReviewQueue();
  q.upsert(item('a', { severity: 'medium', createdAt: 1 }));
  q.upsert(item('b', { severity: 'critical', createdAt: 5 }));
  q.upsert(item('c', { severity: 'critical', createdAt: 2 }));
  assert.deepEqual(
    q.list().map((i) => i.id),
    ['c', 'b', 'a'],
  );
  assert.equal(q.highest(), 'critical');
});

test('replaceFile adds, updates and removes one file’s edits in a single change, keeping ages', () => {
  const q = new ReviewQueue();
  const changes: QueueChange[] = [];
  q.onDidChange((c) => changes.push(c));
  q.replaceFile('/w/a.tf', [item('x', { createdAt: 10 }), item('y', { createdAt: 10 })]);
  q.upsert(item('cmd', { kind: 'command', file: '/w', createdAt: 11 }));
  q.replaceFile('/w/a.tf', [item('y', { createdAt: 50, severity: 'critical' }), item('z', { createdAt: 50 })]);
  const last = changes[changes.length - 1]!;
  assert.deepEqual(
    last.removed.map((i) => i.id),
    ['x'],
  );
  assert.deepEqual(
    last.added.map((i) => i.id),
    ['z'],
  );
  assert.deepEqual(
    last.updated.map((i) => [i.id, i.severity, i.createdAt]),
    [['y', 'critical', 10]],
  );
  assert.ok(q.get('cmd'), 'held commands are not touched by a file replacement');
  q.replaceFile('/w/a.tf', [item('y', { createdAt: 99, severity: 'critical' }), item('z', { createdAt: 99 })]);
  assert.equal(changes.length, 3, 'an identical replacement emits nothing');
});

test('files() gives each file its highest severity; commands are not files', () => {
  const q = new ReviewQueue();
  q.upsert(item('1', { file: '/w/a', severity: 'low' }));
  q.upsert(item('2', { file: '/w/a', severity: 'high' }));
  q.upsert(item('3', { file: '/w/b', severity: 'medium' }));
  q.upsert(item('4', { kind: 'command', file: '/w/c', severity: 'critical' }));
  assert.deepEqual([...q.files()].sort(), [
    ['/w/a', 'high'],
    ['/w/b', 'medium'],
  ]);
});

test('remove and removeWhere emit what went', () => {
  const q = new ReviewQueue();
  q.upsert(item('a', { severity: 'low' }));
  q.upsert(item('b', { severity: 'medium' }));
  q.upsert(item('c', { severity: 'high' }));
  const seen: string[] = [];
  q.onDidChange((c) => seen.push(...c.removed.map((i) => i.id)));
  assert.equal(q.remove('nope'), undefined);
  q.remove('a');
  q.removeWhere((i) => i.severity === 'medium');
  assert.deepEqual(seen, ['a', 'b']);
  assert.equal(q.size, 1);
});

test('a throwing listener does not stop the others', () => {
  const q = new ReviewQueue();
  let called = false;
  q.onDidChange(() => {
    throw new Error('boom');
  });
  q.onDidChange(() => (called = true));
  q.upsert(item('a'));
  assert.equal(called, true);
});

test('ages read like a person would say them', () => {
  assert.equal(formatAge(0, 10_000), 'just now');
  assert.equal(formatAge(0, 3 * 60_000), '3 min ago');
  assert.equal(formatAge(0, 2 * 3600_000), '2 h ago');
  assert.equal(formatAge(0, 3 * 86400_000), '3 d ago');
});

test('Next opens the item after the file shown, going round, never another change of the same file', () => {
  const q = new ReviewQueue();
  q.upsert(item('edit:/w/a.tf#1', { file: '/w/a.tf', severity: 'critical', createdAt: 1 }));
  q.upsert(item('edit:/w/b.tf#1', { file: '/w/b.tf', severity: 'high', createdAt: 2 }));
  q.upsert(item('edit:/w/a.tf#2', { file: '/w/a.tf', severity: 'low', createdAt: 3 }));
  q.upsert(item('cmd-1', { kind: 'command', file: '/w', severity: 'medium', createdAt: 4 }));
  const items = q.list();
  assert.deepEqual(
    items.map((i) => i.id),
    ['edit:/w/a.tf#1', 'edit:/w/b.tf#1', 'cmd-1', 'edit:/w/a.tf#2'],
  );
  // nothing shown: the first (most severe) item
  assert.equal(nextItem(items, undefined)?.id, 'edit:/w/a.tf#1');
  // a.tf shown: b.tf, not a.tf's low change
  assert.equal(nextItem(items, '/w/a.tf')?.id, 'edit:/w/b.tf#1');
  // b.tf shown: the held command, then round to a.tf
  assert.equal(nextItem(items, '/w/b.tf')?.id, 'cmd-1');
  assert.equal(nextItem(items.filter((i) => i.kind === 'edit'), '/w/b.tf')?.id, 'edit:/w/a.tf#2');
  // a file with nothing pending (already decided): the first item
  assert.equal(nextItem(items, '/w/gone.tf')?.id, 'edit:/w/a.tf#1');
  // only the file shown has changes: nothing else to open
  assert.equal(nextItem(items.filter((i) => i.file === '/w/a.tf'), '/w/a.tf'), undefined);
  assert.equal(nextItem([], undefined), undefined);
});
