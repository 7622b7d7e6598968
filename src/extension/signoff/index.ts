/**
 * "Blast Radius: Review Changes Awaiting Sign-off": lists the risky changes that the sign-off
 * policy wants approved and that lack approvals — those committed on the current branch with
 * fewer approvals than the policy asks for (including those someone else has already approved),
 * and the risky edits still waiting in the editor's Pending Review (not committed yet) — and lets
 * the person add theirs.
 *
 * The work is done by the bundled CLI (`verify --json`, `approve`) in a child process, so git
 * and the edit engine never block the extension host. Approving always goes through a modal
 * confirmation that names the identity and the changes.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { AGENT_ENVIRONMENT_MARKERS } from '../../core/signoff/identity';
import { recordApprovals } from '../../core/signoff/recordApprovals';
import { COMMANDS } from '../ids';
import { TOOL } from '../review/signoffRecords';
import { RISKY_CHANGE_CODICON } from '../severityStyle';
import { parseApproveCheck, parseVerifyJson, personEnvironment, pickItems, type PickItem } from './model';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI; injectable for tests. */
export type CliRunner = (args: readonly string[], cwd: string) => Promise<CliResult>;

/** The questions the command asks; injectable so tests can answer them. */
export interface SignoffPrompter {
  pick(items: readonly PickItem[], title: string): Promise<readonly PickItem[] | undefined>;
  confirm(message: string, detail: string, actions: readonly string[]): Promise<string | undefined>;
}

/** A risky edit waiting in the editor's review whose severity the sign-off policy wants approved. */
export interface EditorPendingChange {
  /** The pending item's id (`edit:<file>#<hunk>`). */
  id: string;
  /** Absolute path. */
  file: string;
  /** Relative to its workspace folder. */
  rel: string;
  line: number;
  severity: string;
  ruleIds: readonly string[];
  title: string;
  /** Approvals the policy asks for at that severity. */
  required: number;
}

/** The edit review's part in sign-off (review/index.ts). */
export interface EditorSignoff {
  /** Pending risky edits under `folder` that the sign-off policy of their repository wants approved. */
  pendingNeedingApproval(folder: string): Promise<EditorPendingChange[]>;
  /** Approves those pending items (the person confirmed in this command's modal); how many were. */
  approve(ids: readonly string[]): Promise<number>;
}

export interface SignoffDeps {
  extensionPath: string;
  logger: Logger;
  /** The edit review's pending changes; none without it. */
  editor?: EditorSignoff;
  run?: CliRunner;
  prompter?: SignoffPrompter;
}

const APPROVE = 'Approve';
const APPROVE_AND_COMMIT = 'Approve and Commit';

/** What integration tests may change: the prompter (modal dialogs are refused in tests). */
export interface SignoffApi {
  setPrompter(p: SignoffPrompter | undefined): void;
}

/**
 * Registers the command. It takes an optional folder (a Uri inside a git repository); from the
 * palette it uses the active editor's workspace folder, else the first one.
 */
export function registerSignoffReview(deps: SignoffDeps): { disposables: vscode.Disposable[]; api: SignoffApi } {
  const run = deps.run ?? bundledCli(deps.extensionPath);
  let prompter = deps.prompter ?? vscodePrompter;
  const api: SignoffApi = {
    setPrompter: (p) => {
      prompter = p ?? deps.prompter ?? vscodePrompter;
    },
  };
  const command = vscode.commands.registerCommand(COMMANDS.reviewSignoff, (folder?: unknown) =>
    reviewSignoff(folder instanceof vscode.Uri ? folder : undefined, { run, prompter, log: deps.logger, ...(deps.editor ? { editor: deps.editor } : {}) }),
  );
  return { disposables: [command], api };
}

function bundledCli(extensionPath: string): CliRunner {
  const cli = path.join(extensionPath, 'dist', 'cli.js');
  return (args, cwd) =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [cli, ...args],
        { cwd, env: personEnvironment(process.env, AGENT_ENVIRONMENT_MARKERS), timeout: 120_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 70;
          resolve({ code, stdout, stderr: error !== null && stderr === '' ? error.message : stderr });
        },
      );
    });
}

