/**
 * The review record: every decision about a risky change (or a held command) as one small JSON
 * file in the repository, `.blast-radius/reviews/<yyyy-mm>/<id>.json`.
 *
 * One file per decision, never edited after it is written: two people never touch the same
 * file, so branches merge without conflicts, and an edit to an existing record is visible in
 * history (verify refuses such records). See docs/signoff.md for the format and the reasons.
 *
 * Reading never throws: a file that is not valid JSON, does not match the schema, or whose name
 * does not match its id is reported as a problem and ignored (it never counts as an approval).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { FINDING_SEVERITIES, type FindingSeverity } from '../severity';
import type { Identity } from './identity';
import { RECORD_FILE_RE, REVIEWS_DIR } from './reviewsDir';
import { readRegularText } from '../safeRead';

/** Records larger than this are refused unread (a record is a few hundred bytes). */
export const MAX_RECORD_BYTES = 64 * 1024;

export const DECISION_KINDS = ['approve', 'revert', 'deny', 'run-once'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** The severity a record stores: a finding's (`none` findings are never recorded). */
export type RecordSeverity = FindingSeverity;

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{7,99}$/;

export const ReviewRecordSchema = z
  .strictObject({
    version: z.literal(1),
    id: z.string().regex(ID_PATTERN, 'expected lowercase letters, digits and "-" (8 to 100 characters)'),
    kind: z.enum(['edit', 'command']),
    ruleId: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9._-]*$/, 'expected a rule id such as "sql.drop-table"'),
    file: z.string().min(1).max(4096).optional(),
    command: z.string().min(1).max(20000).optional(),
    hash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hash (64 lowercase hex digits)'),
    severity: z.enum(FINDING_SEVERITIES),
    decision: z.enum(DECISION_KINDS),
    decidedBy: z.enum(['person', 'rule']),
    approver: z.strictObject({
      name: z.string().max(200),
      email: z.string().min(3).max(320).regex(/^[^\s@]+@[^\s@]+$/, 'expected an e-mail address'),
      agent: z.boolean().optional(),
    }),
    time: z.iso.datetime({ offset: true }),
    agentAttributed: z.boolean(),
    tool: z.strictObject({ name: z.string().min(1).max(100), version: z.string().min(1).max(50) }),
    line: z.int().min(1).optional(),
    commit: z.string().regex(/^[0-9a-f]{40,64}$/).optional(),
    note: z.string().max(2000).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.kind === 'edit' && r.file === undefined) ctx.addIssue({ code: 'custom', path: ['file'], message: 'an edit record needs "file"' });
    if (r.kind === 'edit' && r.command !== undefined) ctx.addIssue({ code: 'custom', path: ['command'], message: 'an edit record has no "command"' });
    if (r.kind === 'command' && r.command === undefined) ctx.addIssue({ code: 'custom', path: ['command'], message: 'a command record needs "command"' });
  });

export type ReviewRecord = z.infer<typeof ReviewRecordSchema>;

/** A record read from somewhere: where it was and what it said. */
export interface LoadedRecord {
  /** Repository-relative path, `.blast-radius/reviews/2025-01/<id>.json`. */
  path: string;
  record: ReviewRecord;
}

/** A record file that was ignored, and why. */
export interface RecordProblem {
  path: string;
  message: string;
}

export type RecordParse = { ok: true; record: ReviewRecord } | { ok: false; message: string };

function issuePath(p: readonly PropertyKey[]): string {
  return p.map((s) => (typeof s === 'number' ? `[${s}]` : String(s))).join('.').replace(/\.\[/g, '[');
}

/** `yyyy-mm` of a record's time (UTC). */
export function recordMonth(time: string): string {
  const d = new Date(time);
  if (Number.isNaN(d.getTime())) return '0000-00';
  return `${d.getUTCFullYear().toString().padStart(4, '0')}-${(d.getUTCMonth() + 1).toString().padStart(2, '0')}`;
}

/** The repository-relative path a record is written to. */
export function recordPath(r: Pick<ReviewRecord, 'id' | 'time'>): string {
  return `${REVIEWS_DIR}/${recordMonth(r.time)}/${r.id}.json`;
}

/**
 * Validates a record's text. `file` (repository-relative) must be
 * `.blast-radius/reviews/<yyyy-mm>/<id>.json` with the record's own id. Never throws.
 */
export function parseRecord(text: string, file: string): RecordParse {
  if (Buffer.byteLength(text, 'utf8') > MAX_RECORD_BYTES) return { ok: false, message: `larger than ${MAX_RECORD_BYTES} bytes; a record is a few hundred bytes` };
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return { ok: false, message: 'not valid JSON' };
  }
  const r = ReviewRecordSchema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first && first.path.length > 0 ? `${issuePath(first.path)}: ` : '';
    const more = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more)` : '';
    return { ok: false, message: `${where}${first?.message ?? 'does not match the record format'}${more}` };
  }
  const m = RECORD_FILE_RE.exec(file);
  if (!m) return { ok: false, message: `records belong in ${REVIEWS_DIR}/<yyyy-mm>/<id>.json` };
  if (m[2] !== r.data.id) return { ok: false, message: `the file name does not match the record's id "${r.data.id}"` };
  return { ok: true, record: r.data };
}

