import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeScheduler, type SchedulerClock, TimeSlicer } from '../../../src/core/review/scheduler';

/** A clock whose time only moves when the test says so. */
class FakeClock implements SchedulerClock {
  t = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private next = 1;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== h);
  }
  yieldNow(): Promise<void> {
    return new Promise((r) => setImmediate(r));
  }
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const first = this.timers[0];
      if (!first || first.at > end) break;
      this.timers.shift();
      this.t = first.at;
      first.fn();
      await new Promise((r) => setImmediate(r));
    }
    this.t = end;
  }
  get armed(): number {
    return this.timers.length;
  }
}

test('a file is processed once, after it has been quiet for the debounce time', async () => {
  const clock = new FakeClock();
  const batches: string[][] = [];
  const s = new ChangeScheduler(async (keys) => void batches.push(keys), { debounceMs: 150 }, clock);
  s.touch('a');
  await clock.advance(100);
  s.touch('a');
  await clock.advance(100);
  assert.deepEqual(batches, [], 'still typing');
  await clock.advance(60);
  await s.whenIdle();
  assert.deepEqual(batches, [['a']]);
});

test('many files touched together arrive in bounded batches, each file once', async () => {
  const clock = new FakeClock();
  const batches: string[][] = [];
  const s = new ChangeScheduler(async (keys) => void batches.push(keys), { debounceMs: 10, maxBatch: 100 }, clock);
  for (let i = 0; i < 250; i++) s.touch(`f${i}`);
  for (let i = 0; i < 250; i++) s.touch(`f${i}`);
  assert.equal(clock.armed, 1, 'one timer for all of them');
  await clock.advance(20);
  await s.whenIdle();
  assert.deepEqual(
    batches.map((b) => b.length),
    [100, 100, 50],
  );
  assert.equal(new Set(batches.flat()).size, 250);
});

test('defer processes files again later', async () => {
  const clock = new FakeClock();
  const seen: string[] = [];
  let first = true;
  const s = new ChangeScheduler(
    async (keys) => {
      seen.push(...keys);
      if (first) {
        first = false;
        s.defer(keys, 300);
      }
    },
    { debounceMs: 10 },
    clock,
  );
  s.touch('x');
  await clock.advance(20);
  assert.deepEqual(seen, ['x']);
  assert.equal(s.idle, false);
  await clock.advance(300);
  await s.whenIdle();
  assert.deepEqual(seen, ['x', 'x']);
});

test('a failing batch is reported and later batches still run', async () => {
  const clock = new FakeClock();
  const errors: unknown[] = [];
  const done: string[] = [];
  const s = new ChangeScheduler(
    async (keys) => {
      if (keys.includes('bad')) throw new Error('boom');
      done.push(...keys);
    },
    { debounceMs: 10 },
    clock,
    (e) => errors.push(e),
  );
  s.touch('bad');
  await clock.advance(20);
  s.touch('good');
  await clock.advance(20);
  await s.whenIdle();
  assert.equal(errors.length, 1);
  assert.deepEqual(done, ['good']);
});

test('the time slicer yields once a slice is used up and records the longest slice', async () => {
  const clock = new FakeClock();
  const slicer = new TimeSlicer(15, clock);
  let yields = 0;
  const orig = clock.yieldNow.bind(clock);
  clock.yieldNow = () => {
    yields++;
    return orig();
  };
  for (let i = 0; i < 10; i++) {
    clock.t += 4;
    await slicer.maybeYield();
  }
  slicer.end();
  assert.equal(yields, 2);
  assert.equal(slicer.longestSliceMs, 16);
});
