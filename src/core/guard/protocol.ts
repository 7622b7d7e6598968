/**
 * The guard protocol, version 1 ("BR1"): how a shell asks the editor whether it may run a
 * command line (CHECK), and how an agent's hook asks whether the agent may make a change (EDIT).
 * Editor-free; the server (server.ts), the hooks and the tests use it.
 *
 * One request per connection. A request is one header line, then (for CHECK and EDIT) two raw
 * fields, each terminated by a NUL byte, so the client sends its text without any escaping:
 *
 *   BR1 HELLO <token> <shell> <pid> <guard-version>\n
 *   BR1 PING <token>\n
 *   BR1 CHECK <token> <shell> <pid> <seq> <flags>\n<cwd>\0<line>\0
 *   BR1 EDIT <token> <agent> <pid> [<flags>]\n<cwd>\0<summary>\0
 *
 * The server answers with lines. For CHECK: zero or more `BR1 HOLD <reason>` lines (a person
 * is being asked; the shell prints the reason), then exactly one `BR1 ALLOW [<reason>]` or
 * `BR1 DENY [<reason>]`. For HELLO and PING: `BR1 OK <server-version>`.
 *
 * EDIT comes from an agent's hook only: the agent is about to write files and the hook's edit
 * engine wants a person to confirm it. `<summary>` is JSON (`EditSummary`): what would be
 * written and the findings. The answers are those of CHECK: HOLD while a person is asked, then
 * ALLOW or DENY; a DENY without a HOLD means the editor did not ask anyone (paused, or it does
 * not review edits), and the hook decides with its policy. Reasons are one line of
 * printable text. Nothing a client sends can approve anything: the only client verbs are
 * "who is there" (HELLO, PING), "may I run this line?" (CHECK) and "may the agent make this
 * change?" (EDIT).
 *
 * Header fields are printable ASCII without spaces. CHECK's `<flags>` is `-` or a comma-separated
 * list:
 *   child      a non-interactive shell checking its `-c` string (bash through BASH_ENV, zsh)
 *   partial    the shell could not read the whole line; `<line>` is one simple command
 *   ppid=<n>   the parent process of a child shell
 *   agent=<id> the request comes from an agent's hook (src/core/hooks), not from a terminal
 *   tampered=<what>  the shell found its guard tampered with (`<what>` names the parts, joined by
 *              `.`: `trap.ps0`, `alias`, `builtin`, …; an older editor ignores the flag); it
 *              refuses `<line>` itself and asks only so that the editor can say so and record
 *              it. The answer is DENY.
 *   session=<id> the agent's session (conversation) the hook call belongs to
 * EDIT's optional `<flags>` uses the same form; only `session=` means something there.
 * Unknown flags are ignored, so shells and editors can be upgraded independently.
 *
 * An answer is bound to its request: it goes back on the request's own connection, and a
 * person's approval is never kept for another request. (Only parts of one terminal line, asked
 * from several processes of the same shell with the same line number, share one decision; an
 * agent's requests never do: server.ts.)
 */

import { isSeverity, type Severity } from '../severity';

export const PROTOCOL = 'BR1';

export const GUARD_SHELLS = ['bash', 'zsh', 'fish', 'pwsh'] as const;
export type GuardShell = (typeof GUARD_SHELLS)[number];

/** Limits that keep a misbehaving client from holding memory or the event loop. */
export interface ProtocolLimits {
  /** Longest header line (bytes, without the newline). */
  maxHeaderBytes: number;
  /** Longest working directory (bytes). */
  maxCwdBytes: number;
  /**
   * Longest command line kept for analysis (bytes). Longer lines are read to their end and
   * marked `truncated`, so the decision can ask a person instead of guessing.
   */
  maxLineBytes: number;
  /** Hard cap on a whole request; past it the request is refused and the connection closed. */
  maxRequestBytes: number;
}

export const DEFAULT_LIMITS: ProtocolLimits = {
  maxHeaderBytes: 1024,
  maxCwdBytes: 8 * 1024,
  maxLineBytes: 256 * 1024,
  maxRequestBytes: 4 * 1024 * 1024,
};

