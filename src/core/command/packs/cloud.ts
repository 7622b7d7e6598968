/**
 * Cloud CLIs: operations that delete or terminate cloud resources, destroy keys or take away
 * access (AWS, Google Cloud, Azure), and grants of administrator or public access. Read-only
 * calls (describe-*, list-*, get-*, s3 ls) never fire. Platform CLIs are in ./platform.ts.
 *
 * A production-looking profile, project, subscription or app makes the finding critical
 * (`--profile prod`, AWS_PROFILE, `--project shop-prod`, `--subscription production`).
 */
import type { Severity } from '../../severity';
import { deleteSeverity, NO_UNDO } from '../generic/weight';
import type { SimpleCommand, Word } from '../../shell/model';
import { awsProfileOf, withReach } from '../context';
import { readCommandFile } from '../files';
import { parseJsonTree, jsonValue } from '../../formats/json';
import { hasFlag, positionals, type Rule, type RuleContext, type CommandRuleFinding, type RulePack } from '../rule';
import { optionValues, spanTo, splitSubcommand } from '../words';

function lastWord(cmd: SimpleCommand, fallback: Word): Word {
  const a = cmd.args;
  for (let i = a.length - 1; i >= 0; i--) if (!a[i]!.text.startsWith('-')) return a[i]!;
  return fallback;
}

// ---------------------------------------------------------------------------------------------
// AWS

/** Deletes whose loss is small or easily redone: medium, not high. */
const AWS_MINOR = new Set([
  'delete-tags', 'delete-object-tagging', 'delete-bucket-tagging', 'delete-message', 'delete-message-batch',
  'delete-alarms', 'delete-dashboards', 'delete-log-stream', 'delete-resource-tags', 'delete-bucket-policy', 'delete-login-profile',
  'delete-change-set', 'delete-deployment', 'delete-image-builder', 'delete-key-pair', 'delete-launch-template-versions',
]);

