/**
 * The generic layer: any command-line tool, known to a pack or not, read as program →
 * subcommand path → flags → operands (../generic/reader.ts) and judged by the verb it acts with
 * (../generic/verbs.ts), how far it reaches, whether it skips its own confirmation, and where it
 * points (../generic/judge.ts). One rule per verb class, so a policy can switch a class off.
 *
 * These are fallback rules: the analyzer runs them on a command only when no other rule flagged
 * it and no pack owns its program (RulePack.owns) — packs refine what they know and win where
 * they speak. Rehearsal and help forms (`--dry-run`, `-WhatIf`, `--help`) are lifted by the
 * analyzer for every rule (../rehearsal.ts).
 */
import type { SimpleCommand } from '../../shell/model';
import { judgeGeneric, type GenericJudgement } from '../generic/judge';
import type { VerbClass } from '../generic/verbs';
import type { CommandRuleExamples, CommandRuleFinding, Rule, RuleContext, RulePack } from '../rule';

/** One judgement per command, shared by the four rules. */
const cache = new WeakMap<SimpleCommand, GenericJudgement | null>();

function judged(cmd: SimpleCommand, rc: RuleContext): GenericJudgement | undefined {
  let j = cache.get(cmd);
  if (j === undefined) {
    j = judgeGeneric(cmd, rc) ?? null;
    cache.set(cmd, j);
  }
  return j ?? undefined;
}

function classRule(cls: VerbClass, id: string, description: string, severity: Rule['severity'], examples: CommandRuleExamples): Rule {
  return {
    id,
    description,
    severity,
    programs: '*',
    fallback: true,
    check(cmd, rc): CommandRuleFinding | undefined {
      const j = judged(cmd, rc);
      if (!j || j.cls !== cls) return undefined;
      const f: CommandRuleFinding = { severity: j.severity, message: j.message, span: j.span, suggestion: j.suggestion };
      if (j.target) f.target = j.target;
      return f;
    },
    examples,
  };
}

const PW = { shell: 'pwsh' } as const;

const destroy = classRule(
  'destroy',
  'generic.destroy',
  'Any tool that deletes, destroys, purges, drops, wipes, erases, forgets or prunes (in its subcommand path, a compound like delete-db-instance or apps:destroy, a PowerShell Remove-*, its own name, or a flag like --delete): high; critical for everything, a whole device or a production target.',
  'high',
  {
    match: [
      { cmd: 'civo instance remove web-1 --yes', exactly: 'high', span: 'civo instance remove web-1 --yes' },
      { cmd: 'velero backup delete nightly-20240601 --confirm', exactly: 'high' },
      { cmd: 'vault kv destroy -versions=3,4 secret/app/db', exactly: 'high' },
      { cmd: 'restic -r /srv/restic-repo forget --keep-last 1 --prune', exactly: 'high' },
      { cmd: 'firebase hosting:channel:delete preview-42 --force', exactly: 'high' },
      { cmd: 'firebase firestore:delete --all-collections --project shop-prod --force', exactly: 'critical' },
      { cmd: 'rabbitmqctl delete_vhost /prod', exactly: 'critical', target: '/prod' },
      { cmd: 'linode-cli lke cluster-delete 4321', exactly: 'high' },
      { cmd: 'cli53 rrdelete example.com www A', exactly: 'high' },
      { cmd: 'govc vm.destroy /dc1/vm/web-01', exactly: 'high' },
      { cmd: 'cryptsetup luksErase /dev/sdb2', exactly: 'critical' },
      { cmd: 'rsync -a --delete ./public/ deploy@web-1:/var/www/html/', exactly: 'high' },
      { cmd: 'kafka-topics.sh --bootstrap-server kafka:9092 --delete --topic orders', exactly: 'high' },
      { cmd: 'lvremove vg0/data', exactly: 'high' },
      { cmd: 'kafka-delete-records.sh --bootstrap-server kafka:9092 --offset-json-file purge.json', exactly: 'high' },
      { cmd: 'npx knex seed:wipe', exactly: 'high' },
      { cmd: 'sudo nomad job stop -purge api', exactly: 'high' },
      { cmd: 'vssadmin delete shadows /all /quiet', ctx: PW, exactly: 'critical' },
      { cmd: 'net user backupadmin /delete', ctx: PW, exactly: 'high' },
      { cmd: 'Remove-AzResourceGroup -Name prod-rg -Force', ctx: PW, exactly: 'critical' },
      { cmd: 'Remove-MgUser -UserId alice@example.com', ctx: PW, exactly: 'high' },
      { cmd: 'Remove-VMSnapshot -VMName build-agent -Name *', ctx: PW, exactly: 'critical' },
      { cmd: 'gopass rm -rf infra', exactly: 'critical' },
      { cmd: 'minikube delete --all --purge', exactly: 'medium' },
      { cmd: 'gh cache delete --all', exactly: 'high' },
      { cmd: 'nvme format /dev/nvme0n1 --ses=1', exactly: 'critical' },
      { cmd: 'hcloud server rebuild --image ubuntu-24.04 db-1', exactly: 'high', target: 'hcloud db-1' },
      { cmd: 'zpool create tank mirror /dev/sdc /dev/sdd', exactly: 'critical' },
      { cmd: 'mdadm --create /dev/md0 --level=1 --raid-devices=2 /dev/sdb /dev/sdc', exactly: 'critical' },
    ],
    nearMiss: [
      'hcloud server list',
      'velero backup create pre-upgrade --include-namespaces payments',
      'restic -r /srv/restic-repo snapshots',
      'gh issue create --title "Delete button does nothing"',
      'npm run reset-db',
      'yarn reset-db',
      'make clean-data',
      'echo delete everything',
      'grep -rn "DROP TABLE" migrations/',
      'aws kms cancel-key-deletion --key-id 1234',
      'rabbitmqctl list_queues name messages',
      'dart format lib',
      { cmd: 'Get-Disk | Format-Table -AutoSize', ctx: PW },
      { cmd: 'Remove-Module Az.Accounts', ctx: PW },
      'borg delete --dry-run /mnt/backup/borg::web-2024-06-01',
      'vault kv delete -help',
      'wipefs /dev/sdb',
      'npm uninstall lodash',
      'zpool create tank mirror /tmp/pool-a.img /tmp/pool-b.img',
      'rustup toolchain remove nightly',
      'sudo apt-get autoremove',
      'twilio api:core:messages:list --limit 5',
      'docker rm web',
      'git branch -D feature/x',
      'rm -rf dist',
      'kubectl auth can-i delete pods',
      'gcloud config configurations delete old',
      'php artisan test --filter testDeleteUser',
    ],
  },
);

