/**
 * Turns a verdict (from the command engine, the edit engine, or a person in the editor) into a
 * hook answer with a reason written for the model: what was judged, why, and what to do instead.
 */
import { bySeverityDescending, type Decision, type Severity } from '../severity';
import type { HookAnswer, NormalizedRequest } from './types';

/** One finding, from either engine, in the shape the reason needs. */
export interface JudgedFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  suggestion?: string;
  target?: string;
  /** For edits: the file and 1-based line the finding points at. */
  path?: string;
  line?: number;
  /** For commands: what a probe measured about it, with numbers ("Discards uncommitted changes in 3 files …"). */
  measured?: string;
}

/** What the engines (or the hook itself) concluded about one request. */
export interface Judgement {
  decision: Decision;
  severity: Severity;
  findings: JudgedFinding[];
  /** Extra words on why (policy matches, "could not judge because …"). */
  notes?: string[];
}

const MAX_LISTED = 3;

function clip(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** A short name for what the agent wants to do, for the start of a reason. */
export function subjectOf(req: NormalizedRequest): string {
  switch (req.kind) {
    case 'command':
      return `\`${clip(req.command, 120)}\``;
    case 'write':
      return `writing \`${req.path}\``;
    case 'edit':
    case 'fragment':
      return `this edit to \`${req.path}\``;
    case 'notebook':
      return `this edit to the notebook \`${req.path}\``;
    case 'files':
      return req.changes.length === 1 ? `this change to \`${req.changes[0]!.path}\`` : `this change to ${req.changes.length} files`;
    case 'unreadable':
    case 'other':
      return `this ${req.tool} call`;
  }
}

function describeFinding(f: JudgedFinding, multiFile: boolean): string {
  const where = f.line !== undefined ? `${multiFile && f.path ? `${f.path}:` : 'line '}${f.line}: ` : '';
  const target = f.target ? `, ${f.target}` : '';
  const safer = f.suggestion ? ` Safer: ${f.suggestion.replace(/\.$/, '')}.` : '';
  const measured = f.measured ? ` ${/^Not measured/.test(f.measured) ? '' : 'Measured: '}${f.measured.replace(/\.$/, '')}.` : '';
  return `${where}${f.message.replace(/\.$/, '')} (rule ${f.ruleId}, ${f.severity}${target}).${measured}${safer}`;
}

/** The reason text for a judgement, for the decision the agent will see. */
export function reasonFor(req: NormalizedRequest, j: Judgement, decision: 'ask' | 'deny'): string {
  const subject = subjectOf(req);
  const findings = [...j.findings].sort(bySeverityDescending);
  const multiFile = new Set(findings.map((f) => f.path).filter(Boolean)).size > 1;
  const parts: string[] = [];
  if (findings.length) {
    const listed = findings.slice(0, MAX_LISTED).map((f) => describeFinding(f, multiFile));
    const more = findings.length > MAX_LISTED ? ` (and ${findings.length - MAX_LISTED} more)` : '';
    parts.push(`Blast Radius: ${subject}: ${listed.join(' ')}${more}`);
  } else {
    parts.push(`Blast Radius: ${subject} needs a closer look.`);
  }
  for (const n of j.notes ?? []) parts.push(n.replace(/\.?$/, '.'));
  parts.push(
    decision === 'deny'
      ? 'Policy refuses this: do not retry it or work around it. If it is really needed, ask the user to do it themselves.'
      : 'A person must confirm it before it goes ahead.',
  );
  return parts.join(' ');
}

/** The answer when no editor is there to ask: deny what policy denies, ask for confirm, pass the rest. */
export function answerFromPolicy(req: NormalizedRequest, j: Judgement): HookAnswer {
  if (j.decision === 'allow') return { decision: 'pass' };
  const decision = j.decision === 'deny' ? 'deny' : 'ask';
  return { decision, reason: reasonFor(req, j, decision) };
}

/** A person's answer in the editor, for the agent. */
export function answerFromPerson(req: NormalizedRequest, allowed: boolean, detail?: string): HookAnswer {
  const subject = subjectOf(req);
  if (allowed) return { decision: 'allow', reason: `Blast Radius: the user approved ${subject} in the editor.` };
  const why = detail ? ` (${clip(detail, 400)})` : '';
  return {
    decision: 'deny',
    reason: `Blast Radius: the user refused ${subject} in the editor${why}. Do not retry it or work around it; ask the user how they want to proceed.`,
  };
}

/** The editor's answer to a forwarded command (a person's when it held the command to ask). */
export function answerFromEditor(req: NormalizedRequest, a: { verdict: 'allow' | 'deny'; asked: boolean; reason: string }): HookAnswer {
  if (a.verdict === 'allow') return a.asked ? answerFromPerson(req, true) : { decision: 'pass' };
  if (a.asked) return answerFromPerson(req, false, a.reason || undefined);
  const why = a.reason ? `: ${clip(a.reason, 300)}` : '';
  return {
    decision: 'deny',
    reason: `Blast Radius refused ${subjectOf(req)}${why}. Do not retry it or work around it; if it is really needed, ask the user to do it themselves.`,
  };
}

/** The judgement for a request we could not judge (unreadable input, old string not found, …). */
export function cannotJudge(detail: string): Judgement {
  return { decision: 'confirm', severity: 'none', findings: [], notes: [`Blast Radius could not judge it: ${detail}`] };
}