const awsDelete: Rule = {
  id: 'cloud.aws-delete',
  description: 'aws … delete-*/terminate-*/purge-*, s3 rb/rm --recursive/sync --delete: cloud resources and data deleted.',
  severity: 'high',
  programs: ['aws'],
  check(cmd, rc) {
    const s = splitSubcommand(cmd, 2);
    const [svc, op] = s.words;
    const opWord = s.wordsAt[1];
    if (!svc || !op || !opWord) return undefined;
    const rest = s.rest;
    if (hasFlag(rest, '--dry-run') || rest.args.some((a) => a.text === 'help')) return undefined;
    let severity: Severity | undefined;
    let message = '';
    let suggestion = 'Check the resource id and the account (aws sts get-caller-identity) first; take a snapshot or backup where there is one.';
    if (svc === 's3') {
      const pos = positionals(rest, ['--include', '--exclude', '--acl', '--storage-class', '--sse', '--content-type', '--cache-control', '--expires']);
      const where = pos.map((p) => p.text).join(' ');
      if (op === 'rb') {
        severity = hasFlag(rest, '--force') ? 'high' : 'medium';
        message = hasFlag(rest, '--force') ? `Deletes the bucket ${where} and every object in it.` : `Deletes the bucket ${where} (it must be empty).`;
      } else if (op === 'rm') {
        if (hasFlag(rest, '--dryrun')) return undefined;
        // An object in a bucket is remote data with no undo (unless the bucket keeps versions).
        severity = deleteSeverity({ target: 'shared', reach: hasFlag(rest, '--recursive') ? 'wide' : 'one' });
        message = hasFlag(rest, '--recursive') ? `Deletes every object under ${where}; there is ${NO_UNDO} unless the bucket keeps versions.` : `Deletes the object ${where}; there is ${NO_UNDO} unless the bucket keeps versions.`;
        suggestion = 'Run it with --dryrun first; with versioning on, deleted objects can be restored.';
      } else if (op === 'sync' && hasFlag(rest, '--delete')) {
        if (hasFlag(rest, '--dryrun')) return undefined;
        const dest = pos[pos.length - 1];
        const remote = dest?.text.startsWith('s3://') ?? false;
        severity = remote ? 'high' : 'medium';
        message = `Syncs with --delete: files in ${dest?.text ?? 'the destination'} that are not in the source are deleted.`;
        suggestion = 'Run it with --dryrun first and read the delete lines.';
      } else return undefined;
    } else {
      const access = AWS_ACCESS[op];
      const destructive = /^(delete-|terminate-|batch-delete-|purge-|deregister-|admin-delete-)/.test(op) || op === 'schedule-key-deletion' || op === 'remove-permission' || op === 'delete' || access !== undefined;
      if (!destructive) return undefined;
      if (op === 'update-access-key' && !/^inactive$/i.test(optionValues(rest, '--status')[0]?.text ?? '')) return undefined;
      severity = access?.severity ?? (AWS_MINOR.has(op) || op.startsWith('deregister-') || op === 'remove-permission' ? 'medium' : 'high');
      message = access ? `${svc} ${op} ${access.what}.` : `${svc} ${op} deletes ${describeAws(svc, op)}; it cannot be undone from the CLI.`;
      if (svc === 'rds' && /^delete-db-(instance|cluster)$/.test(op)) {
        if (hasFlag(rest, '--skip-final-snapshot')) {
          severity = 'critical';
          message = `Deletes the database ${op.endsWith('cluster') ? 'cluster' : 'instance'} without a final snapshot: the data is gone for good.`;
        } else message = `Deletes the database ${op.endsWith('cluster') ? 'cluster' : 'instance'}; only snapshots remain.`;
        suggestion = 'Keep a final snapshot (--final-db-snapshot-identifier) and check deletion protection.';
      }
      if (svc === 'secretsmanager' && op === 'delete-secret' && hasFlag(rest, '--force-delete-without-recovery')) {
        severity = 'critical';
        message = 'Deletes the secret at once, with no recovery window.';
        suggestion = 'Use a recovery window (--recovery-window-in-days 7) instead.';
      }
    }
    const profile = awsProfileOf(cmd, rc);
    const f: CommandRuleFinding = { severity, message, span: spanTo(cmd, lastWord(rest, opWord)), suggestion };
    return withReach(f, [{ name: profile, label: `AWS profile ${profile ?? ''}` }], cmd, rc, rest.args);
  },
  examples: {
    match: [
      { cmd: 'aws cloudformation delete-stack --stack-name shop-api', exactly: 'high', span: 'aws cloudformation delete-stack --stack-name shop-api' },
      { cmd: 'aws s3 rb s3://shop-invoices --force', exactly: 'high' },
      { cmd: 'aws s3 rm s3://shop-invoices --recursive', exactly: 'high' },
      'aws ec2 terminate-instances --instance-ids i-0abc123',
      { cmd: 'aws rds delete-db-instance --db-instance-identifier shop --skip-final-snapshot', exactly: 'critical' },
      { cmd: 'aws rds delete-db-cluster --db-cluster-identifier shop', exactly: 'high' },
      'aws dynamodb delete-table --table-name orders',
      'aws iam delete-role --role-name ci-deployer',
      'aws eks delete-cluster --name shop',
      'aws lambda delete-function --function-name resize',
      { cmd: 'aws --profile prod s3 rm s3://logs --recursive', exactly: 'critical', target: 'AWS profile prod' },
      { cmd: 'AWS_PROFILE=production aws ec2 terminate-instances --instance-ids i-1', exactly: 'critical' },
      { cmd: 'aws ec2 terminate-instances --instance-ids i-1', ctx: { awsProfile: 'shop-prd' }, exactly: 'critical' },
      { cmd: 'aws s3 sync ./public s3://shop-site --delete', exactly: 'high' },
      { cmd: 'aws s3 rm s3://shop-invoices/a.pdf', exactly: 'high' },
      { cmd: 'aws s3api delete-object --bucket b --key k', exactly: 'high' },
      { cmd: 'aws s3api delete-object --bucket acme-assets --key report.pdf', exactly: 'high' },
      { cmd: 'aws s3 rm s3://acme-assets/reports/ --recursive --exclude "*" --include "*.pdf"', exactly: 'high' },
      { cmd: 'aws rds delete-db-instance --db-instance-identifier orders-prod --final-db-snapshot-identifier final', exactly: 'critical', target: 'resource orders-prod' },
      { cmd: 'aws s3 rm s3://shop-production-logs --recursive', exactly: 'critical', target: 'resource shop-production-logs' },
      'aws sqs purge-queue --queue-url https://sqs.eu-west-1.amazonaws.com/1/jobs',
      'aws kms schedule-key-deletion --key-id 1234abcd',
      { cmd: 'aws kms disable-key --key-id alias/orders', exactly: 'high' },
      { cmd: 'aws iam detach-role-policy --role-name app --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess', exactly: 'medium' },
      { cmd: 'aws cognito-idp admin-delete-user --user-pool-id eu-west-1_A --username alice', exactly: 'high' },
      { cmd: 'aws iam update-access-key --user-name ci --access-key-id AKIA1 --status Inactive', exactly: 'medium' },
      { cmd: 'aws organizations close-account --account-id 111122223333', exactly: 'critical' },
    ],
    nearMiss: [
      'aws s3 ls',
      'aws s3 cp dist/ s3://shop-site/ --recursive',
      'aws s3 sync ./public s3://shop-site',
      'aws ec2 describe-instances',
      'aws rds describe-db-instances',
      'aws iam get-role --role-name x',
      'aws lambda list-functions',
      'aws --profile prod s3 ls',
      'aws s3 rm s3://b --recursive --dryrun',
      'aws kms cancel-key-deletion --key-id 1',
      'aws cloudformation describe-stacks --stack-name delete-stack',
      'aws cloudformation delete-stack help',
      'aws ec2 terminate-instances --instance-ids i-0abcd --dry-run',
      'aws iam update-access-key --user-name ci --access-key-id AKIA1 --status Active',
    ],
  },
};

