/**
 * The rule interface and the small helpers rules use to read a command's arguments.
 *
 * A rule pack (src/core/command/packs/<pack>.ts) exports a `RulePack`; packs/index.ts lists the
 * packs. What rules of both engines share (id, description, severity, example table, the runner)
 * is in ../rules/base.ts. A rule declares the normalised program names it cares about (`programs`), so the analyzer
 * calls it only for those commands; `'*'` runs it on every command (keep those few and cheap).
 * `check` returns nothing, one finding, or several. It must not throw (the analyzer catches it
 * anyway and answers "confirm" with an internal-error reason).
 *
 * Rule ids are `pack.rule`. Ownership of id prefixes: `guard.*`, `dynamic.*`, `interpreter.*`,
 * `parse.*` and `policy.*` belong to the engine; the other packs own their own prefix.
 *
 * Compatibility: rule packs are written against this file. Change it only additively.
 */
import type { CodeLanguage } from '../code/effects';
import type { RuleBase, RuleExamples, RuleResult } from '../rules/base';
import type { Decision, Severity } from '../severity';
import type { Measured } from '../probe/types';
import type { ParsedLine, ShellKind, SimpleCommand, Span, Word } from '../shell/model';

/** What the caller knows about where the command will run. Every field is optional. */
export interface CommandContext {
  shell?: ShellKind;
  /** Working directory of the shell (absolute). */
  cwd?: string;
  /** Root folder of the workspace (absolute). */
  workspaceRoot?: string;
  /** Environment of the shell (KUBECONFIG, AWS_PROFILE, RAILS_ENV, …). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Current kube context (from kubeconfig), when known. */
  kubeContext?: string;
  /** Current AWS profile, when known. */
  awsProfile?: string;
  /** Current Terraform workspace, when known. */
  terraformWorkspace?: string;
  /** Home directory of the user (defaults to env.HOME). */
  home?: string;
}

/** One reason a command is risky, as reported to callers. */
export interface CommandFinding {
  /** Stable id, `pack.rule`. */
  ruleId: string;
  severity: Severity;
  /** One line a person understands. */
  message: string;
  /** `[start, end)` UTF-16 offsets into the original line. */
  span: Span;
  /** A safer alternative, when one exists. */
  suggestion?: string;
  /** The target that drove the severity, e.g. `kube context prod-eu`, `path /`. */
  target?: string;
  /** The wrapper chain, e.g. `sudo`, `bash -c`, when the command was unwrapped. */
  via?: string;
  /** What a probe measured for this finding's command, in words with numbers (see src/core/probe). */
  measured?: string;
}

/** The engine's answer for one line. */
export interface CommandVerdict {
  decision: Decision;
  severity: Severity;
  findings: CommandFinding[];
  /** Why the decision was taken, in words (policy matches, forced confirmations, …). */
  reasons?: string[];
  /**
   * The least decision the line gets whatever its severities: `deny` for a deny entry, `confirm`
   * for input that cannot be judged; absent means `allow`. A measurement never decides below it,
   * so anything that builds a verdict other than the analyzer must set it.
   */
  floor?: Decision;
  /** What the probes measured (src/core/probe), when the line was measured. */
  measured?: Measured;
}

/** What a command rule returns for one finding; the analyzer fills in the id, the span and `via`. */
export interface CommandRuleFinding {
  severity: Severity;
  message: string;
  /** Defaults to the command's span. Use a word's span to point at the risky argument. */
  span?: Span;
  suggestion?: string;
  target?: string;
  /**
   * The least decision this finding demands whatever the severity mapping says. Dynamic and
   * unparsed input use `'confirm'`: the policy may make it stricter, never looser.
   */
  atLeast?: Decision;
}

export type CommandRuleResult = RuleResult<CommandRuleFinding>;

/** What a rule sees besides the command. */
export interface RuleContext {
  /** The whole parsed line (for pipeline neighbours, functions, other commands). */
  readonly line: ParsedLine;
  /** What the caller told us about the environment. */
  readonly context: CommandContext;
  /**
   * The value of an environment variable as this command sees it: the command's own
   * assignments (`RAILS_ENV=production rails …`, `env X=1 …`), then `export X=…` / `X=…`
   * earlier in the line, then `context.env`.
   */
  env(name: string): string | undefined;
  /** Words that mark a production target (defaults plus the policy's extra markers), lowercase. */
  readonly productionMarkers: readonly string[];
  /** Extra words (lowercase) that mark a target as local or throwaway, from the policy. */
  readonly localMarkers?: readonly string[];
  /** Branch names or `*` patterns the policy protects (`protectedBranches`). */
  readonly protectedBranches?: readonly string[];
  /**
   * Judges shell code this command will run that only the check can see (a git alias, a hook
   * script read from disk) with the same analyzer, policy and context. Returns its verdict (spans
   * are offsets into `code`), or undefined when such code is nested too deep to follow.
   */
  judgeCode?(code: string, shell?: ShellKind): CommandVerdict | undefined;
  /**
   * Judges text the command runs — a script it reads, a Makefile recipe, a package script,
   * interpreter code in a file — as the analyzer judges a line, one level deeper (bounded).
   */
  readonly nested?: NestedJudge;
}

