/**
 * Terraform / OpenTofu plans as JSON (`terraform show -json tfplan > plan.json`, `*.tfplan.json`,
 * any JSON with `resource_changes`): the resources the plan destroys or replaces, read with the
 * same analysis as the `terraform apply PLANFILE` probe (src/core/probe/terraform.ts). Stateful
 * resources (databases, buckets, volumes, key vaults, DNS zones, …) are critical and named.
 *
 * Only what this change adds counts: a resource the plan already destroyed before the edit does
 * not fire again.
 */
import { analysePlan } from '../../probe/terraform';
import type { PlanResource, PlanSummary } from '../../probe/types';
import type { Edit, EditRule, EditRuleFinding } from '../rule';

function planOf(edit: Edit, side: 'before' | 'after'): PlanSummary | undefined {
  return edit.memo(`tfplan:${side}`, () => {
    const text = side === 'before' ? edit.before : edit.after;
    if (text === null || !text.includes('"resource_changes"')) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return undefined;
    }
    const s = analysePlan(json);
    return 'problem' in s ? undefined : s;
  });
}

/** The after-line that names the resource in `resource_changes` (1 when it cannot be found). */
function lineOf(edit: Edit, r: PlanResource): number {
  const text = edit.text('after');
  const from = Math.max(0, text.indexOf('"resource_changes"'));
  const re = new RegExp(`"address"\\s*:\\s*${JSON.stringify(r.address).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g');
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? edit.lineAt('after', m.index) : 1;
}

const key = (r: PlanResource): string => `${r.action} ${r.address}`;

const MAX_FINDINGS = 50;

const planDestroy: EditRule = {
  id: 'terraform.plan-destroy',
  description: 'A Terraform/OpenTofu plan (JSON) that destroys or replaces resources; stateful ones (databases, buckets, volumes, …) are critical.',
  severity: 'high',
  suggestion: 'Read the plan before applying it: change the configuration so it updates in place, or keep the data (snapshot, prevent_destroy).',
  kinds: ['json'],
  check(edit) {
    const after = planOf(edit, 'after');
    if (!after) return undefined;
    const before = planOf(edit, 'before');
    const known = new Set(before?.destroyed.map(key) ?? []);
    const fresh = after.destroyed.filter((r) => !known.has(key(r)));
    const out: EditRuleFinding[] = [];
    for (const r of fresh.slice(0, MAX_FINDINGS)) {
      const verb = r.action === 'replace' ? 'replaces' : 'destroys';
      out.push({
        severity: r.holds ? 'critical' : 'high',
        message: r.holds ? `The plan ${verb} ${r.address}, a ${r.holds}: its data goes.` : `The plan ${verb} ${r.address}.`,
        line: lineOf(edit, r),
        side: 'after',
      });
    }
    return out;
  },
  examples: {
    match: [
      {
        name: 'a plan that replaces the orders database',
        path: 'plans/prod.tfplan.json',
        before: null,
        after:
          '{\n  "format_version": "1.2",\n  "resource_changes": [\n    {\n      "address": "aws_instance.web",\n      "mode": "managed",\n      "type": "aws_instance",\n      "change": { "actions": ["update"] }\n    },\n    {\n      "address": "aws_db_instance.orders",\n      "mode": "managed",\n      "type": "aws_db_instance",\n      "change": { "actions": ["delete", "create"] }\n    }\n  ]\n}\n',
        line: 11,
        side: 'after',
        severity: 'critical',
      },
      {
        name: 'a plan that destroys a load balancer',
        path: 'plan.json',
        before: null,
        after: '{"format_version":"1.2","resource_changes":[{"address":"aws_lb.main","mode":"managed","type":"aws_lb","change":{"actions":["delete"]}}]}\n',
        line: 1,
        side: 'after',
        severity: 'high',
      },
      {
        name: 'a new deletion in a plan that was saved before',
        path: 'out/staging.tfplan.json',
        before: '{"resource_changes":[{"address":"aws_lb.main","mode":"managed","type":"aws_lb","change":{"actions":["delete"]}}]}\n',
        after: '{"resource_changes":[{"address":"aws_lb.main","mode":"managed","type":"aws_lb","change":{"actions":["delete"]}},\n{"address":"google_storage_bucket.assets","mode":"managed","type":"google_storage_bucket","change":{"actions":["delete"]}}]}\n',
        line: 2,
        side: 'after',
        severity: 'critical',
      },
    ],
    nearMiss: [
      {
        name: 'a plan that only creates and updates',
        path: 'plans/dev.tfplan.json',
        before: null,
        after: '{"resource_changes":[{"address":"aws_s3_bucket.logs","mode":"managed","type":"aws_s3_bucket","change":{"actions":["create"]}},{"address":"aws_instance.web","mode":"managed","type":"aws_instance","change":{"actions":["update"]}}]}\n',
      },
      {
        name: 'a data source read is not a deletion',
        path: 'plan.json',
        before: null,
        after: '{"resource_changes":[{"address":"data.aws_ami.ubuntu","mode":"data","type":"aws_ami","change":{"actions":["delete","create"]}}]}\n',
      },
      {
        name: 'the same deletion, reformatted',
        path: 'plan.json',
        before: '{"resource_changes":[{"address":"aws_lb.main","mode":"managed","type":"aws_lb","change":{"actions":["delete"]}}]}\n',
        after: '{\n  "resource_changes": [\n    {"address": "aws_lb.main", "mode": "managed", "type": "aws_lb", "change": {"actions": ["delete"]}}\n  ]\n}\n',
      },
      {
        name: 'JSON that is not a plan',
        path: 'package.json',
        before: null,
        after: '{"name":"shop","scripts":{"resource_changes":"echo delete"}}\n',
      },
    ],
  },
};

export const tfplanRules: readonly EditRule[] = [planDestroy];
