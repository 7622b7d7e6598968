import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectAgent, parseHookPayload } from '../../../src/core/hooks/parse';
import { AGENTS, isParseError, type AgentId, type NormalizedRequest } from '../../../src/core/hooks/types';
import { fixturesDir } from '../helpers/paths';

const W = '/tmp/ws';
const hooksDir = path.join(fixturesDir, 'hooks');

function fixture(agent: AgentId, name: string): string {
  return fs.readFileSync(path.join(hooksDir, agent, `${name}.json`), 'utf8').replaceAll('__WORKSPACE__', W);
}

function parsed(agent: AgentId | 'auto', json: string): NormalizedRequest {
  const r = parseHookPayload(agent, json);
  if (isParseError(r)) assert.fail(`unexpected parse error: ${r.error}`);
  return r;
}

const DROP = 'DROP TABLE customers;\n';
const OLD = 'CREATE INDEX orders_customer_id_idx ON orders (customer_id);';
const NEW = 'DROP TABLE orders;';

for (const agent of AGENTS) {
  test(`${agent}: the allowed-command sample is a command with its working directory`, () => {
    const r = parsed(agent, fixture(agent, 'allowed-command'));
    assert.equal(r.agent, agent);
    assert.equal(r.kind, 'command');
    assert.equal(r.kind === 'command' && r.command, 'git status --short');
    assert.equal(r.cwd, W);
  });

  test(`${agent}: the destructive-command sample is read as the exact command`, () => {
    const r = parsed(agent, fixture(agent, 'destructive-command'));
    assert.equal(r.kind === 'command' && r.command, 'rm -rf /');
  });

  test(`${agent}: the risky-write sample carries the path and full content`, () => {
    const r = parsed(agent, fixture(agent, 'risky-write'));
    if (r.kind === 'write') {
      assert.equal(r.path, `${W}/db/migrations/004_drop_customers.sql`);
      assert.equal(r.content, DROP);
    } else if (r.kind === 'files') {
      assert.deepEqual(r.changes, [{ op: 'write', path: 'db/migrations/004_drop_customers.sql', content: DROP }]);
    } else {
      assert.fail(`expected a write, got ${r.kind}`);
    }
  });

  test(`${agent}: the risky-edit sample is an exact replacement`, () => {
    const r = parsed(agent, fixture(agent, 'risky-edit'));
    if (r.kind === 'edit') {
      assert.equal(r.path, `${W}/db/migrations/002_create_orders.sql`);
      assert.equal(r.edits.length, 1);
      assert.equal(r.edits[0]!.oldString, OLD);
      assert.equal(r.edits[0]!.newString, NEW);
    } else if (r.kind === 'files') {
      const c = r.changes[0]!;
      assert.equal(c.op, 'edit');
      assert.equal(c.path, 'db/migrations/002_create_orders.sql');
      assert.ok(c.op === 'edit' && c.edits[0]!.oldString.endsWith(OLD));
      assert.ok(c.op === 'edit' && c.edits[0]!.newString.endsWith(NEW));
    } else {
      assert.fail(`expected an edit, got ${r.kind}`);
    }
  });

  test(`${agent}: a read or search tool is not judged`, () => {
    assert.equal(parsed(agent, fixture(agent, 'unknown-tool')).kind, 'other');
  });

  test(`${agent}: malformed JSON is an error that keeps the agent`, () => {
    const r = parseHookPayload(agent, fixture(agent, 'malformed'));
    assert.ok(isParseError(r));
    assert.equal(r.agent, agent);
    assert.match(r.error, /not valid JSON/);
  });

  test(`${agent}: auto-detection recognises every sample`, () => {
    for (const name of ['docs-sample', 'allowed-command', 'risky-write', 'risky-edit', 'unknown-tool']) {
      assert.equal(detectAgent(JSON.parse(fixture(agent, name))), agent, name);
      assert.equal(parsed('auto', fixture(agent, name)).agent, agent, name);
    }
  });

  test(`${agent}: the documentation sample parses`, () => {
    const r = parseHookPayload(agent, fixture(agent, 'docs-sample'));
    assert.ok(!isParseError(r));
  });
}

test('auto-detection of unreadable input is an error without an agent', () => {
  const r = parseHookPayload('auto', 'not json');
  assert.ok(isParseError(r));
  assert.equal(r.agent, undefined);
  const r2 = parseHookPayload('auto', '{"hello": "world"}');
  assert.ok(isParseError(r2));
  assert.match(r2.error, /does not look like any supported agent/);
});

test('a JSON value that is not an object is an error', () => {
  const r = parseHookPayload('claude-code', '[1, 2]');
  assert.ok(isParseError(r));
  assert.match(r.error, /not a JSON object/);
});

test('Claude Code: a Bash call without a command cannot be judged', () => {
  const r = parsed('claude-code', JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { description: 'x' } }));
  assert.equal(r.kind, 'unreadable');
});