const KEY_ORDER: readonly (keyof ReviewRecord)[] = [
  'version',
  'id',
  'kind',
  'ruleId',
  'file',
  'command',
  'hash',
  'severity',
  'decision',
  'decidedBy',
  'approver',
  'time',
  'agentAttributed',
  'tool',
  'line',
  'commit',
  'note',
];

/** The text a record is written as: keys in a fixed order, two-space indent, final newline. */
export function serializeRecord(r: ReviewRecord): string {
  const out: Record<string, unknown> = {};
  for (const k of KEY_ORDER) if (r[k] !== undefined) out[k] = r[k];
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** A new record id: the change's short id and random digits (`3f9a0c1d2e4b-7c21a9f0e3`). */
export function newRecordId(hash: string, random: () => string = () => randomBytes(5).toString('hex')): string {
  return `${hash.slice(0, 12)}-${random()}`;
}

export interface NewDecision {
  kind: 'edit' | 'command';
  ruleId: string;
  file?: string;
  command?: string;
  hash: string;
  severity: RecordSeverity;
  decision: DecisionKind;
  decidedBy?: 'person' | 'rule';
  approver: Identity;
  agentAttributed: boolean;
  tool: { name: string; version: string };
  line?: number;
  commit?: string;
  note?: string;
  /** Defaults to now. */
  time?: Date;
  /** For tests: a fixed id. */
  id?: string;
}

/** Builds a record and checks it against the schema (returns the problem instead of throwing). */
export function makeRecord(d: NewDecision): { ok: true; record: ReviewRecord } | { ok: false; message: string } {
  const approver: ReviewRecord['approver'] = { name: d.approver.name, email: d.approver.email.trim() };
  if (d.approver.agent === true) approver.agent = true;
  const value: Record<string, unknown> = {
    version: 1,
    id: d.id ?? newRecordId(d.hash),
    kind: d.kind,
    ruleId: d.ruleId,
    file: d.file,
    command: d.command,
    hash: d.hash,
    severity: d.severity,
    decision: d.decision,
    decidedBy: d.decidedBy ?? 'person',
    approver,
    time: (d.time ?? new Date()).toISOString(),
    agentAttributed: d.agentAttributed,
    tool: d.tool,
    line: d.line,
    commit: d.commit,
    note: d.note,
  };
  for (const k of Object.keys(value)) if (value[k] === undefined) delete value[k];
  const r = ReviewRecordSchema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    return { ok: false, message: `${first && first.path.length > 0 ? `${issuePath(first.path)}: ` : ''}${first?.message ?? 'invalid record'}` };
  }
  return { ok: true, record: r.data };
}

/**
 * Writes a record under `root` (creating folders). Refuses to overwrite an existing file:
 * records are append-only. Returns the repository-relative path.
 */
export function writeRecord(root: string, r: ReviewRecord): string {
  const rel = recordPath(r);
  const abs = path.join(root, ...rel.split('/'));
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, serializeRecord(r), { encoding: 'utf8', flag: 'wx' });
  return rel;
}

/**
 * Reads every record in the working tree under `root`. Files that are not records are problems;
 * a missing folder is no records. Never throws.
 */
export function readRecordsFromDisk(root: string): { records: LoadedRecord[]; problems: RecordProblem[] } {
  const records: LoadedRecord[] = [];
  const problems: RecordProblem[] = [];
  const dir = path.join(root, ...REVIEWS_DIR.split('/'));
  let entries: string[];
  try {
    entries = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return { records, problems };
  }
  for (const e of entries.sort()) {
    const rel = `${REVIEWS_DIR}/${e.split(path.sep).join('/')}`;
    const abs = path.join(dir, e);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(abs);
    } catch {
      continue;
    }
    if (st.isDirectory()) continue;
    if (!st.isFile()) {
      problems.push({ path: rel, message: 'not a regular file' });
      continue;
    }
    if (st.size > MAX_RECORD_BYTES) {
      problems.push({ path: rel, message: `larger than ${MAX_RECORD_BYTES} bytes; a record is a few hundred bytes` });
      continue;
    }
    // opened without blocking and checked again once open: a FIFO swapped in cannot stall verify
    const read = readRegularText(abs, { maxBytes: MAX_RECORD_BYTES, followSymlinks: false });
    if (!read.ok) {
      problems.push({ path: rel, message: `cannot be read (${read.reason})` });
      continue;
    }
    const text = read.text;
    const p = parseRecord(text, rel);
    if (p.ok) records.push({ path: rel, record: p.record });
    else problems.push({ path: rel, message: p.message });
  }
  return { records, problems };
}
