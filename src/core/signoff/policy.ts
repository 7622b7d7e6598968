/**
 * The sign-off part of the policy (`approvals` in `.blast-radius.json`):
 *
 * - `approvals.<severity>`: distinct people who must approve a risky change of that severity.
 *   Default: 1 for every severity whose decision is not `allow` (high and critical out of the
 *   box), 0 (no sign-off needed) otherwise.
 * - `approvals.seniors`: when set, every approval after the first must come from an identity on
 *   the list (e-mail address or glob).
 * - `approvals.agents`: extra agent identities, added to the built-in ones; never counted.
 * - `signoff.requireSignedRecords`: count a record only when a signature proves its approver (see
 *   signature.ts); always so for a change that needs two or more approvals.
 * - `signoff.allowedSignersFile`: the repository path of the allowed signers file. verify reads
 *   the path and the file from the base branch only (repo.ts), never from the branch.
 *
 * `verify` reads the policy of the base revision and the policy of HEAD and applies the stricter
 * of the two (a branch cannot lower its own bar); a HEAD policy that asks for less than the base
 * one is itself a critical change that needs the base policy's sign-off (see `policyLowering`).
 */
import { problemDetail } from '../policy/messages';
import { parsePolicyDocument, resolvePolicy } from '../policy/resolve';
import { FINDING_SEVERITIES, type FindingSeverity } from '../severity';
import { emailMatches } from './identity';

export interface SignoffPolicy {
  /** Approvals needed per severity (0: none). */
  required: Readonly<Record<FindingSeverity, number>>;
  /**
   * Lists of patterns for the second and further approvals; an approver must match every list
   * (two lists arise when base and HEAD both set one). Empty: anyone may.
   */
  seniors: readonly (readonly string[])[];
  /** Extra agent patterns (the built-in ones always apply). */
  agents: readonly string[];
  /** Count only records whose commit signature proves the approver (also implied by a count above 1). */
  requireSignedRecords: boolean;
  /** `signoff.allowedSignersFile`: the allowed signers file, a path in the repository. */
  allowedSignersFile?: string;
}

export const DEFAULT_SIGNOFF_POLICY: SignoffPolicy = Object.freeze({
  required: Object.freeze({ critical: 1, high: 1, medium: 0, low: 0 }),
  seniors: Object.freeze([]),
  agents: Object.freeze([]),
  requireSignedRecords: false,
});

export interface SignoffPolicyResult {
  policy: SignoffPolicy;
  /** One line per problem in the policy text (the valid entries still apply). */
  problems: string[];
}

/** The sign-off policy of a policy file's text (null: no file). Never throws. */
export function signoffPolicyFromText(textOrNull: string | null): SignoffPolicyResult {
  if (textOrNull === null) return { policy: DEFAULT_SIGNOFF_POLICY, problems: [] };
  const parsed = parsePolicyDocument(textOrNull, 'file');
  const { policy: resolved, problems: all } = resolvePolicy([parsed]);
  const required = {} as Record<FindingSeverity, number>;
  for (const s of FINDING_SEVERITIES) required[s] = resolved.approvals[s] ?? (resolved.severity[s] === 'allow' ? 0 : 1);
  const a = parsed.document.approvals;
  const seniors = a?.seniors && a.seniors.length > 0 ? [Object.freeze([...a.seniors])] : [];
  const agents = a?.agents ? [...a.agents] : [];
  const so = parsed.document.signoff;
  const problems = all.map((p) => `${p.line !== undefined ? `line ${p.line}: ` : ''}${problemDetail(p)}`);
  return {
    policy: Object.freeze({
      required: Object.freeze(required),
      seniors: Object.freeze(seniors),
      agents: Object.freeze(agents),
      requireSignedRecords: so?.requireSignedRecords === true,
      ...(so?.allowedSignersFile !== undefined ? { allowedSignersFile: so.allowedSignersFile } : {}),
    }),
    problems,
  };
}

