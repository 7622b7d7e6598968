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
 */
import type { EditSummary } from '../guard/protocol';
import { answerFromEditor, answerFromPerson, answerFromPolicy, cannotJudge, subjectOf, type Judgement } from './decide';
import { formatDecision, formatUnreadable } from './format';
import { judgeHookRequest } from './judgement';
import { locate, shownPaths, type HookPlace } from './locate';
import { parseHookPayload } from './parse';
import { unknownRuleNotes } from './policy';
import { HOOK_TIMEOUT_SECONDS, isParseError, type AgentId, type HookAnswer, type HookOutput, type NormalizedRequest } from './types';

export type { HookPlace } from './locate';

export interface AnswerOptions {
  /** Forward commands to the editor running for the workspace (default true). */
  editor?: boolean;
}

/** How long to wait for the person in the editor: a little less than the agent waits for the hook. */
const EDITOR_TIMEOUT_MS = (HOOK_TIMEOUT_SECONDS - 10) * 1000;

/** Judges one hook input and returns what to print. Never throws. */
export async function answerHook(
  agent: AgentId | 'auto',
  input: string,
  place: HookPlace = { cwd: process.cwd(), env: process.env },
  options: AnswerOptions = {},
): Promise<HookOutput> {
  const req = parseHookPayload(agent, input);
  if (isParseError(req)) return formatUnreadable(req.agent, req.event, req.error);
  if (req.kind === 'other') return formatDecision(req, { decision: 'pass' });
  let answer: HookAnswer;
  try {
    answer = await decide(req, place, options.editor ?? true);
  } catch (e) {
    const detail = `an internal error occurred (${e instanceof Error ? e.message : String(e)})`;
    answer = answerFromPolicy(req, cannotJudge(detail));
  }
  const out = formatDecision(req, answer);
  // A rule id in a policy where the call happens that names no rule, said where the person sees the hook's messages.
  const notes = await unknownRuleNotes(locate(req, place));
  if (notes.length) out.stderr = `${out.stderr}${notes.map((n) => `blast-radius hook: ${n}\n`).join('')}`;
  return out;
}

/** The answer to a readable request: from the editor, the person there, or the policy. */
async function decide(req: NormalizedRequest, place: HookPlace, useEditor: boolean): Promise<HookAnswer> {
  const where = locate(req, place);
  if (req.kind === 'command' && useEditor) {
    // With the editor running, it decides (and asks the person) exactly as for its terminals.
    const { findEditor, checkWithEditor } = await import('./editorLink.js');
    const server = findEditor(where.cwd, place.env) ?? findEditor(where.root, place.env);
    if (server) {
      const check = { agent: req.agent, command: req.command, cwd: where.cwd, shell: req.shell ?? 'bash' } as const;
      const answer = await checkWithEditor(server, check, EDITOR_TIMEOUT_MS);
      if (answer) return answerFromEditor(req, answer);
    }
  }
  const judged = await judgeHookRequest(req, where, place.env);
  const shown = shownPaths(req, where);
  if (useEditor && judged.decision === 'confirm' && req.kind !== 'command' && req.kind !== 'unreadable') {
    // A file change the policy wants confirmed: the person answers in the editor when it runs.
    const { findEditor, reviewWithEditor } = await import('./editorLink.js');
    const server = findEditor(where.cwd, place.env) ?? findEditor(where.root, place.env);
    if (server) {
      const answer = await reviewWithEditor(server, { agent: req.agent, cwd: where.cwd, summary: editSummary(shown, judged) }, EDITOR_TIMEOUT_MS);
      if (answer?.asked) return answerFromPerson(shown, answer.verdict === 'allow', answer.verdict === 'deny' ? answer.reason : undefined);
    }
  }
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
