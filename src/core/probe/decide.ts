/**
 * How a measurement changes the verdict. Pure: the verdict the analyzer gave, what the probes
 * measured and the policy in, the verdict to act on out.
 *
 * - Escalate: a command that would lose uncommitted or unpushed work, never-committed files or
 *   stashes (`work`), or destroy infrastructure, becomes at least high; stateful infrastructure
 *   (databases, buckets, volumes, …) becomes critical; any of these on a production target is
 *   critical. The command's finding is raised, or one is added under the probe's rule id when
 *   the static rules saw nothing (unless the policy disables that rule).
 * - Relax: only where the loss is measured as nothing (or only ignored build output) and the
 *   measurement is settled — the line is this one command and the state was read completely —
 *   the command's findings go down to low (medium on a production target). The decision never goes below the verdict's floor
 *   (deny entries, input that cannot be judged) nor below what the policy maps the remaining
 *   severities to.
 * - A probe that was not measured changes nothing and says so.
 * - A command let through by an allow entry of the user's policy stays allowed; its finding
 *   still carries the measured sentence.
 *
 * Every probe's sentence goes into the verdict's reasons and onto the command's findings
 * (`measured`), and the `measured` object rides along with the verdict.
 */
import { isProductionName } from '../command/context';
import { DEFAULT_PRODUCTION_MARKERS } from '../command/context';
import type { CommandFinding, CommandVerdict } from '../command/rule';
import { targetName } from '../guard/decide';
import { DEFAULT_POLICY, decisionForSeverity, isRuleDisabled, type ResolvedPolicy } from '../policy/types';
import { type Decision, DECISIONS, highestSeverity, type Severity, severityRank, stricterDecision } from '../severity';
import type { Loss, Measured, Probe } from './types';

/** The least severity a measured loss demands (before production makes it critical). */
const ESCALATE: Partial<Record<Loss, Severity>> = { work: 'high', infrastructure: 'high', stateful: 'critical' };

/** Losses that are "nothing" for relaxing. */
const NOTHING: ReadonlySet<Loss> = new Set(['none', 'regenerable']);

/** The engine's own findings on input it could not judge: a line with one is never relaxed. */
const UNJUDGED = /^(parse|dynamic|guard)\./;

function within(f: CommandFinding, p: Probe): boolean {
  return f.span[0] >= p.span[0] && f.span[1] <= p.span[1];
}

function looserDecision(a: Decision, b: Decision): Decision {
  return DECISIONS.indexOf(a) <= DECISIONS.indexOf(b) ? a : b;
}

/** The verdict after the measurement; the verdict itself when nothing was measured. */
export function applyMeasurement(verdict: CommandVerdict, measured: Measured | undefined, policy: ResolvedPolicy = DEFAULT_POLICY): CommandVerdict {
  if (!measured || measured.probes.length === 0) return verdict;
  const markers = [...DEFAULT_PRODUCTION_MARKERS, ...policy.productionMarkers];
  const findings: CommandFinding[] = verdict.findings.map((f) => ({ ...f }));
  const probes: Probe[] = [];
  const reasons = [...(verdict.reasons ?? [])];
  let escalated: Decision = 'allow';
  let relaxed = false;

  for (const p0 of measured.probes) {
    const p: Probe = { ...p0 };
    const own = findings.filter((f) => within(f, p) && p.rules.includes(f.ruleId));
    const before = highestSeverity(findings.filter((f) => within(f, p)));
    for (const f of own) f.measured = p.sentence;
    if (p.status !== 'measured') {
      reasons.push(`not measured: ${p.sentence.replace(/^Not measured: /, '')}`);
      p.effect = { from: before, to: before };
      probes.push(p);
      continue;
    }
    const production = p.production === true || findings.some((f) => within(f, p) && (f.severity === 'critical' || (f.target !== undefined && isProductionName(targetName(f.target), markers))));
    let want = ESCALATE[p.loss];
    if (want && production) want = 'critical';
    if (want) {
      let raised = own.length > 0;
      for (const f of own) if (severityRank(f.severity) < severityRank(want)) f.severity = want;
      const id = p.rules[0];
      if (own.length === 0 && id && !isRuleDisabled(policy, id)) {
        findings.push({ ruleId: id, severity: want, message: `${p.sentence}.`, span: p.span, measured: p.sentence });
        raised = true;
      }
      if (raised && !p.allowedBy) escalated = stricterDecision(escalated, decisionForSeverity(policy, want));
    } else if (NOTHING.has(p.loss) && p.settled) {
      // On production it stays highlighted: measured harmless, still worth a glance.
      const floorSeverity: Severity = production ? 'medium' : 'low';
      for (const f of own) {
        if (severityRank(f.severity) > severityRank(floorSeverity)) {
          f.severity = floorSeverity;
          relaxed = true;
        }
      }
    }
    const after = highestSeverity(findings.filter((f) => within(f, p)));
    p.effect = { from: before, to: after };
    reasons.push(`measured: ${p.sentence}${after !== before ? ` (${before} → ${after})` : ''}`);
    probes.push(p);
  }

  const severity = highestSeverity(findings);
  let decision = verdict.decision;
  if (relaxed && !findings.some((f) => UNJUDGED.test(f.ruleId))) {
    // Every remaining finding counts (conservatively also those of allowed commands); never below the floor.
    let again: Decision = verdict.floor ?? 'allow';
    for (const f of findings) again = stricterDecision(again, decisionForSeverity(policy, f.severity));
    decision = looserDecision(verdict.decision, again);
  }
  decision = stricterDecision(decision, escalated);
  const out: CommandVerdict = {
    ...verdict,
    decision,
    severity,
    findings: findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.span[0] - b.span[0]),
    measured: { ...measured, probes },
  };
  if (reasons.length) out.reasons = reasons;
  return out;
}
