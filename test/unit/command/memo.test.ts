/**
 * The memos rules share (src/core/command/memo.ts) and the least-recently-used map under them
 * (src/core/command/fileCache.ts): what they keep, for how long, and that they stay bounded.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Lru } from '../../../src/core/command/fileCache';
import { boundedMemo, perCommand, perCommandAndCheck } from '../../../src/core/command/memo';

describe('Lru', () => {
  test('keeps at most max entries and drops the least recently used first', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    assert.equal(lru.get('a'), 1); // a is now the most recent
    lru.set('c', 3);
    assert.equal(lru.size, 2);
    assert.equal(lru.get('b'), undefined);
    assert.equal(lru.get('a'), 1);
    assert.equal(lru.get('c'), 3);
  });
});

describe('perCommand', () => {
  test('derives once for the command at hand and again for the next command', () => {
    const seen: object[] = [];
    const words = perCommand((cmd: { args: string[] }) => {
      seen.push(cmd);
      return cmd.args.length;
    });
    const a = { args: ['x', 'y'] };
    const b = { args: ['z'] };
    assert.equal(words(a), 2);
    assert.equal(words(a), 2);
    assert.equal(seen.length, 1);
    assert.equal(words(b), 1);
    assert.equal(words(a), 2);
    assert.deepEqual(seen, [a, b, a]);
  });

  test('keeps nothing when the derivation throws', () => {
    let calls = 0;
    const f = perCommand((_cmd: object) => {
      calls++;
      if (calls === 1) throw new Error('first call fails');
      return calls;
    });
    const cmd = {};
    assert.throws(() => f(cmd), /first call fails/);
    assert.equal(f(cmd), 2);
    assert.equal(f(cmd), 2);
  });
});

describe('perCommandAndCheck', () => {
  test('the same command in another check is derived again', () => {
    let calls = 0;
    const f = perCommandAndCheck((cmd: { n: number }, check: { k: number }) => {
      calls++;
      return cmd.n * 10 + check.k;
    });
    const cmd = { n: 1 };
    const first = { k: 1 };
    const second = { k: 2 };
    assert.equal(f(cmd, first), 11);
    assert.equal(f(cmd, first), 11);
    assert.equal(calls, 1);
    assert.equal(f(cmd, second), 12);
    assert.equal(calls, 2);
  });
});

describe('boundedMemo', () => {
  test('answers from memory while the key is kept, and keeps no more than max', () => {
    const asked: string[] = [];
    const memo = boundedMemo(3, (k: string) => {
      asked.push(k);
      return k.toUpperCase();
    });
    for (const k of ['a', 'b', 'a', 'c', 'a']) assert.equal(memo.get(k), k.toUpperCase());
    assert.deepEqual(asked, ['a', 'b', 'c']);
    memo.get('d'); // evicts b, the least recently used
    assert.equal(memo.size, 3);
    memo.get('b');
    assert.deepEqual(asked, ['a', 'b', 'c', 'd', 'b']);
  });

  test('an undefined answer is kept like any other', () => {
    let calls = 0;
    const memo = boundedMemo(4, (_k: string) => {
      calls++;
      return undefined;
    });
    assert.equal(memo.get('x'), undefined);
    assert.equal(memo.get('x'), undefined);
    assert.equal(calls, 1);
  });

  test('stays bounded over many distinct keys', () => {
    const memo = boundedMemo(16, (k: string) => k.length);
    for (let i = 0; i < 10_000; i++) memo.get(`key-${i}`);
    assert.equal(memo.size, 16);
  });
});