/** Operations that take away access or keys rather than delete a resource. */
const AWS_ACCESS: Readonly<Record<string, { severity: Severity; what: string }>> = {
  'disable-key': { severity: 'high', what: 'disables the KMS key: nothing encrypted with it can be decrypted until it is enabled again' },
  'detach-role-policy': { severity: 'medium', what: 'detaches a policy from the role: what it allowed stops working' },
  'detach-user-policy': { severity: 'medium', what: 'detaches a policy from the user: what it allowed stops working' },
  'detach-group-policy': { severity: 'medium', what: "detaches a policy from the group: its members lose what it allowed" },
  'remove-user-from-group': { severity: 'medium', what: 'removes the user from the group and the access it grants' },
  'remove-role-from-instance-profile': { severity: 'medium', what: 'removes the role from the instance profile: instances using it lose their credentials' },
  'update-access-key': { severity: 'medium', what: 'deactivates the access key: whatever uses it is locked out' },
  'admin-disable-user': { severity: 'medium', what: 'disables the user in the Cognito user pool: they can no longer sign in' },
  'revoke-security-group-ingress': { severity: 'medium', what: 'removes an inbound rule: traffic it allowed is cut off' },
  'revoke-security-group-egress': { severity: 'medium', what: 'removes an outbound rule: traffic it allowed is cut off' },
  'revoke-grant': { severity: 'medium', what: 'revokes a KMS grant: whatever used it can no longer use the key' },
  'leave-organization': { severity: 'high', what: 'takes the account out of its AWS organization and the policies and billing it had there' },
  'close-account': { severity: 'critical', what: 'closes the AWS account and everything in it' },
  'disable-aws-service-access': { severity: 'medium', what: 'turns off an AWS service for the whole organization' },
};

