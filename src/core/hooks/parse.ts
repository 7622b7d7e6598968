/**
 * Reads each agent's pre-tool-use hook payload into a `NormalizedRequest`.
 *
 * Never throws: input that is not JSON, or not an object, is a `ParseError` (the caller answers
 * "ask" with a reason). A tool that writes files or runs code but whose input is not what we
 * expect is `kind: 'unreadable'` (also asked about); a tool we do not judge is `kind: 'other'`.
 *
 * VS Code reads Claude Code's settings files and runs their hooks with its own tool names, and
 * Copilot CLI can send the same snake_case shape, so the PreToolUse family (Claude Code, VS Code,
 * Codex, Copilot CLI's compatible form) shares one tool table that knows every agent's names.
 */
import { parseApplyPatch } from './afterContent';
import type { AgentId, FileChange, NormalizedAction, NormalizedRequest, ParseError, StringEdit } from './types';
import { isAgentId } from './types';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Json, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

function bool(o: Json, ...keys: string[]): boolean | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'boolean') return v;
  }
  return undefined;
}

/** Cursor's hook events (camelCase, and its newer `preToolUse`). */
const CURSOR_EVENTS = new Set([
  'beforeShellExecution',
  'beforeMCPExecution',
  'beforeReadFile',
  'afterFileEdit',
  'afterShellExecution',
  'afterMCPExecution',
  'beforeSubmitPrompt',
  'stop',
]);

const GEMINI_TOOLS = new Set(['run_shell_command', 'write_file', 'replace']);
const VSCODE_TOOLS = new Set([
  'run_in_terminal',
  'runInTerminal',
  'runTerminalCommand',
  'create_file',
  'createFile',
  'replace_string_in_file',
  'multi_replace_string_in_file',
  'insert_edit_into_file',
  'edit_notebook_file',
  'editFiles',
  'apply_patch',
]);

/** Guesses the agent from the payload's shape; `undefined` when it matches none. */
export function detectAgent(payload: unknown): AgentId | undefined {
  if (!isObject(payload)) return undefined;
  const event = str(payload, 'hook_event_name', 'hookEventName');
  const tool = str(payload, 'tool_name', 'toolName');
  if (event === 'BeforeTool' || (tool !== undefined && GEMINI_TOOLS.has(tool))) return 'gemini';
  if (typeof payload['toolName'] === 'string' && 'toolArgs' in payload) return 'copilot-cli';
  if ((event !== undefined && CURSOR_EVENTS.has(event)) || 'conversation_id' in payload || 'workspace_roots' in payload) return 'cursor';
  if ('turn_id' in payload) return 'codex';
  if ('hookEventName' in payload || 'sessionId' in payload || (tool !== undefined && VSCODE_TOOLS.has(tool))) return 'vscode';
  if (event === 'PreToolUse' || (tool !== undefined && isObject(payload['tool_input']))) return 'claude-code';
  return undefined;
}

/**
 * Parses one hook payload. `agent` is the agent the hook was installed for, or `'auto'` to detect
 * it from the payload's shape.
 */
export function parseHookPayload(agent: AgentId | 'auto', json: string): NormalizedRequest | ParseError {
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    return agent === 'auto' ? { error: 'the hook input is not valid JSON' } : { agent, error: 'the hook input is not valid JSON' };
  }
  if (!isObject(payload)) {
    return agent === 'auto' ? { error: 'the hook input is not a JSON object' } : { agent, error: 'the hook input is not a JSON object' };
  }
  const who = agent === 'auto' ? detectAgent(payload) : agent;
  if (!who || !isAgentId(who)) return { error: 'the hook input does not look like any supported agent' };
  switch (who) {
    case 'copilot-cli':
      return parseCopilotCli(payload);
    case 'cursor':
      return parseCursor(payload);
    case 'gemini':
      return parseGemini(payload);
    default:
      return parsePreToolUse(who, payload);
  }
}

