import * as vscode from 'vscode';
import { type ConfirmAnswer, type ConfirmRequest, confirmDetail, confirmTitle } from '../core/guard/confirm';

export type { ConfirmAnswer, ConfirmRequest } from '../core/guard/confirm';

/**
 * Asks a person whether a held command may run. The real one is a modal; tests inject their
 * own (VS Code refuses modals in its test mode). Any extension can run a command, but only a
 * person can answer a modal: that is what makes a confirmation a person's.
 */
export interface Prompter {
  confirm(req: ConfirmRequest): Promise<ConfirmAnswer>;
}

const DENY = 'Deny';
const RUN_ONCE = 'Run Once';
const ALLOW_ONCE = 'Allow Once';
const ALWAYS = 'Always Allow This Command';

/**
 * The modal: the exact command, the rule, the severity, the target and the safer alternative.
 * Deny is the first (default) button, and closing the dialog denies. For a critical finding with
 * a production target, "Run Once" then asks the person to type the target's name.
 */
export const modalPrompter: Prompter = {
  async confirm(req) {
    const once = req.kind === 'edit' ? ALLOW_ONCE : RUN_ONCE;
    const items = [DENY, once, ...(req.allowAlways ? [ALWAYS] : [])];
    const choice = await vscode.window.showWarningMessage(confirmTitle(req), { modal: true, detail: confirmDetail(req) }, ...items);
    if (choice === ALWAYS) return 'always-allow';
    if (choice !== once) return 'deny';
    if (!req.typeToConfirm) return 'run-once';
    const name = req.typeToConfirm;
    const typed = await vscode.window.showInputBox({
      title: `Blast Radius: confirm "${req.line.length > 80 ? `${req.line.slice(0, 80)}…` : req.line}"`,
      prompt: `This reaches ${name}. Type ${name} to run it once; Escape denies.`,
      placeHolder: name,
      ignoreFocusOut: true,
      validateInput: (v) => (v === name ? undefined : `Type ${name} exactly to run it`),
    });
    return typed === name ? 'run-once' : 'deny';
  },
};
