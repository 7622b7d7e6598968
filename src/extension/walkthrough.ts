/**
 * The first five minutes: the walkthrough's try-it commands (package.json
 * `contributes.walkthroughs`, pages in media/walkthrough/).
 *
 * Everything risky happens in a scratch git repository made for the purpose in a temporary
 * folder (a few files, one commit, some uncommitted and untracked work), so a person can let
 * `git clean -fdx` or `git reset --hard` run and lose nothing of theirs. Its terminal is an
 * ordinary integrated terminal, guarded like any other; the commands only type a line into it,
 * the person presses Enter. The agent-like edit writes to the scratch repository on disk, as a
 * command-line agent would, once the edit review watches it (as an extra reviewed folder when it is
 * not a workspace folder).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { POLICY_FILE_TEMPLATE } from '../core/policy/template';
import { COMMANDS, GLOBAL_STATE_KEYS, SETTINGS, SETTINGS_SECTION, VIEWS, WALKTHROUGH } from './ids';
import { policyFileName } from './policy';
import type { ReviewApi } from './review/index';

const SCRATCH_NAME = 'Blast Radius scratch';
/** How long to wait for a new terminal's shell to start before typing into it anyway. */
const SHELL_START_MS = 8000;

/** The scratch repository: its first commit, then work that is not committed. */
const COMMITTED: Readonly<Record<string, string>> = {
  'README.md': '# Scratch repository\n\nMade by Blast Radius for its walkthrough. Safe to break; delete it when you are done.\n',
  '.gitignore': 'build/\n*.log\n',
  'notes.txt': 'Ideas for the next release\n',
  'src/app.js': 'export function greet(name) {\n  return `Hello, ${name}!`;\n}\n',
  'db/migrations/001_create_orders.sql': 'CREATE TABLE orders (\n  id serial PRIMARY KEY,\n  customer text NOT NULL,\n  total_cents integer NOT NULL\n);\n',
  'infra/main.tf': 'resource "aws_s3_bucket" "invoices" {\n  bucket = "scratch-invoices"\n\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n',
};
const UNCOMMITTED: Readonly<Record<string, string>> = {
  'notes.txt': 'Ideas for the next release\n- try Blast Radius in the scratch repository\n',
  'drafts/plan.md': '# Plan\n\nNot committed yet: `git clean -fd` would delete it.\n',
  'build/app.js': '// build output (ignored): only `git clean -x` deletes it\n',
  'debug.log': 'ignored log file\n',
};
/** What a command-line agent writes: a migration that drops a table, and Terraform that loses its protection. */
const AGENT_EDIT: Readonly<Record<string, string>> = {
  'db/migrations/002_drop_orders.sql': '-- orders are now kept in the billing service\nDROP TABLE orders;\n',
  'infra/main.tf': 'resource "aws_s3_bucket" "invoices" {\n  bucket = "scratch-invoices"\n}\n',
};

/** Registers the walkthrough's commands; returns their disposables. */
export function registerWalkthrough(context: vscode.ExtensionContext, deps: { logger: Logger; review: Pick<ReviewApi, 'reviewFolder'> }): vscode.Disposable[] {
  const w = new FirstFiveMinutes(context, deps.logger, deps.review);
  const run = (what: string, fn: () => Promise<void>) => () =>
    fn().catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      deps.logger.error(`${what}: ${message}`);
      void vscode.window.showErrorMessage(`Blast Radius could not ${what}: ${message}`);
    });
  w.reviewKnownScratch();
  return [
    w,
    vscode.commands.registerCommand(COMMANDS.getStarted, () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false)),
    vscode.commands.registerCommand(COMMANDS.openScratchRepository, run('open the scratch repository', () => w.typeInScratch(undefined))),
    vscode.commands.registerCommand(COMMANDS.trySafeCommand, run('open the scratch repository', () => w.typeInScratch('git status'))),
    vscode.commands.registerCommand(COMMANDS.tryHeldCommand, run('open the scratch repository', () => w.typeInScratch('git clean -fdx'))),
    vscode.commands.registerCommand(COMMANDS.makeAgentLikeEdit, run('make the agent-like edit', () => w.agentEdit())),
    vscode.commands.registerCommand(COMMANDS.openPolicyFile, run('open the policy file', () => openPolicyFile())),
  ];
}

