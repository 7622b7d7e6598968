/**
 * Terraform / HCL (and Terragrunt): destroyed resources, renames without `moved`, protections
 * switched off, IAM wildcards and administrative ports opened to the internet.
 *
 * Both sides are read with the HCL block reader (../../formats/hcl). Removed and renamed resources are
 * found by comparing addresses; attribute rules fire only for attribute lines this change adds
 * (moved or re-indented lines do not count), or for protective attributes it removes from a
 * block that still exists.
 */
import type { Severity } from '../../severity';
import { attr, innerBlocks, literal, maskHcl, parseHcl, type HclAttr, type HclBlock, type HclFile } from '../../formats/hcl';
import { statefulHolding } from '../../probe/stateful';
import { newlyAdded, reallyRemoved, type Edit, type EditRule, type EditRuleFinding } from '../rule';

function hclOf(edit: Edit, side: 'before' | 'after'): HclFile {
  return edit.memo(`hcl:${side}`, () => parseHcl(edit.text(side), (o) => edit.lineAt(side, o)));
}

/** Resource types whose destruction is cheap and expected. */
const EPHEMERAL = /^(null_resource|terraform_data|random_\w+|time_\w+|local_file|local_sensitive_file|tls_private_key|tls_self_signed_cert|archive_file)$/;

function typeOf(address: string): string {
  return address.startsWith('module.') ? 'module' : address.split('.')[0] ?? '';
}

function destroySeverity(address: string): Severity {
  const t = typeOf(address);
  if (statefulHolding(t)) return 'critical';
  if (EPHEMERAL.test(t)) return 'low';
  return 'high';
}

function addressed(file: HclFile): Map<string, HclBlock> {
  const out = new Map<string, HclBlock>();
  for (const b of file.blocks) if (b.address && b.type !== 'data') out.set(b.address, b);
  return out;
}

function refOf(a: HclAttr | undefined): string | undefined {
  if (!a) return undefined;
  return a.value.replace(/\[[^\]]*\]/g, '').replace(/\s+/g, '').replace(/^"|"$/g, '');
}

interface StructuralDiff {
  removed: HclBlock[];
  renamed: { from: HclBlock; to: HclBlock }[];
  /** Addresses covered by a `moved` block (from → to) in the after side. */
  moved: Map<string, string>;
  /** Addresses forgotten with a `removed { lifecycle { destroy = false } }` block. */
  forgotten: Set<string>;
}

function bodySignature(b: HclBlock): Set<string> {
  const sig = new Set<string>();
  for (const a of b.attrs) sig.add(`${a.name}=${a.value.replace(/\s+/g, ' ')}`);
  for (const c of innerBlocks(b)) for (const a of c.attrs) sig.add(`${c.type}.${a.name}=${a.value.replace(/\s+/g, ' ')}`);
  return sig;
}

function similarity(a: HclBlock, x: Set<string>, b: HclBlock, y: Set<string>): number {
  if (typeOf(a.address ?? '') === 'module') {
    const sa = attr(a, 'source')?.value;
    return sa !== undefined && sa === attr(b, 'source')?.value ? 1 : 0;
  }
  if (x.size === 0 && y.size === 0) return 1;
  let common = 0;
  for (const s of x) if (y.has(s)) common++;
  return common / Math.max(x.size, y.size);
}

/** Upper bound on pairwise body comparisons when looking for renames (gone × new blocks). */
const RENAME_PAIR_BUDGET = 5_000;

function addressedOf(edit: Edit, side: 'before' | 'after'): Map<string, HclBlock> {
  return edit.memo(`terraform:addressed:${side}`, () => addressed(hclOf(edit, side)));
}

