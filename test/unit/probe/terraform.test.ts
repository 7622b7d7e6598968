/**
 * The Terraform / OpenTofu probe with a fake `terraform` first on the command's PATH that prints
 * a recorded `show -json` plan (written in Terraform's JSON plan format; no provider, no network),
 * and the plan analysis and its sentence on their own.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parsePolicy } from '../../../src/core/policy/resolve';
import { analysePlan, judgeMeasured, measureLine, planCounts, planSentence, reviewMeasured, reviewPlan, type PlanSummary } from '../../../src/core/probe/index';
import { statefulHolding, statefulTypes } from '../../../src/core/probe/stateful';
import { fixturesDir } from '../helpers/paths';
import { analyzer, sandbox, type Sandbox } from './sandbox';

const plan = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(fixturesDir, 'probes', name), 'utf8'));

function withTerraform(output: string, program = 'terraform'): Sandbox {
  const s = sandbox();
  s.fake(program, `echo "TF_CLI_ARGS=$TF_CLI_ARGS TF_CLI_ARGS_show=$TF_CLI_ARGS_show" >> '${s.bin}/env'\ncase "$*" in *"show -json"*) cat '${path.join(fixturesDir, 'probes', output)}' ;; *) exit 9 ;; esac`);
  return s;
}

describe('plan analysis', () => {
  test('deletes and replacements by address and type, stateful first; data sources and no-ops skipped', () => {
    const s = analysePlan(plan('plan-replace-db.json'), 'tfplan') as PlanSummary;
    assert.deepEqual(s, {
      planFile: 'tfplan',
      create: 1,
      update: 1,
      delete: 2,
      replace: 1,
      destroyed: [
        { address: 'aws_db_instance.orders', type: 'aws_db_instance', action: 'replace', holds: 'database' },
        { address: 'aws_instance.worker[0]', type: 'aws_instance', action: 'delete' },
        { address: 'aws_security_group.worker', type: 'aws_security_group', action: 'delete' },
      ],
    });
  });

  test('what is not a plan is a problem, not an empty plan', () => {
    assert.deepEqual(analysePlan([]), { problem: 'not a JSON object' });
    assert.deepEqual(analysePlan({ resource_changes: {} }), { problem: 'resource_changes is not a list' });
    assert.match((analysePlan({ errored: true, resource_changes: [] }) as { problem: string }).problem, /errored/);
  });

  test('sentences name the stateful resources and count the rest', () => {
    const r = (address: string, action: 'delete' | 'replace'): { address: string; type: string; action: 'delete' | 'replace'; holds?: string } => {
      const type = address.split('.')[0]!;
      const holds = statefulHolding(type);
      return holds ? { address, type, action, holds } : { address, type, action };
    };
    const base = { create: 0, update: 0, delete: 0, replace: 0 };
    assert.equal(planSentence({ ...base, destroyed: [r('aws_s3_bucket.a', 'delete'), r('azurerm_key_vault.k', 'replace')] }), 'Destroys aws_s3_bucket.a (its data goes) and replaces azurerm_key_vault.k (its data goes)');
    assert.equal(planSentence({ ...base, destroyed: [r('aws_instance.a', 'replace'), r('aws_lb.b', 'delete')] }), 'Destroys 1 and replaces 1 resources: aws_instance.a and aws_lb.b');
    assert.equal(planSentence({ ...base, destroyed: ['a', 'b', 'c', 'd'].map((n) => r(`google_sql_database_instance.${n}`, 'delete')) }), 'Destroys google_sql_database_instance.a (its data goes), destroys google_sql_database_instance.b (its data goes), destroys google_sql_database_instance.c (its data goes) and destroys 1 more resource');
    assert.equal(planSentence({ ...base, update: 2, destroyed: [] }), 'The plan destroys nothing: it updates 2 resources');
  });

  test('the stateful table covers databases, buckets, volumes, file systems, key vaults, persistent volumes and DNS zones on each cloud', () => {
    for (const t of ['aws_db_instance', 'aws_s3_bucket', 'aws_ebs_volume', 'aws_efs_file_system', 'aws_kms_key', 'aws_route53_zone', 'google_sql_database_instance', 'google_storage_bucket', 'google_compute_disk', 'google_filestore_instance', 'google_kms_crypto_key', 'google_dns_managed_zone', 'azurerm_mssql_database', 'azurerm_storage_account', 'azurerm_managed_disk', 'azurerm_storage_share', 'azurerm_key_vault', 'azurerm_dns_zone', 'kubernetes_persistent_volume_claim_v1', 'kubernetes_persistent_volume']) {
      assert.ok(statefulHolding(t), t);
    }
    for (const t of ['aws_instance', 'aws_security_group', 'aws_iam_role', 'google_compute_instance', 'azurerm_linux_virtual_machine', 'kubernetes_deployment', 'null_resource', 'aws_rds_cluster_instance']) assert.equal(statefulHolding(t), undefined, t);
    assert.equal(new Set(statefulTypes()).size, statefulTypes().length);
  });
});

describe('terraform probe', () => {
  test('runs only `show -json` on the saved plan, with the command’s -chdir, and no TF_CLI_ARGS', async () => {
    const s = withTerraform('plan-replace-db.json');
    const a = await analyzer();
    const m = await measureLine(a.parse('terraform -chdir=infra apply -input=false tfplan'), s.ctx({ env: { ...s.ctx().env, TF_CLI_ARGS: '-auto-approve', TF_CLI_ARGS_show: '-x' } }));
    const p = m!.probes[0]!;
    assert.equal(p.kind, 'terraform');
    assert.equal(p.class, 'slow');
    assert.equal(p.loss, 'stateful');
    assert.equal(p.settled, true);
    assert.equal(p.sentence, 'Replaces aws_db_instance.orders (its data goes) and destroys 2 more resources');
    assert.deepEqual(s.calls('terraform'), ['-chdir=infra show -json -no-color tfplan']);
    assert.deepEqual(fs.readFileSync(path.join(s.bin, 'env'), 'utf8').trim(), 'TF_CLI_ARGS= TF_CLI_ARGS_show=');
  });

  test('the slow class runs only when asked', async () => {
    const s = withTerraform('plan-replace-db.json');
    const a = await analyzer();
    assert.equal(await measureLine(a.parse('terraform apply tfplan'), s.ctx(), { classes: ['local'] }), undefined);
    assert.deepEqual(s.calls('terraform'), []);
  });

  test('judgeMeasured reads the plan only for a line still held: an allow entry of the user lets the apply through unread', async () => {
    const s = withTerraform('plan-replace-db.json');
    const a = await analyzer(parsePolicy('{ "allow": ["terraform apply"] }', 'user').policy);
    const j = await judgeMeasured(a, 'terraform apply tfplan', s.ctx());
    assert.equal(j.verdict.decision, 'allow');
    assert.equal(j.measured, undefined);
    assert.deepEqual(s.calls('terraform'), []);
    const held = await judgeMeasured(await analyzer(), 'terraform apply tfplan', s.ctx());
    assert.equal(held.verdict.severity, 'critical');
    assert.deepEqual(s.calls('terraform'), ['show -json -no-color tfplan']);
  });

  test('a plan that does not answer in time is not measured', async () => {
    const s = sandbox();
    s.fake('terraform', 'sleep 5');
    const a = await analyzer();
    const m = await measureLine(a.parse('terraform apply tfplan'), s.ctx(), { terraformTimeoutMs: 300 });
    assert.equal(m?.probes[0]?.status, 'not-measured');
    assert.match(m!.probes[0]!.sentence, /could not be read \(terraform did not answer within 300 ms\)/);
  });

  test('output that is not JSON is not measured', async () => {
    const s = sandbox();
    s.fake('terraform', 'echo "Terraform plan, human-readable"');
    const a = await analyzer();
    const m = await measureLine(a.parse('terraform apply tfplan'), s.ctx());
    assert.match(m!.probes[0]!.sentence, /^Not measured: terraform show -json did not print JSON for tfplan$/);
  });

  test('apply -auto-approve without a plan offers the read-only plan command to review', async () => {
    const s = sandbox();
    const a = await analyzer();
    const m = await measureLine(a.parse('tofu -chdir=envs/dev apply -auto-approve'), s.ctx());
    const p = m!.probes[0]!;
    assert.equal(p.class, 'local');
    assert.deepEqual(p.review, { argv: ['tofu', '-chdir=envs/dev', 'plan', '-input=false', '-lock=false'], cwd: s.dir });
    assert.deepEqual(s.calls('tofu'), []);
  });

  test('destroy, plain apply (Terraform asks) and terragrunt are not probed', async () => {
    const s = withTerraform('plan-replace-db.json');
    const a = await analyzer();
    for (const line of ['terraform apply', 'terraform destroy', 'terraform apply -destroy tfplan', 'terragrunt apply tfplan', 'terraform plan -out tfplan']) assert.equal(await measureLine(a.parse(line), s.ctx()), undefined, line);
  });
});

/** A fake `terraform` whose `plan -out=FILE` saves the recorded plan there and whose `show -json FILE` prints it back. */
function withPlanning(output: string, program = 'terraform'): Sandbox {
  const s = sandbox();
  const recorded = path.join(fixturesDir, 'probes', output);
  s.fake(
    program,
    `for a in "$@"; do case "$a" in -out=*) out="\${a#-out=}" ;; esac; last="$a"; done
case " $* " in
  *" plan "*) cp '${recorded}' "$out"; echo "Plan: 2 to add, 1 to change, 3 to destroy." ;;
  *" show -json "*) cat "$last" ;;
  *) exit 9 ;;
esac`,
  );
  return s;
}

