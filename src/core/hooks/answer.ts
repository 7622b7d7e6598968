/**
 * The answer to one agent hook call: what `blast-radius hook <agent>` prints, whether it is
 * judged in the hook's own process or by the hook judge (judge.ts) with the caller's folder and
 * environment. Never throws.
 *
 * Tools we do not judge are answered without loading any engine; the shell parser, the edit
 * rules and the policy loader are loaded only when a request needs them (judgement.ts).
 *
 * Decisions: when the editor is running for the workspace (its discovery file names the guard
 * server), a command is forwarded there: the editor judges it as it judges its terminals and
 * asks the person when needed, and the answer goes back to the agent. A file change is judged
 * here; when the policy wants it confirmed, the person is asked in the editor (EDIT). Otherwise
 * the policy decides here: deny what it denies, "ask" for confirm, no objection for the rest.
 *
 * Every call answers by its deadline (budget.ts): past it, the agent's fail-closed answer. An
 * editor record that /proc cannot prove is the editor's is ignored, said on stderr, and the
 * call is judged here.
 */
import type { EditSummary } from '../guard/protocol';
import { HOOK_BUDGET_ENV, JUDGE_RESERVE_MS, PERSON_WAIT_MS, formatSeconds, holdTimer, hookBudgetMs, type HoldTimer } from './budget';
import { answerFromEditor, answerFromPerson, answerFromPolicy, cannotJudge, subjectOf, type Judgement } from './decide';
import { formatDecision, formatUnreadable } from './format';
import type { EditorLookup } from './editorLink';
import { judgeHookRequest } from './judgement';
import { locate, shownPaths, type HookPlace } from './locate';
import { parseHookPayload } from './parse';
import { unknownRuleNotes } from './policy';
import { isParseError, type AgentId, type HookAnswer, type HookOutput, type NormalizedRequest } from './types';

export type { HookPlace } from './locate';

export interface AnswerOptions {
  /** Forward commands to the editor running for the workspace (default true). */
  editor?: boolean;
  /**
   * When the answer is due (ms since the epoch); default: the budget of `place.env` from now,
   * less what the launcher keeps to print it (budget.ts).
   */
  deadlineMs?: number;
  /** Called once when the editor says a person is being asked: from then on the person's wait applies, not the budget. */
  onHold?: () => void;
}

/** The part of the budget the editor may use before it answers or says it asks a person; the rest is for judging here. */
const EDITOR_SHARE = 0.75;

/** Judges one hook input and returns what to print. Never throws; answers by its deadline. */
export async function answerHook(
  agent: AgentId | 'auto',
  input: string,
  place: HookPlace = { cwd: process.cwd(), env: process.env },
  options: AnswerOptions = {},
): Promise<HookOutput> {
  const req = parseHookPayload(agent, input);
  if (isParseError(req)) return formatUnreadable(req.agent, req.event, req.error);
  if (req.kind === 'other') return formatDecision(req, { decision: 'pass' });
  const budgetMs = hookBudgetMs(place.env);
  const deadline = options.deadlineMs ?? Date.now() + budgetMs - JUDGE_RESERVE_MS;
  const notices: string[] = [];
  let answer: HookAnswer;
  let timer: HoldTimer | undefined;
  try {
    const late = new Promise<undefined>((resolve) => {
      timer = holdTimer(deadline - Date.now(), PERSON_WAIT_MS, () => resolve(undefined));
    });
    const clock: Clock = {
      deadline,
      hold: () => {
        if (!timer?.held) options.onHold?.();
        timer?.hold();
      },
    };
    const decided = await Promise.race([decide(req, place, options.editor ?? true, clock, notices), late]);
    answer = decided ?? notTimely(req, budgetMs);
  } catch (e) {
    const detail = `an internal error occurred (${e instanceof Error ? e.message : String(e)})`;
    answer = answerFromPolicy(req, cannotJudge(detail));
  } finally {
    timer?.clear();
  }
  const out = formatDecision(req, answer);
  if (notices.length) out.stderr = `${out.stderr}${notices.map((n) => `blast-radius: ${n}; judged here instead.\n`).join('')}`;
  // A rule id in a policy where the call happens that names no rule, said where the person sees
  // the hook's messages (the policy is read by then, unless it could not be read within the budget).
  const notes = await Promise.race([unknownRuleNotes(locate(req, place)), new Promise<string[]>((r) => setTimeout(() => r([]), Math.max(0, deadline - Date.now())).unref())]);
  if (notes.length) out.stderr = `${out.stderr}${notes.map((n) => `blast-radius hook: ${n}\n`).join('')}`;
  return out;
}