const vscodePrompter: SignoffPrompter = {
  async pick(items, title) {
    const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { item: PickItem }>();
    const open: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: 'Open File' };
    qp.title = title;
    qp.placeholder = 'Select the changes you have reviewed and approve';
    qp.canSelectMany = true;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.items = items.map((item) => ({ label: `${RISKY_CHANGE_CODICON} ${item.label}`, description: item.description, detail: item.detail, buttons: [open], item }));
    return new Promise((resolve) => {
      let done = false;
      const finish = (v: readonly PickItem[] | undefined): void => {
        if (done) return;
        done = true;
        resolve(v);
        qp.dispose();
      };
      qp.onDidTriggerItemButton((e) => void openAt(e.item.item));
      qp.onDidAccept(() => finish(qp.selectedItems.map((i) => i.item)));
      qp.onDidHide(() => finish(undefined));
      qp.show();
    });
  },
  async confirm(message, detail, actions) {
    return vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions);
  },
};

async function openAt(item: PickItem): Promise<void> {
  if (item.side === 'before' || item.absolute === '') return;
  const uri = vscode.Uri.file(item.absolute);
  const line = Math.max(0, item.line - 1);
  await vscode.window.showTextDocument(uri, { preview: true, preserveFocus: true, selection: new vscode.Range(line, 0, line, 0) });
}

function currentFolder(): vscode.WorkspaceFolder | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
}

function firstLine(text: string): string {
  return (text.trim().split('\n')[0] ?? '').replace(/^blast-radius \w+: /, '');
}

/** The picker's rows for the editor's pending changes. */
export function editorPickItems(changes: readonly EditorPendingChange[]): PickItem[] {
  return changes.map((c) => ({
    id: c.id,
    label: `${c.rel}:${c.line}`,
    description: `${c.severity} · ${c.ruleIds[0] ?? 'risky change'} · 0/${c.required} · not committed, waiting in Pending Review`,
    detail: c.title,
    file: c.rel,
    absolute: c.file,
    line: c.line,
    side: 'after',
  }));
}

interface ReviewSignoffDeps {
  run: CliRunner;
  prompter: SignoffPrompter;
  log: Logger;
  editor?: EditorSignoff;
}

async function reviewSignoff(target: vscode.Uri | undefined, deps: ReviewSignoffDeps): Promise<void> {
  const { run, prompter, log } = deps;
  const folder = target ?? currentFolder()?.uri;
  if (!folder || folder.scheme !== 'file') {
    void vscode.window.showInformationMessage('Open a folder inside a git repository to review sign-off.');
    return;
  }
  const cwd = folder.fsPath;
  const [editor, verify] = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Blast Radius: checking sign-off' }, () =>
    Promise.all([deps.editor?.pendingNeedingApproval(cwd) ?? Promise.resolve([]), run(['verify', '--json'], cwd)]),
  );
  const parsed = verify.code <= 1 ? parseVerifyJson(verify.stdout) : undefined;
  if (!parsed) {
    const why = firstLine(verify.stderr) || 'the sign-off check gave no answer';
    log.error(`verify failed (exit ${verify.code}): ${verify.stderr.trim()}`);
    if (editor.length === 0) {
      void vscode.window.showErrorMessage(`Blast Radius could not check sign-off: ${why}`);
      return;
    }
  }
  const view = parsed && !(parsed.pending.length === 0 && parsed.baseProblems.length > 0) ? parsed : undefined;
  if (parsed && !view && editor.length === 0) {
    void vscode.window.showWarningMessage(`Blast Radius cannot check sign-off against ${parsed.baseLabel}: ${parsed.baseProblems[0]!}`);
    return;
  }
  if ((view?.pending.length ?? 0) === 0 && editor.length === 0) {
    const n = view?.changes.length ?? 0;
    void vscode.window.showInformationMessage(
      n === 0
        ? `No risky changes on this branch need sign-off (compared with ${view?.baseLabel ?? 'the base'}), and none is waiting in Pending Review.`
        : `All ${n} risky change${n === 1 ? ' has' : 's have'} the approvals ${n === 1 ? 'it needs' : 'they need'}, and none is waiting in Pending Review.`,
    );
    return;
  }
  const title = view ? `Changes Awaiting Sign-off (against ${view.baseLabel})` : 'Changes Awaiting Sign-off (pending in the editor)';
  const chosen = await prompter.pick([...editorPickItems(editor), ...(view ? pickItems(view) : [])], title);
  if (!chosen || chosen.length === 0) return;
  const fromEditor = chosen.filter((c) => editor.some((e) => e.id === c.id));
  const fromBranch = chosen.filter((c) => !fromEditor.includes(c));
  if (fromEditor.length > 0 && deps.editor) await approveInEditor(fromEditor, deps.editor, prompter);
  if (fromBranch.length > 0) await approveOnBranch(fromBranch, cwd, run, prompter, log);
}

