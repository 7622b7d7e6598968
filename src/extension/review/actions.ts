import * as path from 'node:path';
import * as vscode from 'vscode';
import { editDecisionRecord, type ReviewDecision } from '../../core/review/describe';
import { type RiskHunk, approveHunk, revertHunk } from '../../core/review/hunks';
import type { PendingItem } from '../../core/review/queue';
import { highestSeverity, severityRank } from '../../core/severity';
import type { Logger } from '../../core/logger';
import type { EditTracker, FileReview } from '../edits/tracker';
import type { AuditSink } from '../audit';
import type { SignoffRecorder } from './signoffRecords';
import { BASELINE_SCHEME, baselineUri } from './baselineDocs';
import type { PendingQueue } from './pendingQueue';

/**
 * The open document of `uri` holding the text the review read. A document with no unsaved changes
 * reloads from disk a moment after an agent writes the file; until it has, its text is the
 * agent's previous version, and a revert computed on it would be saved over the newer file (the
 * editor then refuses the save: "file modified since"). Waits for the reload, up to `ms`.
 */
export async function documentAsReviewed(uri: vscode.Uri, reviewed: string | null, ms = 3000): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  if (reviewed === null || doc.isDirty || doc.getText() === reviewed) return doc;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && (doc.isDirty || doc.getText() === reviewed)) done();
    });
    const timer = setTimeout(done, ms);
    // the reload may have landed between the check above and the subscription
    if (doc.getText() === reviewed) done();
  });
  return doc;
}

/** A change a person acts on: a whole file, or one hunk of it. */
export interface ChangeRef {
  /** The file's fsPath. */
  key: string;
  hunkId?: string;
}

/**
 * Reads a change reference from command arguments: `(uriString, hunkId?, via?)` from CodeLens,
 * quick fixes and hovers; a pending item id `edit:<file>#<hunk>`; a tree node `{ item }`; a Uri
 * (editor title, Explorer); nothing (the active editor).
 */
export function refFromArgs(args: readonly unknown[]): { ref: ChangeRef | undefined; via: string | undefined } {
  const [a, b, c] = args;
  const via = typeof c === 'string' ? c : undefined;
  if (a && typeof a === 'object' && 'item' in a) {
    const item = (a as { item: PendingItem }).item;
    return item.kind === 'edit' && item.file ? { ref: { key: item.file, hunkId: item.hunk?.id }, via: 'tree' } : { ref: undefined, via };
  }
  if (typeof a === 'string' && a.startsWith('edit:')) {
    const hash = a.lastIndexOf('#');
    const key = a.slice(5, hash < 0 ? undefined : hash);
    const hunkId = hash < 0 ? undefined : a.slice(hash + 1);
    return { ref: { key, hunkId: hunkId === 'not-analysed' ? undefined : hunkId }, via: typeof b === 'string' ? b : via };
  }
  if (typeof a === 'string' && a.length > 0) {
    const uri = vscode.Uri.parse(a);
    return { ref: { key: uri.fsPath, hunkId: typeof b === 'string' ? b : undefined }, via };
  }
  if (a instanceof vscode.Uri) return { ref: { key: a.fsPath }, via: 'explorer' };
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file') return { ref: { key: active.fsPath }, via: 'command' };
  if (active?.scheme === BASELINE_SCHEME) return { ref: { key: vscode.Uri.file(active.path).fsPath }, via: 'command' };
  return { ref: undefined, via };
}

const SOURCE_LABEL: Record<string, string> = { 'git-head': 'HEAD', approved: 'approved', 'first-seen': 'first seen', created: 'new file' };

/** Asks a person to confirm an approval; tests replace it (modal dialogs are refused in the test host). */
export interface ApprovalPrompter {
  confirm(message: string, detail: string, action: string): Promise<boolean>;
}

