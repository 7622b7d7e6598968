/**
 * Writing approval records for a branch's risky changes (`blast-radius approve` and the editor's
 * Review Changes Awaiting Sign-off): plan who may approve what, write one record per change,
 * then stage or commit them. Whether a person is at the other end is the caller's to establish
 * (the CLI refuses agents and non-terminals; the editor asks in its own modal). Git problems
 * throw GitError; everything else is said through `io` and the exit code.
 */
import * as path from 'node:path';
import { planApprovals } from './approve';
import { authorIdentity, commitPaths, dirtyPaths, stagePaths } from './git';
import { formatIdentity, type Identity } from './identity';
import { recordPath, writeRecord } from './record';
import { collectSignoff } from './repo';
import { needsSignedRecords } from './verify';

export interface ApprovalRequest {
  /** A folder in the repository. */
  cwd: string;
  /** The base to compare with (default: the remote's default branch). */
  base?: string;
  /** Change ids to approve; with `allPending`, every change still waiting. */
  ids: readonly string[];
  allPending: boolean;
  /** Say what would count, write nothing. */
  asCheck: boolean;
  /** Commit the records (else stage them). */
  commit: boolean;
  note?: string;
  /** The version written into each record. */
  toolVersion: string;
}

export interface ApprovalOutput {
  out(text: string): void;
  err(text: string): void;
}

/** Approves as the repository's git identity; returns the exit code `approve` documents. */
export function recordApprovals(o: ApprovalRequest, io: ApprovalOutput): number {
  const report = collectSignoff({ cwd: o.cwd, ...(o.base !== undefined ? { base: o.base } : {}), includeUncommitted: true });
  const who: Identity = authorIdentity(report.root);
  const plan = planApprovals(report.outcome.results, report.records, {
    ids: o.ids,
    allPending: o.allPending,
    who,
    tool: { name: 'blast-radius', version: o.toolVersion },
    commit: report.head,
  });
  if (o.note !== undefined) for (const a of plan.approve) a.record.note = o.note;

  for (const u of plan.unknown) io.err(`blast-radius approve: ${u.reason}\n`);
  for (const r of plan.refused) io.err(`blast-radius approve: ${r.result.change.id} ${r.result.change.file}:${r.result.change.line} not approved: ${r.reason}\n`);
  if (o.allPending && o.ids.length === 0 && plan.approve.length === 0 && plan.refused.length === 0) {
    io.out('Nothing is waiting for sign-off on this branch.\n');
    return 0;
  }

  const lines: string[] = [];
  for (const a of plan.approve) {
    const c = a.result.change;
    lines.push(`  ${c.id}  ${c.file}:${c.line}${c.side === 'before' ? ' (removed)' : ''}  ${c.severity}  ${c.ruleId}  ${a.result.have + 1}/${a.result.required}`);
    lines.push(`      ${c.message}`);
  }
  if (o.asCheck) {
    if (plan.approve.length > 0) io.out(`Your approval (${formatIdentity(who)}) would count for:\n${lines.join('\n')}\n`);
    return plan.refused.length + plan.unknown.length > 0 ? 1 : 0;
  }
  if (plan.approve.length === 0) return 1;

  const dirty = dirtyPaths(report.root, [...new Set(plan.approve.map((a) => a.result.change.file))]);
  if (dirty.length > 0) {
    io.err(`blast-radius approve: note: ${dirty.join(', ')} ${dirty.length === 1 ? 'has' : 'have'} uncommitted changes; you are approving the committed content (HEAD ${report.head.slice(0, 10)}).\n`);
  }
  const written: string[] = [];
  for (const a of plan.approve) {
    try {
      written.push(writeRecord(report.root, a.record));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      io.err(`blast-radius approve: could not write ${recordPath(a.record)} (${code ?? 'error'}); check that the folder is writable.\n`);
    }
  }
  if (written.length === 0) return 1;
  io.out(`Approved as ${formatIdentity(who)}:\n${lines.join('\n')}\n`);
  const sign = plan.approve.some((a) => needsSignedRecords(a.result.policy, a.result.required));
  if (o.commit) {
    const ids = plan.approve.map((a) => a.result.change.id);
    const commit = (commitPaths(report.root, written, `Sign off ${ids.length === 1 ? ids[0] : `${ids.length} risky changes`} (blast-radius approve)\n\n${ids.map((id) => `Approved: ${id}`).join('\n')}\n`, undefined, sign));
    io.out(`Committed ${written.length} record file${written.length === 1 ? '' : 's'} in ${commit.slice(0, 10)}; push to share them.\n`);
  } else {
    stagePaths(report.root, written);
    io.out(`Staged ${written.length} record file${written.length === 1 ? '' : 's'} in ${path.posix.dirname(written[0]!)}; commit${sign ? ' (signed: these approvals count only from a commit signed with your key)' : ''} and push them:\n  git commit${sign ? ' -S' : ''} -m "Sign off risky changes" -- ${written.join(' ')}\n`);
  }
  return plan.refused.length + plan.unknown.length + (plan.approve.length - written.length) > 0 ? 1 : 0;
}