/** Approves pending editor changes after the person's confirmation; their records go to .blast-radius/reviews/. */
async function approveInEditor(chosen: readonly PickItem[], editor: EditorSignoff, prompter: SignoffPrompter): Promise<void> {
  const n = chosen.length;
  const detail = [
    ...chosen.map((x) => `${x.label}  ${x.description.split(' · ').slice(0, 2).join(' · ')}`),
    '',
    'The file keeps the change. Your approval is recorded in the audit log and in .blast-radius/reviews/ (the sign-off policy asks for it); commit that with the change. It is bound to the content you reviewed: a later edit needs approving again.',
  ].join('\n');
  const answer = await prompter.confirm(`Approve ${n} pending risky change${n === 1 ? '' : 's'}?`, detail, [APPROVE]);
  if (answer !== APPROVE) return;
  const done = await editor.approve(chosen.map((c) => c.id));
  void vscode.window.showInformationMessage(
    done === n
      ? `Approved ${n} pending change${n === 1 ? '' : 's'}. The record is in .blast-radius/reviews/: commit it with the change.`
      : `Approved ${done} of ${n} pending changes; the others changed since they were listed. Open the review again.`,
  );
}

/** Approves committed changes of the branch: what would count through the CLI (`approve --as-check`), then the records written in this process. */
async function approveOnBranch(chosen: readonly PickItem[], cwd: string, run: CliRunner, prompter: SignoffPrompter, log: Logger): Promise<void> {
  const ids = chosen.map((c) => c.id);
  const check = await run(['approve', ...ids, '--as-check'], cwd);
  const c = parseApproveCheck(check.stdout, check.stderr);
  if (c.counts.length === 0 || c.identity === undefined) {
    void vscode.window.showWarningMessage(`Your approval would not count: ${c.refusals[0] ?? (firstLine(check.stderr) || 'unknown reason')}`);
    return;
  }
  const counted = chosen.filter((x) => c.counts.includes(x.id));
  const detail = [
    ...counted.map((x) => `${x.label}  ${x.description.split(' · ').slice(0, 2).join(' · ')}`),
    ...(c.refusals.length > 0 ? ['', 'Not included:', ...c.refusals] : []),
    '',
    'Your approval is recorded in .blast-radius/reviews/ and counts once it is committed. It is bound to the content you reviewed: a later edit needs approving again.',
  ].join('\n');
  const answer = await prompter.confirm(`Approve ${counted.length} risky change${counted.length === 1 ? '' : 's'} as ${c.identity}?`, detail, [APPROVE, APPROVE_AND_COMMIT]);
  if (answer !== APPROVE && answer !== APPROVE_AND_COMMIT) return;

  // Written here, in the editor's own process, after the person's answer in its modal: the CLI's
  // `approve` writes only for a person at a terminal, and nothing outside this process can answer
  // for this modal.
  const result = writeApprovals(counted.map((x) => x.id), answer === APPROVE_AND_COMMIT, cwd);
  log.info(`approve ${counted.map((x) => x.id).join(' ')} (exit ${result.code}): ${result.stdout.trim()} ${result.stderr.trim()}`);
  if (result.code === 0) {
    void vscode.window.showInformationMessage(
      `Approved ${counted.length} change${counted.length === 1 ? '' : 's'} as ${c.identity}. ${answer === APPROVE_AND_COMMIT ? 'Committed; push to share it.' : 'The record is staged; commit and push it.'}`,
    );
  } else {
    void vscode.window.showErrorMessage(`Blast Radius could not record the approval: ${firstLine(result.stderr) || 'unknown error'}`);
  }
}

/** Writes the records for changes the person approved in the editor, as `approve` would. */
function writeApprovals(ids: readonly string[], commit: boolean, cwd: string): CliResult {
  let stdout = '';
  let stderr = '';
  const io = { out: (t: string) => void (stdout += t), err: (t: string) => void (stderr += t) };
  try {
    const code = recordApprovals({ cwd, ids, allPending: false, asCheck: false, commit, toolVersion: TOOL.version }, io);
    return { code, stdout, stderr };
  } catch (e) {
    return { code: 2, stdout, stderr: `${stderr}${e instanceof Error ? e.message : String(e)}` };
  }
}
