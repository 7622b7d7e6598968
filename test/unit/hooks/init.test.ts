/**
 * `blast-radius init` through the built CLI, on a temporary home and workspace holding settings
 * files with comments: merged, idempotent, backed up, uninstallable.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser/lib/esm/main.js';
import { repoRoot } from '../helpers/paths';
import { tempDir } from '../helpers/tmp';

const cli = path.join(repoRoot, 'dist', 'cli.js');
let tmp = '';
let removeTmp = (): void => undefined;
let home = '';
let ws = '';

const CLAUDE_SETTINGS = `{
  // personal settings
  "model": "opus",
  "hooks": {
    "PostToolUse": [
      { "matcher": "Edit", "hooks": [{ "type": "command", "command": "npx prettier --write" }] }
    ]
  }
}
`;
const GEMINI_SETTINGS = `{
  "theme": "GitHub", // keep me
  "hooks": {}
}
`;

function init(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [cli, 'init', '--home', home, '--workspace', ws, ...args], { encoding: 'utf8', cwd: ws });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function read(p: string): string {
  return fs.readFileSync(p, 'utf8');
}

before(() => {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
  ({ dir: tmp, remove: removeTmp } = tempDir('br-init-'));
  home = path.join(tmp, 'home');
  ws = path.join(tmp, 'ws');
  fs.mkdirSync(path.join(home, '.claude'), { recursive: true });
  fs.mkdirSync(path.join(home, '.gemini'), { recursive: true });
  fs.mkdirSync(ws, { recursive: true });
  fs.writeFileSync(path.join(home, '.claude', 'settings.json'), CLAUDE_SETTINGS);
  fs.writeFileSync(path.join(home, '.gemini', 'settings.json'), GEMINI_SETTINGS);
});

after(() => removeTmp());

test('without --yes and without a terminal, init shows the diff and writes nothing', () => {
  const r = init();
  assert.equal(r.status, 1);
  assert.match(r.stdout, /claude-code \(user\): add the PreToolUse hook/);
  assert.match(r.stdout, /\+\s+"PreToolUse": \[/);
  assert.match(r.stdout, /gemini \(user\): add the BeforeTool hook/);
  assert.match(r.stdout, /Nothing written\. Run again with --yes/);
  assert.equal(read(path.join(home, '.claude', 'settings.json')), CLAUDE_SETTINGS);
});

test('--dry-run writes nothing either, and exits 0', () => {
  const r = init('--dry-run');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /Dry run: nothing written\./);
  assert.equal(read(path.join(home, '.gemini', 'settings.json')), GEMINI_SETTINGS);
});

test('--yes merges into the detected agents\' files, keeps comments, backs up, points at the CLI by absolute path', () => {
  const r = init('--yes');
  assert.equal(r.status, 0, r.stderr);
  const claudeFile = path.join(home, '.claude', 'settings.json');
  const text = read(claudeFile);
  assert.match(text, /\/\/ personal settings/);
  const v = parse(text) as { model: string; hooks: { PostToolUse: unknown[]; PreToolUse: Array<{ matcher: string; hooks: Array<{ command: string; timeout: number }> }> } };
  assert.equal(v.model, 'opus');
  assert.equal(v.hooks.PostToolUse.length, 1);
  const command = v.hooks.PreToolUse[0]!.hooks[0]!.command;
  assert.equal(command, `${process.execPath} ${fs.realpathSync(cli)} hook claude-code`);
  assert.ok(path.isAbsolute(command.split(' ')[0]!));
  assert.equal(read(`${claudeFile}.bak`), CLAUDE_SETTINGS);
  const gemini = read(path.join(home, '.gemini', 'settings.json'));
  assert.match(gemini, /\/\/ keep me/);
  assert.match(gemini, /hook gemini/);
  // only detected agents: no Codex or Cursor folders were created
  assert.ok(!fs.existsSync(path.join(home, '.codex')));
  assert.ok(!fs.existsSync(path.join(home, '.cursor')));
});

test('running init again changes nothing', () => {
  const before = read(path.join(home, '.claude', 'settings.json'));
  const r = init('--yes');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /claude-code: ~\/\.claude\/settings\.json already has the Blast Radius hook; nothing to change\./);
  assert.equal(read(path.join(home, '.claude', 'settings.json')), before);
});

test('--scope workspace writes the workspace files (the shared VS Code / Copilot file is our own)', () => {
  const r = init('--scope', 'workspace', '--agent', 'claude-code,vscode,copilot-cli,cursor,codex', '--yes');
  assert.equal(r.status, 0, r.stderr);
  assert.match(read(path.join(ws, '.claude', 'settings.local.json')), /hook claude-code/);
  const shared = JSON.parse(read(path.join(ws, '.github', 'hooks', 'blast-radius.json'))) as { version: number; hooks: { preToolUse: Array<{ bash: string }> } };
  assert.equal(shared.version, 1);
  assert.match(shared.hooks.preToolUse[0]!.bash, / hook auto$/);
  assert.match(read(path.join(ws, '.cursor', 'hooks.json')), /beforeShellExecution/);
  assert.match(read(path.join(ws, '.codex', 'hooks.json')), /hook codex/);
});

test('--uninstall removes only our entries and gives back the original documents', () => {
  const r = init('--uninstall', '--agent', 'all', '--yes');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(parse(read(path.join(home, '.claude', 'settings.json'))), parse(CLAUDE_SETTINGS));
  assert.match(read(path.join(home, '.claude', 'settings.json')), /\/\/ personal settings/);
  assert.deepEqual(parse(read(path.join(home, '.gemini', 'settings.json'))), { theme: 'GitHub' });
  const w = init('--scope', 'workspace', '--uninstall', '--agent', 'all', '--yes');
  assert.equal(w.status, 0, w.stderr);
  assert.ok(!fs.existsSync(path.join(ws, '.github', 'hooks', 'blast-radius.json')), 'our own file is removed');
  assert.deepEqual(JSON.parse(read(path.join(ws, '.cursor', 'hooks.json'))), { version: 1 });
  const again = init('--uninstall', '--agent', 'all', '--yes');
  assert.equal(again.status, 0);
  assert.match(again.stdout, /has no Blast Radius hook; nothing to change/);
});

test('a settings file that is not valid JSON is left untouched, with a message', () => {
  const bad = path.join(home, '.codex', 'hooks.json');
  fs.mkdirSync(path.dirname(bad), { recursive: true });
  fs.writeFileSync(bad, '{ "hooks": ');
  const r = init('--agent', 'codex', '--yes');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /~\/\.codex\/hooks\.json is not valid JSON/);
  assert.equal(read(bad), '{ "hooks": ');
});

test('unknown options and agents are one-line usage errors', () => {
  const r = init('--agent', 'claude');
  assert.equal(r.status, 64);
  assert.equal(r.stderr, "blast-radius init: unknown agent 'claude'; expected one of claude-code, vscode, copilot-cli, cursor, gemini, codex or all.\n");
});
