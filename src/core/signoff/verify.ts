/**
 * Matching risky changes with the review record, and deciding whether each has the approvals
 * its severity needs. Pure: the caller gathers changes, records and policy (see repo.ts).
 *
 * An approval counts for a change only when all of these hold:
 * - its hash is the change's hash, and its file and rule are the change's (a record whose hash
 *   was copied onto other content does not match anything; one whose file or rule was edited
 *   by hand is refused);
 * - its decision is `approve` (or `run-once` decided by a person) — never `revert` or `deny`,
 *   and never a decision taken by a configured rule;
 * - its approver is a person, not an agent (see identity.ts);
 * - the record can be trusted (the caller says why not: added by someone other than the
 *   approver, edited after it was written, not committed yet);
 * - the signature of the commit that added it does not contradict it (a bad signature, or a key
 *   the allowed signers give to someone else, never counts);
 * - when the change needs signed records (`signoff.requireSignedRecords`, or two or more
 *   approvals), the signature proves the approver; otherwise the record is "identity unverified";
 * - it is the first approval of that person (normalised e-mail, see identity.ts) and of that
 *   signing key for this change;
 * - with `approvals.seniors` set, it is the first approval overall or its approver is a senior.
 */
import type { FindingSeverity } from '../severity';
import type { RiskyChange } from './changes';
import { agentReason, formatIdentity, identityKey, normalizeEmail, type Identity } from './identity';
import { isSenior, type SignoffPolicy } from './policy';
import type { LoadedRecord } from './record';
import { provesApprover, signatureContradiction, type SignatureProof } from './signature';

/** A record as evidence: where it came from and, when it cannot count, why. */
export interface EvidenceRecord extends LoadedRecord {
  /** Why the record cannot be trusted (provenance), if it cannot. */
  untrusted?: string;
  /** In the working tree only (written, not committed). Never counts in verify. */
  uncommitted?: boolean;
  /** The commit that added the record (when its provenance was traced). */
  addedIn?: string;
  /** The signature of the commit that added the record, as git verified it (none: not checked). */
  signature?: SignatureProof;
}

export type ChangeStatus = 'ok' | 'missing-approvals' | 'stale' | 'ineligible-approver' | 'identity-unverified';

export const STATUS_LABEL: Readonly<Record<ChangeStatus, string>> = {
  ok: 'ok',
  'missing-approvals': 'missing approvals',
  stale: 'stale',
  'ineligible-approver': 'ineligible approver',
  'identity-unverified': 'identity unverified',
};

/** Why a record for this content does not count. */
export type RefusalCode = 'mismatch' | 'not-approval' | 'rule' | 'agent' | 'uncommitted' | 'untrusted' | 'unverified' | 'duplicate' | 'not-senior' | 'stale';

/** Refusals that make the status "ineligible approver" (the others leave it "missing"). */
const INELIGIBLE_CODES: ReadonlySet<RefusalCode> = new Set(['mismatch', 'rule', 'agent', 'untrusted', 'duplicate', 'not-senior']);

/** Whether a change's approvals count only with a signature that proves the approver. */
export function needsSignedRecords(policy: SignoffPolicy, required: number): boolean {
  return policy.requireSignedRecords || required > 1;
}

export interface ApprovalView {
  recordId: string;
  path: string;
  approver: Identity;
  decision: string;
  time: string;
  counted: boolean;
  /** Why it does not count. */
  reason?: string;
  code?: RefusalCode;
  uncommitted?: boolean;
  /** Whether a signature proves the approver ("identity unverified" when not). */
  identity: 'verified' | 'unverified';
  /** The signature, in words (absent when none was checked). */
  signature?: string;
  /** The signing key, when the record's commit is signed. */
  key?: string;
}

export interface ChangeResult {
  change: RiskyChange;
  required: number;
  /** Approvals that count (at most what seniors rules allow). */
  have: number;
  status: ChangeStatus;
  /** Records for this exact content. */
  approvals: ApprovalView[];
  /** Approvals of the same file and rule for content that is no longer there. */
  stale: ApprovalView[];
  /** The policy this change was judged under (the base one for a policy-lowering change). */
  policy: SignoffPolicy;
}

