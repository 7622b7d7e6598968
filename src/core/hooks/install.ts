/**
 * Where each agent keeps its hook settings, what our entry looks like there, and how to add or
 * remove it without disturbing anything else in the file.
 *
 * Planning is pure (text in, text out; `detectAgents` only looks for folders). The CLI
 * (`blast-radius init`) and the editor command ("Set Up Agent Hooks…") do the reading, showing
 * and writing (installFiles.ts). Edits go through jsonc-parser's `modify`, so
 * comments, key order and formatting of the rest of the file survive; installing twice changes
 * nothing; uninstalling removes only our entries (and containers we leave empty).
 *
 * Our entries are recognised by their command: `… hook <agent>` run through the Blast Radius CLI.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions, type Node, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { HOOK_TIMEOUT_SECONDS, type AgentId } from './types';

export type Scope = 'user' | 'workspace';

export { HOOK_TIMEOUT_SECONDS };

/** How the hook command is written into settings. */
export interface HookCommand {
  /** For POSIX shells (and agents that run commands through one). */
  posix: string;
  /** For PowerShell (Copilot's `powershell` key). */
  powershell: string;
}

function posixQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that runs `blast-radius hook <agent>` with this node and CLI, by absolute path.
 * `electron`: `nodePath` is the editor's own executable, run as plain Node.js
 * (ELECTRON_RUN_AS_NODE), for machines without a `node` on the PATH.
 */
export function hookCommand(nodePath: string, cliPath: string, agent: AgentId | 'auto', options: { electron?: boolean } = {}): HookCommand {
  const env = options.electron ? 'ELECTRON_RUN_AS_NODE=1 ' : '';
  const psEnv = options.electron ? "$env:ELECTRON_RUN_AS_NODE='1'; " : '';
  return {
    posix: `${env}${posixQuote(nodePath)} ${posixQuote(cliPath)} hook ${agent}`,
    powershell: `${psEnv}& '${nodePath.replace(/'/g, "''")}' '${cliPath.replace(/'/g, "''")}' hook ${agent}`,
  };
}

/** True for a command string that runs our hook (any agent, any install location). */
export function isOurHookCommand(command: unknown): boolean {
  return (
    typeof command === 'string' &&
    /\bhook\s+(auto|claude-code|vscode|copilot-cli|cursor|gemini|codex)\b/.test(command) &&
    /blast-radius|cli\.js/.test(command)
  );
}

/** One hook entry to keep in an event's list. */
interface EventSpec {
  event: string;
  /** Grouped files (Claude Code, Gemini CLI, Codex): the group's matcher. Flat files: the entry's own matcher, if any. */
  matcher?: string;
  entry: Record<string, unknown>;
}

/** The settings file of one agent at one scope, and our entries in it. */
export interface HookFileSpec {
  /** Agents this file serves (VS Code and Copilot CLI share one). */
  agents: AgentId[];
  scope: Scope;
  /** Absolute path. */
  file: string;
  /** `grouped`: hooks.<event>[].hooks[] (matcher groups); `flat`: hooks.<event>[] entries. */
  shape: 'grouped' | 'flat';
  /** The entry field holding the command (`command`, or `bash` for Copilot). */
  commandKey: string;
  /** Top-level fields the file needs (`version: 1`). */
  top?: Record<string, unknown>;
  events: EventSpec[];
  /** True when the whole file is ours (deleted when uninstalling leaves it empty). */
  ownFile: boolean;
  /** One line for people: what the agent does with this entry. */
  summary: string;
}

export interface Places {
  home: string;
  workspace: string;
}

/**
 * The settings file and entries for `agent` at `scope`. VS Code and Copilot CLI read the same
 * `.github/hooks/*.json` (workspace) and `~/.copilot/hooks` (user) files, so they share one file
 * whose hook detects the caller (`hook auto`).
 */
