/**
 * The Terraform / OpenTofu probe: `terraform apply PLANFILE` applies a saved plan without asking,
 * so the plan is read — `terraform show -json PLANFILE` (read-only), by the binary the command
 * would run, found on its PATH, under a timeout — and its deletions and replacements are named,
 * stateful resources first ("Replaces aws_db_instance.orders (its data goes) and destroys 2 more
 * resources"). `apply -auto-approve` without a plan cannot be measured: the plan was not
 * reviewed, and the probe offers the read-only `terraform plan` a person may run to see it.
 *
 * `analysePlan` reads Terraform's JSON plan representation (format_version 0.x / 1.x:
 * `resource_changes[].change.actions`); the plan-file edit rule uses it too.
 */
import * as path from 'node:path';
import type { SimpleCommand, Word } from '../shell/model';
import { runTool } from './exec';
import { count, list, num } from './format';
import { statefulHolding } from './stateful';
import type { PlanResource, PlanSummary, Reading } from './types';

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
export function planTerraform(cmd: SimpleCommand, cwd: string, env: Readonly<Record<string, string | undefined>>, timeoutMs = 30_000): TerraformPlan | { why: string } | undefined {
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
  const env2: Record<string, string | undefined> = { ...env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
  for (const k of Object.keys(env2)) if (k.startsWith('TF_CLI_ARGS')) delete env2[k]; // no extra arguments smuggled into show
  return {
    class: 'slow',
    rules: ['iac.terraform-apply-plan'],
    run: async () => {
      const args = [...(tf.chdir !== undefined ? [`-chdir=${tf.chdir}`] : []), 'show', '-json', '-no-color', planWord.text];
      const r = await runTool(tf.program, args, { cwd, env: env2, timeoutMs });
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
