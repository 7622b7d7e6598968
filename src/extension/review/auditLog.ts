import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from '../../core/logger';

/** Where decisions go: one JSON object per line. */
export interface AuditSink {
  append(record: Readonly<Record<string, unknown>>): void;
}

/**
 * A JSON-lines audit file. Appends are queued and written in order, off the caller's path; a
 * failed write is logged, never thrown at the person who just decided something.
 */
export class JsonlAuditLog implements AuditSink {
  private chain: Promise<void> = Promise.resolve();
  /** Records appended in this session, newest last (for the review's tests and the log view). */
  readonly session: Array<Readonly<Record<string, unknown>>> = [];

  constructor(
    readonly file: string,
    private readonly log: Logger,
  ) {}

  append(record: Readonly<Record<string, unknown>>): void {
    this.session.push(record);
    const line = `${JSON.stringify(record)}\n`;
    this.chain = this.chain
      .then(async () => {
        await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
        await fs.promises.appendFile(this.file, line, 'utf8');
      })
      .catch((e: unknown) => this.log.error(`could not write the audit log ${this.file}: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** Resolves when every queued record is on disk. */
  flush(): Promise<void> {
    return this.chain;
  }
}
