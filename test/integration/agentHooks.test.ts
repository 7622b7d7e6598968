import * as assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SetUpItem, SetUpPrompter } from '../../src/extension/hooks/setUpAgentHooks';
import { COMMANDS } from '../../src/extension/ids';
import { activateExtension } from './helpers/extension';

/** A prompter that answers like a person choosing `action`, the workspace, and Claude Code. */
function answering(action: 'install' | 'remove', log: { shown: string[]; confirmed: string[]; errors: string[] }): SetUpPrompter {
  return {
    pick: <T>(items: readonly SetUpItem<T>[], placeHolder: string) =>
      Promise.resolve(items.find((i) => (placeHolder === 'Install or remove?' ? i.value === action : i.value === 'workspace'))),
    pickMany: <T>(items: readonly SetUpItem<T>[]) => Promise.resolve(items.filter((i) => i.value === 'claude-code')),
    showChange: (_before, _after, title) => {
      log.shown.push(title);
      return Promise.resolve();
    },
    confirm: (message) => {
      log.confirmed.push(message);
      return Promise.resolve(true);
    },
    info: () => undefined,
    error: (message) => log.errors.push(message),
  };
}

suite('Set Up Agent Hooks', () => {
  test('installs the hook in the workspace after showing the change, the hook answers through the bundled CLI, and removal takes it out', async () => {
    const { extension, api } = await activateExtension();
    const ws = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const file = path.join(ws, '.claude', 'settings.local.json');
    const log = { shown: [] as string[], confirmed: [] as string[], errors: [] as string[] };
    try {
      api.agentHooks.setPrompter(answering('install', log));
      await vscode.commands.executeCommand(COMMANDS.setUpAgentHooks);
      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.shown, ['settings.local.json: add the Blast Radius hook (Claude Code)']);
      assert.deepEqual(log.confirmed, ['Add the Blast Radius hook to this file?']);
      const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as { hooks: { PreToolUse: Array<{ hooks: Array<{ command: string }> }> } };
      const command = settings.hooks.PreToolUse[0]!.hooks[0]!.command;
      assert.ok(command.includes(path.join(extension.extensionPath, 'dist', 'cli.js')), command);
      assert.match(command, / hook claude-code$/);

      // The installed command is what the agent will run: it answers in Claude Code's format.
      const payload = JSON.stringify({ hook_event_name: 'PreToolUse', cwd: ws, tool_name: 'Bash', tool_input: { command: 'rm -rf /' } });
      const out = JSON.parse(execSync(command, { input: payload, encoding: 'utf8', shell: '/bin/sh' })) as {
        hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string };
      };
      assert.equal(out.hookSpecificOutput.permissionDecision, 'ask');
      assert.match(out.hookSpecificOutput.permissionDecisionReason, /^Blast Radius: `rm -rf \/`/);

      api.agentHooks.setPrompter(answering('remove', log));
      await vscode.commands.executeCommand(COMMANDS.setUpAgentHooks);
      assert.deepEqual(log.errors, []);
      assert.ok(!fs.readFileSync(file, 'utf8').includes('hook claude-code'));
    } finally {
      api.agentHooks.setPrompter(undefined);
      fs.rmSync(path.join(ws, '.claude'), { recursive: true, force: true });
    }
  });
});
