/**
 * Knowledge tables for named command-line tools: a tool's destructive operations by subcommand
 * path (`vault kv destroy`, `heroku apps:destroy`, `nats stream rm`), the options that make one
 * worse (`--all`, `--force-delete-without-recovery`) or turn it into a rehearsal (`--dry-run`),
 * and where its account, project or app is named, made into one rule.
 *
 *   operationsRule({ id: 'identity.vault', programs: ['vault'], valued: [...], ops: [
 *     { path: 'kv destroy', severity: 'high', what: 'destroys versions of the secret {0} for good' },
 *   ], examples })
 *
 * A finding's message names what is lost and the operation (`… (vault kv destroy)`); its span
 * runs from the program to the last operand. A production-looking scope (an option such as
 * `--project`, an environment variable, or an operand) makes it critical (`withReach`).
 * Packs write their tables from each tool's own CLI reference.
 */
import { compareSeverity, maxSeverity, type Severity } from '../severity';
import type { SimpleCommand, Word } from '../shell/model';
import { withReach } from './context';
import { hasFlag, optionsEnd, type CommandRuleExamples, type CommandRuleFinding, type Rule, type RuleContext } from './rule';
import { optionValues, spanTo, withArgs } from './words';

/** What an operation's message and checks see. */
export interface OpMatch {
  cmd: SimpleCommand;
  /** The words of the subcommand path that matched. */
  path: readonly Word[];
  /** The positional words after the path. */
  operands: readonly Word[];
  /** The command with only the arguments after the path (for `hasFlag` and friends). */
  rest: SimpleCommand;
  rc: RuleContext;
}

/** A severity raised by options (`--all`, `--purge`). */
export interface Raise {
  flags: readonly string[];
  severity: Severity;
  /** Added to the message, e.g. `without a recovery window`. */
  why?: string;
}

/** One destructive operation of a tool. */
export interface Operation {
  /**
   * Subcommand words in lowercase, space-separated; `a|b` for alternatives, `*` for any word,
   * `*-delete` for a word ending so. Matched (case-insensitively) against the first positional
   * words after the global options.
   */
  path: string;
  severity: Severity;
  /**
   * What is lost, starting with a verb: `deletes the secret {0}`. `{0}`, `{1}` are the operands
   * after the path, `{*}` all of them, `{--name|-n}` an option's value; `{0?the current app}`
   * gives a fallback. A function may return undefined: no finding.
   */
  what: string | ((m: OpMatch) => string | undefined);
  /** Only when one of these options is given. */
  when?: readonly string[];
  /** Not when one of these options is given (rehearsals, read-only forms). */
  unless?: readonly string[];
  raise?: readonly Raise[];
  /** Severity lowered by options that make it reversible (`--archive`, `--backup`). */
  lower?: readonly Raise[];
  /** Severity when no operand names a target (the whole repository, every key). */
  bare?: Severity;
  /** The severity from what the operands name (a key rather than a secret), instead of `severity`. */
  severityOf?: (m: OpMatch) => Severity;
  suggestion?: string;
}

export interface OperationsSpec {
  id: string;
  description: string;
  programs: readonly string[];
  /** Options (global and of the operations) that take a separate value. */
  valued: readonly string[];
  /**
   * Subcommand paths (the grammar of `Operation.path`) the pack deliberately leaves quiet although
   * their words sound destructive: the tool's documentation says they keep the data (`virsh
   * pool-destroy` only stops a pool). With the operations' own paths, what the rule speaks for
   * (`Rule.speaksFor`); the generic layer judges the tool's other subcommands.
   */
  clears?: readonly string[];
  /** Options that make any operation a rehearsal or a help page (`--help`, `--dry-run` are implied). */
  quiet?: readonly string[];
  /** Options whose values name the account, project, app or environment. */
  scope?: readonly string[];
  /** Environment variables that do. */
  scopeEnv?: readonly string[];
  /** How the scope is called in the target (`app`, `project`). */
  scopeLabel?: string;
  ops: readonly Operation[];
  /** The default safer alternative. */
  suggestion: string;
  severity?: Severity;
  examples: CommandRuleExamples;
}

