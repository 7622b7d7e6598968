/**
 * Measuring a line: for each of its commands that would destroy something a probe can see — git
 * work, files, a saved Terraform plan, cluster objects — find where it runs, run the probe of
 * the classes asked for, and report one `Probe` per command. Never throws and never runs the
 * command or anything it names: every probe is read-only and time-boxed, and a probe that fails
 * or times out is reported as "not measured" with the reason.
 */
import { patternInput } from '../command/analyze';
import { isProductionName } from '../command/context';
import { DEFAULT_PRODUCTION_MARKERS } from '../command/context';
import type { CommandContext } from '../command/rule';
import { findAllow } from '../policy/apply';
import type { ResolvedPolicy } from '../policy/types';
import type { ParsedLine, SimpleCommand } from '../shell/model';
import { planFiles } from './fsprobe';
import { notMeasured, planGit } from './git';
import { planKubernetes } from './kubernetes';
import { planTerraform } from './terraform';
import type { Measured, Probe, ProbeClass, ProbeKind, Reading } from './types';
import { aloneInLine, placeOf } from './where';

export interface ProbeOptions {
  /** Which classes of probe to run (default: both). Callers run `slow` only for lines already held. */
  classes?: readonly ProbeClass[];
  /** Ask a cluster how many objects a delete takes: for production-marked contexts only (default), for any, or never. */
  kubernetes?: 'production' | 'always' | 'off';
  /** The policy in force: its allow entries and production markers. */
  policy?: ResolvedPolicy;
  /** Kill one git call after this long (default 2,000 ms). */
  gitTimeoutMs?: number;
  /** Stop a filesystem walk after this many entries (default 50,000) … */
  maxFiles?: number;
  /** … or this long (default 200 ms); the counts are then lower bounds. */
  walkMs?: number;
  /** `terraform show -json` timeout (default 30,000 ms). */
  terraformTimeoutMs?: number;
  /** `kubectl get` timeout (default 5,000 ms). */
  kubectlTimeoutMs?: number;
  /** Stops the probes' programs (terraform, kubectl) when aborted; they report "not measured". */
  signal?: AbortSignal;
  /** Called as each probe starts, before its result (a caller shows progress for the slow ones). */
  onStart?: (probe: { kind: ProbeKind; class: ProbeClass; command: string }) => void;
}

interface Planned {
  kind: ProbeKind;
  class: ProbeClass;
  rules: string[];
  production?: boolean;
  run(): Promise<Reading>;
}

const FILE_PROGRAMS = new Set(['rm', 'unlink', 'find', 'shred', 'srm', 'wipe', 'truncate', 'mv', 'rsync']);

/** The probe for one command, `{why}` when it applies but cannot run here, undefined when none applies. */
function planFor(cmd: SimpleCommand, cwd: string, home: string | undefined, ctx: CommandContext, opts: ProbeOptions): Planned | { why: string; kind: ProbeKind; rules: string[]; class: ProbeClass } | undefined {
  const env = ctx.env ?? process.env;
  const p = cmd.program;
  if (p === 'git') {
    const g = planGit(cmd, cwd, home, { timeoutMs: opts.gitTimeoutMs, maxFiles: opts.maxFiles, walkMs: opts.walkMs });
    if (!g) return undefined;
    return 'why' in g ? { ...g, kind: 'git', rules: [], class: 'local' } : { kind: 'git', class: 'local', rules: g.rules, run: g.run };
  }
  if (p === 'terraform' || p === 'tofu') {
    const t = planTerraform(cmd, cwd, env, opts.terraformTimeoutMs, opts.signal);
    if (!t) return undefined;
    return 'why' in t ? { ...t, kind: 'terraform', rules: ['iac.terraform-apply-plan'], class: 'slow' } : { kind: 'terraform', ...t };
  }
  if (p === 'kubectl' || p === 'oc') {
    const markers = [...DEFAULT_PRODUCTION_MARKERS, ...(opts.policy?.productionMarkers ?? [])];
    const k = planKubernetes(cmd, cwd, env, ctx.kubeContext, (n) => isProductionName(n, markers), opts.kubernetes ?? 'production', opts.kubectlTimeoutMs, opts.signal);
    if (!k) return undefined;
    return 'why' in k ? { ...k, kind: 'kubernetes', rules: ['k8s.delete'], class: 'slow' } : { kind: 'kubernetes', class: 'slow', ...k };
  }
  if (FILE_PROGRAMS.has(p) || cmd.redirects.length > 0) {
    const f = planFiles(cmd, cwd, home, { maxFiles: opts.maxFiles, walkMs: opts.walkMs, gitTimeoutMs: opts.gitTimeoutMs });
    if (!f) return undefined;
    return 'why' in f ? { ...f, kind: 'files', rules: [], class: 'local' } : { kind: 'files', class: 'local', rules: f.rules, run: f.run };
  }
  return undefined;
}

