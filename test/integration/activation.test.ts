import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from './helpers/extension';

suite('activation', () => {
  test('the extension activates and returns its API', async () => {
    const { extension, api } = await activateExtension();
    assert.equal(extension.isActive, true);
    assert.equal(typeof api.statusText, 'function');
    assert.match(api.statusText(), /Blast Radius/);
  });

  test('every command contributed in package.json is registered', async () => {
    const { extension } = await activateExtension();
    const manifest = extension.packageJSON as { contributes?: { commands?: Array<{ command: string }> } };
    const contributed = (manifest.contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });
});