function origin(agent: AgentId, payload: Json, event: string, tool: string): NormalizedRequest & { kind: 'other' } {
  const cwd = str(payload, 'cwd');
  const roots = Array.isArray(payload['workspace_roots']) ? payload['workspace_roots'].filter((r): r is string => typeof r === 'string') : undefined;
  const o: NormalizedRequest & { kind: 'other' } = { agent, event, tool, kind: 'other' };
  const session = str(payload, 'session_id', 'sessionId', 'conversation_id');
  if (session) o.session = session;
  if (cwd !== undefined) o.cwd = cwd;
  if (roots && roots.length) o.workspaceRoots = roots;
  return o;
}

function withAction(base: NormalizedRequest, action: NormalizedAction): NormalizedRequest {
  const { kind: _k, ...rest } = base as NormalizedRequest & { kind: string };
  return { ...rest, ...action } as NormalizedRequest;
}

// ---------------------------------------------------------------------------------------------
// The PreToolUse family: Claude Code, VS Code agent hooks, Codex (and Copilot CLI's snake_case form).

function parsePreToolUse(agent: AgentId, payload: Json): NormalizedRequest | ParseError {
  const event = str(payload, 'hook_event_name', 'hookEventName') ?? 'PreToolUse';
  const tool = str(payload, 'tool_name', 'toolName');
  if (tool === undefined) return { agent, event, error: 'the hook input names no tool (tool_name is missing)' };
  let input: unknown = payload['tool_input'];
  if (typeof input === 'string') input = tryJson(input);
  const base = origin(agent, payload, event, tool);
  return withAction(base, toolAction(tool, input));
}

function tryJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** The shared tool table: every agent's tool names, tolerant of snake_case and camelCase fields. */
function toolAction(tool: string, input: unknown): NormalizedAction {
  const t = tool;
  const lower = t.toLowerCase();
  const unreadable = (what: string): NormalizedAction => ({ kind: 'unreadable', detail: `the ${t} tool input has no readable ${what}` });
  const o = isObject(input) ? input : undefined;

  // Shell commands.
  if (['bash', 'shell', 'run_in_terminal', 'runinterminal', 'runterminalcommand', 'run_shell_command', 'powershell', 'local_shell', 'exec_command'].includes(lower)) {
    const command = o ? commandText(o) : undefined;
    if (command === undefined) return unreadable('command');
    return lower === 'powershell' ? { kind: 'command', command, shell: 'pwsh' } : { kind: 'command', command };
  }
  // Whole-file writes.
  if (['write', 'create', 'create_file', 'createfile', 'copilot_createfile', 'write_file'].includes(lower)) {
    const path = o ? filePath(o) : undefined;
    const content = o ? str(o, 'content', 'file_text', 'contents', 'fileText') : undefined;
    if (path === undefined) return unreadable('file path');
    if (content === undefined) return unreadable('content');
    return { kind: 'write', path, content };
  }
  // Exact string replacements in one file.
  if (['edit', 'strreplace', 'str_replace', 'replace', 'replace_string_in_file', 'copilot_replacestring'].includes(lower)) {
    const path = o ? filePath(o) : undefined;
    if (path === undefined || !o) return unreadable('file path');
    const e = stringEdit(o);
    if (!e) return unreadable('old and new strings');
    // Gemini CLI: `allow_multiple` (current) or `expected_replacements` > 1 (older versions).
    const expected = o['expected_replacements'];
    if ((typeof expected === 'number' && expected > 1) || bool(o, 'allow_multiple') === true) e.replaceAll = true;
    return { kind: 'edit', path, edits: [e] };
  }
  if (lower === 'multiedit') {
    const path = o ? filePath(o) : undefined;
    const list = o?.['edits'];
    if (path === undefined) return unreadable('file path');
    if (!Array.isArray(list) || list.length === 0) return unreadable('edits');
    const edits: StringEdit[] = [];
    for (const item of list) {
      const e = isObject(item) ? stringEdit(item) : undefined;
      if (!e) return unreadable('old and new strings');
      edits.push(e);
    }
    return { kind: 'edit', path, edits };
  }
  if (['multi_replace_string_in_file', 'copilot_multireplacestring'].includes(lower)) {
    const list = o?.['replacements'];
    if (!Array.isArray(list) || list.length === 0) return unreadable('replacements');
    const byPath = new Map<string, StringEdit[]>();
    for (const item of list) {
      if (!isObject(item)) return unreadable('replacements');
      const path = filePath(item);
      const e = stringEdit(item);
      if (path === undefined || !e) return unreadable('file path, old and new strings');
      byPath.set(path, [...(byPath.get(path) ?? []), e]);
    }
    const changes: FileChange[] = [...byPath].map(([path, edits]) => ({ op: 'edit', path, edits }));
    return changes.length === 1 && changes[0]!.op === 'edit' ? { kind: 'edit', path: changes[0]!.path, edits: changes[0]!.edits } : { kind: 'files', changes };
  }
  // Copilot CLI's editor tool: one tool, the operation in `command`.
  if (lower === 'str_replace_editor' && o) {
    const op = str(o, 'command');
    if (op === 'create') return toolAction('create', o);
    if (op === 'str_replace') return toolAction('str_replace', o);
    if (op === 'insert') return toolAction('insert', o);
    if (op === 'view' || op === 'undo_edit') return { kind: 'other' };
    return unreadable('operation');
  }
  // Copilot CLI's insert: `new_str` after line `insert_line`.
  if (lower === 'insert') {
    const path = o ? filePath(o) : undefined;
    const code = o ? str(o, 'new_str', 'text') : undefined;
    if (path === undefined) return unreadable('file path');
    if (code === undefined) return unreadable('text to insert');
    return { kind: 'fragment', path, code };
  }
  if (['insert_edit_into_file', 'copilot_insertedit'].includes(lower)) {
    const path = o ? filePath(o) : undefined;
    const code = o ? str(o, 'code') : undefined;
    if (path === undefined) return unreadable('file path');
    if (code === undefined) return unreadable('code');
    return { kind: 'fragment', path, code };
  }
  if (['apply_patch', 'copilot_applypatch', 'git_apply_patch'].includes(lower)) {
    const patch = typeof input === 'string' ? input : o ? str(o, 'input', 'patch', 'command') : undefined;
    if (patch === undefined) return unreadable('patch');
    const parsed = parseApplyPatch(patch);
    if ('error' in parsed) return { kind: 'unreadable', detail: `the ${t} patch could not be read: ${parsed.error}` };
    return { kind: 'files', changes: parsed.changes.map((c) => (c.op === 'edit' ? { op: 'edit', path: c.path, edits: c.edits } : c)) };
  }
  if (lower === 'delete' || lower === 'delete_file') {
    const path = o ? filePath(o) : undefined;
    if (path === undefined) return unreadable('file path');
    return { kind: 'files', changes: [{ op: 'delete', path }] };
  }
  if (lower === 'notebookedit' || lower === 'edit_notebook_file' || lower === 'copilot_editnotebook') {
    if (!o) return unreadable('notebook edit');
    const path = str(o, 'notebook_path', 'notebookPath', 'filePath', 'file_path');
    // VS Code's edit_notebook_file sends `newCode` as a string or as a list of lines.
    const lines = o['newCode'];
    const newSource = (Array.isArray(lines) && lines.every((l) => typeof l === 'string') ? lines.join('\n') : str(o, 'new_source', 'newSource', 'newCode')) ?? '';
    const modeRaw = str(o, 'edit_mode', 'editMode', 'editType') ?? 'replace';
    const editMode = modeRaw === 'insert' ? 'insert' : modeRaw === 'delete' ? 'delete' : 'replace';
    if (path === undefined) return unreadable('notebook path');
    const action: NormalizedAction = { kind: 'notebook', path, newSource, editMode };
    const cellId = str(o, 'cell_id', 'cellId');
    if (cellId !== undefined) action.cellId = cellId;
    const cellType = str(o, 'cell_type', 'cellType');
    if (cellType === 'code' || cellType === 'markdown') action.cellType = cellType;
    return action;
  }
  return { kind: 'other' };
}