test('Claude Code: MultiEdit keeps every replacement in order, with replace_all', () => {
  const r = parsed(
    'claude-code',
    JSON.stringify({
      hook_event_name: 'PreToolUse',
      tool_name: 'MultiEdit',
      tool_input: { file_path: '/a.txt', edits: [{ old_string: 'a', new_string: 'b' }, { old_string: 'c', new_string: 'd', replace_all: true }] },
    }),
  );
  assert.deepEqual(r.kind === 'edit' && r.edits, [
    { oldString: 'a', newString: 'b' },
    { oldString: 'c', newString: 'd', replaceAll: true },
  ]);
});

test('Claude Code: NotebookEdit is a notebook cell edit', () => {
  const r = parsed(
    'claude-code',
    JSON.stringify({
      hook_event_name: 'PreToolUse',
      tool_name: 'NotebookEdit',
      tool_input: { notebook_path: '/n.ipynb', cell_id: 'abc', new_source: 'DROP TABLE x', cell_type: 'code', edit_mode: 'replace' },
    }),
  );
  assert.equal(r.kind, 'notebook');
  assert.ok(r.kind === 'notebook' && r.cellId === 'abc' && r.newSource === 'DROP TABLE x' && r.editMode === 'replace');
});

test('VS Code: Claude-format hooks receive VS Code tool names and are still understood', () => {
  const r = parsed('claude-code', fixture('vscode', 'risky-write'));
  assert.equal(r.kind, 'write');
});

test('VS Code: multi_replace_string_in_file across two files is a multi-file change', () => {
  const r = parsed(
    'vscode',
    JSON.stringify({
      hookEventName: 'PreToolUse',
      tool_name: 'multi_replace_string_in_file',
      tool_input: {
        explanation: 'x',
        replacements: [
          { filePath: '/a', oldString: '1', newString: '2' },
          { filePath: '/b', oldString: '3', newString: '4' },
          { filePath: '/a', oldString: '5', newString: '6' },
        ],
      },
    }),
  );
  assert.deepEqual(r.kind === 'files' && r.changes, [
    { op: 'edit', path: '/a', edits: [{ oldString: '1', newString: '2' }, { oldString: '5', newString: '6' }] },
    { op: 'edit', path: '/b', edits: [{ oldString: '3', newString: '4' }] },
  ]);
});

test('VS Code: insert_edit_into_file is a fragment we can only judge by what it adds', () => {
  const r = parsed('vscode', JSON.stringify({ hookEventName: 'PreToolUse', tool_name: 'insert_edit_into_file', tool_input: { filePath: '/a.sql', code: 'DROP TABLE x;', explanation: 'x' } }));
  assert.deepEqual(r.kind === 'fragment' && [r.path, r.code], ['/a.sql', 'DROP TABLE x;']);
});

test('Copilot CLI: toolArgs given as an object (newer versions) is read too', () => {
  const r = parsed('copilot-cli', JSON.stringify({ timestamp: 1, cwd: W, toolName: 'bash', toolArgs: { command: 'ls' } }));
  assert.equal(r.kind === 'command' && r.command, 'ls');
});

test('Copilot CLI: toolArgs that are not JSON cannot be judged', () => {
  const r = parsed('copilot-cli', JSON.stringify({ timestamp: 1, cwd: W, toolName: 'bash', toolArgs: '{"command":' }));
  assert.equal(r.kind, 'unreadable');
});

test('Copilot CLI: the VS Code compatible snake_case form is marked so the answer matches it', () => {
  const r = parsed('copilot-cli', JSON.stringify({ hook_event_name: 'PreToolUse', session_id: 's', cwd: W, tool_name: 'bash', tool_input: { command: 'ls' } }));
  assert.equal(r.snakeCase, true);
  assert.equal(r.kind, 'command');
});

test('Codex: an argv-style command is read as the script bash would run', () => {
  const r = parsed('codex', JSON.stringify({ turn_id: '1', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: ['bash', '-lc', 'rm -rf build'] } }));
  assert.equal(r.kind === 'command' && r.command, 'rm -rf build');
});

test('Codex: an apply_patch that is not a patch cannot be judged', () => {
  const r = parsed('codex', JSON.stringify({ turn_id: '1', hook_event_name: 'PreToolUse', tool_name: 'apply_patch', tool_input: { command: 'rm -rf /' } }));
  assert.equal(r.kind, 'unreadable');
});

test('Gemini CLI: replace with expected_replacements > 1 replaces every occurrence', () => {
  const r = parsed('gemini', JSON.stringify({ hook_event_name: 'BeforeTool', tool_name: 'replace', tool_input: { file_path: '/a', old_string: 'x', new_string: 'y', expected_replacements: 3 } }));
  assert.deepEqual(r.kind === 'edit' && r.edits, [{ oldString: 'x', newString: 'y', replaceAll: true }]);
});