export function hookFileSpec(agent: AgentId, scope: Scope, places: Places, cmd: (agent: AgentId | 'auto') => HookCommand): HookFileSpec {
  const base = scope === 'user' ? places.home : places.workspace;
  switch (agent) {
    case 'claude-code': {
      const c = cmd('claude-code');
      return {
        agents: ['claude-code'],
        scope,
        // The workspace file with a machine-specific path is the personal, uncommitted one.
        file: path.join(base, '.claude', scope === 'user' ? 'settings.json' : 'settings.local.json'),
        shape: 'grouped',
        commandKey: 'command',
        events: [
          {
            event: 'PreToolUse',
            matcher: 'Bash|Write|Edit|MultiEdit|NotebookEdit',
            entry: { type: 'command', command: c.posix, timeout: HOOK_TIMEOUT_SECONDS },
          },
        ],
        ownFile: false,
        summary: 'PreToolUse hook for Bash, Write, Edit, MultiEdit and NotebookEdit',
      };
    }
    case 'codex': {
      const c = cmd('codex');
      return {
        agents: ['codex'],
        scope,
        file: path.join(base, '.codex', 'hooks.json'),
        shape: 'grouped',
        commandKey: 'command',
        events: [{ event: 'PreToolUse', matcher: 'Bash|apply_patch', entry: { type: 'command', command: c.posix, timeout: HOOK_TIMEOUT_SECONDS } }],
        ownFile: false,
        summary: 'PreToolUse hook for Bash and apply_patch',
      };
    }
    case 'gemini': {
      const c = cmd('gemini');
      return {
        agents: ['gemini'],
        scope,
        file: path.join(base, '.gemini', 'settings.json'),
        shape: 'grouped',
        commandKey: 'command',
        events: [
          {
            event: 'BeforeTool',
            matcher: 'run_shell_command|write_file|replace',
            entry: { name: 'blast-radius', type: 'command', command: c.posix, timeout: HOOK_TIMEOUT_SECONDS * 1000 },
          },
        ],
        ownFile: false,
        summary: 'BeforeTool hook for run_shell_command, write_file and replace',
      };
    }
    case 'cursor': {
      const c = cmd('cursor');
      return {
        agents: ['cursor'],
        scope,
        file: path.join(base, '.cursor', 'hooks.json'),
        shape: 'flat',
        commandKey: 'command',
        top: { version: 1 },
        events: [
          { event: 'beforeShellExecution', entry: { command: c.posix } },
          { event: 'preToolUse', matcher: 'Write|StrReplace|Edit|MultiEdit|Delete', entry: { command: c.posix, matcher: 'Write|StrReplace|Edit|MultiEdit|Delete' } },
        ],
        ownFile: false,
        summary: 'beforeShellExecution hook, and preToolUse for file writes and edits',
      };
    }
    case 'vscode':
    case 'copilot-cli': {
      const c = cmd('auto');
      return {
        agents: ['vscode', 'copilot-cli'],
        scope,
        file: scope === 'user' ? path.join(places.home, '.copilot', 'hooks', 'blast-radius.json') : path.join(places.workspace, '.github', 'hooks', 'blast-radius.json'),
        shape: 'flat',
        commandKey: 'bash',
        top: { version: 1 },
        events: [
          {
            event: 'preToolUse',
            entry: { type: 'command', bash: c.posix, powershell: c.powershell, timeoutSec: HOOK_TIMEOUT_SECONDS },
          },
        ],
        ownFile: true,
        summary: 'preToolUse hook read by VS Code agent hooks and Copilot CLI',
      };
    }
  }
}

export type PlanResult =
  /** `text` null: delete the file. */
  | { ok: true; changed: boolean; text: string | null }
  | { ok: false; error: string };

function formatting(text: string): FormattingOptions {
  const m = /\n([ \t]+)\S/.exec(text);
  const indent = m?.[1] ?? '  ';
  return { insertSpaces: !indent.includes('\t'), tabSize: indent.includes('\t') ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

function parse(text: string): { root: Node | undefined; error?: string } {
  if (text.trim() === '') return { root: undefined };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) return { root: undefined, error: 'is not valid JSON (with comments); fix it or move it aside, then run again' };
  if (root?.type !== 'object') return { root: undefined, error: 'does not hold a JSON object; fix it or move it aside, then run again' };
  return { root };
}

function valueOf(node: Node | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (k && typeof k.value === 'string') o[k.value] = valueOf(v);
      }
      return o;
    }
    case 'array':
      return (node.children ?? []).map(valueOf);
    default:
      return node.value as unknown;
  }
}

