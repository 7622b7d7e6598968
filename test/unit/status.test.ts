import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusView } from '../../src/core/status';

test('guard on with nothing pending shows the shield and no colour', () => {
  const v = statusView({ guard: 'on', pending: [] });
  assert.equal(v.text, '$(shield) Blast Radius');
  assert.equal(v.color, 'default');
  assert.match(v.tooltip, /Nothing is waiting/);
});

test('pending items show their count and highest severity', () => {
  const v = statusView({ guard: 'on', pending: [{ severity: 'low' }, { severity: 'high' }, { severity: 'medium' }] });
  assert.equal(v.text, '$(shield) Blast Radius 3 high');
  assert.equal(v.highest, 'high');
  assert.equal(v.color, 'error');
});

test('medium pending items use the warning colour', () => {
  assert.equal(statusView({ guard: 'on', pending: [{ severity: 'medium' }] }).color, 'warning');
});

test('paused guard says when it resumes', () => {
  const now = 1_000_000;
  const v = statusView({ guard: 'paused', pending: [], pausedUntil: now + 4.5 * 60000 }, now);
  assert.equal(v.color, 'warning');
  assert.match(v.tooltip, /Resumes in 5 min/);
});

test('an unguarded terminal is a warning with its reason', () => {
  const v = statusView({ guard: 'unguarded', pending: [], detail: 'fish 3.1 is too old' });
  assert.equal(v.color, 'warning');
  assert.match(v.tooltip, /fish 3\.1 is too old/);
});
