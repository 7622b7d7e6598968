/**
 * The labelled command corpus (test/fixtures/commands/corpus.jsonl) through the real analyzer:
 * every line labelled "flag" must be held (confirm or deny, at least its minSeverity), and at
 * most 1% of the ordinary "allow" lines may be held. Failures list the lines.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { CommandContext, CommandVerdict } from '../../../src/core/command/rule';
import { isSeverity, type Severity, severityRank } from '../../../src/core/severity';
import { fixturesDir, resolveFixtureRefs } from '../helpers/paths';
import { analyze, describeVerdict } from './packs/table';

interface CorpusLine {
  cmd: string;
  expect: 'flag' | 'allow';
  pack: string;
  minSeverity?: Severity;
  note?: string;
  ctx?: CommandContext;
}

const corpusPath = path.join(fixturesDir, 'commands', 'corpus.jsonl');
const KEYS = new Set(['cmd', 'expect', 'pack', 'minSeverity', 'note', 'ctx']);

function load(): CorpusLine[] {
  const out: CorpusLine[] = [];
  const text = fs.readFileSync(corpusPath, 'utf8');
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const row = JSON.parse(raw) as CorpusLine;
    for (const k of Object.keys(row)) assert.ok(KEYS.has(k), `corpus line ${i + 1}: unknown field ${k}`);
    assert.ok(typeof row.cmd === 'string' && row.cmd.length > 0, `corpus line ${i + 1}: cmd`);
    assert.ok(row.expect === 'flag' || row.expect === 'allow', `corpus line ${i + 1}: expect`);
    assert.ok(typeof row.pack === 'string', `corpus line ${i + 1}: pack`);
    if (row.minSeverity !== undefined) assert.ok(isSeverity(row.minSeverity), `corpus line ${i + 1}: minSeverity`);
    out.push(row);
  });
  return out;
}

/** `@fixtures/x` in a context value means a folder under test/fixtures. */
function contextOf(row: CorpusLine): CommandContext | undefined {
  return row.ctx ? resolveFixtureRefs(row.ctx) : undefined;
}

const rows = load();
const flagged = rows.filter((r) => r.expect === 'flag');
const ordinary = rows.filter((r) => r.expect === 'allow');

function held(v: CommandVerdict): boolean {
  return v.decision === 'confirm' || v.decision === 'deny';
}

describe('command corpus', () => {
  test('has at least 330 lines to flag and 330 ordinary lines, without duplicates', () => {
    assert.ok(flagged.length >= 330, `${flagged.length} lines to flag`);
    assert.ok(ordinary.length >= 330, `${ordinary.length} ordinary lines`);
    const seen = new Set<string>();
    for (const r of rows) {
      const key = `${r.cmd}\u0000${JSON.stringify(r.ctx ?? null)}`;
      assert.ok(!seen.has(key), `duplicate corpus line ${JSON.stringify(r.cmd)}`);
      seen.add(key);
    }
  });

  test('covers every pack with lines to flag', () => {
    const packs = new Set(flagged.map((r) => r.pack));
    for (const p of ['filesystem', 'git', 'database', 'iac', 'cloud', 'kubernetes', 'containers', 'system', 'supply', 'secrets', 'interpreter', 'guard', 'dynamic']) {
      assert.ok(packs.has(p), `no lines to flag for ${p}`);
    }
  });

  const byPack = new Map<string, CorpusLine[]>();
  for (const r of flagged) byPack.set(r.pack, [...(byPack.get(r.pack) ?? []), r]);
  for (const [pack, lines] of byPack) {
    test(`holds every ${pack} line labelled flag (${lines.length})`, async () => {
      const misses: string[] = [];
      for (const r of lines) {
        const v = await analyze(r.cmd, contextOf(r));
        const tooLow = r.minSeverity !== undefined && severityRank(v.severity) < severityRank(r.minSeverity);
        if (!held(v) || tooLow) misses.push(`  ${JSON.stringify(r.cmd)} want ${r.minSeverity ?? 'held'}, got ${describeVerdict(v)}`);
      }
      assert.equal(misses.length, 0, `${misses.length} of ${lines.length} ${pack} lines not held as labelled:\n${misses.join('\n')}`);
    });
  }

  test('holds at most 1% of the ordinary lines', async () => {
    const misfires: string[] = [];
    for (const r of ordinary) {
      const v = await analyze(r.cmd, contextOf(r));
      if (held(v)) misfires.push(`  [${r.pack}] ${JSON.stringify(r.cmd)}: ${describeVerdict(v)}`);
    }
    const rate = misfires.length / ordinary.length;
    assert.ok(rate <= 0.01, `${misfires.length} of ${ordinary.length} ordinary lines held (${(rate * 100).toFixed(2)}%, limit 1%):\n${misfires.join('\n')}`);
  });
});
