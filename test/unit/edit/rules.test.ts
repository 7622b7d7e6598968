/**
 * Every edit rule's own example table, run through the real `analyzeEdit`:
 * `match` rows must produce a finding of the rule (at the given line/side/severity),
 * `nearMiss` rows must produce no finding of the rule at medium or above.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeEdit } from '../../../src/core/edit/analyze';
import { EDIT_RULES } from '../../../src/core/edit/rules/index';
import { severityRank } from '../../../src/core/severity';

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

for (const rule of EDIT_RULES) {
  describe(`rule ${rule.id}`, () => {
    for (const ex of rule.examples.match) {
      it(`flags: ${ex.name}`, () => {
        const v = analyzeEdit({ path: ex.path, before: ex.before, after: ex.after, context: ex.context });
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
      it(`does not flag: ${ex.name}`, () => {
        const v = analyzeEdit({ path: ex.path, before: ex.before, after: ex.after, context: ex.context });
        const mine = v.findings.filter((f) => f.ruleId === rule.id && severityRank(f.severity) >= severityRank('medium'));
        assert.deepEqual(mine, [], `unexpected ${rule.id}: ${JSON.stringify(mine)}`);
      });
    }
  });
}
