import * as vscode from 'vscode';
import { EDIT_RULES } from '../../core/edit/index';
import { splitLines } from '../../core/edit/diff';
import { diagnosticMessage, findingMarkdown, hunkRuleIds, lineHint, mainFinding } from '../../core/review/describe';
import type { FindingPlacement, RiskHunk } from '../../core/review/hunks';
import type { PendingItem } from '../../core/review/queue';
import { compareSeverity, type Severity } from '../../core/severity';
import type { EditTracker, FileReview } from '../edits/tracker';
import { COMMANDS } from '../ids';
import { ruleHelpUri } from '../ruleHelp';
import {
  DRAWN_SEVERITIES,
  RISKY_CHANGE_CODICON,
  badgeColor,
  diagnosticSeverity,
  drawnSeverity,
  hintColor,
  lineBackground,
  rulerColor,
} from '../severityStyle';
import { BASELINE_SCHEME, baselineKey } from './baselineDocs';
import type { PendingQueue } from './pendingQueue';

/**
 * Shows the edit review where the change is: whole-line backgrounds and overview-ruler marks by
 * severity, an after-line hint with the rule's message, a dashed marker where lines were removed,
 * hovers, Problems-panel diagnostics with quick fixes, CodeLens on each risky hunk, Explorer
 * badges; and keeps the pending queue's edit items in step with the tracker.
 */

export const DIAGNOSTIC_SOURCE = 'Blast Radius';

/** What was last applied to one editor, for tests and the e2e flow. */
export interface DecorationSnapshot {
  kind: 'line' | 'removed' | 'hint' | 'baseline';
  severity: Severity;
  /** 0-based lines. */
  lines: number[];
  hints?: string[];
}

const RULES = new Map(EDIT_RULES.map((r) => [r.id, r]));

function commandLink(title: string, command: string, args: unknown[]): string {
  return `[${title}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

/** The pending items of a file's review: one per risky hunk (one for a file that could not be analysed). */
export function itemsFor(r: FileReview, now: number = Date.now()): PendingItem[] {
  const detail = r.reasons.join('; ');
  if (r.skipped) {
    return [
      {
        id: `edit:${r.key}#not-analysed`,
        kind: 'edit',
        severity: 'medium',
        file: r.key,
        ruleIds: ['edit.not-analysed'],
        title: `could not be analysed: ${r.skipped.detail}; review it by hand`,
        createdAt: now,
        agent: r.agent,
        detail,
      },
    ];
  }
  return r.map.hunks.map((h) => ({
    id: `edit:${r.key}#${h.id}`,
    kind: 'edit' as const,
    severity: h.severity,
    file: r.key,
    ruleIds: hunkRuleIds(h.findings),
    title: mainFinding(h)?.message ?? 'risky change',
    createdAt: now,
    hunk: { id: h.id, hash: h.hash, line: h.anchorLine },
    agent: r.agent,
    detail,
  }));
}

export class EditPresenter implements vscode.Disposable {
  private readonly lineTypes = new Map<Severity, vscode.TextEditorDecorationType>();
  private readonly removedTypes = new Map<Severity, vscode.TextEditorDecorationType>();
  private readonly hintType: vscode.TextEditorDecorationType;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('blast-radius');
  private readonly lensChanged = new vscode.EventEmitter<void>();
  private readonly badgesChanged = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly snapshots = new Map<string, DecorationSnapshot[]>();
  /** Diagnostic → the hunk it belongs to (for quick fixes). */
  private readonly diagHunks = new WeakMap<vscode.Diagnostic, string>();

