/**
 * Content hashes that bind a sign-off to exactly what was reviewed.
 *
 * A risky change is one finding of the edit engine, located in one diff hunk (a run of removed
 * and/or added lines between unchanged ones; in a hunk that only adds or only removes lines, such
 * as a new file, the paragraph around the finding, up to the nearest blank lines — see
 * `hunkForFinding`). Its hash is SHA-256 over this UTF-8 text:
 *
 *   blast-radius-hunk/1\n
 *   path <file path, relative to the repository root, with / separators>\n
 *   rule <rule id>\n
 *   [occurrence <n>\n]              only for the 2nd, 3rd, … identical hunk in the same file
 *   -<removed line>\n               every removed line, in order
 *   +<added line>\n                 every added line, in order
 *
 * Lines are normalised: the line break (`\n` or `\r\n`) is dropped and so is trailing white
 * space (spaces, tabs); leading white space is kept (indentation matters in YAML and Python).
 * Line numbers are not part of the text, so edits elsewhere in the file that shift the hunk up
 * or down leave its hash alone; any change to the hunk's own lines, to the file path or to the
 * rule gives a different hash, and an approval for the old hash no longer counts.
 *
 * Held commands use `blast-radius-command/1`, `rule <id>`, `command <the command line, trimmed>`.
 */
import { createHash } from 'node:crypto';
import { diffLineArrays, splitLines, type LineDiff } from '../edit/diff';
import type { EditLine } from '../edit/rule';
import type { EditFinding } from '../edit/types';

export const HUNK_HASH_VERSION = 'blast-radius-hunk/1';
export const COMMAND_HASH_VERSION = 'blast-radius-command/1';

/** The lines a hash covers. */
export interface HunkMaterial {
  path: string;
  ruleId: string;
  removed: readonly string[];
  added: readonly string[];
  /** 1 for the first identical hunk in the file (left out of the text), 2 for the next, … */
  occurrence?: number;
}

/** Trailing spaces, tabs and a stray carriage return go; everything else stays. */
export function normaliseLine(line: string): string {
  return line.replace(/[ \t\r]+$/, '');
}

/** Repository-relative path with `/` separators and no leading `./`. */
export function normalisePathForHash(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/** The exact text that is hashed (exported so the format can be tested and documented). */
export function hunkHashText(m: HunkMaterial): string {
  const parts = [HUNK_HASH_VERSION, `path ${normalisePathForHash(m.path)}`, `rule ${m.ruleId}`];
  if (m.occurrence !== undefined && m.occurrence > 1) parts.push(`occurrence ${m.occurrence}`);
  for (const l of m.removed) parts.push(`-${normaliseLine(l)}`);
  for (const l of m.added) parts.push(`+${normaliseLine(l)}`);
  return `${parts.join('\n')}\n`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function hunkHash(m: HunkMaterial): string {
  return sha256Hex(hunkHashText(m));
}

export function commandHash(ruleId: string, command: string): string {
  return sha256Hex(`${COMMAND_HASH_VERSION}\nrule ${ruleId}\ncommand ${command.trim()}\n`);
}

/** The part of a diff a finding belongs to. */
export interface FindingHunk {
  removed: string[];
  added: string[];
  /** False when the finding's lines were not changed lines and the whole diff stands in. */
  exact: boolean;
  /** Where the material starts (`side:line`), to tell identical copies in one file apart. */
  at: string;
}

/** Diffs two texts the way the edit engine does (same splitting, same algorithm). */
export function lineDiff(before: string | null, after: string | null): LineDiff {
  return diffLineArrays(splitLines(before ?? ''), splitLines(after ?? ''));
}

const isBlank = (t: string): boolean => t.trim() === '';

/**
 * The paragraph of a one-sided run of lines around [from, to]: extended up and down to the
 * nearest blank line (or the end of the run).
 */
function paragraph(lines: readonly EditLine[], from: number, to: number): EditLine[] {
  let first = lines.findIndex((l) => l.line >= from && l.line <= to);
  if (first < 0) return [...lines];
  let last = first;
  for (let i = first; i < lines.length && lines[i]!.line <= to; i++) last = i;
  if (isBlank(lines[first]!.text) && first === last) return [lines[first]!];
  while (first > 0 && !isBlank(lines[first - 1]!.text)) first--;
  while (last < lines.length - 1 && !isBlank(lines[last + 1]!.text)) last++;
  return lines.slice(first, last + 1);
}

/**
 * The material a finding is bound to:
 * - every diff hunk whose changed lines on the finding's side overlap its line range;
 * - within a hunk that only adds lines (a new file, a new block) or only removes them, just the
 *   paragraph around the finding (up to the nearest blank lines), so an unrelated paragraph
 *   added to a new file later does not void the approval;
 * - a finding on a line the change did not touch (a rule that reports a whole-file concern at
 *   line 1) is bound to the whole diff, so any change to the file voids its approval: broader,
 *   never narrower.
 */
export function hunkForFinding(diff: LineDiff, f: Pick<EditFinding, 'line' | 'endLine' | 'side'>): FindingHunk {
  const from = f.line;
  const to = f.endLine !== undefined && f.endLine > f.line ? f.endLine : f.line;
  const removed: string[] = [];
  const added: string[] = [];
  let at = '';
  for (const h of diff.hunks) {
    const lines = f.side === 'before' ? h.removed : h.added;
    if (!lines.some((l) => l.line >= from && l.line <= to)) continue;
    const oneSided = h.removed.length === 0 || h.added.length === 0;
    const r = oneSided && f.side === 'before' ? paragraph(h.removed, from, to) : h.removed;
    const a = oneSided && f.side === 'after' ? paragraph(h.added, from, to) : h.added;
    if (at === '') at = a.length > 0 ? `after:${a[0]!.line}` : `before:${r[0]?.line ?? 0}`;
    for (const l of r) removed.push(l.text);
    for (const l of a) added.push(l.text);
  }
  if (at !== '') return { removed, added, exact: true, at };
  for (const h of diff.hunks) {
    for (const l of h.removed) removed.push(l.text);
    for (const l of h.added) added.push(l.text);
  }
  return { removed, added, exact: false, at: 'all' };
}
