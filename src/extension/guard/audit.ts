import type { Logger } from '../../core/logger';
import type { Measured } from '../../core/probe/types';
import { redact } from '../../core/redact';
import { type Decision, type Severity, severityRank } from '../../core/severity';
import type { AuditSink } from '../audit';

/**
 * The terminal guard's audit records: every checked command line with its decision, the rules
 * behind it, who decided and when. They go to the extension's audit log (../audit.ts), the same
 * file as the edit review's records. Secrets in the line and the reason are redacted before
 * anything is written.
 */
export interface GuardAuditEntry {
  time: string;
  /** `agent-edit`: a file change an agent's hook asked a person about before writing it. */
  kind: 'command' | 'agent-edit';
  /** `terminal`: a guarded shell asked; `agent`: an agent's hook asked; `observed`: an unguarded terminal ran it. */
  source: 'terminal' | 'agent' | 'observed';
  agent?: string;
  /** The agent's session (conversation) the hook call belonged to. */
  session?: string;
  shell: string;
  pid?: number;
  cwd: string;
  line: string;
  /** What happened to the line. `ran`: observed after the fact, nobody could stop it. */
  decision: 'allow' | 'deny' | 'ran';
  /** Who decided: the engine and policy, a person in the editor, the confirmation timeout, … */
  decidedBy: 'rule' | 'person' | 'timeout' | 'cancelled' | 'paused' | 'unguarded';
  /** The engine's verdict. */
  verdict: Decision;
  severity: Severity;
  ruleIds: string[];
  reason: string;
  /** A person chose "Always Allow" (an allow entry was added to their user settings). */
  alwaysAllowed?: boolean;
  /** What the probes measured about the line (src/core/probe/types.ts), as the decision used it. */
  measured?: Measured;
  /** Milliseconds from the request to the decision. */
  ms?: number;
}

/** A record as the guard hands it over: the time is added here, the kind defaults to `command`. */
export type GuardAuditInput = Omit<GuardAuditEntry, 'time' | 'kind'> & { kind?: GuardAuditEntry['kind'] };

/** Records what the guard decided (or saw run) in the audit log, and says so in the output channel. */
export class GuardAudit {
  /** This session's records, newest last (for the status command and the tests). */
  readonly entries: GuardAuditEntry[] = [];

  constructor(
    private readonly log: AuditSink,
    private readonly logger: Logger,
  ) {}

  record(entry: GuardAuditInput): GuardAuditEntry {
    const full: GuardAuditEntry = {
      time: new Date().toISOString(),
      kind: 'command',
      ...entry,
      line: redact(entry.line),
      cwd: redact(entry.cwd),
      reason: redact(entry.reason),
    };
    if (entry.measured) full.measured = { ...entry.measured, probes: entry.measured.probes.map((p) => ({ ...p, command: redact(p.command), sentence: redact(p.sentence) })) };
    this.entries.push(full);
    if (this.entries.length > 1000) this.entries.splice(0, this.entries.length - 1000);
    this.log.append(full as unknown as Record<string, unknown>);
    const level = full.decision === 'deny' || severityRank(full.severity) >= severityRank('high') ? 'info' : 'debug';
    this.logger[level](`guard: ${full.decision} (${full.decidedBy}) ${full.line}${full.ruleIds.length ? ` [${full.ruleIds.join(', ')}]` : ''}`);
    return full;
  }
}