export const modalPrompter: ApprovalPrompter = {
  confirm: async (message, detail, action) => (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action,
};

/**
 * Approvals of high and critical changes made from a single click (the diff's title bar, CodeLens,
 * quick fix, hover, the view, a command) are confirmed in a modal: any extension can execute a
 * command, only a person can answer a modal. Only a caller inside the extension that asked the
 * person in a modal already (the sign-off review) passes `confirmed`; no command argument can.
 */
export interface ApproveOptions {
  confirmed?: boolean;
}

export class ReviewActions {
  private version = 0;
  prompter: ApprovalPrompter = modalPrompter;

  constructor(
    private readonly tracker: EditTracker,
    private readonly pending: PendingQueue,
    private readonly audit: AuditSink,
    private readonly log: Logger,
    /** Writes the approvals the sign-off policy asks for to the repository's sign-off record too. */
    private readonly signoff?: SignoffRecorder,
  ) {}

  private findHunk(review: FileReview, hunkId: string): RiskHunk | undefined {
    return review.map.hunks.find((h) => h.id === hunkId);
  }

  private record(decision: ReviewDecision, review: FileReview, hunk: RiskHunk | undefined, via: string): void {
    const findings = hunk ? hunk.findings : review.map.hunks.flatMap((h) => h.findings);
    const severity = hunk ? hunk.severity : review.skipped ? 'medium' : highestSeverity(findings);
    const rec = editDecisionRecord({ now: new Date(), decision, file: review.rel, hunk, findings, severity, agent: review.agent, via });
    this.audit.append(rec as unknown as Record<string, unknown>);
    this.log.info(`${decision === 'approve' ? 'approved' : 'reverted'} ${hunk ? 'a change in' : ''} ${review.rel} (${rec.ruleIds.join(', ') || 'no rule'}) via ${via}`);
  }

  /** Accepts a hunk (or the whole file) as reviewed: the baseline moves to it. */
  async approve(ref: ChangeRef, via = 'command', options: ApproveOptions = {}): Promise<boolean> {
    const review = await this.tracker.refresh(ref.key);
    if (!review) {
      void vscode.window.showInformationMessage('Blast Radius: nothing in this file is waiting for review.');
      return false;
    }
    let hunk: RiskHunk | undefined;
    let next: string | null;
    if (ref.hunkId !== undefined && !review.skipped) {
      hunk = this.findHunk(review, ref.hunkId);
      if (!hunk) {
        void vscode.window.showWarningMessage('Blast Radius: that change is no longer pending as it was (the file changed since). Open the review again.');
        return false;
      }
      next = approveHunk(review.baseline.content, review.current, hunk);
    } else {
      next = review.current;
    }
    const severity = hunk ? hunk.severity : review.skipped ? 'medium' : review.severity;
    if (severityRank(severity) >= severityRank('high') && options.confirmed !== true) {
      const findings = hunk ? hunk.findings : review.map.hunks.flatMap((h) => h.findings);
      const recorded = this.signoff ? await this.signoff.approvalRecorded(ref.key, severity) : undefined;
      const detail = [
        ...findings.slice(0, 5).map((f) => `${f.severity}: ${f.message} (${f.ruleId})`),
        '',
        recorded?.write
          ? `Approving accepts the change as reviewed. It is recorded in the audit log and, because ${recorded.why}, in the repository (.blast-radius/reviews/): commit that file with the change.`
          : 'Approving accepts the change as reviewed; it is recorded in the audit log.',
      ].join('\n');
      const ok = await this.prompter.confirm(`Approve this ${severity}-risk change${hunk ? '' : 's'} in ${review.rel}?`, detail, 'Approve');
      if (!ok) return false;
    }
    this.tracker.store.approve(ref.key, next);
    this.record('approve', review, hunk, via);
    this.signoff?.recordEdit({ file: ref.key, decision: 'approve', current: review.skipped ? undefined : review.current, hunk, agent: review.agent });
    await this.tracker.refresh(ref.key);
    this.tracker.settle(ref.key);
    vscode.window.setStatusBarMessage(`$(check) Blast Radius: approved ${hunk ? 'a change in ' : ''}${review.rel}`, 4000);
    return true;
  }

  /** Restores the baseline lines of a hunk (or the whole file) through a workspace edit, so undo works. */
  async revert(ref: ChangeRef, via = 'command'): Promise<boolean> {
    const review = await this.tracker.refresh(ref.key);
    if (!review) {
      void vscode.window.showInformationMessage('Blast Radius: nothing in this file is waiting for review.');
      return false;
    }
    const uri = review.uri;
    const edit = new vscode.WorkspaceEdit();
    let hunk: RiskHunk | undefined;
    let doc: vscode.TextDocument | undefined;
    const base = review.baseline.content;
    if (ref.hunkId !== undefined && review.current !== null && !review.skipped) {
      hunk = this.findHunk(review, ref.hunkId);
      if (!hunk) {
        void vscode.window.showWarningMessage('Blast Radius: that change is no longer pending as it was (the file changed since). Open the review again.');
        return false;
      }
      doc = await documentAsReviewed(uri, review.current);
      const r = revertHunk(doc.getText(), hunk);
      if (!r) {
        void vscode.window.showWarningMessage('Blast Radius: the file changed while you were deciding; open the review again to revert that change.');
        await this.tracker.refresh(ref.key);
        return false;
      }
      edit.replace(uri, new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)), r.text);
    } else if (base === null) {
      edit.deleteFile(uri, { ignoreIfNotExists: true, recursive: false });
    } else if (review.current === null) {
      edit.createFile(uri, { overwrite: true, contents: Buffer.from(base, 'utf8') });
    } else {
      doc = await documentAsReviewed(uri, review.current);
      edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), base);
    }
    const wasDirty = doc?.isDirty ?? false;
    this.tracker.expectOwnEdit(ref.key);
    let ok: boolean;
    try {
      ok = await vscode.workspace.applyEdit(edit, { isRefactoring: false });
    } finally {
      this.tracker.endOwnEdit(ref.key);
    }
    if (!ok) {
      void vscode.window.showErrorMessage(`Blast Radius could not revert ${review.rel}: the editor refused the edit. Check that the file is writable and try again.`);
      return false;
    }
    // keep the disk in step (command-line agents and deploys read the file there); undo still works
    if (doc && !wasDirty && !doc.isClosed && !(await doc.save())) {
      // the file changed on disk again since the editor read it: the reverted text stays in the
      // editor, unsaved, and nothing is recorded as reverted
      await this.tracker.refresh(ref.key);
      void vscode.window.showErrorMessage(
        `Blast Radius could not save the revert of ${review.rel}: the file changed on disk while it was being reverted. The reverted text is in the editor, unsaved; compare it with the file on disk and save, or revert again.`,
      );
      return false;
    }
    // a revert goes to the audit log only: it leaves nothing on the branch to sign off
    this.record('revert', review, hunk, via);
    await this.tracker.refresh(ref.key);
    this.tracker.settle(ref.key);
    vscode.window.setStatusBarMessage(`$(discard) Blast Radius: reverted ${hunk ? 'a change in ' : ''}${review.rel} (undo with Ctrl+Z)`, 5000);
    return true;
  }

  /** Approves every pending edit below high severity; returns how many. */
  async approveLowRisk(): Promise<number> {
    const items = this.pending.queue.list().filter((i) => i.kind === 'edit' && i.file && severityRank(i.severity) < severityRank('high'));
    let n = 0;
    for (const i of items) {
      if (await this.approve({ key: i.file!, hunkId: i.hunk?.id }, 'bulk')) n++;
    }
    return n;
  }

  /** Opens `vscode.diff` between the baseline and the current file, at the hunk. */
  async showDiff(ref: ChangeRef): Promise<void> {
    const review = this.tracker.review(ref.key);
    if (!review) {
      void vscode.window.showInformationMessage('Blast Radius: nothing in this file is waiting for review.');
      return;
    }
    const left = baselineUri(review.uri, ++this.version);
    const right = review.current === null ? vscode.Uri.from({ scheme: BASELINE_SCHEME, path: review.uri.path, query: 'empty' }) : review.uri;
    const hunk = ref.hunkId !== undefined ? this.findHunk(review, ref.hunkId) : review.map.hunks[0];
    const line = Math.max(0, (hunk?.anchorLine ?? 1) - 1);
    const title = `${path.basename(review.key)} (${SOURCE_LABEL[review.baseline.source] ?? 'baseline'} ↔ current) · Blast Radius`;
    await vscode.commands.executeCommand('vscode.diff', left, right, title, {
      preview: false,
      selection: new vscode.Range(line, 0, line, 0),
    } satisfies vscode.TextDocumentShowOptions);
  }
}
