import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { AuditSink } from '../audit';
import { COMMANDS } from '../ids';
import type { FolderPolicies } from '../policy';
import type { Prompter } from '../prompter';
import type { ReviewApi } from '../review/index';
import type { StatusBar } from '../statusBar';
import { GuardAudit, type GuardAuditEntry } from './audit';
import { LineDecider } from './decision';
import { CommandEngines } from './engines';
import { HeldCommands } from './heldCommands';
import { GuardLifetime, GuardPause } from './lifetime';
import { TerminalObserver } from './terminals';

/** What integration tests use to drive and observe the terminal guard. */
export interface TerminalGuardApi {
  /** Resolves once the guard server listens and terminals get the guard. */
  ready(): Promise<void>;
  /** Replaces the confirmation modal (VS Code refuses modals in its test mode). */
  setPrompter(prompter: Prompter | undefined): void;
  /** This session's audit records of checked command lines, newest last. */
  auditEntries(): readonly GuardAuditEntry[];
  /** Whether a terminal's shell runs the guard (its shell said hello). */
  isGuarded(terminal: vscode.Terminal): Promise<boolean>;
  isPaused(): boolean;
  pause(minutes: number | undefined): void;
  resume(): void;
  /** Held lines in the review's pending queue: `held.hold({ line, cwd, severity, ruleIds, reasons, signal })`. */
  readonly held: HeldCommands;
}

export interface TerminalGuardDeps {
  logger: Logger;
  statusBar: StatusBar;
  /** The extension's audit log. */
  audit: AuditSink;
  policies: FolderPolicies;
  /** The edit review: its pending queue lists held lines; its gate holds deploys of unreviewed edits. */
  review: ReviewApi;
}

const PAUSE_CHOICES: ReadonlyArray<{ label: string; minutes: number | undefined }> = [
  { label: 'For 5 minutes', minutes: 5 },
  { label: 'For 15 minutes', minutes: 15 },
  { label: 'For 1 hour', minutes: 60 },
  { label: 'Until I resume it', minutes: undefined },
];

/**
 * The terminal guard: its lifetime (server, terminal environment, discovery, pause), the decision
 * on each line, the observation of terminals, its commands, and the API tests use.
 */
export function registerTerminalGuard(context: vscode.ExtensionContext, deps: TerminalGuardDeps): { api: TerminalGuardApi; disposables: vscode.Disposable[] } {
  const { logger, policies, review } = deps;
  const audit = new GuardAudit(deps.audit, logger);
  const engines = new CommandEngines(policies, logger, path.join(context.extensionPath, 'dist', 'wasm'));
  const pause = new GuardPause(logger);
  const held = new HeldCommands(review.pending);
  const decider = new LineDecider({ engines, policies, pause, audit, review, held, logger });
  const terminals = new TerminalObserver({ engines, audit, logger });
  const lifetime = new GuardLifetime(context, { logger, statusBar: deps.statusBar, pause, terminals, answers: decider });
  lifetime.ready.catch(() => undefined); // reported by the lifetime itself (log and status bar)
  const disposables: vscode.Disposable[] = [
    lifetime,
    terminals,
    engines,
    pause,
    held,
    // Pausing lets risky commands through: a person picks how long, in the editor.
    vscode.commands.registerCommand(COMMANDS.pauseGuard, async () => {
      const pick = await vscode.window.showQuickPick(
        PAUSE_CHOICES.map((c) => ({ label: c.label, minutes: c.minutes })),
        { title: 'Blast Radius: pause the terminal guard', placeHolder: 'Commands in terminals run without being checked while paused' },
      );
      if (pick) pause.pause(pick.minutes);
    }),
    vscode.commands.registerCommand(COMMANDS.resumeGuard, () => pause.resume()),
  ];
  return {
    disposables,
    api: {
      ready: () => lifetime.ready,
      setPrompter: (p) => decider.setPrompter(p),
      auditEntries: () => audit.entries,
      isGuarded: (t) => terminals.isGuarded(t),
      isPaused: () => pause.isPaused(),
      pause: (m) => pause.pause(m),
      resume: () => pause.resume(),
      held,
    },
  };
}