  constructor(
    private readonly tracker: EditTracker,
    private readonly pending: PendingQueue,
  ) {
    for (const s of DRAWN_SEVERITIES) {
      const ruler = rulerColor(s);
      this.lineTypes.set(
        s,
        vscode.window.createTextEditorDecorationType({
          isWholeLine: true,
          backgroundColor: lineBackground(s),
          overviewRulerColor: ruler,
          overviewRulerLane: vscode.OverviewRulerLane.Right,
        }),
      );
      this.removedTypes.set(
        s,
        vscode.window.createTextEditorDecorationType({
          isWholeLine: true,
          borderColor: ruler,
          borderStyle: 'dashed none none none',
          borderWidth: '2px 0 0 0',
          overviewRulerColor: ruler,
          overviewRulerLane: vscode.OverviewRulerLane.Right,
        }),
      );
    }
    this.hintType = vscode.window.createTextEditorDecorationType({
      after: { color: hintColor(), margin: '0 0 0 2em', fontStyle: 'italic' },
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    });
    const selector: vscode.DocumentSelector = [{ scheme: 'file' }];
    this.disposables.push(
      this.diagnostics,
      this.lensChanged,
      this.badgesChanged,
      this.hintType,
      ...this.lineTypes.values(),
      ...this.removedTypes.values(),
      tracker.onDidChange((r) => this.onReview('cleared' in r ? undefined : r, r.key, r.uri)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.decorate(e))),
      vscode.languages.registerCodeLensProvider(selector, { onDidChangeCodeLenses: this.lensChanged.event, provideCodeLenses: (d) => this.lenses(d) }),
      vscode.languages.registerHoverProvider(selector, { provideHover: (d, p) => this.hover(d, p) }),
      vscode.languages.registerCodeActionsProvider(
        selector,
        { provideCodeActions: (d, _r, ctx) => this.codeActions(d, ctx) },
        { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
      ),
      vscode.window.registerFileDecorationProvider({ onDidChangeFileDecorations: this.badgesChanged.event, provideFileDecoration: (u) => this.badge(u) }),
    );
  }

  /** What is applied to the editors showing `uri` (tests). */
  decorationsFor(uri: vscode.Uri): DecorationSnapshot[] {
    return this.snapshots.get(uri.toString()) ?? [];
  }

  private onReview(review: FileReview | undefined, key: string, uri: vscode.Uri): void {
    this.pending.queue.replaceFile(key, review ? itemsFor(review) : []);
    this.setDiagnostics(uri, review);
    for (const e of vscode.window.visibleTextEditors) {
      const u = e.document.uri;
      if ((u.scheme === 'file' && u.fsPath === key) || (u.scheme === BASELINE_SCHEME && baselineKey(u) === key)) this.decorate(e);
    }
    this.lensChanged.fire();
    this.badgesChanged.fire(uri);
  }

  // -------------------------------------------------------------------------------------------
  // decorations

  private decorate(editor: vscode.TextEditor): void {
    const uri = editor.document.uri;
    if (uri.scheme === BASELINE_SCHEME) return this.decorateBaseline(editor);
    if (uri.scheme !== 'file') return;
    const review = this.tracker.review(uri.fsPath);
    const snapshot: DecorationSnapshot[] = [];
    const lines = new Map<Severity, vscode.Range[]>();
    const removed = new Map<Severity, vscode.Range[]>();
    const hints: vscode.DecorationOptions[] = [];
    const doc = editor.document;
    if (review && !review.skipped && doc.lineCount > 0) {
      const byLine = new Map<number, FindingPlacement[]>();
      for (const p of review.map.placements) {
        if (p.line < 1) continue;
        const l0 = Math.min(p.line - 1, doc.lineCount - 1);
        const target = p.removedText !== undefined && this.isPureRemoval(review, p) ? removed : lines;
        const s = drawnSeverity(p.finding.severity);
        const list = target.get(s) ?? [];
        const end0 = Math.min((p.endLine || p.line) - 1, doc.lineCount - 1);
        list.push(new vscode.Range(l0, 0, end0, 0));
        target.set(s, list);
        const at = byLine.get(l0) ?? [];
        at.push(p);
        byLine.set(l0, at);
      }
      for (const [l0, ps] of byLine) {
        ps.sort((a, b) => compareSeverity(b.finding.severity, a.finding.severity));
        const end = doc.lineAt(l0).range.end;
        hints.push({ range: new vscode.Range(end, end), renderOptions: { after: { contentText: lineHint(ps) } } });
      }
    }
    for (const s of DRAWN_SEVERITIES) {
      const l = lines.get(s) ?? [];
      const r = removed.get(s) ?? [];
      editor.setDecorations(this.lineTypes.get(s)!, l);
      editor.setDecorations(this.removedTypes.get(s)!, r);
      if (l.length) snapshot.push({ kind: 'line', severity: s, lines: l.flatMap(expand) });
      if (r.length) snapshot.push({ kind: 'removed', severity: s, lines: r.map((x) => x.start.line) });
    }
    editor.setDecorations(this.hintType, hints);
    if (hints.length) {
      snapshot.push({
        kind: 'hint',
        severity: review?.severity ?? 'none',
        lines: hints.map((h) => h.range.start.line),
        hints: hints.map((h) => h.renderOptions?.after?.contentText ?? ''),
      });
    }
    this.snapshots.set(uri.toString(), snapshot);
  }

