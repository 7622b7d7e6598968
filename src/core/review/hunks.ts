/**
 * Hunk mapping: from the edit engine's findings (lines on the `after` or `before` side) to the
 * changed regions a person reviews, approves or reverts, and the after-lines where each finding
 * is shown in the editor.
 *
 * A risky hunk is a diff hunk (consecutive removed lines replaced by consecutive added lines)
 * with at least one finding. A finding on an unchanged line (a rule pointing at a resource header
 * above the change) joins the nearest hunk. A finding on a removed line is shown on the after-line
 * where the removed content used to be.
 *
 * Pure: no editor, no I/O. Line numbers are 1-based unless a name says otherwise.
 */
import { createHash } from 'node:crypto';
import { diffLineArrays, splitLines } from '../edit/diff';
import type { EditFinding } from '../edit/types';
import type { Hunk } from '../edit/rule';
import { type Severity, highestSeverity } from '../severity';

export interface RiskHunk {
  /** Stable for the same removed and added content: `h` + 12 hex digits (+ `-n` for repeats). */
  id: string;
  /** SHA-256 (hex) over the removed and added lines; binds a decision to this exact content. */
  hash: string;
  /** First removed line; for a pure insertion, the before-line that follows the insertion point. */
  beforeStart: number;
  beforeCount: number;
  /** First added line; for a pure deletion, the after-line that follows the deletion point. */
  afterStart: number;
  afterCount: number;
  removed: readonly string[];
  added: readonly string[];
  findings: readonly EditFinding[];
  severity: Severity;
  /**
   * The after-line where the hunk is shown (CodeLens, removal marker): its first added line, or
   * for a pure deletion the line where the removed lines were, clamped to the file. 0 when the
   * after side has no lines (a deleted or emptied file).
   */
  anchorLine: number;
}

/** Where one finding is shown in the current (after) text. */
export interface FindingPlacement {
  finding: EditFinding;
  hunkId: string;
  /** After-line range shown for it (1-based, inclusive); 0..0 when the after side is empty. */
  line: number;
  endLine: number;
  /** For a finding on removed lines: the removed text (for hovers); undefined otherwise. */
  removedText?: string;
}

