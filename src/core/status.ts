import { type Severity, highestSeverity, severityRank } from './severity';

/**
 * The status bar as a small state machine, editor-free so it can be tested on its own.
 * The extension turns a StatusView into a StatusBarItem.
 */
export type GuardState = 'starting' | 'on' | 'paused' | 'unguarded' | 'error';

export interface StatusInput {
  guard: GuardState;
  /** Actions waiting for a person: held commands and risky edits. */
  pending: ReadonlyArray<{ severity: Severity }>;
  /** When paused: the time (ms since epoch) the pause ends. */
  pausedUntil?: number;
  /** Short reason shown in the tooltip for 'unguarded' and 'error'. */
  detail?: string;
}

export type StatusColor = 'default' | 'warning' | 'error';

export interface StatusView {
  text: string;
  tooltip: string;
  color: StatusColor;
  highest: Severity;
}

const ICON: Record<GuardState, string> = {
  starting: '$(loading~spin)',
  on: '$(shield)',
  paused: '$(debug-pause)',
  unguarded: '$(unverified)',
  error: '$(error)',
};

const STATE_TEXT: Record<GuardState, string> = {
  starting: 'starting',
  on: 'guard on',
  paused: 'guard paused',
  unguarded: 'not guarded',
  error: 'error',
};

export function statusView(input: StatusInput, now: number = Date.now()): StatusView {
  const highest = highestSeverity(input.pending);
  const count = input.pending.length;
  let text = `${ICON[input.guard]} Blast Radius`;
  if (count > 0) text += ` ${count} ${highest}`;
  const lines = [`Blast Radius: ${STATE_TEXT[input.guard]}`];
  if (input.guard === 'paused' && input.pausedUntil !== undefined) {
    const minutes = Math.max(0, Math.ceil((input.pausedUntil - now) / 60000));
    lines.push(`Resumes in ${minutes} min.`);
  }
  if (input.detail) lines.push(input.detail);
  lines.push(count === 0 ? 'Nothing is waiting for review.' : `${count} waiting for review, highest severity ${highest}.`);
  let color: StatusColor = 'default';
  if (input.guard === 'error' || severityRank(highest) >= severityRank('high')) color = 'error';
  else if (input.guard === 'paused' || input.guard === 'unguarded' || count > 0) color = 'warning';
  return { text, tooltip: lines.join('\n'), color, highest };
}
