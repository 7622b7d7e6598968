/**
 * "Blast Radius: Review Changes Awaiting Sign-off": lists the risky changes on the current
 * branch that have fewer approvals than the policy asks for (including those someone else has
 * already approved), and lets the person add theirs.
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
import { COMMANDS } from '../ids';
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

export interface SignoffDeps {
  extensionPath: string;
  logger: Logger;
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
    reviewSignoff(folder instanceof vscode.Uri ? folder : undefined, run, prompter, deps.logger),
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

async function reviewSignoff(target: vscode.Uri | undefined, run: CliRunner, prompter: SignoffPrompter, log: Logger): Promise<void> {
  const folder = target ?? currentFolder()?.uri;
  if (!folder || folder.scheme !== 'file') {
    void vscode.window.showInformationMessage('Open a folder inside a git repository to review sign-off.');
    return;
  }
  const cwd = folder.fsPath;
  const verify = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Blast Radius: checking sign-off' }, () => run(['verify', '--json'], cwd));
  const view = verify.code <= 1 ? parseVerifyJson(verify.stdout) : undefined;
  if (!view) {
    const why = firstLine(verify.stderr) || 'the sign-off check gave no answer';
    log.error(`verify failed (exit ${verify.code}): ${verify.stderr.trim()}`);
    void vscode.window.showErrorMessage(`Blast Radius could not check sign-off: ${why}`);
    return;
  }
  if (view.pending.length === 0 && view.baseProblems.length > 0) {
    void vscode.window.showWarningMessage(`Blast Radius cannot check sign-off against ${view.baseLabel}: ${view.baseProblems[0]!}`);
    return;
  }
  if (view.pending.length === 0) {
    const n = view.changes.length;
    void vscode.window.showInformationMessage(
      n === 0 ? `No risky changes on this branch need sign-off (compared with ${view.baseLabel}).` : `All ${n} risky change${n === 1 ? ' has' : 's have'} the approvals ${n === 1 ? 'it needs' : 'they need'}.`,
    );
    return;
  }
  const chosen = await prompter.pick(pickItems(view), `Changes Awaiting Sign-off (against ${view.baseLabel})`);
  if (!chosen || chosen.length === 0) return;
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

  const result = await run(['approve', ...counted.map((x) => x.id), ...(answer === APPROVE_AND_COMMIT ? ['--commit'] : [])], cwd);
  log.info(`approve ${counted.map((x) => x.id).join(' ')} (exit ${result.code}): ${result.stdout.trim()} ${result.stderr.trim()}`);
  if (result.code === 0) {
    void vscode.window.showInformationMessage(
      `Approved ${counted.length} change${counted.length === 1 ? '' : 's'} as ${c.identity}. ${answer === APPROVE_AND_COMMIT ? 'Committed; push to share it.' : 'The record is staged; commit and push it.'}`,
    );
  } else {
    void vscode.window.showErrorMessage(`Blast Radius could not record the approval: ${firstLine(result.stderr) || 'unknown error'}`);
  }
}