function describeAws(svc: string, op: string): string {
  const noun = op.replace(/^(delete|terminate|batch-delete|purge|deregister|schedule)-?/, '').replace(/-/g, ' ') || 'the resource';
  return `the ${svc} ${noun}`.replace(/ +/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// Google Cloud

const GCLOUD_VALUED = ['--project', '--account', '--configuration', '--format', '--verbosity', '--impersonate-service-account', '--billing-project', '--flags-file', '--zone', '--region', '--location', '--filter', '--limit', '--sort-by'];

const gcloudDelete: Rule = {
  id: 'cloud.gcloud-delete',
  description: 'gcloud … delete, projects delete (critical), storage rm -r, gsutil rm -r / rb.',
  severity: 'high',
  programs: ['gcloud', 'gsutil'],
  check(cmd, rc) {
    const pos = positionals(cmd, GCLOUD_VALUED);
    if (hasFlag(cmd, '--help') || pos.some((p) => p.text === 'help')) return undefined;
    let severity: Severity | undefined;
    let message = '';
    let verb: Word | undefined;
    const names: { name: string | undefined; label: string }[] = [];
    for (const p of optionValues(cmd, '--project')) names.push({ name: p.text, label: `project ${p.text}` });
    const envProject = rc.env('CLOUDSDK_CORE_PROJECT');
    if (envProject) names.push({ name: envProject, label: `project ${envProject}` });
    const recursive = hasFlag(cmd, '-r', '-R', '--recursive');
    if (cmd.program === 'gsutil') {
      verb = pos.find((p) => p.text === 'rm' || p.text === 'rb');
      if (!verb) return undefined;
      const targets = pos.slice(pos.indexOf(verb) + 1).map((p) => p.text).join(' ');
      if (verb.text === 'rb') [severity, message] = ['high', `Deletes the bucket ${targets}.`];
      else [severity, message] = recursive || /\*/.test(targets) ? ['high', `Deletes every object under ${targets}.`] : [deleteSeverity({ target: 'shared' }), `Deletes the object ${targets}; there is ${NO_UNDO} unless the bucket keeps versions.`];
    } else {
      const head = pos.slice(0, 6);
      const i = head.findIndex((p) => GCLOUD_VERBS.has(p.text) || (p.text === 'rm' && head[0]?.text === 'storage'));
      if (i < 0) return undefined;
      verb = head[i]!;
      const group = head.slice(0, i).map((p) => p.text).join(' ');
      const targets = pos.slice(i + 1).map((p) => p.text);
      const access = verb.text === 'delete' || verb.text === 'rm' ? undefined : gcloudAccess(verb.text, group, targets, cmd);
      if (access === null || /^config\b/.test(group)) return undefined;
      if (access) {
        [severity, message] = [access.severity, access.message];
        if (group === 'projects') for (const t of targets) names.push({ name: t, label: `project ${t}` });
      } else if (group === 'projects') {
        severity = 'critical';
        message = `Deletes the project ${targets.join(' ')} and every resource in it.`;
        for (const t of targets) names.push({ name: t, label: `project ${t}` });
      } else if (group === 'storage' && verb.text === 'rm') {
        [severity, message] = recursive ? ['high', `Deletes every object under ${targets.join(' ')}.`] : [deleteSeverity({ target: 'shared' }), `Deletes the object ${targets.join(' ')}; there is ${NO_UNDO} unless the bucket keeps versions.`];
      } else if (group === 'config configurations' || group === 'config') {
        return undefined;
      } else {
        severity = 'high';
        message = `Deletes the ${group.replace(/s$/, '').replace(/ /g, ' ')} ${targets.join(' ')}`.trim() + '.';
      }
    }
    const last = pos[pos.length - 1] ?? verb;
    return withReach({ severity, message, span: spanTo(cmd, last.span[0] >= verb.span[0] ? last : verb), suggestion: 'Check the project (gcloud config list) and the resource name first; back up data stores.' }, names, cmd, rc, cmd.args.filter((a) => a.span[0] > verb.span[0]));
  },
  examples: {
    match: [
      { cmd: 'gcloud projects delete shop-prod', exactly: 'critical' },
      { cmd: 'gcloud projects delete sandbox-123', exactly: 'critical' },
      { cmd: 'gcloud compute instances delete web-1 --zone europe-west1-b', exactly: 'high' },
      'gcloud sql instances delete orders-db',
      'gcloud container clusters delete shop --region europe-west1',
      { cmd: 'gcloud storage rm -r gs://shop-backups', exactly: 'high' },
      { cmd: 'gsutil -m rm -r gs://shop-backups', exactly: 'high' },
      'gsutil rb gs://shop-backups',
      { cmd: 'gcloud --project prod-123 run services delete api', exactly: 'critical', target: 'project prod-123' },
      { cmd: 'gcloud storage rm gs://b/one.txt', exactly: 'high' },
      { cmd: 'gsutil rm gs://acme-assets/img/logo.png', exactly: 'high' },
      { cmd: 'gcloud sql databases delete orders --instance=prod-sql', exactly: 'critical', target: 'resource prod-sql' },
      { cmd: 'gcloud kms keys versions destroy 1 --key=orders --keyring=ring --location=global', exactly: 'critical' },
      { cmd: 'gcloud secrets versions destroy 3 --secret=stripe', exactly: 'high' },
      { cmd: 'gcloud services disable sqladmin.googleapis.com', exactly: 'high' },
      { cmd: 'gcloud projects remove-iam-policy-binding acme-dev --member=group:oncall@acme.com --role=roles/owner', exactly: 'high' },
      { cmd: 'gcloud projects set-iam-policy acme-dev policy.json', exactly: 'high' },
    ],
    nearMiss: ['gcloud projects list', 'gcloud compute instances list', 'gcloud storage ls', 'gsutil ls gs://b', 'gcloud run deploy api --source .', 'gcloud config configurations delete old', 'gsutil cp a gs://b/', 'gcloud projects get-iam-policy acme-dev', 'gcloud services enable run.googleapis.com', 'gcloud projects delete acme-dev --help'],
  },
};

const GCLOUD_VERBS = new Set(['delete', 'destroy', 'disable', 'remove-iam-policy-binding', 'set-iam-policy']);

/** gcloud verbs that destroy keys or take away access; null when the verb does nothing harmful there. */
function gcloudAccess(verb: string, group: string, targets: readonly string[], cmd: SimpleCommand): { severity: Severity; message: string } | null | undefined {
  const t = targets.join(' ');
  const opt = (n: string): string | undefined => optionValues(cmd, n)[0]?.text;
  if (verb === 'destroy') {
    if (/\bkms\b/.test(group)) return { severity: 'critical', message: `Destroys version ${t} of the key ${opt('--key') ?? ''}: data encrypted with it can never be decrypted again (gcloud ${group} destroy).`.replace(/ +/g, ' ') };
    return { severity: 'high', message: `Destroys the ${group} ${t} for good (gcloud ${group} destroy).` };
  }
  if (verb === 'disable') {
    if (/^services\b/.test(group)) return { severity: 'high', message: `Turns off the API ${t}: resources that depend on it stop working (gcloud services disable).` };
    return { severity: 'medium', message: `Disables the ${group} ${t} (gcloud ${group} disable).` };
  }
  if (verb === 'remove-iam-policy-binding') return { severity: 'high', message: `Removes ${opt('--role') ?? 'a role'} from ${opt('--member') ?? 'a member'} on ${t}: they lose that access (gcloud ${group} remove-iam-policy-binding).` };
  if (verb === 'set-iam-policy') return { severity: 'high', message: `Replaces the whole IAM policy of ${targets[0] ?? 'the resource'} with ${targets[1] ?? 'a file'}: bindings not in it are removed (gcloud ${group} set-iam-policy).` };
  return null;
}

// ---------------------------------------------------------------------------------------------
// Azure

const AZ_VALUED = ['--subscription', '--output', '-o', '--query', '-g', '--resource-group', '-n', '--name', '--location', '-l'];

const azDelete: Rule = {
  id: 'cloud.az-delete',
  description: 'az group delete (critical) and az … delete / delete-batch.',
  severity: 'high',
  programs: ['az'],
  check(cmd, rc) {
    const pos = positionals(cmd, AZ_VALUED);
    if (hasFlag(cmd, '--help', '-h')) return undefined;
    const head = pos.slice(0, 6);
    const i = head.findIndex((p) => p.text === 'delete' || p.text === 'delete-batch' || p.text === 'purge');
    if (i < 0) return undefined;
    const verb = head[i]!;
    const group = head.slice(0, i).map((p) => p.text).join(' ');
    if (group === '' || /^(config|extension|cache|account|tag)/.test(group) || /\block\b/.test(group)) return undefined;
    const rg = optionValues(cmd, '-g', '--resource-group').map((w) => w.text)[0];
    const name = optionValues(cmd, '-n', '--name').map((w) => w.text)[0];
    const names: { name: string | undefined; label: string }[] = [];
    for (const s of optionValues(cmd, '--subscription')) names.push({ name: s.text, label: `subscription ${s.text}` });
    if (rg) names.push({ name: rg, label: `resource group ${rg}` });
    if (name) names.push({ name, label: `${group} ${name}` });
    for (const v of optionValues(cmd, '--vault-name')) names.push({ name: v.text, label: `key vault ${v.text}` });
    const isGroup = group === 'group';
    const purge = verb.text === 'purge';
    const vaultName = optionValues(cmd, '--vault-name')[0]?.text;
    const f: CommandRuleFinding = {
      severity: isGroup || (purge && group === 'keyvault') ? 'critical' : 'high',
      message: isGroup
        ? `Deletes the resource group ${name ?? rg ?? ''} and every resource in it.`.replace('  ', ' ')
        : purge
          ? `Purges the deleted ${group} ${name ?? ''}${vaultName ? ` of ${vaultName}` : ''} for good${group === 'keyvault' ? ', with every key, secret and certificate it held' : ''}: it can no longer be recovered (az ${group} purge).`.replace(/ +/g, ' ')
          : `Deletes the ${group} ${name ?? ''}${vaultName ? ` of ${vaultName}` : ''}${rg ? ` in ${rg}` : ''} (az ${group} ${verb.text}; ${NO_UNDO}${/^storage /.test(group) ? ' without soft delete' : ''}).`.replace(/ +/g, ' '),
      span: spanTo(cmd, cmd.args[cmd.args.length - 1]!.span[0] > verb.span[0] ? cmd.args[cmd.args.length - 1]! : verb),
      suggestion: 'Check the subscription (az account show) and the name first; put a delete lock on what must stay.',
    };
    return withReach(f, names, cmd, rc, cmd.args.filter((a) => a.span[0] > verb.span[0]));
  },
  examples: {
    match: [
      { cmd: 'az group delete --name shop-rg --yes', exactly: 'critical' },
      { cmd: 'az vm delete -g shop-rg -n web1', exactly: 'high' },
      'az storage account delete -n shopdata',
      'az aks delete -g shop-rg -n shop',
      'az storage blob delete-batch --source invoices --account-name shopdata',
      { cmd: 'az webapp delete --name shop --resource-group rg --subscription production', exactly: 'critical', target: 'subscription production' },
      { cmd: 'az sql db delete --name orders --server s -g rg-prod', exactly: 'critical', target: 'resource group rg-prod' },
      { cmd: 'az keyvault purge --name acme-kv', exactly: 'critical' },
      { cmd: 'az keyvault secret purge --vault-name acme-kv --name db-password', exactly: 'high' },
      { cmd: 'az keyvault secret delete --vault-name acme-prod-kv --name db-password', exactly: 'critical', target: 'key vault acme-prod-kv' },
      'az network dns record-set a delete --zone-name acme.com --name www --resource-group dns --yes',
    ],
    nearMiss: ['az group delete --name prod-rg --help', 'az keyvault secret list --vault-name acme-kv', 'az group list -o table', 'az vm list', 'az account show', 'az group lock delete --name keep -g rg', 'az config unset defaults.group', 'az aks get-credentials -g rg -n shop'],
  },
};

// ---------------------------------------------------------------------------------------------
// Broad grants: administrator policies, Action "*" on Resource "*", public principals

const ADMIN_POLICY = /:policy\/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/;
const BROAD_GCP_ROLE = /^roles\/(owner|editor|iam\.securityAdmin|iam\.serviceAccountTokenCreator|iam\.serviceAccountUser|resourcemanager\.(projectIamAdmin|organizationAdmin|folderAdmin))$/;
const PUBLIC_MEMBER = /^(allUsers|allAuthenticatedUsers)$/;
const BROAD_AZ_ROLE = /^(owner|contributor|user access administrator|role based access control administrator)$/i;

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** What an IAM policy document (JSON) grants too broadly, or undefined. */
export function broadPolicyGrant(doc: string): string | undefined {
  const tree = parseJsonTree(doc);
  const v = jsonValue(tree.root) as { Statement?: unknown } | undefined;
  if (!v || typeof v !== 'object') return undefined;
  for (const st of asList(v.Statement)) {
    if (!st || typeof st !== 'object') continue;
    const s = st as Record<string, unknown>;
    if (s.Effect !== 'Allow' || s.Condition !== undefined) continue;
    const actions = asList(s.Action).map(String);
    const resources = asList(s.Resource).map(String);
    const principal = s.Principal;
    const publicPrincipal = principal === '*' || (typeof principal === 'object' && principal !== null && asList((principal as Record<string, unknown>).AWS).includes('*'));
    if (publicPrincipal) return `lets anyone (Principal "*") ${actions.join(', ') || 'act'}`;
    const allActions = actions.some((a) => a === '*' || a === '*:*');
    const iamAll = actions.some((a) => /^iam:\*$/i.test(a));
    if ((allActions || iamAll) && resources.includes('*')) return allActions ? 'grants every action on every resource (Action "*", Resource "*"): full administrator access' : 'grants every IAM action on every resource: whoever has it can make themselves administrator';
  }
  return undefined;
}

/** The JSON of `--policy-document '{…}'` or `file://policy.json` (read from the working directory). */
function policyDocument(w: Word, rc: RuleContext): string | undefined {
  if (w.dynamic) return undefined;
  if (w.text.startsWith('file://') || w.text.startsWith('fileb://')) {
    const r = readCommandFile(rc, w.text.replace(/^fileb?:\/\//, ''));
    return 'text' in r ? r.text : undefined;
  }
  return w.text;
}

const iamBroadGrant: Rule = {
  id: 'cloud.iam-broad-grant',
  description: 'Granting administrator or public access: AWS AdministratorAccess or Action "*" policies, public bucket policies and ACLs, gcloud bindings to allUsers or owner/editor, az Owner/Contributor assignments.',
  severity: 'high',
  programs: ['aws', 'gcloud', 'az'],
  check(cmd, rc) {
    if (hasFlag(cmd, '--help', '--dry-run') || cmd.args.some((a) => a.text === 'help')) return undefined;
    let what: string | undefined;
    let subject = '';
    if (cmd.program === 'aws') {
      const s = splitSubcommand(cmd, 2);
      const [svc, op] = s.words;
      if (svc === 'iam' && /^attach-(user|role|group)-policy$/.test(op ?? '')) {
        const arn = optionValues(s.rest, '--policy-arn')[0]?.text ?? '';
        const m = ADMIN_POLICY.exec(arn);
        if (m) what = `attaches ${m[1]}, which grants ${m[1] === 'IAMFullAccess' ? 'full control of IAM' : 'near-full control of the account'}`;
        subject = optionValues(s.rest, '--user-name', '--role-name', '--group-name')[0]?.text ?? '';
      } else if (svc === 'iam' && /^(put-(user|role|group)-policy|create-policy|create-policy-version)$/.test(op ?? '')) {
        const d = optionValues(s.rest, '--policy-document')[0];
        const doc = d && policyDocument(d, rc);
        what = doc ? broadPolicyGrant(doc) : undefined;
        subject = optionValues(s.rest, '--user-name', '--role-name', '--group-name', '--policy-name', '--policy-arn')[0]?.text ?? '';
      } else if (svc === 's3api' && op === 'put-bucket-policy') {
        const d = optionValues(s.rest, '--policy')[0];
        const doc = d && policyDocument(d, rc);
        what = doc ? broadPolicyGrant(doc) : undefined;
        subject = optionValues(s.rest, '--bucket')[0]?.text ?? '';
      } else if (svc === 's3api' && op === 'put-bucket-acl') {
        const acl = optionValues(s.rest, '--acl')[0]?.text ?? '';
        if (/^public-read(-write)?$/.test(acl)) what = `makes the bucket ${acl === 'public-read' ? 'readable' : 'readable and writable'} by anyone on the internet`;
        subject = optionValues(s.rest, '--bucket')[0]?.text ?? '';
      }
    } else if (cmd.program === 'gcloud') {
      const pos = positionals(cmd, GCLOUD_VALUED);
      const i = pos.findIndex((p) => p.text === 'add-iam-policy-binding');
      if (i < 0) return undefined;
      const member = optionValues(cmd, '--member')[0]?.text ?? '';
      const role = optionValues(cmd, '--role')[0]?.text ?? '';
      subject = pos[i + 1]?.text ?? '';
      if (PUBLIC_MEMBER.test(member)) what = `grants ${role || 'a role'} to ${member}: anyone on the internet${member === 'allAuthenticatedUsers' ? ' with a Google account' : ''} gets it`;
      else if (BROAD_GCP_ROLE.test(role)) what = `grants ${role} to ${member || 'a member'}: near-full control`;
    } else {
      const pos = positionals(cmd, AZ_VALUED);
      if (pos[0]?.text !== 'role' || pos[1]?.text !== 'assignment' || pos[2]?.text !== 'create') return undefined;
      const role = optionValues(cmd, '--role')[0]?.text ?? '';
      if (!BROAD_AZ_ROLE.test(role)) return undefined;
      subject = optionValues(cmd, '--scope')[0]?.text ?? optionValues(cmd, '-g', '--resource-group')[0]?.text ?? 'the subscription';
      what = `grants ${role} to ${optionValues(cmd, '--assignee', '--assignee-object-id')[0]?.text ?? 'a principal'}${role.toLowerCase() === 'contributor' ? ': it can change or delete every resource there' : ': full control, including who else gets access'}`;
    }
    if (!what) return undefined;
    const names: { name: string | undefined; label: string }[] = [];
    for (const p of optionValues(cmd, '--project', '--subscription')) names.push({ name: p.text, label: `project ${p.text}` });
    const profile = cmd.program === 'aws' ? awsProfileOf(cmd, rc) : undefined;
    if (profile) names.push({ name: profile, label: `AWS profile ${profile}` });
    const f: CommandRuleFinding = {
      severity: 'high',
      message: `${what[0]!.toUpperCase()}${what.slice(1)}${subject ? ` (on ${subject})` : ''}.`,
      span: spanTo(cmd, cmd.args[cmd.args.length - 1]!),
      suggestion: 'Grant the narrowest role or actions the workload needs, on the resources it needs.',
    };
    return withReach(f, names, cmd, rc, subject ? [{ ...cmd.args[0]!, text: subject }] : []);
  },
  examples: {
    match: [
      { cmd: 'aws iam attach-role-policy --role-name ci --policy-arn arn:aws:iam::aws:policy/AdministratorAccess', exactly: 'high' },
      { cmd: 'aws iam put-role-policy --role-name ci --policy-name all --policy-document \'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}\'', exactly: 'high' },
      { cmd: 'aws s3api put-bucket-acl --bucket acme-exports --acl public-read', exactly: 'high' },
      { cmd: 'gcloud projects add-iam-policy-binding acme-prod --member=allUsers --role=roles/storage.objectViewer', exactly: 'critical' },
      { cmd: 'gcloud projects add-iam-policy-binding acme-dev --member=user:bob@acme.com --role=roles/owner', exactly: 'high' },
      { cmd: 'az role assignment create --assignee bob@acme.com --role Owner --scope /subscriptions/0000', exactly: 'high' },
    ],
    nearMiss: [
      'aws iam attach-role-policy --role-name ci --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess',
      'aws iam put-role-policy --role-name ci --policy-name s3 --policy-document \'{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}\'',
      'gcloud projects add-iam-policy-binding acme-dev --member=user:bob@acme.com --role=roles/viewer',
      'az role assignment create --assignee bob@acme.com --role Reader --scope /subscriptions/0000',
      'aws s3api put-bucket-acl --bucket b --acl private',
    ],
  },
};

export const cloudPack: RulePack = {
  name: 'cloud',
  description: 'Cloud CLI operations that delete resources and data; production profiles, projects and subscriptions make them critical.',
  rules: [awsDelete, gcloudDelete, azDelete, iamBroadGrant],
  // What the rules above deliberately let through: local CLI configuration and delete locks.
  owns: ['gcloud config', 'az config', 'az extension', 'az cache', 'az account', 'az lock', 'az group lock', 'az resource lock'],
};
