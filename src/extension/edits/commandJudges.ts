/**
 * The command engine the edit review judges scripts with: one analyzer per policy (created on the
 * first file that runs commands, with every grammar of interpreter code loaded, so the edit
 * engine can call it synchronously), and a judge bound to where the file's commands would run.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type CommandAnalyzer, createCommandAnalyzer } from '../../core/command/analyze';
import { commandJudge } from '../../core/command/editJudge';
import { GRAMMARS } from '../../core/code/grammars';
import type { CommandJudge } from '../../core/edit/types';
import type { Logger } from '../../core/logger';
import type { ResolvedPolicy } from '../../core/policy/types';

export class CommandJudges {
  private readonly analyzers = new WeakMap<ResolvedPolicy, Promise<CommandAnalyzer | undefined>>();

  constructor(
    private readonly logger: Logger,
    private readonly wasmDir: string,
  ) {}

  /** A judge for the file at `fsPath` under `policy`; `'unavailable'` when the engine cannot start. */
  async for(policy: ResolvedPolicy, fsPath: string): Promise<CommandJudge | 'unavailable'> {
    let a = this.analyzers.get(policy);
    if (!a) {
      a = (async (): Promise<CommandAnalyzer | undefined> => {
        try {
          const analyzer = await createCommandAnalyzer({ policy, logger: this.logger, wasmDir: this.wasmDir });
          await analyzer.loadGrammars(GRAMMARS);
          return analyzer;
        } catch (e) {
          this.logger.error(`the command engine could not start for the edit review: ${e instanceof Error ? e.message : String(e)}`);
          return undefined;
        }
      })();
      this.analyzers.set(policy, a);
    }
    const analyzer = await a;
    if (!analyzer) {
      this.analyzers.delete(policy); // try again next time
      return 'unavailable';
    }
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(fsPath))?.uri.fsPath ?? path.dirname(fsPath);
    const home = os.homedir();
    return commandJudge(analyzer, { cwd: folder, workspaceRoot: folder, home, env: process.env });
  }
}
