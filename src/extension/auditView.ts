import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  type AuditDay,
  type AuditEntry,
  dayLabel,
  dayOf,
  entrySentence,
  filterEntries,
  groupByDay,
  parseAuditLog,
  timeOf,
  toJsonLines,
} from '../core/audit/entries';
import type { Logger } from '../core/logger';
import type { AuditLog } from './audit';
import { COMMANDS, CONTEXT_KEYS, VIEWS, VIEW_ITEMS } from './ids';
import { severityLabel } from './severityStyle';

/**
 * The Audit Log view (under the Blast Radius container): every decision of the audit log, newest
 * first, grouped by day; each entry says what was decided, how severe, the command or file, the
 * rules and who decided. "Filter…" in its title keeps the entries that have every word typed
 * (core/audit/entries.ts); "Export…" writes what the view shows as JSON lines to a file the
 * person chooses. "Show Audit Log" opens it. It reads the log again after each append.
 */

/** The questions the view asks; tests answer them (the test host shows no input boxes or save dialogs to a test). */
export interface AuditDialogs {
  /** The words to filter by ('' clears); undefined: cancelled. */
  filter(current: string): Promise<string | undefined>;
  /** Where to write the export; undefined: cancelled. */
  saveTo(suggested: vscode.Uri): Promise<vscode.Uri | undefined>;
}

export const vscodeAuditDialogs: AuditDialogs = {
  filter: (current) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: 'Blast Radius: filter the audit log',
        prompt: 'Entries that have every word: a command, a file, a rule id, a decision (denied, approved), a severity, an agent, a date (2025-03-04). Empty shows everything.',
        value: current,
        placeHolder: 'e.g. terraform denied',
      }),
    ),
  saveTo: (suggested) =>
    Promise.resolve(
      vscode.window.showSaveDialog({ title: 'Blast Radius: export the audit log', defaultUri: suggested, filters: { 'JSON lines': ['jsonl'] }, saveLabel: 'Export' }),
    ),
};

export type AuditNode = { type: 'day'; day: AuditDay; label: string } | { type: 'entry'; entry: AuditEntry };

const DECISION_ICON: Readonly<Record<string, string>> = {
  denied: 'circle-slash',
  allowed: 'pass',
  ran: 'warning',
  approved: 'check',
  reverted: 'discard',
};

/** What tests and the extension use. */
export interface AuditViewApi {
  setDialogs(d: AuditDialogs | undefined): void;
  /** Reads the log again now. */
  refresh(): Promise<void>;
  /** The entries the view shows (after the filter), newest first. */
  shown(): readonly AuditEntry[];
  /** The filter in force ('' for none). */
  filter(): string;
  /** The view's message (what the filter found), '' when none. */
  message(): string;
}

