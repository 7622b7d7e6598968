import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'jsonc-parser/lib/esm/main.js';
import { hookCommand, hookFileSpec, isOurHookCommand, planInstall, planUninstall, type HookFileSpec } from '../../../src/core/hooks/install';
import { AGENTS, type AgentId } from '../../../src/core/hooks/types';

const places = { home: '/home/u', workspace: '/ws' };
const cmd = (a: AgentId | 'auto') => hookCommand('/usr/bin/node', '/opt/blast-radius/dist/cli.js', a);
const spec = (agent: AgentId, scope: 'user' | 'workspace' = 'user'): HookFileSpec => hookFileSpec(agent, scope, places, cmd);

function installed(s: HookFileSpec, text: string | null): string {
  const r = planInstall(s, text);
  assert.ok(r.ok, r.ok ? '' : r.error);
  assert.ok(r.text !== null);
  return r.text;
}

test('the hook command is absolute and quoted for the shell', () => {
  const c = hookCommand('/usr/bin/node', "/home/o'brien/my tools/cli.js", 'claude-code');
  assert.equal(c.posix, `/usr/bin/node '/home/o'\\''brien/my tools/cli.js' hook claude-code`);
  assert.equal(c.powershell, `& '/usr/bin/node' '/home/o''brien/my tools/cli.js' hook claude-code`);
  assert.ok(isOurHookCommand(c.posix));
  assert.ok(!isOurHookCommand('npx prettier --write x'));
  assert.ok(!isOurHookCommand('/usr/local/bin/other-tool hook claude-code'));
});

test('files per agent and scope', () => {
  assert.equal(spec('claude-code').file, '/home/u/.claude/settings.json');
  assert.equal(spec('claude-code', 'workspace').file, '/ws/.claude/settings.local.json');
  assert.equal(spec('codex').file, '/home/u/.codex/hooks.json');
  assert.equal(spec('gemini', 'workspace').file, '/ws/.gemini/settings.json');
  assert.equal(spec('cursor').file, '/home/u/.cursor/hooks.json');
  assert.equal(spec('vscode', 'workspace').file, '/ws/.github/hooks/blast-radius.json');
  assert.equal(spec('copilot-cli', 'workspace').file, spec('vscode', 'workspace').file);
  assert.equal(spec('copilot-cli').file, '/home/u/.copilot/hooks/blast-radius.json');
});

test('Claude Code: a new file gets exactly our PreToolUse group', () => {
  const text = installed(spec('claude-code'), null);
  assert.deepEqual(JSON.parse(text), {
    hooks: {
      PreToolUse: [
        {
          matcher: 'Bash|Write|Edit|MultiEdit|NotebookEdit',
          hooks: [{ type: 'command', command: '/usr/bin/node /opt/blast-radius/dist/cli.js hook claude-code', timeout: 330 }],
        },
      ],
    },
  });
});

const existing = `{
  // my settings
  "model": "opus",
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "Edit", // format after edits
        "hooks": [{ "type": "command", "command": "npx prettier --check" }]
      }
    ]
  },
  "permissions": { "allow": ["Bash(ls:*)"] },
}
`;

test('merging keeps comments, other keys and other hooks, and is idempotent', () => {
  const s = spec('claude-code');
  const once = installed(s, existing);
  assert.match(once, /\/\/ my settings/);
  assert.match(once, /\/\/ format after edits/);
  const v = parse(once) as { model: string; permissions: unknown; hooks: { PreToolUse: Array<{ matcher: string; hooks: Array<{ command: string }> }> } };
  assert.equal(v.model, 'opus');
  assert.deepEqual(v.permissions, { allow: ['Bash(ls:*)'] });
  assert.equal(v.hooks.PreToolUse.length, 2);
  assert.equal(v.hooks.PreToolUse[0]!.hooks[0]!.command, 'npx prettier --check');
  assert.match(v.hooks.PreToolUse[1]!.hooks[0]!.command, /hook claude-code$/);
  const twice = planInstall(s, once);
  assert.deepEqual(twice, { ok: true, changed: false, text: once });
});

test('uninstalling removes only our entry and gives back the original document', () => {
  const s = spec('claude-code');
  const once = installed(s, existing);
  const r = planUninstall(s, once);
  assert.ok(r.ok && r.changed && r.text !== null);
  assert.deepEqual(parse(r.text), parse(existing));
  assert.match(r.text, /\/\/ my settings/);
  assert.deepEqual(planUninstall(s, r.text), { ok: true, changed: false, text: r.text });
});

