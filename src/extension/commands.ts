import * as vscode from 'vscode';
import { statusView } from '../core/status';
import { COMMANDS } from './ids';
import type { StatusBar } from './statusBar';

export interface CommandDeps {
  log: vscode.LogOutputChannel;
  statusBar: StatusBar;
}

/** Registers the palette commands; returns their disposables. */
export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.showLog, () => deps.log.show()),
    vscode.commands.registerCommand(COMMANDS.showStatus, async () => {
      const view = statusView(deps.statusBar.current);
      const choice = await vscode.window.showInformationMessage(view.tooltip.replace(/\n/g, ' '), 'Show Log');
      if (choice === 'Show Log') deps.log.show();
    }),
  ];
}
