/**
 * What the rules of both engines share: the command engine's rules (`command/rule.ts`, packs in
 * `command/packs/`) and the edit engine's (`edit/rule.ts`, packs in `edit/rules/`) are written
 * against their own interfaces, which extend the shapes here; the engines run them through the
 * helpers here.
 *
 * - A rule has a stable id `pack.rule`, a one-line description, a usual severity and an example
 *   table (inputs it must flag, similar-looking inputs it must not). test/unit/rules/examples.test.ts
 *   runs every table of both registries through the real engines.
 * - `check` returns nothing, one finding or several (`RuleResult`); `runRule` calls it and never
 *   throws, so the engine can turn a failing rule into a finding that asks a person (fail closed).
 * - `disabledRuleMatcher` reads a list of rule ids and packs that a person switched off.
 * - `mostSevereByKey` keeps one finding per place (the engine decides what a place is).
 *
 * Nothing here throws on user input.
 */
import { compareSeverity, type Severity } from '../severity';

/** A rule's example table. */
export interface RuleExamples<Row> {
  /** Inputs that must produce a finding of this rule. */
  match: readonly Row[];
  /** Similar-looking inputs that must not. */
  nearMiss: readonly Row[];
}

/** What every rule has, whatever it judges. */
export interface RuleBase<Row> {
  /** `pack.rule`, stable forever (it appears in policies, audit records and SARIF). */
  id: string;
  /** One line for docs and hovers: what the rule catches. */
  description: string;
  /** Usual severity of its findings (a finding may raise or lower it). */
  severity?: Severity;
  /** Its example table, run through the real engine by test/unit/rules/examples.test.ts. */
  examples?: RuleExamples<Row>;
}

/** What a rule's `check` returns: nothing, one finding, or several. */
export type RuleResult<F> = F | readonly F[] | undefined | null | false;

/** The findings of a rule that ran, or why it could not run. */
export type RuleRun<F> = { ok: true; findings: readonly F[] } | { ok: false; error: string };

/** The run of a rule that found nothing (most runs): one shared value, not a new one each time. */
const NO_FINDINGS: RuleRun<never> = Object.freeze({ ok: true, findings: Object.freeze([]) });

/**
 * Calls a rule's check and lists its findings. Never throws: an exception comes back as
 * `{ ok: false, error }`, which the engine reports as a finding that needs a person. The check is
 * a function of nothing, or a rule and the two arguments of its check (the command engine's form:
 * no function is made for each of the tens of rules run on every command).
 */
export function runRule<F>(check: () => RuleResult<F>): RuleRun<F>;
export function runRule<F, A, B>(rule: { check(a: A, b: B): RuleResult<F> }, a: A, b: B): RuleRun<F>;
export function runRule<F, A, B>(check: (() => RuleResult<F>) | { check(a: A, b: B): RuleResult<F> }, a?: A, b?: B): RuleRun<F> {
  let result: RuleResult<F>;
  try {
    result = typeof check === 'function' ? check() : check.check(a as A, b as B);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  if (!result) return NO_FINDINGS;
  return { ok: true, findings: Array.isArray(result) ? (result as readonly F[]) : [result as F] };
}

/**
 * Whether a rule is switched off by a list of rule ids (`git.push-force`) and packs (`git.*`, or a
 * bare `git`). Ids that start with one of `undisableable` (the engine's own checks) stay on.
 */
export function disabledRuleMatcher(list: Iterable<string> | undefined, undisableable: readonly string[] = []): (id: string) => boolean {
  const off = new Set<string>();
  for (const s of list ?? []) if (typeof s === 'string') off.add(s.trim().replace(/\.\*$/, ''));
  if (off.size === 0) return () => false;
  return (id) => {
    if (undisableable.some((p) => id.startsWith(p))) return false;
    const dot = id.indexOf('.');
    return off.has(id) || (dot > 0 && off.has(id.slice(0, dot)));
  };
}

/**
 * One finding per key, the most severe (the first of equals), in the order the keys first
 * appeared.
 */
export function mostSevereByKey<F extends { severity: Severity }>(findings: Iterable<F>, keyOf: (f: F) => string): F[] {
  const byKey = new Map<string, F>();
  for (const f of findings) {
    const key = keyOf(f);
    const known = byKey.get(key);
    if (known === undefined || compareSeverity(f.severity, known.severity) > 0) byKey.set(key, f);
  }
  return [...byKey.values()];
}
