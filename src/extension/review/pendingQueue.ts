import * as vscode from 'vscode';
import { type PendingItem, type PendingKind, ReviewQueue } from '../../core/review/queue';
import { CONTEXT_KEYS } from '../ids';
import type { StatusBar } from '../statusBar';

/** One choice offered for a pending item in the review (Approve, Revert, Run Once, Deny, …). */
export interface PendingAction {
  label: string;
  description?: string;
  run(): Promise<void>;
}

/**
 * How the owner of a kind of pending item lets a person act on it. Edits are handled by the edit
 * review; the terminal guard registers one for held commands.
 */
export interface PendingHandler {
  /** Choices for the review, most usual first. Skip is added by the review itself. */
  actions(item: PendingItem): PendingAction[];
  /** Shows the item (the diff of an edit, the command and its reasons). */
  open?(item: PendingItem): Promise<void>;
}

/**
 * Owns the one pending-review queue: held commands and risky edits. Keeps the status bar count
 * and the context keys that gate review commands in step with it.
 *
 * The terminal guard's held commands (src/extension/guard/heldCommands.ts) add a line with
 * `queue.upsert({ kind: 'command', … })`, register a `PendingHandler` for `'command'` once, and
 * remove the item when the line is decided.
 */
export class PendingQueue implements vscode.Disposable {
  readonly queue = new ReviewQueue();
  private readonly handlers = new Map<PendingKind, PendingHandler>();
  private readonly subscription: { dispose(): void };
  private readonly activeSub: vscode.Disposable;

  private syncTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly statusBar: StatusBar) {
    // a burst of changes updates the status bar and context keys once
    this.subscription = this.queue.onDidChange(() => {
      this.syncTimer ??= setTimeout(() => {
        this.syncTimer = undefined;
        this.sync();
      }, 25);
    });
    this.activeSub = vscode.window.onDidChangeActiveTextEditor(() => this.syncActive());
    this.sync();
  }

  registerHandler(kind: PendingKind, handler: PendingHandler): vscode.Disposable {
    this.handlers.set(kind, handler);
    return new vscode.Disposable(() => {
      if (this.handlers.get(kind) === handler) this.handlers.delete(kind);
    });
  }

  handler(kind: PendingKind): PendingHandler | undefined {
    return this.handlers.get(kind);
  }

  private sync(): void {
    const items = this.queue.list();
    this.statusBar.update({ pending: items.map((i) => ({ severity: i.severity })) });
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasPending, items.length > 0);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasPendingEdits, items.some((i) => i.kind === 'edit'));
    this.syncActive();
  }

  private syncActive(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const has = uri !== undefined && uri.scheme === 'file' && this.queue.files().has(uri.fsPath);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.activeFileHasPending, has);
  }

  dispose(): void {
    if (this.syncTimer !== undefined) clearTimeout(this.syncTimer);
    this.subscription.dispose();
    this.activeSub.dispose();
  }
}
