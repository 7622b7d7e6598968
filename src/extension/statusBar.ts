import * as vscode from 'vscode';
import { type StatusInput, statusView } from '../core/status';
import { COMMANDS } from './ids';

/** Owns the status bar item; renders the core status model with theme colours. */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private state: StatusInput = { guard: 'starting', pending: [] };

  constructor() {
    this.item = vscode.window.createStatusBarItem('blastRadius.status', vscode.StatusBarAlignment.Left, 100);
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

  update(patch: Partial<StatusInput>): void {
    this.state = { ...this.state, ...patch };
    this.render();
  }

  private render(): void {
    const view = statusView(this.state);
    // with something waiting, a click opens the review; otherwise the status
    this.item.command = this.state.pending.length > 0 ? COMMANDS.reviewPending : COMMANDS.showStatus;
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor =
      view.color === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : view.color === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