export interface PlannedChange {
  change: RiskyChange;
  /** Overrides the policy's count for the change's severity (policy-lowering changes). */
  required?: number;
  /** Overrides the policy (policy-lowering changes are judged under the base policy). */
  policy?: SignoffPolicy;
}

function view(r: EvidenceRecord, refused?: Refusal): ApprovalView {
  const v: ApprovalView = {
    recordId: r.record.id,
    path: r.path,
    approver: r.record.approver,
    decision: r.record.decision,
    time: r.record.time,
    counted: refused === undefined,
    identity: provesApprover(r.signature, r.record.approver) ? 'verified' : 'unverified',
  };
  if (r.signature) {
    v.signature = r.signature.detail;
    if (r.signature.key !== undefined) v.key = r.signature.key;
  }
  if (refused) {
    v.reason = refused.reason;
    v.code = refused.code;
  }
  if (r.uncommitted) v.uncommitted = true;
  return v;
}

/** Whether the record's decision is a sign-off at all. */
function isApprovalDecision(r: EvidenceRecord): boolean {
  return r.record.decision === 'approve' || r.record.decision === 'run-once';
}

interface Refusal {
  reason: string;
  code: RefusalCode;
}

function refusal(r: EvidenceRecord, change: RiskyChange, policy: SignoffPolicy, signed: boolean): Refusal | undefined {
  const rec = r.record;
  if (rec.kind !== 'edit' || rec.file !== change.file || rec.ruleId !== change.ruleId) {
    return { reason: `the record names ${rec.file ?? rec.command ?? '?'} / ${rec.ruleId}, not this change: edited by hand`, code: 'mismatch' };
  }
  if (!isApprovalDecision(r)) return { reason: `decision "${rec.decision}" is not an approval`, code: 'not-approval' };
  if (rec.decidedBy === 'rule') return { reason: 'decided by a configured rule, not a person', code: 'rule' };
  const agent = agentReason(rec.approver, policy.agents) ?? (r.signature?.signer !== undefined ? agentReason({ name: '', email: r.signature.signer }, policy.agents) : undefined);
  if (agent) return { reason: `an agent never counts (${agent})`, code: 'agent' };
  if (r.uncommitted) return { reason: 'not committed yet', code: 'uncommitted' };
  if (r.untrusted) return { reason: r.untrusted, code: 'untrusted' };
  const forged = signatureContradiction(r.signature, rec.approver);
  if (forged) return { reason: forged, code: 'untrusted' };
  if (signed && !provesApprover(r.signature, rec.approver)) {
    return { reason: `identity unverified: ${r.signature?.detail ?? 'its signature was not checked'}; this change needs approvals in commits signed by the approver's key`, code: 'unverified' };
  }
  return undefined;
}

/** The person a counted record stands for: the key's owner when a signature proves it, else the approver. */
function personKey(r: EvidenceRecord): string {
  return r.signature?.status === 'verified' && r.signature.signer !== undefined ? normalizeEmail(r.signature.signer) : identityKey(r.record.approver);
}

