import * as vscode from 'vscode';
import type { StatusColor } from '../core/status';
import { SEVERITIES_DESCENDING, type Severity } from '../core/severity';
import { COLORS } from './ids';

/**
 * How a severity looks in the editor: its label, codicon, theme colours, diagnostic level and
 * its place in lists. Every view (decorations, diagnostics, badges, the pending tree, the review
 * quick pick, the status bar, the sign-off list) takes its styling from here; the order of
 * severities comes from src/core/severity.ts.
 */

/** A severity that is drawn in an editor (`none` is drawn as `low`). */
export type DrawnSeverity = Exclude<Severity, 'none'>;

/** The severities decorations are made for, most severe first. */
export const DRAWN_SEVERITIES: readonly DrawnSeverity[] = SEVERITIES_DESCENDING.filter((s): s is DrawnSeverity => s !== 'none');

/** The severity a finding is drawn with. */
export function drawnSeverity(s: Severity): DrawnSeverity {
  return s === 'none' ? 'low' : s;
}

/** `Critical`, `High`, … for group headings and tooltips. */
export function severityLabel(s: Severity): string {
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
}

const CODICONS: Readonly<Record<Severity, string>> = { critical: 'error', high: 'warning', medium: 'warning', low: 'info', none: 'info' };

/** The codicon in label text (`$(error)`, `$(warning)`, `$(info)`). */
export function severityCodicon(s: Severity): string {
  return `$(${CODICONS[s]})`;
}

/** The codicon of "a risky change" where a line stands for several findings (CodeLens, sign-off list). */
export const RISKY_CHANGE_CODICON = '$(warning)';

/** The overview-ruler colour, also the colour of the severity's icon in the pending tree. */
export function rulerColor(s: Severity): vscode.ThemeColor {
  return new vscode.ThemeColor(COLORS[`${drawnSeverity(s)}Ruler`]);
}

/** The whole-line background of a changed line; low findings get none (the ruler mark only). */
export function lineBackground(s: Severity): vscode.ThemeColor | undefined {
  const d = drawnSeverity(s);
  return d === 'low' ? undefined : new vscode.ThemeColor(COLORS[`${d}Background`]);
}

/** The after-line hint's text colour. */
export function hintColor(): vscode.ThemeColor {
  return new vscode.ThemeColor(COLORS.hintForeground);
}

/** The icon of a severity group or item in the pending tree. */
export function severityIcon(s: Severity): vscode.ThemeIcon {
  return new vscode.ThemeIcon(CODICONS[s], rulerColor(s));
}

/** The Problems panel level: high and critical are errors. */
export function diagnosticSeverity(s: Severity): vscode.DiagnosticSeverity {
  if (s === 'critical' || s === 'high') return vscode.DiagnosticSeverity.Error;
  if (s === 'medium') return vscode.DiagnosticSeverity.Warning;
  if (s === 'low') return vscode.DiagnosticSeverity.Information;
  return vscode.DiagnosticSeverity.Hint;
}

/** The Explorer badge colour of a file whose most severe pending change has this severity. */
export function badgeColor(s: Severity): vscode.ThemeColor | undefined {
  if (s === 'critical' || s === 'high') return new vscode.ThemeColor('list.errorForeground');
  if (s === 'medium') return new vscode.ThemeColor('list.warningForeground');
  return undefined;
}

/** The status bar item's background for the core status model's colour. */
export function statusBackground(color: StatusColor): vscode.ThemeColor | undefined {
  if (color === 'error') return new vscode.ThemeColor('statusBarItem.errorBackground');
  if (color === 'warning') return new vscode.ThemeColor('statusBarItem.warningBackground');
  return undefined;
}
