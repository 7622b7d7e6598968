/**
 * The terminal profile "Blast Radius: Sandboxed Terminal": the person's shell inside
 * `blast-radius sandbox` for the workspace folder, guarded inside (src/core/sandbox/terminal.ts).
 * Where the sandbox cannot run here it says why in a notification and in the terminal, and
 * starts no shell: never a silent unsandboxed one.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type SandboxSupport, checkSandboxSupport } from '../core/sandbox/bwrap';
import { sandboxUnavailableMessage, sandboxedShellLaunch } from '../core/sandbox/terminal';
import type { Logger } from '../core/logger';
import { TERMINAL_PROFILES } from './ids';

const NAME = 'Blast Radius: Sandboxed';

export interface SandboxTerminalApi {
  /** What the profile opens now (a sandboxed shell, or a terminal that says why there is none). */
  provide(): Promise<vscode.TerminalProfile>;
  /** Replaces the check whether this machine can make a sandbox (tests); undefined restores it. */
  setSupportCheck(check: (() => Promise<SandboxSupport>) | undefined): void;
}

/** The folder the shell may change: the active editor's workspace folder, else the first. */
function workspaceFolder(): vscode.WorkspaceFolder | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
}

/** A terminal that only shows `text` and closes on any key. */
function notice(text: string): vscode.TerminalProfile {
  const close = new vscode.EventEmitter<void>();
  const write = new vscode.EventEmitter<string>();
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => write.fire(`${text.replace(/\n/g, '\r\n')}\r\n\r\nPress any key to close this terminal.\r\n`),
    close: () => {
      close.dispose();
      write.dispose();
    },
    handleInput: () => close.fire(),
  };
  return new vscode.TerminalProfile({ name: NAME, pty, iconPath: new vscode.ThemeIcon('error') });
}

export function registerSandboxedTerminal(deps: { extensionPath: string; logger: Logger }): { disposables: vscode.Disposable[]; api: SandboxTerminalApi } {
  let check = (): Promise<SandboxSupport> => checkSandboxSupport(process.env);
  const realCheck = check;
  const provide = async (): Promise<vscode.TerminalProfile> => {
    const folder = workspaceFolder();
    const support = await check();
    const problem = !support.ok
      ? sandboxUnavailableMessage(support.reason)
      : !folder || folder.uri.scheme !== 'file'
        ? 'The sandboxed terminal needs a folder on this machine open: the sandbox makes that folder writable and the rest read-only. No shell was started.'
        : undefined;
    if (problem || !folder) {
      deps.logger.warn(problem ?? 'no folder');
      void vscode.window.showErrorMessage(`Blast Radius: ${problem}`);
      return notice(problem ?? '');
    }
    const launch = sandboxedShellLaunch({
      node: process.execPath,
      cli: path.join(deps.extensionPath, 'dist', 'cli.js'),
      workspace: folder.uri.fsPath,
      shell: vscode.env.shell || process.env['SHELL'],
    });
    deps.logger.info(`Sandboxed terminal for ${folder.uri.fsPath}: ${launch.shellArgs.at(-1) ?? ''}`);
    return new vscode.TerminalProfile({ name: NAME, ...launch, cwd: folder.uri, iconPath: new vscode.ThemeIcon('shield') });
  };
  const disposables = [vscode.window.registerTerminalProfileProvider(TERMINAL_PROFILES.sandboxed, { provideTerminalProfile: provide })];
  return { disposables, api: { provide, setSupportCheck: (c) => void (check = c ?? realCheck) } };
}
