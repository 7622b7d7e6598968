/**
 * The pending-review queue: everything waiting for a person. Held terminal commands and risky
 * edits live in one queue so that the status bar, the review command, the tree view and the
 * deploy gate all see the same thing.
 *
 * Editor-free: items are plain data; whoever adds an item of a kind says how it is approved,
 * denied or reverted (the extension keeps those handlers next to the queue).
 */
import { bySeverityDescending, type Severity, highestSeverity, severityRank } from '../severity';

export type PendingKind = 'edit' | 'command';

export interface PendingItem {
  /** Unique in the queue; for edits `edit:<file>#<hunk id>`, for commands the owner's id. */
  id: string;
  kind: PendingKind;
  severity: Severity;
  /** Absolute path of the file concerned (edits; commands may name their cwd). */
  file?: string;
  /** Rule ids behind it, most severe first. */
  ruleIds: readonly string[];
  /** One line for lists: the main finding's message, or the held command line. */
  title: string;
  /** Milliseconds since the epoch when it first became pending. */
  createdAt: number;
  /** For edits: the hunk (id and content hash) and where it starts in the current text. */
  hunk?: { id: string; hash: string; line: number };
  /** The change was attributed to an agent (edits) / the reasons it is held (commands). */
  agent?: boolean;
  detail?: string;
}

export interface QueueChange {
  added: readonly PendingItem[];
  removed: readonly PendingItem[];
  updated: readonly PendingItem[];
}

export type QueueListener = (change: QueueChange) => void;

/** Display order: most severe first, then oldest first, then by id. */
export function compareItems(a: PendingItem, b: PendingItem): number {
  return bySeverityDescending(a, b) || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function sameContent(a: PendingItem, b: PendingItem): boolean {
  return (
    a.severity === b.severity &&
    a.title === b.title &&
    a.file === b.file &&
    a.detail === b.detail &&
    a.agent === b.agent &&
    a.ruleIds.join(',') === b.ruleIds.join(',') &&
    a.hunk?.id === b.hunk?.id &&
    a.hunk?.line === b.hunk?.line
  );
}

/**
 * The item to open after the file `current`: the first one after its items in queue order, going
 * round; never one of `current` itself. Without `current` (or when it has nothing pending) the
 * first item.
 */
export function nextItem(items: readonly PendingItem[], current: string | undefined): PendingItem | undefined {
  const at = current === undefined ? -1 : items.findIndex((i) => i.kind === 'edit' && i.file === current);
  const ordered = at < 0 ? items : [...items.slice(at + 1), ...items.slice(0, at)];
  return ordered.find((i) => !(i.kind === 'edit' && i.file === current));
}

export class ReviewQueue {
  private readonly items = new Map<string, PendingItem>();
  private readonly listeners = new Set<QueueListener>();

  get size(): number {
    return this.items.size;
  }

  get(id: string): PendingItem | undefined {
    return this.items.get(id);
  }

  /** Every pending item in display order. */
  list(): PendingItem[] {
    return [...this.items.values()].sort(compareItems);
  }

  /** Items about one file (absolute path). */
  forFile(file: string): PendingItem[] {
    return this.list().filter((i) => i.file === file);
  }

  /** Highest severity pending; `none` when empty. */
  highest(): Severity {
    return highestSeverity(this.items.values());
  }

  /** Files with pending edits and the highest severity among each file's items. */
  files(): Map<string, Severity> {
    const out = new Map<string, Severity>();
    for (const i of this.items.values()) {
      if (i.kind !== 'edit' || i.file === undefined) continue;
      const prev = out.get(i.file);
      if (prev === undefined || severityRank(i.severity) > severityRank(prev)) out.set(i.file, i.severity);
    }
    return out;
  }

  /** Adds an item or updates the one with its id (keeping the original `createdAt`). */
  upsert(item: PendingItem): void {
    const prev = this.items.get(item.id);
    if (prev) {
      const next = { ...item, createdAt: prev.createdAt };
      if (sameContent(prev, next)) return;
      this.items.set(item.id, next);
      this.emit({ added: [], removed: [], updated: [next] });
      return;
    }
    this.items.set(item.id, item);
    this.emit({ added: [item], removed: [], updated: [] });
  }

  remove(id: string): PendingItem | undefined {
    const prev = this.items.get(id);
    if (!prev) return undefined;
    this.items.delete(id);
    this.emit({ added: [], removed: [prev], updated: [] });
    return prev;
  }

  /**
   * Replaces every edit item of `file` with `items` in one change: ids present before keep their
   * `createdAt`, ids no longer present are removed.
   */
  replaceFile(file: string, items: readonly PendingItem[]): void {
    const added: PendingItem[] = [];
    const removed: PendingItem[] = [];
    const updated: PendingItem[] = [];
    const keep = new Set(items.map((i) => i.id));
    for (const prev of [...this.items.values()]) {
      if (prev.kind === 'edit' && prev.file === file && !keep.has(prev.id)) {
        this.items.delete(prev.id);
        removed.push(prev);
      }
    }
    for (const item of items) {
      const prev = this.items.get(item.id);
      if (!prev) {
        this.items.set(item.id, item);
        added.push(item);
        continue;
      }
      const next = { ...item, createdAt: prev.createdAt };
      if (sameContent(prev, next)) continue;
      this.items.set(item.id, next);
      updated.push(next);
    }
    if (added.length || removed.length || updated.length) this.emit({ added, removed, updated });
  }

  /** Removes every item matching `pred`. */
  removeWhere(pred: (i: PendingItem) => boolean): PendingItem[] {
    const removed = [...this.items.values()].filter(pred);
    for (const i of removed) this.items.delete(i.id);
    if (removed.length) this.emit({ added: [], removed, updated: [] });
    return removed;
  }

  onDidChange(listener: QueueListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(change: QueueChange): void {
    for (const l of [...this.listeners]) {
      try {
        l(change);
      } catch {
        // a listener's failure must not stop the others or the queue
      }
    }
  }
}

/** "just now", "3 min ago", "2 h ago", "5 d ago". */
export function formatAge(createdAt: number, now: number): string {
  const s = Math.max(0, Math.floor((now - createdAt) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}
