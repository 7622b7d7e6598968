/**
 * Risky changes: the findings of the edit engine that need sign-off, each bound to its hunk by
 * a content hash (see hash.ts). One change per (file, rule, hunk); identical hunks in the same
 * file are numbered so that a second copy of an approved statement needs its own approval.
 */
import { BINARY_IN_TEXT_RULE, analyzeEdit, decodeContent } from '../edit/analyze';
import { DEFAULT_MAX_BYTES, type EditContent, type EditContext } from '../edit/types';
import { type FindingSeverity, severityRank } from '../severity';
import { hunkForFinding, hunkHash, lineDiff, sha256Bytes } from './hash';

/** Rule id of a file the engine could not judge (too large, not UTF-8): a person must look. */
export const UNJUDGED_RULE = 'signoff.unjudged';
/** Rule id of a policy change that asks for fewer or wider sign-offs than the base policy. */
export const POLICY_LOWERED_RULE = 'signoff.policy-lowered';
/** Rule id of a change to who vouches for approvals: the allowed signers file or where it is. */
export const SIGNERS_CHANGED_RULE = 'signoff.signers-changed';

/** Length of the short id people type (`blast-radius approve 3f9a0c1d2e4b`). */
export const CHANGE_ID_LENGTH = 12;

export interface RiskyChange {
  /** The first 12 hex digits of the hash. */
  id: string;
  hash: string;
  file: string;
  ruleId: string;
  severity: FindingSeverity;
  message: string;
  /** Where it is now (1-based, on `side`). Informational: the hash does not include it. */
  line: number;
  side: 'after' | 'before';
  suggestion?: string;
  /** A commit that changed the file on this branch was authored, committed or co-authored by an agent. */
  agentAttributed?: boolean;
}

export interface FileChangeInput {
  path: string;
  before: EditContent;
  after: EditContent;
  context?: EditContext;
}

function asText(c: EditContent): string | null {
  const d = decodeContent(c, Number.MAX_SAFE_INTEGER, 'content');
  return d.ok ? d.text : null;
}

function bytesOf(c: EditContent): Buffer {
  if (c === null) return Buffer.alloc(0);
  return typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c);
}

/** A risky change bound to both versions' bytes: for a file that was not judged, or judged on a lossy reading. */
function bytesChange(input: FileChangeInput, message: string): RiskyChange {
  const hash = hunkHash({
    path: input.path,
    ruleId: UNJUDGED_RULE,
    removed: [`sha256 ${sha256Bytes(bytesOf(input.before))}`],
    added: [`sha256 ${sha256Bytes(bytesOf(input.after))}`],
  });
  return {
    id: hash.slice(0, CHANGE_ID_LENGTH),
    hash,
    file: input.path,
    ruleId: UNJUDGED_RULE,
    severity: 'high',
    message,
    line: 1,
    side: input.after === null ? 'before' : 'after',
  };
}

/**
 * The risky changes in one file: findings whose severity needs at least one approval
 * (`needs(severity)`), and, for a file the engine skipped as too large or not UTF-8, one change
 * at high severity bound to both versions' bytes. A text file with NUL bytes or invalid UTF-8 is
 * judged on a lossy reading, where different bytes read the same: it gets that bytes-bound change
 * too, in place of its "binary content" finding.
 */
export function riskyChangesInFile(input: FileChangeInput, needs: (s: FindingSeverity) => boolean, maxBytes: number = DEFAULT_MAX_BYTES): RiskyChange[] {
  const verdict = analyzeEdit({ path: input.path, before: input.before, after: input.after, context: input.context ?? {} }, { maxBytes });
  if (verdict.skipped) {
    if (verdict.skipped.reason === 'binary' || !needs('high')) return [];
    return [bytesChange(input, `could not be judged (${verdict.skipped.detail}); review it by hand`)];
  }
  const binary = verdict.findings.find((f) => f.ruleId === BINARY_IN_TEXT_RULE);
  const out: RiskyChange[] = binary && needs('high') ? [bytesChange(input, binary.message)] : [];
  const wanted = verdict.findings.filter((f) => f.severity !== 'none' && f.ruleId !== BINARY_IN_TEXT_RULE && needs(f.severity as FindingSeverity));
  if (wanted.length === 0) return out;
  const diff = lineDiff(asText(input.before), asText(input.after));
  const byHash = new Map<string, RiskyChange>();
  const seen = new Map<string, number>();
  const occurrenceAt = new Map<string, number>();
  for (const f of wanted) {
    const h = hunkForFinding(diff, f);
    // The same material reported twice by one rule at one place (two lines of one statement) is
    // one change; an identical copy elsewhere in the file is the next occurrence.
    const material = JSON.stringify([f.ruleId, h.removed, h.added]);
    const place = `${material}\u0000${h.at}`;
    let occurrence = occurrenceAt.get(place);
    if (occurrence === undefined) {
      occurrence = (seen.get(material) ?? 0) + 1;
      seen.set(material, occurrence);
      occurrenceAt.set(place, occurrence);
    }
    const hash = hunkHash({ path: input.path, ruleId: f.ruleId, removed: h.removed, added: h.added, occurrence });
    const prev = byHash.get(hash);
    if (prev && severityRank(prev.severity) >= severityRank(f.severity)) continue;
    const c: RiskyChange = {
      id: hash.slice(0, CHANGE_ID_LENGTH),
      hash,
      file: input.path,
      ruleId: f.ruleId,
      severity: f.severity as FindingSeverity,
      message: f.message,
      line: prev?.line ?? f.line,
      side: prev?.side ?? f.side,
    };
    if (f.suggestion !== undefined) c.suggestion = f.suggestion;
    byHash.set(hash, c);
  }
  return [...out, ...byHash.values()];
}
