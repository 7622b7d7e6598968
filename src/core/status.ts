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
  /** What a screen reader says: plain words, no icons, no markup, no links. */
  accessibility: string;
  color: StatusColor;
  highest: Severity;
  /** When paused with an end: the whole minutes left (rounded up); the text changes when this does. */
  pausedMinutes?: number;
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

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function statusView(input: StatusInput, now: number = Date.now()): StatusView {
  const highest = highestSeverity(input.pending);
  const count = input.pending.length;
  const paused = input.guard === 'paused';
  const minutes = paused && input.pausedUntil !== undefined ? Math.max(0, Math.ceil((input.pausedUntil - now) / 60000)) : undefined;
  let text = `${ICON[input.guard]} Blast Radius`;
  if (paused) text += minutes !== undefined ? ` paused ${minutes} min` : ' paused';
  if (count > 0) text += ` ${count} ${highest}`;
  const lines = [`Blast Radius: ${STATE_TEXT[input.guard]}`];
  if (minutes !== undefined) lines.push(`Resumes in ${minutes} min.`);
  else if (paused) lines.push('Paused until you resume it.');
  if (input.detail) lines.push(input.detail);
  lines.push(count === 0 ? 'Nothing is waiting for review.' : `${count} waiting for review, highest severity ${highest}.`);
  const spoken = [`Blast Radius: ${STATE_TEXT[input.guard]}`];
  if (minutes !== undefined) spoken.push(`resumes in ${plural(minutes, 'minute')}`);
  else if (paused) spoken.push('until you resume it');
  if (input.detail) spoken.push(input.detail.replace(/[.\s]+$/, ''));
  spoken.push(count === 0 ? 'nothing waiting for review' : `${plural(count, 'item')} waiting for review, highest severity ${highest}`);
  let color: StatusColor = 'default';
  if (input.guard === 'error' || severityRank(highest) >= severityRank('high')) color = 'error';
  else if (paused || input.guard === 'unguarded' || count > 0) color = 'warning';
  return { text, tooltip: lines.join('\n'), accessibility: spoken.join(', '), color, highest, ...(minutes !== undefined ? { pausedMinutes: minutes } : {}) };
}
