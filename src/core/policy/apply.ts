/**
 * Applying a resolved policy to what the analyzer found. The analyzer keeps its own model; it
 * hands each simple command over as a `PatternInput` together with the findings attached to it.
 *
 * Decision, in order:
 * 1. Findings of disabled rules are dropped (the engine's own rules cannot be disabled).
 * 2. A command matching a `deny` entry makes the line `deny`. Deny wins over allow.
 * 3. A command matching an `allow` entry (and no deny entry) does not contribute its findings'
 *    severity to the decision; a finding's `atLeast` (dynamic or unparsable input) still counts,
 *    so what cannot be judged is still confirmed.
 * 4. Otherwise each finding contributes `decisionForSeverity(severity)`, raised to its `atLeast`.
 *    The line's decision is the strictest contribution; `allow` when there are none.
 */
import { highestSeverity, stricterDecision, type Decision, type Severity } from '../severity';
import {
  UNDISABLEABLE_RULE_PREFIXES,
  decisionForSeverity,
  isRuleDisabled,
  type CompiledCustomRule,
  type CompiledPattern,
  type PatternInput,
  type ResolvedPolicy,
} from './types';

/** The first deny entry this command matches. */
export function findDeny(policy: ResolvedPolicy, cmd: PatternInput): CompiledPattern | undefined {
  for (const p of policy.deny) if (p.matches(cmd)) return p;
  return undefined;
}

/** The first allow entry this command matches. */
export function findAllow(policy: ResolvedPolicy, cmd: PatternInput): CompiledPattern | undefined {
  for (const p of policy.allow) if (p.matches(cmd)) return p;
  return undefined;
}

/** The policy's custom rules that fire on this command (skipping disabled ones). */
export function customRulesFor(policy: ResolvedPolicy, cmd: PatternInput): CompiledCustomRule[] {
  const out: CompiledCustomRule[] = [];
  for (const r of policy.customRules) if (r.pattern.matches(cmd) && !isRuleDisabled(policy, r.id)) out.push(r);
  return out;
}

/** True when a finding of this rule is kept (not disabled, or one of the engine's own). */
export function keepsRule(policy: ResolvedPolicy, ruleId: string): boolean {
  if (UNDISABLEABLE_RULE_PREFIXES.some((p) => ruleId.startsWith(p))) return true;
  return !isRuleDisabled(policy, ruleId);
}

/** What the decision needs to know about a finding. */
export interface PolicyFinding {
  ruleId: string;
  severity: Severity;
  /** The least decision this finding demands whatever the severity mapping says. */
  atLeast?: Decision;
}

export interface PolicyCommand<F extends PolicyFinding> {
  cmd: PatternInput;
  findings: readonly F[];
}

export interface PolicyOutcome<F extends PolicyFinding> {
  decision: Decision;
  /**
   * The least decision whatever the severities say: `deny` when a deny entry matched, else the
   * strictest `atLeast` of the kept findings (`allow` when none). Nothing may decide below it.
   */
  floor: Decision;
  /** Highest severity among the kept findings. */
  severity: Severity;
  /** The findings that survive disabled rules, in input order (commands first, then line findings). */
  findings: F[];
  /** Why the decision was taken, in words. */
  reasons: string[];
  /** Commands (by index in the input) that matched a deny entry, with the entry. */
  denied: { index: number; pattern: CompiledPattern }[];
  /** Commands (by index in the input) let through by an allow entry. */
  allowed: { index: number; pattern: CompiledPattern }[];
}

function describe(p: CompiledPattern): string {
  return `"${p.label}" (${p.source === 'user' ? '' : `${p.source} `}${p.path})`;
}

/**
 * Decides a line. `commands` are the simple commands with their findings; `lineFindings` are
 * findings not tied to one command (parse errors, dynamic input).
 */
export function applyPolicy<F extends PolicyFinding>(
  policy: ResolvedPolicy,
  commands: readonly PolicyCommand<F>[],
  lineFindings: readonly F[] = [],
): PolicyOutcome<F> {
  let decision: Decision = 'allow';
  let floor: Decision = 'allow';
  const findings: F[] = [];
  const reasons: string[] = [];
  const denied: PolicyOutcome<F>['denied'] = [];
  const allowed: PolicyOutcome<F>['allowed'] = [];

  const contribute = (f: F, severityCounts: boolean): void => {
    if (severityCounts) decision = stricterDecision(decision, decisionForSeverity(policy, f.severity));
    if (f.atLeast) {
      decision = stricterDecision(decision, f.atLeast);
      floor = stricterDecision(floor, f.atLeast);
    }
  };

  commands.forEach((c, index) => {
    const deny = findDeny(policy, c.cmd);
    const allow = deny ? undefined : findAllow(policy, c.cmd);
    if (deny) {
      denied.push({ index, pattern: deny });
      decision = 'deny';
      floor = 'deny';
      reasons.push(`denied by policy ${describe(deny)}`);
    } else if (allow) {
      allowed.push({ index, pattern: allow });
    }
    let allowedSomething = false;
    for (const f of c.findings) {
      if (!keepsRule(policy, f.ruleId)) continue;
      findings.push(f);
      if (allow && !f.atLeast) allowedSomething = true;
      contribute(f, !allow);
    }
    if (allow && allowedSomething) reasons.push(`allowed by policy ${describe(allow)}`);
  });
  for (const f of lineFindings) {
    if (!keepsRule(policy, f.ruleId)) continue;
    findings.push(f);
    contribute(f, true);
  }
  return { decision, floor, severity: highestSeverity(findings), findings, reasons, denied, allowed };
}
