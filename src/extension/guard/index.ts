import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { AuditSink } from '../audit';
import { GuardAudit, type GuardAuditEntry } from './audit';
import { COMMANDS } from '../ids';
import type { FolderPolicies } from '../policy';
import type { Prompter } from '../prompter';
import type { ReviewApi } from '../review/index';
import type { StatusBar } from '../statusBar';
import { TerminalGuard } from './owner';

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
}

const PAUSE_CHOICES: ReadonlyArray<{ label: string; minutes: number | undefined }> = [
  { label: 'For 5 minutes', minutes: 5 },
  { label: 'For 15 minutes', minutes: 15 },
  { label: 'For 1 hour', minutes: 60 },
  { label: 'Until I resume it', minutes: undefined },
];

/** The terminal guard: its owner, its commands, and the API tests use. */
export function registerTerminalGuard(
  context: vscode.ExtensionContext,
  deps: { logger: Logger; statusBar: StatusBar; audit: AuditSink; policies: FolderPolicies; review?: ReviewApi },
): { api: TerminalGuardApi; disposables: vscode.Disposable[] } {
  const audit = new GuardAudit(deps.audit);
  const guard = new TerminalGuard(context, { ...deps, audit });
  guard.ready.catch(() => undefined); // reported by the guard itself (log and status bar)
  const disposables: vscode.Disposable[] = [
    guard,
    // Pausing lets risky commands through: a person picks how long, in the editor.
    vscode.commands.registerCommand(COMMANDS.pauseGuard, async () => {
      const pick = await vscode.window.showQuickPick(
        PAUSE_CHOICES.map((c) => ({ label: c.label, minutes: c.minutes })),
        { title: 'Blast Radius: pause the terminal guard', placeHolder: 'Commands in terminals run without being checked while paused' },
      );
      if (pick) guard.pause(pick.minutes);
    }),
    vscode.commands.registerCommand(COMMANDS.resumeGuard, () => guard.resume()),
  ];
  return {
    disposables,
    api: {
      ready: () => guard.ready,
      setPrompter: (p) => guard.setPrompter(p),
      auditEntries: () => audit.entries,
      isGuarded: (t) => guard.isGuarded(t),
      isPaused: () => guard.isPaused(),
      pause: (m) => guard.pause(m),
      resume: () => guard.resume(),
    },
  };
}
