import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SetUpItem, SetUpPrompter } from '../../src/extension/hooks/setUpAgentHooks';
import { COMMANDS } from '../../src/extension/ids';
import { activateExtension } from './helpers/extension';
import { AnsweringPrompter, runHook } from './helpers/guard';

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

      // The installed command is what the agent will run: it finds this editor, the person is
      // asked through the guard's prompter, and their answer comes back in Claude Code's format.
      await api.guard.ready();
      const person = new AnsweringPrompter('deny');
      api.guard.setPrompter(person);
      const payload = JSON.stringify({ hook_event_name: 'PreToolUse', cwd: ws, tool_name: 'Bash', tool_input: { command: 'rm -rf /' } });
      const run = await runHook(command, payload);
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /was ignored/, 'the editor record was not believed');
      const out = JSON.parse(run.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
      assert.equal(person.asked.length, 1, 'the person was asked once');
      assert.equal(person.asked[0]!.line, 'rm -rf /');
      assert.deepEqual(person.asked[0]!.source, { kind: 'agent', agent: 'claude-code' });
      assert.equal(out.hookSpecificOutput.permissionDecision, 'deny');
      assert.match(out.hookSpecificOutput.permissionDecisionReason, /Blast Radius/);

      // A risky file change the agent is about to write: the person is asked about the change in
      // the same way, and nothing is written while they refuse.
      const target = path.join(ws, 'db', 'migrations', '009_drop_orders.sql');
      const risky = JSON.stringify({ hook_event_name: 'PreToolUse', cwd: ws, tool_name: 'Write', tool_input: { file_path: target, content: 'DROP TABLE orders;\n' } });
      const refused = await runHook(command, risky);
      assert.equal(refused.code, 0, refused.stderr);
      assert.equal(person.asked.length, 2, 'the person was asked about the change');
      assert.equal(person.asked[1]!.kind, 'edit');
      assert.match(person.asked[1]!.line, /^writing `(.*\/)?db\/migrations\/009_drop_orders\.sql`$/);
      assert.deepEqual(person.asked[1]!.findings.map((f) => f.ruleId), ['sql.drop-table']);
      const refusedOut = JSON.parse(refused.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
      assert.equal(refusedOut.hookSpecificOutput.permissionDecision, 'deny');
      assert.match(refusedOut.hookSpecificOutput.permissionDecisionReason, /the user refused writing .* in the editor/);
      assert.ok(!fs.existsSync(target));
      const agrees = new AnsweringPrompter('run-once');
      api.guard.setPrompter(agrees);
      const allowed = await runHook(command, risky);
      const allowedOut = JSON.parse(allowed.stdout) as { hookSpecificOutput: { permissionDecision: string } };
      assert.equal(agrees.asked.length, 1);
      assert.equal(allowedOut.hookSpecificOutput.permissionDecision, 'allow');

      api.agentHooks.setPrompter(answering('remove', log));
      await vscode.commands.executeCommand(COMMANDS.setUpAgentHooks);
      assert.deepEqual(log.errors, []);
      assert.ok(!fs.readFileSync(file, 'utf8').includes('hook claude-code'));
    } finally {
      api.agentHooks.setPrompter(undefined);
      api.guard.setPrompter(undefined);
      fs.rmSync(path.join(ws, '.claude'), { recursive: true, force: true });
    }
  });
});
