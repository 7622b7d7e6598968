import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type CommandAnalyzer, createCommandAnalyzer, patternInput } from '../../../src/core/command/analyze';
import { alwaysAllowEntries } from '../../../src/core/guard/alwaysAllow';
import { compilePattern, matchesPattern } from '../../../src/core/policy/pattern';
import { PolicyDocumentSchema } from '../../../src/core/policy/schema';

let analyzer: CommandAnalyzer;
before(async () => {
  analyzer = await createCommandAnalyzer();
});

/** The entries Always Allow would write for `line`, judged with a finding over its whole span. */
function entriesFor(line: string) {
  const parsed = analyzer.parse(line);
  const verdict = { decision: 'confirm' as const, severity: 'medium' as const, findings: [{ ruleId: 'x.y', severity: 'medium' as const, message: 'm', span: [0, line.length] as [number, number] }] };
  return alwaysAllowEntries(parsed, verdict, 'shop', '2025-01-02');
}

/** Whether the written entries let `line`'s first command through. */
function allows(entries: NonNullable<ReturnType<typeof entriesFor>>, line: string): boolean {
  const cmd = analyzer.parse(line).commands[0]!;
  return entries.entries.some((e) => {
    const c = compilePattern(e, 'allow', 'user');
    assert.deepEqual(c.problems, []);
    return matchesPattern(e, patternInput(cmd));
  });
}

describe('Always Allow entries', () => {
  test('allow exactly the command: its program and exactly its arguments, in order', () => {
    const a = entriesFor('npm publish --dry-run');
    assert.ok(a);
    assert.deepEqual(a.commands, ['npm publish --dry-run']);
    assert.deepEqual(a.entries, [{ command: 'npm', argsRegex: '^publish --dry-run$', reason: 'Always allowed from a Blast Radius confirmation on 2025-01-02 (in shop)' }]);
    assert.ok(PolicyDocumentSchema.safeParse({ allow: a.entries }).success, 'a valid policy entry');
    assert.ok(allows(a, 'npm publish --dry-run'));
    assert.ok(!allows(a, 'npm publish'), 'fewer arguments');
    assert.ok(!allows(a, 'npm publish --dry-run --tag next'), 'more arguments');
    assert.ok(!allows(a, 'npm --dry-run publish'), 'another order');
  });

  test('regex characters in arguments are literal', () => {
    const a = entriesFor('rm -f build/*.o');
    assert.ok(a);
    assert.ok(allows(a, 'rm -f build/*.o'));
    assert.ok(!allows(a, 'rm -f build/x.o'));
  });

  test('nothing is offered when it cannot be said exactly', () => {
    assert.equal(entriesFor('rm -rf "$DIR"'), undefined, 'a variable');
    assert.equal(entriesFor('rm -rf "build output"'), undefined, 'an argument with a space');
    assert.equal(entriesFor('sudo rm -rf /srv/cache'), undefined, 'inside a wrapper');
    assert.equal(entriesFor('$CMD -rf x'), undefined, 'a dynamic program');
  });
});
