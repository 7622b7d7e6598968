import * as vscode from 'vscode';
import { type PendingItem, nextItem } from '../../core/review/queue';
import { CONTEXT_KEYS } from '../ids';
import type { ReviewActions } from './actions';
import { baselineKey } from './baselineDocs';
import type { PendingAction, PendingQueue } from './pendingQueue';
import type { PendingNode } from './tree';

/**
 * The review as a person walks through it: one pending item at a time, in the queue's order
 * (most severe first). A risky edit opens as a diff (baseline ↔ current) whose title bar carries
 * Approve, Revert and Next (`editor/title` menus on the `reviewDiffActive` context key); the
 * Pending Review view has the same actions inline and Next in its title. Nothing covers the diff
 * while the person reads it, and nothing closes when they click into it.
 *
 * After a decision the file's diff has nothing left to show (approving moves the baseline to the
 * file, reverting moves the file to the baseline): every review diff of a file with nothing
 * pending closes, whichever surface decided (title bar, view, CodeLens, hover, quick fix), and
 * when the person was looking at it, the next item opens. A diff with unsaved changes stays open
 * and shows the new state.
 *
 * Held terminal commands have no diff: their owner's actions (Run Once, Deny) are offered in a
 * quick pick, which is a person's choice.
 */

/** The quick pick for a held command's actions; tests replace it (quick picks cannot be answered in the test host). */
export interface ReviewUi {
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
}

export const quickPickUi: ReviewUi = {
  pick: async (items, options) => vscode.window.showQuickPick(items, options),
};

interface ActionPick extends vscode.QuickPickItem {
  run?: () => Promise<void>;
}

/** The file (tracker key) a tab shows as a Blast Radius review diff; undefined for any other tab. */
export function reviewDiffKey(tab: vscode.Tab | undefined): string | undefined {
  const input = tab?.input;
  return input instanceof vscode.TabInputTextDiff ? baselineKey(input.original) : undefined;
}

export interface ReviewFlowDeps {
  pending: PendingQueue;
  actions: ReviewActions;
  ui: () => ReviewUi;
  /** The Pending Review view: the item opened is selected there when the view is visible. */
  view?: vscode.TreeView<PendingNode>;
}

