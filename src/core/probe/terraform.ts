/**
 * The Terraform / OpenTofu probe: `terraform apply PLANFILE` applies a saved plan without asking,
 * so the plan is read — `terraform show -json PLANFILE` (read-only), by the binary the command
 * would run, found on its PATH, under a timeout — and its deletions and replacements are named,
 * stateful resources first ("Replaces aws_db_instance.orders (its data goes) and destroys 2 more
 * resources"). `apply -auto-approve` without a plan cannot be measured: the plan was not
 * reviewed, and the probe offers the read-only `terraform plan` a person may run to see it.
 *
 * `reviewPlan` runs the `terraform plan` such a probe offers, when a person asks for it.
 *
 * `analysePlan` reads Terraform's JSON plan representation (format_version 0.x / 1.x:
 * `resource_changes[].change.actions`); the plan-file edit rule uses it too.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SimpleCommand, Word } from '../shell/model';
import { duration, runTool } from './exec';
import { count, list, num } from './format';
import { statefulHolding } from './stateful';
import type { PlanResource, PlanSummary, Probe, Reading } from './types';

interface ResourceChange {
  address?: unknown;
  mode?: unknown;
  type?: unknown;
  change?: { actions?: unknown };
}

/** What a JSON plan does; a problem when the value is not a plan. */
export function analysePlan(json: unknown, planFile?: string): PlanSummary | { problem: string } {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { problem: 'not a JSON object' };
  const rc = (json as { resource_changes?: unknown }).resource_changes;
  if (rc !== undefined && !Array.isArray(rc)) return { problem: 'resource_changes is not a list' };
  if ((json as { errored?: unknown }).errored === true) return { problem: 'the plan errored, so it cannot be applied as it is' };
  const s: PlanSummary = { create: 0, update: 0, delete: 0, replace: 0, destroyed: [] };
  if (planFile !== undefined) s.planFile = planFile;
  for (const raw of (rc ?? []) as ResourceChange[]) {
    if (!raw || typeof raw !== 'object' || raw.mode === 'data') continue;
    const actions = Array.isArray(raw.change?.actions) ? (raw.change!.actions as unknown[]).filter((a): a is string => typeof a === 'string') : [];
    const address = typeof raw.address === 'string' ? raw.address : '(unnamed resource)';
    const type = typeof raw.type === 'string' ? raw.type : address.replace(/^(module\.[^.]+\.)+/, '').split('.')[0] ?? '';
    const del = actions.includes('delete');
    const create = actions.includes('create');
    if (del) {
      const r: PlanResource = { address, type, action: create ? 'replace' : 'delete' };
      const holds = statefulHolding(type);
      if (holds) r.holds = holds;
      s.destroyed.push(r);
      if (create) s.replace++;
      else s.delete++;
    } else if (create) s.create++;
    else if (actions.includes('update')) s.update++;
  }
  s.destroyed.sort((a, b) => Number(!!b.holds) - Number(!!a.holds));
  return s;
}

/** The sentence for a plan: stateful resources named first, then how many more go. */
export function planSentence(s: PlanSummary): string {
  const name = s.planFile ? `The saved plan ${s.planFile}` : 'The plan';
  if (s.destroyed.length === 0) {
    const does = [s.create ? `creates ${count(s.create, 'resource')}` : '', s.update ? `updates ${count(s.update, 'resource')}` : ''].filter(Boolean);
    return `${name} destroys nothing${does.length ? `: it ${does.join(' and ')}` : ' and changes nothing'}`;
  }
  const named = s.destroyed.filter((r) => r.holds).slice(0, 3);
  const rest = s.destroyed.filter((r) => !named.includes(r));
  const clauses = named.map((r) => `${r.action === 'replace' ? 'replaces' : 'destroys'} ${r.address} (its data goes)`);
  if (rest.length > 0) {
    const del = rest.filter((r) => r.action === 'delete').length;
    const verbs = [del ? `destroys ${num(del)}` : '', rest.length - del ? `replaces ${num(rest.length - del)}` : ''].filter(Boolean).join(' and ');
    const noun = rest.length === 1 ? 'resource' : 'resources';
    clauses.push(named.length ? `${verbs} more ${noun}` : `${verbs} ${noun}: ${list(rest.map((r) => r.address), rest.length)}`);
  }
  const text = list(clauses, clauses.length, clauses.length);
  return text[0]!.toUpperCase() + text.slice(1);
}

