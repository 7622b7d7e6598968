/**
 * Public types of the edit risk engine: what callers pass to `analyzeEdit` and what they get back.
 *
 * Compatibility: callers (the CLI, the edit watcher, rule packs) are written against this file.
 * Change it only additively.
 */
import type { CodeLanguage } from '../code/effects';
import type { Decision, Severity } from '../severity';

/** Which version of the file a line number refers to. */
export type Side = 'after' | 'before';

/** File content as the caller has it. Buffers are checked for NUL bytes and valid UTF-8. */
export type EditContent = string | Uint8Array | null;

/** What the caller knows about the file and where it lives. Every field is optional. */
export interface EditContext {
  /** Absolute root of the workspace the path is relative to. */
  workspaceRoot?: string;
  /**
   * Whether the file is tracked by version control (or will be: not ignored). `undefined` when
   * unknown; rules that care (secrets in `.env`) treat unknown as "may be committed".
   */
  tracked?: boolean;
  /** Who made the change, when known (`agent`, `person`). Informational only. */
  author?: string;
  /** Words that mark a production target (`prod`, `production`, …), lowercase; engine defaults apply when absent. */
  productionMarkers?: readonly string[];
}

/** The input of one analysis. `before` null = created file, `after` null = deleted file. */
export interface EditInput {
  /** Path of the file, preferably relative to the workspace root; `\` is normalised to `/`. */
  path: string;
  before: EditContent;
  after: EditContent;
  context?: EditContext;
}

/** Engine options (from settings or the CLI). */
export interface EditOptions {
  /** Rule ids (`pack.rule`) or whole packs (`pack` or `pack.*`) to leave out. */
  disabledRules?: Iterable<string>;
  /** Files larger than this many bytes (UTF-8, either side) are skipped. Default 2 MB. */
  maxBytes?: number;
  /**
   * The command engine, for files that run commands (shell scripts, Makefiles, package.json
   * scripts, justfiles, Taskfiles, CI steps, git hooks): what a change adds to them is judged as
   * the commands it runs (rule family `runnable`). `'unavailable'`: the caller judges such files
   * but has no command engine at hand, so what a change adds to them is reported as not judged
   * (high: a person looks). Omitted: the family stays silent. See src/core/command/editJudge.ts.
   */
  commandJudge?: CommandJudge | 'unavailable';
}

/** Judges text that runs commands, for the edit engine (the command engine implements it). */
export interface CommandJudge {
  /**
   * Judges `text` as it would run: shell text by default, or code of `language` run by
   * `program`; `cwd` is where it runs. Findings' spans are offsets into `text`.
   */
  judge(text: string, options?: { language?: CodeLanguage; program?: string; cwd?: string; file?: string }): CommandJudgement;
}

export interface CommandJudgement {
  findings: {
    ruleId: string;
    severity: Severity;
    message: string;
    span: readonly [number, number];
    suggestion?: string;
    /** The finding needs a person whatever its severity (dynamic or unparsable input). */
    atLeast?: Decision;
  }[];
  /** The policy's deny entry a command matched. */
  denied?: string;
  /** Why the text was not judged. */
  notJudged?: string;
}

/** One destructive or high-blast-radius part of a change. */
export interface EditFinding {
  /** Stable id, `pack.rule`. */
  ruleId: string;
  severity: Severity;
  /** One line a person understands. */
  message: string;
  /** 1-based line on `side`. */
  line: number;
  /** `after` for added or changed lines, `before` for removed ones. */
  side: Side;
  /** Last line (1-based, inclusive, same side) when the finding spans several lines. */
  endLine?: number;
  /** A safer alternative, when one exists. */
  suggestion?: string;
}

/**
 * Why a file was not analysed. A binary file is simply not text; a file over the size limit or
 * not valid UTF-8 could hide anything, so callers hold those for review (the CLI exits 3).
 */
export interface EditSkip {
  /** `unreadable`: the file could not be read at all (a FIFO, a device, no permission). */
  reason: 'binary' | 'too-large' | 'invalid-utf8' | 'unreadable';
  /** One line for people, e.g. `file is 3.1 MB, over the 2 MB limit`. */
  detail: string;
}

/** The engine's answer for one file. Findings are sorted by side (after first), line, rule id. */
export interface EditVerdict {
  /** Highest severity among the findings; `none` when there are none (and when skipped). */
  severity: Severity;
  findings: EditFinding[];
  /** Present when the file was not analysed; `findings` is then empty. */
  skipped?: EditSkip;
}

/** Default size limit: 2 MB (also the policy's default `edits.maxFileBytes`). */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
