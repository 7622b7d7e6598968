/**
 * Change scheduling off the typing path: `touch(key)` only notes that a file changed (a map
 * write and, at most, arming one timer); files are handed to the processor once they have been
 * quiet for the debounce time, in batches, one batch at a time.
 *
 * The processor yields between files through `TimeSlicer`, so a burst of thousands of changes
 * is worked through in slices and the host is never blocked for long.
 */

export interface SchedulerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Lets other work run (setImmediate in Node). */
  yieldNow(): Promise<void>;
}

export const realClock: SchedulerClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  yieldNow: () => new Promise<void>((resolve) => setImmediate(resolve)),
};

export interface SchedulerOptions {
  /** Quiet time per file before it is processed. Default 150 ms. */
  debounceMs?: number;
  /** Most keys handed to the processor at once. Default 250. */
  maxBatch?: number;
}

export type BatchProcessor = (keys: string[]) => Promise<void>;

export class ChangeScheduler {
  private readonly due = new Map<string, number>();
  private readonly ready: string[] = [];
  private readonly readySet = new Set<string>();
  private timer: unknown;
  private timerAt = Infinity;
  private running = false;
  private disposed = false;
  private idleWaiters: Array<() => void> = [];
  private readonly debounceMs: number;
  private readonly maxBatch: number;

  constructor(
    private readonly processor: BatchProcessor,
    options: SchedulerOptions = {},
    private readonly clock: SchedulerClock = realClock,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {
    this.debounceMs = options.debounceMs ?? 150;
    this.maxBatch = options.maxBatch ?? 250;
  }

  /**
   * Notes a change to `key`; processing happens `debounceMs` (or this call's `quietMs`) after its
   * last change. Cheap: a map write, and at most re-arming the one timer.
   */
  touch(key: string, quietMs: number = this.debounceMs): void {
    if (this.disposed) return;
    const at = this.clock.now() + quietMs;
    this.due.set(key, at);
    if (this.timer === undefined || at < this.timerAt) this.arm(at);
  }

  /** Processes `keys` again after `ms` (e.g. while a git operation holds its lock). */
  defer(keys: Iterable<string>, ms: number): void {
    if (this.disposed) return;
    const at = this.clock.now() + ms;
    for (const k of keys) {
      const prev = this.due.get(k);
      this.due.set(k, prev === undefined ? at : Math.max(prev, at));
    }
    if (this.timer === undefined || at < this.timerAt) this.arm(at);
  }

  /** Files waiting (debouncing or ready) plus whether a batch is being processed. */
  get pendingCount(): number {
    return this.due.size + this.ready.length;
  }

  get idle(): boolean {
    return this.due.size === 0 && this.ready.length === 0 && !this.running;
  }

  /** Resolves once nothing is waiting or being processed. */
  whenIdle(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.due.clear();
    this.ready.length = 0;
    this.readySet.clear();
    this.notifyIdle();
  }

  private arm(at: number): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimeout(() => this.fire(), Math.max(0, at - this.clock.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.disposed) return;
    const now = this.clock.now();
    let next = Infinity;
    for (const [k, at] of this.due) {
      if (at <= now + 1) {
        this.due.delete(k);
        if (!this.readySet.has(k)) {
          this.readySet.add(k);
          this.ready.push(k);
        }
      } else if (at < next) next = at;
    }
    if (next !== Infinity) this.arm(next);
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.ready.length > 0 && !this.disposed) {
        const batch = this.ready.splice(0, this.maxBatch);
        for (const k of batch) this.readySet.delete(k);
        try {
          await this.processor(batch);
        } catch (e) {
          this.onError(e);
        }
        await this.clock.yieldNow();
      }
    } finally {
      this.running = false;
      this.notifyIdle();
    }
  }

  private notifyIdle(): void {
    if (!this.idle && !this.disposed) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

/**
 * Yields to the event loop once a slice of synchronous work has run for `sliceMs`, and records
 * the longest slice (the longest time the host was blocked by this work).
 */
export class TimeSlicer {
  private sliceStart: number;
  longestSliceMs = 0;

  constructor(
    private readonly sliceMs: number = 15,
    private readonly clock: SchedulerClock = realClock,
  ) {
    this.sliceStart = clock.now();
  }

  /** Starts timing a new slice (after an await that already yielded). */
  resume(): void {
    this.sliceStart = this.clock.now();
  }

  /** Call between units of work. */
  async maybeYield(): Promise<void> {
    const elapsed = this.clock.now() - this.sliceStart;
    if (elapsed < this.sliceMs) return;
    this.longestSliceMs = Math.max(this.longestSliceMs, elapsed);
    await this.clock.yieldNow();
    this.sliceStart = this.clock.now();
  }

  /** Ends the current slice (records its length). */
  end(): void {
    this.longestSliceMs = Math.max(this.longestSliceMs, this.clock.now() - this.sliceStart);
  }
}