/**
 * Measures what the commands of a parsed line would destroy. Undefined when no probe applies to
 * any of them (or none of the classes asked for).
 */
export async function measureLine(line: ParsedLine, ctx: CommandContext, opts: ProbeOptions = {}): Promise<Measured | undefined> {
  const t0 = performance.now();
  const classes = opts.classes ?? ['local', 'slow'];
  const jobs: Promise<Probe>[] = [];
  for (const cmd of line.commands) {
    if (cmd.dynamicName || cmd.program === '') {
      if (cmd.redirects.length === 0) continue;
    }
    const place = placeOf(line, cmd, ctx);
    const cwd = 'cwd' in place ? place.cwd : '/';
    const home = 'cwd' in place ? place.home : (ctx.home ?? ctx.env?.['HOME']);
    let planned: ReturnType<typeof planFor>;
    try {
      planned = planFor(cmd, cwd, home, ctx, opts);
    } catch (e) {
      planned = { why: `the probe failed (${e instanceof Error ? e.message : String(e)})`, kind: 'files', rules: [], class: 'local' };
    }
    if (!planned || !classes.includes(planned.class)) continue;
    const span: [number, number] = [cmd.span[0], cmd.span[1]];
    const base = {
      kind: planned.kind,
      class: planned.class,
      command: line.source.slice(span[0], span[1]),
      span,
      rules: planned.rules,
    };
    const allow = opts.policy ? findAllow(opts.policy, patternInput(cmd)) : undefined;
    const why = 'why' in planned ? planned.why : 'why' in place ? place.why : undefined;
    if (why !== undefined || !('run' in planned)) {
      const r = notMeasured(why ?? 'the probe could not run');
      jobs.push(Promise.resolve(probeOf(base, r, false, 0, allow?.label)));
      continue;
    }
    const alone = aloneInLine(line, cmd);
    try {
      opts.onStart?.({ kind: base.kind, class: base.class, command: base.command });
    } catch {
      // the caller's progress display: never a reason not to measure
    }
    const started = performance.now();
    const run = planned.run;
    const production = planned.production;
    jobs.push(
      run()
        .catch((e: unknown) => notMeasured(e instanceof Error ? e.message.replace(/\.$/, '') : String(e)))
        .then((r) => {
          const withProduction = production && r.production === undefined ? { ...r, production } : r;
          return probeOf({ ...base, cwd }, withProduction, alone, performance.now() - started, allow?.label);
        }),
    );
  }
  if (jobs.length === 0) return undefined;
  const probes = await Promise.all(jobs);
  return { version: 1, probes, elapsedMs: round(performance.now() - t0) };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function probeOf(
  base: Pick<Probe, 'kind' | 'class' | 'command' | 'span' | 'rules'> & { cwd?: string },
  r: Reading,
  alone: boolean,
  ms: number,
  allowedBy: string | undefined,
): Probe {
  const p: Probe = {
    kind: base.kind,
    class: base.class,
    command: base.command,
    span: base.span,
    status: r.status,
    loss: r.loss,
    sentence: r.sentence,
    settled: r.settled && alone && r.status === 'measured',
    rules: base.rules,
    elapsedMs: round(ms),
  };
  const cwd = r.cwd ?? base.cwd;
  if (cwd) p.cwd = cwd;
  if (r.atLeast) p.atLeast = true;
  if (allowedBy) p.allowedBy = allowedBy;
  if (r.production) p.production = true;
  for (const k of ['files', 'changes', 'commits', 'stash', 'plan', 'objects', 'review'] as const) if (r[k] !== undefined) (p as unknown as Record<string, unknown>)[k] = r[k];
  return p;
}

/** Two measurements of the same line (local, then slow) as one, in line order. */
export function mergeMeasured(a: Measured | undefined, b: Measured | undefined): Measured | undefined {
  if (!a) return b;
  if (!b) return a;
  return { version: 1, probes: [...a.probes, ...b.probes].sort((x, y) => x.span[0] - y.span[0]), elapsedMs: round(a.elapsedMs + b.elapsedMs) };
}
