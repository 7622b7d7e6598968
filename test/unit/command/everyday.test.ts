/**
 * Precision regression guard: the ordinary lines we have — the tuned everyday cases of
 * test/fixtures/commands/generalise/everyday-tuned.jsonl and the lines labelled "allow" in
 * test/fixtures/commands/corpus.jsonl — through the real analyzer, as the scorer runs them
 * (cmd.exe lines as `cmd /c …` in PowerShell; `@fixtures/…` paths resolved). At most 2 % of them
 * may be held. This guards against regressions; the figure on unseen lines is measured apart.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { CommandContext, CommandVerdict } from '../../../src/core/command/rule';
import type { ShellKind } from '../../../src/core/shell/model';
import { fixturesDir, resolveFixtureRefs } from '../helpers/paths';
import { analyze, describeVerdict } from './packs/table';

interface Line {
  cmd: string;
  expect: 'flag' | 'allow';
  shell?: ShellKind | 'cmd';
  ctx?: CommandContext;
  source: string;
}

const LIMIT = 0.02;

function load(file: string, label: string): Line[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => ({ ...(JSON.parse(l) as Omit<Line, 'source'>), source: `${label}:${i + 1}` }))
    .filter((r) => r.expect === 'allow');
}

const everyday = load(path.join(fixturesDir, 'commands', 'generalise', 'everyday-tuned.jsonl'), 'everyday-tuned');
const corpus = load(path.join(fixturesDir, 'commands', 'corpus.jsonl'), 'corpus');

async function judge(r: Line): Promise<CommandVerdict> {
  const ctx: CommandContext = r.ctx ? resolveFixtureRefs(r.ctx) : {};
  if (ctx.cwd && !ctx.workspaceRoot) ctx.workspaceRoot = ctx.cwd;
  if (r.shell === 'cmd') return analyze(`cmd /c ${r.cmd}`, { ...ctx, shell: 'pwsh' });
  return analyze(r.cmd, r.shell ? { ...ctx, shell: r.shell } : ctx);
}

function held(v: CommandVerdict): boolean {
  return v.decision === 'confirm' || v.decision === 'deny';
}

describe('everyday lines stay quiet', () => {
  test('there are at least 500 ordinary lines across both files', () => {
    assert.ok(everyday.length + corpus.length >= 500, `${everyday.length + corpus.length} lines`);
  });

  for (const [name, lines] of [
    ['everyday-tuned.jsonl', everyday],
    ['corpus.jsonl (ordinary lines)', corpus],
  ] as const) {
    test(`${name}: at most ${LIMIT * 100} % held`, async () => {
      const alarms: string[] = [];
      for (const r of lines) {
        const v = await judge(r);
        if (held(v)) alarms.push(`  ${r.source} ${JSON.stringify(r.cmd)}${r.shell ? ` (${r.shell})` : ''}: ${describeVerdict(v)}`);
      }
      const rate = alarms.length / lines.length;
      assert.ok(rate <= LIMIT, `${alarms.length} of ${lines.length} held (${(rate * 100).toFixed(1)} %, limit ${LIMIT * 100} %):\n${alarms.join('\n')}`);
    });
  }
});