test('uninstalling from a file that held only our hook leaves no empty hooks object', () => {
  const s = spec('codex');
  const r = planUninstall(s, installed(s, '{\n  "other": true\n}\n'));
  assert.ok(r.ok && r.text !== null);
  assert.deepEqual(JSON.parse(r.text), { other: true });
});

test('a moved CLI updates the entry in place instead of adding a second one', () => {
  const s = spec('gemini');
  const old = installed(hookFileSpec('gemini', 'user', places, (a) => hookCommand('/usr/bin/node', '/old/blast-radius/dist/cli.js', a)), null);
  const r = planInstall(s, old);
  assert.ok(r.ok && r.changed && r.text !== null);
  const v = JSON.parse(r.text) as { hooks: { BeforeTool: Array<{ hooks: Array<{ command: string }> }> } };
  assert.equal(v.hooks.BeforeTool.length, 1);
  assert.match(v.hooks.BeforeTool[0]!.hooks[0]!.command, /^\/usr\/bin\/node \/opt\/blast-radius/);
});

test('duplicates of our entry are reduced to one', () => {
  const s = spec('claude-code');
  const one = JSON.parse(installed(s, null)) as { hooks: { PreToolUse: unknown[] } };
  const doubled = JSON.stringify({ hooks: { PreToolUse: [one.hooks.PreToolUse[0], one.hooks.PreToolUse[0]] } }, null, 2);
  const r = planInstall(s, doubled);
  assert.ok(r.ok && r.text !== null);
  assert.equal((JSON.parse(r.text) as { hooks: { PreToolUse: unknown[] } }).hooks.PreToolUse.length, 1);
});

test('our hook sharing a group with another hook is removed alone', () => {
  const s = spec('claude-code');
  const text = JSON.stringify({
    hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'echo hi' }, { type: 'command', command: cmd('claude-code').posix }] }] },
  });
  const r = planUninstall(s, text);
  assert.ok(r.ok && r.text !== null);
  assert.deepEqual(JSON.parse(r.text), { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'echo hi' }] }] } });
});

test('Cursor: version 1 and both events, flat entries', () => {
  const v = JSON.parse(installed(spec('cursor'), null)) as { version: number; hooks: Record<string, Array<{ command: string; matcher?: string }>> };
  assert.equal(v.version, 1);
  assert.match(v.hooks['beforeShellExecution']![0]!.command, /hook cursor$/);
  assert.equal(v.hooks['preToolUse']![0]!.matcher, 'Write|StrReplace|Edit|MultiEdit|Delete');
});

test('VS Code and Copilot CLI: one shared file of our own, removed entirely on uninstall', () => {
  const s = spec('vscode', 'workspace');
  const v = JSON.parse(installed(s, null)) as { version: number; hooks: { preToolUse: Array<Record<string, unknown>> } };
  assert.equal(v.version, 1);
  const e = v.hooks.preToolUse[0]!;
  assert.equal(e['bash'], '/usr/bin/node /opt/blast-radius/dist/cli.js hook auto');
  assert.equal(e['powershell'], `& '/usr/bin/node' '/opt/blast-radius/dist/cli.js' hook auto`);
  assert.deepEqual(planUninstall(s, installed(s, null)), { ok: true, changed: true, text: null });
});

test('a file that is not valid JSON is refused, never overwritten', () => {
  const r = planInstall(spec('claude-code'), '{ "hooks": ');
  assert.ok(!r.ok);
  assert.match(r.error, /not valid JSON/);
  const r2 = planInstall(spec('claude-code'), '{ "hooks": [] }');
  assert.ok(!r2.ok);
  assert.match(r2.error, /"hooks" is not an object/);
});

test('every agent installs and uninstalls cleanly at both scopes', () => {
  for (const agent of AGENTS) {
    for (const scope of ['user', 'workspace'] as const) {
      const s = spec(agent, scope);
      const text = installed(s, '{}\n');
      assert.deepEqual(planInstall(s, text), { ok: true, changed: false, text }, `${agent} ${scope}`);
      const r = planUninstall(s, text);
      assert.ok(r.ok, `${agent} ${scope}`);
      if (r.text !== null) assert.deepEqual(JSON.parse(r.text), s.ownFile ? {} : s.top ?? {}, `${agent} ${scope}`);
    }
  }
});
