/** Severity of a finding or a verdict, from harmless to catastrophic. */
export const SEVERITIES = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What to do with an action: run it, ask a person first, or refuse it. */
export const DECISIONS = ['allow', 'confirm', 'deny'] as const;
export type Decision = (typeof DECISIONS)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** The higher of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** The highest severity in a list; 'none' for an empty list. */
export function highestSeverity(items: Iterable<{ severity: Severity }>): Severity {
  let best: Severity = 'none';
  for (const i of items) best = maxSeverity(best, i.severity);
  return best;
}

/** The stricter of two decisions (deny > confirm > allow). */
export function stricterDecision(a: Decision, b: Decision): Decision {
  return DECISIONS.indexOf(a) >= DECISIONS.indexOf(b) ? a : b;
}

export function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}