export interface CheckFlags {
  child: boolean;
  partial: boolean;
  ppid?: number;
  /** What the shell found tampered with in its guard (it refuses the line itself). */
  tampered?: string;
  /** The agent whose hook forwarded the command (`claude-code`, `codex`, …). */
  agent?: string;
  /** The agent's session the hook call belongs to. */
  session?: string;
}

export interface HelloRequest {
  verb: 'hello';
  token: string;
  shell: GuardShell;
  pid: number;
  guardVersion: string;
}

export interface PingRequest {
  verb: 'ping';
  token: string;
}

export interface CheckRequest {
  verb: 'check';
  token: string;
  shell: GuardShell;
  pid: number;
  /** The shell's command-line counter (0 when it has none); equal for every part of one line. */
  seq: number;
  flags: CheckFlags;
  cwd: string;
  line: string;
  /** The line was longer than the limit; `line` holds its beginning. */
  truncated: boolean;
}

/** An agent's file change that its hook wants a person to confirm (see EDIT above). */
export interface EditRequest {
  verb: 'edit';
  token: string;
  /** The agent whose hook asks (`claude-code`, `codex`, …). */
  agent: string;
  /** The agent's session the hook call belongs to. */
  session?: string;
  pid: number;
  cwd: string;
  /** `EditSummary` as JSON. */
  summary: string;
  /** The summary was longer than the limit (it cannot be read then). */
  truncated: boolean;
}

/** What an EDIT request describes: the change and why it needs a person. */
export interface EditSummary {
  /** One line: `writing \`db/x.sql\``, `this change to 3 files`. */
  subject: string;
  severity: Severity;
  /** Workspace-relative (or absolute) paths of the files the tool would change. */
  paths: string[];
  findings: Array<{ ruleId: string; severity: Severity; message: string; suggestion?: string; path?: string; line?: number }>;
  /** Why it could not be judged, when that is why a person is asked. */
  notes?: string[];
}

const MAX_SUMMARY_FINDINGS = 20;

/** The summary in an EDIT request, checked; undefined when it is not one. */
export function parseEditSummary(text: string): EditSummary | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const str = (x: unknown, max: number): string | undefined => (typeof x === 'string' ? cleanReason(x, max) : undefined);
  const subject = str(o['subject'], 300);
  const severity = o['severity'];
  if (!subject || !isSeverity(severity)) return undefined;
  if (!Array.isArray(o['paths']) || !Array.isArray(o['findings'])) return undefined;
  const paths = (o['paths'] as unknown[]).filter((p): p is string => typeof p === 'string').slice(0, 50).map((p) => cleanReason(p, 500));
  const findings: EditSummary['findings'] = [];
  for (const f of (o['findings'] as unknown[]).slice(0, MAX_SUMMARY_FINDINGS)) {
    if (typeof f !== 'object' || f === null) return undefined;
    const r = f as Record<string, unknown>;
    const ruleId = str(r['ruleId'], 80);
    const message = str(r['message'], 400);
    const level = r['severity'];
    if (!ruleId || !message || !isSeverity(level)) return undefined;
    const out: EditSummary['findings'][number] = { ruleId, severity: level, message };
    const suggestion = str(r['suggestion'], 400);
    if (suggestion) out.suggestion = suggestion;
    const path = str(r['path'], 500);
    if (path) out.path = path;
    if (typeof r['line'] === 'number' && Number.isInteger(r['line']) && r['line'] > 0) out.line = r['line'];
    findings.push(out);
  }
  const summary: EditSummary = { subject, severity, paths, findings };
  if (Array.isArray(o['notes'])) summary.notes = (o['notes'] as unknown[]).filter((n): n is string => typeof n === 'string').slice(0, 5).map((n) => cleanReason(n, 400));
  return summary;
}

export type GuardRequest = HelloRequest | PingRequest | CheckRequest | EditRequest;

