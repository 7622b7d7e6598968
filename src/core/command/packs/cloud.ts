/**
 * Cloud CLIs: operations that delete or terminate cloud resources (AWS, Google Cloud, Azure,
 * and a few platform CLIs). Read-only calls (describe-*, list-*, get-*, s3 ls) never fire.
 *
 * A production-looking profile, project, subscription or app makes the finding critical
 * (`--profile prod`, AWS_PROFILE, `--project shop-prod`, `--subscription production`).
 */
import type { Severity } from '../../severity';
import type { SimpleCommand, Word } from '../../shell/model';
import { assessTargets, awsProfileOf, isProd } from '../context';
import { hasFlag, positionals, type Rule, type RuleContext, type CommandRuleFinding, type RulePack } from '../rule';
import { optionValues, spanTo, splitSubcommand } from '../words';

/**
 * Raises a finding to critical when any named target looks like production: the account
 * (profile, project, subscription) first, then the resources the command names.
 */
function withReach(f: CommandRuleFinding, names: readonly { name: string | undefined; label: string }[], cmd: SimpleCommand, rc: RuleContext, resources: readonly Word[] = []): CommandRuleFinding {
  for (const n of names) if (n.name && isProd(n.name, rc)) return { ...f, severity: 'critical', target: n.label };
  for (const r of resources) {
    if ((r.text.startsWith('-') && !r.text.includes('=')) || /^(https?|ftp):/.test(r.text)) continue;
    const name = r.text.replace(/^[a-z0-9]+:\/\//, '').replace(/^[^=]*=/, '');
    if (isProd(name, rc)) return { ...f, severity: 'critical', target: `resource ${name}` };
  }
  const a = assessTargets(cmd, rc);
  if (a.reach === 'production') return { ...f, severity: 'critical', target: a.target };
  const named = names.find((n) => n.name);
  if (named) return { ...f, target: named.label };
  return a.target ? { ...f, target: a.target } : f;
}

function lastWord(cmd: SimpleCommand, fallback: Word): Word {
  const a = cmd.args;
  for (let i = a.length - 1; i >= 0; i--) if (!a[i]!.text.startsWith('-')) return a[i]!;
  return fallback;
}

// ---------------------------------------------------------------------------------------------
// AWS

/** Deletes whose loss is small or easily redone: medium, not high. */
const AWS_MINOR = new Set([
  'delete-object', 'delete-tags', 'delete-object-tagging', 'delete-bucket-tagging', 'delete-message', 'delete-message-batch',
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
        severity = hasFlag(rest, '--recursive') && !hasFlag(rest, '--include', '--exclude') ? 'high' : 'medium';
        message = hasFlag(rest, '--recursive') ? `Deletes every object under ${where}.` : `Deletes ${where}.`;
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
      const destructive = /^(delete-|terminate-|batch-delete-|purge-|deregister-)/.test(op) || op === 'schedule-key-deletion' || op === 'remove-permission' || op === 'delete';
      if (!destructive) return undefined;
      severity = AWS_MINOR.has(op) || op.startsWith('deregister-') || op === 'remove-permission' ? 'medium' : 'high';
      message = `${svc} ${op} deletes ${describeAws(svc, op)}; it cannot be undone from the CLI.`;
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
      { cmd: 'aws s3 rm s3://shop-invoices/a.pdf', exactly: 'medium' },
      { cmd: 'aws s3api delete-object --bucket b --key k', exactly: 'medium' },
      { cmd: 'aws rds delete-db-instance --db-instance-identifier orders-prod --final-db-snapshot-identifier final', exactly: 'critical', target: 'resource orders-prod' },
      { cmd: 'aws s3 rm s3://shop-production-logs --recursive', exactly: 'critical', target: 'resource shop-production-logs' },
      'aws sqs purge-queue --queue-url https://sqs.eu-west-1.amazonaws.com/1/jobs',
      'aws kms schedule-key-deletion --key-id 1234abcd',
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
    ],
  },
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
      else [severity, message] = recursive ? ['high', `Deletes every object under ${targets}.`] : ['medium', `Deletes ${targets}.`];
    } else {
      const head = pos.slice(0, 5);
      const i = head.findIndex((p) => p.text === 'delete' || (p.text === 'rm' && head[0]?.text === 'storage'));
      if (i < 0) return undefined;
      verb = head[i]!;
      const group = head.slice(0, i).map((p) => p.text).join(' ');
      const targets = pos.slice(i + 1).map((p) => p.text);
      if (group === 'projects') {
        severity = 'critical';
        message = `Deletes the project ${targets.join(' ')} and every resource in it.`;
        for (const t of targets) names.push({ name: t, label: `project ${t}` });
      } else if (group === 'storage' && verb.text === 'rm') {
        [severity, message] = recursive ? ['high', `Deletes every object under ${targets.join(' ')}.`] : ['medium', `Deletes ${targets.join(' ')}.`];
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
      { cmd: 'gcloud storage rm gs://b/one.txt', exactly: 'medium' },
      { cmd: 'gcloud sql databases delete orders --instance=prod-sql', exactly: 'critical', target: 'resource prod-sql' },
    ],
    nearMiss: ['gcloud projects list', 'gcloud compute instances list', 'gcloud storage ls', 'gsutil ls gs://b', 'gcloud run deploy api --source .', 'gcloud config configurations delete old', 'gsutil cp a gs://b/'],
  },
};

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
    const head = pos.slice(0, 4);
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
    const isGroup = group === 'group';
    const single = /^storage (blob|file|fs file)$/.test(group) && verb.text === 'delete';
    const f: CommandRuleFinding = {
      severity: isGroup ? 'critical' : single ? 'medium' : 'high',
      message: isGroup ? `Deletes the resource group ${name ?? rg ?? ''} and every resource in it.`.replace('  ', ' ') : `Deletes the ${group} ${name ?? ''}${rg ? ` in ${rg}` : ''}.`.replace(' .', '.'),
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
    ],
    nearMiss: ['az group list -o table', 'az vm list', 'az account show', 'az group lock delete --name keep -g rg', 'az config unset defaults.group', 'az aks get-credentials -g rg -n shop'],
  },
};