/** Where nested text runs and what it sees. */
export interface NestedOptions {
  /** The folder it runs in (the command's own when omitted). */
  cwd?: string;
  shell?: ShellKind;
  /** The file the text was read from (absolute), for `__file__`-like values. */
  file?: string;
  /** Variables it sees besides the command's environment (positional arguments `1`, `2`, …). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A finding in nested text; its span is an offset into that text. */
export interface NestedFinding extends CommandFinding {
  atLeast?: Decision;
}

export interface NestedVerdict {
  /** Most severe first; findings of commands the policy allows are left out. */
  findings: NestedFinding[];
  /** The policy's deny entry a command of the text matched. */
  denied?: string;
  /** Why the text was not judged (nested too deep, the analyzer failed). */
  notJudged?: string;
}

/** Judges what a command runs, one level deeper than the command. */
export interface NestedJudge {
  /** 0 for the line itself. */
  readonly depth: number;
  /** Shell text: a script, a recipe line, a package script. */
  shell(text: string, options: NestedOptions): NestedVerdict;
  /** Interpreter code (a script file), run by `program`. */
  code(language: CodeLanguage, text: string, options: NestedOptions & { program: string }): NestedVerdict;
}

/**
 * A command rule. `severity` is the usual severity of its findings before the target raises or
 * lowers it (for docs); `examples` are lines it must flag and near-misses it must not.
 */
export interface Rule extends RuleBase<CommandRuleExample> {
  /** Normalised program names this rule inspects (`rm`, `git`, `remove-item`), or `'*'` for all. */
  programs: readonly string[] | '*';
  /**
   * A fallback rule (the generic layer, packs/generic.ts) runs on a command only when no other
   * rule flagged it and no pack `owns` its program: packs refine what they know and win where
   * they speak.
   */
  fallback?: boolean;
  /**
   * After `check` ran on `cmd`: whether the rule judged it in full even though it found nothing
   * (it read the script the command runs and found it harmless), so the fallback rules stay
   * silent there too — `RulePack.owns` for commands whose program alone does not say it.
   */
  spokeFor?(cmd: SimpleCommand, rc: RuleContext): boolean;
  /**
   * The commands of its programs this rule decides about: the forms it flags and the forms it
   * deliberately clears (a rehearsal spelled the tool's way, a form documented to keep the data,
   * `kopia snapshot delete` without `--delete`). The fallback rules stay silent on those, even
   * when the rule found nothing; every other subcommand of the program is theirs. Knowledge
   * tables (operations.ts) answer from their subcommand paths. A rule without it speaks for its
   * whole program when its pack says so (`RulePack.owns`, `programsOf`).
   */
  speaksFor?(cmd: SimpleCommand): boolean;
  check(cmd: SimpleCommand, rc: RuleContext): CommandRuleResult;
}

/** One row of a rule's example table: a command line, or one with a context and expectations. */
export type CommandRuleExample =
  | string
  | {
      cmd: string;
      /** Merged over the test's default context (cwd and workspace root in a fixture folder). */
      ctx?: CommandContext;
      /** For `match` rows: the least severity of the rule's finding. */
      severity?: Severity;
      /** For `match` rows: the finding's severity must be exactly this. */
      exactly?: Severity;
      /** For `match` rows: the finding's target must contain this. */
      target?: string;
      /** For `match` rows: the finding's span must cover exactly this text of the line. */
      span?: string;
    };

export type CommandRuleExamples = RuleExamples<CommandRuleExample>;

// ---------------------------------------------------------------------------------------------
// Argument helpers. They stop at `--` (end of options) and never throw. More helpers by topic:
// ./words.ts (subcommands, option values, spans), ./context.ts (targets and their blast radius),
// ./expansion.ts, ./paths.ts, ./pipeline.ts (pipes and wrappers), ./files.ts, ./runners.ts.

/** Index in `cmd.args` of the first `--`, or `args.length`. */
export function optionsEnd(cmd: SimpleCommand): number {
  const a = cmd.args;
  for (let i = 0; i < a.length; i++) if (a[i]!.text === '--' && !a[i]!.dynamic) return i;
  return a.length;
}

function isShortCluster(t: string): boolean {
  return t.length >= 2 && t.charCodeAt(0) === 45 /* - */ && t.charCodeAt(1) !== 45;
}

/**
 * True when any of `flags` is present before `--`. Short flags (`-r`) also match inside
 * clusters (`-rf`, `-fR`); long flags (`--force`) also match `--force=…`.
 */
export function hasFlag(cmd: SimpleCommand, ...flags: string[]): boolean {
  const end = optionsEnd(cmd);
  for (let i = 0; i < end; i++) {
    const t = cmd.args[i]!.text;
    if (t.length < 2 || t.charCodeAt(0) !== 45) continue;
    for (const f of flags) {
      if (f.startsWith('--')) {
        if (t === f || (t.startsWith(f) && t.charCodeAt(f.length) === 61 /* = */)) return true;
      } else if (f.length === 2 && isShortCluster(t)) {
        if (t.includes(f[1]!, 1)) return true;
      } else if (t === f) {
        return true;
      }
    }
  }
  return false;
}

/**
 * The value of an option: `--name value`, `--name=value`, `-n value`, `-nvalue`.
 * Returns the value word's text and span (for `--name=value`, the span of the whole word).
 */
export function flagValue(cmd: SimpleCommand, ...names: string[]): { text: string; span: Span; dynamic: boolean } | undefined {
  const end = optionsEnd(cmd);
  for (let i = 0; i < end; i++) {
    const w = cmd.args[i]!;
    const t = w.text;
    for (const n of names) {
      if (t === n) {
        const v = cmd.args[i + 1];
        if (v && i + 1 < end) return { text: v.text, span: v.span, dynamic: v.dynamic };
        return undefined;
      }
      if (t.startsWith(n)) {
        if (n.startsWith('--') || (n.length > 2 && n.startsWith('-'))) {
          if (t.charCodeAt(n.length) === 61) return { text: t.slice(n.length + 1), span: w.span, dynamic: w.dynamic };
        } else if (n.length === 2 && t.length > 2 && !t.startsWith('--')) {
          return { text: t.charCodeAt(2) === 61 ? t.slice(3) : t.slice(2), span: w.span, dynamic: w.dynamic };
        }
      }
    }
  }
  return undefined;
}

/**
 * The arguments that are not options. `withValue` lists options that take a separate value
 * (`-n`, `--namespace`), so their values are skipped. Everything after `--` is positional.
 */
export function positionals(cmd: SimpleCommand, withValue: readonly string[] = []): Word[] {
  const out: Word[] = [];
  const end = optionsEnd(cmd);
  for (let i = 0; i < cmd.args.length; i++) {
    const w = cmd.args[i]!;
    if (i === end) continue;
    if (i > end) {
      out.push(w);
      continue;
    }
    const t = w.text;
    if (t.length > 1 && t.charCodeAt(0) === 45) {
      if (withValue.includes(t)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

/** The argument texts (convenience). */
export function argTexts(cmd: SimpleCommand): string[] {
  return cmd.args.map((a) => a.text);
}

/**
 * PowerShell parameter test: `-Recurse`, `-recurse`, `-r` (unique prefixes), `-Recurse:$true`.
 * `minPrefix` is the shortest prefix PowerShell would accept for that cmdlet.
 */
export function hasPwshParam(cmd: SimpleCommand, name: string, minPrefix = name.length): boolean {
  const want = name.toLowerCase();
  for (const a of cmd.args) {
    const t = a.text;
    if (t.length < 2 || t.charCodeAt(0) !== 45) continue;
    let p = t.slice(1).toLowerCase();
    const colon = p.indexOf(':');
    if (colon >= 0) {
      const v = p.slice(colon + 1);
      p = p.slice(0, colon);
      if (v === '$false' || v === 'false' || v === '0') continue;
    }
    if (p.length >= minPrefix && want.startsWith(p)) return true;
  }
  return false;
}

/**
 * The programs of the rules that judge every form of their program (RulePack.owns): rules that
 * say which subcommands they speak for (`speaksFor`, every knowledge table) own only those, so
 * the generic layer still judges the subcommands they do not name (`heroku restart`).
 */
export function programsOf(rules: readonly Rule[]): string[] {
  return [...new Set(rules.flatMap((r) => (r.programs === '*' || r.speaksFor ? [] : r.programs)))];
}

/** A rule pack: one module in src/core/command/packs/, listed in packs/index.ts. */
export interface RulePack {
  /** The id prefix of its rules (`git` for `git.push-force`). */
  name: string;
  /** One line: what the pack protects. */
  description: string;
  rules: readonly Rule[];
  /**
   * What the pack fully speaks for: program names (`git`) or a program with its leading
   * subcommand words (`gcloud config`, `az group lock`). The fallback rules stay silent there even
   * when the pack found nothing (it judged the command harmless). Own no more than the pack
   * decides about: rules with `speaksFor` claim their own subcommands, and every other subcommand
   * of a program is left to the generic layer.
   */
  owns?: readonly string[];
}