/** What a request parse produced: a request, or a reason it was refused. */
export type ParseResult = { ok: true; request: GuardRequest } | { ok: false; reason: string };

const TOKEN_RE = /^[A-Za-z0-9_-]{1,256}$/;
const UINT_RE = /^(0|[1-9][0-9]{0,9})$/;
const VERSION_RE = /^[A-Za-z0-9._+-]{1,32}$/;

function isShell(s: string): s is GuardShell {
  return (GUARD_SHELLS as readonly string[]).includes(s);
}

function parseUint(s: string | undefined): number | undefined {
  if (s === undefined || !UINT_RE.test(s)) return undefined;
  const n = Number(s);
  return n <= 0xffffffff ? n : undefined;
}

/** Parses the flags field; undefined when it is malformed. */
export function parseFlags(field: string): CheckFlags | undefined {
  const flags: CheckFlags = { child: false, partial: false };
  if (field === '-') return flags;
  for (const item of field.split(',')) {
    if (item === '') return undefined;
    if (item === 'child') flags.child = true;
    else if (item === 'partial') flags.partial = true;
    else if (item.startsWith('ppid=')) {
      const n = parseUint(item.slice(5));
      if (n === undefined) return undefined;
      flags.ppid = n;
    } else if (/^tampered=[a-z0-9][a-z0-9._-]{0,63}$/.test(item)) {
      flags.tampered = item.slice(9);
    } else if (/^agent=[a-z0-9][a-z0-9._-]{0,63}$/.test(item)) {
      flags.agent = item.slice(6);
    } else if (/^session=[A-Za-z0-9._-]{1,64}$/.test(item)) {
      flags.session = item.slice(8);
    } else if (!/^[a-z][a-z0-9-]{0,31}(=[A-Za-z0-9._-]{0,64})?$/.test(item)) return undefined;
    // other well-formed flags are ignored (newer shells talking to an older editor)
  }
  return flags;
}

export function formatFlags(flags: Partial<CheckFlags>): string {
  const items: string[] = [];
  if (flags.child) items.push('child');
  if (flags.partial) items.push('partial');
  if (flags.ppid !== undefined) items.push(`ppid=${flags.ppid}`);
  if (flags.agent !== undefined) items.push(`agent=${flags.agent}`);
  if (flags.session !== undefined) items.push(`session=${flags.session}`);
  if (flags.tampered !== undefined) items.push(`tampered=${flags.tampered}`);
  return items.length ? items.join(',') : '-';
}

/**
 * The header line tells what else to read. `fields` is how many NUL-terminated fields follow.
 */
type PartialRequest = Omit<CheckRequest, 'cwd' | 'line' | 'truncated'> | Omit<EditRequest, 'cwd' | 'summary' | 'truncated'>;

export type HeaderResult =
  | { ok: true; fields: 0; request: HelloRequest | PingRequest }
  | { ok: true; fields: 2; partial: PartialRequest }
  | { ok: false; reason: string };