function commandText(o: Json): string | undefined {
  const c = o['command'] ?? o['cmd'];
  if (typeof c === 'string') return c;
  // Codex's older exec shape: an argv array, usually ["bash", "-lc", "<script>"].
  if (Array.isArray(c) && c.length > 0 && c.every((p) => typeof p === 'string')) {
    const argv = c as string[];
    if (argv.length === 3 && /(^|\/)(ba|z|da)?sh$/.test(argv[0]!) && /^-l?c$/.test(argv[1]!)) return argv[2]!;
    return argv.map(shellQuote).join(' ');
  }
  return undefined;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function filePath(o: Json): string | undefined {
  return str(o, 'file_path', 'filePath', 'path', 'absolute_path', 'target_file');
}

function stringEdit(o: Json): StringEdit | undefined {
  const oldString = str(o, 'old_string', 'oldString', 'old_str');
  const newString = str(o, 'new_string', 'newString', 'new_str');
  if (oldString === undefined || newString === undefined) return undefined;
  const e: StringEdit = { oldString, newString };
  if (bool(o, 'replace_all', 'replaceAll') === true) e.replaceAll = true;
  return e;
}

// ---------------------------------------------------------------------------------------------
// Copilot CLI: { toolName, toolArgs (a JSON string, or an object in newer versions) }, or the
// VS Code compatible snake_case form when configured with PascalCase event names.

function parseCopilotCli(payload: Json): NormalizedRequest | ParseError {
  if (typeof payload['toolName'] !== 'string') {
    const r = parsePreToolUse('copilot-cli', payload);
    if (!('error' in r)) r.snakeCase = true;
    return r;
  }
  const tool = payload['toolName'];
  let args: unknown = payload['toolArgs'];
  if (typeof args === 'string') {
    args = tryJson(args);
    if (args === undefined) {
      const base = origin('copilot-cli', payload, 'preToolUse', tool);
      return withAction(base, { kind: 'unreadable', detail: `the ${tool} tool arguments are not valid JSON` });
    }
  }
  const base = origin('copilot-cli', payload, 'preToolUse', tool);
  return withAction(base, toolAction(tool, args));
}

// ---------------------------------------------------------------------------------------------
// Cursor: beforeShellExecution { command, cwd }, preToolUse { tool_name, tool_input }, and
// events we answer without judging (reads, MCP calls, after-the-fact notifications).

function parseCursor(payload: Json): NormalizedRequest | ParseError {
  const event = str(payload, 'hook_event_name') ?? 'beforeShellExecution';
  if (event === 'beforeShellExecution') {
    const base = origin('cursor', payload, event, 'shell');
    const command = str(payload, 'command');
    return withAction(base, command === undefined ? { kind: 'unreadable', detail: 'the shell command is missing from the hook input' } : { kind: 'command', command });
  }
  if (event === 'preToolUse') {
    const tool = str(payload, 'tool_name');
    if (tool === undefined) return { agent: 'cursor', event, error: 'the hook input names no tool (tool_name is missing)' };
    let input: unknown = payload['tool_input'];
    if (typeof input === 'string') input = tryJson(input);
    const base = origin('cursor', payload, event, tool);
    const action = toolAction(tool, input);
    // Cursor's Shell tool carries its own `working_directory`.
    if (action.kind === 'command') base.cwd = commandDir(input, base.cwd);
    return withAction(base, action);
  }
  return origin('cursor', payload, event, str(payload, 'tool_name') ?? event);
}

// ---------------------------------------------------------------------------------------------
// Gemini CLI: BeforeTool { tool_name, tool_input }.

function parseGemini(payload: Json): NormalizedRequest | ParseError {
  const event = str(payload, 'hook_event_name') ?? 'BeforeTool';
  const tool = str(payload, 'tool_name');
  if (tool === undefined) return { agent: 'gemini', event, error: 'the hook input names no tool (tool_name is missing)' };
  const input = payload['tool_input'];
  const base = origin('gemini', payload, event, tool);
  const action = toolAction(tool, input);
  // run_shell_command may carry its own working directory (`dir_path`; `directory` in older
  // versions), relative to the project root.
  if (action.kind === 'command') base.cwd = commandDir(input, base.cwd);
  return withAction(base, action);
}

/** The directory a shell tool names for its command (absolute, or relative to `cwd`); else `cwd`. */
function commandDir(input: unknown, cwd: string | undefined): string | undefined {
  const dir = isObject(input) ? str(input, 'working_directory', 'dir_path', 'directory') : undefined;
  if (!dir) return cwd;
  if (dir.startsWith('/') || /^[A-Za-z]:[\\/]/.test(dir)) return dir;
  return cwd ? `${cwd.replace(/[\\/]$/, '')}/${dir}` : cwd;
}
