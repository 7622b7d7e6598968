/**
 * The editor's view of sign-off, without the editor: reading `blast-radius verify --json` and
 * `approve --as-check`, and turning them into quick-pick items and messages. The command in
 * index.ts only shows these; unit tests cover them.
 */

export interface PendingApproval {
  name: string;
  email: string;
  counted: boolean;
  reason?: string;
}

export interface PendingChange {
  id: string;
  file: string;
  line: number;
  side: 'after' | 'before';
  ruleId: string;
  severity: string;
  message: string;
  required: number;
  have: number;
  status: 'missing-approvals' | 'stale' | 'ineligible-approver' | 'identity-unverified' | 'ok';
  approvals: PendingApproval[];
  stale: PendingApproval[];
}

export interface VerifyView {
  ok: boolean;
  /** The repository's top folder ('' when verify did not say). */
  root: string;
  baseLabel: string;
  /** Why verify does not trust the base (a moved ref, a base that contains HEAD); empty when none. */
  baseProblems: string[];
  changes: PendingChange[];
  /** Changes with fewer counting approvals than required. */
  pending: PendingChange[];
  uncommittedRecords: number;
}

const STATUS_WORDS: Readonly<Record<PendingChange['status'], string>> = {
  ok: 'ok',
  'missing-approvals': 'missing approvals',
  stale: 'stale: approved content has changed',
  'ineligible-approver': 'some approvals do not count',
  'identity-unverified': 'identity unverified: approvals need signed commits',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}

function num(v: unknown, fallback = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function approvals(v: unknown): PendingApproval[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObject).map((a) => {
    const out: PendingApproval = { name: str(a.name), email: str(a.email), counted: a.counted === true };
    if (typeof a.reason === 'string') out.reason = a.reason;
    return out;
  });
}

const STATUSES = new Set(['missing-approvals', 'stale', 'ineligible-approver', 'identity-unverified', 'ok']);

/**
 * Reads verify's JSON. Returns undefined when the text is not verify's output (the caller says
 * so, never "nothing pending"). A change with an unknown status counts as pending.
 */
export function parseVerifyJson(text: string): VerifyView | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value) || !Array.isArray(value.changes) || typeof value.ok !== 'boolean') return undefined;
  const changes: PendingChange[] = value.changes.filter(isObject).map((c) => ({
    id: str(c.id),
    file: str(c.file),
    line: num(c.line, 1),
    side: c.side === 'before' ? 'before' : 'after',
    ruleId: str(c.ruleId),
    severity: str(c.severity, 'high'),
    message: str(c.message),
    required: num(c.required, 1),
    have: num(c.have),
    status: (STATUSES.has(str(c.status)) ? c.status : 'missing-approvals') as PendingChange['status'],
    approvals: approvals(c.approvals),
    stale: approvals(c.stale),
  }));
  const base = isObject(value.base) ? str(value.base.label, 'the base') : 'the base';
  return {
    ok: value.ok,
    root: str(value.root),
    baseLabel: base,
    baseProblems: Array.isArray(value.baseProblems) ? value.baseProblems.filter((p): p is string => typeof p === 'string') : [],
    changes,
    pending: changes.filter((c) => c.status !== 'ok' || c.have < c.required),
    uncommittedRecords: Array.isArray(value.uncommittedRecords) ? value.uncommittedRecords.length : 0,
  };
}

export interface PickItem {
  id: string;
  label: string;
  description: string;
  detail: string;
  file: string;
  /** The file's absolute path ('' when the repository root is unknown). */
  absolute: string;
  line: number;
  side: 'after' | 'before';
}

/** One quick-pick item per pending change. */
export function pickItems(view: VerifyView): PickItem[] {
  return view.pending.map((c) => {
    const who = c.approvals.filter((a) => a.counted).map((a) => a.name || a.email);
    const refused = c.approvals.filter((a) => !a.counted).map((a) => `${a.name || a.email}: ${a.reason ?? 'does not count'}`);
    const parts = [c.message];
    if (who.length > 0) parts.push(`approved by ${who.join(', ')}`);
    if (refused.length > 0) parts.push(`not counted: ${refused.join('; ')}`);
    if (c.stale.length > 0) parts.push(`earlier version approved by ${c.stale.map((a) => a.name || a.email).join(', ')}`);
    return {
      id: c.id,
      label: `${c.file}:${c.line}${c.side === 'before' ? ' (removed)' : ''}`,
      description: `${c.severity} · ${c.ruleId} · ${c.have}/${c.required} · ${STATUS_WORDS[c.status]}`,
      detail: parts.join(' — '),
      file: c.file,
      absolute: view.root === '' ? '' : `${view.root.replace(/[\\/]+$/, '')}/${c.file}`,
      line: c.line,
      side: c.side,
    };
  });
}

export interface CheckResult {
  /** `Name <email>` the approval would be recorded as (when it would count for any change). */
  identity?: string;
  /** Ids that the approval would count for. */
  counts: string[];
  /** One line per refusal, as approve printed it. */
  refusals: string[];
}

/** Reads `approve --as-check` output (stdout and stderr). */
export function parseApproveCheck(stdout: string, stderr: string): CheckResult {
  const identity = /Your approval \((.+?)\) would count for:/.exec(stdout)?.[1];
  const counts = stdout
    .split('\n')
    .map((l) => /^\s{2}([0-9a-f]{12})\s/.exec(l)?.[1])
    .filter((x): x is string => x !== undefined);
  const refusals = stderr
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.replace(/^blast-radius approve: /, ''));
  const out: CheckResult = { counts, refusals };
  if (identity !== undefined) out.identity = identity;
  return out;
}

/** Environment for the CLI started from the editor: a person clicked, so agent markers go. */
export function personEnvironment(env: Readonly<Record<string, string | undefined>>, markers: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env, ELECTRON_RUN_AS_NODE: '1' };
  for (const m of markers) delete out[m];
  return out;
}