export class ReviewFlow implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[];
  private tidyQueued = false;
  private keyShown: boolean | undefined;

  constructor(private readonly deps: ReviewFlowDeps) {
    this.disposables = [
      vscode.window.tabGroups.onDidChangeTabs(() => this.syncContext()),
      vscode.window.tabGroups.onDidChangeTabGroups(() => this.syncContext()),
      vscode.window.onDidChangeActiveTextEditor(() => this.syncContext()),
      // a revert saves the file after the queue has changed: its diff was dirty at the first tidy
      vscode.workspace.onDidSaveTextDocument(() => this.queueTidy()),
    ];
    const sub = deps.pending.queue.onDidChange(() => {
      this.syncContext();
      this.queueTidy();
    });
    this.disposables.push({ dispose: () => sub.dispose() });
    this.syncContext();
  }

  /** The file of the review diff in the active tab, when it has something pending. */
  shownFile(): string | undefined {
    const key = reviewDiffKey(vscode.window.tabGroups.activeTabGroup.activeTab);
    return key !== undefined && this.deps.pending.queue.files().has(key) ? key : undefined;
  }

  private syncContext(): void {
    const shown = this.shownFile() !== undefined;
    if (shown === this.keyShown) return;
    this.keyShown = shown;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.reviewDiffActive, shown);
  }

  /** "Review Pending Changes": opens the item asked for, or the first one. */
  async start(id?: string): Promise<void> {
    const items = this.deps.pending.queue.list();
    const item = (id === undefined ? undefined : items.find((i) => i.id === id)) ?? items[0];
    if (!item) {
      void vscode.window.showInformationMessage('Blast Radius: nothing is waiting for review.');
      return;
    }
    await this.open(item);
  }

  /** "Next": the item after the one shown (its diff closes when nothing in it is unsaved). */
  async next(): Promise<void> {
    const current = this.shownFile() ?? reviewDiffKey(vscode.window.tabGroups.activeTabGroup.activeTab);
    const item = nextItem(this.deps.pending.queue.list(), current);
    if (!item) {
      void vscode.window.showInformationMessage(
        current !== undefined ? 'Blast Radius: nothing else is waiting for review.' : 'Blast Radius: nothing is waiting for review.',
      );
      return;
    }
    if (current !== undefined && item.file !== current) await this.closeDiffs(current);
    await this.open(item);
  }

  /** Approve or Revert from the diff's title bar: every pending change of the file shown. */
  async decideShown(decision: 'approve' | 'revert', args: readonly unknown[]): Promise<void> {
    const key = this.fileFromArgs(args) ?? this.shownFile();
    if (key === undefined) {
      void vscode.window.showInformationMessage('Blast Radius: open a change from the Pending Review view or "Blast Radius: Review Pending Changes" first.');
      return;
    }
    // the title bar is a person's click, but any extension can run a command: high and critical
    // approvals are confirmed in a modal (ReviewActions)
    await (decision === 'approve' ? this.deps.actions.approve({ key }, 'diff') : this.deps.actions.revert({ key }, 'diff'));
  }

  /** `editor/title` passes the modified side's Uri (a file, or our empty side for a deleted file). */
  private fileFromArgs(args: readonly unknown[]): string | undefined {
    const a = args[0];
    if (!(a instanceof vscode.Uri)) return undefined;
    const key = a.scheme === 'file' ? a.fsPath : baselineKey(a);
    return key !== undefined && this.deps.pending.queue.files().has(key) ? key : undefined;
  }

  /** Shows one item: an edit's diff, a held command's choices. */
  async open(item: PendingItem): Promise<void> {
    this.select(item);
    if (item.kind === 'edit' && item.file) {
      await this.deps.actions.showDiff({ key: item.file, hunkId: item.hunk?.id });
      return;
    }
    const handler = this.deps.pending.handler(item.kind);
    await handler?.open?.(item);
    const skip: ActionPick = { label: '$(debug-step-over) Skip', description: 'leave it pending' };
    const owned: PendingAction[] = handler?.actions(item) ?? [];
    const action = await this.deps.ui().pick([...owned.map((a): ActionPick => ({ label: a.label, description: a.description, run: () => a.run() })), skip], {
      title: `${item.severity}: ${item.ruleIds[0] ?? item.kind}`,
      placeHolder: item.title,
    });
    await action?.run?.();
  }

  private select(item: PendingItem): void {
    const view = this.deps.view;
    if (!view?.visible) return;
    view.reveal({ type: 'item', item }, { select: true, focus: false }).then(undefined, () => undefined);
  }

  /**
   * Once the queue has settled: closes the review diffs of files with nothing pending (unless
   * unsaved) and, when the person was looking at one of them, opens the next item.
   */
  private queueTidy(): void {
    if (this.tidyQueued) return;
    this.tidyQueued = true;
    setTimeout(() => {
      this.tidyQueued = false;
      void this.tidy();
    }, 50);
  }

  private async tidy(): Promise<void> {
    const files = this.deps.pending.queue.files();
    const active = vscode.window.tabGroups.activeTabGroup.activeTab;
    const done = this.diffTabs().filter((t) => !files.has(reviewDiffKey(t)!));
    if (done.length === 0) return;
    const wasActive = active !== undefined && done.includes(active);
    const closing = done.filter((t) => !t.isDirty);
    if (closing.length > 0) await vscode.window.tabGroups.close(closing, true);
    if (!wasActive) return;
    const next = nextItem(this.deps.pending.queue.list(), undefined);
    if (next?.kind === 'edit') await this.open(next);
  }

  private diffTabs(): vscode.Tab[] {
    return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => reviewDiffKey(t) !== undefined);
  }

  private async closeDiffs(key: string): Promise<void> {
    const tabs = this.diffTabs().filter((t) => reviewDiffKey(t) === key && !t.isDirty);
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
