/**
 * Words for findings in the editor: the short hint after a line, the hover, the diagnostic
 * message, and the audit record of a decision. Pure; the extension renders the strings.
 */
import type { EditFinding } from '../edit/types';
import { bySeverityDescending, mostSevere, type Severity } from '../severity';
import type { FindingPlacement, RiskHunk } from './hunks';

/** Longest after-line hint, in characters. */
export const HINT_MAX = 110;

function truncate(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

/** The after-line hint for the findings shown on one line (most severe first). */
export function lineHint(placements: readonly FindingPlacement[]): string {
  if (placements.length === 0) return '';
  const main = placements[0]!;
  const more = placements.length > 1 ? ` (+${placements.length - 1} more)` : '';
  const removed = main.removedText !== undefined ? `removed "${truncate(main.removedText, 40)}": ` : '';
  return truncate(`⚠ ${main.finding.severity}: ${removed}${main.finding.message}${more}`, HINT_MAX);
}

/** Escapes text for Markdown (outside code). */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

function fence(text: string, language: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}${language}\n${text}\n${f}`;
}

export interface HoverParts {
  /** What the rule catches (the rule's description), when known. */
  why?: string;
  /** Markdown fragment with action links, appended at the end. */
  actions?: string;
  /** Language id for code blocks of removed text. */
  language?: string;
}

/** Hover Markdown for one finding. */
export function findingMarkdown(p: FindingPlacement, parts: HoverParts = {}): string {
  const f = p.finding;
  const lines = [`**Blast Radius** · ${f.severity} · \`${f.ruleId}\``, '', escapeMarkdown(f.message)];
  if (parts.why) lines.push('', `**Why it matters:** ${escapeMarkdown(parts.why)}`);
  if (f.suggestion) lines.push('', `**Safer:** ${escapeMarkdown(f.suggestion)}`);
  if (p.removedText !== undefined && p.removedText.length > 0) {
    lines.push('', 'Removed here:', '', fence(p.removedText, parts.language ?? ''));
  }
  if (parts.actions) lines.push('', parts.actions);
  return lines.join('\n');
}

/** The Problems-panel message for a finding. */
export function diagnosticMessage(p: FindingPlacement): string {
  const f = p.finding;
  const removed = p.removedText !== undefined && p.removedText.length > 0 ? ` (removed: ${truncate(p.removedText, 80)})` : '';
  return `${f.message}${removed}`;
}

/** Rule ids of a hunk, most severe finding first, without repeats. */
export function hunkRuleIds(findings: readonly EditFinding[]): string[] {
  const sorted = [...findings].sort(bySeverityDescending);
  return [...new Set(sorted.map((f) => f.ruleId))];
}

/** The most severe finding of a hunk (first on ties). */
export function mainFinding(h: RiskHunk): EditFinding | undefined {
  return mostSevere(h.findings);
}

// ---------------------------------------------------------------------------------------------
// Decisions

export type ReviewDecision = 'approve' | 'revert';

/** One decision about a risky edit, as written to the audit log (one JSON object per line). */
export interface EditDecisionRecord {
  time: string;
  type: 'edit';
  decision: ReviewDecision;
  /** A hunk or the whole file. */
  scope: 'hunk' | 'file';
  /** Path relative to its workspace folder, `/` separated. */
  file: string;
  severity: Severity;
  ruleIds: string[];
  /** For hunks: where it was and the SHA-256 of its removed and added lines. */
  hunk?: { hash: string; beforeStart: number; beforeCount: number; afterStart: number; afterCount: number };
  /** Who made the change, as attributed when it was seen. */
  author: 'agent' | 'person';
  /** Decisions on edits are only ever made by a person in the editor. */
  decidedBy: 'person';
  /** Where the person decided: `codelens`, `quick-fix`, `review`, `tree`, `hover`, `command`. */
  via: string;
}

export function editDecisionRecord(input: {
  now: Date;
  decision: ReviewDecision;
  file: string;
  hunk?: RiskHunk;
  findings: readonly EditFinding[];
  severity: Severity;
  agent: boolean;
  via: string;
}): EditDecisionRecord {
  const record: EditDecisionRecord = {
    time: input.now.toISOString(),
    type: 'edit',
    decision: input.decision,
    scope: input.hunk ? 'hunk' : 'file',
    file: input.file.replace(/\\/g, '/'),
    severity: input.severity,
    ruleIds: hunkRuleIds(input.findings),
    author: input.agent ? 'agent' : 'person',
    decidedBy: 'person',
    via: input.via,
  };
  if (input.hunk) {
    const h = input.hunk;
    record.hunk = { hash: h.hash, beforeStart: h.beforeStart, beforeCount: h.beforeCount, afterStart: h.afterStart, afterCount: h.afterCount };
  }
  return record;
}