// ---------------------------------------------------------------------------------------------
// Platform CLIs

interface PlatformHit {
  word: Word;
  severity: Severity;
  what: string;
}

function platformHit(cmd: SimpleCommand): PlatformHit | undefined {
  const pos = positionals(cmd, ['-a', '--app', '-R', '--repo', '-r', '--remote', '-c', '--config', '--context', '-t', '--token', '--scope']);
  const w = (t: string): Word | undefined => pos.find((p) => p.text === t);
  switch (cmd.program) {
    case 'gh': {
      if (pos[0]?.text === 'repo' && pos[1]?.text === 'delete') return { word: pos[1], severity: 'critical', what: `deletes the GitHub repository ${pos[2]?.text ?? '(the current one)'} with its issues, pull requests and releases` };
      if (pos[0]?.text === 'release' && pos[1]?.text === 'delete') return { word: pos[1], severity: 'medium', what: 'deletes a release' };
      return undefined;
    }
    case 'heroku': {
      const d = pos.find((p) => /^(apps:destroy|destroy|pg:reset|addons:destroy|pg:backups:delete)$/.test(p.text));
      return d && { word: d, severity: 'high', what: d.text === 'pg:reset' ? 'deletes every table of the app database' : 'deletes the app or add-on and its data' };
    }
    case 'fly':
    case 'flyctl': {
      const i = pos.findIndex((p) => p.text === 'destroy' || p.text === 'delete');
      if (i < 0) return undefined;
      const group = pos.slice(0, i).map((p) => p.text).join(' ');
      return { word: pos[i]!, severity: 'high', what: `deletes the ${group || 'app'} ${pos[i + 1]?.text ?? ''}`.trim() };
    }
    case 'doctl':
    case 'hcloud':
    case 'oci':
    case 'linode-cli':
    case 'scw': {
      const i = pos.slice(0, 4).findIndex((p) => p.text === 'delete' || p.text === 'rm' || p.text === 'terminate');
      if (i < 0) return undefined;
      return { word: pos[i]!, severity: 'high', what: `deletes the ${pos.slice(0, i).map((p) => p.text).join(' ')} ${pos[i + 1]?.text ?? ''}`.replace(/ +/g, ' ').trim() };
    }
    case 'eksctl': {
      const d = w('delete');
      return d && pos[0] === d ? { word: d, severity: 'high', what: `deletes the ${pos[1]?.text ?? 'resource'} and its resources` } : undefined;
    }
    case 'vercel': {
      const d = pos[0] && (pos[0].text === 'remove' || pos[0].text === 'rm') ? pos[0] : undefined;
      return d && { word: d, severity: 'high', what: 'removes the project or deployment' };
    }
    default:
      return undefined;
  }
}

const platformDelete: Rule = {
  id: 'cloud.platform-delete',
  description: 'Platform CLIs that delete apps, repositories or databases (gh repo delete, heroku apps:destroy/pg:reset, fly destroy, doctl/hcloud delete, eksctl delete).',
  severity: 'high',
  programs: ['gh', 'heroku', 'fly', 'flyctl', 'doctl', 'hcloud', 'oci', 'linode-cli', 'scw', 'eksctl', 'vercel'],
  check(cmd, rc) {
    const h = platformHit(cmd);
    if (!h) return undefined;
    const names = optionValues(cmd, '-a', '--app', '-R', '--repo').map((x) => ({ name: x.text, label: `app ${x.text}` }));
    const last = lastWord(cmd, h.word);
    return withReach({ severity: h.severity, message: `${h.what[0]!.toUpperCase()}${h.what.slice(1)}.`, span: spanTo(cmd, last.span[0] >= h.word.span[0] ? last : h.word), suggestion: 'Check the name and account first, and back up its data.' }, names, cmd, rc, cmd.args.filter((a) => a.span[0] > h.word.span[0]));
  },
  examples: {
    match: [{ cmd: 'gh repo delete acme/shop --yes', exactly: 'critical' }, 'heroku apps:destroy --app shop-staging', { cmd: 'doctl kubernetes cluster delete prod --force', exactly: 'critical', target: 'resource prod' }, { cmd: 'heroku pg:reset -a shop-prod', exactly: 'critical' }, 'fly apps destroy shop', 'doctl compute droplet delete web-1', 'eksctl delete cluster --name shop', 'hcloud server delete web-1'],
    nearMiss: ['gh repo view acme/shop', 'gh pr create --fill', 'heroku logs --tail -a shop', 'fly deploy', 'doctl compute droplet list', 'eksctl get cluster'],
  },
};

export const cloudPack: RulePack = {
  name: 'cloud',
  description: 'Cloud CLI operations that delete resources and data; production profiles, projects and subscriptions make them critical.',
  rules: [awsDelete, gcloudDelete, azDelete, platformDelete],
  // What the rules above deliberately let through: local CLI configuration and delete locks.
  owns: ['gcloud config', 'az config', 'az extension', 'az cache', 'az account', 'az lock', 'az group lock', 'az resource lock'],
};