const revoke = classRule(
  'revoke',
  'generic.revoke',
  'Any tool that revokes, disables, detaches, unsets, deregisters or uninstalls (access, configuration, software): medium; high when it skips its confirmation, reaches widely, touches keys, secrets or tokens, or targets production.',
  'medium',
  {
    match: [
      { cmd: 'vault token revoke -mode=orphan s.8f2kT3v9', exactly: 'high' },
      { cmd: 'vault lease revoke -prefix aws/creds/', exactly: 'high' },
      { cmd: 'aws kms disable-key --key-id alias/orders', exactly: 'high' },
      { cmd: 'aws iam detach-role-policy --role-name app --policy-arn arn:aws:iam::aws:policy/ReadOnly', exactly: 'medium' },
      { cmd: 'heroku config:unset STRIPE_KEY -a shop-prod', exactly: 'high', target: 'shop-prod' },
      { cmd: 'gcloud projects remove-iam-policy-binding shop-dev --member=group:ops@example.com --role=roles/owner', exactly: 'medium' },
      { cmd: 'flux uninstall --silent', exactly: 'high' },
      { cmd: 'gitlab-runner unregister --all-runners', exactly: 'high' },
      { cmd: 'sudo dnf remove -y openssh-server', exactly: 'high' },
      { cmd: 'apt-get purge -y openssh-server', exactly: 'high' },
      { cmd: 'sudo apt-get remove nginx', exactly: 'medium' },
      { cmd: 'Disable-LocalUser -Name backupadmin', ctx: PW, exactly: 'high' },
      { cmd: 'npm owner rm alice @acme/widgets', exactly: 'medium' },
    ],
    nearMiss: ['vault token lookup', 'flux get kustomizations -A', 'npm uninstall lodash --save', 'heroku config -a shop-prod', 'gcloud auth list', { cmd: 'Clear-Host', ctx: PW }, { cmd: 'Clear-Variable -Name counter', ctx: PW }, 'systemctl disable --now nginx', 'git config --unset user.name'],
  },
);

const overwrite = classRule(
  'overwrite',
  'generic.overwrite',
  'Any tool that rolls back, restores or rewrites what is there: medium; high when it reaches everything, skips its confirmation or targets production.',
  'medium',
  {
    match: [
      { cmd: 'npx knex migrate:rollback --all', exactly: 'high' },
      { cmd: 'zfs rollback -r tank/db@before-migration', exactly: 'high' },
      { cmd: 'borg recreate --exclude "*.pg_dump" /mnt/backup/borg', exactly: 'high' },
    ],
    nearMiss: ['npx knex migrate:latest', 'npm rebuild', 'nixos-rebuild switch', 'zfs snapshot tank/db@before-migration', 'hcloud server list'],
  },
);

const stop = classRule(
  'stop',
  'generic.stop',
  'Any tool that stops, halts, restarts, kills or suspends something that can be started again: low; medium when it reaches everything or skips its prompt, high on production.',
  'low',
  {
    match: [
      { cmd: 'vagrant halt web', exactly: 'low' },
      { cmd: 'pm2 stop all --force', exactly: 'medium' },
      { cmd: 'vagrant suspend web', exactly: 'low' },
      { cmd: 'fly machine stop 3d8d9 -a shop-prod', exactly: 'high' },
      { cmd: 'heroku ps:scale web=0 -a shop', exactly: 'low' },
      { cmd: 'fly scale count 0 -a shop-prod', exactly: 'high' },
    ],
    nearMiss: ['vagrant up', 'heroku ps:scale web=2 -a shop', 'fly scale count 3 -a shop-prod', 'pm2 start ecosystem.config.js', 'tmux new -s work', { cmd: 'Stop-Process -Id 4242 -WhatIf', ctx: PW }],
  },
);

export const genericPack: RulePack = {
  name: 'generic',
  description: 'Any command-line tool read as program, subcommand path, flags and operands: destructive verbs, their reach, skipped confirmations and production targets, where no pack speaks.',
  rules: [destroy, revoke, overwrite, stop],
};
