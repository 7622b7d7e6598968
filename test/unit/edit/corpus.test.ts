/**
 * The edit corpus: every case under test/fixtures/edits/corpus/<family>/<case>/ runs through the
 * real `analyzeEdit`, with the command engine as its judge (as the hooks and the editor run it). A case holds `expect.json` ({path, flag, findings:[{ruleId, line, side,
 * severity?}]}) and the files `before` and/or `after` (a missing file means created or deleted).
 * Flagged cases must have each expected finding at its exact line and side, at medium or above
 * (or at the severity given); ordinary cases must have no finding at medium or above.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeEditJudged } from '../helpers/edits';
import { isSeverity, severityRank, type Severity } from '../../../src/core/severity';
import { fixturesDir } from '../helpers/paths';

interface Expected {
  ruleId: string;
  line: number;
  side: 'after' | 'before';
  severity?: Severity;
}
interface CaseFile {
  path: string;
  flag: boolean;
  findings: Expected[];
}

const root = path.join(fixturesDir, 'edits', 'corpus');

function readOptional(file: string): string | null {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

function loadCases(): { family: string; name: string; dir: string; spec: CaseFile }[] {
  const out: { family: string; name: string; dir: string; spec: CaseFile }[] = [];
  for (const family of fs.readdirSync(root).sort()) {
    const fdir = path.join(root, family);
    if (!fs.statSync(fdir).isDirectory()) continue;
    for (const name of fs.readdirSync(fdir).sort()) {
      const dir = path.join(fdir, name);
      if (!fs.statSync(dir).isDirectory()) continue;
      const spec = JSON.parse(fs.readFileSync(path.join(dir, 'expect.json'), 'utf8')) as CaseFile;
      out.push({ family, name, dir, spec });
    }
  }
  return out;
}

const cases = loadCases();

describe('edit corpus', () => {
  it('has at least 150 cases, at least half of them flagged and at least 40% ordinary', () => {
    const flagged = cases.filter((c) => c.spec.flag).length;
    assert.ok(cases.length >= 150, `only ${cases.length} cases`);
    assert.ok(flagged >= cases.length / 2 - 10, `only ${flagged} flagged of ${cases.length}`);
    assert.ok(cases.length - flagged >= cases.length * 0.4, `only ${cases.length - flagged} ordinary of ${cases.length}`);
  });

  it('gives every case a well-formed expect.json and at least one side', () => {
    for (const c of cases) {
      assert.equal(typeof c.spec.path, 'string', c.dir);
      assert.equal(typeof c.spec.flag, 'boolean', c.dir);
      assert.ok(Array.isArray(c.spec.findings), c.dir);
      assert.equal(c.spec.flag, c.spec.findings.length > 0, `${c.dir}: flag must match whether findings are listed`);
      for (const f of c.spec.findings) {
        assert.match(f.ruleId, /^[a-z0-9]+\.[a-z0-9-]+$/, c.dir);
        assert.ok(Number.isInteger(f.line) && f.line >= 1, c.dir);
        assert.ok(f.side === 'after' || f.side === 'before', c.dir);
        if (f.severity !== undefined) assert.ok(isSeverity(f.severity), c.dir);
      }
      assert.ok(fs.existsSync(path.join(c.dir, 'before')) || fs.existsSync(path.join(c.dir, 'after')), `${c.dir} has neither before nor after`);
    }
  });

  for (const c of cases) {
    it(`${c.family}/${c.name} (${c.spec.flag ? 'flagged' : 'ordinary'})`, async () => {
      const before = readOptional(path.join(c.dir, 'before'));
      const after = readOptional(path.join(c.dir, 'after'));
      const v = await analyzeEditJudged({ path: c.spec.path, before, after });
      const shown = JSON.stringify(v.findings.map((f) => `${f.ruleId} ${f.severity} ${f.side}:${f.line}`));
      if (c.spec.flag) {
        for (const e of c.spec.findings) {
          const hit = v.findings.find(
            (f) =>
              f.ruleId === e.ruleId &&
              f.line === e.line &&
              f.side === e.side &&
              (e.severity !== undefined ? f.severity === e.severity : severityRank(f.severity) >= severityRank('medium')),
          );
          assert.ok(hit, `expected ${e.ruleId} at ${e.side}:${e.line}${e.severity ? ` (${e.severity})` : ' (medium or above)'}; got ${shown}`);
        }
      } else {
        const loud = v.findings.filter((f) => severityRank(f.severity) >= severityRank('medium'));
        assert.deepEqual(loud, [], `ordinary change flagged: ${shown}`);
      }
    });
  }
});
