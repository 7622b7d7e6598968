/**
 * Baselines: what a file is compared with to find its unreviewed changes.
 *
 * Order of precedence for one file:
 *   1. the content a person last approved (until a git operation moves HEAD past it);
 *   2. the file's content at git HEAD, when the file is in a repository and tracked there;
 *   3. the content when the file was first seen (opened, or first reported), for files git does
 *      not track or workspaces without git;
 *   4. nothing known: a file reported as created has the empty baseline `null` (everything in it
 *      is new); a file first reported as changed is taken as it is (nothing to review yet).
 *
 * Pure and editor-free: the extension fetches HEAD content and hands it in.
 */

export type BaselineSource = 'approved' | 'git-head' | 'first-seen' | 'created';

export interface Baseline {
  /** `null`: the file did not exist in the baseline. */
  content: string | null;
  source: BaselineSource;
}

/** What the store knows of one file's HEAD version. */
export interface HeadVersion {
  /** Identifies the HEAD it was read at (commit id, or another fingerprint). */
  key: string;
  /** `null`: the file is not in HEAD (untracked or new). */
  content: string | null;
}

interface Entry {
  approved?: string | null;
  head?: HeadVersion;
  /** `null`: first seen as created. */
  firstSeen?: string | null;
}

/** Sizes beyond which cached HEAD contents are dropped (oldest first); they can be read again. */
const DEFAULT_HEAD_CACHE_BYTES = 64 * 1024 * 1024;

export type Resolution =
  | { kind: 'baseline'; baseline: Baseline }
  /** The HEAD version at `headKey` is needed first (fetch it, `setHead`, resolve again). */
  | { kind: 'need-head' }
  /** Nothing known: the caller decides from the event (created → `null`; else the current content). */
  | { kind: 'unknown' };

export class BaselineStore {
  private readonly entries = new Map<string, Entry>();
  private headBytes = 0;

  constructor(private readonly headCacheBytes: number = DEFAULT_HEAD_CACHE_BYTES) {}

  /**
   * The baseline of `path`. `headKey` is the repository's current HEAD fingerprint, or undefined
   * when the file is not in a repository (or git is unavailable).
   */
  resolve(path: string, headKey: string | undefined): Resolution {
    const e = this.entries.get(path);
    if (e?.approved !== undefined) return { kind: 'baseline', baseline: { content: e.approved, source: 'approved' } };
    if (headKey !== undefined) {
      if (e?.head === undefined || e.head.key !== headKey) return { kind: 'need-head' };
      if (e.head.content !== null) return { kind: 'baseline', baseline: { content: e.head.content, source: 'git-head' } };
    }
    if (e?.firstSeen !== undefined) {
      return { kind: 'baseline', baseline: { content: e.firstSeen, source: e.firstSeen === null ? 'created' : 'first-seen' } };
    }
    return { kind: 'unknown' };
  }

  /** Records the HEAD version of a file (null = not in HEAD). */
  setHead(path: string, head: HeadVersion): void {
    const e = this.entry(path);
    if (e.head) this.headBytes -= e.head.content?.length ?? 0;
    e.head = head;
    this.headBytes += head.content?.length ?? 0;
    if (this.headBytes > this.headCacheBytes) this.evictHeads(path);
  }

  /** The cached HEAD content at `headKey`: undefined when not cached (or cached at another HEAD). */
  headAt(path: string, headKey: string): string | null | undefined {
    const h = this.entries.get(path)?.head;
    return h !== undefined && h.key === headKey ? h.content : undefined;
  }

  /**
   * An approval lasts while the file differs from where it started: when the file is back at its
   * HEAD version (or first-seen content), the approval is dropped, so the same risky change made
   * again is reviewed again. Returns true when it dropped one.
   */
  dropApprovalIfBack(path: string, current: string | null, headKey: string | undefined): boolean {
    const e = this.entries.get(path);
    if (!e || e.approved === undefined) return false;
    const origin = headKey !== undefined && e.head?.key === headKey && e.head.content !== null ? e.head.content : e.firstSeen;
    if (origin === undefined || origin !== current) return false;
    delete e.approved;
    return true;
  }

  /** Records the content of a file when first seen; later calls keep the first. */
  noteSeen(path: string, content: string | null): void {
    const e = this.entry(path);
    if (e.firstSeen === undefined) e.firstSeen = content;
  }

  hasSeen(path: string): boolean {
    return this.entries.get(path)?.firstSeen !== undefined;
  }

  /** A person approved `content` (null: approved the file's deletion). */
  approve(path: string, content: string | null): void {
    this.entry(path).approved = content;
  }

  approvedContent(path: string): string | null | undefined {
    return this.entries.get(path)?.approved;
  }

  /**
   * A git operation changed the file: its baseline becomes the new HEAD (read lazily), or for a
   * file git does not track, `current` (the content the operation left).
   */
  rebaseline(path: string, current: string | null | undefined): void {
    const e = this.entries.get(path);
    if (!e) {
      if (current !== undefined) this.entry(path).firstSeen = current;
      return;
    }
    delete e.approved;
    if (current !== undefined) e.firstSeen = current;
    else delete e.firstSeen;
  }

  /** Drops everything known about a file. */
  forget(path: string): void {
    const e = this.entries.get(path);
    if (e?.head) this.headBytes -= e.head.content?.length ?? 0;
    this.entries.delete(path);
  }

  /** Approved contents, for persisting across restarts (only entries with an approval). */
  approvals(): Array<[string, string | null]> {
    const out: Array<[string, string | null]> = [];
    for (const [p, e] of this.entries) if (e.approved !== undefined) out.push([p, e.approved]);
    return out;
  }

  private entry(path: string): Entry {
    let e = this.entries.get(path);
    if (!e) {
      e = {};
      this.entries.set(path, e);
    }
    return e;
  }

  private evictHeads(keep: string): void {
    for (const [p, e] of this.entries) {
      if (this.headBytes <= this.headCacheBytes) return;
      if (p === keep || !e.head) continue;
      this.headBytes -= e.head.content?.length ?? 0;
      delete e.head;
    }
  }
}
