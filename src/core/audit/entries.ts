/**
 * The audit log read back for people: the JSON lines the extension writes (the terminal guard's
 * records of command lines and agent edits, the edit review's approvals and reverts) turned into
 * entries with the same fields whatever wrote them — when, what was decided, how severe, the
 * command or file, the rules, who decided — searched by words and grouped by day, newest first.
 *
 * Reading never throws: a line that is not JSON, or not an audit record, is counted and skipped.
 */
import { isSeverity, type Severity } from '../severity';

export type AuditKind = 'command' | 'agent-edit' | 'edit';

export interface AuditEntry {
  /** Position in the log (0 = first line), stable while the log grows. */
  seq: number;
  /** When, ms since the epoch (NaN-free: entries without a readable time are skipped). */
  at: number;
  kind: AuditKind;
  /** What happened, in a word: `denied`, `allowed`, `ran`, `approved`, `reverted`. */
  decision: string;
  severity: Severity;
  /** The command line, or the file (relative to its folder). */
  subject: string;
  ruleIds: string[];
  /** Who decided, in words: `you`, `policy`, `timeout`, `cancelled`, `guard paused`, `not guarded`. */
  decidedBy: string;
  /** Where it came from: `terminal`, an agent's name, `unguarded terminal`, or for edits where the person decided (`diff`, `codelens`, …). */
  source?: string;
  reason?: string;
  cwd?: string;
  /** The record as written. */
  raw: Readonly<Record<string, unknown>>;
}

const DECISION_WORDS: Readonly<Record<string, string>> = { allow: 'allowed', deny: 'denied', ran: 'ran', approve: 'approved', revert: 'reverted' };
const DECIDER_WORDS: Readonly<Record<string, string>> = {
  person: 'you',
  rule: 'policy',
  timeout: 'timeout',
  cancelled: 'cancelled',
  paused: 'guard paused',
  unguarded: 'not guarded',
};

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One record of the log as an entry; undefined when it is not an audit record. */
export function auditEntryFrom(record: unknown, seq: number): AuditEntry | undefined {
  if (!isRecord(record)) return undefined;
  const time = str(record.time);
  const at = time === undefined ? NaN : Date.parse(time);
  const decision = str(record.decision);
  if (!Number.isFinite(at) || decision === undefined) return undefined;
  const severity: Severity = isSeverity(record.severity) ? record.severity : 'none';
  const ruleIds = Array.isArray(record.ruleIds) ? record.ruleIds.filter((r): r is string => typeof r === 'string') : [];
  const decidedBy = DECIDER_WORDS[str(record.decidedBy) ?? ''] ?? str(record.decidedBy) ?? 'unknown';
  const reason = str(record.reason);
  if (record.type === 'edit') {
    const file = str(record.file);
    if (file === undefined) return undefined;
    const via = str(record.via);
    return { seq, at, kind: 'edit', decision: DECISION_WORDS[decision] ?? decision, severity, subject: file, ruleIds, decidedBy, ...(via ? { source: via } : {}), raw: record };
  }
  const line = str(record.line);
  if (line === undefined) return undefined;
  const kind: AuditKind = record.kind === 'agent-edit' ? 'agent-edit' : 'command';
  const src = str(record.source);
  const source = src === 'agent' ? (str(record.agent) ?? 'agent') : src === 'observed' ? 'unguarded terminal' : src;
  const cwd = str(record.cwd);
  return {
    seq,
    at,
    kind,
    decision: DECISION_WORDS[decision] ?? decision,
    severity,
    subject: line,
    ruleIds,
    decidedBy,
    ...(source ? { source } : {}),
    ...(reason ? { reason } : {}),
    ...(cwd ? { cwd } : {}),
    raw: record,
  };
}

export interface ParsedAuditLog {
  /** Oldest first, as written. */
  entries: AuditEntry[];
  /** Lines that were not JSON or not audit records. */
  skipped: number;
}

/** Reads the log's text (JSON lines). */
export function parseAuditLog(text: string): ParsedAuditLog {
  const entries: AuditEntry[] = [];
  let skipped = 0;
  let seq = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    const e = auditEntryFrom(value, seq++);
    if (e) entries.push(e);
    else skipped++;
  }
  return { entries, skipped };
}