  /** The removed lines of this finding left nothing in their place (a marker, not a background). */
  private isPureRemoval(review: FileReview, p: FindingPlacement): boolean {
    const h = review.map.hunks.find((x) => x.id === p.hunkId);
    return h !== undefined && h.afterCount === 0;
  }

  /** In the diff's baseline side: the removed lines with before-side findings. */
  private decorateBaseline(editor: vscode.TextEditor): void {
    const key = baselineKey(editor.document.uri);
    const review = key === undefined ? undefined : this.tracker.review(key);
    const bySev = new Map<Severity, vscode.Range[]>();
    for (const p of review?.map.placements ?? []) {
      if (p.finding.side !== 'before') continue;
      const l0 = p.finding.line - 1;
      if (l0 < 0 || l0 >= editor.document.lineCount) continue;
      const s = drawnSeverity(p.finding.severity);
      const list = bySev.get(s) ?? [];
      list.push(new vscode.Range(l0, 0, Math.min((p.finding.endLine ?? p.finding.line) - 1, editor.document.lineCount - 1), 0));
      bySev.set(s, list);
    }
    const snapshot: DecorationSnapshot[] = [];
    for (const s of DRAWN_SEVERITIES) {
      const r = bySev.get(s) ?? [];
      editor.setDecorations(this.lineTypes.get(s)!, r);
      if (r.length) snapshot.push({ kind: 'baseline', severity: s, lines: r.flatMap(expand) });
    }
    this.snapshots.set(editor.document.uri.toString(), snapshot);
  }

  // -------------------------------------------------------------------------------------------
  // diagnostics, quick fixes

