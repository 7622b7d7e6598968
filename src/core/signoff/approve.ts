/**
 * Adding a person's approval to changes that are waiting for sign-off: choose the changes,
 * check that this person's approval would count, build the records. Writing them is the
 * caller's (`writeRecord`), so the editor and the CLI share the rules and differ only in how
 * they ask and tell.
 */
import type { Identity } from './identity';
import { makeRecord, type ReviewRecord } from './record';
import { canApprove, type ChangeResult, type EvidenceRecord } from './verify';

export interface ApprovalPlan {
  /** Changes this person's approval will count for, with the record to write for each. */
  approve: { result: ChangeResult; record: ReviewRecord }[];
  /** Changes asked for that this person cannot approve now, and why. */
  refused: { result: ChangeResult; reason: string }[];
  /** Ids that match no change (or more than one). */
  unknown: { id: string; reason: string }[];
}

/** Shortest id prefix accepted (`blast-radius approve 3f9a0c`). */
export const MIN_ID_PREFIX = 6;

/** Finds the change an id (or id prefix, or full hash) names. */
export function findChange(results: readonly ChangeResult[], id: string): { result: ChangeResult } | { reason: string } {
  const want = id.trim().toLowerCase();
  if (!/^[0-9a-f]+$/.test(want)) return { reason: `'${id}' is not a change id (hex digits, as verify shows them)` };
  if (want.length < MIN_ID_PREFIX) return { reason: `'${id}' is too short; give at least ${MIN_ID_PREFIX} digits of the id` };
  const hits = results.filter((r) => r.change.hash.startsWith(want));
  if (hits.length === 0) return { reason: `no risky change on this branch has id ${id}; run blast-radius verify to list them` };
  if (hits.length > 1) return { reason: `${id} matches ${hits.length} changes; give more digits` };
  return { result: hits[0]! };
}

export interface PlanOptions {
  /** Ids (or prefixes) to approve; empty with `allPending` approves everything pending. */
  ids: readonly string[];
  allPending: boolean;
  who: Identity;
  tool: { name: string; version: string };
  /** HEAD commit, stored in the record for reference. */
  commit?: string;
  now?: Date;
}

export function planApprovals(results: readonly ChangeResult[], records: readonly EvidenceRecord[], o: PlanOptions): ApprovalPlan {
  const plan: ApprovalPlan = { approve: [], refused: [], unknown: [] };
  const chosen: ChangeResult[] = [];
  if (o.allPending) {
    for (const r of results) if (r.status !== 'ok') chosen.push(r);
  }
  for (const id of o.ids) {
    const f = findChange(results, id);
    if ('reason' in f) plan.unknown.push({ id, reason: f.reason });
    else if (!chosen.includes(f.result)) chosen.push(f.result);
  }
  for (const r of chosen) {
    const e = canApprove(r, o.who, records);
    if (!e.ok) {
      plan.refused.push({ result: r, reason: e.reason });
      continue;
    }
    const made = makeRecord({
      kind: 'edit',
      ruleId: r.change.ruleId,
      file: r.change.file,
      hash: r.change.hash,
      severity: r.change.severity,
      decision: 'approve',
      decidedBy: 'person',
      approver: { name: o.who.name, email: o.who.email },
      agentAttributed: r.change.agentAttributed ?? false,
      tool: o.tool,
      line: r.change.line,
      ...(o.commit !== undefined ? { commit: o.commit } : {}),
      ...(o.now !== undefined ? { time: o.now } : {}),
    });
    if (!made.ok) plan.refused.push({ result: r, reason: `cannot record it: ${made.message}` });
    else plan.approve.push({ result: r, record: made.record });
  }
  return plan;
}
