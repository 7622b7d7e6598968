/**
 * CloudFormation templates, AWS CDK and Pulumi programs: resources removed from a template,
 * deletion policies loosened, and code that lets stacks delete data (RemovalPolicy.DESTROY,
 * autoDeleteObjects, protect: false, retainOnDelete: false).
 *
 * Templates (YAML or JSON, intrinsic-function tags allowed) are compared by logical id.
 * CDK and Pulumi code is read line by line over comment-masked text; only lines this change
 * really adds count, or protective settings it really removes.
 */
import type { Severity } from '../../severity';
import { familyOf, maskCode } from '../code';
import { newlyAdded, reallyRemoved, type Edit, type EditLine, type EditRule, type EditRuleFinding } from '../rule';
import type { YamlDocument } from '../../formats/yaml';
import { parseYamlDocuments, scanYamlDocuments } from '../documents';

interface CfnResource {
  id: string;
  type: string;
  line: number;
  deletionPolicy?: { value: string; line: number };
  updateReplacePolicy?: { value: string; line: number };
}

/** Logical id → resource, for the first document that looks like a template. */
function cfnResources(edit: Edit, side: 'before' | 'after'): Map<string, CfnResource> | undefined {
  return edit.memo(`cfn:${side}`, () => {
    if ((side === 'before' ? edit.before : edit.after) === null) return undefined;
    // YAML templates with the fast line reader (intrinsic-function tags read as plain values);
    // JSON templates with the full parser.
    const docs: YamlDocument[] = edit.file.language === 'json' ? parseYamlDocuments(edit, side) : scanYamlDocuments(edit, side);
    for (const d of docs) {
      if (d.errors > 0) return undefined;
      if (!d.entries.some((e) => e.path.length === 1 && e.path[0] === 'Resources')) continue;
      const out = new Map<string, CfnResource>();
      for (const e of d.entries) {
        if (e.path[0] !== 'Resources') continue;
        if (e.path.length === 2) {
          const id = String(e.path[1]);
          out.set(id, { id, type: '', line: e.line });
        } else if (e.path.length === 3 && e.value !== undefined) {
          const r = out.get(String(e.path[1]));
          if (!r) continue;
          if (e.path[2] === 'Type') r.type = e.value;
          if (e.path[2] === 'DeletionPolicy') r.deletionPolicy = { value: e.value, line: e.line };
          if (e.path[2] === 'UpdateReplacePolicy') r.updateReplacePolicy = { value: e.value, line: e.line };
        }
      }
      return out;
    }
    return undefined;
  });
}

const CFN_STATEFUL =
  /^AWS::(RDS::(DBInstance|DBCluster|GlobalCluster)|S3::Bucket|DynamoDB::(Table|GlobalTable)|EFS::FileSystem|EC2::Volume|KMS::Key|ElastiCache::(CacheCluster|ReplicationGroup)|Redshift::Cluster|DocDB::DBCluster|Neptune::DBCluster|OpenSearchService::Domain|Elasticsearch::Domain|Cognito::UserPool|SecretsManager::Secret|Kinesis::Stream|ECR::Repository|Backup::BackupVault|Route53::HostedZone|FSx::FileSystem|MemoryDB::Cluster|Timestream::Database|QLDB::Ledger)$/;

function cfnSeverity(type: string): Severity {
  return CFN_STATEFUL.test(type) ? 'critical' : 'high';
}

/** Added lines of a code file whose comment-masked text matches `re`. */
function addedCode(edit: Edit, re: RegExp): EditLine[] {
  if (edit.after === null) return [];
  const family = familyOf(edit.file.language);
  const masked =
    family === undefined ? edit.text('after') : edit.memo('cloud:masked-after', () => maskCode(edit.text('after'), family).noComments);
  const out: EditLine[] = [];
  for (const l of newlyAdded(edit)) {
    const s = edit.offsetOf('after', l.line);
    const e = masked.indexOf('\n', s);
    if (re.test(masked.slice(s, e === -1 ? masked.length : e))) out.push(l);
  }
  return out;
}