export class AuditTree implements vscode.TreeDataProvider<AuditNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AuditNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private entries: AuditEntry[] = [];
  private visible: AuditEntry[] = [];
  private days: AuditDay[] = [];
  private query = '';
  private loaded: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly view: vscode.TreeView<AuditNode>;
  private readonly disposables: vscode.Disposable[];
  dialogs: AuditDialogs = vscodeAuditDialogs;

  constructor(
    private readonly log: AuditLog,
    private readonly logger: Logger,
  ) {
    this.view = vscode.window.createTreeView(VIEWS.audit, { treeDataProvider: this, showCollapseAll: true });
    this.disposables = [
      this.view,
      this.changed,
      log.onDidAppend(() => this.scheduleRefresh()),
      this.view.onDidChangeVisibility((e) => (e.visible ? this.scheduleRefresh() : undefined)),
      vscode.commands.registerCommand(COMMANDS.showAuditLog, () => vscode.commands.executeCommand(`${VIEWS.audit}.focus`)),
      vscode.commands.registerCommand(COMMANDS.filterAuditLog, () => this.askFilter()),
      vscode.commands.registerCommand(COMMANDS.clearAuditFilter, () => this.setFilter('')),
      vscode.commands.registerCommand(COMMANDS.exportAuditLog, () => this.export()),
    ];
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.auditFiltered, false);
  }

  get api(): AuditViewApi {
    return {
      setDialogs: (d) => {
        this.dialogs = d ?? vscodeAuditDialogs;
      },
      refresh: () => this.refresh(),
      shown: () => this.visible,
      filter: () => this.query,
      message: () => this.view.message ?? '',
    };
  }

  private scheduleRefresh(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, 200);
  }

  async refresh(): Promise<void> {
    const text = await this.log.read();
    const { entries, skipped } = parseAuditLog(text);
    if (skipped > 0) this.logger.debug(`audit view: ${skipped} line(s) of ${this.log.file.fsPath} are not audit records`);
    this.entries = entries;
    this.apply();
  }

  private ensureLoaded(): Promise<void> {
    this.loaded ??= this.refresh();
    return this.loaded;
  }

  private apply(): void {
    this.visible = filterEntries(this.entries, this.query);
    this.days = groupByDay(this.visible);
    const n = this.visible.length;
    if (this.query === '') {
      this.view.description = undefined;
      this.view.message = this.entries.length === 0 ? 'No decisions yet: checked commands and reviewed changes are recorded here.' : undefined;
    } else {
      this.view.description = `“${this.query}”`;
      this.view.message = n === 0 ? `No entry has all of “${this.query}”.` : `${n} of ${this.entries.length} entries have all of “${this.query}”.`;
    }
    this.changed.fire(undefined);
  }

  private async askFilter(): Promise<void> {
    const next = await this.dialogs.filter(this.query);
    if (next !== undefined) await this.setFilter(next.trim());
  }

  private async setFilter(query: string): Promise<void> {
    await this.ensureLoaded();
    this.query = query;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.auditFiltered, query !== '');
    this.apply();
  }

  /** Writes the entries shown (all of them without a filter) as JSON lines. */
  private async export(): Promise<void> {
    await this.refresh();
    if (this.visible.length === 0) {
      void vscode.window.showInformationMessage(this.query === '' ? 'Blast Radius: the audit log has no entries to export yet.' : `Blast Radius: no audit entry has all of “${this.query}”; nothing to export.`);
      return;
    }
    const home = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.env.HOME ?? '/');
    const target = await this.dialogs.saveTo(vscode.Uri.joinPath(home, `blast-radius-audit-${new Date().toISOString().slice(0, 10)}.jsonl`));
    if (!target) return;
    try {
      await fs.promises.writeFile(target.fsPath, toJsonLines(this.visible), 'utf8');
    } catch (e) {
      void vscode.window.showErrorMessage(`Blast Radius could not export the audit log to ${target.fsPath}: ${e instanceof Error ? e.message : String(e)}. Choose a folder you can write to.`);
      return;
    }
    const n = this.visible.length;
    void vscode.window.showInformationMessage(`Blast Radius: exported ${n} audit entr${n === 1 ? 'y' : 'ies'} to ${target.fsPath}.`);
  }

  async getChildren(node?: AuditNode): Promise<AuditNode[]> {
    await this.ensureLoaded();
    if (!node) {
      const now = Date.now();
      const today = dayOf(now);
      const yesterday = dayOf(now - 86_400_000);
      return this.days.map((day) => ({ type: 'day', day, label: dayLabel(day.day, day.entries.length, today, yesterday) }));
    }
    return node.type === 'day' ? node.day.entries.map((entry) => ({ type: 'entry', entry })) : [];
  }

  getTreeItem(node: AuditNode): vscode.TreeItem {
    if (node.type === 'day') {
      const first = this.days[0]?.day === node.day.day;
      const t = new vscode.TreeItem(node.label, first || this.query !== '' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      t.id = `day:${node.day.day}:${this.query}`;
      t.iconPath = new vscode.ThemeIcon('calendar');
      return t;
    }
    const e = node.entry;
    const t = new vscode.TreeItem(e.subject.length > 120 ? `${e.subject.slice(0, 119)}…` : e.subject, vscode.TreeItemCollapsibleState.None);
    t.id = `entry:${e.seq}:${this.query}`;
    t.description = [e.decision, e.severity === 'none' ? undefined : e.severity, e.ruleIds.join(', ') || undefined, e.decidedBy, timeOf(e.at)].filter(Boolean).join(' · ');
    t.iconPath = new vscode.ThemeIcon(DECISION_ICON[e.decision] ?? 'circle-outline');
    t.contextValue = VIEW_ITEMS.auditEntry;
    t.accessibilityInformation = { label: entrySentence(e), role: 'treeitem' };
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${e.decision}** · ${severityLabel(e.severity)} · decided by ${e.decidedBy}${e.source ? ` · ${e.source}` : ''}\n\n`);
    md.appendCodeblock(e.subject, e.kind === 'edit' ? 'text' : 'shellscript');
    if (e.ruleIds.length > 0) md.appendMarkdown(`\n\nRules: ${e.ruleIds.map((r) => `\`${r}\``).join(', ')}`);
    if (e.reason) md.appendMarkdown('\n\n').appendText(e.reason);
    if (e.cwd) md.appendMarkdown('\n\nIn ').appendText(e.cwd);
    md.appendMarkdown('\n\n').appendText(new Date(e.at).toString());
    t.tooltip = md;
    if (e.ruleIds[0]) t.command = { command: COMMANDS.showRule, title: 'Show Rule Help', arguments: [e.ruleIds[0]] };
    return t;
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
