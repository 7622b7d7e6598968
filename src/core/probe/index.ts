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
import type { Measured } from './types';

export { applyMeasurement } from './decide';
export { analysePlan, planSentence } from './terraform';
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
}

export interface JudgeOptions extends Omit<ProbeOptions, 'classes' | 'policy'> {
  /** False: the static verdict, no probe. */
  probe?: boolean;
  /** False: never run the slow probes (terraform, kubectl), even for a held line. */
  slow?: boolean;
}

/** Judges a line, then measures it: local probes always, slow ones for a line still held. Never throws. */
export async function judgeMeasured(analyzer: CommandAnalyzer, line: string, ctx: CommandContext, opts: JudgeOptions = {}): Promise<MeasuredJudgement> {
  const staticVerdict = analyzer.analyze(line, ctx);
  if (opts.probe === false) return { verdict: staticVerdict, staticVerdict };
  const policy = analyzer.policy;
  let parsed;
  try {
    parsed = analyzer.parse(line, ctx.shell ?? 'bash');
  } catch {
    return { verdict: staticVerdict, staticVerdict };
  }
  const local = await measureLine(parsed, ctx, { ...opts, classes: ['local'], policy });
  let verdict = applyMeasurement(staticVerdict, local, policy);
  let measured = local;
  if (opts.slow !== false && verdict.decision === 'confirm') {
    const slow = await measureLine(parsed, ctx, { ...opts, classes: ['slow'], policy });
    if (slow) {
      measured = mergeMeasured(local, slow);
      verdict = applyMeasurement(staticVerdict, measured, policy);
    }
  }
  return measured ? { verdict, staticVerdict, measured } : { verdict, staticVerdict };
}