/** Judges one change against the records. */
export function evaluateChange(planned: PlannedChange, records: readonly EvidenceRecord[], policy: SignoffPolicy, currentHashes: ReadonlySet<string>): ChangeResult {
  const change = planned.change;
  const pol = planned.policy ?? policy;
  const required = planned.required ?? pol.required[change.severity as FindingSeverity] ?? 1;
  const mine = records.filter((r) => r.record.hash === change.hash).sort((a, b) => (a.record.time < b.record.time ? -1 : a.record.time > b.record.time ? 1 : 0));
  const signed = needsSignedRecords(pol, required);
  const approvals: ApprovalView[] = [];
  const people = new Set<string>();
  const keys = new Map<string, string>();
  const counted: { view: ApprovalView; senior: boolean }[] = [];
  for (const r of mine) {
    const no = refusal(r, change, pol, signed);
    if (no) {
      approvals.push(view(r, no));
      continue;
    }
    const key = personKey(r);
    if (people.has(key)) {
      approvals.push(view(r, { reason: `${formatIdentity(r.record.approver)} already approved this change; one person counts once`, code: 'duplicate' }));
      continue;
    }
    const signingKey = r.signature?.status === 'verified' ? r.signature.key : undefined;
    const keyOwner = signingKey !== undefined ? keys.get(signingKey) : undefined;
    if (signingKey !== undefined && keyOwner !== undefined) {
      approvals.push(view(r, { reason: `signed with key ${signingKey}, which already counted for ${keyOwner}; one key counts once`, code: 'duplicate' }));
      continue;
    }
    people.add(key);
    if (signingKey !== undefined) keys.set(signingKey, r.record.approver.email);
    const v = view(r);
    approvals.push(v);
    counted.push({ view: v, senior: isSenior(pol, r.signature?.status === 'verified' && r.signature.signer !== undefined ? r.signature.signer : r.record.approver.email) });
  }
  let have = counted.length;
  if (pol.seniors.length > 0) {
    // The first approval may come from anyone; every further one from a senior.
    have = Math.min(counted.length, counted.filter((c) => c.senior).length + 1);
    let firstTaken = false;
    for (const c of counted) {
      if (c.senior) continue;
      if (!firstTaken) {
        firstTaken = true;
        continue;
      }
      c.view.counted = false;
      c.view.reason = `${c.view.approver.email} is not on approvals.seniors, which every approval after the first must come from`;
      c.view.code = 'not-senior';
    }
  }
  const ineligible = approvals.some((a) => a.code !== undefined && INELIGIBLE_CODES.has(a.code));
  const unverified = approvals.some((a) => a.code === 'unverified');
  const stale = records
    .filter((r) => r.record.hash !== change.hash && !currentHashes.has(r.record.hash) && r.record.kind === 'edit' && r.record.file === change.file && r.record.ruleId === change.ruleId && isApprovalDecision(r))
    .map((r) => view(r, { reason: 'approved different content (the hunk has changed since)', code: 'stale' }));
  let status: ChangeStatus = 'ok';
  if (have < required) status = ineligible ? 'ineligible-approver' : unverified ? 'identity-unverified' : stale.length > 0 ? 'stale' : 'missing-approvals';
  return { change, required, have, status, approvals, stale, policy: pol };
}

export interface VerifyOutcome {
  results: ChangeResult[];
  ok: boolean;
}

/** Judges every change; `ok` when each has the approvals it needs. */
export function evaluateAll(planned: readonly PlannedChange[], records: readonly EvidenceRecord[], policy: SignoffPolicy): VerifyOutcome {
  const hashes = new Set(planned.map((p) => p.change.hash));
  const results = planned.map((p) => evaluateChange(p, records, policy, hashes));
  return { results, ok: results.every((r) => r.status === 'ok') };
}

export type Eligibility = { ok: true } | { ok: false; reason: string };

/**
 * Whether `who` approving `result`'s change now would add a counting approval. Looks at every
 * record (committed or not) so a person cannot approve twice before committing.
 */
export function canApprove(result: ChangeResult, who: Identity, records: readonly EvidenceRecord[]): Eligibility {
  const pol = result.policy;
  const agent = agentReason(who, pol.agents);
  if (agent) return { ok: false, reason: `an agent cannot sign off (${agent})` };
  const key = identityKey(who);
  const own = records.find((r) => r.record.hash === result.change.hash && identityKey(r.record.approver) === key && isApprovalDecision(r) && r.record.decidedBy === 'person');
  if (own) {
    return {
      ok: false,
      reason: own.uncommitted
        ? `${formatIdentity(who)} already approved this change (${own.path}, not committed yet)`
        : `${formatIdentity(who)} already approved this change on ${own.record.time.slice(0, 10)}`,
    };
  }
  if (result.status === 'ok') return { ok: false, reason: `it already has the ${result.required} approval${result.required === 1 ? '' : 's'} it needs` };
  if (pol.seniors.length > 0 && !isSenior(pol, who.email)) {
    // A non-senior adds a counting approval only while the "first approval" place is free.
    const holders = result.approvals.filter((a) => a.counted || a.code === 'uncommitted' || a.code === 'not-senior');
    if (holders.some((a) => !isSenior(pol, a.approver.email))) {
      return { ok: false, reason: `the next sign-off must come from approvals.seniors (${pol.seniors.map((l) => l.join(', ')).join('; and ')}), and ${who.email} is not on it` };
    }
  }
  return { ok: true };
}