export interface HunkMap {
  /** Risky hunks in after-line order. */
  hunks: RiskHunk[];
  placements: FindingPlacement[];
  afterLineCount: number;
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** The content hash of a hunk: what was removed and what was added, nothing else. */
export function hunkHash(removed: readonly string[], added: readonly string[]): string {
  return sha256(`${removed.join('\n')}\u0000${added.join('\n')}`);
}

function distance(h: Hunk, line: number, side: 'after' | 'before'): number {
  const start = side === 'after' ? h.afterStart : h.beforeStart;
  const count = side === 'after' ? h.added.length : h.removed.length;
  if (count === 0) return Math.abs(line - start) + 0.5; // an insertion point sits between lines
  if (line < start) return start - line;
  if (line >= start + count) return line - (start + count - 1);
  return 0;
}

function nearestHunk(hunks: readonly Hunk[], line: number, side: 'after' | 'before'): number {
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < hunks.length; i++) {
    const d = distance(hunks[i]!, line, side);
    if (d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(n, lo), hi);
}

/**
 * Maps findings to the risky hunks of the change `before` → `after` (null = the file did not
 * exist / no longer exists). Never throws; findings with no change to attach to are shown on their
 * own line in a zero-size hunk.
 */
export function mapFindings(before: string | null, after: string | null, findings: readonly EditFinding[]): HunkMap {
  const beforeLines = splitLines(before ?? '');
  const afterLines = splitLines(after ?? '');
  const n = afterLines.length;
  const diffHunks = diffLineArrays(beforeLines, afterLines).hunks;
  const byHunk = new Map<number, EditFinding[]>();
  const orphans: EditFinding[] = [];
  for (const f of findings) {
    const side = f.side === 'before' ? 'before' : 'after';
    const i = nearestHunk(diffHunks, f.line, side);
    if (i < 0) {
      orphans.push(f);
      continue;
    }
    const list = byHunk.get(i);
    if (list) list.push(f);
    else byHunk.set(i, [f]);
  }

  const hunks: RiskHunk[] = [];
  const placements: FindingPlacement[] = [];
  const seenIds = new Map<string, number>();
  const makeId = (hash: string): string => {
    const base = `h${hash.slice(0, 12)}`;
    const k = (seenIds.get(base) ?? 0) + 1;
    seenIds.set(base, k);
    return k === 1 ? base : `${base}-${k}`;
  };
  const anchorFor = (afterStart: number): number => (n === 0 ? 0 : clamp(afterStart, 1, n));

  const indices = [...byHunk.keys()].sort((a, b) => a - b);
  for (const i of indices) {
    const h = diffHunks[i]!;
    const list = byHunk.get(i)!;
    const removed = h.removed.map((l) => l.text);
    const added = h.added.map((l) => l.text);
    const hash = hunkHash(removed, added);
    const id = makeId(hash);
    const anchorLine = anchorFor(h.afterStart);
    hunks.push({
      id,
      hash,
      beforeStart: h.beforeStart,
      beforeCount: removed.length,
      afterStart: h.afterStart,
      afterCount: added.length,
      removed,
      added,
      findings: list,
      severity: highestSeverity(list),
      anchorLine,
    });
    for (const f of list) placements.push(place(f, id, h, anchorLine, beforeLines, n));
  }
  for (const f of orphans) {
    // No diff at all (content equal) yet a finding: show it where it points, as its own hunk.
    const line = n === 0 ? 0 : clamp(f.side === 'after' ? f.line : 1, 1, n);
    const hash = hunkHash([], [`${f.ruleId}:${f.side}:${f.line}`]);
    const id = makeId(hash);
    hunks.push({
      id,
      hash,
      beforeStart: f.side === 'before' ? f.line : 1,
      beforeCount: 0,
      afterStart: line,
      afterCount: 0,
      removed: [],
      added: [],
      findings: [f],
      severity: f.severity,
      anchorLine: line,
    });
    placements.push({ finding: f, hunkId: id, line, endLine: line });
  }
  hunks.sort((a, b) => a.anchorLine - b.anchorLine || a.beforeStart - b.beforeStart);
  return { hunks, placements, afterLineCount: n };
}

function place(f: EditFinding, hunkId: string, h: Hunk, anchorLine: number, beforeLines: readonly string[], n: number): FindingPlacement {
  if (n === 0) {
    const removedText = f.side === 'before' ? removedRange(f, beforeLines) : undefined;
    return removedText === undefined ? { finding: f, hunkId, line: 0, endLine: 0 } : { finding: f, hunkId, line: 0, endLine: 0, removedText };
  }
  if (f.side === 'after') {
    const line = clamp(f.line, 1, n);
    return { finding: f, hunkId, line, endLine: clamp(f.endLine ?? line, line, n) };
  }
  const removedText = removedRange(f, beforeLines);
  if (h.added.length === 0) return { finding: f, hunkId, line: anchorLine, endLine: anchorLine, removedText };
  // A replaced line: show it on the added line at the same offset in the hunk (or the last one).
  const offset = clamp(f.line - h.beforeStart, 0, h.added.length - 1);
  const line = clamp(h.afterStart + offset, 1, n);
  return { finding: f, hunkId, line, endLine: line, removedText };
}

function removedRange(f: EditFinding, beforeLines: readonly string[]): string {
  const end = Math.max(f.line, f.endLine ?? f.line);
  return beforeLines.slice(f.line - 1, end).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Applying a hunk to one side

/** A text replacement as offsets into the text it applies to (UTF-16, `[start, end)`). */
export interface TextReplacement {
  start: number;
  end: number;
  text: string;
}

function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

/** Offsets where each line of `text` starts, plus `text.length` as a final sentinel. */
function lineOffsets(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  if (out[out.length - 1] !== text.length) out.push(text.length);
  return out;
}

/**
 * The replacement that turns lines `[start, start + count)` (1-based) of `text` into `lines`,
 * keeping the text's line ending style and whether it ends with a line break.
 */
export function replaceLines(text: string, start: number, count: number, lines: readonly string[]): TextReplacement {
  const eol = eolOf(text);
  const offsets = lineOffsets(text);
  const lineCount = offsets.length - 1; // text "" → 0 lines; "a" → 1; "a\n" → 1
  const finalBreak = text.length === 0 || text.endsWith('\n');
  const from = clamp(start, 1, lineCount + 1);
  const to = clamp(from + count, from, lineCount + 1);
  let s = offsets[from - 1] ?? text.length;
  const e = offsets[to - 1] ?? text.length;
  const reachesEnd = to > lineCount;
  if (lines.length === 0) {
    // Deleting the last lines of a text without a final break also removes the break before them.
    if (reachesEnd && !finalBreak && from > 1) s = offsets[from - 1]! - eol.length;
    return { start: Math.max(0, s), end: e, text: '' };
  }
  let body = lines.join(eol);
  if (reachesEnd && !finalBreak) {
    if (count === 0 && lineCount > 0) body = eol + body; // appending after an unterminated last line
  } else {
    body += eol;
  }
  return { start: s, end: e, text: body };
}

/** Applies a replacement. */
export function applyReplacement(text: string, r: TextReplacement): string {
  return text.slice(0, r.start) + r.text + text.slice(r.end);
}

/**
 * The baseline after approving one hunk: its removed lines replaced by its added lines. A
 * created file's only hunk turns a missing baseline into the added content; approving the
 * deletion of a whole file gives `null`.
 */
export function approveHunk(baseline: string | null, current: string | null, hunk: RiskHunk): string | null {
  if (current === null) return null;
  // A created file is one hunk: approving it accepts the file as it is.
  if (baseline === null) return current;
  return applyReplacement(baseline, replaceLines(baseline, hunk.beforeStart, hunk.beforeCount, hunk.added));
}

/**
 * The replacement that reverts one hunk in the current text: its added lines replaced by the
 * removed ones. `null` when the current text no longer has the hunk where it was (it changed
 * since the analysis); callers re-map and try again.
 */
export function revertHunk(current: string, hunk: RiskHunk): TextReplacement | null {
  const lines = splitLines(current);
  for (let k = 0; k < hunk.afterCount; k++) {
    if (lines[hunk.afterStart - 1 + k] !== hunk.added[k]) return null;
  }
  if (hunk.afterCount === 0 && hunk.afterStart > lines.length + 1) return null;
  return replaceLines(current, hunk.afterStart, hunk.afterCount, hunk.removed);
}
