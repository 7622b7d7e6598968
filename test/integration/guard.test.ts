/**
 * The terminal guard in a real VS Code: terminals the test creates get the guard through the
 * extension's environment variable collection; the guard server asks the command engine; held
 * lines are answered through the injectable prompter (VS Code refuses modals in test mode).
 */
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BlastRadiusApi } from '../../src/extension/extension';
import { activateExtension, nextEvent } from './helpers/extension';
import { AnsweringPrompter, guardedBash as startGuardedBash, until } from './helpers/guard';

suite('terminal guard', () => {
  let api: BlastRadiusApi;
  const terminals: vscode.Terminal[] = [];
  const scratch: string[] = [];

  suiteSetup(async () => {
    ({ api } = await activateExtension());
    await api.guard.ready();
  });

  teardown(() => {
    for (const t of terminals.splice(0)) t.dispose();
    for (const d of scratch.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    api.guard.setPrompter(undefined);
  });

  /** A bash terminal with VS Code's shell integration whose shell has loaded the guard. */
  const guardedBash = (name: string): ReturnType<typeof startGuardedBash> => startGuardedBash(api, name, terminals);

  function scratchDir(prefix: string): { dir: string; tilde: string } {
    const name = `${prefix}-${crypto.randomBytes(4).toString('hex')}`;
    const dir = path.join(os.homedir(), name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me\n');
    scratch.push(dir);
    return { dir, tilde: `~/${name}` };
  }

  test("an allowed command runs, and VS Code's shell integration still reports it", async () => {
    const { terminal, integration } = await guardedBash('guard: allowed');
    const prompter = new AnsweringPrompter('deny');
    api.guard.setPrompter(prompter);
    const file = path.join(os.tmpdir(), `br-guard-allowed-${crypto.randomBytes(4).toString('hex')}.txt`);
    scratch.push(file);
    const started = nextEvent(vscode.window.onDidStartTerminalShellExecution, (e) => e.terminal === terminal, 15_000, 'the command to start');
    const ended = nextEvent(vscode.window.onDidEndTerminalShellExecution, (e) => e.terminal === terminal, 15_000, 'the command to end');
    integration.executeCommand(`touch ${file}`);
    const start = await started;
    assert.match(start.execution.commandLine.value, /touch .*br-guard-allowed/);
    assert.equal((await ended).exitCode, 0);
    assert.ok(fs.existsSync(file), 'the allowed command created the file');
    assert.equal(prompter.asked.length, 0, 'nobody was asked about an ordinary command');
    const entry = api.guard.auditEntries().find((e) => e.line.includes('br-guard-allowed'));
    assert.ok(entry, 'the line was checked and audited');
    assert.deepEqual([entry.decision, entry.decidedBy, entry.source], ['allow', 'rule', 'terminal']);
  });

  test('a refused command does not run: the person denies it', async () => {
    const { integration } = await guardedBash('guard: refused');
    const prompter = new AnsweringPrompter('deny');
    api.guard.setPrompter(prompter);
    const { dir, tilde } = scratchDir('br-guard-deny');
    integration.executeCommand(`echo before && rm -rf ${tilde}`);
    await until(() => api.guard.auditEntries().some((e) => e.line.includes(tilde)), 20_000, 'the decision on the line');
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(fs.existsSync(path.join(dir, 'notes.txt')), 'the folder survived');
    assert.equal(prompter.asked.length, 1);
    const asked = prompter.asked[0]!;
    assert.equal(asked.line, `echo before && rm -rf ${tilde}`);
    assert.equal(asked.severity, 'high');
    assert.ok(asked.findings.some((f) => f.ruleId === 'fs.rm-recursive'), JSON.stringify(asked.findings));
    const entry = api.guard.auditEntries().find((e) => e.line.includes(tilde))!;
    assert.deepEqual([entry.decision, entry.decidedBy, entry.verdict], ['deny', 'person', 'confirm']);
    assert.ok(entry.ruleIds.includes('fs.rm-recursive'));
  });

  test('a policy file in a subfolder (with its own git init) tightens the policy where the line runs, never loosens it', async () => {
    const { integration } = await guardedBash('guard: nested policy');
    const prompter = new AnsweringPrompter('run-once');
    api.guard.setPrompter(prompter);
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const sub = fs.mkdtempSync(path.join(root, 'br-nested-'));
    scratch.push(sub);
    fs.mkdirSync(path.join(sub, '.git'));
    fs.writeFileSync(path.join(sub, '.blast-radius.json'), JSON.stringify({ deny: ['touch'], allow: ['rm -rf'] }));
    const cd = nextEvent(vscode.window.onDidEndTerminalShellExecution, (e) => e.execution.commandLine.value.startsWith('cd '), 15_000, 'cd to end');
    integration.executeCommand(`cd ${sub}`);
    await cd;
    const marker = `br-nested-touch-${crypto.randomBytes(4).toString('hex')}`;
    integration.executeCommand(`touch ${marker}`);
    await until(() => api.guard.auditEntries().some((e) => e.line.includes(marker)), 20_000, 'the decision on the line');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(fs.existsSync(path.join(sub, marker)), false, 'the line the nested policy denies did not run');
    const entry = api.guard.auditEntries().find((e) => e.line.includes(marker))!;
    assert.deepEqual([entry.decision, entry.decidedBy, entry.verdict], ['deny', 'rule', 'deny']);
    assert.equal(prompter.asked.length, 0, 'a denied line asks nobody');
    // its allow entry is refused (a workspace file only tightens): rm -rf is still held for a person
    const { dir, tilde } = scratchDir('br-nested-rm');
    const denying = new AnsweringPrompter('deny');
    api.guard.setPrompter(denying);
    integration.executeCommand(`rm -rf ${tilde}`);
    await until(() => api.guard.auditEntries().some((e) => e.line.includes(tilde)), 20_000, 'the decision on rm');
    assert.equal(denying.asked.length, 1, 'rm -rf was held for a person');
    assert.ok(fs.existsSync(path.join(dir, 'notes.txt')));
  });

  test('a confirmed command runs: the person allows it once', async () => {
    const { integration } = await guardedBash('guard: confirmed');
    const prompter = new AnsweringPrompter('run-once');
    api.guard.setPrompter(prompter);
    const { dir, tilde } = scratchDir('br-guard-once');
    integration.executeCommand(`rm -rf ${tilde}`);
    await until(() => !fs.existsSync(dir), 20_000, 'the confirmed command to delete the folder');
    assert.equal(prompter.asked.length, 1);
    const entry = api.guard.auditEntries().find((e) => e.line.includes(tilde))!;
    assert.deepEqual([entry.decision, entry.decidedBy], ['allow', 'person']);
  });

  for (const shell of ['/usr/bin/zsh', '/usr/bin/fish']) {
    test(`a ${path.basename(shell)} terminal gets the guard too, and a refused line does not run`, async function () {
      // .ci/run installs zsh and fish; a machine without them skips this shell (mocha's skip takes no reason)
      if (!fs.existsSync(shell)) return this.skip();
      const terminal = vscode.window.createTerminal({ name: `guard: ${path.basename(shell)}`, shellPath: shell, shellArgs: [] });
      terminals.push(terminal);
      await until(() => api.guard.isGuarded(terminal), 20_000, `the guard to start in ${shell}`);
      const prompter = new AnsweringPrompter('deny');
      api.guard.setPrompter(prompter);
      const { dir, tilde } = scratchDir(`br-guard-${path.basename(shell)}`);
      terminal.sendText(`echo before; rm -rf ${tilde}`);
      await until(() => api.guard.auditEntries().some((e) => e.line.includes(tilde)), 20_000, 'the decision on the line');
      await new Promise((r) => setTimeout(r, 500));
      assert.ok(fs.existsSync(path.join(dir, 'notes.txt')), 'the folder survived');
      const entry = api.guard.auditEntries().find((e) => e.line.includes(tilde))!;
      assert.deepEqual([entry.shell, entry.decision, entry.decidedBy], [path.basename(shell), 'deny', 'person']);
    });
  }

  test('a terminal whose shell never loaded the guard is shown unguarded; its commands are recorded and flagged', async () => {
    // a startup file that replaces PROMPT_COMMAND before the first prompt drops the guard's hook
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'br-guard-home-'));
    scratch.push(home);
    fs.writeFileSync(path.join(home, '.bashrc'), "PROMPT_COMMAND='true'\n");
    const terminal = vscode.window.createTerminal({ name: 'guard: unguarded', shellPath: '/bin/bash', shellArgs: [], env: { HOME: home } });
    terminals.push(terminal);
    const integration =
      terminal.shellIntegration ??
      (await nextEvent(vscode.window.onDidChangeTerminalShellIntegration, (e) => e.terminal === terminal, 20_000, 'shell integration')).shellIntegration;
    terminal.show();
    const target = fs.mkdtempSync(path.join(os.tmpdir(), 'br-guard-observed-'));
    const ended = nextEvent(vscode.window.onDidEndTerminalShellExecution, (e) => e.terminal === terminal, 15_000, 'the command to end');
    integration.executeCommand(`rm -rf ${target}`);
    await ended;
    assert.equal(await api.guard.isGuarded(terminal), false);
    assert.ok(!fs.existsSync(target), 'nothing held it: the guard was not in this shell');
    await until(() => api.guard.auditEntries().some((e) => e.line.includes(target)), 10_000, 'the observed command to be recorded');
    const entry = api.guard.auditEntries().find((e) => e.line.includes(target))!;
    assert.deepEqual([entry.source, entry.decision, entry.decidedBy], ['observed', 'ran', 'unguarded']);
    assert.ok(entry.ruleIds.includes('fs.rm-recursive'), JSON.stringify(entry));
    await until(() => api.statusText().includes('$(unverified)'), 5000, 'the status bar to say the terminal is not guarded');
  });

  test('while paused, lines run without being checked by a person', async () => {
    const { integration } = await guardedBash('guard: paused');
    const prompter = new AnsweringPrompter('deny');
    api.guard.setPrompter(prompter);
    const { dir, tilde } = scratchDir('br-guard-paused');
    api.guard.pause(1);
    try {
      integration.executeCommand(`rm -rf ${tilde}`);
      await until(() => !fs.existsSync(dir), 20_000, 'the line to run while paused');
      assert.equal(prompter.asked.length, 0);
      const entry = api.guard.auditEntries().find((e) => e.line.includes(tilde))!;
      assert.deepEqual([entry.decision, entry.decidedBy], ['allow', 'paused']);
    } finally {
      api.guard.resume();
    }
    assert.match(api.statusText(), /Blast Radius/);
  });
});
