/**
 * The measured blast radius (src/core/probe): read-only, time-boxed probes of the state a command
 * would touch — the git repository, the files under a path, a saved Terraform plan, the objects a
 * kubectl delete selects — and the pure function that turns what they measured into the verdict.
 *
 * Wiring a caller (the terminal guard, the agent hook, the CLI) is one call:
 *
 *   const { verdict, measured } = await judgeMeasured(analyzer, line, ctx, { kubernetes: 'production' });
 *
 * It runs the local probes (git, files) for every line they apply to, and the slow ones
 * (terraform, kubectl) only when the line is held after that. `verdict.measured` carries the
 * `Measured` object; each measured finding carries its sentence in `finding.measured`.
 * `{ probe: false }` gives the static verdict.
 *
 * Editor-free: nothing here imports `vscode`.
 */
import type { CommandAnalyzer } from '../command/analyze';
import type { CommandContext, CommandVerdict } from '../command/rule';
import { applyMeasurement } from './decide';
import { measureLine, mergeMeasured, type ProbeOptions } from './measure';
import { reviewPlan, type ReviewOptions } from './terraform';
import type { ParsedLine } from '../shell/model';
import type { Measured } from './types';

export { applyMeasurement } from './decide';
export { analysePlan, planCounts, planSentence, reviewPlan, type ReviewOptions } from './terraform';
export { measureLine, mergeMeasured, type ProbeOptions } from './measure';
export { statefulHolding } from './stateful';
export type * from './types';

export interface MeasuredJudgement {
  /** The verdict to act on. */
  verdict: CommandVerdict;
  /** What the rules alone said. */
  staticVerdict: CommandVerdict;
  /** What the probes measured (also on `verdict.measured`); undefined when nothing applied. */
  measured?: Measured;
  /** The parsed line (undefined when the parser failed): `measureHeld` measures it again. */
  parsed?: ParsedLine;
}

export interface JudgeOptions extends Omit<ProbeOptions, 'classes' | 'policy'> {
  /** False: the static verdict, no probe. */
  probe?: boolean;
  /** False: never run the slow probes (terraform, kubectl), even for a held line. */
  slow?: boolean;
}

/**
 * Judges a line, then measures it: local probes always, slow ones for a line still held (unless
 * `slow: false`; the caller then runs `measureHeld` when it holds the line). The line is parsed
 * once, for the rules and the probes; lines no probe applies to cost nothing more. Never throws.
 */
export async function judgeMeasured(analyzer: CommandAnalyzer, line: string, ctx: CommandContext, opts: JudgeOptions = {}): Promise<MeasuredJudgement> {
  // the grammars of interpreter code the line holds load first (once per process)
  const { verdict: staticVerdict, parsed } = await analyzer.analyzeLine(line, ctx);
  if (!parsed) return { verdict: staticVerdict, staticVerdict }; // the analyzer's own answer to a parser failure
  if (opts.probe === false) return { verdict: staticVerdict, staticVerdict, parsed };
  const policy = analyzer.policy;
  const local = await measureLine(parsed, ctx, { ...opts, classes: ['local'], policy });
  const j: MeasuredJudgement = { verdict: applyMeasurement(staticVerdict, local, policy), staticVerdict, parsed };
  if (local) j.measured = local;
  return opts.slow !== false ? measureHeld(analyzer, j, ctx, opts) : j;
}

/**
 * The slow probes (terraform, kubectl) for a line that is still held after the local ones, merged
 * into the judgement; the judgement itself when the line is not held or no slow probe applies.
 * Never throws.
 */
export async function measureHeld(analyzer: CommandAnalyzer, j: MeasuredJudgement, ctx: CommandContext, opts: Omit<JudgeOptions, 'probe' | 'slow'> = {}): Promise<MeasuredJudgement> {
  if (j.verdict.decision !== 'confirm' || !j.parsed) return j;
  const policy = analyzer.policy;
  const slow = await measureLine(j.parsed, ctx, { ...opts, classes: ['slow'], policy });
  if (!slow) return j;
  const measured = mergeMeasured(j.measured, slow)!;
  return { ...j, measured, verdict: applyMeasurement(j.staticVerdict, measured, policy) };
}

/**
 * Runs the read-only reviews the probes offer (`review`: `terraform plan` for an apply that was
 * not planned) and judges the line again with what they showed: a plan that replaces a database
 * makes the line critical. A review that fails keeps its offer and says why. Never throws.
 */
export async function reviewMeasured(analyzer: CommandAnalyzer, j: MeasuredJudgement, ctx: CommandContext, opts: Omit<ReviewOptions, 'env'> = {}): Promise<MeasuredJudgement> {
  const m = j.measured;
  if (!m?.probes.some((p) => p.review)) return j;
  const env = ctx.env ?? process.env;
  const probes = await Promise.all(m.probes.map((p) => (p.review ? reviewPlan(p, { ...opts, env }) : Promise.resolve(p))));
  const measured: Measured = { ...m, probes };
  return { ...j, measured, verdict: applyMeasurement(j.staticVerdict, measured, analyzer.policy) };
}
