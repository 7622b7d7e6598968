/**
 * The agent-neutral shape of a "before tool use" hook call, and of our answer to it.
 *
 * Each agent (Claude Code, VS Code / Copilot agent hooks, Copilot CLI, Cursor, Gemini CLI, Codex)
 * sends its own JSON on stdin and expects its own JSON (and exit code) back; `parse.ts` turns the
 * former into a `NormalizedRequest`, `format.ts` turns a `HookAnswer` into the latter.
 * docs/hooks.md records each agent's format and where it was verified.
 */

/** Seconds an agent waits for the hook: long enough for a person to answer the editor's prompt. */
export const HOOK_TIMEOUT_SECONDS = 330;

/** The agents we speak to. */
export const AGENTS = ['claude-code', 'vscode', 'copilot-cli', 'cursor', 'gemini', 'codex'] as const;
export type AgentId = (typeof AGENTS)[number];

export function isAgentId(v: unknown): v is AgentId {
  return typeof v === 'string' && (AGENTS as readonly string[]).includes(v);
}

/** One exact string replacement, as the agents' edit tools describe it. */
export interface StringEdit {
  oldString: string;
  newString: string;
  /** Replace every occurrence (Claude Code's `replace_all`); default: the first one. */
  replaceAll?: boolean;
}

/** One file touched by a multi-file tool call (apply_patch, multi-file replace). */
export type FileChange =
  | { op: 'write'; path: string; content: string }
  | { op: 'edit'; path: string; edits: StringEdit[] }
  | { op: 'delete'; path: string };

/** Where the request came from: enough to answer in the same dialect. */
export interface RequestOrigin {
  agent: AgentId;
  /** The hook event as the agent named it (`PreToolUse`, `preToolUse`, `beforeShellExecution`, `BeforeTool`). */
  event: string;
  /** The tool as the agent named it (`Bash`, `run_in_terminal`, `bash`, `run_shell_command`, …). */
  tool: string;
  /** The agent's session (conversation) id, when the payload names one. */
  session?: string;
  /** The working directory the agent reported (absolute), when it did. */
  cwd?: string;
  /** Workspace roots the agent reported (Cursor), when it did. */
  workspaceRoots?: string[];
  /** Copilot CLI only: the payload used the VS Code compatible snake_case form. */
  snakeCase?: boolean;
}

/** What the agent is about to do, in our terms. */
export type NormalizedAction =
  /** Run a shell command line. */
  | { kind: 'command'; command: string; shell?: 'bash' | 'pwsh' }
  /** Write a whole file (create or overwrite). */
  | { kind: 'write'; path: string; content: string }
  /** Apply exact string replacements to an existing file. */
  | { kind: 'edit'; path: string; edits: StringEdit[] }
  /** Change several files at once. */
  | { kind: 'files'; changes: FileChange[] }
  /** Insert a code fragment whose placement the agent resolves itself (we can judge only what it adds). */
  | { kind: 'fragment'; path: string; code: string }
  /** Edit one Jupyter notebook cell. */
  | {
      kind: 'notebook';
      path: string;
      cellId?: string;
      newSource: string;
      editMode: 'replace' | 'insert' | 'delete';
      cellType?: 'code' | 'markdown';
    }
  /** A tool that changes files or runs code, but whose input we could not read: must be confirmed. */
  | { kind: 'unreadable'; detail: string }
  /** A tool we do not judge (reads, searches, web, MCP tools, …). */
  | { kind: 'other' };

export type NormalizedRequest = RequestOrigin & NormalizedAction;

/** A failure to read the hook input at all. `agent` is set when it was known or detected. */
export interface ParseError {
  error: string;
  agent?: AgentId;
  event?: string;
}

export function isParseError(v: NormalizedRequest | ParseError): v is ParseError {
  return 'error' in v;
}

/**
 * Our answer:
 * - `pass`: no objection; the agent's own permission flow decides (we never auto-approve what only
 *   the engine found harmless: an agent cannot get its own action approved through us);
 * - `allow`: a person approved it in the editor;
 * - `ask`: a person must confirm (the agent's own prompt where it has one);
 * - `deny`: refused, with a reason the model can act on.
 */
export type HookDecision = 'pass' | 'allow' | 'ask' | 'deny';

export interface HookAnswer {
  decision: HookDecision;
  /** For the model and the person: what, why, and what to do instead. Required except for `pass`. */
  reason?: string;
}

/** What the hook process prints and returns. */
export interface HookOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}