function structuralDiff(edit: Edit): StructuralDiff {
  return edit.memo('terraform:diff', () => {
    const out: StructuralDiff = { removed: [], renamed: [], moved: new Map(), forgotten: new Set() };
    if (edit.before === null) return out;
    const before = addressed(hclOf(edit, 'before'));
    const afterFile = edit.after === null ? { attrs: [], blocks: [] } : hclOf(edit, 'after');
    const after = addressed(afterFile);
    for (const b of afterFile.blocks) {
      if (b.type === 'moved') {
        const from = refOf(attr(b, 'from'));
        const to = refOf(attr(b, 'to'));
        if (from && to) out.moved.set(from, to);
      } else if (b.type === 'removed') {
        const from = refOf(attr(b, 'from'));
        const lc = b.blocks.find((x) => x.type === 'lifecycle');
        if (from && lc && literal(attr(lc, 'destroy')?.value ?? '') === 'false') out.forgotten.add(from);
      }
    }
    const gone = [...before.values()].filter((b) => !after.has(b.address!) && !out.moved.has(b.address!) && !out.forgotten.has(b.address!));
    const movedTargets = new Set(out.moved.values());
    const fresh = [...after.values()].filter((b) => !before.has(b.address!) && !movedTargets.has(b.address!));
    const sigs = new Map<HclBlock, Set<string>>();
    const sigOf = (b: HclBlock): Set<string> => {
      let s = sigs.get(b);
      if (!s) sigs.set(b, (s = bodySignature(b)));
      return s;
    };
    // Candidates by resource type; when there are too many pairs to compare (a rewrite of a
    // large file), only blocks whose bodies are identical count as renames.
    const freshByType = new Map<string, HclBlock[]>();
    for (const f of fresh) {
      const t = `${f.type}:${typeOf(f.address!)}`;
      const list = freshByType.get(t) ?? [];
      list.push(f);
      freshByType.set(t, list);
    }
    const keyOf = (b: HclBlock): string => [...sigOf(b)].sort().join('\n');
    let exactMap: Map<string, HclBlock[]> | undefined;
    const exact = (): Map<string, HclBlock[]> => {
      if (!exactMap) {
        exactMap = new Map();
        for (const f of fresh) {
          const k = `${f.type}:${typeOf(f.address!)}:${keyOf(f)}`;
          const list = exactMap.get(k) ?? [];
          list.push(f);
          exactMap.set(k, list);
        }
      }
      return exactMap;
    };
    let budget = RENAME_PAIR_BUDGET;
    const taken = new Set<HclBlock>();
    for (const g of gone) {
      const candidates = freshByType.get(`${g.type}:${typeOf(g.address!)}`) ?? [];
      let best: HclBlock | undefined;
      let bestScore = 0;
      const gs = sigOf(g);
      for (const f of candidates) {
        if (taken.has(f)) continue;
        if (budget <= 0) {
          const list = exact().get(`${g.type}:${typeOf(g.address!)}:${keyOf(g)}`) ?? [];
          best = list.find((c) => !taken.has(c));
          bestScore = best ? 1 : 0;
          break;
        }
        budget--;
        const sc = similarity(g, gs, f, sigOf(f));
        if (sc > bestScore) {
          best = f;
          bestScore = sc;
        }
      }
      if (best && bestScore >= 0.5) {
        out.renamed.push({ from: g, to: best });
        taken.add(best);
      } else out.removed.push(g);
    }
    return out;
  });
}

/** Lines this change really adds (not moved), as a set of after-line numbers. */
function addedLineSet(edit: Edit): Set<number> {
  return edit.memo('terraform:added', () => new Set(newlyAdded(edit).map((l) => l.line)));
}

function removedLineSet(edit: Edit): Set<number> {
  return edit.memo('terraform:removed', () => new Set(reallyRemoved(edit).map((l) => l.line)));
}

interface Located {
  attr: HclAttr;
  /** The resource (or top-level) block it belongs to; undefined at the top level. */
  owner?: HclBlock;
  /** The innermost block holding it. */
  parent?: HclBlock;
}

/** Every attribute of a side, with its owning top-level block. */
function allAttrs(file: HclFile): Located[] {
  const out: Located[] = file.attrs.map((a) => ({ attr: a }));
  const visit = (b: HclBlock, owner: HclBlock): void => {
    for (const a of b.attrs) out.push({ attr: a, owner, parent: b });
    for (const c of b.blocks) visit(c, owner);
  };
  for (const b of file.blocks) visit(b, b);
  return out;
}

function attrsOf(edit: Edit, side: 'before' | 'after'): Located[] {
  return edit.memo(`terraform:attrs:${side}`, () => allAttrs(hclOf(edit, side)));
}

/** Attributes named `names` whose line this change adds and whose value satisfies `pred`. */
function addedAttrs(edit: Edit, names: readonly string[], pred: (value: string) => boolean): Located[] {
  if (edit.after === null) return [];
  const added = addedLineSet(edit);
  return attrsOf(edit, 'after').filter((l) => names.includes(l.attr.name) && pred(l.attr.value) && added.has(l.attr.line));
}

/**
 * Attributes named `names` with a value satisfying `pred` that this change removes from a block
 * that still exists on the after side (so the protection is gone, not the resource).
 */
function removedAttrs(edit: Edit, names: readonly string[], pred: (value: string) => boolean): Located[] {
  if (edit.before === null || edit.after === null) return [];
  const removed = removedLineSet(edit);
  const afterAddr = addressedOf(edit, 'after');
  const present = edit.memo('terraform:attr-owners-after', () => new Set(attrsOf(edit, 'after').map((x) => `${x.owner?.address ?? ''}\u0000${x.attr.name}`)));
  return attrsOf(edit, 'before').filter((l) => {
    if (!names.includes(l.attr.name) || !pred(l.attr.value) || !removed.has(l.attr.line)) return false;
    // Still present on the after side (perhaps moved, or with a new value that the
    // added-attribute check judges)?
    const owner = l.owner?.address;
    if (present.has(`${owner ?? ''}\u0000${l.attr.name}`)) return false;
    return owner === undefined ? true : afterAddr.has(owner);
  });
}

