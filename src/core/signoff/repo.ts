/**
 * Sign-off for a branch of a real repository: gathers the risky changes between the base and
 * HEAD, the policies of both, and the review record at HEAD (with where each record came from),
 * and judges them. Used by `blast-radius verify`, `blast-radius approve` and the editor command.
 *
 * What is compared:
 * - files: the base tree (merge-base of `--base` or the default branch, and HEAD) against the
 *   HEAD tree — committed content only; the review folder itself is left out;
 * - records: the ones in the HEAD tree. A record added on this branch counts only when the
 *   commit that added it was authored by the approver and the record has not been changed since;
 *   a record that existed at the base and was edited on the branch does not count.
 * - policy: the stricter of the base's and HEAD's `.blast-radius.json`; a HEAD policy that asks
 *   for less is a critical change judged under the base policy.
 */
import { DEFAULT_POLICY_FILE } from '../policy/load';
import { POLICY_LOWERED_RULE, riskyChangesInFile, CHANGE_ID_LENGTH, type RiskyChange } from './changes';
import {
  additionsUnder,
  agentTouchedFiles,
  changedFiles,
  commitOf,
  GitError,
  listTree,
  objectIds,
  readBlobs,
  repoRoot,
  resolveBase,
  runGit,
  statusUnder,
  type BaseRevision,
  type GitRunner,
} from './git';
import { hunkHash } from './hash';
import { agentReason, identityKey } from './identity';
import { policyLowering, policySummaryLines, signoffPolicyFromText, stricterPolicy, type SignoffPolicy } from './policy';
import { parseRecord, readRecordsFromDisk, type RecordProblem } from './record';
import { isUnderReviews, REVIEWS_DIR } from './reviewsDir';
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

/** Gathers and judges everything. Throws GitError (one line, what to do) for git problems. */
export function collectSignoff(opts: SignoffOptions): SignoffReport {
  const git = opts.git ?? runGit;
  const root = repoRoot(opts.cwd, git);
  const head = commitOf(root, 'HEAD', git);
  if (!head) throw new GitError('this repository has no commits yet; commit your work, then run this again.');
  const base = resolveBase(root, head, opts.base, git);

  // Policies of both sides.
  const pol = readBlobs(root, [`${base.commit}:${DEFAULT_POLICY_FILE}`, `${head}:${DEFAULT_POLICY_FILE}`], git);
  const baseP = signoffPolicyFromText(utf8(pol.get(`${base.commit}:${DEFAULT_POLICY_FILE}`)));
  const headP = signoffPolicyFromText(utf8(pol.get(`${head}:${DEFAULT_POLICY_FILE}`)));
  const policy = stricterPolicy(baseP.policy, headP.policy);
  const lowering = policyLowering(baseP.policy, headP.policy);
  const policyProblems = [
    ...baseP.problems.map((p) => `${DEFAULT_POLICY_FILE} at the base: ${p}`),
    ...headP.problems.map((p) => `${DEFAULT_POLICY_FILE} at HEAD: ${p}`),
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

  if (planned.length > 0) {
    const byAgents = agentTouchedFiles(root, base.commit, head, (id) => agentReason(id, policy.agents) !== undefined, git);
    for (const p of planned) p.change.agentAttributed = byAgents.has(p.change.file);
  }

  // The record at HEAD, and where each record came from.
  const { records, recordProblems } = readRecordsAtHead(root, base.commit, head, git);
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

  const outcome = evaluateAll(planned, evidence, policy);
  return {
    root,
    base,
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

/** Records in the HEAD tree with their provenance; unreadable ones are problems. */
export function readRecordsAtHead(root: string, base: string, head: string, git: GitRunner = runGit): { records: EvidenceRecord[]; recordProblems: RecordProblem[] } {
  const tree = listTree(root, head, REVIEWS_DIR, git);
  const paths = [...tree.keys()].sort();
  const blobs = readBlobs(root, paths.map((p) => `${head}:${p}`), git);
  const status = statusUnder(root, base, head, REVIEWS_DIR, git);
  const added = [...status.entries()].some(([, s]) => s === 'A') ? additionsUnder(root, base, head, REVIEWS_DIR, git) : new Map();
  const origins = objectIds(
    root,
    paths.filter((p) => status.get(p) === 'A' && added.has(p)).map((p) => `${added.get(p)!.commit}:${p}`),
    git,
  );
  const records: EvidenceRecord[] = [];
  const recordProblems: RecordProblem[] = [];
  for (const p of paths) {
    const text = utf8(blobs.get(`${head}:${p}`));
    if (text === null) {
      recordProblems.push({ path: p, message: 'cannot be read' });
      continue;
    }
    const parsed = parseRecord(text, p);
    if (!parsed.ok) {
      recordProblems.push({ path: p, message: parsed.message });
      continue;
    }
    const ev: EvidenceRecord = { path: p, record: parsed.record };
    const s = status.get(p);
    if (s === 'M' || s === 'T') {
      ev.untrusted = 'the record was edited after it was written (records are append-only; write a new one)';
    } else if (s === 'A') {
      const a = added.get(p);
      if (!a) {
        ev.untrusted = 'the record arrived without a commit of its own (through a merge); approve again';
      } else if (a.authorEmail.trim().toLowerCase() !== identityKey(parsed.record.approver)) {
        ev.untrusted = `the record was committed by ${a.authorEmail} (commit ${a.commit.slice(0, 10)}), not by the approver ${parsed.record.approver.email}`;
      } else if (origins.get(`${a.commit}:${p}`) !== tree.get(p)) {
        ev.untrusted = `the record was changed after commit ${a.commit.slice(0, 10)} added it (records are append-only)`;
      }
    }
    records.push(ev);
  }
  return { records, recordProblems };
}
