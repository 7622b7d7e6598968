import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { editOptionsFor } from '../../core/policy/editOptions';
import { effectiveReviewMode, type ReviewMode } from '../../core/review/attribution';
import { type GateCommand, type GateResult, gateCommands } from '../../core/review/gate';
import type { PendingItem } from '../../core/review/queue';
import { type AuditSink, SessionAudit } from '../audit';
import { GitBridge } from '../edits/git';
import { CommandJudges } from '../edits/commandJudges';
import { EditTracker } from '../edits/tracker';
import { SETTINGS, SETTINGS_SECTION, STATE_KEYS, VIEWS } from '../ids';
import type { FolderPolicies } from '../policy';
import type { EditorPendingChange, EditorSignoff } from '../signoff/index';
import type { StatusBar } from '../statusBar';
import { type ApprovalPrompter, ReviewActions, modalPrompter } from './actions';
import { BaselineDocuments } from './baselineDocs';
import { registerReviewCommands } from './commands';
import { ReviewFlow, type ReviewUi, quickPickUi } from './flow';
import { type DecorationSnapshot, EditPresenter } from './present';
import { PendingQueue } from './pendingQueue';
import { SignoffRecorder } from './signoffRecords';
import { PendingTree } from './tree';

/**
 * The edit review: watch changes, judge them against their baselines, show risky ones where
 * they are, and hold them in the pending queue until a person approves or reverts them.
 */

/** What the rest of the extension (the terminal guard) and the tests use. */
export interface ReviewApi {
  /** The shared pending queue. */
  readonly pending: PendingQueue;
  /**
   * Which pending risky edits a command line would act on. The terminal guard calls it with the
   * parsed line's simple commands and the shell's cwd before deciding; `hold` means hold the line
   * and show `summary` (each reason names a file and its rules).
   */
  gate(commands: readonly GateCommand[], cwd: string): GateResult;
  /** Reviews the files under a folder that is not a workspace folder (the walkthrough's scratch repository) until disposed. */
  reviewFolder(dir: string): vscode.Disposable;
  /** The pending risky edits the sign-off policy wants approved ("Review Changes Awaiting Sign-off" lists them). */
  readonly signoffEditor: EditorSignoff;
  /** Sign-off records written in this session (root, repository-relative path), once queued writes are done. */
  signoffRecords(): Promise<ReadonlyArray<{ root: string; path: string }>>;
  // --- for tests and measurements
  pendingItems(): PendingItem[];
  whenIdle(): Promise<void>;
  decorations(uri: vscode.Uri): DecorationSnapshot[];
  /** Replaces the quick pick of a held command's actions. */
  setUi(ui: ReviewUi | undefined): void;
  /** Replaces the modal that confirms one-click approvals of high and critical changes. */
  setPrompter(prompter: ApprovalPrompter | undefined): void;
  auditRecords(): ReadonlyArray<Readonly<Record<string, unknown>>>;
  stats(): {
    listener: { count: number; p50: number; p99: number; max: number };
    longestSliceMs: number;
    counts: { documentEvents: number; diskEvents: number; analysed: number; rebaselined: number };
  };
  /** The latest review decisions, newest last. */
  recent(): readonly string[];
  /** Starts the listener and slice figures afresh (for measurements). */
  resetStats(): void;
}

interface SavedState {
  agentFiles: string[];
  approved: Array<[string, string | null]>;
}

/** Approved contents larger than this are not kept across restarts (they fall back to HEAD). */
const MAX_SAVED_BYTES = 4 * 1024 * 1024;

function reviewMode(): ReviewMode {
  const i = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<string>(SETTINGS.editsReview);
  // a workspace may only tighten: `all` from any level wins
  return effectiveReviewMode(i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue);
}

