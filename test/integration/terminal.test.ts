import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { nextEvent } from './helpers/extension';

suite('terminal', () => {
  let terminal: vscode.Terminal | undefined;

  teardown(() => {
    terminal?.dispose();
    terminal = undefined;
  });

  test('a bash terminal gets shell integration and reports a command and its exit code', async () => {
    const created = vscode.window.createTerminal({ name: 'shell integration check', shellPath: '/bin/bash', shellArgs: [] });
    terminal = created;
    const integration =
      created.shellIntegration ??
      (
        await nextEvent(
          vscode.window.onDidChangeTerminalShellIntegration,
          (e) => e.terminal === created,
          20_000,
          'shell integration in a bash terminal',
        )
      ).shellIntegration;

    const started = nextEvent(vscode.window.onDidStartTerminalShellExecution, (e) => e.terminal === created, 15_000, 'the command to start');
    const ended = nextEvent(vscode.window.onDidEndTerminalShellExecution, (e) => e.terminal === created, 15_000, 'the command to end');
    const execution = integration.executeCommand('echo blast-radius-check');
    const start = await started;
    assert.equal(start.execution, execution);
    assert.match(start.execution.commandLine.value, /echo blast-radius-check/);
    const end = await ended;
    assert.equal(end.exitCode, 0);
  });
});
