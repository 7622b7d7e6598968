import * as vscode from 'vscode';
import type { PendingItem } from '../../core/review/queue';
import type { Severity } from '../../core/severity';
import type { PendingQueue } from '../review/pendingQueue';

/**
 * Held terminal commands in the shared pending queue. The terminal guard calls `hold` for a line
 * it is holding; the line then shows in the status bar count, the review command and the
 * "Pending Review" view, where a person can choose Run Once or Deny. Whoever decides first — the
 * guard's own modal, this review, a timeout, the shell going away — settles it; the item leaves
 * the queue when it is settled.
 *
 * Nothing here lets a client approve: only a person acting in the editor picks "Run Once".
 */
export interface HoldInput {
  /** The command line as the shell sent it (already redacted for display). */
  line: string;
  cwd: string;
  severity: Severity;
  ruleIds: readonly string[];
  /** Why it is held, one line each (findings, unreviewed edits it would deploy). */
  reasons: readonly string[];
  /** Aborted when the shell stopped waiting (Ctrl-C, terminal closed): the item goes. */
  signal?: AbortSignal;
}

export type HeldDecision = 'allow' | 'deny';

export interface Held {
  id: string;
  /** Resolves with the person's choice in the review, or the owner's `settle`. */
  decision: Promise<HeldDecision>;
  /** Settles from elsewhere (the modal, a timeout) and takes the item out of the queue. */
  settle(decision: HeldDecision): void;
}

export class HeldCommands implements vscode.Disposable {
  private next = 1;
  private readonly open = new Map<string, (d: HeldDecision) => void>();
  private readonly registration: vscode.Disposable;

  constructor(private readonly pending: PendingQueue) {
    this.registration = pending.registerHandler('command', {
      actions: (item) => [
        { label: '$(play) Run Once', description: 'let this line run this time', run: async () => this.decide(item.id, 'allow') },
        { label: '$(circle-slash) Deny', description: 'the line does not run', run: async () => this.decide(item.id, 'deny') },
      ],
      open: async (item) => this.show(item),
    });
  }

  hold(input: HoldInput): Held {
    const id = `command:${Date.now()}-${this.next++}`;
    let resolveDecision!: (d: HeldDecision) => void;
    const decision = new Promise<HeldDecision>((resolve) => (resolveDecision = resolve));
    const settle = (d: HeldDecision): void => {
      if (!this.open.delete(id)) return;
      this.pending.queue.remove(id);
      resolveDecision(d);
    };
    this.open.set(id, settle);
    this.pending.queue.upsert({
      id,
      kind: 'command',
      severity: input.severity,
      file: input.cwd,
      ruleIds: [...input.ruleIds],
      title: input.line,
      createdAt: Date.now(),
      detail: input.reasons.join('\n'),
    });
    input.signal?.addEventListener('abort', () => settle('deny'), { once: true });
    return { id, decision, settle };
  }

  private decide(id: string, d: HeldDecision): void {
    this.open.get(id)?.(d);
  }

  private async show(item: PendingItem): Promise<void> {
    // a toast next to the choice, not awaited: the review's Run Once / Deny pick follows at once
    const why = item.detail ? ` ${item.detail.replace(/\n/g, ' ')}` : '';
    void vscode.window.showInformationMessage(`Blast Radius is holding: ${item.title}.${why}`);
  }

  dispose(): void {
    for (const settle of [...this.open.values()]) settle('deny');
    this.registration.dispose();
  }
}
