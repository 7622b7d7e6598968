import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { COMMANDS } from './ids';

/**
 * The audit log: `audit.jsonl` under the extension's storage, one JSON object per line. This
 * module is its one writer and owns the "Show Audit Log" command; the terminal guard's records
 * (guard/audit.ts) and the edit review's decisions are appended through it.
 */

/** Where decisions go: one JSON object per line. */
export interface AuditSink {
  append(record: Readonly<Record<string, unknown>>): void;
}

/**
 * The JSON-lines file. Appends are queued and written in order, off the caller's path; a failed
 * write is logged, never thrown at the person who just decided something.
 */
export class AuditLog implements AuditSink {
  private chain: Promise<void> = Promise.resolve();

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
      })
      .catch((e: unknown) => this.log.error(`could not write the audit log ${file}: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** Resolves when every queued record is on disk. */
  flush(): Promise<void> {
    return this.chain;
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

/** Opens the audit log file in an editor (the "Show Audit Log" command). */
async function showAuditLog(file: vscode.Uri): Promise<void> {
  try {
    await vscode.workspace.fs.stat(file);
  } catch {
    void vscode.window.showInformationMessage('Blast Radius has no audit records yet: they are written when a command is checked or a change is reviewed.');
    return;
  }
  const doc = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(doc, { preview: false });
}

/** The audit log of this workspace (the global storage without one) and its command. */
export function registerAuditLog(context: vscode.ExtensionContext, logger: Logger): { log: AuditLog; disposables: vscode.Disposable[] } {
  const storage = context.storageUri ?? context.globalStorageUri;
  const log = new AuditLog(vscode.Uri.joinPath(storage, 'audit.jsonl'), logger);
  return { log, disposables: [vscode.commands.registerCommand(COMMANDS.showAuditLog, () => showAuditLog(log.file))] };
}
