/**
 * The resolved policy: what the analyzer consults after every source (defaults, user settings,
 * workspace settings, the workspace's `.blast-radius.json`) has been parsed, validated and merged.
 *
 * The document format (what people write) is described by the zod schema in `schema.ts`; this file
 * holds the shapes the engine reads, the defaults, and the severity → decision mapping.
 *
 * Compatibility: the analyzer is written against this file. Change it only additively.
 */
import { DEFAULT_MAX_BYTES } from '../edit/types';
import { disabledRuleMatcher } from '../rules/base';
import type { Decision, FindingSeverity, Severity } from '../severity';

/**
 * Where a policy (or a problem with one) came from, in the order the layers apply:
 * - `system`: the machine's policy file (`/etc/blast-radius/policy.json`, see `system.ts`). When
 *   it is protected (owned by root, not writable by others, nor any folder above it) it is the
 *   administrator's and may loosen the defaults; otherwise it may only tighten.
 * - `managed`: VS Code managed settings (an enterprise policy for `blastRadius.*`); tighten-only.
 * - `user`: the person's settings. May loosen the defaults, but only while no administrator's
 *   policy (a protected system file, or managed settings) is in force: then tighten-only.
 * - `workspace`, `file`: the workspace's settings and policy files; always tighten-only.
 */
export type PolicySource = 'default' | 'system' | 'managed' | 'user' | 'workspace' | 'file';

/** The decision for each finding severity (`none` is always allowed). */
export type SeverityDecisions = Readonly<Record<FindingSeverity, Decision>>;

/**
 * A problem found while reading a policy. It never stops protection: the defaults (and any
 * valid tightening entries) stay in force.
 */
export interface PolicyProblem {
  /** Where the document came from. */
  source: PolicySource;
  /**
   * JSON path of the offending value, e.g. `severity.high`, `deny[2].argsRegex`; for settings the
   * setting name, e.g. `blastRadius.policy.deny[0]`. Empty for the document as a whole.
   */
  path: string;
  /** One line saying what is wrong and, where it helps, what to do. */
  message: string;
  /** 1-based position in the text, for syntax errors and (when known) other problems. */
  line?: number;
  column?: number;
  /** The file the problem is in (policy files), absolute. */
  file?: string;
  /** Length in characters of the offending text at that position, when known. */
  length?: number;
  /** For a rule id or pack that does not exist: the id as written, and the real one probably meant. */
  ruleRef?: { id: string; closest?: string };
}

/**
 * The minimal view of a parsed simple command that patterns are matched against. The analyzer
 * builds it from its own model: normalised program name, the subcommand when the program has
 * one (after global options: `git -C dir push` → `push`), and the argument texts after the
 * program name (the subcommand word included).
 */
export interface PatternInput {
  program: string;
  /** When omitted, the first argument that does not start with `-` is taken as the subcommand. */
  subcommand?: string;
  args: readonly string[];
}

/** A command pattern compiled once into a fast matcher. */
export interface CompiledPattern {
  /** Human-readable form for reasons and logs, e.g. `kubectl delete --all`. */
  readonly label: string;
  /** Where it was written, e.g. `deny[2]` or `blastRadius.policy.deny[0]`. */
  readonly path: string;
  readonly source: PolicySource;
  /** False when the pattern is unusable (a bad regex): it never matches, and a problem was reported. */
  readonly valid: boolean;
  matches(cmd: PatternInput): boolean;
}

/** A rule written in the policy: a pattern over the parsed command that yields a finding. */
export interface CompiledCustomRule {
  /** `custom.<name>`. */
  readonly id: string;
  readonly severity: Exclude<Severity, 'none'>;
  readonly message: string;
  readonly suggestion?: string;
  readonly pattern: CompiledPattern;
}

/** The policy the engine applies. Built by `resolvePolicy` / `parsePolicy` / `mergePolicies`. */
export interface ResolvedPolicy {
  /** Decision per severity (`none` is always `allow`). Use `decisionForSeverity`. */
  readonly severity: SeverityDecisions;
  /** Commands that are let through whatever their findings' severity (user sources only). */
  readonly allow: readonly CompiledPattern[];
  /** Commands that are always refused. Deny wins over allow. */
  readonly deny: readonly CompiledPattern[];
  /** Rule ids (`git.push-force`) and whole packs (`git.*`) that produce no findings. Use `isRuleDisabled`. */
  readonly disabledRules: readonly string[];
  /** Extra words (lowercase) that mark a target as production, added to the engine's built-in list. */
  readonly productionMarkers: readonly string[];
  /** Extra words (lowercase) that mark a target as local or throwaway (user sources only). */
  readonly localMarkers: readonly string[];
  /** Branch names or `*` patterns that plain pushes need confirmation for (`main`, `release/*`). */
  readonly protectedBranches: readonly string[];
  readonly customRules: readonly CompiledCustomRule[];
  /** A held command that nobody answers within this time is denied. */
  readonly confirmTimeoutSeconds: number;
  readonly edits: {
    readonly disabledRules: readonly string[];
    /** Files larger than this are not diffed; their edits are held for review instead. */
    readonly maxFileBytes: number;
  };
  /** Number of distinct approvers a held action of this severity needs (0 or absent: one person). */
  readonly approvals: Readonly<Partial<Record<FindingSeverity, number>>>;
}

export const DEFAULT_SEVERITY_DECISIONS: SeverityDecisions = Object.freeze({
  critical: 'confirm',
  high: 'confirm',
  medium: 'allow', // shown as a warning and logged
  low: 'allow', // logged
});

export const DEFAULT_CONFIRM_TIMEOUT_SECONDS = 300;

/** The policy in force when nothing is configured. */
export const DEFAULT_POLICY: ResolvedPolicy = Object.freeze({
  severity: DEFAULT_SEVERITY_DECISIONS,
  allow: Object.freeze([]),
  deny: Object.freeze([]),
  disabledRules: Object.freeze([]),
  productionMarkers: Object.freeze([]),
  localMarkers: Object.freeze([]),
  protectedBranches: Object.freeze([]),
  customRules: Object.freeze([]),
  confirmTimeoutSeconds: DEFAULT_CONFIRM_TIMEOUT_SECONDS,
  edits: Object.freeze({ disabledRules: Object.freeze([]), maxFileBytes: DEFAULT_MAX_BYTES }),
  approvals: Object.freeze({}),
});

/** The decision the policy gives a finding (or a verdict) of this severity. */
export function decisionForSeverity(policy: ResolvedPolicy, severity: Severity): Decision {
  if (severity === 'none') return 'allow';
  return policy.severity[severity];
}

/**
 * Rule ids that no policy can disable: the engine's own checks (attempts to disable the guard,
 * dynamic or unparsable input, policy findings). Disabling them would turn "unknown" into a
 * silent "allow".
 */
export const UNDISABLEABLE_RULE_PREFIXES: readonly string[] = ['guard.', 'evasion.', 'dynamic.', 'parse.', 'policy.'];

/** True when the policy switches this rule off (by id or by `pack.*`). */
export function isRuleDisabled(policy: ResolvedPolicy, ruleId: string): boolean {
  return disabledRuleMatcher(policy.disabledRules)(ruleId);
}
