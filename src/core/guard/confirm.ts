/**
 * What a person is asked when the guard holds a command line (or an agent's file change): the
 * modal's title, its text and its buttons. Editor-free, so the layout is tested on its own; the
 * extension shows it (src/extension/prompter.ts).
 *
 * Layout (VS Code modals are plain text in the workbench's proportional font, and collapse runs
 * of spaces, so indentation uses no-break spaces):
 *
 *   Run this high-risk command?                       ← title; the error icon for critical
 *
 *       $ git checkout -- .                            ← the command, indented like code
 *
 *   High — Discards uncommitted changes in 3 files (+120 −8): src/app.ts, …
 *       Checks out .: uncommitted changes there are overwritten …
 *       Safer: Stash them first (git stash -u) …
 *                                                      ← one block per finding, most severe first
 *   In ~/shop · bash terminal. Nothing has run yet.
 *
 *   [Run Once] [Deny] [Details…]
 *
 * Buttons. VS Code's modal always has a cancel button (Escape, the close box), and the first
 * other button is its primary one, focused, chosen by Enter. Deny is that cancel button, so
 * there is one Deny and no "Cancel" beside it; the primary button only looks closer ("Details…",
 * or "Show Plan" when a plan can be shown), so a stray Enter never runs anything. Run Once takes
 * a deliberate click. "Always Allow" is offered only for low and medium findings that lose
 * nothing irreversible (src/core/guard/decide.ts), and the text says what it writes and where.
 * Rule ids, targets and what was measured where are behind "Details…".
 */
import type { CommandVerdict } from '../command/rule';
import { redact } from '../redact';
import { bySeverityDescending, type Severity } from '../severity';
import { type GuardPlan, topFindings } from './decide';

export interface ConfirmFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** For a file change: `path:line` the finding points at. */
  location?: string;
  target?: string;
  suggestion?: string;
  /** What a probe measured about it, in words with numbers. */
  measured?: string;
  /** The wrapper it was found in (`sudo`, `bash -c`). */
  via?: string;
}

/** A probe's report, as the details show it. */
export interface ConfirmProbe {
  kind: string;
  /** The command measured, as written. */
  command: string;
  sentence: string;
  cwd?: string;
  elapsedMs: number;
  /** The severity before and after the measurement. */
  effect?: { from: Severity; to: Severity };
}

/** What "Always Allow" would write, when it may be offered. */
export interface AlwaysAllowOffer {
  /** The commands it lets through from now on, exactly as they read: `npm publish --dry-run`. */
  commands: readonly string[];
  /** The setting it is written to (in the user's settings). */
  setting: string;
}

export interface ConfirmRequest {
  /** A command line (default), or a file change an agent is about to make. */
  kind?: 'command' | 'edit';
  /** The command line, secrets redacted; for a change, what it does (`writing \`db/x.sql\``). */
  line: string;
  cwd: string;
  shell: string;
  /** Who sent it: a terminal, or the agent whose hook forwarded it. */
  source: { kind: 'terminal' } | { kind: 'agent'; agent: string; session?: string };
  severity: Severity;
  /** The reason that drives the decision, one line. */
  headline: string;
  findings: readonly ConfirmFinding[];
  /** Unreviewed changes this command would deploy, when that is why it is held. */
  gate?: string;
  /** What "Always Allow" would write; absent when it is not offered. */
  alwaysAllow?: AlwaysAllowOffer;
  /** A name the person must type to confirm (critical finding, production target). */
  typeToConfirm?: string;
  /** A read-only command the person may run first to see more (`terraform plan`), offered as "Show Plan". */
  review?: { command: string };
  /** What the probes measured (the details list them). */
  probes?: readonly ConfirmProbe[];
  /** Measurements no finding carries: nothing to discard, not measured, skipped. */
  notes?: readonly string[];
}

/** `show-plan`: the person wants the plan (`review`) before deciding; they are asked again after. */
export type ConfirmAnswer = 'run-once' | 'deny' | 'always-allow' | 'show-plan';

/**
 * One button: what it answers, or `details` / `back` (moving between the two views), or
 * `rule-help` (opens the help of the most severe finding's rule, then asks again).
 */
export interface ConfirmButton {
  label: string;
  answer: ConfirmAnswer | 'details' | 'back' | 'rule-help';
}

export interface ConfirmDialog {
  /** `error` for critical, `warning` otherwise. */
  icon: 'error' | 'warning';
  title: string;
  detail: string;
  /** The first is the primary one (focused, Enter); none of them is the cancel button. */
  buttons: ConfirmButton[];
  /** Escape and the close box: always a denial. */
  cancel: ConfirmButton;
}