/** The answer when the call could not be judged within the budget: the agent's fail-closed answer. */
function notTimely(req: NormalizedRequest, budgetMs: number): HookAnswer {
  return answerFromPolicy(req, cannotJudge(`it could not be judged within ${formatSeconds(budgetMs)} (the hook's time budget, ${HOOK_BUDGET_ENV})`));
}

/**
 * What the launcher prints when the process judging a call did not answer within the budget
 * (or could not run at all): the agent's fail-closed answer, in its dialect.
 */
export function answerNotJudged(agent: AgentId | 'auto', input: string, budgetMs: number): HookOutput {
  const req = parseHookPayload(agent, input);
  if (isParseError(req)) return formatUnreadable(req.agent, req.event, req.error);
  if (req.kind === 'other') return formatDecision(req, { decision: 'pass' });
  return formatDecision(req, notTimely(req, budgetMs));
}

/** The deadline of one call, and how to say that a person is being asked. */
interface Clock {
  deadline: number;
  hold(): void;
}

/** The editor's wait: its share of what is left of the budget for a first word, then the person's. */
function editorWait(clock: Clock): { firstMs: number; afterHoldMs: number; onHold: () => void } {
  return { firstMs: Math.max(0, (clock.deadline - Date.now()) * EDITOR_SHARE), afterHoldMs: PERSON_WAIT_MS, onHold: () => clock.hold() };
}

/** The answer to a readable request: from the editor, the person there, or the policy. */
async function decide(req: NormalizedRequest, place: HookPlace, useEditor: boolean, clock: Clock, notices: string[]): Promise<HookAnswer> {
  const where = locate(req, place);
  const session = req.session !== undefined ? { session: req.session } : {};
  const editor = async (): Promise<EditorLookup> => {
    const { findEditor } = await import('./editorLink.js');
    const found = findEditor(where.cwd, place.env) ?? findEditor(where.root, place.env);
    if (found?.refused !== undefined) notices.push(found.refused);
    return found;
  };
  if (req.kind === 'command' && useEditor) {
    // With the editor running, it decides (and asks the person) exactly as for its terminals.
    const found = await editor();
    if (found?.server) {
      const { checkWithEditor } = await import('./editorLink.js');
      const check = { agent: req.agent, ...session, command: req.command, cwd: where.cwd, shell: req.shell ?? 'bash' } as const;
      const answer = await checkWithEditor(found.server, check, editorWait(clock));
      if (answer) return answerFromEditor(req, answer);
    }
  }
  const judged = await judgeHookRequest(req, where, place.env);
  const shown = shownPaths(req, where);
  if (useEditor && judged.decision === 'confirm' && req.kind !== 'command' && req.kind !== 'unreadable') {
    // A file change the policy wants confirmed: the person answers in the editor when it runs.
    const found = await editor();
    if (found?.server) {
      const { reviewWithEditor } = await import('./editorLink.js');
      const answer = await reviewWithEditor(found.server, { agent: req.agent, ...session, cwd: where.cwd, summary: editSummary(shown, judged) }, editorWait(clock));
      if (answer?.asked) return answerFromPerson(shown, answer.verdict === 'allow', answer.verdict === 'deny' ? answer.reason : undefined);
    }
  }
  if (notices.length && judged.decision !== 'allow') judged.notes = [...(judged.notes ?? []), ...notices.map((n) => `Note: ${n}`)];
  return answerFromPolicy(shown, judged);
}

/** What the editor shows a person about a file change: the files and the findings. */
export function editSummary(req: NormalizedRequest, j: Judgement): EditSummary {
  const paths = req.kind === 'files' ? req.changes.map((c) => c.path) : 'path' in req ? [req.path] : [];
  const summary: EditSummary = {
    subject: subjectOf(req),
    severity: j.severity,
    paths,
    findings: j.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      ...(f.suggestion ? { suggestion: f.suggestion } : {}),
      ...(f.path ? { path: f.path } : {}),
      ...(f.line !== undefined ? { line: f.line } : {}),
    })),
  };
  if (j.notes?.length) summary.notes = j.notes;
  return summary;
}
