/**
 * Memos for what rules derive again and again. Both kinds keep answers that depend only on their
 * key (pure functions), and both are bounded, so a long-lived process (the terminal guard, the
 * hook judge, `check --stdin --jsonl`) holds no more than a fixed number of them.
 *
 * - `perCommand`: the rules run one after another on each command of a line, and several ask the
 *   same question about it (what it writes, which names it defines). The answer is kept for the
 *   command at hand only: one entry, replaced by the next command.
 * - `boundedMemo`: answers by text (a word, a path in a context), the least recently used out
 *   beyond `max`.
 *
 * A kept answer is shared by every caller: callers read it and never change it.
 */
import { Lru } from './fileCache';

/** `derive(cmd)` computed once for the command at hand (and again when another command comes). */
export function perCommand<C extends object, R>(derive: (cmd: C) => R): (cmd: C) => R {
  let key: C | undefined;
  let value: R | undefined;
  return (cmd) => {
    if (cmd !== key) {
      value = derive(cmd);
      key = cmd;
    }
    return value as R;
  };
}

/** `derive(cmd, check)` computed once for the command at hand in one check (a parsed script is judged again in later checks). */
export function perCommandAndCheck<C extends object, X extends object, R>(derive: (cmd: C, check: X) => R): (cmd: C, check: X) => R {
  let key: C | undefined;
  let check: X | undefined;
  let value: R | undefined;
  return (cmd, x) => {
    if (cmd !== key || x !== check) {
      value = derive(cmd, x);
      key = cmd;
      check = x;
    }
    return value as R;
  };
}

/** A memo of `derive` by text, keeping at most `max` answers (least recently used out). */
export function boundedMemo<R>(max: number, derive: (key: string) => R): { get(key: string): R; readonly size: number } {
  const kept = new Lru<string, { value: R }>(max);
  return {
    get(key: string): R {
      const hit = kept.get(key);
      if (hit) return hit.value;
      const value = derive(key);
      kept.set(key, { value });
      return value;
    },
    get size(): number {
      return kept.size;
    },
  };
}
