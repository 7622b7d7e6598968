import * as vscode from 'vscode';
import { type CommandAnalyzer, createCommandAnalyzer } from '../../core/command/analyze';
import type { CommandContext, CommandVerdict } from '../../core/command/rule';
import { warmUp } from '../../core/command/warmUp';
import { commandContext } from '../../core/hooks/commandEngine';
import type { Logger } from '../../core/logger';
import { type JudgeOptions, type MeasuredJudgement, judgeMeasured } from '../../core/probe/index';
import type { ResolvedPolicy } from '../../core/policy/types';
import type { FolderPolicies } from '../policy';

/** The command engine of one workspace folder: the analyzer built for the folder's policy. */
export interface Engine {
  /** Undefined when the engine could not start (then every line is confirmed). */
  analyzer: CommandAnalyzer | undefined;
  policy: ResolvedPolicy;
  error?: string;
}

/** A command line to judge, as a shell or VS Code's shell integration reported it. */
export interface LineToJudge {
  line: string;
  shell: string;
  cwd: string;
  /** The shell sent only the start of a longer line. */
  truncated?: boolean;
}

/**
 * The terminal guard's command engines, one per workspace folder, each built for the folder's
 * policy and built again after the policy changed. Judging a line never throws: a line that is
 * too long or an engine that could not start is a `confirm` with its reason.
 */
export class CommandEngines implements vscode.Disposable {
  /** Engines by the policy they were built for: a changed policy is a new object, and a new engine. */
  private engines = new WeakMap<ResolvedPolicy, Promise<Engine>>();
  private readonly subscription: vscode.Disposable;
  private readonly warmUpStop = new AbortController();

  constructor(
    private readonly policies: FolderPolicies,
    private readonly logger: Logger,
    /** The tree-sitter grammars of the installed extension. */
    private readonly wasmDir: string,
  ) {
    this.subscription = policies.onDidChange(() => {
      this.engines = new WeakMap();
    });
  }

  /** The engine for a folder, under the policy that applies in `dir` (the policy files down to it). */
  async for(folder: vscode.WorkspaceFolder | undefined, dir?: string): Promise<Engine> {
    const policy = await this.policies.forFolder(folder, dir);
    let p = this.engines.get(policy);
    if (!p) {
      p = (async (): Promise<Engine> => {
        try {
          const analyzer = await createCommandAnalyzer({ policy, logger: this.logger, wasmDir: this.wasmDir });
          // After the first line, the rest of the engine warms up in idle time (never throws).
          void warmUp(analyzer, this.warmUpStop.signal);
          return { analyzer, policy };
        } catch (e) {
          const error = e instanceof Error ? e.message : String(e);
          this.logger.error(`the command engine could not start: ${error}`);
          this.engines.delete(policy); // try again next time
          return { analyzer: undefined, policy, error };
        }
      })();
      this.engines.set(policy, p);
    }
    return p;
  }

  /** The engine's verdict on a line (the grammars of interpreter code in it load first). */
  async judge(engine: Engine, req: LineToJudge, folder: vscode.WorkspaceFolder | undefined): Promise<CommandVerdict> {
    const whole: [number, number] = [0, req.line.length];
    if (req.truncated) {
      return {
        decision: 'confirm',
        severity: 'high',
        findings: [{ ruleId: 'guard.line-too-long', severity: 'high', message: 'The line is longer than the guard reads, so it cannot be judged', span: whole }],
      };
    }
    if (!engine.analyzer) {
      return {
        decision: 'confirm',
        severity: 'high',
        findings: [{ ruleId: 'guard.engine-unavailable', severity: 'high', message: 'The command engine could not start, so this line cannot be judged (see Blast Radius: Show Log)', span: whole }],
      };
    }
    return engine.analyzer.analyzeAsync(req.line, this.context(req, folder));
  }

  /**
   * The verdict on a line with what the local probes measured (git, files): only lines with a
   * command a probe knows are measured; the rest cost what `judge` costs. The slow probes
   * (terraform, kubectl) are the caller's to run for a line it holds (`measureHeld`).
   */
  async judgeMeasured(engine: Engine, req: LineToJudge, folder: vscode.WorkspaceFolder | undefined, opts: JudgeOptions): Promise<MeasuredJudgement> {
    if (req.truncated || !engine.analyzer) {
      const verdict = await this.judge(engine, req, folder);
      return { verdict, staticVerdict: verdict };
    }
    return judgeMeasured(engine.analyzer, req.line, this.context(req, folder), { ...opts, slow: false });
  }

  /** What the rules and the probes know about where a line runs. */
  context(req: LineToJudge, folder: vscode.WorkspaceFolder | undefined): CommandContext {
    return contextFor(req.shell, req.cwd, folder);
  }

  dispose(): void {
    this.warmUpStop.abort();
    this.subscription.dispose();
    this.engines = new WeakMap();
  }
}

function contextFor(shell: string, cwd: string, folder: vscode.WorkspaceFolder | undefined): CommandContext {
  const kind = shell === 'zsh' || shell === 'fish' || shell === 'pwsh' ? shell : 'bash';
  return commandContext(cwd, folder?.uri.fsPath ?? cwd, kind);
}
