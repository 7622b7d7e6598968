/**
 * Severities and decisions, and every ordering of them: the one place core code ranks,
 * compares or lists them (no local rank tables elsewhere).
 */

/** Severity of a finding or a verdict, from harmless to catastrophic. */
export const SEVERITIES = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The same, from the most to the least severe, as lists and groups show them. */
export const SEVERITIES_DESCENDING: readonly Severity[] = [...SEVERITIES].reverse();

/**
 * The severities a finding can have, least severe first: everything but `none`. The policy maps
 * each to a decision, sign-off counts approvals per severity, and review records store one.
 */
export const FINDING_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** What to do with an action: run it, ask a person first, or refuse it. */
export const DECISIONS = ['allow', 'confirm', 'deny'] as const;
export type Decision = (typeof DECISIONS)[number];

/** 0 for `none` … 4 for `critical`. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Negative when `a` is less severe than `b`, 0 when equal, positive when more severe. */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(a) - severityRank(b);
}

/**
 * Sort comparator for things with a severity, most severe first. `Array.prototype.sort` is
 * stable, so the input order is kept within a severity.
 */
export function bySeverityDescending(a: { severity: Severity }, b: { severity: Severity }): number {
  return compareSeverity(b.severity, a.severity);
}

/** True when `s` is `min` or more severe. */
export function isAtLeast(s: Severity, min: Severity): boolean {
  return compareSeverity(s, min) >= 0;
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

/** The most severe item of a list (the first of equals); undefined for an empty list. */
export function mostSevere<T extends { severity: Severity }>(items: Iterable<T>): T | undefined {
  let best: T | undefined;
  for (const i of items) if (best === undefined || compareSeverity(i.severity, best.severity) > 0) best = i;
  return best;
}

/** 0 for `allow`, 1 for `confirm`, 2 for `deny`: higher is stricter. */
export function decisionRank(d: Decision): number {
  return DECISIONS.indexOf(d);
}

/** The stricter of two decisions (deny > confirm > allow). */
export function stricterDecision(a: Decision, b: Decision): Decision {
  return decisionRank(a) >= decisionRank(b) ? a : b;
}

export function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

export function isDecision(v: unknown): v is Decision {
  return typeof v === 'string' && (DECISIONS as readonly string[]).includes(v);
}
