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

test('paused guard says when it resumes: in the text, the tooltip and the screen reader label', () => {
  const now = 1_000_000;
  const v = statusView({ guard: 'paused', pending: [], pausedUntil: now + 4.5 * 60000 }, now);
  assert.equal(v.color, 'warning');
  assert.equal(v.text, '$(debug-pause) Blast Radius paused 5 min');
  assert.match(v.tooltip, /Resumes in 5 min/);
  assert.equal(v.accessibility, 'Blast Radius: guard paused, resumes in 5 minutes, nothing waiting for review');
  assert.equal(v.pausedMinutes, 5);
  // a minute later the text moves on; in the last minute it says 1
  assert.equal(statusView({ guard: 'paused', pending: [], pausedUntil: now + 4.5 * 60000 }, now + 60000).text, '$(debug-pause) Blast Radius paused 4 min');
  assert.equal(statusView({ guard: 'paused', pending: [], pausedUntil: now + 30000 }, now).accessibility, 'Blast Radius: guard paused, resumes in 1 minute, nothing waiting for review');
});

test('paused until resumed says so', () => {
  const v = statusView({ guard: 'paused', pending: [{ severity: 'medium' }] });
  assert.equal(v.text, '$(debug-pause) Blast Radius paused 1 medium');
  assert.equal(v.pausedMinutes, undefined);
  assert.equal(v.accessibility, 'Blast Radius: guard paused, until you resume it, 1 item waiting for review, highest severity medium');
});

test('the screen reader label is plain words: no icons, no markdown, no entities, no links', () => {
  const inputs = [
    { guard: 'on' as const, pending: [{ severity: 'high' as const }, { severity: 'low' as const }] },
    { guard: 'starting' as const, pending: [] },
    { guard: 'unguarded' as const, pending: [], detail: 'fish 3.1 is too old.' },
    { guard: 'error' as const, pending: [{ severity: 'critical' as const }], detail: 'the guard server could not start' },
  ];
  assert.equal(statusView(inputs[0]!).accessibility, 'Blast Radius: guard on, 2 items waiting for review, highest severity high');
  assert.equal(statusView(inputs[2]!).accessibility, 'Blast Radius: not guarded, fish 3.1 is too old, nothing waiting for review');
  for (const i of inputs) assert.doesNotMatch(statusView(i).accessibility, /\$\(|&nbsp;|\]\(|command:|[*_`#]/);
});

test('an unguarded terminal is a warning with its reason', () => {
  const v = statusView({ guard: 'unguarded', pending: [], detail: 'fish 3.1 is too old' });
  assert.equal(v.color, 'warning');
  assert.match(v.tooltip, /fish 3\.1 is too old/);
});
