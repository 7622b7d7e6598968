import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob, excludeMatcher } from '../../../src/core/review/glob';

const MATCH: Array<[string, string, boolean]> = [
  ['**/.git/objects/**', '.git/objects/ab/cdef', true],
  ['**/.git/objects/**', 'sub/.git/objects/ab', true],
  ['**/.git/objects/**', '.git/HEAD', false],
  ['**/node_modules/*/**', 'node_modules/left-pad/index.js', true],
  ['**/node_modules/*/**', 'a/node_modules/x/y/z.js', true],
  ['**/node_modules/*/**', 'node_modules_backup/x/y.js', false],
  ['*.log', 'debug.log', true],
  ['*.log', 'logs/debug.log', false],
  ['**/*.{tmp,bak}', 'a/b/c.bak', true],
  ['**/*.{tmp,bak}', 'a/b/c.tf', false],
  ['build/?.txt', 'build/a.txt', true],
  ['build/?.txt', 'build/ab.txt', false],
  ['[!a]*.md', 'b.md', true],
  ['[!a]*.md', 'a.md', false],
];

for (const [glob, p, expected] of MATCH) {
  test(`glob ${glob} ${expected ? 'matches' : 'does not match'} ${p}`, () => {
    assert.equal(compileGlob(glob)!.test(p), expected);
  });
}

test('an exclude object counts patterns set to true, and a path under an excluded folder', () => {
  const m = excludeMatcher({ '**/dist': true, '**/keep': false, '{broken': true });
  assert.equal(m('dist/app.js'), true);
  assert.equal(m('pkg/dist/a/b.js'), true);
  assert.equal(m('keep/a.js'), false);
  assert.equal(m('src/dist.ts'), false);
});

test('an invalid pattern never matches and a missing setting excludes nothing', () => {
  assert.equal(compileGlob('{a,b'), undefined);
  assert.equal(excludeMatcher(undefined)('anything'), false);
  assert.equal(excludeMatcher(['**'])('anything'), false);
});
