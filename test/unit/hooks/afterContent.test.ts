import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAfterContent, parseApplyPatch } from '../../../src/core/hooks/afterContent';

test('replaces the first occurrence only, by default', () => {
  assert.deepEqual(buildAfterContent('a b a', [{ oldString: 'a', newString: 'x' }]), { content: 'x b a' });
});

test('replace_all replaces every occurrence', () => {
  assert.deepEqual(buildAfterContent('a b a', [{ oldString: 'a', newString: 'x', replaceAll: true }]), { content: 'x b x' });
});

test('edits apply in order, each to the result of the previous one', () => {
  const r = buildAfterContent('one two', [
    { oldString: 'one', newString: 'three' },
    { oldString: 'three two', newString: 'done' },
  ]);
  assert.deepEqual(r, { content: 'done' });
});

test('replacement text is inserted literally ($& and $1 are not patterns)', () => {
  assert.deepEqual(buildAfterContent('price', [{ oldString: 'price', newString: '$& costs $1' }]), { content: '$& costs $1' });
  assert.deepEqual(buildAfterContent('p p', [{ oldString: 'p', newString: '$&$&', replaceAll: true }]), { content: '$&$& $&$&' });
});

test('an old string that is not in the file cannot be judged', () => {
  const r = buildAfterContent('hello', [{ oldString: 'bye', newString: 'x' }]);
  assert.ok('error' in r);
  assert.match(r.error, /not in the file/);
});

test('the second of two edits failing names which one', () => {
  const r = buildAfterContent('hello', [
    { oldString: 'hello', newString: 'hi' },
    { oldString: 'hello', newString: 'x' },
  ]);
  assert.ok('error' in r && /replacement 2 of 2/.test(r.error));
});

test('an empty old string on a missing file creates it', () => {
  assert.deepEqual(buildAfterContent(null, [{ oldString: '', newString: 'new file' }]), { content: 'new file' });
});

test('a replacement on a missing file cannot be judged', () => {
  assert.ok('error' in buildAfterContent(null, [{ oldString: 'a', newString: 'b' }]));
});

test('an empty old string on a non-empty file cannot be judged', () => {
  assert.ok('error' in buildAfterContent('x', [{ oldString: '', newString: 'b' }]));
});

test('apply_patch: add, update (with context and move) and delete', () => {
  const patch = [
    '*** Begin Patch',
    '*** Add File: new.txt',
    '+hello',
    '+world',
    '*** Update File: src/a.ts',
    '*** Move to: src/b.ts',
    '@@ function f() {',
    ' const a = 1;',
    '-const b = 2;',
    '+const b = 3;',
    ' return a + b;',
    '@@',
    '-old tail',
    '*** Delete File: gone.txt',
    '*** End Patch',
  ].join('\n');
  const r = parseApplyPatch(patch);
  assert.deepEqual(r, {
    changes: [
      { op: 'write', path: 'new.txt', content: 'hello\nworld\n' },
      {
        op: 'edit',
        path: 'src/a.ts',
        moveTo: 'src/b.ts',
        edits: [
          { oldString: 'const a = 1;\nconst b = 2;\nreturn a + b;', newString: 'const a = 1;\nconst b = 3;\nreturn a + b;' },
          { oldString: 'old tail', newString: '' },
        ],
      },
      { op: 'delete', path: 'gone.txt' },
    ],
  });
});

test('apply_patch: the update hunk applies to the file it came from', () => {
  const current = 'a\nb\nc\n';
  const r = parseApplyPatch('*** Begin Patch\n*** Update File: f\n@@\n a\n-b\n+B\n c\n*** End Patch');
  assert.ok('changes' in r);
  const c = r.changes[0]!;
  assert.ok(c.op === 'edit');
  assert.deepEqual(buildAfterContent(current, c.edits), { content: 'a\nB\nc\n' });
});

test('apply_patch: text that is not a patch is an error', () => {
  assert.ok('error' in parseApplyPatch('rm -rf /'));
  assert.ok('error' in parseApplyPatch('*** Begin Patch\n*** Add File: x\n+y\n'));
  assert.ok('error' in parseApplyPatch('*** Begin Patch\nrm -rf /\n*** End Patch'));
});
