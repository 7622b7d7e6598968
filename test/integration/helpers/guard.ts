/**
 * What the terminal guard's integration tests share: waiting for a condition, a person at the
 * modal (through the injectable prompter), a bash terminal that loaded the guard, and an agent
 * running its hook command.
 */
import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import type { BlastRadiusApi } from '../../../src/extension/extension';
import type { ConfirmAnswer, ConfirmRequest, Prompter } from '../../../src/extension/prompter';
import { nextEvent } from './extension';

/** Polls `ok` every 100 ms until it holds; fails after `ms` naming `what`. */
export async function until(ok: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms}ms waiting for ${what}`);
}

/** Answers the confirmations with `answers` in turn (the last one again after that) and remembers what it was asked. */
export class AnsweringPrompter implements Prompter {
  readonly asked: ConfirmRequest[] = [];
  private readonly answers: ConfirmAnswer[];
  constructor(...answers: [ConfirmAnswer, ...ConfirmAnswer[]]) {
    this.answers = answers;
  }
  confirm(req: ConfirmRequest): Promise<ConfirmAnswer> {
    this.asked.push(req);
    return Promise.resolve(this.answers[Math.min(this.asked.length, this.answers.length) - 1]!);
  }
}

/** A bash terminal with VS Code's shell integration whose shell has loaded the guard (`cwd` optional). */
export async function guardedBash(
  api: BlastRadiusApi,
  name: string,
  terminals: vscode.Terminal[],
  cwd?: string,
): Promise<{ terminal: vscode.Terminal; integration: vscode.TerminalShellIntegration }> {
  for (let attempt = 1; ; attempt++) {
    const terminal = vscode.window.createTerminal({ name, shellPath: '/bin/bash', shellArgs: [], ...(cwd ? { cwd } : {}) });
    terminals.push(terminal);
    const integration =
      terminal.shellIntegration ??
      (await nextEvent(vscode.window.onDidChangeTerminalShellIntegration, (e) => e.terminal === terminal, 20_000, `shell integration in ${name}`)).shellIntegration;
    try {
      await until(() => api.guard.isGuarded(terminal), 10_000, `the guard to start in ${name}`);
      return { terminal, integration };
    } catch (e) {
      // the environment can reach VS Code a moment after the server starts; a second terminal has it
      if (attempt >= 2) throw e;
      terminal.dispose();
    }
  }
}

/**
 * Runs a hook command the way an agent does. Asynchronously: the hook asks this very extension
 * host, so blocking it (execSync) would hold the answer until the hook gave up.
 */
export function runHook(command: string, input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // The longest time budget (docs/hooks.md, "Time budget"; its own tests are in
    // test/unit/security/budget.test.ts): a loaded machine must not turn the person's answer into
    // the fail-closed one. What is tested here is that this editor is believed (its extension host
    // proven through /proc) and asked.
    const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, BLAST_RADIUS_HOOK_BUDGET: '20' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