/** The words an entry is found by (lowercase). */
export function searchText(e: AuditEntry): string {
  const decisionRaw = str(e.raw.decision) ?? '';
  return [
    e.decision,
    decisionRaw,
    e.severity,
    e.kind === 'edit' ? 'edit file' : e.kind === 'agent-edit' ? 'agent edit' : 'command',
    e.subject,
    ...e.ruleIds,
    e.decidedBy,
    e.source ?? '',
    e.reason ?? '',
    e.cwd ?? '',
    new Date(e.at).toISOString().slice(0, 10),
  ]
    .join('\n')
    .toLowerCase();
}

/** The words of a query: split at white space; `"two words"` is one. */
export function queryWords(query: string): string[] {
  const out: string[] = [];
  for (const m of query.matchAll(/"([^"]*)"|(\S+)/g)) {
    const w = (m[1] ?? m[2] ?? '').trim().toLowerCase();
    if (w !== '') out.push(w);
  }
  return out;
}

/** Whether an entry has every word of the query (an empty query: every entry). */
export function matchesQuery(e: AuditEntry, query: string): boolean {
  const words = queryWords(query);
  if (words.length === 0) return true;
  const text = searchText(e);
  return words.every((w) => text.includes(w));
}

/** The entries that match, newest first. */
export function filterEntries(entries: readonly AuditEntry[], query: string): AuditEntry[] {
  return entries.filter((e) => matchesQuery(e, query)).sort((a, b) => b.at - a.at || b.seq - a.seq);
}

export interface AuditDay {
  /** `yyyy-mm-dd` in local time. */
  day: string;
  entries: AuditEntry[];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The local calendar day of a time, `yyyy-mm-dd` (`offsetMinutes` as `Date#getTimezoneOffset` gives it). */
export function dayOf(at: number, offsetMinutes: number = new Date(at).getTimezoneOffset()): string {
  const d = new Date(at - offsetMinutes * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The local time of day, `hh:mm:ss`. */
export function timeOf(at: number, offsetMinutes: number = new Date(at).getTimezoneOffset()): string {
  const d = new Date(at - offsetMinutes * 60_000);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Entries (newest first) grouped by local day, newest day first. */
export function groupByDay(newestFirst: readonly AuditEntry[], offsetOf: (at: number) => number = (at) => new Date(at).getTimezoneOffset()): AuditDay[] {
  const out: AuditDay[] = [];
  for (const e of newestFirst) {
    const day = dayOf(e.at, offsetOf(e.at));
    const last = out[out.length - 1];
    if (last?.day === day) last.entries.push(e);
    else out.push({ day, entries: [e] });
  }
  return out;
}

/** A day's heading: `Today`, `Yesterday`, else the weekday; with the date and how many. */
export function dayLabel(day: string, count: number, today: string, yesterday: string): string {
  const name = day === today ? 'Today' : day === yesterday ? 'Yesterday' : new Date(`${day}T12:00:00Z`).toLocaleDateString('en', { weekday: 'long', timeZone: 'UTC' });
  return `${name}, ${day} (${count})`;
}

/** One line for lists and screen readers: decision, severity, what, rules, who, when. */
export function entrySentence(e: AuditEntry, offsetMinutes?: number): string {
  const what = e.kind === 'edit' ? `change to ${e.subject}` : e.kind === 'agent-edit' ? `agent edit ${e.subject}` : `command ${e.subject}`;
  const sev = e.severity === 'none' ? '' : `${e.severity} `;
  const rules = e.ruleIds.length > 0 ? `, rule${e.ruleIds.length === 1 ? '' : 's'} ${e.ruleIds.join(', ')}` : '';
  const who = e.decidedBy === 'you' ? 'by you' : `by ${e.decidedBy}`;
  return `${e.decision[0]!.toUpperCase()}${e.decision.slice(1)} ${sev}${what}${rules}, ${who}, at ${timeOf(e.at, offsetMinutes)}`;
}

/** The entries as JSON lines, oldest first, each record as it was written. */
export function toJsonLines(entries: readonly AuditEntry[]): string {
  return [...entries]
    .sort((a, b) => a.seq - b.seq)
    .map((e) => `${JSON.stringify(e.raw)}\n`)
    .join('');
}
