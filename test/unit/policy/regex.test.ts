/**
 * Policy expressions in the linear-time engine (src/core/regex.ts): the expressions people
 * write match as JavaScript would, what RE2 cannot run is refused with where it is, and nothing
 * backtracks (the catastrophic cases run through the real CLI in test/unit/security).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileLinear } from '../../../src/core/regex';
import { matchesPattern } from '../../../src/core/policy/pattern';

describe('compileLinear matches as JavaScript does for the expressions people write', () => {
  const rows: [string, string, boolean][] = [
    ['--region (eu|us)-\\w+-1\\b', '--region eu-west-1 --x', true],
    ['--region (eu|us)-\\w+-1\\b', '--region ap-south-1', false],
    ['^--force$', '--force', true],
    ['^-[a-z]*f', '-rf x', true],
    ['prod(uction)?\\.example\\.com', 'db.production.example.com', true],
    ['\\d{3,}', 'port 80', false],
    ['a/b', 'x a/b y', true],
    ['(?<env>prod|live)', 'env=live', true],
    ['\\u0041', 'A', true],
    ['[\\s\\S]*', '', true],
    ['^(a+)+$', `${'a'.repeat(50)}!`, false],
  ];
  for (const [source, text, want] of rows) {
    test(`/${source}/ on ${JSON.stringify(text.slice(0, 30))}`, () => {
      const r = compileLinear(source);
      assert.ok(r.ok, r.ok ? '' : r.message);
      assert.equal(r.regex.test(text), want);
      if (!source.startsWith('^(a+)+')) assert.equal(new RegExp(source).test(text), want, 'same as JavaScript');
    });
  }

  test('case-insensitive when asked', () => {
    const r = compileLinear('^ops@example\\.com$', { caseInsensitive: true });
    assert.ok(r.ok && r.regex.test('OPS@Example.com'));
  });
});

describe('what RE2 cannot run is refused, with the character it is at', () => {
  const rows: [string, RegExp, number][] = [
    ['(a)\\1', /a backreference/, 4],
    ['(?<n>a)\\k<n>', /a backreference/, 8],
    ['x(?=y)', /lookaround/, 2],
    ['x(?!y)', /lookaround/, 2],
    ['(?<=a)b', /lookaround/, 1],
    ['(?<!a)b', /lookaround/, 1],
    ['a{2,1}', /invalid repeat count/, 2],
    ['(ab', /missing closing \)/, 1],
  ];
  for (const [source, message, column] of rows) {
    test(source, () => {
      const r = compileLinear(source);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.match(r.message, message);
      assert.equal(r.column, column);
    });
  }

  test('an escaped backslash before a digit is not a backreference', () => {
    assert.equal(compileLinear('C:\\\\1').ok, true);
  });

  test('a pattern whose expression RE2 refuses never matches', () => {
    assert.equal(matchesPattern({ command: 'rm', argsRegex: '(-r)\\1' }, { program: 'rm', args: ['-r-r'] }), false);
  });

  test('globs in patterns still match as before', () => {
    assert.equal(matchesPattern({ command: 'kube*', args: ['--context=prod*'] }, { program: 'kubectl', args: ['delete', '--context=prod-eu'] }), true);
    assert.equal(matchesPattern({ command: 'KUBECTL' }, { program: 'kubectl', args: [] }), true);
    assert.equal(matchesPattern({ command: '*a*a*a*a*a*a*a*a*b' }, { program: 'a'.repeat(200), args: [] }), false);
  });
});