  private setDiagnostics(uri: vscode.Uri, review: FileReview | undefined): void {
    if (!review) {
      this.diagnostics.delete(uri);
      return;
    }
    if (review.skipped) {
      const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `Blast Radius could not analyse this change: ${review.skipped.detail}; review it by hand.`, vscode.DiagnosticSeverity.Warning);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = 'edit.not-analysed';
      this.diagnostics.set(uri, [d]);
      return;
    }
    const text = splitLines(review.current ?? '');
    const out: vscode.Diagnostic[] = [];
    for (const p of review.map.placements) {
      const l0 = Math.max(0, p.line - 1);
      const end0 = Math.max(l0, (p.endLine || p.line) - 1);
      const range = new vscode.Range(l0, 0, end0, (text[end0] ?? '').length);
      const d = new vscode.Diagnostic(range, diagnosticMessage(p), diagnosticSeverity(p.finding.severity));
      d.source = DIAGNOSTIC_SOURCE;
      d.code = { value: p.finding.ruleId, target: ruleHelpUri(p.finding.ruleId) };
      this.diagHunks.set(d, p.hunkId);
      out.push(d);
    }
    this.diagnostics.set(uri, out);
  }

  private codeActions(doc: vscode.TextDocument, ctx: vscode.CodeActionContext): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    const seen = new Set<string>();
    for (const d of ctx.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const hunkId = this.diagHunks.get(d) ?? this.hunkAtLine(doc, d.range.start.line)?.id;
      if (hunkId === undefined || seen.has(hunkId)) continue;
      seen.add(hunkId);
      const args = [doc.uri.toString(), hunkId, 'quick-fix'];
      const approve = new vscode.CodeAction('Approve change', vscode.CodeActionKind.QuickFix);
      approve.command = { command: COMMANDS.approveChange, title: 'Approve change', arguments: args };
      approve.diagnostics = [d];
      const revert = new vscode.CodeAction('Revert this hunk', vscode.CodeActionKind.QuickFix);
      revert.command = { command: COMMANDS.revertChange, title: 'Revert this hunk', arguments: args };
      revert.diagnostics = [d];
      out.push(approve, revert);
    }
    return out;
  }

  private hunkAtLine(doc: vscode.TextDocument, line0: number): RiskHunk | undefined {
    const review = this.tracker.review(doc.uri.fsPath);
    const p = review?.map.placements.find((x) => x.line - 1 <= line0 && line0 <= (x.endLine || x.line) - 1);
    return p ? review?.map.hunks.find((h) => h.id === p.hunkId) : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // CodeLens, hover, badges

  private lenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const review = this.tracker.review(doc.uri.fsPath);
    if (!review || review.skipped || doc.lineCount === 0) return [];
    const out: vscode.CodeLens[] = [];
    for (const h of review.map.hunks) {
      const line = Math.min(Math.max(h.anchorLine, 1), doc.lineCount) - 1;
      const range = new vscode.Range(line, 0, line, 0);
      const args = [doc.uri.toString(), h.id, 'codelens'];
      const main = mainFinding(h);
      out.push(
        new vscode.CodeLens(range, {
          title: `${RISKY_CHANGE_CODICON} ${h.severity}: ${main?.ruleId ?? 'risky change'}${h.findings.length > 1 ? ` +${h.findings.length - 1}` : ''}`,
          command: COMMANDS.showRule,
          arguments: [main?.ruleId ?? ''],
          tooltip: main?.message,
        }),
        new vscode.CodeLens(range, { title: 'Approve', command: COMMANDS.approveChange, arguments: args, tooltip: 'Accept this change as reviewed' }),
        new vscode.CodeLens(range, { title: 'Revert', command: COMMANDS.revertChange, arguments: args, tooltip: 'Restore the baseline lines of this change (undo works)' }),
        new vscode.CodeLens(range, { title: 'Show Diff', command: COMMANDS.showChangeDiff, arguments: args, tooltip: 'Compare the baseline with the current file' }),
      );
    }
    return out;
  }

  private hover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const review = this.tracker.review(doc.uri.fsPath);
    if (!review) return undefined;
    const here = review.map.placements.filter((p) => p.line - 1 <= pos.line && pos.line <= (p.endLine || p.line) - 1);
    if (here.length === 0) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [COMMANDS.approveChange, COMMANDS.revertChange, COMMANDS.showChangeDiff, COMMANDS.showRule] };
    here.sort((a, b) => compareSeverity(b.finding.severity, a.finding.severity));
    here.forEach((p, i) => {
      const args = [doc.uri.toString(), p.hunkId, 'hover'];
      const actions = [
        commandLink('Approve', COMMANDS.approveChange, args),
        commandLink('Revert', COMMANDS.revertChange, args),
        commandLink('Show Diff', COMMANDS.showChangeDiff, args),
        commandLink('About this rule', COMMANDS.showRule, [p.finding.ruleId]),
      ].join(' · ');
      if (i > 0) md.appendMarkdown('\n\n---\n\n');
      md.appendMarkdown(findingMarkdown(p, { why: RULES.get(p.finding.ruleId)?.description, actions, language: doc.languageId }));
    });
    const first = here[0]!;
    const range = new vscode.Range(first.line - 1, 0, (first.endLine || first.line) - 1, Number.MAX_SAFE_INTEGER);
    return new vscode.Hover(md, doc.validateRange(range));
  }

  private badge(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== 'file') return undefined;
    const items = this.pending.queue.forFile(uri.fsPath);
    if (items.length === 0) return undefined;
    const highest = items[0]!.severity;
    const color = badgeColor(highest);
    const d = new vscode.FileDecoration(
      items.length > 9 ? '9+' : `${items.length}`,
      `Blast Radius: ${items.length} unreviewed risky change${items.length === 1 ? '' : 's'}, highest ${highest}`,
      color,
    );
    d.propagate = false;
    return d;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function expand(r: vscode.Range): number[] {
  const out: number[] = [];
  for (let l = r.start.line; l <= r.end.line; l++) out.push(l);
  return out;
}
