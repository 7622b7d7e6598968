/**
 * What reading a file a command runs gives — its text and what is derived from the text alone
 * (a package.json's scripts, a script's parse) — kept for the next check, so a line such as
 * `npm test` checked again and again does not read and re-parse the same files each time.
 *
 * Safety: a text is reused only while the file's stamp is the same (device, inode, size, and
 * modification and change times in nanoseconds, read from the open file before and after
 * reading it, and compared with the path's stamp when it is asked for again); a file that
 * changed is read again. What is derived is keyed by the text itself,
 * so it can never outlive the text it came from. Nothing that depends on the check's context or
 * on other files (a verdict) is kept here. Both caches are bounded (least recently used first out).
 */
import * as fs from 'node:fs';

/** A small least-recently-used map. */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly max: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }

  get size(): number {
    return this.map.size;
  }
}

/** How many files' texts are kept. */
export const FILE_CACHE_ENTRIES = 128;

const texts = new Lru<string, { stamp: string; text: string }>(FILE_CACHE_ENTRIES);

function stampOf(st: fs.BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

export type FileText = { text: string } | { stats: fs.BigIntStats; tooLarge: true } | { stats: fs.BigIntStats; notFile: true };

/**
 * The text of the regular file at the absolute path `p` when it is at most `max` bytes; what it
 * is otherwise. Throws what the file system throws (the caller says why it cannot be read).
 */
export function readFileText(p: string, max: number): FileText {
  // Anything but a regular file is never opened (a FIFO would block, a device may never end or
  // act on being opened); non-blocking, so a named pipe swapped in meanwhile cannot hang the check.
  const seen = fs.statSync(p, { bigint: true });
  if (!seen.isFile()) return { stats: seen, notFile: true };
  // The text kept for this very file, unchanged since (same stamp): it need not be opened again.
  if (seen.size <= BigInt(max)) {
    const kept = texts.get(p);
    if (kept && kept.stamp === stampOf(seen)) return { text: kept.text };
  }
  const fd = fs.openSync(p, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const before = fs.fstatSync(fd, { bigint: true });
    if (!before.isFile()) return { stats: before, notFile: true };
    if (before.size > BigInt(max)) return { stats: before, tooLarge: true };
    const stamp = stampOf(before);
    const hit = texts.get(p);
    if (hit && hit.stamp === stamp) return { text: hit.text };
    const text = fs.readFileSync(fd, 'utf8');
    // written while it was read: use what was read, keep nothing
    if (stampOf(fs.fstatSync(fd, { bigint: true })) === stamp) texts.set(p, { stamp, text });
    return { text };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A value derived from a text alone (`kind` names the derivation and its options), computed
 * once per distinct text while it stays among the most recently used.
 */
export class DerivedCache<V> {
  private readonly lru: Lru<string, Map<string, V>>;

  constructor(max = FILE_CACHE_ENTRIES) {
    this.lru = new Lru(max);
  }

  get(text: string, kind: string, derive: () => V, keep: (v: V) => boolean = () => true): V {
    let byKind = this.lru.get(text);
    const hit = byKind?.get(kind);
    if (hit !== undefined) return hit;
    const v = derive();
    if (!keep(v)) return v;
    if (!byKind) {
      byKind = new Map();
      this.lru.set(text, byKind);
    }
    byKind.set(kind, v);
    return v;
  }
}