describe('Show Plan: the review an unreviewed apply offers', () => {
  test('runs terraform plan into a private file, reads it back, names the stateful resources and removes the file', async () => {
    const s = withPlanning('plan-replace-db.json');
    const a = await analyzer();
    const m = await measureLine(a.parse('terraform -chdir=infra apply -auto-approve'), s.ctx());
    const p = await reviewPlan(m!.probes[0]!, { env: s.ctx().env! });
    assert.equal(p.status, 'measured');
    assert.equal(p.loss, 'stateful');
    assert.equal(p.settled, false, 'apply -auto-approve plans again when it runs');
    assert.equal(p.sentence, 'terraform plan shows 2 to add, 1 to change, 3 to destroy. Replaces aws_db_instance.orders (its data goes) and destroys 2 more resources');
    assert.equal(p.review, undefined, 'shown once');
    const calls = s.calls('terraform');
    assert.equal(calls.length, 2);
    const file = /-out=(\S+)$/.exec(calls[0]!)?.[1];
    assert.ok(file, calls[0]);
    assert.equal(calls[0], `-chdir=infra plan -input=false -lock=false -no-color -out=${file}`);
    assert.equal(calls[1], `-chdir=infra show -json -no-color ${file}`);
    assert.ok(!fs.existsSync(path.dirname(file)), 'the saved plan is removed');
  });

  test('a plan that fails keeps the offer and says why', async () => {
    const s = sandbox();
    s.fake('terraform', 'echo "Error: No configuration files" >&2; exit 1');
    const a = await analyzer();
    const m = await measureLine(a.parse('terraform apply -auto-approve'), s.ctx());
    const p = await reviewPlan(m!.probes[0]!, { env: s.ctx().env! });
    assert.equal(p.status, 'not-measured');
    assert.equal(p.sentence, 'Not shown: terraform plan failed: Error: No configuration files; the plan was not reviewed');
    assert.ok(p.review, 'it can be tried again');
  });

  test('a person who stops it stops terraform', async () => {
    const s = sandbox();
    s.fake('terraform', 'exec sleep 30'); // terraform itself runs (no child holding its output open)
    const a = await analyzer();
    const m = await measureLine(a.parse('terraform apply -auto-approve'), s.ctx());
    const stop = new AbortController();
    const t0 = Date.now();
    setTimeout(() => stop.abort(), 200);
    const p = await reviewPlan(m!.probes[0]!, { env: s.ctx().env!, signal: stop.signal });
    assert.ok(Date.now() - t0 < 10_000, 'it did not wait for the plan');
    assert.match(p.sentence, /^Not shown: terraform was stopped before it finished/);
  });

  test('the line is judged again with the plan: replacing a database makes it critical', async () => {
    const s = withPlanning('plan-replace-db.json');
    const a = await analyzer();
    const ctx = s.ctx();
    const j = await judgeMeasured(a, 'terraform apply -auto-approve', ctx);
    assert.equal(j.verdict.decision, 'confirm');
    assert.equal(j.verdict.severity, 'high');
    assert.deepEqual(s.calls('terraform'), [], 'nothing runs until a person asks');
    const r = await reviewMeasured(a, j, ctx);
    assert.equal(r.verdict.severity, 'critical');
    const f = r.verdict.findings.find((x) => x.ruleId === 'iac.terraform-auto-approve');
    assert.match(f?.measured ?? '', /Replaces aws_db_instance\.orders \(its data goes\)/);
  });

  test("counts as Terraform says them: a replacement is one add and one destroy", () => {
    assert.equal(planCounts({ create: 1, update: 2, delete: 3, replace: 1, destroyed: [] }), '2 to add, 2 to change, 4 to destroy');
  });
});
