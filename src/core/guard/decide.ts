/**
 * What the terminal guard does with the engine's verdict on a line: run it, refuse it, or ask a
 * person; and the one line the terminal shows. Editor-free, so the rules of the decision are
 * tested on their own; the extension does the asking.
 *
 * Invariants:
 * - Only a verdict of `allow` (and no unreviewed risky edit the command would deploy) runs
 *   without a person. `confirm` asks; `deny` refuses. Pausing the guard is a person's choice
 *   and is said in the terminal when it lets a risky line through.
 * - "Always allow" is offered only for low and medium findings: never for high or critical
 *   ones, for a line a measurement found would lose something that cannot be brought back
 *   (uncommitted or unpushed work, infrastructure), or for lines the engine could not read
 *   (parse.*, dynamic.*): those are confirmed every time.
 * - A critical finding whose target looks like production asks the person to type the
 *   target's name.
 */
import { isProductionName } from '../command/context';
import type { CommandFinding, CommandVerdict } from '../command/rule';
import type { Loss } from '../probe/types';
import { bySeverityDescending, isAtLeast, type Severity, highestSeverity, severityRank } from '../severity';

export interface GatePart {
  hold: boolean;
  /** One line: which unreviewed changes the command would deploy. */
  summary: string;
  ruleIds?: readonly string[];
  severity?: Severity;
}

export interface GuardPlan {
  action: 'allow' | 'deny' | 'ask';
  /** The line for the terminal (empty: nothing to say). For `ask`, what the shell shows while held. */
  terminal: string;
  severity: Severity;
  ruleIds: string[];
  /** The finding (or reason) that drives the decision, for the modal and the audit record. */
  headline: string;
  /** The name a person types to confirm (a critical finding with a production target). */
  typeToConfirm?: string;
  /** Whether "Always allow this command" may be offered. */
  allowAlways: boolean;
  /** A measurement found the line would lose what cannot be brought back. */
  irreversible: boolean;
}

export interface PlanOptions {
  paused: boolean;
  gate?: GatePart;
  productionMarkers?: readonly string[];
}

const UNJUDGED = /^(parse|dynamic|guard|evasion)\./;

/** What a measurement may find lost that nothing brings back: uncommitted or unpushed work, infrastructure. */
const IRREVERSIBLE: ReadonlySet<Loss> = new Set(['work', 'infrastructure', 'stateful']);

/** True when a probe measured that the line would lose something that cannot be brought back. */
export function measuredIrreversible(verdict: CommandVerdict): boolean {
  return (verdict.measured?.probes ?? []).some((p) => p.status === 'measured' && IRREVERSIBLE.has(p.loss));
}

const NOT_MEASURED = /^Not measured: /;

/**
 * `message (rule, severity, target)` for one finding. A measured sentence says it with numbers
 * ("Discards uncommitted changes in 3 files …"), so it takes the message's place; a probe that
 * could not measure is said after it.
 */
export function describeFinding(f: CommandFinding): string {
  const about = `(${f.ruleId}, ${f.severity}${f.target ? `, ${f.target}` : ''})`;
  if (!f.measured) return `${f.message} ${about}`;
  if (NOT_MEASURED.test(f.measured)) return `${f.message} ${about}; ${f.measured.replace(NOT_MEASURED, 'not measured: ')}`;
  return `${f.measured} ${about}`;
}

/** The sentence of a probe that lowered the severity ("Nothing to discard: …"), for a note. */
function relaxedBy(verdict: CommandVerdict): string | undefined {
  return verdict.measured?.probes.find((p) => p.effect && severityRank(p.effect.to) < severityRank(p.effect.from))?.sentence;
}

/** The findings that matter most: the highest severity first, in line order. */
export function topFindings(findings: readonly CommandFinding[]): CommandFinding[] {
  return [...findings].sort((a, b) => bySeverityDescending(a, b) || a.span[0] - b.span[0]);
}

/** The name inside a target label: `kube context prod-eu` → `prod-eu`, `RAILS_ENV=production` → `production`. */
export function targetName(target: string): string {
  const t = target.trim();
  const eq = t.lastIndexOf('=');
  if (eq >= 0 && eq < t.length - 1 && !/\s/.test(t.slice(eq + 1))) return t.slice(eq + 1);
  const parts = t.split(/\s+/);
  return parts[parts.length - 1] ?? t;
}

/** The production target a person must type, when a critical finding names one. */
export function productionTarget(findings: readonly CommandFinding[], markers?: readonly string[]): string | undefined {
  for (const f of topFindings(findings)) {
    if (f.severity !== 'critical' || !f.target) continue;
    const name = targetName(f.target);
    if (isProductionName(name, markers) || isProductionName(f.target, markers)) return name;
  }
  return undefined;
}

export function planGuardDecision(verdict: CommandVerdict, opts: PlanOptions): GuardPlan {
  const findings = topFindings(verdict.findings);
  const top = findings[0];
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))];
  let severity = highestSeverity(findings);
  const headline = top ? describeFinding(top) : (verdict.reasons?.[0] ?? '');
  const extra = findings.length > 1 ? ` (+${findings.length - 1} more)` : '';
  const unjudged = findings.some((f) => UNJUDGED.test(f.ruleId));
  const irreversible = measuredIrreversible(verdict);
  const base = { severity, ruleIds, headline, irreversible };

  if (opts.paused) {
    const risky = verdict.decision !== 'allow' || opts.gate?.hold;
    return { ...base, action: 'allow', allowAlways: false, terminal: risky ? `guard paused — ran without asking: ${headline || opts.gate?.summary}` : '' };
  }
  if (verdict.decision === 'deny') {
    return { ...base, action: 'deny', allowAlways: false, terminal: `denied by policy: ${headline}${extra}` };
  }
  if (verdict.decision === 'confirm' || opts.gate?.hold) {
    const gated = verdict.decision !== 'confirm';
    if (gated && opts.gate) {
      if (opts.gate.severity && severityRank(opts.gate.severity) > severityRank(severity)) severity = opts.gate.severity;
      for (const id of opts.gate.ruleIds ?? []) if (!ruleIds.includes(id)) ruleIds.push(id);
    }
    const why = gated ? (opts.gate?.summary ?? headline) : `${headline}${extra}`;
    const typeToConfirm = productionTarget(findings, opts.productionMarkers);
    return {
      action: 'ask',
      severity,
      ruleIds,
      headline: gated ? (opts.gate?.summary ?? headline) : headline,
      terminal: why,
      allowAlways: !gated && !unjudged && !irreversible && !isAtLeast(severity, 'high') && findings.length > 0,
      irreversible,
      ...(typeToConfirm ? { typeToConfirm } : {}),
    };
  }
  // allowed: say so only when there is something worth a glance, or a measurement let it run
  const relaxed = relaxedBy(verdict);
  const note = top && isAtLeast(top.severity, 'medium') ? `note: ${headline}` : relaxed ? `note: measured: ${relaxed}` : '';
  return { ...base, action: 'allow', allowAlways: false, terminal: note };
}
