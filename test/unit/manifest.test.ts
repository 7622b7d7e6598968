import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, INTERNAL_COMMANDS, SETTINGS, SETTINGS_SECTION, WALKTHROUGH } from '../../src/extension/ids';
import { repoRoot as root } from './helpers/paths';
interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { properties: Record<string, { scope?: string; markdownDescription?: string }> };
    menus?: { commandPalette?: Array<{ command: string; when?: string }> };
    walkthroughs?: Array<{ id: string; steps: Array<{ id: string; title: string; description: string; media: Record<string, unknown>; completionEvents?: string[] }> }>;
  };
  publisher: string;
  name: string;
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

test('the walkthrough is the one the code opens, and each step has its page, buttons and completion on contributed commands', () => {
  const walkthroughs = manifest.contributes.walkthroughs ?? [];
  assert.deepEqual(walkthroughs.map((w) => `${manifest.publisher}.${manifest.name}#${w.id}`), [WALKTHROUGH]);
  const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
  const steps = walkthroughs[0]!.steps;
  assert.deepEqual(
    steps.map((s) => s.id),
    ['guarded', 'safeCommand', 'heldCommand', 'agentEdit', 'agentHooks', 'policyFile'],
  );
  for (const step of steps) {
    const page = step.media['markdown'];
    assert.equal(typeof page, 'string', `${step.id}: a markdown page`);
    assert.ok(fs.existsSync(path.join(root, page as string)), `${step.id}: ${String(page)} exists`);
    const buttons = [...step.description.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]!);
    assert.equal(buttons.length, 1, `${step.id}: one try-it button`);
    for (const b of buttons) assert.ok(contributed.has(b), `${step.id}: button runs ${b}, which is contributed`);
    for (const e of step.completionEvents ?? []) {
      const cmd = /^onCommand:(.+)$/.exec(e)?.[1];
      assert.ok(cmd && contributed.has(cmd), `${step.id}: completes on a contributed command (${e})`);
    }
  }
});
