/**
 * Shared by the pack tests: the real analyzer (loaded once), the default context (a fixture
 * workspace as working directory and workspace root, a fixed home), and the generic table test
 * that runs every rule's `examples.match` and `examples.nearMiss` rows through the analyzer.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { createCommandAnalyzer, type CommandAnalyzer } from '../../../../src/core/command/analyze';
import type { CommandContext, CommandFinding, CommandRuleExample, CommandVerdict, RulePack } from '../../../../src/core/command/rule';
import { severityRank } from '../../../../src/core/severity';
import { fixturesDir } from '../../helpers/paths';

/**
 * The fixture workspace the examples run in. Several examples judge paths next to the workspace
 * (`rm -rf ../sibling`), which would count as throwaway if the checkout lived under a temporary
 * folder; in that case the fixture is copied to a folder under the user's home first.
 */
export const workspaceFixture = locateWorkspace(path.join(fixturesDir, 'commands', 'workspace'));

function locateWorkspace(fixture: string): string {
  const real = fs.realpathSync(fixture);
  if (!/^\/(?:tmp|var\/tmp|private\/tmp|dev\/shm)\//.test(real)) return real;
  const copy = path.join(os.homedir(), `blast-radius-tests-${process.pid}`, 'workspace');
  fs.rmSync(path.dirname(copy), { recursive: true, force: true });
  fs.cpSync(real, copy, { recursive: true });
  process.on('exit', () => fs.rmSync(path.dirname(copy), { recursive: true, force: true }));
  return copy;
}
export const HOME = '/home/dev';

/** The context every example runs in unless its row says otherwise. */
export const DEFAULT_CTX: CommandContext = {
  shell: 'bash',
  cwd: workspaceFixture,
  workspaceRoot: workspaceFixture,
  home: HOME,
  env: { HOME, USER: 'dev', PATH: '/usr/local/bin:/usr/bin:/bin', SHELL: '/bin/bash' },
};

let shared: Promise<CommandAnalyzer> | undefined;

/** The analyzer with the default policy, created once per test process. */
export function analyzer(): Promise<CommandAnalyzer> {
  shared ??= createCommandAnalyzer();
  return shared;
}

export function withCtx(ctx?: CommandContext): CommandContext {
  return ctx ? { ...DEFAULT_CTX, ...ctx } : DEFAULT_CTX;
}

/** Analyses a line in the default context (merged with `ctx`). */
export async function analyze(cmd: string, ctx?: CommandContext): Promise<CommandVerdict> {
  return (await analyzer()).analyze(cmd, withCtx(ctx));
}

/** The findings of one rule for a line. */
export async function findingsOf(ruleId: string, cmd: string, ctx?: CommandContext): Promise<CommandFinding[]> {
  return (await analyze(cmd, ctx)).findings.filter((f) => f.ruleId === ruleId);
}

/** The single finding of a rule, failing with the verdict when there is none. */
export async function findingOf(ruleId: string, cmd: string, ctx?: CommandContext): Promise<CommandFinding> {
  const v = await analyze(cmd, ctx);
  const f = v.findings.find((x) => x.ruleId === ruleId);
  assert.ok(f, `${ruleId} should flag ${JSON.stringify(cmd)}; got ${describeVerdict(v)}`);
  return f;
}

export function describeVerdict(v: CommandVerdict): string {
  const fs = v.findings.map((f) => `${f.ruleId}:${f.severity}${f.target ? `(${f.target})` : ''}`).join(', ');
  return `${v.decision}/${v.severity}${fs ? ` [${fs}]` : ' [no findings]'}`;
}

function rowOf(ex: CommandRuleExample): Exclude<CommandRuleExample, string> {
  return typeof ex === 'string' ? { cmd: ex } : ex;
}

function label(cmd: string): string {
  const one = cmd.replace(/\n/g, '⏎');
  return one.length > 70 ? `${one.slice(0, 67)}…` : one;
}

/**
 * One test per example row of every rule in the pack: `match` rows must produce a finding of
 * the rule (with the row's severity, target and span when given), `nearMiss` rows none.
 */
export function describePackTables(pack: RulePack): void {
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
