/**
 * The `--stdin --jsonl` loop (src/cli/jsonl.ts): one answer per line in order, written together
 * for the lines at hand, and written before the loop waits for a slow answer or for more input.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CliIO } from '../../src/cli/io';
import { jsonLines } from '../../src/cli/jsonl';

function io(input: AsyncIterable<string> | string[]): CliIO & { writes: string[] } {
  const o = {
    writes: [] as string[],
    out(t: string) {
      o.writes.push(t);
    },
    err() {
      // not read
    },
    readStdin: () => Promise.resolve(''),
    stdinLines: () => (Array.isArray(input) ? (async function* () { yield* input; })() : input),
  };
  return o;
}

describe('jsonLines', () => {
  test('the answers of the lines at hand go out in one write, in order, bad lines included', async () => {
    const o = io(['"a"', 'not json', '', '"b"']);
    const bad = await jsonLines(o, 'not JSON', (v) => ({ out: { got: v } }));
    assert.equal(bad, 1);
    assert.equal(o.writes.length, 1);
    assert.equal(o.writes[0], '{"got":"a"}\n{"error":"line 2: not JSON"}\n{"got":"b"}\n');
  });

  test('answers already made are written before the loop waits for a slow one', async () => {
    const o = io(['"fast"', '"slow"', '"after"']);
    let writtenWhileWaiting: string[] = [];
    await jsonLines(o, 'not JSON', (v) => {
      if (v !== 'slow') return { out: v };
      return new Promise((resolve) =>
        setTimeout(() => {
          writtenWhileWaiting = [...o.writes];
          resolve({ out: v });
        }, 5),
      );
    });
    assert.deepEqual(writtenWhileWaiting, ['"fast"\n']);
    assert.equal(o.writes.join(''), '"fast"\n"slow"\n"after"\n');
  });

  test('a line is answered while the input stays open (the loop waits for more)', async () => {
    let release!: () => void;
    const more = new Promise<void>((resolve) => (release = resolve));
    const o = io(
      (async function* () {
        yield '"first"';
        await more;
        yield '"second"';
      })(),
    );
    const done = jsonLines(o, 'not JSON', (v) => ({ out: v }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(o.writes, ['"first"\n'], 'answered before the next line came');
    release();
    await done;
    assert.equal(o.writes.join(''), '"first"\n"second"\n');
  });
});
