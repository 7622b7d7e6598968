/**
 * Sign-off for a branch of a real repository: gathers the risky changes between the base and
 * HEAD, the policies of both, and the review record at HEAD (with where each record came from),
 * and judges them. Used by `blast-radius verify`, `blast-radius approve` and the editor command.
 *
 * What is compared:
 * - files: the base tree (merge-base of `--base` or the default branch, and HEAD) against the
 *   HEAD tree — committed content only; the review folder itself is left out;
 * - records: the ones in the HEAD tree. A record counts only when the commit that added it (on
 *   this branch, or in the base's history for records already at the base) was authored by the
 *   approver and the record has not been changed since; a record that existed at the base and
 *   was edited on the branch does not count. The signature of that commit is verified against
 *   the allowed signers of the base (signers.ts, signature.ts).
 * - policy: the stricter of the base's and HEAD's `.blast-radius.json`; a HEAD policy that asks
 *   for less, or that changes who vouches for approvals (the allowed signers), is a critical
 *   change judged under the base policy.
 * - the base itself: a base that already contains HEAD, or a remote-tracking ref that something
 *   other than git fetch moved, fails verification (`baseProblems`).
 */
import { DEFAULT_POLICY_FILE } from '../policy/load';
import { systemPolicyTexts } from '../policy/system';
import { POLICY_LOWERED_RULE, riskyChangesInFile, CHANGE_ID_LENGTH, SIGNERS_CHANGED_RULE, type RiskyChange } from './changes';
import {
  additionsUnder,
  agentTouchedFiles,
  changedFiles,
  commitOf,
  commitSignatures,
  GitError,
  listTree,
  newestReflogEntry,
  objectIds,
  readBlobs,
  repoRoot,
  resolveBase,
  runGit,
  statusUnder,
  type Addition,
  type BaseRevision,
  type GitRunner,
} from './git';
import { hunkHash } from './hash';
import { agentReason, sameIdentity } from './identity';
import { policyLowering, policySummaryLines, signoffPolicyFromText, stricterPolicy, type SignoffPolicy } from './policy';
import { parseRecord, readRecordsFromDisk, type RecordProblem } from './record';
import { isUnderReviews, REVIEWS_DIR } from './reviewsDir';
import { withAllowedSigners, type AllowedSigners } from './signers';
import { evaluateAll, type EvidenceRecord, type PlannedChange, type VerifyOutcome } from './verify';

export interface SignoffOptions {
  /** A folder inside the repository. */
  cwd: string;
  /** The branch (or commit) this one was made from; default origin/main, main, origin/master, master. */
  base?: string;
  /** Also read records written in the working tree but not committed (they never count). */
  includeUncommitted?: boolean;
  git?: GitRunner;
}

export interface SignoffReport {
  root: string;
  base: BaseRevision;
  /** Why the base cannot be trusted to show this branch's changes; verification fails when any. */
  baseProblems: string[];
  /** Where the allowed signers that verified the records' signatures came from. */
  signers: AllowedSigners;
  head: string;
  /** The policy applied (the stricter of base and HEAD). */
  policy: SignoffPolicy;
  basePolicy: SignoffPolicy;
  headPolicy: SignoffPolicy;
  /** Problems in either policy file (valid entries still apply). */
  policyProblems: string[];
  /** How HEAD's policy asks for less than the base's (empty when it does not). */
  lowering: string[];
  outcome: VerifyOutcome;
  records: EvidenceRecord[];
  recordProblems: RecordProblem[];
  /** Record files in the working tree that are not in HEAD (they do not count until committed). */
  uncommitted: string[];
  /** Files compared between base and HEAD (the review folder excluded). */
  filesCompared: number;
}

function utf8(b: Buffer | null | undefined): string | null {
  return b === null || b === undefined ? null : b.toString('utf8');
}

/** A remote-tracking ref is last set by these (git's reflog messages); anything else moved it locally. */
const FETCH_LIKE = /^(fetch|pull|clone|update by push)\b/;

/**
 * Why the base cannot show this branch's changes. A branch under review is never already part of
 * its base, so a base that contains HEAD was moved onto it; and a remote-tracking ref that was
 * last set by something other than fetch (git update-ref, an edited ref file) shows what someone
 * wrote locally, not what the remote has. Neither check stops an agent that also rewrites the
 * reflog: the guarantee needs a fresh clone in CI (docs/signoff.md).
 */