/** Terraform's own counts: `1 to add, 0 to change, 1 to destroy` (a replacement is one add and one destroy). */
export function planCounts(s: PlanSummary): string {
  return `${num(s.create + s.replace)} to add, ${num(s.update)} to change, ${num(s.delete + s.replace)} to destroy`;
}

/** The reading of a plan summary. */
export function planReading(s: PlanSummary): Reading {
  const stateful = s.destroyed.some((r) => r.holds);
  return {
    status: 'measured',
    loss: stateful ? 'stateful' : s.destroyed.length ? 'infrastructure' : 'none',
    settled: true, // a saved plan applies exactly what it says (Terraform refuses a stale one)
    plan: s,
    sentence: planSentence(s),
  };
}

const APPLY_VALUED = new Set(['-var', '-var-file', '-target', '-replace', '-lock-timeout', '-parallelism', '-state', '-state-out', '-backup']);

interface TfLine {
  program: string;
  chdir?: string;
  /** The plan file as written, when the apply names one. */
  planFile?: Word;
  autoApprove: boolean;
  destroy: boolean;
}

function readTf(cmd: SimpleCommand): TfLine | undefined {
  const a = cmd.args;
  let i = 0;
  let chdir: string | undefined;
  for (; i < a.length; i++) {
    const t = a[i]!.text;
    const m = /^--?chdir=(.*)$/.exec(t);
    if (m) chdir = m[1];
    else if (!t.startsWith('-')) break;
  }
  if (a[i]?.text !== 'apply') return undefined;
  const out: TfLine = { program: cmd.program, autoApprove: false, destroy: false };
  if (chdir !== undefined) out.chdir = chdir;
  for (let j = i + 1; j < a.length; j++) {
    const w = a[j]!;
    const t = w.text.replace(/^--/, '-');
    if (t === '-auto-approve' || t.startsWith('-auto-approve=')) out.autoApprove = !/=false$/.test(t);
    else if (t === '-destroy') out.destroy = true;
    else if (APPLY_VALUED.has(t)) j++;
    else if (!t.startsWith('-') && !w.text.includes('=') && !out.planFile) out.planFile = w;
  }
  return out;
}

export interface TerraformPlan {
  class: 'local' | 'slow';
  rules: string[];
  run(): Promise<Reading>;
}

/** The terraform/tofu probe for `cmd`, or undefined when the command is not an apply. */
export function planTerraform(cmd: SimpleCommand, cwd: string, env: Readonly<Record<string, string | undefined>>, timeoutMs = 30_000, signal?: AbortSignal): TerraformPlan | { why: string } | undefined {
  if (cmd.program !== 'terraform' && cmd.program !== 'tofu') return undefined;
  const tf = readTf(cmd);
  if (!tf || tf.destroy) return undefined;
  const dir = tf.chdir !== undefined ? path.resolve(cwd, tf.chdir) : cwd;
  if (!tf.planFile) {
    if (!tf.autoApprove) return undefined; // Terraform shows the plan and asks
    return {
      class: 'local',
      rules: ['iac.terraform-auto-approve'],
      run: async () => ({
        status: 'not-measured',
        loss: 'unknown',
        settled: false,
        sentence: `The plan was not reviewed: ${tf.program} apply -auto-approve plans and applies in one step, so nobody sees what it replaces or destroys (${tf.program} plan shows it)`,
        review: { argv: [tf.program, ...(tf.chdir !== undefined ? [`-chdir=${tf.chdir}`] : []), 'plan', '-input=false', '-lock=false'], cwd },
      }),
    };
  }
  const planWord = tf.planFile;
  if (planWord.dynamic) return { why: 'the plan file depends on a variable' };
  const env2 = toolEnv(env);
  return {
    class: 'slow',
    rules: ['iac.terraform-apply-plan'],
    run: async () => {
      const args = [...(tf.chdir !== undefined ? [`-chdir=${tf.chdir}`] : []), 'show', '-json', '-no-color', planWord.text];
      const r = await runTool(tf.program, args, { cwd, env: env2, timeoutMs, ...(signal ? { signal } : {}) });
      const reading = (sentence: string): Reading => ({ status: 'not-measured', loss: 'unknown', settled: false, sentence, cwd: dir });
      if (!r.ok) return reading(`Not measured: the saved plan ${planWord.text} could not be read (${r.problem ?? 'unknown error'}); what it destroys is not known`);
      let json: unknown;
      try {
        json = JSON.parse(r.stdout);
      } catch {
        return reading(`Not measured: ${tf.program} show -json did not print JSON for ${planWord.text}`);
      }
      const s = analysePlan(json, planWord.text);
      if ('problem' in s) return reading(`Not measured: ${planWord.text} is not a plan ${tf.program} can apply (${s.problem})`);
      return { ...planReading(s), cwd: dir };
    },
  };
}

