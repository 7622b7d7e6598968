import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { EDIT_RULES } from '../../core/edit/index';
import type { EditTracker } from '../edits/tracker';

/** Read-only documents: a file's baseline (the left side of the review diff) and rule pages. */
export const BASELINE_SCHEME = 'blast-radius-baseline';
export const RULE_SCHEME = 'blast-radius-rule';

/** The baseline document of a file: same path, our scheme; `v` changes when the baseline does. */
export function baselineUri(file: vscode.Uri, version: number): vscode.Uri {
  return vscode.Uri.from({ scheme: BASELINE_SCHEME, path: file.path, query: `v=${version}` });
}

/** The tracker key (fsPath) of a baseline document. */
export function baselineKey(uri: vscode.Uri): string | undefined {
  return uri.scheme === BASELINE_SCHEME ? vscode.Uri.file(uri.path).fsPath : undefined;
}

export function ruleDocUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RULE_SCHEME, path: `/${ruleId}.md` });
}

/** Markdown page for a rule: what it catches, its usual severity, the safer alternative. */
export function ruleMarkdown(ruleId: string): string {
  const rule = EDIT_RULES.find((r) => r.id === ruleId);
  if (!rule) return `# ${ruleId}\n\nNo description is available for this rule.\n`;
  const lines = [`# ${rule.id}`, '', rule.description, '', `**Usual severity:** ${rule.severity}`];
  if (rule.suggestion) lines.push('', `**Safer alternative:** ${rule.suggestion}`);
  lines.push('', `**Checks:** ${rule.kinds === '*' ? 'every file' : rule.kinds.join(', ')}`);
  const examples = rule.examples.match.slice(0, 3);
  if (examples.length) {
    lines.push('', '## Changes it flags', '');
    for (const e of examples) lines.push(`- ${e.name} (\`${e.path}\`)`);
  }
  lines.push('', 'Approve a flagged change once you have checked it, or revert it: both are recorded in the audit log.', '');
  return lines.join('\n');
}

export class BaselineDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly tracker: EditTracker) {
    this.disposables = [
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(BASELINE_SCHEME, this),
      vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, { provideTextDocumentContent: (u) => ruleMarkdown(u.path.replace(/^\//, '').replace(/\.md$/, '')) }),
      tracker.onDidChange((r) => {
        for (const doc of vscode.workspace.textDocuments) {
          if (doc.uri.scheme === BASELINE_SCHEME && baselineKey(doc.uri) === r.key) this.changed.fire(doc.uri);
        }
      }),
    ];
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = baselineKey(uri);
    if (key === undefined || uri.query === 'empty') return '';
    const review = this.tracker.review(key);
    if (review) return review.baseline.content ?? '';
    // no longer under review: the approved content, else the file as it is (nothing differs)
    const approved = this.tracker.store.approvedContent(key);
    if (approved !== undefined) return approved ?? '';
    try {
      return await fs.promises.readFile(key, 'utf8');
    } catch {
      return '';
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
