import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, INTERNAL_COMMANDS, SETTINGS, SETTINGS_SECTION } from '../../src/extension/ids';
import { repoRoot as root } from './helpers/paths';
interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { properties: Record<string, { scope?: string; markdownDescription?: string }> };
    menus?: { commandPalette?: Array<{ command: string; when?: string }> };
  };
  activationEvents: string[];
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  capabilities: { untrustedWorkspaces: { supported: string | boolean } };
}
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

test('every command id in code is contributed in package.json, and only those', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(contributed, [...Object.values(COMMANDS)].sort());
});

test('commands carry the Blast Radius category and a Title Case title', () => {
  for (const c of manifest.contributes.commands) {
    assert.equal(c.category, 'Blast Radius', c.command);
    for (const word of c.title.replace(/…$/, '').split(' ')) {
      if (['a', 'an', 'the', 'for', 'of', 'to', 'in', 'on', 'and', 'or'].includes(word)) continue;
      assert.match(word, /^[A-Z0-9]/, `${c.command}: "${c.title}"`);
    }
  }
});

test('internal commands are hidden from the command palette', () => {
  const hidden = new Set(
    (manifest.contributes.menus?.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command),
  );
  for (const id of INTERNAL_COMMANDS) assert.ok(hidden.has(id), `${id} should have "when": "false" in commandPalette`);
});

test('every setting in code is contributed with a scope and markdownDescription, and only those', () => {
  const props = manifest.contributes.configuration.properties;
  const contributed = Object.keys(props).sort();
  const inCode = Object.values(SETTINGS as Record<string, string>)
    .map((k) => `${SETTINGS_SECTION}.${k}`)
    .sort();
  assert.deepEqual(contributed, inCode);
  for (const [key, p] of Object.entries(props)) {
    assert.ok(p.scope, `${key} needs an explicit scope`);
    assert.ok(p.markdownDescription, `${key} needs a markdownDescription`);
  }
});

test('activation is cheap and declared for limited untrusted support', () => {
  assert.deepEqual(manifest.activationEvents, ['onStartupFinished']);
  assert.equal(manifest.engines.vscode, '^1.95.0');
  assert.equal(manifest.devDependencies['@types/vscode'], '1.95.0');
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
});
