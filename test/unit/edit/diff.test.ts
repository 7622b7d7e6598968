/** Line diff and the Edit view: hunks, exact line numbers on both sides, mapping between sides. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffLineArrays, splitLines } from '../../../src/core/edit/diff';
import { EditImpl } from '../../../src/core/edit/edit';
import { detectFile } from '../../../src/core/edit/kinds';

function edit(before: string | null, after: string | null): EditImpl {
  return new EditImpl(detectFile('x.txt', before, after), before, after, {});
}

/** Rebuild `after` from `before` and the hunks: proves the hunks are complete and consistent. */
function applyHunks(before: readonly string[], d: ReturnType<typeof diffLineArrays>): string[] {
  const out: string[] = [];
  let i = 1;
  for (const h of d.hunks) {
    while (i < h.beforeStart) out.push(before[i++ - 1]!);
    for (const r of h.removed) {
      assert.equal(r.line, i, 'removed lines are consecutive from beforeStart');
      assert.equal(r.text, before[i - 1]);
      i++;
    }
    for (const a of h.added) out.push(a.text);
  }
  while (i <= before.length) out.push(before[i++ - 1]!);
  return out;
}

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

describe('splitLines', () => {
  it('drops the final break and handles CRLF', () => {
    assert.deepEqual(splitLines('a\r\nb\r\n'), ['a', 'b']);
    assert.deepEqual(splitLines('a\nb'), ['a', 'b']);
    assert.deepEqual(splitLines(''), []);
    assert.deepEqual(splitLines('\n'), ['']);
    assert.deepEqual(splitLines('a\n\nb\n'), ['a', '', 'b']);
  });
});

describe('diffLineArrays', () => {
  it('reports a replacement with exact lines on both sides', () => {
    const d = diffLineArrays(['a', 'b', 'c', 'd', 'e'], ['a', 'B', 'c', 'e', 'f']);
    assert.deepEqual(d.hunks, [
      { beforeStart: 2, afterStart: 2, removed: [{ line: 2, text: 'b' }], added: [{ line: 2, text: 'B' }] },
      { beforeStart: 4, afterStart: 4, removed: [{ line: 4, text: 'd' }], added: [] },
      { beforeStart: 6, afterStart: 5, removed: [], added: [{ line: 5, text: 'f' }] },
    ]);
    assert.deepEqual([...d.afterOf], [1, 0, 3, 0, 4]);
    assert.deepEqual([...d.beforeOf], [1, 0, 3, 5, 0]);
  });

  it('treats a created file as all added and a deleted one as all removed', () => {
    const c = diffLineArrays([], ['x', 'y']);
    assert.deepEqual(c.added, [
      { line: 1, text: 'x' },
      { line: 2, text: 'y' },
    ]);
    assert.deepEqual(c.removed, []);
    const d = diffLineArrays(['x', 'y'], []);
    assert.deepEqual(d.removed.map((l) => l.line), [1, 2]);
    assert.equal(d.hunks.length, 1);
  });

  it('keeps an insertion in the middle of repeated lines minimal', () => {
    const before = ['}', '', '}', '', '}'];
    const after = ['}', '', 'new', '}', '', '}'];
    const d = diffLineArrays(before, after);
    assert.equal(d.removed.length, 0);
    assert.deepEqual(d.added, [{ line: 3, text: 'new' }]);
  });

  it('rebuilds the new side from the hunks for random edits (with repeated lines)', () => {
    const r = rng(7);
    const vocab = ['', '}', '{', 'return x;', 'end', 'foo()', 'bar()', 'baz()'];
    for (let round = 0; round < 200; round++) {
      const before = Array.from({ length: Math.floor(r() * 60) }, () => (r() < 0.5 ? vocab[Math.floor(r() * vocab.length)]! : `line ${Math.floor(r() * 40)}`));
      const after = before.slice();
      const ops = Math.floor(r() * 8);
      for (let k = 0; k < ops; k++) {
        const at = Math.floor(r() * (after.length + 1));
        const what = r();
        if (what < 0.4) after.splice(at, 1);
        else if (what < 0.8) after.splice(at, 0, `added ${k} ${Math.floor(r() * 5)}`);
        else after[at] = 'changed';
      }
      const d = diffLineArrays(before, after);
      assert.deepEqual(applyHunks(before, d), after.filter((x) => x !== undefined), `round ${round}`);
      for (const a of d.added) assert.equal(after[a.line - 1], a.text);
      for (let j = 0; j < after.length; j++) {
        const b = d.beforeOf[j]!;
        if (b > 0) assert.equal(before[b - 1], after[j]);
      }
    }
  });

  it('handles a whole-file rewrite of 10,000 lines as removed plus added', () => {
    const before = Array.from({ length: 10000 }, (_, i) => `old ${i}`);
    const after = Array.from({ length: 10000 }, (_, i) => `new ${i}`);
    const d = diffLineArrays(before, after);
    assert.equal(d.removed.length, 10000);
    assert.equal(d.added.length, 10000);
    assert.deepEqual(applyHunks(before, d), after);
  });
});

describe('Edit view', () => {
  const before = 'one\ntwo\nthree\nfour\n';
  const after = 'one\n2\nthree\nfour\nfive\n';
  const e = edit(before, after);

  it('knows which lines were added and removed', () => {
    assert.deepEqual(e.added(), [
      { line: 2, text: '2' },
      { line: 5, text: 'five' },
    ]);
    assert.deepEqual(e.removed(), [{ line: 2, text: 'two' }]);
    assert.equal(e.isAdded(2), true);
    assert.equal(e.isAdded(3), false);
    assert.equal(e.isRemoved(2), true);
    assert.equal(e.isRemoved(4), false);
  });

  it('maps unchanged lines between the sides', () => {
    assert.equal(e.afterLineOf(3), 3);
    assert.equal(e.afterLineOf(2), undefined);
    assert.equal(e.beforeLineOf(4), 4);
    assert.equal(e.beforeLineOf(5), undefined);
  });

  it('maps offsets to lines and back on both sides', () => {
    assert.equal(e.lineAt('after', 0), 1);
    assert.equal(e.lineAt('after', after.indexOf('five')), 5);
    assert.equal(e.lineAt('before', before.indexOf('four') + 2), 4);
    assert.equal(e.offsetOf('after', 5), after.indexOf('five'));
    assert.equal(e.offsetOf('before', 1), 0);
  });

  it('names the change kind', () => {
    assert.equal(edit(null, 'x').change, 'created');
    assert.equal(edit('x', null).change, 'deleted');
    assert.equal(e.change, 'modified');
  });
});
