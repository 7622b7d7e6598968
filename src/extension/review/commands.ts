import * as path from 'node:path';
import * as vscode from 'vscode';
import { type PendingItem, formatAge } from '../../core/review/queue';
import { COMMANDS } from '../ids';
import { SEVERITIES_DESCENDING } from '../../core/severity';
import { severityCodicon, severityLabel } from '../severityStyle';
import { type ReviewActions, refFromArgs } from './actions';
import { ruleDocUri } from './baselineDocs';
import type { PendingAction, PendingQueue } from './pendingQueue';
import { itemPlace } from './tree';

/** The pickers the review uses; tests replace them (quick picks cannot be answered in the test host). */
export interface ReviewUi {
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
}

export const quickPickUi: ReviewUi = {
  pick: async (items, options) => vscode.window.showQuickPick(items, options),
};

interface ItemPick extends vscode.QuickPickItem {
  item?: PendingItem;
}

interface ActionPick extends vscode.QuickPickItem {
  run?: () => Promise<void>;
}

/** The quick-pick rows for the queue: a separator per severity, then its items. */
export function reviewPicks(items: readonly PendingItem[], now: number = Date.now()): ItemPick[] {
  const out: ItemPick[] = [];
  for (const s of SEVERITIES_DESCENDING) {
    const group = items.filter((i) => i.severity === s);
    if (group.length === 0) continue;
    out.push({ label: `${severityLabel(s)} (${group.length})`, kind: vscode.QuickPickItemKind.Separator });
    for (const item of group) {
      const place = itemPlace(item);
      out.push({
        label: item.kind === 'edit' ? `${severityCodicon(s)} ${path.basename(item.file ?? '')}` : `${severityCodicon(s)} $(terminal) ${item.title}`,
        description: item.ruleIds.join(', '),
        detail: [item.kind === 'edit' ? item.title : 'held command', place, formatAge(item.createdAt, now)].filter(Boolean).join(' · '),
        item,
      });
    }
  }
  return out;
}

export interface ReviewCommandDeps {
  pending: PendingQueue;
  actions: ReviewActions;
  ui: () => ReviewUi;
}

/** Approve / Revert / Skip for an edit; the owner's actions (and Skip) for other kinds. */
function actionsFor(item: PendingItem, deps: ReviewCommandDeps): ActionPick[] {
  const skip: ActionPick = { label: '$(debug-step-over) Skip', description: 'leave it pending' };
  if (item.kind === 'edit' && item.file) {
    const ref = { key: item.file, hunkId: item.hunk?.id };
    return [
      { label: '$(check) Approve', description: 'accept this change as reviewed', run: async () => void (await deps.actions.approve(ref, 'review')) },
      { label: '$(discard) Revert', description: 'restore the baseline lines (undo works)', run: async () => void (await deps.actions.revert(ref, 'review')) },
      skip,
    ];
  }
  const handler = deps.pending.handler(item.kind);
  const owned: PendingAction[] = handler?.actions(item) ?? [];
  return [...owned.map((a) => ({ label: a.label, description: a.description, run: () => a.run() })), skip];
}

/** "Blast Radius: Review Pending Changes": choose an item, see it, decide. */
export async function reviewPending(deps: ReviewCommandDeps, preselect?: string): Promise<void> {
  const items = deps.pending.queue.list();
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Blast Radius: nothing is waiting for review.');
    return;
  }
  let item = preselect === undefined ? undefined : items.find((i) => i.id === preselect);
  if (!item) {
    const chosen = await deps.ui().pick(reviewPicks(items), {
      title: 'Blast Radius: Pending Review',
      placeHolder: 'Choose a change or command to review (type to filter by file or rule)',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    item = chosen?.item;
  }
  if (!item) return;
  if (item.kind === 'edit' && item.file) await deps.actions.showDiff({ key: item.file, hunkId: item.hunk?.id });
  else await deps.pending.handler(item.kind)?.open?.(item);
  const action = await deps.ui().pick(actionsFor(item, deps), {
    title: `${item.severity}: ${item.ruleIds[0] ?? item.kind}`,
    placeHolder: item.title,
  });
  await action?.run?.();
}

export function registerReviewCommands(deps: ReviewCommandDeps): vscode.Disposable[] {
  const { actions } = deps;
  const withRef =
    (fn: (ref: NonNullable<ReturnType<typeof refFromArgs>['ref']>, via: string) => Promise<unknown>, fallbackVia: string) =>
    async (...args: unknown[]): Promise<void> => {
      const { ref, via } = refFromArgs(args);
      if (!ref) {
        void vscode.window.showInformationMessage('Blast Radius: open a file with pending changes first, or run "Blast Radius: Review Pending Changes".');
        return;
      }
      await fn(ref, via ?? fallbackVia);
    };
  return [
    vscode.commands.registerCommand(COMMANDS.reviewPending, (id?: unknown) => reviewPending(deps, typeof id === 'string' ? id : undefined)),
    vscode.commands.registerCommand(COMMANDS.approveLowRisk, async () => {
      const n = await actions.approveLowRisk();
      void vscode.window.showInformationMessage(
        n === 0 ? 'Blast Radius: no low- or medium-risk changes are pending.' : `Blast Radius: approved ${n} low- or medium-risk change${n === 1 ? '' : 's'}.`,
      );
    }),
    vscode.commands.registerCommand(COMMANDS.approveFile, withRef((ref, via) => actions.approve({ key: ref.key }, via), 'command')),
    vscode.commands.registerCommand(COMMANDS.revertFile, withRef((ref, via) => actions.revert({ key: ref.key }, via), 'command')),
    vscode.commands.registerCommand(COMMANDS.approveChange, withRef((ref, via) => actions.approve(ref, via), 'command')),
    vscode.commands.registerCommand(COMMANDS.revertChange, withRef((ref, via) => actions.revert(ref, via), 'command')),
    vscode.commands.registerCommand(COMMANDS.showChangeDiff, withRef((ref) => actions.showDiff(ref), 'command')),
    vscode.commands.registerCommand(COMMANDS.showRule, async (ruleId?: unknown) => {
      if (typeof ruleId !== 'string' || ruleId.length === 0) return;
      const doc = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(ruleDocUri(ruleId)), 'markdown');
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    }),
  ];
}
