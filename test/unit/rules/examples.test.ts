/**
 * Every rule's own example table, for both engines, taken from the registries (command
 * `packs/index.ts`, edit `rules/index.ts`): a pack that is registered is tested, so no table can
 * be left out.
 *
 * Command rules, through the real analyzer in the fixture workspace: `match` rows must produce a
 * finding of the rule (with the row's severity, target and span when given), `nearMiss` rows none.
 * Edit rules, through the real `analyzeEdit` with the command engine as its judge (as the hooks
 * and the editor run it): `match` rows must produce a finding of the rule (at
 * the given line/side/severity), `nearMiss` rows no finding of the rule at medium or above.
 */
import * as assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { PACKS } from '../../../src/core/command/packs/index';
import type { CommandRuleExample, RulePack } from '../../../src/core/command/rule';
import type { EditRule } from '../../../src/core/edit/rule';
import { EDIT_RULES } from '../../../src/core/edit/rules/index';
import { severityRank } from '../../../src/core/severity';
import { analyze, describeVerdict } from '../command/packs/table';
import { analyzeEditJudged } from '../helpers/edits';

// ---------------------------------------------------------------------------------------------
// Command rules

function rowOf(ex: CommandRuleExample): Exclude<CommandRuleExample, string> {
  return typeof ex === 'string' ? { cmd: ex } : ex;
}

function label(cmd: string): string {
  const one = cmd.replace(/\n/g, '⏎');
  return one.length > 70 ? `${one.slice(0, 67)}…` : one;
}

describe('command rule registry', () => {
  test('has unique rule ids', () => {
    const seen = new Set<string>();
    for (const rule of PACKS.flatMap((p) => p.rules)) {
      assert.ok(!seen.has(rule.id), `duplicate id ${rule.id}`);
      seen.add(rule.id);
    }
  });
});

function describePackTables(pack: RulePack): void {
  describe(`${pack.name} pack example tables`, () => {
    for (const rule of pack.rules) {
      test(`${rule.id} declares matches and near-misses`, () => {
        assert.ok((rule.examples?.match.length ?? 0) > 0, `${rule.id} has no match examples`);
        assert.ok((rule.examples?.nearMiss.length ?? 0) > 0, `${rule.id} has no near-miss examples`);
        assert.ok(rule.id.startsWith(`${pack.name}.`), `${rule.id} should start with ${pack.name}.`);
      });
      for (const ex of rule.examples?.match ?? []) {
        const row = rowOf(ex);
        test(`${rule.id} flags: ${label(row.cmd)}`, async () => {
          const v = await analyze(row.cmd, row.ctx);
          const mine = v.findings.filter((f) => f.ruleId === rule.id);
          assert.ok(mine.length > 0, `expected ${rule.id}; got ${describeVerdict(v)}`);
          const f = mine.reduce((a, b) => (severityRank(b.severity) > severityRank(a.severity) ? b : a));
          if (row.exactly) assert.equal(f.severity, row.exactly, `severity of ${rule.id}: ${f.message}`);
          if (row.severity) assert.ok(severityRank(f.severity) >= severityRank(row.severity), `${rule.id} is ${f.severity}, want at least ${row.severity}: ${f.message}`);
          if (row.target) assert.ok(f.target?.includes(row.target), `target ${String(f.target)} should contain ${row.target}`);
          if (row.span) assert.equal(row.cmd.slice(f.span[0], f.span[1]), row.span);
          assert.ok(f.message.length > 10 && !f.message.includes('\n'), 'a one-line message');
          assert.ok(f.span[0] >= 0 && f.span[1] <= row.cmd.length && f.span[0] < f.span[1], `span ${f.span.join(',')} lies in the line`);
        });
      }
      for (const ex of rule.examples?.nearMiss ?? []) {
        const row = rowOf(ex);
        test(`${rule.id} ignores: ${label(row.cmd)}`, async () => {
          const v = await analyze(row.cmd, row.ctx);
          const mine = v.findings.filter((f) => f.ruleId === rule.id);
          assert.equal(mine.length, 0, `${rule.id} should not flag this; got ${describeVerdict(v)}`);
        });
      }
    }
  });
}

for (const pack of PACKS) describePackTables(pack);

// ---------------------------------------------------------------------------------------------
// Edit rules

describe('edit rule registry', () => {
  it('has unique `pack.rule` ids', () => {
    const seen = new Set<string>();
    for (const r of EDIT_RULES) {
      assert.match(r.id, /^[a-z0-9]+\.[a-z0-9-]+$/, `bad id ${r.id}`);
      assert.ok(!seen.has(r.id), `duplicate id ${r.id}`);
      seen.add(r.id);
    }
  });

  it('gives every rule a description, kinds, at least one match and one near miss', () => {
    for (const r of EDIT_RULES) {
      assert.ok(r.description.length > 0, r.id);
      assert.ok(r.kinds === '*' || r.kinds.length > 0, r.id);
      assert.ok(r.examples.match.length > 0, `${r.id} has no match examples`);
      assert.ok(r.examples.nearMiss.length > 0, `${r.id} has no near-miss examples`);
    }
  });
});

function describeEditRuleTable(rule: EditRule): void {
  describe(`rule ${rule.id}`, () => {
    for (const ex of rule.examples.match) {
      it(`flags: ${ex.name}`, async () => {
        const v = await analyzeEditJudged({ path: ex.path, before: ex.before, after: ex.after, context: ex.context });
        const mine = v.findings.filter((f) => f.ruleId === rule.id);
        assert.ok(mine.length > 0, `no ${rule.id} finding; got ${JSON.stringify(v.findings)}`);
        if (ex.line !== undefined || ex.side !== undefined || ex.severity !== undefined) {
          const hit = mine.find(
            (f) =>
              (ex.line === undefined || f.line === ex.line) &&
              (ex.side === undefined || f.side === ex.side) &&
              (ex.severity === undefined || f.severity === ex.severity),
          );
          assert.ok(hit, `expected ${rule.id} at ${ex.side ?? '*'}:${ex.line ?? '*'} ${ex.severity ?? ''}; got ${JSON.stringify(mine)}`);
        }
        for (const f of mine) {
          assert.ok(f.message.length > 0);
          assert.ok(f.line >= 1);
        }
      });
    }
    for (const ex of rule.examples.nearMiss) {
      it(`does not flag: ${ex.name}`, async () => {
        const v = await analyzeEditJudged({ path: ex.path, before: ex.before, after: ex.after, context: ex.context });
        const mine = v.findings.filter((f) => f.ruleId === rule.id && severityRank(f.severity) >= severityRank('medium'));
        assert.deepEqual(mine, [], `unexpected ${rule.id}: ${JSON.stringify(mine)}`);
      });
    }
  });
}

for (const rule of EDIT_RULES) describeEditRuleTable(rule);