/** The environment terraform runs in for a probe: no prompts, and no extra arguments smuggled in through `TF_CLI_ARGS*`. */
function toolEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
  for (const k of Object.keys(out)) if (k.startsWith('TF_CLI_ARGS')) delete out[k];
  return out;
}

export interface ReviewOptions {
  /** The environment of the line (terraform is looked up on its PATH). */
  env: Readonly<Record<string, string | undefined>>;
  /** Kill `terraform plan` after this long (default 120,000 ms; `show` gets the same). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Runs the read-only `terraform plan` a probe offers (`probe.review`: an `apply -auto-approve`
 * without a saved plan) so a person sees what the apply would do before deciding: the plan is
 * saved to a private temporary file, read with `terraform show -json`, analysed like a saved
 * plan and the file removed. Returns the probe with what the plan showed (`plan`, its counts and
 * the stateful resources named first in the sentence), or with why it could not be shown (the
 * offer stays, so it can be tried again). Never throws; runs nothing but `plan` and `show`.
 *
 * The result is not settled: `apply -auto-approve` plans again when it runs.
 */
export async function reviewPlan(probe: Probe, opts: ReviewOptions): Promise<Probe> {
  const review = probe.review;
  const argv = review?.argv ?? [];
  const program = argv[0];
  const planAt = argv.indexOf('plan');
  if (!review || (program !== 'terraform' && program !== 'tofu') || planAt < 1) return probe;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const cwd = review.cwd ?? probe.cwd ?? process.cwd();
  const env = toolEnv(opts.env);
  const chdir = argv.slice(1, planAt);
  const failed = (why: string): Probe => ({ ...probe, status: 'not-measured', sentence: `Not shown: ${why}; the plan was not reviewed` });
  let dir: string | undefined;
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-plan-'));
    const file = path.join(dir, 'tfplan');
    const run = { cwd, env, timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) };
    const planned = await runTool(program, [...argv.slice(1), '-no-color', `-out=${file}`], run);
    if (!planned.ok) return failed(planned.timedOut ? `${program} plan did not finish within ${duration(timeoutMs)}` : (planned.problem ?? `${program} plan failed`));
    const shown = await runTool(program, [...chdir, 'show', '-json', '-no-color', file], run);
    if (!shown.ok) return failed(shown.problem ?? `${program} show failed`);
    let json: unknown;
    try {
      json = JSON.parse(shown.stdout);
    } catch {
      return failed(`${program} show -json did not print JSON`);
    }
    const s = analysePlan(json);
    if ('problem' in s) return failed(`the plan could not be read (${s.problem})`);
    const reading = planReading(s);
    const out: Probe = {
      ...probe,
      status: 'measured',
      loss: reading.loss,
      settled: false,
      plan: s,
      sentence: `${program} plan shows ${planCounts(s)}. ${reading.sentence}`,
    };
    delete out.review;
    return out;
  } catch (e) {
    return failed(e instanceof Error ? e.message : String(e));
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