const ALWAYS_QUIET = ['--help', '-help', '--dry-run', '--dryrun'];

/** Positional words of a command, skipping the values of `valued` options; everything after `--` counts. */
export function operandWords(cmd: SimpleCommand, valued: readonly string[]): Word[] {
  const out: Word[] = [];
  const a = cmd.args;
  const end = optionsEnd(cmd);
  for (let i = 0; i < a.length; i++) {
    if (i === end) continue;
    const w = a[i]!;
    if (i > end) {
      out.push(w);
      continue;
    }
    const t = w.text;
    if (t.length > 1 && t.charCodeAt(0) === 45 && !w.dynamic) {
      if (valued.includes(t)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

function partMatches(part: string, word: string): boolean {
  if (part === '*') return true;
  const w = word.toLowerCase();
  return part.split('|').some((p) => p === w || (p.includes('*') && globMatch(p, w)));
}

/** `*-delete` against `cluster-delete`: `*` is any run of characters. */
function globMatch(glob: string, word: string): boolean {
  const parts = glob.split('*');
  if (!word.startsWith(parts[0]!) || !word.endsWith(parts[parts.length - 1]!)) return false;
  let at = parts[0]!.length;
  for (const p of parts.slice(1, -1)) {
    const i = word.indexOf(p, at);
    if (i < 0) return false;
    at = i + p.length;
  }
  return at <= word.length - parts[parts.length - 1]!.length;
}

/** Whether the words of `path` (an `Operation.path`) start the positional words `pos`. */
function pathMatches(path: string, pos: readonly Word[]): boolean {
  const parts = path.split(' ');
  return pos.length >= parts.length && parts.every((p, i) => partMatches(p, pos[i]!.text));
}

/**
 * `Rule.speaksFor` for a rule that decides about the subcommand paths `paths` (the grammar of
 * `Operation.path`; `valued` are the options whose values are skipped to find them).
 */
export function speaksForPaths(paths: readonly string[], valued: readonly string[]): (cmd: SimpleCommand) => boolean {
  return (cmd) => {
    const pos = operandWords(cmd, valued);
    return paths.some((p) => pathMatches(p, pos));
  };
}

/** The operations of a table whose path and options a command matches, in table order. */
export function* matchOperations(cmd: SimpleCommand, ops: readonly Operation[], valued: readonly string[], rc: RuleContext): Generator<{ op: Operation; m: OpMatch }> {
  const pos = operandWords(cmd, valued);
  if (pos.length === 0) return;
  for (const op of ops) {
    if (!pathMatches(op.path, pos)) continue;
    const path = pos.slice(0, op.path.split(' ').length);
    const rest = withArgs(cmd, cmd.args.slice(cmd.args.indexOf(path[path.length - 1]!) + 1));
    if (op.when && !hasFlag(rest, ...op.when) && !hasFlag(cmd, ...op.when)) continue;
    if (op.unless && (hasFlag(rest, ...op.unless) || hasFlag(cmd, ...op.unless))) continue;
    yield { op, m: { cmd, path, operands: pos.slice(path.length), rest, rc } };
  }
}

/** Fills `{0}`, `{*}`, `{--opt|-o}` and `{x?fallback}` in an operation's text. */
export function fillTemplate(text: string, m: OpMatch): string {
  return text
    .replace(/\{([^}?]+)(?:\?([^}]*))?\}/g, (_all, key: string, fallback: string | undefined) => {
      let v = '';
      if (key === '*') v = m.operands.map((w) => w.text).join(' ');
      else if (/^\d+$/.test(key)) v = m.operands[Number(key)]?.text ?? '';
      else v = optionValues(m.cmd, ...key.split('|'))[0]?.text ?? '';
      return v || fallback || '';
    })
    .replace(/ {2,}/g, ' ')
    .replace(/ ([,.;:)])(?=\s|$)/g, "$1")
    .trim();
}

/** The finding for a matched operation, before the target's reach. */
export function operationFinding(op: Operation, m: OpMatch, suggestion: string): CommandRuleFinding | undefined {
  const what = typeof op.what === 'function' ? op.what(m) : fillTemplate(op.what, m);
  if (!what) return undefined;
  let severity = op.severityOf ? op.severityOf(m) : op.severity;
  const whys: string[] = [];
  if (op.bare && m.operands.length === 0) severity = op.bare;
  for (const r of op.raise ?? []) {
    if (!hasFlag(m.rest, ...r.flags) && !hasFlag(m.cmd, ...r.flags)) continue;
    severity = maxSeverity(severity, r.severity);
    if (r.why) whys.push(r.why);
  }
  for (const r of op.lower ?? []) {
    if (!hasFlag(m.rest, ...r.flags) && !hasFlag(m.cmd, ...r.flags)) continue;
    if (compareSeverity(r.severity, severity) < 0) severity = r.severity;
    if (r.why) whys.push(r.why);
  }
  const words = [m.cmd.name?.text.replace(/^.*\//, '') ?? m.cmd.program, ...m.path.map((w) => w.text)].join(' ');
  const last = [...m.operands, ...m.rest.args].reduce<Word>((a, b) => (b.span[1] > a.span[1] ? b : a), m.path[m.path.length - 1]!);
  return {
    severity,
    message: `${what[0]!.toUpperCase()}${withWhys(what.slice(1), whys)} (${words}).`,
    span: spanTo(m.cmd, last),
    suggestion: op.suggestion ?? suggestion,
  };
}

/** Whether a line only asks for help or a rehearsal (`--help`, `-help`, `--dry-run`, a `help` word). */
export function isQuiet(cmd: SimpleCommand, quiet: readonly string[] = []): boolean {
  if (hasFlag(cmd, ...ALWAYS_QUIET, ...quiet)) return true;
  return cmd.args.some((w) => w.text === 'help');
}

/** The rule for a knowledge table. */
export function operationsRule(spec: OperationsSpec): Rule {
  return {
    id: spec.id,
    description: spec.description,
    severity: spec.severity ?? 'high',
    programs: spec.programs,
    examples: spec.examples,
    // Every path of the table, whether or not its options make it destructive this time (`kopia
    // snapshot delete` without `--delete` only lists), and the paths it clears.
    speaksFor: speaksForPaths([...spec.ops.map((op) => op.path), ...(spec.clears ?? [])], spec.valued),
    check(cmd, rc) {
      if (isQuiet(cmd, spec.quiet)) return undefined;
      let f: CommandRuleFinding | undefined;
      let hit: { op: Operation; m: OpMatch } | undefined;
      for (const h of matchOperations(cmd, spec.ops, spec.valued, rc)) {
        f = operationFinding(h.op, h.m, spec.suggestion);
        hit = h;
        if (f) break;
      }
      if (!f || !hit) return undefined;
      const label = spec.scopeLabel ?? 'scope';
      const names: { name: string | undefined; label: string }[] = [];
      for (const w of optionValues(cmd, ...(spec.scope ?? []))) names.push({ name: w.text, label: `${label} ${w.text}` });
      for (const e of spec.scopeEnv ?? []) {
        const v = rc.env(e);
        if (v) names.push({ name: v, label: `${label} ${v} (${e})` });
      }
      return withReach(f, names, cmd, rc, hit.m.operands);
    },
  };
}

/**
 * The operation's text with the raising options' reasons, put before a closing reason that starts
 * with `; ` (`deletes the object X, with everything under it; there is no undo`).
 */
function withWhys(what: string, whys: readonly string[]): string {
  if (whys.length === 0) return what;
  const at = what.lastIndexOf('; ');
  return at < 0 ? `${what}, ${whys.join(', ')}` : `${what.slice(0, at)}, ${whys.join(', ')}${what.slice(at)}`;
}