/** Removed lines matching `re` when the after side has fewer matches than the before side. */
function removedCode(edit: Edit, re: RegExp): EditLine[] {
  if (edit.before === null || edit.after === null) return [];
  const g = new RegExp(re.source, 'g');
  const count = (t: string): number => (t.match(g) ?? []).length;
  if (count(edit.text('after')) >= count(edit.text('before'))) return [];
  return reallyRemoved(edit).filter((l) => re.test(l.text) && !/^\s*(\/\/|#)/.test(l.text));
}

const CFN = 'cloudformation/storage.yaml';
const CDK = 'lib/storage-stack.ts';

export const cloudRules: EditRule[] = [
  {
    id: 'cloud.cfn-resource-removed',
    description: 'A CloudFormation resource is removed (or its logical id changed): the stack update deletes it',
    severity: 'high',
    suggestion: 'Set DeletionPolicy: Retain and deploy that first if the resource must survive; keep logical ids stable.',
    kinds: ['cloudformation'],
    examples: {
      match: [
        {
          name: 'table removed',
          path: CFN,
          before:
            "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  OrdersTable:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n  Topic:\n    Type: AWS::SNS::Topic\n",
          after: "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n",
          line: 3,
          side: 'before',
          severity: 'critical',
        },
        {
          name: 'JSON template, queue removed',
          path: 'templates/queue.json',
          before: '{\n  "Resources": {\n    "Jobs": { "Type": "AWS::SNS::Topic" },\n    "Dlq": { "Type": "AWS::Lambda::Function" }\n  }\n}\n',
          after: '{\n  "Resources": {\n    "Jobs": { "Type": "AWS::SNS::Topic" }\n  }\n}\n',
          line: 4,
          side: 'before',
          severity: 'high',
        },
      ],
      nearMiss: [
        {
          name: 'resource added',
          path: CFN,
          before: 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n',
          after: 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Queue:\n    Type: AWS::SQS::Queue\n',
        },
        {
          name: 'retained resource removed',
          path: CFN,
          before: 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n  Topic:\n    Type: AWS::SNS::Topic\n',
          after: 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n',
        },
      ],
    },
    check(edit) {
      const b = cfnResources(edit, 'before');
      if (!b) return [];
      const a = cfnResources(edit, 'after') ?? new Map<string, CfnResource>();
      const out: EditRuleFinding[] = [];
      for (const r of b.values()) {
        if (a.has(r.id)) continue;
        const retained = r.deletionPolicy !== undefined && /^(Retain|RetainExceptOnCreate|Snapshot)$/.test(r.deletionPolicy.value);
        const renamedTo = [...a.values()].find((x) => x.type === r.type && !b.has(x.id));
        out.push({
          severity: retained ? 'low' : cfnSeverity(r.type),
          message: `${renamedTo ? `changes the logical id ${r.id} to ${renamedTo.id}` : `removes ${r.id}`} (${r.type || 'unknown type'}): the stack update ${retained ? `leaves it behind (DeletionPolicy: ${r.deletionPolicy!.value})` : 'deletes it'}`,
          line: r.line,
          side: 'before',
        });
      }
      return out;
    },
  },
  {
    id: 'cloud.cfn-deletion-policy',
    description: 'DeletionPolicy / UpdateReplacePolicy changed from Retain or Snapshot to Delete (or removed)',
    severity: 'high',
    suggestion: 'Keep DeletionPolicy: Retain (or Snapshot) and UpdateReplacePolicy: Retain on resources that hold data.',
    kinds: ['cloudformation'],
    examples: {
      match: [
        {
          name: 'Retain to Delete',
          path: CFN,
          before: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    DeletionPolicy: Snapshot\n    UpdateReplacePolicy: Snapshot\n',
          after: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    DeletionPolicy: Delete\n    UpdateReplacePolicy: Snapshot\n',
          line: 4,
          side: 'after',
        },
        {
          name: 'Retain removed',
          path: CFN,
          before: 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n    Properties:\n      BucketName: acme-data\n',
          after: 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: acme-data\n',
          line: 4,
          side: 'before',
        },
      ],
      nearMiss: [
        {
          name: 'Delete to Retain',
          path: CFN,
          before: 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Delete\n',
          after: 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n',
        },
        {
          name: 'unchanged Retain while properties change',
          path: CFN,
          before: 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n    Properties:\n      BucketName: a\n',
          after: 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n    Properties:\n      BucketName: a\n      VersioningConfiguration:\n        Status: Enabled\n',
        },
      ],
    },
    check(edit) {
      const b = cfnResources(edit, 'before');
      const a = cfnResources(edit, 'after');
      if (!b || !a) return [];
      const out: EditRuleFinding[] = [];
      const keep = /^(Retain|RetainExceptOnCreate|Snapshot)$/;
      for (const r of a.values()) {
        const old = b.get(r.id);
        if (!old) continue;
        for (const key of ['deletionPolicy', 'updateReplacePolicy'] as const) {
          const label = key === 'deletionPolicy' ? 'DeletionPolicy' : 'UpdateReplacePolicy';
          const was = old[key];
          const now = r[key];
          if (!was || !keep.test(was.value)) continue;
          if (now && now.value === 'Delete') {
            out.push({ severity: cfnSeverity(r.type), message: `changes ${label} of ${r.id} from ${was.value} to Delete: ${key === 'deletionPolicy' ? 'removing it from the stack' : 'a replacement'} deletes its data`, line: now.line, side: 'after' });
          } else if (!now) {
            out.push({ severity: cfnSeverity(r.type), message: `removes ${label}: ${was.value} from ${r.id}: the default is Delete`, line: was.line, side: 'before' });
          }
        }
      }
      return out;
    },
  },
  {
    id: 'cloud.cdk-removal-policy-destroy',
    description: 'CDK RemovalPolicy.DESTROY or autoDeleteObjects: true added',
    severity: 'high',
    suggestion: 'Use RemovalPolicy.RETAIN (or SNAPSHOT) for data stores; keep DESTROY and autoDeleteObjects for throwaway stacks.',
    kinds: ['cdk'],
    examples: {
      match: [
        {
          name: 'bucket destroy + autoDeleteObjects',
          path: CDK,
          before:
            "import * as cdk from 'aws-cdk-lib';\nimport * as s3 from 'aws-cdk-lib/aws-s3';\n\nexport class StorageStack extends cdk.Stack {\n  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    new s3.Bucket(this, 'Data', {\n      versioned: true,\n    });\n  }\n}\n",
          after:
            "import * as cdk from 'aws-cdk-lib';\nimport * as s3 from 'aws-cdk-lib/aws-s3';\n\nexport class StorageStack extends cdk.Stack {\n  constructor(scope: cdk.App, id: string) {\n    super(scope, id);\n    new s3.Bucket(this, 'Data', {\n      versioned: true,\n      removalPolicy: cdk.RemovalPolicy.DESTROY,\n      autoDeleteObjects: true,\n    });\n  }\n}\n",
          line: 9,
          side: 'after',
        },
        {
          name: 'python auto_delete_objects',
          path: 'infra/stacks/storage.py',
          before: null,
          after: 'from aws_cdk import RemovalPolicy, Stack, aws_s3 as s3\n\n\nclass Storage(Stack):\n    def __init__(self, scope, id):\n        super().__init__(scope, id)\n        s3.Bucket(self, "Data", auto_delete_objects=True, removal_policy=RemovalPolicy.DESTROY)\n',
          line: 7,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'RETAIN',
          path: CDK,
          before: null,
          after: "import * as cdk from 'aws-cdk-lib';\nimport * as s3 from 'aws-cdk-lib/aws-s3';\nexport function bucket(stack: cdk.Stack) {\n  return new s3.Bucket(stack, 'Data', { removalPolicy: cdk.RemovalPolicy.RETAIN });\n}\n",
        },
        {
          name: 'DESTROY in a comment',
          path: CDK,
          before: null,
          after: "import * as cdk from 'aws-cdk-lib';\n// removalPolicy: cdk.RemovalPolicy.DESTROY is only for sandboxes\nexport const policy = cdk.RemovalPolicy.RETAIN;\n",
        },
      ],
    },
    check(edit) {
      const out: EditRuleFinding[] = [];
      for (const l of addedCode(edit, /\bRemovalPolicy\.DESTROY\b/)) {
        out.push({ message: 'sets RemovalPolicy.DESTROY: deleting the stack or the construct deletes the resource and its data', line: l.line, side: 'after' });
      }
      for (const l of addedCode(edit, /\b(autoDeleteObjects\s*:\s*true|auto_delete_objects\s*=\s*True)\b/)) {
        out.push({ message: 'sets autoDeleteObjects: every object in the bucket is deleted when the bucket is removed', line: l.line, side: 'after' });
      }
      for (const l of addedCode(edit, /\b(deletionProtection\s*:\s*false|deletion_protection\s*=\s*False)\b/)) {
        out.push({ message: 'turns off deletion protection', line: l.line, side: 'after' });
      }
      return out;
    },
  },
  {
    id: 'cloud.pulumi-protect-off',
    description: 'Pulumi resource protection removed (protect: false, protect removed, retainOnDelete: false)',
    severity: 'high',
    suggestion: 'Keep `protect: true` on resources that hold data; unprotect only in the reviewed change that deletes them.',
    kinds: ['pulumi'],
    examples: {
      match: [
        {
          name: 'protect true to false',
          path: 'infra/index.ts',
          before:
            'import * as aws from "@pulumi/aws";\n\nexport const db = new aws.rds.Instance("main", {\n  engine: "postgres",\n  instanceClass: "db.t3.micro",\n}, { protect: true });\n',
          after:
            'import * as aws from "@pulumi/aws";\n\nexport const db = new aws.rds.Instance("main", {\n  engine: "postgres",\n  instanceClass: "db.t3.micro",\n}, { protect: false });\n',
          line: 6,
          side: 'after',
        },
        {
          name: 'python retain_on_delete False',
          path: 'infra/__main__.py',
          before: null,
          after: 'import pulumi\nimport pulumi_aws as aws\n\nbucket = aws.s3.Bucket("data", opts=pulumi.ResourceOptions(retain_on_delete=False))\n',
          line: 4,
          side: 'after',
        },
        {
          name: 'protect option deleted',
          path: 'infra/index.ts',
          before: 'import * as aws from "@pulumi/aws";\n\nconst table = new aws.dynamodb.Table("orders", {\n  hashKey: "id",\n}, {\n  protect: true,\n});\n',
          after: 'import * as aws from "@pulumi/aws";\n\nconst table = new aws.dynamodb.Table("orders", {\n  hashKey: "id",\n});\n',
          line: 6,
          side: 'before',
        },
      ],
      nearMiss: [
        {
          name: 'protect true added',
          path: 'infra/index.ts',
          before: 'import * as aws from "@pulumi/aws";\nconst b = new aws.s3.Bucket("data");\n',
          after: 'import * as aws from "@pulumi/aws";\nconst b = new aws.s3.Bucket("data", {}, { protect: true });\n',
        },
        {
          name: 'protect: true kept while formatting',
          path: 'infra/index.ts',
          before: 'import * as aws from "@pulumi/aws";\nconst b = new aws.s3.Bucket("data", {}, { protect: true });\n',
          after: 'import * as aws from "@pulumi/aws";\nconst b = new aws.s3.Bucket("data", {}, {\n  protect: true,\n});\n',
        },
      ],
    },
    check(edit) {
      const out: EditRuleFinding[] = [];
      for (const l of addedCode(edit, /\b(protect\s*[:=]\s*(false|False)|Protect\(\s*false\s*\))/)) {
        out.push({ message: 'turns off Pulumi protection: `pulumi destroy` or removing the code now deletes the resource', line: l.line, side: 'after' });
      }
      for (const l of addedCode(edit, /\b(retainOnDelete\s*:\s*false|retain_on_delete\s*=\s*False|RetainOnDelete\(\s*false\s*\))/)) {
        out.push({ message: 'sets retainOnDelete to false: deleting the resource from the program deletes it in the cloud', line: l.line, side: 'after' });
      }
      if (out.length === 0) {
        // Only when nothing above already reports the switch (true → false shows as both).
        for (const l of removedCode(edit, /\b(protect\s*[:=]\s*(true|True)|Protect\(\s*true\s*\))/)) {
          out.push({ message: 'removes Pulumi protection from a resource', line: l.line, side: 'before' });
        }
      }
      return out;
    },
  },
];