const MAX_LINE = 1500;
const MAX_FINDINGS = 5;
/** No-break spaces: the workbench collapses ordinary ones. */
const INDENT = '\u00a0'.repeat(4);

export const BUTTONS = {
  runOnce: 'Run Once',
  allowOnce: 'Allow Once',
  deny: 'Deny',
  alwaysAllow: 'Always Allow',
  details: 'Details…',
  back: 'Back',
  showPlan: 'Show Plan',
  ruleHelp: 'Rule Help',
} as const;

export function confirmTitle(req: ConfirmRequest): string {
  const risk = req.severity === 'none' ? '' : `${req.severity}-risk `;
  if (req.kind === 'edit') return `${req.source.kind === 'agent' ? req.source.agent : 'An agent'} wants to make this ${risk}change?`;
  const who = req.source.kind === 'agent' ? `${req.source.agent} wants to run` : 'Run';
  return `${who} this ${risk}command?`;
}

/** `claude-code (session 8f1c2d3e)`: the agent that asks and, when its hook named it, its session. */
function sender(req: ConfirmRequest): string | undefined {
  if (req.source.kind !== 'agent') return undefined;
  return req.source.session ? `${req.source.agent} (session ${req.source.session})` : req.source.agent;
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The command (or the change) as a code block: each line indented, a command after `$ `. */
function codeBlock(req: ConfirmRequest): string[] {
  const line = req.line.length > MAX_LINE ? `${req.line.slice(0, MAX_LINE)}… (${req.line.length} characters)` : req.line;
  return line.split('\n').map((l, i) => `${INDENT}${req.kind === 'edit' ? '' : i === 0 ? '$ ' : '  '}${l.replace(/ {2,}/g, (m) => '\u00a0'.repeat(m.length))}`);
}

function sorted(req: ConfirmRequest): ConfirmFinding[] {
  return [...req.findings].sort(bySeverityDescending);
}

/** Where it runs and who sent it, and that nothing happened yet. */
function whereLine(req: ConfirmRequest): string {
  const agent = sender(req);
  if (req.kind === 'edit') return `In ${req.cwd}${agent ? ` · sent by ${agent}` : ''}. Nothing was written yet.`;
  return `In ${req.cwd} · ${req.shell} ${agent ? `· sent by ${agent}` : 'terminal'}. Nothing has run yet.`;
}

/** The modal's text: the command, then each finding (most severe first) with its measurement, then where. */
export function confirmDetail(req: ConfirmRequest): string {
  const out: string[] = [...codeBlock(req)];
  if (req.gate) out.push('', `Held because: ${req.gate}`);
  const findings = sorted(req);
  for (const f of findings.slice(0, MAX_FINDINGS)) {
    const where = f.location ? `${f.location}: ` : '';
    const measured = f.measured && !f.measured.startsWith('Not measured') ? f.measured : undefined;
    out.push('', `${capitalised(f.severity)} — ${where}${measured ?? f.message}`);
    if (measured) out.push(`${INDENT}${f.message}`);
    else if (f.measured) out.push(`${INDENT}${f.measured}`);
    if (f.suggestion) out.push(`${INDENT}Safer: ${f.suggestion}`);
  }
  if (findings.length > MAX_FINDINGS) out.push('', `…and ${findings.length - MAX_FINDINGS} more (Details…)`);
  if (findings.length === 0 && !req.gate && req.headline) out.push('', req.headline);
  for (const n of req.notes ?? []) out.push('', n);
  out.push('', whereLine(req));
  if (req.typeToConfirm) out.push(`${req.kind === 'edit' ? BUTTONS.allowOnce : BUTTONS.runOnce} asks you to type "${req.typeToConfirm}".`);
  if (req.alwaysAllow) {
    const what = req.alwaysAllow.commands.map((c) => `\`${c}\``).join(' and ');
    out.push('', `${BUTTONS.alwaysAllow} adds ${what} to ${req.alwaysAllow.setting} in your user settings: exactly ${req.alwaysAllow.commands.length === 1 ? 'that command then runs' : 'those commands then run'} without asking, in every workspace.`);
  }
  return out.join('\n');
}

/** The modal: title, text, icon and buttons (see the layout at the top of this file). */
export function confirmDialog(req: ConfirmRequest): ConfirmDialog {
  const look: ConfirmButton = req.review ? { label: BUTTONS.showPlan, answer: 'show-plan' } : { label: BUTTONS.details, answer: 'details' };
  const buttons: ConfirmButton[] = [look];
  if (req.alwaysAllow) buttons.push({ label: BUTTONS.alwaysAllow, answer: 'always-allow' });
  buttons.push({ label: req.kind === 'edit' ? BUTTONS.allowOnce : BUTTONS.runOnce, answer: 'run-once' });
  if (req.review) buttons.push({ label: BUTTONS.details, answer: 'details' });
  return { icon: iconFor(req), title: confirmTitle(req), detail: confirmDetail(req), buttons, cancel: { label: BUTTONS.deny, answer: 'deny' } };
}

function iconFor(req: ConfirmRequest): ConfirmDialog['icon'] {
  return req.severity === 'critical' ? 'error' : 'warning';
}

/** The details behind "Details…": rule ids, targets, what was measured where, the review offered. */
export function detailsDialog(req: ConfirmRequest): ConfirmDialog {
  const out: string[] = [...codeBlock(req), '', 'Rules'];
  for (const f of sorted(req)) {
    const extra = [f.location, f.target, f.via ? `via ${f.via}` : undefined].filter(Boolean).join(' · ');
    out.push(`${f.ruleId} (${f.severity})${extra ? ` · ${extra}` : ''}`);
  }
  if (req.findings.length === 0) out.push('none: held because of the reason shown');
  if (req.probes?.length) {
    out.push('', 'Measured');
    for (const p of req.probes) {
      const effect = p.effect && p.effect.from !== p.effect.to ? ` · ${p.effect.from} → ${p.effect.to}` : '';
      out.push(`${p.kind}: ${p.command}${p.cwd ? ` · in ${p.cwd}` : ''} · ${Math.round(p.elapsedMs)} ms${effect}`);
      out.push(`${INDENT}${p.sentence}`);
    }
  }
  if (req.review) out.push('', `${BUTTONS.showPlan} runs \`${req.review.command}\` (read-only) and shows what it would add, change and destroy.`);
  out.push('', whereLine(req));
  return {
    icon: iconFor(req),
    title: `Details: ${confirmTitle(req)}`,
    detail: out.join('\n'),
    buttons: [{ label: BUTTONS.back, answer: 'back' }, ...(req.findings.length > 0 ? [{ label: BUTTONS.ruleHelp, answer: 'rule-help' as const }] : [])],
    cancel: { label: BUTTONS.deny, answer: 'deny' },
  };
}

/** The rule whose help "Rule Help" opens: the most severe finding's; undefined without findings. */
export function helpRuleOf(req: ConfirmRequest): string | undefined {
  return sorted(req)[0]?.ruleId;
}

/**
 * The confirmation for a held command line: its findings (most severe first, each with what was
 * measured about it), the measurements no finding carries, the probes for the details, the plan a
 * person may ask to see, and what "Always Allow" would write when the plan allows offering it.
 */
export function commandConfirmRequest(
  verdict: CommandVerdict,
  plan: GuardPlan,
  where: Pick<ConfirmRequest, 'line' | 'cwd' | 'shell' | 'source'>,
  alwaysAllow?: AlwaysAllowOffer,
): ConfirmRequest {
  const probes = verdict.measured?.probes ?? [];
  const carried = new Set(verdict.findings.map((f) => f.measured).filter(Boolean));
  const review = probes.find((p) => p.review)?.review;
  const notes = probes.filter((p) => !carried.has(p.sentence)).map((p) => p.sentence);
  return {
    ...where,
    severity: plan.severity,
    headline: plan.headline,
    findings: topFindings(verdict.findings).map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      ...(f.target ? { target: f.target } : {}),
      ...(f.suggestion ? { suggestion: f.suggestion } : {}),
      ...(f.measured ? { measured: f.measured } : {}),
      ...(f.via ? { via: f.via } : {}),
    })),
    ...(verdict.decision !== 'confirm' && plan.headline ? { gate: plan.headline } : {}),
    ...(alwaysAllow && plan.allowAlways ? { alwaysAllow } : {}),
    ...(plan.typeToConfirm ? { typeToConfirm: plan.typeToConfirm } : {}),
    ...(review ? { review: { command: review.argv.join(' ') } } : {}),
    ...(probes.length
      ? { probes: probes.map((p) => ({ kind: p.kind, command: redact(p.command), sentence: p.sentence, elapsedMs: p.elapsedMs, ...(p.cwd ? { cwd: p.cwd } : {}), ...(p.effect ? { effect: p.effect } : {}) })) }
      : {}),
    ...(notes.length ? { notes } : {}),
  };
}