const where = (l: Located): string => (l.owner?.address ? ` on ${l.owner.address}` : '');

// ---------------------------------------------------------------------------------------------
// IAM wildcards and open ingress (text inside policies is not HCL, so these read lines)

const ACTION_STAR = /(?:^|[\s{,])"?(Action|actions|NotAction|not_actions)"?\s*[:=]\s*\[?\s*"\*"/;
const RESOURCE_STAR = /(?:^|[\s{,])"?(Resource|resources)"?\s*[:=]\s*\[?\s*"\*"/;
const PRINCIPAL_STAR = /(?:^|[\s{,])"?Principal"?\s*[:=]\s*(\{\s*"?AWS"?\s*[:=]\s*)?\[?\s*"\*"/;
const SERVICE_STAR = /(?:^|[\s{,])"?(Action|actions)"?\s*[:=]\s*\[?[^\]]*"[a-z0-9-]+:\*"/;

/** The `{ … }` object around `offset` in raw text (braces in strings are rare in policies). */
function enclosingObject(text: string, offset: number): [number, number] {
  let depth = 0;
  let start = 0;
  for (let i = offset; i >= 0; i--) {
    const c = text[i];
    if (c === '}') depth++;
    else if (c === '{') {
      if (depth === 0) {
        start = i;
        break;
      }
      depth--;
    }
  }
  depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return [start, i + 1];
    }
  }
  return [start, text.length];
}

const ADMIN_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [23, 'Telnet'],
  [3389, 'RDP'],
  [5900, 'VNC'],
  [3306, 'MySQL'],
  [5432, 'PostgreSQL'],
  [1433, 'SQL Server'],
  [1521, 'Oracle'],
  [6379, 'Redis'],
  [27017, 'MongoDB'],
  [9200, 'Elasticsearch'],
  [9042, 'Cassandra'],
  [5984, 'CouchDB'],
  [11211, 'Memcached'],
  [2375, 'Docker API'],
  [2376, 'Docker API'],
  [6443, 'Kubernetes API'],
  [2379, 'etcd'],
]);

const OPEN_CIDR = /"(0\.0\.0\.0\/0|::\/0|\*|Internet|Any)"/;

function portsOf(block: HclBlock): [number, number] | 'all' | undefined {
  const proto = literal(attr(block, 'protocol')?.value ?? attr(block, 'ip_protocol')?.value ?? '');
  const from = attr(block, 'from_port')?.value;
  const to = attr(block, 'to_port')?.value;
  if (proto === '-1' || proto === 'all') return 'all';
  if (from !== undefined && to !== undefined) {
    const f = Number(literal(from));
    const t = Number(literal(to));
    if (Number.isFinite(f) && Number.isFinite(t)) return f === 0 && (t === 0 || t === 65535) ? 'all' : [f, t];
    return undefined;
  }
  // azurerm_network_security_rule: destination_port_range(s)
  const range = attr(block, 'destination_port_range')?.value ?? attr(block, 'destination_port_ranges')?.value;
  if (range !== undefined) {
    if (/"\*"/.test(range)) return 'all';
    const nums = [...range.matchAll(/(\d+)(?:-(\d+))?/g)];
    if (nums.length > 0) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const m of nums) {
        lo = Math.min(lo, Number(m[1]));
        hi = Math.max(hi, Number(m[2] ?? m[1]));
      }
      return [lo, hi];
    }
  }
  return undefined;
}

function exposedAdmin(ports: [number, number] | 'all'): string[] {
  if (ports === 'all') return ['all ports'];
  const out: string[] = [];
  for (const [p, name] of ADMIN_PORTS) if (p >= ports[0] && p <= ports[1]) out.push(`${p} (${name})`);
  return out;
}

/** Blocks that describe one inbound rule: `ingress {}` in a security group, or a rule resource. */
function ingressBlocks(file: HclFile): { rule: HclBlock; owner: HclBlock }[] {
  const out: { rule: HclBlock; owner: HclBlock }[] = [];
  for (const b of file.blocks) {
    const t = b.type === 'resource' ? b.labels[0] ?? '' : '';
    if (t === 'aws_security_group' || t === 'aws_default_security_group') {
      for (const c of b.blocks) if (c.type === 'ingress') out.push({ rule: c, owner: b });
    } else if (t === 'aws_security_group_rule') {
      if (literal(attr(b, 'type')?.value ?? '') === 'ingress') out.push({ rule: b, owner: b });
    } else if (t === 'aws_vpc_security_group_ingress_rule' || t === 'azurerm_network_security_rule') {
      out.push({ rule: b, owner: b });
    } else if (t === 'azurerm_network_security_group') {
      for (const c of b.blocks) if (c.type === 'security_rule') out.push({ rule: c, owner: b });
    } else if (t === 'google_compute_firewall') {
      out.push({ rule: b, owner: b });
    }
  }
  return out;
}

function openSources(rule: HclBlock): HclAttr | undefined {
  for (const name of ['cidr_blocks', 'ipv6_cidr_blocks', 'cidr_ipv4', 'cidr_ipv6', 'source_ranges']) {
    const a = attr(rule, name);
    if (a && /"(0\.0\.0\.0\/0|::\/0)"/.test(a.value)) return a;
  }
  for (const name of ['source_address_prefix', 'source_address_prefixes']) {
    const a = attr(rule, name);
    if (a && OPEN_CIDR.test(a.value)) return a;
  }
  return undefined;
}

function gcpPorts(rule: HclBlock): [number, number] | 'all' | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  let any = false;
  for (const al of rule.blocks.filter((x) => x.type === 'allow')) {
    any = true;
    const ports = attr(al, 'ports')?.value;
    const proto = literal(attr(al, 'protocol')?.value ?? '');
    if (ports === undefined || proto === 'all') return 'all';
    for (const m of ports.matchAll(/(\d+)(?:-(\d+))?/g)) {
      lo = Math.min(lo, Number(m[1]));
      hi = Math.max(hi, Number(m[2] ?? m[1]));
    }
  }
  if (!any || lo === Infinity) return undefined;
  return [lo, hi];
}

function blockLines(b: HclBlock): number[] {
  const out: number[] = [];
  for (let l = b.line; l <= b.endLine; l++) out.push(l);
  return out;
}

// ---------------------------------------------------------------------------------------------

const TF = 'infra/main.tf';

const boolTrue = (v: string): boolean => literal(v) === 'true';
const boolFalse = (v: string): boolean => literal(v) === 'false';

export const terraformRules: EditRule[] = [
  {
    id: 'terraform.resource-removed',
    description: 'A resource or module block is removed: the next apply destroys it',
    severity: 'high',
    suggestion: 'If the resource moved to another file or module, add a `moved` block; to stop managing it without destroying it, use a `removed` block with `lifecycle { destroy = false }`.',
    kinds: ['terraform'],
    examples: {
      match: [
        {
          name: 'database removed',
          path: TF,
          before: 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n\nresource "aws_db_instance" "main" {\n  engine         = "postgres"\n  instance_class = "db.t3.micro"\n}\n',
          after: 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n',
          line: 5,
          side: 'before',
          severity: 'critical',
        },
        {
          name: 'module removed',
          path: 'envs/prod/main.tf',
          before: 'module "vpc" {\n  source = "../../modules/vpc"\n  cidr   = "10.0.0.0/16"\n}\n\nmodule "dns" {\n  source = "../../modules/dns"\n}\n',
          after: 'module "dns" {\n  source = "../../modules/dns"\n}\n',
          line: 1,
          side: 'before',
          severity: 'high',
        },
        {
          name: 'whole .tf file deleted',
          path: 'infra/queues.tf',
          before: 'resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n',
          after: null,
          line: 1,
          side: 'before',
        },
      ],
      nearMiss: [
        {
          name: 'moved block covers the change',
          path: TF,
          before: 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n',
          after: 'module "storage" {\n  source = "./modules/storage"\n}\n\nmoved {\n  from = aws_s3_bucket.logs\n  to   = module.storage.aws_s3_bucket.logs\n}\n',
        },
        {
          name: 'removed block with destroy = false',
          path: TF,
          before: 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n',
          after: 'removed {\n  from = aws_s3_bucket.logs\n\n  lifecycle {\n    destroy = false\n  }\n}\n',
        },
        {
          name: 'data source removed',
          path: TF,
          before: 'data "aws_caller_identity" "current" {}\n\nresource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n',
          after: 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n',
        },
        {
          name: 'random_id removed',
          path: TF,
          before: 'resource "random_id" "suffix" {\n  byte_length = 4\n}\n',
          after: '',
        },
      ],
    },
    check(edit) {
      const d = structuralDiff(edit);
      return d.removed.map((b): EditRuleFinding => {
        const severity = destroySeverity(b.address!);
        const kind = typeOf(b.address!) === 'module' ? 'module' : 'resource';
        const guarded = b.blocks.some((c) => c.type === 'lifecycle' && boolTrue(attr(c, 'prevent_destroy')?.value ?? ''));
        return {
          severity,
          message: `removes ${kind} ${b.address}: the next apply destroys it${kind === 'module' ? ' and everything it manages' : ''}${severity === 'critical' ? ' and the data it holds' : ''}${guarded ? ' (it had prevent_destroy)' : ''}`,
          line: b.line,
          side: 'before',
          endLine: b.endLine,
        };
      });
    },
  },
  {
    id: 'terraform.renamed-without-moved',
    description: 'A resource or module is renamed without a `moved` block: Terraform destroys and recreates it',
    severity: 'high',
    suggestion: 'Add `moved { from = <old address>  to = <new address> }` so Terraform keeps the existing object.',
    kinds: ['terraform'],
    examples: {
      match: [
        {
          name: 'bucket renamed',
          path: TF,
          before: 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n  tags   = { team = "ops" }\n}\n',
          after: 'resource "aws_s3_bucket" "audit_logs" {\n  bucket = "acme-logs"\n  tags   = { team = "ops" }\n}\n',
          line: 1,
          side: 'after',
          severity: 'critical',
        },
        {
          name: 'module renamed',
          path: TF,
          before: 'module "network" {\n  source = "./modules/vpc"\n}\n',
          after: 'module "vpc" {\n  source = "./modules/vpc"\n}\n',
          line: 1,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'renamed with moved block',
          path: TF,
          before: 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n',
          after: 'resource "aws_s3_bucket" "audit_logs" {\n  bucket = "acme-logs"\n}\n\nmoved {\n  from = aws_s3_bucket.logs\n  to   = aws_s3_bucket.audit_logs\n}\n',
        },
        {
          name: 'new resource of the same type added',
          path: TF,
          before: 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n',
          after: 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n\nresource "aws_s3_bucket" "assets" {\n  bucket = "acme-assets"\n}\n',
        },
      ],
    },
    check(edit) {
      return structuralDiff(edit).renamed.map(({ from, to }): EditRuleFinding => ({
        severity: destroySeverity(from.address!) === 'low' ? 'low' : destroySeverity(from.address!),
        message: `renames ${from.address} to ${to.address} without a moved block: Terraform destroys the old object and creates a new one`,
        line: to.line,
        side: 'after',
        suggestion: `Add: moved { from = ${from.address}  to = ${to.address} }`,
      }));
    },
  },
  {
    id: 'terraform.prevent-destroy-removed',
    description: '`lifecycle { prevent_destroy = true }` removed or set to false',
    severity: 'high',
    suggestion: 'Keep prevent_destroy = true on resources that hold data; remove it only in a reviewed change that means to destroy them.',
    kinds: ['terraform'],
    examples: {
      match: [
        {
          name: 'set to false',
          path: TF,
          before: 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n',
          after: 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n\n  lifecycle {\n    prevent_destroy = false\n  }\n}\n',
          line: 5,
          side: 'after',
        },
        {
          name: 'lifecycle block deleted',
          path: TF,
          before: 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n',
          after: 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n}\n',
          line: 5,
          side: 'before',
        },
        {
          name: 'terragrunt top-level prevent_destroy dropped',
          path: 'live/prod/rds/terragrunt.hcl',
          before: 'terraform {\n  source = "../../modules/rds"\n}\n\nprevent_destroy = true\n',
          after: 'terraform {\n  source = "../../modules/rds"\n}\n',
          line: 5,
          side: 'before',
        },
      ],
      nearMiss: [
        {
          name: 'commented prevent_destroy = false',
          path: TF,
          before: 'resource "aws_db_instance" "main" {\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n',
          after: 'resource "aws_db_instance" "main" {\n  lifecycle {\n    prevent_destroy = true\n    # prevent_destroy = false\n  }\n}\n',
        },
        {
          name: 'block re-indented',
          path: TF,
          before: 'resource "aws_db_instance" "main" {\n  lifecycle {\n      prevent_destroy = true\n  }\n}\n',
          after: 'resource "aws_db_instance" "main" {\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n',
        },
      ],
    },
    check(edit) {
      const out: EditRuleFinding[] = [];
      for (const l of addedAttrs(edit, ['prevent_destroy'], boolFalse)) {
        out.push({ message: `sets prevent_destroy = false${where(l)}: Terraform may now destroy it`, line: l.attr.line, side: 'after' });
      }
      for (const l of removedAttrs(edit, ['prevent_destroy'], boolTrue)) {
        out.push({ message: `removes prevent_destroy${where(l)}: Terraform may now destroy it`, line: l.attr.line, side: 'before' });
      }
      return out;
    },
  },
  {
    id: 'terraform.deletion-protection-off',
    description: 'Deletion protection turned off (deletion_protection, enable_deletion_protection, disable_api_termination)',
    severity: 'high',
    suggestion: 'Keep deletion protection on; turn it off only in the reviewed change that deletes the resource.',
    kinds: ['terraform'],
    examples: {
      match: [
        {
          name: 'rds deletion_protection false',
          path: TF,
          before: 'resource "aws_db_instance" "main" {\n  engine              = "postgres"\n  deletion_protection = true\n}\n',
          after: 'resource "aws_db_instance" "main" {\n  engine              = "postgres"\n  deletion_protection = false\n}\n',
          line: 3,
          side: 'after',
        },
        {
          name: 'deletion_protection = true removed',
          path: TF,
          before: 'resource "google_sql_database_instance" "main" {\n  name                = "main"\n  deletion_protection = true\n}\n',
          after: 'resource "google_sql_database_instance" "main" {\n  name = "main"\n}\n',
          line: 3,
          side: 'before',
        },
      ],
      nearMiss: [
        {
          name: 'turned on',
          path: TF,
          before: 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n}\n',
          after: 'resource "aws_db_instance" "main" {\n  engine              = "postgres"\n  deletion_protection = true\n}\n',
        },
        {
          name: 'variable default false unchanged while description edited',
          path: 'infra/variables.tf',
          before: 'variable "deletion_protection" {\n  type    = bool\n  default = true\n}\n',
          after: 'variable "deletion_protection" {\n  description = "Protect the database from deletion"\n  type        = bool\n  default     = true\n}\n',
        },
      ],
    },
    check(edit) {
      const names = ['deletion_protection', 'deletion_protection_enabled', 'enable_deletion_protection', 'termination_protection'];
      const out: EditRuleFinding[] = [];
      for (const l of addedAttrs(edit, names, boolFalse)) {
        out.push({ message: `turns off ${l.attr.name}${where(l)}: it can now be deleted by any apply or API call`, line: l.attr.line, side: 'after' });
      }
      for (const l of addedAttrs(edit, ['disable_api_termination'], boolFalse)) {
        out.push({ message: `allows API termination${where(l)}`, line: l.attr.line, side: 'after', severity: 'medium' });
      }
      for (const l of removedAttrs(edit, names, boolTrue)) {
        out.push({ message: `removes ${l.attr.name} = true${where(l)}: protection falls back to the provider default (usually off)`, line: l.attr.line, side: 'before' });
      }
      return out;
    },
  },
  {
    id: 'terraform.force-destroy',
    description: '`force_destroy = true`: destroying the bucket or zone deletes everything in it',
    severity: 'high',
    suggestion: 'Leave force_destroy false so a destroy fails while the bucket still holds objects.',
    kinds: ['terraform'],
    examples: {
      match: [
        {
          name: 'bucket force_destroy',
          path: TF,
          before: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n',
          after: 'resource "aws_s3_bucket" "data" {\n  bucket        = "acme-data"\n  force_destroy = true\n}\n',
          line: 3,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'force_destroy false',
          path: TF,
          before: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n',
          after: 'resource "aws_s3_bucket" "data" {\n  bucket        = "acme-data"\n  force_destroy = false\n}\n',
        },
        {
          name: 'force_destroy in a comment',
          path: TF,
          before: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n',
          after: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n  // force_destroy = true only in sandboxes\n}\n',
        },
      ],
    },
    check(edit) {
      return addedAttrs(edit, ['force_destroy'], boolTrue).map((l) => ({
        severity: l.owner?.address && /^aws_s3_bucket\.|^google_storage_bucket\./.test(l.owner.address) ? 'high' : 'medium',
        message: `sets force_destroy = true${where(l)}: a destroy also deletes everything stored in it`,
        line: l.attr.line,
        side: 'after' as const,
      }));
    },
  },
  {
    id: 'terraform.skip-final-snapshot',
    description: '`skip_final_snapshot = true`: the database is deleted without a last snapshot',
    severity: 'high',
    suggestion: 'Keep skip_final_snapshot = false and set final_snapshot_identifier.',
    kinds: ['terraform'],
    examples: {
      match: [
        {
          name: 'rds skip snapshot',
          path: TF,
          before: 'resource "aws_db_instance" "main" {\n  engine              = "postgres"\n  skip_final_snapshot = false\n}\n',
          after: 'resource "aws_db_instance" "main" {\n  engine              = "postgres"\n  skip_final_snapshot = true\n}\n',
          line: 3,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'false',
          path: TF,
          before: null,
          after: 'resource "aws_db_instance" "main" {\n  engine                    = "postgres"\n  skip_final_snapshot       = false\n  final_snapshot_identifier = "main-final"\n}\n',
        },
      ],
    },
    check(edit) {
      return addedAttrs(edit, ['skip_final_snapshot'], boolTrue).map((l) => ({
        message: `sets skip_final_snapshot = true${where(l)}: deleting the database leaves no final snapshot`,
        line: l.attr.line,
        side: 'after' as const,
      }));
    },
  },
  {
    id: 'terraform.backups-disabled',
    description: 'Backups set to zero or switched off (backup_retention_period = 0, point-in-time recovery off, backup_configuration disabled)',
    severity: 'high',
    suggestion: 'Keep automated backups with a retention of at least 7 days on data stores.',
    kinds: ['terraform'],
    examples: {
      match: [
        {
          name: 'retention 0',
          path: TF,
          before: 'resource "aws_db_instance" "main" {\n  backup_retention_period = 14\n}\n',
          after: 'resource "aws_db_instance" "main" {\n  backup_retention_period = 0\n}\n',
          line: 2,
          side: 'after',
        },
        {
          name: 'dynamodb pitr off',
          path: TF,
          before: 'resource "aws_dynamodb_table" "t" {\n  name = "orders"\n\n  point_in_time_recovery {\n    enabled = true\n  }\n}\n',
          after: 'resource "aws_dynamodb_table" "t" {\n  name = "orders"\n\n  point_in_time_recovery {\n    enabled = false\n  }\n}\n',
          line: 5,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'retention raised',
          path: TF,
          before: 'resource "aws_db_instance" "main" {\n  backup_retention_period = 7\n}\n',
          after: 'resource "aws_db_instance" "main" {\n  backup_retention_period = 30\n}\n',
        },
        {
          name: 'unrelated enabled = false',
          path: TF,
          before: 'resource "aws_cloudwatch_event_rule" "r" {\n  name = "x"\n}\n',
          after: 'resource "aws_cloudwatch_event_rule" "r" {\n  name = "x"\n\n  retry_policy {\n    enabled = false\n  }\n}\n',
        },
      ],
    },
    check(edit) {
      const out: EditRuleFinding[] = [];
      const zero = (v: string): boolean => literal(v) === '0';
      for (const l of addedAttrs(edit, ['backup_retention_period', 'backup_retention_days', 'snapshot_retention_limit', 'retention_period', 'backup_retention_period_in_days'], zero)) {
        out.push({ message: `sets ${l.attr.name} = 0${where(l)}: automated backups are turned off`, line: l.attr.line, side: 'after' });
      }
      for (const l of addedAttrs(edit, ['enabled'], boolFalse)) {
        if (l.parent && /^(point_in_time_recovery|backup_configuration|backup|continuous_backup)$/.test(l.parent.type)) {
          out.push({ message: `turns off ${l.parent.type}${where(l)}: the data can no longer be restored`, line: l.attr.line, side: 'after' });
        }
      }
      for (const l of addedAttrs(edit, ['point_in_time_recovery_enabled'], boolFalse)) {
        out.push({ message: `turns off point-in-time recovery${where(l)}`, line: l.attr.line, side: 'after' });
      }
      return out;
    },
  },
  {
    id: 'terraform.iam-wildcard',
    description: 'IAM policy grants Action "*" / Resource "*" / Principal "*" (HCL policy documents, jsonencode and JSON heredocs)',
    severity: 'high',
    suggestion: 'List the actions and resource ARNs the workload needs; never combine Action "*" with Resource "*".',
    kinds: ['terraform'],
    examples: {
      match: [
        {
          name: 'jsonencode Action and Resource *',
          path: 'infra/iam.tf',
          before: null,
          after:
            'resource "aws_iam_policy" "deployer" {\n  name = "deployer"\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{\n      Effect   = "Allow"\n      Action   = "*"\n      Resource = "*"\n    }]\n  })\n}\n',
          line: 7,
          side: 'after',
          severity: 'critical',
        },
        {
          name: 'policy document actions ["*"]',
          path: 'infra/iam.tf',
          before: 'data "aws_iam_policy_document" "ci" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::acme-artifacts/*"]\n  }\n}\n',
          after: 'data "aws_iam_policy_document" "ci" {\n  statement {\n    actions   = ["*"]\n    resources = ["arn:aws:s3:::acme-artifacts/*"]\n  }\n}\n',
          line: 3,
          side: 'after',
          severity: 'high',
        },
        {
          name: 'heredoc JSON',
          path: 'infra/iam.tf',
          before: null,
          after: 'resource "aws_iam_role_policy" "p" {\n  role   = aws_iam_role.app.id\n  policy = <<EOF\n{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]\n}\nEOF\n}\n',
          line: 6,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'resource ARN ending in /*',
          path: 'infra/iam.tf',
          before: null,
          after: 'data "aws_iam_policy_document" "read" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::acme-artifacts/*"]\n  }\n}\n',
        },
        {
          name: 'wildcard in a comment',
          path: 'infra/iam.tf',
          before: null,
          after: '# never use Action = "*"\nresource "aws_iam_policy" "p" {\n  name = "p"\n}\n',
        },
      ],
    },
    check(edit) {
      if (edit.after === null) return [];
      const text = maskHclComments(edit);
      const out: EditRuleFinding[] = [];
      for (const l of newlyAdded(edit)) {
        const line = lineOf(text, edit, l.line);
        if (ACTION_STAR.test(line)) {
          const [s, e] = enclosingObject(text, edit.offsetOf('after', l.line) + line.search(ACTION_STAR) + 1);
          const both = RESOURCE_STAR.test(text.slice(s, e));
          const deny = /"?Effect"?\s*[:=]\s*"Deny"|\beffect\s*=\s*"DENY"/.test(text.slice(s, e));
          if (deny) continue;
          out.push({
            severity: both ? 'critical' : 'high',
            message: both ? 'grants every action on every resource (Action "*" with Resource "*"): full administrator access' : 'grants every action (Action "*")',
            line: l.line,
            side: 'after',
          });
        } else if (PRINCIPAL_STAR.test(line)) {
          const [s, e] = enclosingObject(text, edit.offsetOf('after', l.line) + line.search(PRINCIPAL_STAR) + 1);
          if (/"?Condition"?\s*[:=]|\bcondition\s*\{/.test(text.slice(s, e))) continue;
          out.push({ severity: 'high', message: 'allows any principal (Principal "*"): anyone on the internet can use this permission', line: l.line, side: 'after' });
        } else if (RESOURCE_STAR.test(line)) {
          const [s, e] = enclosingObject(text, edit.offsetOf('after', l.line) + line.search(RESOURCE_STAR) + 1);
          const obj = text.slice(s, e);
          if (ACTION_STAR.test(obj) || /"?Effect"?\s*[:=]\s*"Deny"/.test(obj)) continue; // reported on the Action line
          if (SERVICE_STAR.test(obj)) {
            out.push({ severity: 'high', message: 'grants a whole service ("service:*") on every resource (Resource "*")', line: l.line, side: 'after' });
          } else if (/(Delete|Put|Update|Create|Attach|Pass|\*)/.test(obj)) {
            out.push({ severity: 'medium', message: 'applies write permissions to every resource (Resource "*")', line: l.line, side: 'after' });
          }
        }
      }
      return out;
    },
  },
  {
    id: 'terraform.open-ingress',
    description: 'Security group or firewall rule opens an administrative or database port to 0.0.0.0/0 or ::/0',
    severity: 'high',
    suggestion: 'Restrict the source to a VPN or bastion CIDR, or use a managed access path (SSM Session Manager, IAP).',
    kinds: ['terraform'],
    examples: {
      match: [
        {
          name: 'ssh open to the world',
          path: 'infra/network.tf',
          before: 'resource "aws_security_group" "bastion" {\n  name = "bastion"\n\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["10.0.0.0/8"]\n  }\n}\n',
          after: 'resource "aws_security_group" "bastion" {\n  name = "bastion"\n\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n',
          line: 8,
          side: 'after',
        },
        {
          name: 'postgres rule resource',
          path: 'infra/network.tf',
          before: null,
          after: 'resource "aws_security_group_rule" "db" {\n  type              = "ingress"\n  from_port         = 5432\n  to_port           = 5432\n  protocol          = "tcp"\n  ipv6_cidr_blocks  = ["::/0"]\n  security_group_id = aws_security_group.db.id\n}\n',
          line: 6,
          side: 'after',
        },
        {
          name: 'gcp firewall rdp',
          path: 'infra/gcp.tf',
          before: null,
          after: 'resource "google_compute_firewall" "rdp" {\n  name    = "allow-rdp"\n  network = "default"\n\n  allow {\n    protocol = "tcp"\n    ports    = ["3389"]\n  }\n\n  source_ranges = ["0.0.0.0/0"]\n}\n',
          line: 10,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'https open to the world',
          path: 'infra/network.tf',
          before: null,
          after: 'resource "aws_security_group" "web" {\n  ingress {\n    from_port   = 443\n    to_port     = 443\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n',
        },
        {
          name: 'ssh from the VPN range',
          path: 'infra/network.tf',
          before: null,
          after: 'resource "aws_security_group" "bastion" {\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["10.8.0.0/16"]\n  }\n}\n',
        },
        {
          name: 'egress to anywhere',
          path: 'infra/network.tf',
          before: null,
          after: 'resource "aws_security_group" "app" {\n  egress {\n    from_port   = 0\n    to_port     = 0\n    protocol    = "-1"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n',
        },
      ],
    },
    check(edit) {
      if (edit.after === null) return [];
      const added = addedLineSet(edit);
      const out: EditRuleFinding[] = [];
      for (const { rule, owner } of ingressBlocks(hclOf(edit, 'after'))) {
        if (!blockLines(rule).some((l) => added.has(l))) continue;
        const src = openSources(rule);
        if (!src) continue;
        const t = owner.labels[0] ?? '';
        if (t === 'azurerm_network_security_rule' || rule.type === 'security_rule') {
          if (literal(attr(rule, 'direction')?.value ?? '') !== 'inbound' || literal(attr(rule, 'access')?.value ?? '') !== 'allow') continue;
        }
        const ports = t === 'google_compute_firewall' ? gcpPorts(rule) : portsOf(rule);
        if (ports === undefined) continue;
        const exposed = exposedAdmin(ports);
        if (exposed.length === 0) continue;
        out.push({
          severity: 'high',
          message: `opens ${exposed.slice(0, 3).join(', ')}${exposed.length > 3 ? ', …' : ''} on ${owner.address ?? t} to the whole internet (${OPEN_CIDR.exec(src.value)?.[1] ?? 'any'})`,
          line: added.has(src.line) ? src.line : rule.line,
          side: 'after',
        });
      }
      return out;
    },
  },
];

function maskHclComments(edit: Edit): string {
  return edit.memo('terraform:masked-after', () => maskHcl(edit.text('after')).text);
}

function lineOf(masked: string, edit: Edit, line: number): string {
  const s = edit.offsetOf('after', line);
  const e = masked.indexOf('\n', s);
  return masked.slice(s, e === -1 ? masked.length : e);
}
