/**
 * Line diff between two versions of a file, fast enough for whole-file rewrites.
 *
 * Lines are interned to integers; the common prefix and suffix are trimmed; the middle is split
 * at lines that occur exactly once on each side and keep their order (patience anchors); each
 * remaining gap is diffed with the `diff` package's Myers implementation (`diffArrays`) under an
 * edit-length cap. A gap whose diff would exceed the cap is reported as "all removed, all added",
 * which is what a whole-file rewrite is anyway.
 */
import { diffArrays } from 'diff';
import type { EditLine, Hunk } from './rule';

/** Split text into lines without their breaks (`\n` or `\r\n`); a final break adds no line. */
export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

export interface LineDiff {
  hunks: Hunk[];
  added: EditLine[];
  removed: EditLine[];
  /** `afterOf[i]` = after-line (1-based) of before-line i+1 when unchanged, else 0. */
  afterOf: Int32Array;
  /** `beforeOf[j]` = before-line (1-based) of after-line j+1 when unchanged, else 0. */
  beforeOf: Int32Array;
}

/** Upper bound on (gap size × edit length) work handed to Myers for one gap. */
const WORK_BUDGET = 400_000;

function intern(a: readonly string[], b: readonly string[]): [Int32Array, Int32Array] {
  const ids = new Map<string, number>();
  const map = (lines: readonly string[]): Int32Array => {
    const out = new Int32Array(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      let id = ids.get(l);
      if (id === undefined) {
        id = ids.size;
        ids.set(l, id);
      }
      out[i] = id;
    }
    return out;
  };
  return [map(a), map(b)];
}

/** Longest increasing subsequence of `ys` (indices into the input), O(n log n). */
function lis(ys: readonly number[]): number[] {
  const tails: number[] = [];
  const prev = new Int32Array(ys.length).fill(-1);
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i]!;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ys[tails[mid]!]! < y) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const out: number[] = [];
  let k = tails.length > 0 ? tails[tails.length - 1]! : -1;
  while (k >= 0) {
    out.push(k);
    k = prev[k]!;
  }
  return out.reverse();
}

/**
 * Matches between `a` and `b`: `match[i]` = index in b of a[i] when kept, else -1.
 */
function matchLines(a: Int32Array, b: Int32Array): Int32Array {
  const match = new Int32Array(a.length).fill(-1);
  const stack: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  while (stack.length > 0) {
    let [aLo, aHi, bLo, bHi] = stack.pop()!;
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) match[aLo++] = bLo++;
    while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) match[--aHi] = --bHi;
    const n = aHi - aLo;
    const m = bHi - bLo;
    if (n === 0 || m === 0) continue;

    // Patience anchors: lines unique on both sides of this gap.
    const countA = new Map<number, number>();
    for (let i = aLo; i < aHi; i++) countA.set(a[i]!, (countA.get(a[i]!) ?? 0) + 1);
    const countB = new Map<number, number>();
    const posB = new Map<number, number>();
    for (let j = bLo; j < bHi; j++) {
      const v = b[j]!;
      if (!countA.has(v)) continue;
      countB.set(v, (countB.get(v) ?? 0) + 1);
      posB.set(v, j);
    }
    const pairsA: number[] = [];
    const pairsB: number[] = [];
    for (let i = aLo; i < aHi; i++) {
      const v = a[i]!;
      if (countA.get(v) === 1 && countB.get(v) === 1) {
        pairsA.push(i);
        pairsB.push(posB.get(v)!);
      }
    }
    if (pairsA.length > 0) {
      const keep = lis(pairsB);
      // Push gaps between anchors (in reverse so they are processed in order; order is irrelevant).
      let pa = aLo;
      let pb = bLo;
      for (const k of keep) {
        const ia = pairsA[k]!;
        const ib = pairsB[k]!;
        match[ia] = ib;
        if (ia > pa || ib > pb) stack.push([pa, ia, pb, ib]);
        pa = ia + 1;
        pb = ib + 1;
      }
      if (pa < aHi || pb < bHi) stack.push([pa, aHi, pb, bHi]);
      continue;
    }

    // No anchors: Myers on the gap, within the work budget.
    if (countB.size === 0) continue; // nothing in common at all
    const cap = Math.max(64, Math.min(n + m, Math.floor(WORK_BUDGET / (n + m))));
    const result = diffArrays(Array.from(a.subarray(aLo, aHi)), Array.from(b.subarray(bLo, bHi)), {
      maxEditLength: cap,
    });
    if (result === undefined) continue; // too different: all removed, all added
    let i = aLo;
    let j = bLo;
    for (const c of result) {
      if (c.added) j += c.count;
      else if (c.removed) i += c.count;
      else {
        for (let k = 0; k < c.count; k++) match[i + k] = j + k;
        i += c.count;
        j += c.count;
      }
    }
  }
  return match;
}

/** Diff two line arrays. */
export function diffLineArrays(before: readonly string[], after: readonly string[]): LineDiff {
  const [a, b] = intern(before, after);
  const match = matchLines(a, b);
  const afterOf = new Int32Array(before.length);
  const beforeOf = new Int32Array(after.length);
  for (let i = 0; i < match.length; i++) {
    const j = match[i]!;
    if (j >= 0) {
      afterOf[i] = j + 1;
      beforeOf[j] = i + 1;
    }
  }
  const hunks: Hunk[] = [];
  const added: EditLine[] = [];
  const removed: EditLine[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && afterOf[i] === j + 1) {
      i++;
      j++;
      continue;
    }
    const beforeStart = i + 1;
    const afterStart = j + 1;
    const r: EditLine[] = [];
    const ad: EditLine[] = [];
    while (i < before.length && afterOf[i] === 0) {
      const l = { line: i + 1, text: before[i]! };
      r.push(l);
      removed.push(l);
      i++;
    }
    while (j < after.length && beforeOf[j] === 0) {
      const l = { line: j + 1, text: after[j]! };
      ad.push(l);
      added.push(l);
      j++;
    }
    if (r.length === 0 && ad.length === 0) {
      // Matched lines out of step cannot happen (matches are monotonic); guard against a loop.
      i++;
      j++;
      continue;
    }
    hunks.push({ beforeStart, afterStart, removed: r, added: ad });
  }
  return { hunks, added, removed, afterOf, beforeOf };
}