class FirstFiveMinutes implements vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly logger: Logger,
    private readonly review: Pick<ReviewApi, 'reviewFolder'>,
  ) {
    this.disposables.push(
      vscode.window.onDidCloseTerminal((t) => {
        if (t === this.terminal) this.terminal = undefined;
      }),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** The scratch repository, made now unless the one made before is still there. */
  async scratch(): Promise<string> {
    const known = this.context.globalState.get<string>(GLOBAL_STATE_KEYS.scratchRepository);
    if (known && fs.existsSync(path.join(known, '.git'))) return known;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-scratch-'));
    for (const [rel, text] of Object.entries(COMMITTED)) write(dir, rel, text);
    await git(dir, 'init', '-q', '-b', 'main');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'Scratch repository for trying Blast Radius');
    for (const [rel, text] of Object.entries(UNCOMMITTED)) write(dir, rel, text);
    await this.context.globalState.update(GLOBAL_STATE_KEYS.scratchRepository, dir);
    this.logger.info(`walkthrough: scratch repository made in ${dir}`);
    return dir;
  }

  /** Opens (or shows) the guarded terminal in the scratch repository and types `line` without running it. */
  async typeInScratch(line: string | undefined): Promise<void> {
    const dir = await this.scratch();
    let t = this.terminal;
    if (!t) {
      t = vscode.window.createTerminal({ name: SCRATCH_NAME, cwd: dir, iconPath: new vscode.ThemeIcon('beaker') });
      this.terminal = t;
    }
    t.show();
    if (line === undefined) return;
    // typed once the shell has started (its shell integration is active), or after a while
    if (!t.shellIntegration) await nextEvent(vscode.window.onDidChangeTerminalShellIntegration, SHELL_START_MS, (e) => e.terminal === t);
    // Ctrl-U first: whatever was typed and not run is cleared, so only this line is there.
    t.sendText(`\u0015${line}`, false);
  }

  /**
   * Writes the agent-like edit into the scratch repository, after the review has started to watch
   * it (as an extra reviewed folder when it is not a workspace folder: adding a folder to a
   * one-folder window would restart every extension and close this walkthrough).
   */
  async agentEdit(): Promise<void> {
    const dir = await this.scratch();
    if (!isWorkspaceFolder(dir)) this.reviewScratch(dir);
    // The folder's file watcher starts asynchronously; a write before it is up would go unseen.
    await new Promise((r) => setTimeout(r, 1000));
    for (const [rel, text] of Object.entries(AGENT_EDIT)) write(dir, rel, text);
    this.logger.info(`walkthrough: agent-like edit written to ${Object.keys(AGENT_EDIT).join(', ')} in ${dir}`);
    await vscode.commands.executeCommand(`${VIEWS.pending}.focus`);
  }

  /** Has the review watch the scratch repository made in an earlier session, if it is still there. */
  reviewKnownScratch(): void {
    const known = this.context.globalState.get<string>(GLOBAL_STATE_KEYS.scratchRepository);
    if (known && fs.existsSync(path.join(known, '.git')) && !isWorkspaceFolder(known)) this.reviewScratch(known);
  }

  private reviewScratch(dir: string): void {
    // reviewFolder() ignores a folder it already reviews
    this.disposables.push(this.review.reviewFolder(dir));
  }
}

/** Opens the policy file of the workspace folder in use, made from the commented template when there is none. */
async function openPolicyFile(): Promise<void> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Blast Radius: open a folder first; its policy file lives at the root of a workspace folder.');
    return;
  }
  const name = policyFileName().trim();
  if (name === '') {
    void vscode.window.showInformationMessage(`Blast Radius: no policy file is read (the setting ${SETTINGS_SECTION}.${SETTINGS.policyFile} is empty).`);
    return;
  }
  const file = path.resolve(folder.uri.fsPath, name);
  try {
    fs.writeFileSync(file, POLICY_FILE_TEMPLATE, { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(file));
}

function write(dir: string, rel: string, text: string): void {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Runs git in `dir` with a fixed identity (the person's own may not be set up). */
function git(dir: string, ...args: string[]): Promise<void> {
  const identity = ['-c', 'user.name=Blast Radius', '-c', 'user.email=scratch@blast-radius.invalid', '-c', 'commit.gpgsign=false'];
  return new Promise((resolve, reject) => {
    execFile('git', [...identity, ...args], { cwd: dir }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      reject(new Error(missing ? 'git is not installed (the scratch repository is a git repository)' : `git ${args[0] ?? ''} failed: ${stderr.trim() || err.message}`));
    });
  });
}

function isWorkspaceFolder(dir: string): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file' && path.resolve(f.uri.fsPath) === path.resolve(dir));
}

/** Resolves at the next `event` that `accept` takes, or after `ms`, whichever comes first. */
function nextEvent<T>(event: vscode.Event<T>, ms: number, accept: (e: T) => boolean = () => true): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const sub = event((e) => {
      if (accept(e)) done();
    });
  });
}
