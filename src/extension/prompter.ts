import * as vscode from 'vscode';
import { type ConfirmAnswer, type ConfirmDialog, type ConfirmRequest, confirmDialog, detailsDialog, helpRuleOf } from '../core/guard/confirm';
import { showRuleHelp } from './ruleHelp';

export type { ConfirmAnswer, ConfirmRequest } from '../core/guard/confirm';

/**
 * Asks a person whether a held command may run. The real one is a modal; tests inject their
 * own (VS Code refuses modals in its test mode). Any extension can run a command, but only a
 * person can answer a modal: that is what makes a confirmation a person's.
 */
export interface Prompter {
  confirm(req: ConfirmRequest): Promise<ConfirmAnswer>;
}

interface Item extends vscode.MessageItem {
  answer: ConfirmDialog['buttons'][number]['answer'];
}

/** Shows one dialog; resolves with the chosen button's answer (Escape and the close box: the cancel button's). */
async function show(d: ConfirmDialog): Promise<Item['answer']> {
  const items: Item[] = d.buttons.map((b) => ({ title: b.label, answer: b.answer }));
  const cancel: Item = { title: d.cancel.label, answer: d.cancel.answer, isCloseAffordance: true };
  const showMessage = d.icon === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  const choice = await showMessage<Item>(d.title, { modal: true, detail: d.detail }, ...items, cancel);
  return choice?.answer ?? 'deny';
}

/**
 * The modal (layout and buttons: src/core/guard/confirm.ts). Deny is its cancel button: Escape,
 * the close box and the Deny button deny. Enter chooses "Details…" (or "Show Plan"), never Run
 * Once. Details has "Rule Help": the most severe finding's rule page opens beside the editor and
 * the question comes back. For a critical finding with a production target, Run Once then asks the person to type
 * the target's name.
 */
export const modalPrompter: Prompter = {
  async confirm(req) {
    for (;;) {
      let choice = await show(confirmDialog(req));
      if (choice === 'details') {
        choice = await show(detailsDialog(req));
        if (choice === 'back') continue;
        if (choice === 'rule-help') {
          // the rendered help opens beside; the question comes back, nothing has run
          const ruleId = helpRuleOf(req);
          if (ruleId !== undefined) await showRuleHelp(ruleId);
          continue;
        }
      }
      if (choice === 'always-allow' || choice === 'show-plan') return choice;
      if (choice !== 'run-once') return 'deny';
      if (!req.typeToConfirm) return 'run-once';
      return (await typed(req, req.typeToConfirm)) ? 'run-once' : 'deny';
    }
  },
};

async function typed(req: ConfirmRequest, name: string): Promise<boolean> {
  const value = await vscode.window.showInputBox({
    title: `Blast Radius: confirm "${req.line.length > 80 ? `${req.line.slice(0, 80)}…` : req.line}"`,
    prompt: `This reaches ${name}. Type ${name} to ${req.kind === 'edit' ? 'allow it' : 'run it'} once; Escape denies.`,
    placeHolder: name,
    ignoreFocusOut: true,
    validateInput: (v) => (v === name ? undefined : `Type ${name} exactly to ${req.kind === 'edit' ? 'allow it' : 'run it'}`),
  });
  return value === name;
}
