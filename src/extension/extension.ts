import * as vscode from 'vscode';
import { createAuditLog } from './audit';
import { AuditTree, type AuditViewApi } from './auditView';
import { registerCommands } from './commands';
import { type AgentHooksApi, registerSetUpAgentHooks } from './hooks/setUpAgentHooks';
import { type SignoffApi, registerSignoffReview } from './signoff/index';
import { type TerminalGuardApi, registerTerminalGuard } from './guard/index';
import { channelLogger } from './log';
import { FolderPolicies, manifestDefaults } from './policy';
import { registerPolicyFeedback } from './policyFeedback';
import { type ReviewApi, registerEditReview } from './review/index';
import { type SandboxTerminalApi, registerSandboxedTerminal } from './sandboxTerminal';
import { registerRuleHelp } from './ruleHelp';
import { StatusBar } from './statusBar';
import { registerWalkthrough } from './walkthrough';

/** What activate() returns; integration tests use it to observe and drive the extension. */
export interface BlastRadiusApi {
  readonly statusText: () => string;
  /** What a screen reader says about the status bar item. */
  readonly statusAccessibility: () => string;
  /** The edit review and the shared pending queue. */
  readonly review: ReviewApi;
  /** Sign-off review (tests set its prompter). */
  readonly signoff: SignoffApi;
  /** Set Up Agent Hooks (tests set its prompter). */
  readonly agentHooks: AgentHooksApi;
  /** The terminal guard (tests set its prompter and read its audit records). */
  readonly guard: TerminalGuardApi;
  /** The sandboxed terminal profile (tests open its terminal). */
  readonly sandboxTerminal: SandboxTerminalApi;
  /** The Audit Log view (tests answer its filter and export dialogs). */
  readonly audit: AuditViewApi;
}

/**
 * Activation reads as a table of contents: each line creates one owned part and hands its
 * disposables to the extension context. Heavy parts (the shell parser) load lazily on first use.
 */
export function activate(context: vscode.ExtensionContext): BlastRadiusApi {
  const log = vscode.window.createOutputChannel('Blast Radius', { log: true });
  context.subscriptions.push(log);
  try {
    const logger = channelLogger(log);
    const statusBar = new StatusBar();
    context.subscriptions.push(statusBar);
    context.subscriptions.push(...registerCommands({ log, statusBar }));
    const agentHooks = registerSetUpAgentHooks({ extensionPath: context.extensionPath, log });
    context.subscriptions.push(...agentHooks.disposables);
    const audit = createAuditLog(context, logger);
    const auditView = new AuditTree(audit, logger);
    context.subscriptions.push(audit, auditView);
    const defaults = manifestDefaults(context.extension.packageJSON);
    const policies = new FolderPolicies(logger, defaults);
    context.subscriptions.push(policies);
    context.subscriptions.push(...registerRuleHelp(context, logger));
    const review = registerEditReview(context, { statusBar, logger, audit, policies });
    const signoff = registerSignoffReview({ extensionPath: context.extensionPath, logger, editor: review.signoffEditor });
    context.subscriptions.push(...signoff.disposables);
    const guard = registerTerminalGuard(context, { logger, statusBar, audit, policies, review });
    context.subscriptions.push(...guard.disposables);
    context.subscriptions.push(...registerPolicyFeedback({ logger, defaults }));
    context.subscriptions.push(...registerWalkthrough(context, { logger, review }));
    const sandboxTerminal = registerSandboxedTerminal({ extensionPath: context.extensionPath, logger });
    context.subscriptions.push(...sandboxTerminal.disposables);
    logger.info(`Blast Radius ${String(context.extension.packageJSON.version)} active`);
    return { statusText: () => statusBar.text, statusAccessibility: () => statusBar.accessibilityLabel, review, signoff: signoff.api, agentHooks: agentHooks.api, guard: guard.api, audit: auditView.api, sandboxTerminal: sandboxTerminal.api };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error(`Activation failed: ${message}`);
    void vscode.window.showErrorMessage(`Blast Radius could not start: ${message}. See "Blast Radius: Show Log".`);
    throw e;
  }
}

export function deactivate(): void {
  // every part is owned by context.subscriptions and disposed there
}