/** Location of one of our entries: [event, group index, hook index] (hook index -1 for flat files). */
type Found = { event: string; group: number; hook: number; groupSize: number; value: unknown; groupMatcher: unknown };

function findOurs(root: Node | undefined, spec: HookFileSpec, event: string): Found[] {
  const list = root ? findNodeAtLocation(root, ['hooks', event]) : undefined;
  if (!list || list.type !== 'array') return [];
  const found: Found[] = [];
  (list.children ?? []).forEach((item, gi) => {
    const v = valueOf(item) as Record<string, unknown> | undefined;
    if (!v || typeof v !== 'object') return;
    if (spec.shape === 'flat') {
      if (isOurHookCommand(v[spec.commandKey]) || isOurHookCommand(v['command'])) found.push({ event, group: gi, hook: -1, groupSize: 1, value: v, groupMatcher: v['matcher'] });
      return;
    }
    const hooks = Array.isArray(v['hooks']) ? (v['hooks'] as unknown[]) : [];
    hooks.forEach((h, hi) => {
      if (h && typeof h === 'object' && isOurHookCommand((h as Record<string, unknown>)[spec.commandKey])) {
        found.push({ event, group: gi, hook: hi, groupSize: hooks.length, value: h, groupMatcher: v['matcher'] });
      }
    });
  });
  return found;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function eventListProblem(root: Node | undefined, event: string): string | undefined {
  const hooks = root ? findNodeAtLocation(root, ['hooks']) : undefined;
  if (hooks && hooks.type !== 'object') return '"hooks" is not an object';
  const list = root ? findNodeAtLocation(root, ['hooks', event]) : undefined;
  if (list && list.type !== 'array') return `"hooks.${event}" is not a list`;
  return undefined;
}

/**
 * Adds (or updates) our entries in `current` (null: the file does not exist). Idempotent:
 * planning again on the result reports `changed: false`.
 */
export function planInstall(spec: HookFileSpec, current: string | null): PlanResult {
  let text = current ?? '';
  const start = parse(text);
  if (start.error) return { ok: false, error: `${spec.file} ${start.error}` };
  if (text.trim() === '') text = '{}\n';
  const fmt = formatting(text);
  const edit = (p: (string | number)[], value: unknown, insert = false): void => {
    text = applyEdits(text, modify(text, p, value, { formattingOptions: fmt, isArrayInsertion: insert }));
  };
  for (const [k, v] of Object.entries(spec.top ?? {})) {
    const root = parse(text).root;
    if (!root || findNodeAtLocation(root, [k]) === undefined) edit([k], v);
  }
  for (const ev of spec.events) {
    const problem = eventListProblem(parse(text).root, ev.event);
    if (problem) return { ok: false, error: `${spec.file}: ${problem}; fix it by hand, then run again` };
    // Remove duplicates beyond the first, last first so indexes stay valid.
    let found = findOurs(parse(text).root, spec, ev.event);
    for (const f of found.slice(1).reverse()) text = removeFound(f, spec, text);
    found = findOurs(parse(text).root, spec, ev.event);
    const first = found[0];
    const group = spec.shape === 'grouped' ? { ...(ev.matcher !== undefined ? { matcher: ev.matcher } : {}), hooks: [ev.entry] } : ev.entry;
    if (!first) {
      const list = findNodeAtLocation(parse(text).root!, ['hooks', ev.event]);
      if (list) edit(['hooks', ev.event, -1], group, true);
      else edit(['hooks', ev.event], [group]);
      continue;
    }
    if (spec.shape === 'flat') {
      if (!same(first.value, ev.entry)) edit(['hooks', ev.event, first.group], ev.entry);
    } else if (first.groupSize === 1) {
      if (!same(first.value, ev.entry) || !same(first.groupMatcher, ev.matcher)) edit(['hooks', ev.event, first.group], group);
    } else if (!same(first.value, ev.entry)) {
      edit(['hooks', ev.event, first.group, 'hooks', first.hook], ev.entry);
    }
  }
  const changed = text !== (current ?? '');
  if (changed && !text.endsWith('\n')) text += fmt.eol ?? '\n';
  return { ok: true, changed: text !== (current ?? ''), text };
}

function removeFound(f: Found, spec: HookFileSpec, text: string): string {
  if (spec.shape === 'flat' || f.groupSize === 1) return removeArrayElement(text, ['hooks', f.event], f.group);
  return removeArrayElement(text, ['hooks', f.event, f.group, 'hooks'], f.hook);
}

/**
 * Removes one element of an array by its node offsets (with the comma that separates it), so the
 * result is valid however the array is formatted.
 */
function removeArrayElement(text: string, arrayPath: (string | number)[], index: number): string {
  const list = findNodeAtLocation(parse(text).root!, arrayPath);
  const items = list?.children ?? [];
  const item = items[index];
  if (!list || !item) return text;
  let from: number;
  let to: number;
  if (items.length === 1) {
    from = list.offset + 1;
    to = list.offset + list.length - 1;
  } else if (index === items.length - 1) {
    const prev = items[index - 1]!;
    from = prev.offset + prev.length;
    to = item.offset + item.length;
  } else {
    from = item.offset;
    to = items[index + 1]!.offset;
  }
  return text.slice(0, from) + text.slice(to);
}

/** Removes our entries from `current`, and the containers that leaves empty. */
export function planUninstall(spec: HookFileSpec, current: string | null): PlanResult {
  if (current === null) return { ok: true, changed: false, text: null };
  const start = parse(current);
  if (start.error) return { ok: false, error: `${spec.file} ${start.error}` };
  let text = current;
  const fmt = formatting(text);
  const edit = (p: (string | number)[], value: unknown): void => {
    text = applyEdits(text, modify(text, p, value, { formattingOptions: fmt }));
  };
  for (const ev of spec.events) {
    const found = findOurs(parse(text).root, spec, ev.event);
    // Last first, so earlier indexes stay valid.
    for (const f of [...found].reverse()) text = removeFound(f, spec, text);
    if (found.length) {
      const list = findNodeAtLocation(parse(text).root!, ['hooks', ev.event]);
      if (list && list.type === 'array' && (list.children ?? []).length === 0) edit(['hooks', ev.event], undefined);
    }
  }
  const hooks = findNodeAtLocation(parse(text).root!, ['hooks']);
  if (hooks && hooks.type === 'object' && (hooks.children ?? []).length === 0 && text !== current) edit(['hooks'], undefined);
  if (spec.ownFile) {
    const rest = valueOf(parse(text).root) as Record<string, unknown>;
    const keys = Object.keys(rest).filter((k) => !(k in (spec.top ?? {})));
    if (keys.length === 0) return { ok: true, changed: true, text: null };
  }
  return { ok: true, changed: text !== current, text };
}

/** Whether `current` already holds our entries (all of them, up to date). */
export function isInstalled(spec: HookFileSpec, current: string | null): boolean {
  if (current === null) return false;
  const r = planInstall(spec, current);
  return r.ok && !r.changed;
}

/** Agents whose settings folder exists at this scope (what `init` installs into by default). */
export function detectAgents(scope: Scope, places: Places): AgentId[] {
  const base = scope === 'user' ? places.home : places.workspace;
  const has = (p: string): boolean => fs.existsSync(path.join(base, p));
  const found: AgentId[] = [];
  if (has('.claude')) found.push('claude-code');
  if (scope === 'user' ? has('.vscode') || has('.config/Code') || has('.copilot') : has('.vscode') || has('.github')) found.push('vscode');
  if (has('.copilot')) found.push('copilot-cli');
  if (has('.cursor')) found.push('cursor');
  if (has('.gemini')) found.push('gemini');
  if (has('.codex')) found.push('codex');
  return found;
}