export function baseProblemsOf(root: string, base: BaseRevision, head: string, git: GitRunner = runGit): string[] {
  const out: string[] = [];
  const remote = base.ref?.startsWith('refs/remotes/') ? base.ref.split('/')[2] : undefined;
  const refetch = remote !== undefined ? `fetch it again (git fetch ${remote})` : 'pass the branch this one was made from with --base';
  if (base.commit === head) {
    out.push(
      `HEAD ${head.slice(0, 10)} is already part of ${base.label} (${base.tip.slice(0, 10)}), so there is nothing between them to verify: either this branch is merged, or ${base.label} was moved onto it; ${refetch}, or verify in a fresh clone`,
    );
  }
  if (base.ref?.startsWith('refs/remotes/')) {
    const last = newestReflogEntry(root, base.ref, git);
    if (last && last.commit !== base.tip) {
      out.push(`${base.label} points at ${base.tip.slice(0, 10)}, but its reflog says git last set it to ${last.commit.slice(0, 10)}: the ref was rewritten outside git; ${refetch}, or verify in a fresh clone`);
    } else if (last && !FETCH_LIKE.test(last.message)) {
      out.push(`${base.label} was last moved by ${last.message === '' ? 'git update-ref' : JSON.stringify(last.message)}, not by git fetch, so it may not be what the remote has; ${refetch}, or verify in a fresh clone`);
    }
  }
  return out;
}

function utf8Lines(b: Buffer | null | undefined): string[] {
  const t = utf8(b);
  return t === null ? [] : t.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) => l !== '');
}

/**
 * The change of who vouches for approvals, when HEAD's policy names another allowed signers file
 * than the base's, or the named file differs: a critical change judged under the base policy.
 * (verify itself always uses the base's file; this makes the next branch's trust need sign-off.)
 */
function signersChange(root: string, baseCommit: string, head: string, basePath: string | undefined, headPath: string | undefined, git: GitRunner): RiskyChange | undefined {
  if (basePath === undefined && headPath === undefined) return undefined;
  const specs = [basePath !== undefined ? `${baseCommit}:${basePath}` : '', headPath !== undefined ? `${head}:${headPath}` : ''].filter((x) => x !== '');
  const blobs = readBlobs(root, specs, git);
  const before = basePath !== undefined ? [`signoff.allowedSignersFile ${basePath}`, ...utf8Lines(blobs.get(`${baseCommit}:${basePath}`))] : [];
  const after = headPath !== undefined ? [`signoff.allowedSignersFile ${headPath}`, ...utf8Lines(blobs.get(`${head}:${headPath}`))] : [];
  if (before.join('\n') === after.join('\n')) return undefined;
  const file = headPath ?? DEFAULT_POLICY_FILE;
  const hash = hunkHash({ path: file, ruleId: SIGNERS_CHANGED_RULE, removed: before, added: after });
  const what =
    basePath === undefined
      ? `names ${headPath!} as the allowed signers file`
      : headPath === undefined
        ? `drops signoff.allowedSignersFile (${basePath})`
        : basePath !== headPath
          ? `moves the allowed signers file from ${basePath} to ${headPath}`
          : `changes ${headPath}`;
  return {
    id: hash.slice(0, CHANGE_ID_LENGTH),
    hash,
    file,
    ruleId: SIGNERS_CHANGED_RULE,
    severity: 'critical',
    message: `the branch ${what}: that decides whose signed approvals count once it is merged (not for this branch, which is judged by the base's)`,
    line: 1,
    side: 'after',
  };
}

