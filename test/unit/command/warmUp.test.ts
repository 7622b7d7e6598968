import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCommandAnalyzer, type CommandAnalyzer } from '../../../src/core/command/analyze';
import { PACKS } from '../../../src/core/command/packs/index';
import type { CommandContext } from '../../../src/core/command/rule';
import { warmUp, warmUpLines } from '../../../src/core/command/warmUp';

/** The real analyzer, recording each line it is asked to judge and the shell it was given. */
async function recording(): Promise<{ analyzer: CommandAnalyzer; asked: Array<{ line: string; shell: CommandContext['shell'] }> }> {
  const real = await createCommandAnalyzer();
  const asked: Array<{ line: string; shell: CommandContext['shell'] }> = [];
  const analyzer: CommandAnalyzer = {
    rules: real.rules,
    policy: real.policy,
    parse: (line, shell) => real.parse(line, shell),
    analyzeParsed: (parsed, ctx) => real.analyzeParsed(parsed, ctx),
    analyzeAsync: (line, ctx) => real.analyzeAsync(line, ctx),
    analyzeLine: (line, ctx) => real.analyzeLine(line, ctx),
    analyzeSoon: (line, ctx) => real.analyzeSoon(line, ctx),
    judgeText: (text, ctx, options, reader) => real.judgeText(text, ctx, options, reader),
    codeReader: () => real.codeReader(),
    loadGrammars: (grammars) => real.loadGrammars(grammars),
    analyze(line, ctx) {
      asked.push({ line, shell: ctx?.shell });
      return real.analyze(line, ctx);
    },
  };
  return { analyzer, asked };
}

describe('command engine warm-up', () => {
  test('the warm-up lines hold the first match of every rule and a PowerShell line', () => {
    const lines = warmUpLines();
    for (const pack of PACKS) {
      for (const rule of pack.rules) {
        const first = rule.examples?.match[0];
        if (first === undefined) continue;
        const cmd = typeof first === 'string' ? first : first.cmd;
        assert.ok(lines.some((l) => l.line === cmd), `${rule.id}: ${cmd}`);
      }
    }
    assert.ok(lines.some((l) => l.shell === 'pwsh'), 'a PowerShell line warms the PowerShell grammar');
    assert.ok(lines.some((l) => l.shell === 'bash'), 'a bash line warms the bash grammar');
  });

  test('an aborted warm-up judges nothing and leaves the process cold', async () => {
    const { analyzer, asked } = await recording();
    const stop = new AbortController();
    stop.abort();
    assert.equal(await warmUp(analyzer, stop.signal), 0);
    assert.equal(asked.length, 0);
  });

  test('judges every warm-up line once, in order, between turns of the event loop; then the process is warm', async () => {
    const { analyzer, asked } = await recording();
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const n = await warmUp(analyzer);
    clearInterval(ticker);
    const lines = warmUpLines();
    assert.equal(n, lines.length);
    assert.deepEqual(
      asked,
      lines.map((l) => ({ line: l.line, shell: l.shell })),
    );
    assert.ok(turns > 0, 'timers ran while it warmed up');
    assert.equal(await warmUp(analyzer), 0, 'a second warm-up in the same process does nothing');
    assert.equal(asked.length, lines.length);
  });
});
