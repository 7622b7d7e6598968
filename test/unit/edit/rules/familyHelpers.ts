/**
 * Shared pieces of the per-family edit rule tests: the family's before/after corpus, run through
 * the real `analyzeEdit` (the rule example tables run in test/unit/rules/examples.test.ts).
 *
 * Corpus case layout: test/fixtures/edits/corpus/<family>/<case>/{before,after,expect.json};
 * an absent before/after file stands for a created/deleted file; expect.json lists every finding
 * at medium or above as {ruleId, line, side}.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeEdit } from '../../../../src/core/edit/analyze';
import type { EditContext, EditFinding, EditVerdict } from '../../../../src/core/edit/types';
import { severityRank } from '../../../../src/core/severity';
import { fixturesDir } from '../../helpers/paths';

export function analyze(p: string, before: string | null, after: string | null, context?: EditContext): EditVerdict {
  return analyzeEdit({ path: p, before, after, context });
}

/** Findings of one rule. */
export function of(v: EditVerdict, ruleId: string): EditFinding[] {
  return v.findings.filter((f) => f.ruleId === ruleId);
}

/** Findings at medium or above: the ones that are highlighted or held. */
export function notable(v: EditVerdict): EditFinding[] {
  return v.findings.filter((f) => severityRank(f.severity) >= severityRank('medium'));
}

/** `ruleId@side:line` keys, sorted, for exact comparisons. */
export function keys(findings: readonly EditFinding[]): string[] {
  return findings.map((f) => `${f.ruleId}@${f.side}:${f.line}`).sort();
}

interface Expect {
  path: string;
  flag: boolean;
  findings: { ruleId: string; line: number; side: 'after' | 'before' }[];
}

export interface CorpusCase {
  name: string;
  expect: Expect;
  before: string | null;
  after: string | null;
}

export function loadCorpus(family: string): CorpusCase[] {
  const dir = path.join(fixturesDir, 'edits', 'corpus', family);
  const read = (p: string): string | null => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : null);
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => ({
      name,
      expect: JSON.parse(fs.readFileSync(path.join(dir, name, 'expect.json'), 'utf8')) as Expect,
      before: read(path.join(dir, name, 'before')),
      after: read(path.join(dir, name, 'after')),
    }));
}

/** One test per corpus case: exactly the expected findings at medium or above. */
export function corpus(family: string, minFlagged: number, minOrdinary: number): void {
  const cases = loadCorpus(family);
  describe(`${family} corpus`, () => {
    it(`has at least ${minFlagged} flagged and ${minOrdinary} ordinary cases`, () => {
      assert.ok(cases.filter((c) => c.expect.flag).length >= minFlagged);
      assert.ok(cases.filter((c) => !c.expect.flag).length >= minOrdinary);
    });
    for (const c of cases) {
      it(`${c.expect.flag ? 'flags' : 'stays quiet on'}: ${c.name}`, () => {
        assert.equal(c.expect.flag, c.expect.findings.length > 0, 'expect.json: flag must match the findings list');
        const v = analyze(c.expect.path, c.before, c.after);
        assert.deepEqual(keys(notable(v)), keys(c.expect.findings.map((f) => ({ ...f, severity: 'high', message: '' }))));
      });
    }
  });
}