/** Gathers and judges everything. Throws GitError (one line, what to do) for git problems. */
export function collectSignoff(opts: SignoffOptions): SignoffReport {
  const git = opts.git ?? runGit;
  const root = repoRoot(opts.cwd, git);
  const head = commitOf(root, 'HEAD', git);
  if (!head) throw new GitError('this repository has no commits yet; commit your work, then run this again.');
  const base = resolveBase(root, head, opts.base, git);
  const baseProblems = baseProblemsOf(root, base, head, git);

  // Policies: the merge-base's and HEAD's apply; the base tip's names the allowed signers.
  const policySpecs = [`${base.commit}:${DEFAULT_POLICY_FILE}`, `${head}:${DEFAULT_POLICY_FILE}`, `${base.tip}:${DEFAULT_POLICY_FILE}`];
  const pol = readBlobs(root, policySpecs, git);
  const baseP = signoffPolicyFromText(utf8(pol.get(policySpecs[0]!)));
  const headP = signoffPolicyFromText(utf8(pol.get(policySpecs[1]!)));
  const tipP = base.tip === base.commit ? baseP : signoffPolicyFromText(utf8(pol.get(policySpecs[2]!)));
  // The machine's system policy (see core/policy/system.ts) can only ask for more: the stricter applies.
  const systemP = systemPolicyTexts().map((s) => ({ file: s.file, ...signoffPolicyFromText(s.text) }));
  const policy = systemP.reduce((acc, s) => stricterPolicy(acc, s.policy), stricterPolicy(baseP.policy, headP.policy));
  const lowering = policyLowering(baseP.policy, headP.policy);
  const policyProblems = [
    ...baseP.problems.map((p) => `${DEFAULT_POLICY_FILE} at the base: ${p}`),
    ...headP.problems.map((p) => `${DEFAULT_POLICY_FILE} at HEAD: ${p}`),
    ...systemP.flatMap((s) => s.problems.map((p) => `${s.file}: ${p}`)),
  ];

  // Risky changes between base and HEAD.
  const files = changedFiles(root, base.commit, head, git).filter((f) => !isUnderReviews(f.path));
  const specs: string[] = [];
  for (const f of files) {
    if (f.change !== 'created') specs.push(`${base.commit}:${f.oldPath ?? f.path}`);
    if (f.change !== 'deleted') specs.push(`${head}:${f.path}`);
  }
  const blobs = readBlobs(root, specs, git);
  const planned: PlannedChange[] = [];
  const needs = (s: keyof SignoffPolicy['required']): boolean => policy.required[s] > 0;
  for (const f of files) {
    const before = f.change === 'created' ? null : blobs.get(`${base.commit}:${f.oldPath ?? f.path}`) ?? null;
    const after = f.change === 'deleted' ? null : blobs.get(`${head}:${f.path}`) ?? null;
    if (before === null && after === null) continue;
    for (const c of riskyChangesInFile({ path: f.path, before, after, context: { workspaceRoot: root, tracked: true } }, needs)) planned.push({ change: c });
  }
  if (lowering.length > 0) {
    const hash = hunkHash({ path: DEFAULT_POLICY_FILE, ruleId: POLICY_LOWERED_RULE, removed: policySummaryLines(baseP.policy), added: policySummaryLines(headP.policy) });
    const change: RiskyChange = {
      id: hash.slice(0, CHANGE_ID_LENGTH),
      hash,
      file: DEFAULT_POLICY_FILE,
      ruleId: POLICY_LOWERED_RULE,
      severity: 'critical',
      message: `the policy asks for less sign-off than the base: ${lowering.join('; ')}`,
      line: 1,
      side: 'after',
    };
    planned.push({ change, policy: baseP.policy, required: Math.max(1, baseP.policy.required.critical) });
  }
  const signers = signersChange(root, base.commit, head, baseP.policy.allowedSignersFile, headP.policy.allowedSignersFile, git);
  if (signers) planned.push({ change: signers, policy: baseP.policy, required: Math.max(1, baseP.policy.required.critical) });

  if (planned.length > 0) {
    const byAgents = agentTouchedFiles(root, base.commit, head, (id) => agentReason(id, policy.agents) !== undefined, git);
    for (const p of planned) p.change.agentAttributed = byAgents.has(p.change.file);
  }

  // The record at HEAD, where each record came from, and who signed the commit that added it.
  const relevant = new Set(planned.map((p) => p.change.hash));
  const { records, recordProblems } = readRecordsAtHead(root, base.commit, head, git, relevant);
  const signerSource = withAllowedSigners(root, base, tipP.policy.allowedSignersFile, git, (file, source) => {
    const proofs = commitSignatures(root, records.flatMap((r) => (r.addedIn !== undefined && relevant.has(r.record.hash) ? [r.addedIn] : [])), file, git);
    for (const r of records) if (r.addedIn !== undefined) r.signature = proofs.get(r.addedIn);
    return source;
  });
  const uncommitted: string[] = [];
  const evidence = [...records];
  const disk = readRecordsFromDisk(root);
  const atHead = new Set(records.map((r) => r.path).concat(recordProblems.map((p) => p.path)));
  for (const r of disk.records) {
    if (atHead.has(r.path)) continue;
    uncommitted.push(r.path);
    if (opts.includeUncommitted) evidence.push({ ...r, uncommitted: true });
  }
  for (const p of disk.problems) if (!atHead.has(p.path)) uncommitted.push(p.path);

  const judged = evaluateAll(planned, evidence, policy);
  const outcome = baseProblems.length > 0 ? { ...judged, ok: false } : judged;
  return {
    root,
    base,
    baseProblems,
    signers: signerSource,
    head,
    policy,
    basePolicy: baseP.policy,
    headPolicy: headP.policy,
    policyProblems,
    lowering,
    outcome,
    records: evidence,
    recordProblems,
    uncommitted,
    filesCompared: files.length,
  };
}

