import * as vscode from 'vscode';
import { type StatusInput, statusView } from '../core/status';
import { COMMANDS, STATUS_BAR_ITEM } from './ids';
import { statusBackground } from './severityStyle';

/** Commands the tooltip may run from its links; nothing else in it is trusted. */
const TOOLTIP_COMMANDS: readonly string[] = [COMMANDS.reviewPending, COMMANDS.pauseGuard, COMMANDS.resumeGuard, COMMANDS.showLog];

/**
 * The tooltip: core's plain text, then links to review, pause (the command asks for how many
 * minutes) or resume, and the log. Trusted for exactly those command ids.
 */
export function statusTooltip(text: string, state: Readonly<StatusInput>): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.isTrusted = { enabledCommands: [...TOOLTIP_COMMANDS] };
  md.appendText(text);
  const links = [
    `[Review](command:${COMMANDS.reviewPending} "Blast Radius: Review Pending Changes")`,
    state.guard === 'paused'
      ? `[Resume Guard](command:${COMMANDS.resumeGuard} "Blast Radius: Resume Guard")`
      : `[Pause for…](command:${COMMANDS.pauseGuard} "Blast Radius: Pause Guard for 5, 15 or 60 minutes")`,
    `[Show Log](command:${COMMANDS.showLog} "Blast Radius: Show Log")`,
  ];
  md.appendMarkdown(`\n\n${links.join(' · ')}`);
  return md;
}

/**
 * Owns the status bar item; renders the core status model with theme colours, and a plain
 * sentence for screen readers (`accessibilityInformation`). While the guard is paused with an
 * end, it renders again as each minute passes, so the time left is right in the text, the
 * tooltip and the sentence.
 */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private state: StatusInput = { guard: 'starting', pending: [] };
  private tick: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_ITEM, vscode.StatusBarAlignment.Left, 100);
    this.item.name = 'Blast Radius';
    this.item.command = COMMANDS.showStatus;
    this.render();
    this.item.show();
  }

  get current(): Readonly<StatusInput> {
    return this.state;
  }

  /** The text currently shown (for tests and the status command). */
  get text(): string {
    return this.item.text;
  }

  /** What a screen reader says about the item (for tests). */
  get accessibilityLabel(): string {
    return this.item.accessibilityInformation?.label ?? '';
  }

  update(patch: Partial<StatusInput>): void {
    this.state = { ...this.state, ...patch };
    this.render();
  }

  private render(): void {
    const now = Date.now();
    const view = statusView(this.state, now);
    // with something waiting, a click opens the review; otherwise the status
    this.item.command = this.state.pending.length > 0 ? COMMANDS.reviewPending : COMMANDS.showStatus;
    this.item.text = view.text;
    this.item.tooltip = statusTooltip(view.tooltip, this.state);
    this.item.accessibilityInformation = { label: view.accessibility, role: 'button' };
    this.item.backgroundColor = statusBackground(view.color);
    if (this.tick !== undefined) clearTimeout(this.tick);
    this.tick = undefined;
    const until = this.state.pausedUntil;
    if (view.pausedMinutes !== undefined && until !== undefined && view.pausedMinutes > 0) {
      // the next moment the minutes left change (they are rounded up)
      const left = until - now;
      this.tick = setTimeout(() => this.render(), (left % 60000 || 60000) + 50);
    }
  }

  dispose(): void {
    if (this.tick !== undefined) clearTimeout(this.tick);
    this.item.dispose();
  }
}
