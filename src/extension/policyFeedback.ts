/**
 * Policy feedback: what is wrong with the policy, said where the person wrote it.
 *
 * - The workspace policy file (`.blast-radius.json`, or the one the policyFile setting names)
 *   gets Problems entries at the exact position of each problem its JSON schema cannot show: a
 *   rule id that names no rule (with a quick fix to the id probably meant) and an entry a
 *   workspace file may not use. Syntax and schema errors come from the editor's JSON validation against the
 *   contributed schema. Open files are checked as they are typed, closed ones from disk.
 * - Rule ids in settings (managed, user, workspace) that name no rule get one warning, with a button to open the setting,
 *   when they first appear (at start and after each change).
 *
 * Everything is also logged. The core (src/core/policy) finds the problems.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { policyFileProblems } from '../core/policy/load';
import { formatProblem } from '../core/policy/messages';
import { ruleRefProblems } from '../core/policy/ruleRefs';
import type { PolicyProblem } from '../core/policy/types';
import { folderPolicyFiles, settingsLayers, type ManifestDefaults } from './policy';
import { SETTINGS, SETTINGS_SECTION } from './ids';

/** How long typing in the policy file pauses before it is checked again. */
const RECHECK_MS = 300;

/** Registers the policy feedback; returns its disposables. */
export function registerPolicyFeedback(deps: { logger: Logger; defaults?: ManifestDefaults }): vscode.Disposable[] {
  const feedback = new PolicyFeedback(deps.logger, deps.defaults ?? {});
  return [feedback, vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, feedback, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] })];
}

/** A replacement the quick fix offers for one Problems entry. */
interface Fix {
  range: vscode.Range;
  message: string;
  replacement: string;
}

class PolicyFeedback implements vscode.Disposable, vscode.CodeActionProvider {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('blast-radius-policy');
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  /** Quick fixes by file URI, from the last check of that file. */
  private readonly fixes = new Map<string, Fix[]>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  /** The settings problems last warned about, so a warning is not repeated for the same ones. */
  private warned = '';

  constructor(
    private readonly logger: Logger,
    private readonly defaults: ManifestDefaults,
  ) {
    this.disposables.push(
      this.diagnostics,
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.watchAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.policyFile}`)) this.watchAll();
        if (e.affectsConfiguration(`${SETTINGS_SECTION}.policy`)) this.checkSettings();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => this.schedule(d.uri)),
    );
    this.watchAll();
    this.checkSettings();
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    for (const d of [...this.watchers, ...this.disposables]) d.dispose();
  }

  // ------------------------------------------------------------------------------------------
  // The policy file

  /** The policy file of each workspace folder. */
  private policyFiles(): vscode.Uri[] {
    return folderPolicyFiles().map((f) => vscode.Uri.file(f));
  }

  /** Watches the policy files on disk and checks each one now. */
  private watchAll(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    this.diagnostics.clear();
    this.fixes.clear();
    for (const file of this.policyFiles()) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file.fsPath)), path.basename(file.fsPath)));
      const recheck = (): void => this.schedule(file);
      this.watchers.push(watcher, watcher.onDidCreate(recheck), watcher.onDidChange(recheck), watcher.onDidDelete(recheck));
      this.schedule(file, 0);
    }
  }

  private schedule(uri: vscode.Uri, delay = RECHECK_MS): void {
    const key = uri.toString();
    if (!this.policyFiles().some((f) => f.toString() === key)) return;
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.checkFile(uri).catch((e: unknown) => this.logger.warn(`policy file ${uri.fsPath} could not be checked: ${e instanceof Error ? e.message : String(e)}`));
      }, delay),
    );
  }

  /** The text of the file as the person sees it: the open editor's, else the file on disk; undefined when there is none. */
  private async textOf(uri: vscode.Uri): Promise<string | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  }

  private async checkFile(uri: vscode.Uri): Promise<void> {
    const text = await this.textOf(uri);
    const problems = text === undefined ? [] : await policyFileProblems(text);
    const diagnostics: vscode.Diagnostic[] = [];
    const fixes: Fix[] = [];
    for (const p of problems) {
      const range = rangeOf(text ?? '', p);
      const d = new vscode.Diagnostic(range, `${p.path ? `${p.path}: ` : ''}${p.message}`, vscode.DiagnosticSeverity.Warning);
      d.source = 'Blast Radius';
      if (p.ruleRef) {
        d.code = 'unknown-rule';
        if (p.ruleRef.closest) fixes.push({ range, message: d.message, replacement: JSON.stringify(p.ruleRef.closest) });
      }
      diagnostics.push(d);
      this.logger.warn(`policy: ${formatProblem(p, uri.fsPath)}`);
    }
    this.diagnostics.set(uri, diagnostics);
    this.fixes.set(uri.toString(), fixes);
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const fixes = this.fixes.get(document.uri.toString()) ?? [];
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      const fix = fixes.find((f) => f.range.isEqual(d.range) && f.message === d.message);
      if (!fix || document.getText(fix.range) === fix.replacement) continue;
      const action = new vscode.CodeAction(`Change to ${fix.replacement}`, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, fix.range, fix.replacement);
      action.diagnostics = [d];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }

  // ------------------------------------------------------------------------------------------
  // Settings

  /** Warns once about rule ids in settings that name no rule. */
  private checkSettings(): void {
    const problems: PolicyProblem[] = [];
    for (const layer of settingsLayers(vscode.workspace.workspaceFolders?.[0], this.defaults)) problems.push(...ruleRefProblems(layer));
    const lines = problems.map((p) => formatProblem(p));
    for (const l of lines) this.logger.warn(`policy: ${l}`);
    const key = lines.join('\n');
    if (key === this.warned) return;
    this.warned = key;
    if (lines.length === 0) return;
    const first = problems[0]!;
    const more = lines.length > 1 ? ` (and ${lines.length - 1} more; see Blast Radius: Show Log)` : '';
    const open = 'Open Setting';
    void vscode.window.showWarningMessage(`Blast Radius: ${first.path}: ${first.message}${more}`, open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettings', `${SETTINGS_SECTION}.${SETTINGS.policyDisabledRules}`);
    });
  }
}

/** The range of a problem in the text: its position and length, else the first line. */
function rangeOf(text: string, p: PolicyProblem): vscode.Range {
  const lines = text.split('\n');
  if (p.line === undefined) return new vscode.Range(0, 0, 0, (lines[0] ?? '').length);
  const start = new vscode.Position(p.line - 1, (p.column ?? 1) - 1);
  let offset = (p.column ?? 1) - 1 + (p.length ?? (lines[p.line - 1] ?? '').length - ((p.column ?? 1) - 1));
  let line = p.line - 1;
  while (line < lines.length - 1 && offset > (lines[line] ?? '').length) {
    offset -= (lines[line] ?? '').length + 1;
    line++;
  }
  return new vscode.Range(start, new vscode.Position(line, offset));
}