test('Gemini CLI: run_shell_command with a directory runs there', () => {
  const r = parsed('gemini', JSON.stringify({ hook_event_name: 'BeforeTool', cwd: W, tool_name: 'run_shell_command', tool_input: { command: 'ls', directory: 'infra' } }));
  assert.equal(r.cwd, `${W}/infra`);
});

test('Cursor: events we do not judge are recognised, with the workspace roots', () => {
  const r = parsed('cursor', JSON.stringify({ hook_event_name: 'beforeMCPExecution', workspace_roots: [W], tool_name: 'db', tool_input: '{}' }));
  assert.equal(r.kind, 'other');
  assert.deepEqual(r.workspaceRoots, [W]);
});

test('Gemini CLI: replace with allow_multiple (current versions) replaces every occurrence', () => {
  const r = parsed('gemini', JSON.stringify({ hook_event_name: 'BeforeTool', tool_name: 'replace', tool_input: { file_path: '/a', instruction: 'rename', old_string: 'x', new_string: 'y', allow_multiple: true } }));
  assert.deepEqual(r.kind === 'edit' && r.edits, [{ oldString: 'x', newString: 'y', replaceAll: true }]);
  const once = parsed('gemini', JSON.stringify({ hook_event_name: 'BeforeTool', tool_name: 'replace', tool_input: { file_path: '/a', instruction: 'rename', old_string: 'x', new_string: 'y', allow_multiple: false } }));
  assert.deepEqual(once.kind === 'edit' && once.edits, [{ oldString: 'x', newString: 'y' }]);
});

test('Gemini CLI: run_shell_command with dir_path (current versions) runs there; an absolute one as given', () => {
  const rel = parsed('gemini', JSON.stringify({ hook_event_name: 'BeforeTool', cwd: W, tool_name: 'run_shell_command', tool_input: { command: 'ls', dir_path: 'infra/prod' } }));
  assert.equal(rel.cwd, `${W}/infra/prod`);
  const abs = parsed('gemini', JSON.stringify({ hook_event_name: 'BeforeTool', cwd: W, tool_name: 'run_shell_command', tool_input: { command: 'ls', dir_path: '/srv/app' } }));
  assert.equal(abs.cwd, '/srv/app');
});

test('Cursor: the Shell tool of preToolUse runs in its working_directory', () => {
  const r = parsed('cursor', JSON.stringify({ hook_event_name: 'preToolUse', cwd: W, tool_name: 'Shell', tool_input: { command: 'terraform destroy', working_directory: `${W}/infra` } }));
  assert.equal(r.kind === 'command' && r.command, 'terraform destroy');
  assert.equal(r.cwd, `${W}/infra`);
});

test('VS Code: edit_notebook_file with newCode as a list of lines and editType "edit" replaces the cell', () => {
  const r = parsed('vscode', JSON.stringify({ hookEventName: 'PreToolUse', tool_name: 'edit_notebook_file', tool_input: { filePath: '/n.ipynb', cellId: 'c1', editType: 'edit', newCode: ['import shutil', "shutil.rmtree('/data')"] } }));
  assert.deepEqual(r.kind === 'notebook' && [r.path, r.cellId, r.editMode, r.newSource], ['/n.ipynb', 'c1', 'replace', "import shutil\nshutil.rmtree('/data')"]);
});

test('Copilot CLI: str_replace_editor is read by its operation: create, str_replace, insert; view is not judged', () => {
  const call = (args: object): ReturnType<typeof parsed> => parsed('copilot-cli', JSON.stringify({ timestamp: 1, cwd: W, toolName: 'str_replace_editor', toolArgs: JSON.stringify(args) }));
  const create = call({ command: 'create', path: '/a.sql', file_text: 'DROP TABLE x;\n' });
  assert.deepEqual(create.kind === 'write' && [create.path, create.content], ['/a.sql', 'DROP TABLE x;\n']);
  const replace = call({ command: 'str_replace', path: '/a.sql', old_str: 'a', new_str: 'b' });
  assert.deepEqual(replace.kind === 'edit' && replace.edits, [{ oldString: 'a', newString: 'b' }]);
  const insert = call({ command: 'insert', path: '/a.sql', insert_line: 3, new_str: 'DROP TABLE y;' });
  assert.deepEqual(insert.kind === 'fragment' && [insert.path, insert.code], ['/a.sql', 'DROP TABLE y;']);
  assert.equal(call({ command: 'view', path: '/a.sql' }).kind, 'other');
  assert.equal(call({ command: 'rewrite_everything', path: '/a.sql' }).kind, 'unreadable');
});

test('Copilot CLI: git_apply_patch is read like apply_patch', () => {
  const patch = '*** Begin Patch\n*** Delete File: db/schema.sql\n*** End Patch\n';
  const r = parsed('copilot-cli', JSON.stringify({ timestamp: 1, cwd: W, toolName: 'git_apply_patch', toolArgs: JSON.stringify({ input: patch }) }));
  assert.deepEqual(r.kind === 'files' && r.changes, [{ op: 'delete', path: 'db/schema.sql' }]);
});
