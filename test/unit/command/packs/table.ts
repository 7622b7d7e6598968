/**
 * Shared by the pack tests and the example tables (test/unit/rules/examples.test.ts): the real
 * analyzer (loaded once) and the default context (a fixture workspace as working directory and
 * workspace root, a fixed home).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCommandAnalyzer, type CommandAnalyzer } from '../../../../src/core/command/analyze';
import type { CommandContext, CommandFinding, CommandVerdict } from '../../../../src/core/command/rule';
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
  return (await analyzer()).analyzeAsync(cmd, withCtx(ctx));
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