/**
 * Where a record came from: the commit that added it must be the approver's (author), and the
 * record must not have changed since. Returns why not, or undefined.
 */
function provenanceProblem(a: Addition | undefined, approverEmail: string, added: string | undefined, now: string | undefined, where: string): string | undefined {
  if (!a) return `the record arrived ${where} without a commit of its own (through a merge); approve again`;
  if (!sameIdentity({ email: a.authorEmail }, { email: approverEmail })) return `the record was committed by ${a.authorEmail} (commit ${a.commit.slice(0, 10)}), not by the approver ${approverEmail}`;
  if (added !== now) return `the record was changed after commit ${a.commit.slice(0, 10)} added it (records are append-only)`;
  return undefined;
}

/**
 * Records in the HEAD tree with their provenance; unreadable ones are problems. Records added on
 * the branch are traced in `base..head`; records already at the base, in the base's history
 * (only those whose hash is in `relevant`, when given: the others cannot count for anything).
 */
export function readRecordsAtHead(
  root: string,
  base: string,
  head: string,
  git: GitRunner = runGit,
  relevant?: ReadonlySet<string>,
): { records: EvidenceRecord[]; recordProblems: RecordProblem[] } {
  const tree = listTree(root, head, REVIEWS_DIR, git);
  const paths = [...tree.keys()].sort();
  const blobs = readBlobs(root, paths.map((p) => `${head}:${p}`), git);
  const status = statusUnder(root, base, head, REVIEWS_DIR, git);
  const records: EvidenceRecord[] = [];
  const recordProblems: RecordProblem[] = [];
  for (const p of paths) {
    const text = utf8(blobs.get(`${head}:${p}`));
    if (text === null) {
      recordProblems.push({ path: p, message: 'cannot be read' });
      continue;
    }
    const parsed = parseRecord(text, p);
    if (!parsed.ok) recordProblems.push({ path: p, message: parsed.message });
    else records.push({ path: p, record: parsed.record });
  }
  const onBranch = records.filter((r) => status.get(r.path) === 'A');
  const atBase = records.filter((r) => !status.has(r.path) && (relevant === undefined || relevant.has(r.record.hash)));
  const addedOnBranch = onBranch.length > 0 ? additionsUnder(root, base, head, REVIEWS_DIR, git) : new Map<string, Addition>();
  const addedAtBase = atBase.length > 0 ? additionsUnder(root, undefined, base, REVIEWS_DIR, git) : new Map<string, Addition>();
  const additionOf = (r: EvidenceRecord): Addition | undefined => (status.get(r.path) === 'A' ? addedOnBranch : addedAtBase).get(r.path);
  const origins = objectIds(
    root,
    [...onBranch, ...atBase].flatMap((r) => {
      const a = additionOf(r);
      return a ? [`${a.commit}:${r.path}`] : [];
    }),
    git,
  );
  for (const r of records) {
    const s = status.get(r.path);
    if (s === 'M' || s === 'T') {
      r.untrusted = 'the record was edited after it was written (records are append-only; write a new one)';
      continue;
    }
    if (s !== 'A' && !atBase.includes(r)) continue;
    const a = additionOf(r);
    const problem = provenanceProblem(a, r.record.approver.email, a ? origins.get(`${a.commit}:${r.path}`) : undefined, tree.get(r.path), s === 'A' ? 'on this branch' : 'at the base');
    if (problem) r.untrusted = s === 'A' ? problem : `${problem} (a record already at the base needs the same proof)`;
    else r.addedIn = a!.commit;
  }
  return { records, recordProblems };
}