export function registerEditReview(
  context: vscode.ExtensionContext,
  deps: { statusBar: StatusBar; logger: Logger; audit: AuditSink; policies: FolderPolicies },
): ReviewApi {
  const { logger } = deps;
  const subs = context.subscriptions;
  const pending = new PendingQueue(deps.statusBar);
  const git = new GitBridge(logger);
  // read once and on change: the tracker asks on every keystroke
  let mode = reviewMode();
  // the engine's size limit and disabled rules come from the folder's policy, as in the agent hooks;
  // scripts, Makefiles, package.json and CI files are judged with the command engine of that policy
  const judges = new CommandJudges(logger, path.join(context.extensionPath, 'dist', 'wasm'));
  const tracker = new EditTracker(git, logger, {
    mode: () => mode,
    editOptions: async (key) => editOptionsFor(await deps.policies.forPath(key)),
    commandJudge: async (key) => judges.for(await deps.policies.forPath(key), key),
  });
  // the review's records of this session, written to the extension's one audit log
  const audit = new SessionAudit(deps.audit);
  const signoff = new SignoffRecorder({ log: logger, warn: (m) => void vscode.window.showWarningMessage(m) });
  const actions = new ReviewActions(tracker, pending, audit, logger, signoff);
  let ui: ReviewUi | undefined;
  const presenter = new EditPresenter(tracker, pending);
  const tree = new PendingTree(pending);
  const view = vscode.window.createTreeView(VIEWS.pending, { treeDataProvider: tree, showCollapseAll: false });
  const flow = new ReviewFlow({ pending, actions, ui: () => ui ?? quickPickUi, view });
  subs.push(
    pending,
    git,
    tracker,
    presenter,
    tree,
    view,
    flow,
    new BaselineDocuments(tracker),
    ...registerReviewCommands({ actions, flow }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.editsReview}`)) {
        mode = reviewMode();
        tracker.reanalyseAll();
      }
    }),
    deps.policies.onDidChange(() => tracker.reanalyseAll()),
  );

  // what was agent-made and what was approved survives a restart
  const saved = context.workspaceState.get<SavedState>(STATE_KEYS.review);
  for (const [key, content] of saved?.approved ?? []) tracker.store.approve(key, content);
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const save = (): void => {
    saveTimer = undefined;
    let bytes = 0;
    const approved = tracker.store.approvals().filter(([, c]) => (bytes += c?.length ?? 0) <= MAX_SAVED_BYTES);
    void context.workspaceState.update(STATE_KEYS.review, { agentFiles: tracker.agentFiles(), approved } satisfies SavedState);
  };
  const queueSub = pending.queue.onDidChange(() => {
    saveTimer ??= setTimeout(save, 1000);
  });
  subs.push({ dispose: () => queueSub.dispose() }, { dispose: () => saveTimer !== undefined && clearTimeout(saveTimer) });

  tracker.start();
  tracker.restoreAgentFiles(saved?.agentFiles ?? []);
  void git.connect();

  const signoffEditor: EditorSignoff = {
    pendingNeedingApproval: async (folder) => {
      const inside = (file: string): boolean => {
        const rel = path.relative(folder, file);
        return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
      };
      const out: EditorPendingChange[] = [];
      for (const item of pending.queue.list()) {
        if (item.kind !== 'edit' || item.file === undefined || !inside(item.file) || item.severity === 'none') continue;
        const policy = await signoff.policyFor(path.dirname(item.file));
        const required = policy.required[item.severity];
        if (required <= 0) continue;
        out.push({
          id: item.id,
          file: item.file,
          rel: path.relative(folder, item.file).split(path.sep).join('/'),
          line: (item.hunk?.line ?? 0) + 1,
          severity: item.severity,
          ruleIds: item.ruleIds,
          title: item.title,
          required,
        });
      }
      return out;
    },
    approve: async (ids) => {
      let done = 0;
      for (const id of ids) {
        const item = pending.queue.list().find((i) => i.id === id);
        if (item?.kind !== 'edit' || item.file === undefined) continue;
        // the person confirmed these in the sign-off review's modal
        if (await actions.approve({ key: item.file, hunkId: item.hunk?.id }, 'signoff', { confirmed: true })) done++;
      }
      return done;
    },
  };

  const roots = (): string[] => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  return {
    pending,
    gate: (commands, cwd) =>
      gateCommands(
        commands,
        cwd,
        pending.queue
          .list()
          .filter((i) => i.kind === 'edit' && i.file !== undefined)
          .map((i) => ({ id: i.id, file: i.file!, severity: i.severity, ruleIds: i.ruleIds })),
        { roots: roots(), caseInsensitive: process.platform === 'win32' || process.platform === 'darwin' },
      ),
    reviewFolder: (dir) => tracker.reviewFolder(dir),
    signoffEditor,
    signoffRecords: async () => {
      await signoff.flush();
      return [...signoff.written];
    },
    pendingItems: () => pending.queue.list(),
    whenIdle: () => tracker.whenIdle(),
    decorations: (uri) => presenter.decorationsFor(uri),
    setUi: (next) => {
      ui = next;
    },
    setPrompter: (next) => {
      actions.prompter = next ?? modalPrompter;
    },
    auditRecords: () => audit.session,
    recent: () => [...tracker.recent],
    resetStats: () => {
      tracker.longestSliceMs = 0;
      tracker.listenerStats.reset();
    },
    stats: () => ({ listener: tracker.listenerStats.summary(), longestSliceMs: tracker.longestSliceMs, counts: { ...tracker.counts } }),
  };
}