/** Parses one header line (without its newline). Never throws. */
export function parseHeader(header: string): HeaderResult {
  if (header.endsWith('\r')) header = header.slice(0, -1);
  if (!/^[\x21-\x7e]+( [\x21-\x7e]+)*$/.test(header)) return { ok: false, reason: 'malformed request' };
  const parts = header.split(' ');
  if (parts[0] !== PROTOCOL) {
    return { ok: false, reason: parts[0]?.startsWith('BR') ? `unsupported protocol ${parts[0]}` : 'not a guard request' };
  }
  const verb = parts[1];
  const token = parts[2];
  if (token === undefined || !TOKEN_RE.test(token)) return { ok: false, reason: 'malformed request: token' };
  switch (verb) {
    case 'PING':
      if (parts.length !== 3) return { ok: false, reason: 'malformed PING' };
      return { ok: true, fields: 0, request: { verb: 'ping', token } };
    case 'HELLO': {
      if (parts.length !== 6) return { ok: false, reason: 'malformed HELLO' };
      const shell = parts[3]!;
      const pid = parseUint(parts[4]);
      const guardVersion = parts[5]!;
      if (!isShell(shell)) return { ok: false, reason: `unknown shell ${shell.slice(0, 16)}` };
      if (pid === undefined || !VERSION_RE.test(guardVersion)) return { ok: false, reason: 'malformed HELLO' };
      return { ok: true, fields: 0, request: { verb: 'hello', token, shell, pid, guardVersion } };
    }
    case 'CHECK': {
      if (parts.length !== 7) return { ok: false, reason: 'malformed CHECK' };
      const shell = parts[3]!;
      const pid = parseUint(parts[4]);
      const seq = parseUint(parts[5]);
      const flags = parseFlags(parts[6]!);
      if (!isShell(shell)) return { ok: false, reason: `unknown shell ${shell.slice(0, 16)}` };
      if (pid === undefined || seq === undefined || flags === undefined) return { ok: false, reason: 'malformed CHECK' };
      return { ok: true, fields: 2, partial: { verb: 'check', token, shell, pid, seq, flags } };
    }
    case 'EDIT': {
      if (parts.length !== 5 && parts.length !== 6) return { ok: false, reason: 'malformed EDIT' };
      const agent = parts[3]!;
      const pid = parseUint(parts[4]);
      const flags = parts[5] === undefined ? { child: false, partial: false } : parseFlags(parts[5]);
      if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(agent) || pid === undefined || flags === undefined) return { ok: false, reason: 'malformed EDIT' };
      return { ok: true, fields: 2, partial: { verb: 'edit', token, agent, pid, ...(flags.session !== undefined ? { session: flags.session } : {}) } };
    }
    default:
      return { ok: false, reason: `unknown request ${String(verb).slice(0, 16)}` };
  }
}

/** The verdicts a shell understands. */
export type AnswerKind = 'allow' | 'deny';

