import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { EditTracker } from '../edits/tracker';

/** Read-only documents: a file's baseline (the left side of the review diff). */
export const BASELINE_SCHEME = 'blast-radius-baseline';

/** The baseline document of a file: same path, our scheme; `v` changes when the baseline does. */
export function baselineUri(file: vscode.Uri, version: number): vscode.Uri {
  return vscode.Uri.from({ scheme: BASELINE_SCHEME, path: file.path, query: `v=${version}` });
}

/** The tracker key (fsPath) of a baseline document. */
export function baselineKey(uri: vscode.Uri): string | undefined {
  return uri.scheme === BASELINE_SCHEME ? vscode.Uri.file(uri.path).fsPath : undefined;
}

export class BaselineDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly tracker: EditTracker) {
    this.disposables = [
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(BASELINE_SCHEME, this),
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
    // no longer under review: the approved content, else the file as the editor has it (a revert
    // may not be saved yet), else as it is on disk; nothing differs either way
    const approved = this.tracker.store.approvedContent(key);
    if (approved !== undefined) return approved ?? '';
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === key);
    if (open) return open.getText();
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
