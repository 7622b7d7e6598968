import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COLORS, COMMANDS, CONTEXT_KEYS, INTERNAL_COMMANDS, SETTINGS, SETTINGS_SECTION, TERMINAL_PROFILES, VIEWS, VIEW_ITEMS, WALKTHROUGH } from '../../src/extension/ids';
import { repoRoot as root } from './helpers/paths';
interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    configuration: { properties: Record<string, { scope?: string; markdownDescription?: string }> };
    menus?: Record<string, Array<{ command: string; when?: string }>>;
    colors?: Array<{ id: string; defaults: Record<string, string> }>;
    viewsContainers?: Record<string, Array<{ id: string }>>;
    views?: Record<string, Array<{ id: string }>>;
    viewsWelcome?: Array<{ view: string; contents: string; when?: string }>;
    terminal?: { profiles?: Array<{ id: string; title: string; icon?: string }> };
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

/** Every `when` clause of the manifest (menus and views welcome content). */
function whenClauses(): string[] {
  const menus = Object.values(manifest.contributes.menus ?? {}).flat();
  return [...menus, ...(manifest.contributes.viewsWelcome ?? [])].map((m) => m.when).filter((w): w is string => w !== undefined);
}

test('every blastRadius context key, view and tree item a when clause reads is named in ids.ts', () => {
  const keys = new Set<string>(Object.values(CONTEXT_KEYS));
  const views = new Set<string>(Object.values(VIEWS));
  const items = new Set<string>(Object.values(VIEW_ITEMS));
  const clauses = whenClauses();
  assert.ok(clauses.some((w) => /\bblastRadius\.\w/.test(w)), 'the manifest has when clauses with our context keys');
  for (const when of clauses) {
    const rest = when.replace(/\b(view|viewItem)\s*==\s*([\w.-]+)/g, (_m, what: string, id: string) => {
      if (what === 'view') assert.ok(views.has(id), `"${when}": view ${id} is not in VIEWS`);
      else assert.ok(items.has(id), `"${when}": tree item ${id} is not in VIEW_ITEMS`);
      return '';
    });
    for (const key of rest.match(/\bblastRadius\.[\w.-]+/g) ?? []) assert.ok(keys.has(key), `"${when}": context key ${key} is not in CONTEXT_KEYS`);
  }
});

test('every command in a menu or a views welcome link is a command of ids.ts', () => {
  const ids = new Set<string>(Object.values(COMMANDS));
  for (const m of Object.values(manifest.contributes.menus ?? {}).flat()) assert.ok(ids.has(m.command), `menu entry ${m.command} is not in COMMANDS`);
  for (const w of manifest.contributes.viewsWelcome ?? []) {
    for (const [, id] of w.contents.matchAll(/\(command:([\w.]+)/g)) assert.ok(ids.has(id!), `views welcome link ${id} is not in COMMANDS`);
  }
});

test('every view and theme colour in code is contributed, and only those', () => {
  const containers = Object.values(manifest.contributes.viewsContainers ?? {}).flat().map((c) => c.id);
  const views = Object.values(manifest.contributes.views ?? {}).flat().map((v) => v.id);
  assert.deepEqual([...containers, ...views].sort(), [...Object.values(VIEWS)].sort());
  const colors = manifest.contributes.colors ?? [];
  assert.deepEqual(colors.map((c) => c.id).sort(), [...Object.values(COLORS)].sort());
  for (const c of colors) {
    for (const theme of ['dark', 'light', 'highContrast', 'highContrastLight']) assert.ok(c.defaults[theme], `${c.id} needs a ${theme} default`);
  }
});

test('every terminal profile in code is contributed with a Blast Radius title, and only those', () => {
  const profiles = manifest.contributes.terminal?.profiles ?? [];
  assert.deepEqual(profiles.map((p) => p.id).sort(), [...Object.values(TERMINAL_PROFILES)].sort());
  for (const p of profiles) assert.match(p.title, /^Blast Radius: [A-Z]\w*( [A-Z]\w*)*$/, `${p.id}: ${p.title}`);
});

/** The TypeScript files under a folder, recursively. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

test('src/extension names blastRadius ids only through ids.ts, and sets every context key there', () => {
  const dir = path.join(root, 'src', 'extension');
  const files = sources(dir).filter((f) => path.basename(f) !== 'ids.ts');
  assert.ok(files.length > 10, `found the extension's sources in ${dir}`);
  const spelled: string[] = [];
  const used = new Set<string>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    text.split('\n').forEach((line, i) => {
      // an id in a string or template: 'blastRadius.x', `blastRadius.${…}`, command:blastRadius.x
      if (/blastRadius\.(?:[A-Za-z]|\$\{)/.test(line)) spelled.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`);
    });
    for (const [, key] of text.matchAll(/\bCONTEXT_KEYS\.(\w+)/g)) used.add(key!);
  }
  assert.deepEqual(spelled, [], 'use the constants of src/extension/ids.ts');
  assert.deepEqual(Object.keys(CONTEXT_KEYS).filter((k) => !used.has(k)), [], 'context keys in ids.ts that no code sets');
});
