import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import { type ChangeRef, type ReviewActions, refFromArgs } from './actions';
import type { ReviewFlow } from './flow';

export interface ReviewCommandDeps {
  actions: ReviewActions;
  flow: ReviewFlow;
}

/** The review's commands: the walk through the queue, and the actions on one change or file. */
export function registerReviewCommands(deps: ReviewCommandDeps): vscode.Disposable[] {
  const { actions, flow } = deps;
  const withRef =
    (fn: (ref: ChangeRef, via: string) => Promise<unknown>, fallbackVia: string) =>
    async (...args: unknown[]): Promise<void> => {
      const { ref, via } = refFromArgs(args);
      if (!ref) {
        void vscode.window.showInformationMessage('Blast Radius: open a file with pending changes first, or run "Blast Radius: Review Pending Changes".');
        return;
      }
      await fn(ref, via ?? fallbackVia);
    };
  return [
    vscode.commands.registerCommand(COMMANDS.reviewPending, (id?: unknown) => flow.start(typeof id === 'string' ? id : undefined)),
    vscode.commands.registerCommand(COMMANDS.reviewNext, () => flow.next()),
    vscode.commands.registerCommand(COMMANDS.approveShown, (...args: unknown[]) => flow.decideShown('approve', args)),
    vscode.commands.registerCommand(COMMANDS.revertShown, (...args: unknown[]) => flow.decideShown('revert', args)),
    vscode.commands.registerCommand(COMMANDS.approveLowRisk, async () => {
      const n = await actions.approveLowRisk();
      void vscode.window.showInformationMessage(
        n === 0 ? 'Blast Radius: no low- or medium-risk changes are pending.' : `Blast Radius: approved ${n} low- or medium-risk change${n === 1 ? '' : 's'}.`,
      );
    }),
    vscode.commands.registerCommand(COMMANDS.approveFile, withRef((ref, via) => actions.approve({ key: ref.key }, via), 'command')),
    vscode.commands.registerCommand(COMMANDS.revertFile, withRef((ref, via) => actions.revert({ key: ref.key }, via), 'command')),
    vscode.commands.registerCommand(COMMANDS.approveChange, withRef((ref, via) => actions.approve(ref, via), 'command')),
    vscode.commands.registerCommand(COMMANDS.revertChange, withRef((ref, via) => actions.revert(ref, via), 'command')),
    vscode.commands.registerCommand(COMMANDS.showChangeDiff, withRef((ref) => actions.showDiff(ref), 'command')),
  ];
}
