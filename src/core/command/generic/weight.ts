/**
 * The one severity model for deleting something, shared by the generic reading of a command
 * (./judge.ts) and the packs' delete rules, so a deleted registry tag, storage object, snapshot
 * or consumer group weighs the same whichever rule recognises it.
 *
 *   what          shared    data or infrastructure, remote or shared, that has no way back: an object or
 *                           blob, an image tag in a registry, a DNS record, a deploy key, a
 *                           secret or CI variable, a VM or dataset snapshot (a snapshot is the
 *                           backup), a stream's messages, a consumer group's offsets, an
 *                           index's documents                                        → high
 *                 kept      something that stays recoverable for a while or is cheap to make
 *                           again (a trash or soft delete, a yank, a run record)     → medium
 *                 local     local build output, a local package or image              → low
 *   reach         one named item; wide (a prefix, a wildcard, recursive); all (`--all`,
 *                 every snapshot, a whole device)
 *   skipped       the tool's own confirmation turned off (`--force`, `-y`, `--quiet`, …)
 *   production    a production-looking name, profile, context or host
 *
 * Shared: high; critical when it reaches everything, targets production, or reaches widely
 * with the confirmation skipped. Kept and local: one step up for reach beyond one item or a
 * skipped confirmation, one more for production, never past high.
 */
import { SEVERITIES, type Severity } from '../../severity';

export type DeleteTarget = 'shared' | 'kept' | 'local';
export type Reach = 'one' | 'wide' | 'all';

export interface DeleteFacts {
  target: DeleteTarget;
  reach?: Reach;
  /** The tool's own confirmation is skipped. */
  skip?: boolean;
  /** The target looks like production. */
  prod?: boolean;
}

/** The rank (1 low … 4 critical) of a delete with these facts. */
export function deleteRank(f: DeleteFacts): number {
  const reach = f.reach ?? 'one';
  if (f.target === 'shared') return reach === 'all' || f.prod || (reach === 'wide' && f.skip) ? 4 : 3;
  const base = f.target === 'kept' ? 2 : 1;
  return Math.min(3, base + (reach !== 'one' || f.skip ? 1 : 0) + (f.prod ? 1 : 0));
}

/** The severity of a delete with these facts (see the table above). */
export function deleteSeverity(f: DeleteFacts): Severity {
  return SEVERITIES[deleteRank(f)]!;
}

/** Why a remote delete is held, as a message ends it: `(no undo)`. */
export const NO_UNDO = 'no undo';

/** One named item of remote data deleted with no undo, confirmation asked: the table rows' severity. */
export const SHARED_DELETE: Severity = deleteSeverity({ target: 'shared' });

/**
 * An operand that names remote data: a URL (`s3://…`, `gs://…`, `https://…`), an image
 * reference with a registry host (`registry.acme.com/api:v2.3.0`) or a digest
 * (`library/api@sha256:…`). A cheap-sounding noun (an artifact, a tag) on such a target is
 * still a delete of shared data.
 */
export function isRemoteRef(t: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/./i.test(t) || /@sha256:[0-9a-f]{6,}/i.test(t) || /^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?\/[\w./-]+:[\w.-]+$/i.test(t);
}
