import * as path from 'node:path';
import * as vscode from 'vscode';
import { type PendingItem, formatAge } from '../../core/review/queue';
import { SEVERITIES_DESCENDING, type Severity } from '../../core/severity';
import { COMMANDS, VIEW_ITEMS } from '../ids';
import { severityIcon, severityLabel } from '../severityStyle';
import type { PendingQueue } from './pendingQueue';

/** Tree nodes: one group per severity, the pending items under it. */
export type PendingNode = { type: 'group'; severity: Severity; count: number } | { type: 'item'; item: PendingItem };

/** Where an item is, for lists: the path relative to its workspace folder. */
export function itemPlace(item: PendingItem): string {
  if (!item.file) return '';
  return vscode.workspace.asRelativePath(vscode.Uri.file(item.file), false);
}

/** The "Pending Review" view: the same queue as the review command, grouped by severity. */
export class PendingTree implements vscode.TreeDataProvider<PendingNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PendingNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: { dispose(): void };
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly pending: PendingQueue) {
    this.sub = pending.queue.onDidChange(() => this.changed.fire(undefined));
    // ages ("3 min ago") move on
    this.timer = setInterval(() => {
      if (pending.queue.size > 0) this.changed.fire(undefined);
    }, 60_000);
  }

  getChildren(node?: PendingNode): PendingNode[] {
    const items = this.pending.queue.list();
    if (!node) {
      return SEVERITIES_DESCENDING.map((severity) => ({ type: 'group' as const, severity, count: items.filter((i) => i.severity === severity).length })).filter((g) => g.count > 0);
    }
    if (node.type === 'group') return items.filter((i) => i.severity === node.severity).map((item) => ({ type: 'item' as const, item }));
    return [];
  }

  /** An item's group (so the view can reveal and select the item a review opens). */
  getParent(node: PendingNode): PendingNode | undefined {
    if (node.type === 'group') return undefined;
    const severity = node.item.severity;
    return { type: 'group', severity, count: this.pending.queue.list().filter((i) => i.severity === severity).length };
  }

  getTreeItem(node: PendingNode): vscode.TreeItem {
    if (node.type === 'group') {
      const t = new vscode.TreeItem(`${severityLabel(node.severity)} (${node.count})`, vscode.TreeItemCollapsibleState.Expanded);
      t.iconPath = severityIcon(node.severity);
      t.id = `group:${node.severity}`;
      return t;
    }
    const item = node.item;
    const place = itemPlace(item);
    const label = item.kind === 'edit' ? `${path.basename(item.file ?? '')}: ${item.ruleIds[0] ?? 'change'}` : item.title;
    const t = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    t.id = item.id;
    t.description = [item.kind === 'edit' ? path.dirname(place) === '.' ? '' : path.dirname(place) : place, formatAge(item.createdAt, Date.now())].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${severityLabel(item.severity)}** · ${item.kind === 'edit' ? 'risky edit' : 'held command'}\n\n`);
    md.appendText(item.title);
    if (item.ruleIds.length) md.appendMarkdown(`\n\nRules: ${item.ruleIds.map((r) => `\`${r}\``).join(', ')}`);
    if (place) md.appendMarkdown(`\n\n${item.kind === 'edit' ? 'File' : 'Folder'}: `).appendText(place);
    if (item.detail) md.appendMarkdown('\n\n').appendText(item.detail);
    t.tooltip = md;
    t.iconPath = severityIcon(item.severity);
    t.contextValue = item.kind === 'edit' ? VIEW_ITEMS.pendingEdit : VIEW_ITEMS.pendingCommand;
    t.command =
      item.kind === 'edit'
        ? { command: COMMANDS.showChangeDiff, title: 'Show Diff', arguments: [item.id] }
        : { command: COMMANDS.reviewPending, title: 'Review', arguments: [item.id] };
    if (item.file && item.kind === 'edit') t.resourceUri = vscode.Uri.file(item.file);
    return t;
  }

  dispose(): void {
    clearInterval(this.timer);
    this.sub.dispose();
    this.changed.dispose();
  }
}
