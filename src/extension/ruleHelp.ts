import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type CommandAnalyzer, createCommandAnalyzer } from '../core/command/analyze';
import { PACKS } from '../core/command/packs/index';
import type { CommandContext } from '../core/command/rule';
import { EDIT_RULES } from '../core/edit/rules/index';
import type { Logger } from '../core/logger';
import { type CommandJudge, ruleHelp, ruleHelpMarkdown } from '../core/rules/help';
import { COMMANDS } from './ids';

/**
 * Rule help, rendered: each rule's page (core/rules/help.ts) is a read-only markdown document
 * under the `blast-radius-rule:` scheme, shown in VS Code's markdown preview. It is reachable
 * from hovers and CodeLens ("About this rule"), from Problems (a diagnostic's code links here),
 * from the palette ("Show Rule Help…" lists every rule), and from anywhere else in the extension
 * through `showRuleHelp` or the command `COMMANDS.showRule` with a rule id.
 *
 * The command engine's words about a rule's examples come from an analyzer of the default policy
 * (so a rule the person switched off still has its page), created on the first page that needs it.
 */
export const RULE_SCHEME = 'blast-radius-rule';

/** The virtual document of a rule's page. */
export function ruleDocUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RULE_SCHEME, path: `/${ruleId}.md` });
}

/** The rule id a page's Uri names. */
export function ruleIdOf(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').replace(/\.md$/, '');
}

/** A command Uri that opens a rule's help (diagnostic codes, trusted markdown links). */
export function ruleHelpUri(ruleId: string): vscode.Uri {
  return vscode.Uri.parse(`command:${COMMANDS.showRule}?${encodeURIComponent(JSON.stringify([ruleId]))}`);
}

/** Opens a rule's help in the markdown preview, beside the active editor. */
export async function showRuleHelp(ruleId: string): Promise<void> {
  await vscode.commands.executeCommand('markdown.showPreviewToSide', ruleDocUri(ruleId));
}

interface RulePick extends vscode.QuickPickItem {
  id: string;
}

/** Every rule of both engines, for the palette's picker. */
function rulePicks(): RulePick[] {
  const command = PACKS.flatMap((p) => p.rules).map((r) => ({ id: r.id, label: r.id, description: `${r.severity ?? ''} · terminal commands`, detail: r.description }));
  const edit = EDIT_RULES.map((r) => ({ id: r.id, label: r.id, description: `${r.severity} · file changes`, detail: r.description }));
  return [...command, ...edit].sort((a, b) => a.id.localeCompare(b.id));
}

export class RuleHelpDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private analyzer: Promise<CommandAnalyzer | undefined> | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly wasmDir: string,
    private readonly logger: Logger,
  ) {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, this),
      vscode.commands.registerCommand(COMMANDS.showRule, async (ruleId?: unknown) => {
        let id = typeof ruleId === 'string' && ruleId.length > 0 ? ruleId : undefined;
        if (id === undefined) {
          const pick = await vscode.window.showQuickPick(rulePicks(), {
            title: 'Blast Radius: rule help',
            placeHolder: 'Type a rule id or words of what it catches',
            matchOnDescription: true,
            matchOnDetail: true,
          });
          id = pick?.id;
        }
        if (id !== undefined) await showRuleHelp(id);
      }),
    ];
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = ruleIdOf(uri);
    return ruleHelpMarkdown(ruleHelp(id, await this.judge()));
  }

  /** The command analyzer's findings on an example line; undefined when the engine cannot start. */
  private async judge(): Promise<CommandJudge | undefined> {
    this.analyzer ??= createCommandAnalyzer({ logger: this.logger, wasmDir: this.wasmDir }).catch((e: unknown) => {
      this.logger.warn(`rule help shows examples without the engine's words: ${e instanceof Error ? e.message : String(e)}`);
      this.analyzer = undefined;
      return undefined;
    });
    const analyzer = await this.analyzer;
    if (!analyzer) return undefined;
    const home = os.homedir();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? home;
    const base: CommandContext = { shell: 'bash', cwd: root, workspaceRoot: root, home, env: { HOME: home } };
    return (line, ctx) => analyzer.analyze(line, ctx ? { ...base, ...ctx } : base).findings;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Rule help for the extension (its documents and the Show Rule Help command). */
export function registerRuleHelp(context: vscode.ExtensionContext, logger: Logger): vscode.Disposable[] {
  return [new RuleHelpDocuments(path.join(context.extensionPath, 'dist', 'wasm'), logger)];
}
