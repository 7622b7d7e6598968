/**
 * The time budget of one hook call. An agent waits for its hook only so long, and two of them
 * (Copilot CLI, Codex) let the tool call run when the hook does not answer in time, so every call
 * answers within a budget well below any agent's timeout: by default 2 s, set in seconds with
 * `BLAST_RADIUS_HOOK_BUDGET` in the agent's environment (0.5 to 20). Past it, the answer is the
 * agent's fail-closed one ("ask", or "deny" where the agent cannot ask), never silence.
 *
 * The budget covers everything the hook does by itself: reading the policy and the files, the
 * engines, the hook judge, and the editor until it says a person is being asked (a HOLD). From
 * a HOLD on, the wait is the person's, bounded by the editor's own confirmation timeout, which
 * is below the hook timeout `blast-radius init` configures (HOOK_TIMEOUT_SECONDS).
 *
 * Why an environment variable and not a policy key: the budget must be known before any policy
 * file is read (reading it is part of the budget), and a workspace file must not be able to
 * lengthen it. Kept free of anything heavy: the hook's launcher reads it on every call.
 */
import { HOOK_TIMEOUT_SECONDS } from './types';

export const HOOK_BUDGET_ENV = 'BLAST_RADIUS_HOOK_BUDGET';
export const DEFAULT_HOOK_BUDGET_MS = 2000;
const MIN_BUDGET_MS = 500;
const MAX_BUDGET_MS = 20_000;

/**
 * Held back from the budget by the launcher: the time to print the fail-closed answer once it
 * gives up on the judge (or the process that judges the call).
 */
export const LAUNCHER_RESERVE_MS = 150;
/** Held back by the judging process: it answers this long before the launcher would give up on it. */
export const JUDGE_RESERVE_MS = 150;

/** How long after a HOLD the hook waits for the person's answer: a little less than the agent waits for the hook. */
export const PERSON_WAIT_MS = (HOOK_TIMEOUT_SECONDS - 10) * 1000;

/** The budget for this environment, in milliseconds. */
export function hookBudgetMs(env: Readonly<Record<string, string | undefined>>): number {
  const raw = (env[HOOK_BUDGET_ENV] ?? '').trim();
  const seconds = raw === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(seconds)) return DEFAULT_HOOK_BUDGET_MS;
  return Math.min(MAX_BUDGET_MS, Math.max(MIN_BUDGET_MS, Math.round(seconds * 1000)));
}

/** "2 s", "1.5 s": the budget as a person reads it. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/**
 * A deadline that a HOLD moves: `onTimeout` runs `firstMs` from now unless `hold()` is called
 * first; after a hold, it runs `afterHoldMs` from the hold (a person is answering). `clear()`
 * stops it. Every wait of the hook (the launcher on its judge, the hook on the editor, the
 * judgement itself) uses one.
 */
export interface HoldTimer {
  hold(): void;
  clear(): void;
  readonly held: boolean;
}

export function holdTimer(firstMs: number, afterHoldMs: number, onTimeout: () => void): HoldTimer {
  let held = false;
  let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(onTimeout, Math.max(0, firstMs));
  return {
    hold() {
      if (held) return;
      held = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(onTimeout, Math.max(0, afterHoldMs));
    },
    clear() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
    get held() {
      return held;
    },
  };
}
