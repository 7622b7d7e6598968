import * as vscode from 'vscode';
import { topFindings } from '../../core/guard/decide';
import type { HelloRequest } from '../../core/guard/protocol';
import type { Logger } from '../../core/logger';
import { redact } from '../../core/redact';
import { highestSeverity } from '../../core/severity';
import { COMMANDS } from '../ids';
import { folderFor } from '../policy';
import type { GuardAudit } from './audit';
import type { CommandEngines } from './engines';

/** A terminal that has not said hello this long after it opened is shown as unguarded. */
const HELLO_GRACE_MS = 8000;

type TerminalState = 'guarded' | 'unguarded' | 'unknown';

export interface TerminalObserverDeps {
  engines: CommandEngines;
  audit: GuardAudit;
  logger: Logger;
}

/**
 * Terminal observation: which integrated terminals run the guard (their shell said hello), and
 * the fallback for those that do not — the commands VS Code's shell integration reports from
 * them are judged after the fact, recorded, and risky ones are flagged.
 */
export class TerminalObserver implements vscode.Disposable {
  /** Shells that said hello: pid → shell. */
  private readonly guardedPids = new Map<number, string>();
  private readonly terminals = new Map<vscode.Terminal, TerminalState>();
  private readonly graceTimers = new Set<ReturnType<typeof setTimeout>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[];
  /** Fires when a terminal turned out guarded or not, closed, or became the active one. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: TerminalObserverDeps) {
    this.disposables = [
      this.changed,
      vscode.window.onDidOpenTerminal((t) => this.watch(t)),
      vscode.window.onDidCloseTerminal((t) => {
        this.terminals.delete(t);
        this.changed.fire();
      }),
      vscode.window.onDidChangeActiveTerminal(() => this.changed.fire()),
      vscode.window.onDidStartTerminalShellExecution((e) => void this.observe(e)),
    ];
    for (const t of vscode.window.terminals) this.watch(t);
  }

  /** A shell's guard said hello (through the guard server). */
  onHello(h: HelloRequest): void {
    this.guardedPids.set(h.pid, h.shell);
    for (const t of this.terminals.keys()) void this.check(t);
  }

  /** Is this terminal's shell guarded (it said hello)? */
  async isGuarded(t: vscode.Terminal): Promise<boolean> {
    const pid = await t.processId;
    return pid !== undefined && this.guardedPids.has(pid);
  }

  /** The active terminal, when it is known not to run the guard. */
  activeUnguarded(): vscode.Terminal | undefined {
    const active = vscode.window.activeTerminal;
    return active && this.terminals.get(active) === 'unguarded' ? active : undefined;
  }

  private watch(t: vscode.Terminal): void {
    this.terminals.set(t, 'unknown');
    void this.check(t);
    const timer = setTimeout(() => {
      this.graceTimers.delete(timer);
      void this.check(t, true);
    }, HELLO_GRACE_MS);
    this.graceTimers.add(timer);
  }

  private async check(t: vscode.Terminal, graceOver = false): Promise<void> {
    if (!this.terminals.has(t)) return;
    const pid = await t.processId;
    const before = this.terminals.get(t);
    if (pid !== undefined && this.guardedPids.has(pid)) this.terminals.set(t, 'guarded');
    // Only an interactive shell (VS Code's shell integration runs in it) should have said hello;
    // task terminals and extension pseudoterminals never do.
    else if (graceOver && before === 'unknown' && t.shellIntegration) this.terminals.set(t, 'unguarded');
    if (this.terminals.get(t) !== before) this.changed.fire();
  }

  /**
   * The observation fallback: a terminal without the guard (an unsupported shell, a shell that
   * did not load it) still reports the commands it runs through VS Code's shell integration.
   * They are judged after the fact, recorded, and risky ones are flagged.
   */
  private async observe(e: vscode.TerminalShellExecutionStartEvent): Promise<void> {
    try {
      const pid = await e.terminal.processId;
      if (pid !== undefined && this.guardedPids.has(pid)) return;
      const line = e.execution.commandLine.value.trim();
      if (!line) return;
      this.terminals.set(e.terminal, 'unguarded');
      this.changed.fire();
      const cwd = e.execution.cwd?.fsPath ?? e.shellIntegration.cwd?.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
      const folder = folderFor(cwd);
      const { engines } = this.deps;
      const engine = await engines.for(folder, cwd);
      const shell = /zsh/.test(e.terminal.name) ? 'zsh' : /fish/.test(e.terminal.name) ? 'fish' : /pwsh|powershell/i.test(e.terminal.name) ? 'pwsh' : 'bash';
      const verdict = await engines.judge(engine, { line, shell, cwd }, folder);
      const top = topFindings(verdict.findings)[0];
      this.deps.audit.record({
        source: 'observed',
        shell,
        ...(pid !== undefined ? { pid } : {}),
        cwd,
        line,
        decision: 'ran',
        decidedBy: 'unguarded',
        verdict: verdict.decision,
        severity: highestSeverity(verdict.findings),
        ruleIds: [...new Set(verdict.findings.map((f) => f.ruleId))],
        reason: top ? `${top.message} (${top.ruleId}, ${top.severity})` : 'ran in a terminal without the guard',
      });
      if (verdict.decision !== 'allow' && top) {
        const shown = redact(line).slice(0, 80);
        const choice = await vscode.window.showWarningMessage(
          `Blast Radius: an unguarded terminal ran "${shown}" — ${top.message} (${top.severity}). Open a new terminal to have commands checked before they run.`,
          'Show Audit Log',
        );
        if (choice === 'Show Audit Log') await vscode.commands.executeCommand(COMMANDS.showAuditLog);
      }
    } catch (err) {
      this.deps.logger.warn(`could not record a command from an unguarded terminal: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    for (const t of this.graceTimers) clearTimeout(t);
    this.graceTimers.clear();
    for (const d of this.disposables) d.dispose();
  }
}
