import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';

/**
 * The audit log: `audit.jsonl` under the extension's storage (never in the repository), one JSON
 * object per line. This module is its one writer; the terminal guard's records (guard/audit.ts)
 * and the edit review's decisions are appended through it. People read it in the Audit Log view
 * (auditView.ts), which "Show Audit Log" opens.
 */

/** Where decisions go: one JSON object per line. */
export interface AuditSink {
  append(record: Readonly<Record<string, unknown>>): void;
}

/**
 * The JSON-lines file. Appends are queued and written in order, off the caller's path; a failed
 * write is logged, never thrown at the person who just decided something.
 */
export class AuditLog implements AuditSink, vscode.Disposable {
  private chain: Promise<void> = Promise.resolve();
  private readonly appended = new vscode.EventEmitter<void>();
  /** Fires after queued records reached the file. */
  readonly onDidAppend = this.appended.event;

  constructor(
    readonly file: vscode.Uri,
    private readonly log: Logger,
  ) {}

  append(record: Readonly<Record<string, unknown>>): void {
    const line = `${JSON.stringify(record)}\n`;
    const file = this.file.fsPath;
    this.chain = this.chain
      .then(async () => {
        await fs.promises.mkdir(path.dirname(file), { recursive: true });
        await fs.promises.appendFile(file, line, 'utf8');
        this.appended.fire();
      })
      .catch((e: unknown) => this.log.error(`could not write the audit log ${file}: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** Resolves when every queued record is on disk. */
  flush(): Promise<void> {
    return this.chain;
  }

  /** The log's text once queued records are written ('' before the first record). */
  async read(): Promise<string> {
    await this.flush();
    return fs.promises.readFile(this.file.fsPath, 'utf8').catch(() => '');
  }

  dispose(): void {
    this.appended.dispose();
  }
}

/** One part's records of this session (newest last, for its tests and views), written to the shared log. */
export class SessionAudit implements AuditSink {
  readonly session: Array<Readonly<Record<string, unknown>>> = [];

  constructor(private readonly log: AuditSink) {}

  append(record: Readonly<Record<string, unknown>>): void {
    this.session.push(record);
    this.log.append(record);
  }
}

/** The audit log of this workspace (the global storage without one). */
export function createAuditLog(context: vscode.ExtensionContext, logger: Logger): AuditLog {
  const storage = context.storageUri ?? context.globalStorageUri;
  return new AuditLog(vscode.Uri.joinPath(storage, 'audit.jsonl'), logger);
}