/** Makes a reason safe for one protocol line: printable, single line, bounded. */
export function cleanReason(reason: string, max = 400): string {
  // eslint-disable-next-line no-control-regex
  let r = reason.replace(/[\x00-\x1f\x7f\u0080-\u009f\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();
  if (r.length > max) r = `${r.slice(0, max - 1)}…`;
  return r;
}

export function formatAnswer(kind: AnswerKind, reason = ''): string {
  const r = cleanReason(reason);
  return `${PROTOCOL} ${kind === 'allow' ? 'ALLOW' : 'DENY'}${r ? ` ${r}` : ''}\n`;
}

export function formatHold(reason: string): string {
  const r = cleanReason(reason);
  return `${PROTOCOL} HOLD${r ? ` ${r}` : ''}\n`;
}

export function formatOk(info: string): string {
  return `${PROTOCOL} OK ${cleanReason(info) || '-'}\n`;
}

/** Builds the bytes of a request (what a shell sends); used by tests, the bench and tools. */
export function encodeRequest(req: GuardRequest): Buffer {
  switch (req.verb) {
    case 'ping':
      return Buffer.from(`${PROTOCOL} PING ${req.token}\n`);
    case 'hello':
      return Buffer.from(`${PROTOCOL} HELLO ${req.token} ${req.shell} ${req.pid} ${req.guardVersion}\n`);
    case 'check':
      return Buffer.concat([
        Buffer.from(`${PROTOCOL} CHECK ${req.token} ${req.shell} ${req.pid} ${req.seq} ${formatFlags(req.flags)}\n`),
        Buffer.from(req.cwd),
        Buffer.from([0]),
        Buffer.from(req.line),
        Buffer.from([0]),
      ]);
    case 'edit':
      return Buffer.concat([
        Buffer.from(`${PROTOCOL} EDIT ${req.token} ${req.agent} ${req.pid}${req.session !== undefined ? ` ${formatFlags({ session: req.session })}` : ''}\n`),
        Buffer.from(req.cwd),
        Buffer.from([0]),
        Buffer.from(req.summary),
        Buffer.from([0]),
      ]);
  }
}

/** One line of a server answer, parsed (what a shell reads). */
export type ServerLine =
  | { kind: 'allow' | 'deny' | 'hold' | 'ok'; reason: string }
  | { kind: 'invalid'; reason: string };

export function parseServerLine(line: string): ServerLine {
  const m = /^BR1 (ALLOW|DENY|HOLD|OK)(?: (.*))?$/.exec(line.replace(/\r?\n$/, ''));
  if (!m) return { kind: 'invalid', reason: line.slice(0, 80) };
  return { kind: m[1]!.toLowerCase() as 'allow' | 'deny' | 'hold' | 'ok', reason: m[2] ?? '' };
}

/**
 * Incremental reader for one request. Feed it the bytes as they arrive; it returns a result
 * as soon as the request is complete or found malformed. It never throws and never holds more
 * than the limits allow.
 */
export class RequestReader {
  private stage: 'header' | 'cwd' | 'line' | 'done' = 'header';
  private chunks: Buffer[] = [];
  private size = 0;
  private total = 0;
  private head: PartialRequest | undefined;
  private cwd = '';
  private truncated = false;

  constructor(private readonly limits: ProtocolLimits = DEFAULT_LIMITS) {}

  /** Returns undefined while more bytes are needed. */
  push(data: Buffer): ParseResult | undefined {
    if (this.stage === 'done') return undefined;
    this.total += data.length;
    let rest = data;
    while (rest.length > 0) {
      const stop = this.stage === 'header' ? 0x0a : 0x00;
      const at = rest.indexOf(stop);
      const piece = at < 0 ? rest : rest.subarray(0, at);
      const room = this.capacity() - this.size;
      if (piece.length > room) {
        if (this.stage !== 'line') return this.fail(this.stage === 'header' ? 'request header too long' : 'working directory too long');
        if (room > 0) this.keep(piece.subarray(0, room));
        this.truncated = true;
      } else {
        this.keep(piece);
      }
      if (at < 0) break;
      const done = this.finishField();
      if (done) return done;
      rest = rest.subarray(at + 1);
    }
    if (this.total > this.limits.maxRequestBytes) return this.fail('request too large');
    return undefined;
  }

  /** The connection ended before the request was complete. */
  end(): ParseResult {
    if (this.stage === 'done') return { ok: false, reason: 'request already complete' };
    return this.fail(this.total === 0 ? 'empty request' : 'incomplete request');
  }

  private capacity(): number {
    if (this.stage === 'header') return this.limits.maxHeaderBytes + 1; // allow a trailing \r
    if (this.stage === 'cwd') return this.limits.maxCwdBytes;
    return this.limits.maxLineBytes;
  }

  private keep(b: Buffer): void {
    if (b.length === 0) return;
    this.chunks.push(Buffer.from(b));
    this.size += b.length;
  }

  private take(): string {
    const s = Buffer.concat(this.chunks, this.size).toString('utf8');
    this.chunks = [];
    this.size = 0;
    return s;
  }

  private finishField(): ParseResult | undefined {
    if (this.stage === 'header') {
      const header = this.take();
      const h = parseHeader(header);
      if (!h.ok) return this.fail(h.reason);
      if (h.fields === 0) {
        this.stage = 'done';
        return { ok: true, request: h.request };
      }
      this.head = h.partial;
      this.stage = 'cwd';
      return undefined;
    }
    if (this.stage === 'cwd') {
      this.cwd = this.take();
      this.stage = 'line';
      return undefined;
    }
    const line = this.take();
    this.stage = 'done';
    const head = this.head!;
    if (head.verb === 'edit') return { ok: true, request: { ...head, cwd: this.cwd, summary: line, truncated: this.truncated } };
    return { ok: true, request: { ...head, cwd: this.cwd, line, truncated: this.truncated } };
  }

  private fail(reason: string): ParseResult {
    this.stage = 'done';
    this.chunks = [];
    this.size = 0;
    return { ok: false, reason };
  }
}
