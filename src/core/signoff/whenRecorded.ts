/**
 * Which decisions made in the editor become a record in the repository
 * (`.blast-radius/reviews/`), and which stay in the extension's audit log only.
 *
 * Every decision goes to the audit log. The repository gets a record only when `verify` will ask
 * for it: an approval of a risky edit whose severity the sign-off policy wants approved
 * (`approvals.<severity>` > 0, policy.ts). Nothing else is written there:
 * - a revert leaves nothing on the branch to sign off;
 * - Run Once, Deny and Always Allow of a terminal command are about a moment, not about content
 *   a branch carries (an agent's command that was denied never happened);
 * - an approval the policy does not ask for would only add files to the person's `git status`.
 * `blast-radius approve` is a person's explicit request for a record and always writes one.
 */
import type { FindingSeverity, Severity } from '../severity';
import type { SignoffPolicy } from './policy';

/** A decision a person took in the editor. */
export type EditorDecision =
  | { kind: 'edit'; decision: 'approve' | 'revert' }
  | { kind: 'command'; decision: 'run-once' | 'deny' | 'always-allow' };

export interface RecordChoice {
  /** Write a record into the repository. */
  write: boolean;
  /** Why, in words (for the log and the confirmation's detail). */
  why: string;
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/**
 * Whether a decision of this kind can be written to the repository at all, whatever its severity
 * and the policy: only an approval of an edit can.
 */
export function mayRecord(d: EditorDecision): RecordChoice {
  if (d.kind === 'command') return { write: false, why: 'decisions on terminal commands are kept in the audit log only' };
  if (d.decision === 'revert') return { write: false, why: 'a revert leaves nothing to sign off; it is kept in the audit log only' };
  return { write: true, why: 'an approval the sign-off policy asks for is recorded in the repository' };
}

/** Whether `d`, about something of `severity`, is written to the repository under `policy`. */
export function repositoryRecordFor(d: EditorDecision, severity: Severity, policy: Pick<SignoffPolicy, 'required'>): RecordChoice {
  const kind = mayRecord(d);
  if (!kind.write) return kind;
  if (severity === 'none') return { write: false, why: 'nothing risky was approved' };
  const n = policy.required[severity as FindingSeverity];
  return n > 0
    ? { write: true, why: `the sign-off policy asks for ${plural(n, 'approval')} of ${severity} changes` }
    : { write: false, why: `the sign-off policy asks for no approval of ${severity} changes; it is kept in the audit log only` };
}