function lowerSet(list: readonly string[]): Set<string> {
  return new Set(list.map((s) => s.trim().toLowerCase()));
}

/**
 * The stricter of two policies (`a` the base's, `b` HEAD's): the larger count, every seniors list,
 * every agent pattern, signed records if either asks. The allowed signers file is the base's:
 * a branch cannot choose who vouches for its own approvals.
 */
export function stricterPolicy(a: SignoffPolicy, b: SignoffPolicy): SignoffPolicy {
  const required = {} as Record<FindingSeverity, number>;
  for (const s of FINDING_SEVERITIES) required[s] = Math.max(a.required[s], b.required[s]);
  const seniors: (readonly string[])[] = [...a.seniors];
  for (const l of b.seniors) {
    const key = [...lowerSet(l)].sort().join('\n');
    if (!seniors.some((x) => [...lowerSet(x)].sort().join('\n') === key)) seniors.push(l);
  }
  const agents = [...a.agents];
  const have = lowerSet(agents);
  for (const p of b.agents) if (!have.has(p.trim().toLowerCase())) agents.push(p);
  return Object.freeze({
    required: Object.freeze(required),
    seniors: Object.freeze(seniors),
    agents: Object.freeze(agents),
    requireSignedRecords: a.requireSignedRecords || b.requireSignedRecords,
    ...(a.allowedSignersFile !== undefined ? { allowedSignersFile: a.allowedSignersFile } : {}),
  });
}

/**
 * True when every address `inner` matches is also matched by `outer`. Exact for patterns
 * without `?` in `outer` (a `*` or `?` of `inner` must then fall inside a `*` of `outer`);
 * otherwise conservative (false).
 */
export function globCovers(outer: string, inner: string): boolean {
  if (outer.includes('?')) return outer.trim().toLowerCase() === inner.trim().toLowerCase();
  return emailMatches(outer, inner);
}

/** One line per way `head` asks for less than `base`; empty when it does not. */
export function policyLowering(base: SignoffPolicy, head: SignoffPolicy): string[] {
  const out: string[] = [];
  for (const s of FINDING_SEVERITIES) {
    if (head.required[s] < base.required[s]) out.push(`approvals for ${s} lowered from ${base.required[s]} to ${head.required[s]}`);
  }
  if (base.seniors.length > 0) {
    if (head.seniors.length === 0) out.push('approvals.seniors removed: anyone could give the second sign-off');
    else {
      for (const p of head.seniors.flat()) {
        if (!base.seniors.every((list) => list.some((o) => globCovers(o, p)))) out.push(`approvals.seniors widened by ${p}`);
      }
    }
  }
  const headAgents = lowerSet(head.agents);
  for (const p of base.agents) if (!headAgents.has(p.trim().toLowerCase())) out.push(`approvals.agents lost ${p}: that identity's approvals would count`);
  if (base.requireSignedRecords && !head.requireSignedRecords) out.push('signoff.requireSignedRecords turned off: unsigned approvals would count');
  return out;
}

/** The lines a policy-lowering change is hashed over (one per setting, in a fixed order). */
export function policySummaryLines(p: SignoffPolicy): string[] {
  const lines = FINDING_SEVERITIES.map((s) => `approvals.${s} ${p.required[s]}`);
  p.seniors.forEach((l, i) => lines.push(`approvals.seniors[${i}] ${[...l].map((x) => x.trim().toLowerCase()).sort().join(' ')}`));
  lines.push(`approvals.agents ${[...lowerSet(p.agents)].sort().join(' ')}`);
  if (p.requireSignedRecords) lines.push('signoff.requireSignedRecords true');
  return lines;
}

/** Whether an e-mail address may give a second or further sign-off under the policy. */
export function isSenior(p: SignoffPolicy, email: string): boolean {
  return p.seniors.every((list) => list.some((g) => emailMatches(g, email)));
}
