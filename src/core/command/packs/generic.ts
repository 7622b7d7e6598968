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
import { perCommandAndCheck } from '../memo';
import type { VerbClass } from '../generic/verbs';
import type { CommandRuleExamples, CommandRuleFinding, Rule, RuleContext, RulePack } from '../rule';

/**
 * One judgement per command and check, shared by the rules of every class: they run one after
 * another on the command at hand (a parsed script is reused by later checks, in other contexts,
 * so the check is part of the key). Only that command's is kept: a table of every command
 * judged grew with each line (and kept each line's check alive through the scripts it parsed).
 */
const judged: (cmd: SimpleCommand, rc: RuleContext) => GenericJudgement | undefined = perCommandAndCheck(judgeGeneric);

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
      { cmd: 'avn service terminate pg-staging --force', exactly: 'high', span: 'avn service terminate pg-staging --force' },
      { cmd: 'avn service terminate pg-prod', exactly: 'critical', target: 'pg-prod' },
      { cmd: 'stripe customers delete cus_123', exactly: 'high' },
      { cmd: 'auth0 apps delete abc123 --force', exactly: 'high' },
      { cmd: 'twilio api:core:messages:remove --sid SM123', exactly: 'high' },
      { cmd: 'mongocli atlas clusters delete orders --force', exactly: 'high' },
      { cmd: 'juju destroy-model staging --no-prompt --destroy-storage', exactly: 'high' },
      { cmd: 'juju remove-application web --destroy-storage --force', exactly: 'high' },
      { cmd: 'argo delete --all -n ci', exactly: 'critical' },
      { cmd: 'kn service delete hello', exactly: 'high' },
      { cmd: 'tkn pipeline delete deploy-api -f', exactly: 'high' },
      { cmd: 'pachctl delete repo images', exactly: 'high' },
      { cmd: 'lando destroy -y', exactly: 'high' },
      { cmd: 'npx knex seed:wipe', exactly: 'high' },
      { cmd: 'vssadmin delete shadows /all /quiet', ctx: PW, exactly: 'critical' },
      { cmd: 'net user backupadmin /delete', ctx: PW, exactly: 'high' },
      { cmd: 'Remove-AzResourceGroup -Name prod-rg -Force', ctx: PW, exactly: 'critical' },
      { cmd: 'Remove-MgUser -UserId alice@example.com', ctx: PW, exactly: 'high' },
      { cmd: 'Remove-VMSnapshot -VMName build-agent -Name *', ctx: PW, exactly: 'critical' },
      // A bare name like a build folder is the object's name, not the project's build output.
      { cmd: 'tkn pipeline delete build', exactly: 'high' },
      { cmd: 'ansible webservers -b -m file -a "path=/srv/app state=absent"', exactly: 'high' },
      { cmd: 'ansible dbservers -b -m postgresql_db -a "name=shop state=absent"', exactly: 'high' },
      { cmd: 'dvc remove train --outs', exactly: 'high' },
      { cmd: 'ipfs files rm -r /archive', exactly: 'high' },
      { cmd: 'ipfs pin rm QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG', exactly: 'medium' },
      { cmd: 'sudo journalctl --vacuum-time=1s', exactly: 'medium' },
      // Verbs glued to a resource noun, flags in every style, a disk written over.
      { cmd: 'rados rmpool scratch scratch --yes-i-really-really-mean-it', exactly: 'high' },
      { cmd: 'mmdelsnapshot gpfs0 nightly-0401', exactly: 'high' },
      { cmd: 'ozone fs -rm -r -skipTrash ofs://om/vol1/bucket1/logs', exactly: 'critical' },
      { cmd: 'psqldef -U postgres shop --enable-drop-table --file schema.sql', exactly: 'high' },
      { cmd: 'dnscmd /zonedelete example.com /f', ctx: PW, exactly: 'high' },
      { cmd: 'ddev clean --all', exactly: 'critical' },
      { cmd: 'bmaptool copy core-image.wic.bz2 /dev/mmcblk0', exactly: 'critical', target: 'bmaptool /dev/mmcblk0' },
      { cmd: 'zstd -d fedora.raw.zst -o /dev/nvme0n1', exactly: 'critical' },
    ],
    nearMiss: [
      'rados df',
      'mmlssnapshot gpfs0',
      'rmformat -l',
      'delta --side-by-side before.txt after.txt',
      'mysqldef -u root shop --dry-run',
      'mysqldump --add-drop-table shop',
      'dnf clean all',
      'cargo clean',
      'partclone.ext4 -c -s /dev/sda1 -o root.img',
      'zstd -d fedora.raw.zst -o fedora.raw',
      'avn service list',
      'stripe customers list --limit 3',
      'juju status',
      'argo list -n ci',
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
      'rustup toolchain remove nightly',
      'sudo apt-get autoremove',
      'twilio api:core:messages:list --limit 5',
      'docker rm web',
      'git branch -D feature/x',
      'rm -rf dist',
      'kubectl auth can-i delete pods',
      'gcloud config configurations delete old',
      'php artisan test --filter testDeleteUser',
      'npx rimraf dist',
      'ansible web -b -m apt -a "name=nginx state=present"',
      'ansible all -m ping',
      'journalctl -u nginx --since today',
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
      { cmd: 'npm token revoke 123abc', exactly: 'high' },
      { cmd: 'gitlab-runner unregister --all-runners', exactly: 'high' },
      { cmd: 'sudo dnf remove -y openssh-server', exactly: 'high' },
      { cmd: 'apt-get purge -y openssh-server', exactly: 'high' },
      { cmd: 'sudo apt-get remove nginx', exactly: 'medium' },
      { cmd: 'Disable-LocalUser -Name backupadmin', ctx: PW, exactly: 'high' },
      { cmd: 'npm owner rm alice @acme/widgets', exactly: 'medium' },
      // dvc remove drops the stage and stops tracking; the data stays (without --outs).
      { cmd: 'dvc remove data.dvc', exactly: 'medium' },
    ],
    nearMiss: ['npm token list', 'gitlab-runner list', 'npm uninstall lodash --save', 'gcloud auth list', { cmd: 'Clear-Host', ctx: PW }, { cmd: 'Clear-Variable -Name counter', ctx: PW }, 'systemctl disable --now nginx', 'git config --unset user.name'],
  },
);

const overwrite = classRule(
  'overwrite',
  'generic.overwrite',
  'Any tool that rolls back, restores or rewrites what is there: medium; high when it reaches everything, skips its confirmation or targets production.',
  'medium',
  {
    match: [
      { cmd: 'ddev snapshot restore pre-upgrade', exactly: 'medium' },
      { cmd: 'tsuru app-rollback -a shop', exactly: 'medium' },
    ],
    nearMiss: ['npm rebuild', 'nixos-rebuild switch', 'ddev snapshot --name pre-upgrade', 'tsuru app-info -a shop'],
  },
);

const stop = classRule(
  'stop',
  'generic.stop',
  'Any tool that stops, halts, restarts, kills or suspends something that can be started again: low; medium when it reaches everything or skips its prompt, high on production.',
  'low',
  {
    match: [
      { cmd: 'supervisorctl restart web', exactly: 'low' },
      { cmd: 'pm2 stop all --force', exactly: 'medium' },
      { cmd: 'ddev stop --all', exactly: 'medium' },
      { cmd: 'az webapp stop --name shop-prod --resource-group web', exactly: 'high' },
      // A process manager's delete stops the app and forgets it; its code and data stay.
      { cmd: 'pm2 delete all', exactly: 'medium' },
      { cmd: 'pm2 delete api', exactly: 'low' },
    ],
    nearMiss: ['ddev start', 'supervisorctl status', 'pm2 start ecosystem.config.js', 'tmux new -s work', { cmd: 'Stop-Process -Id 4242 -WhatIf', ctx: PW }],
  },
);

export const genericPack: RulePack = {
  name: 'generic',
  description: 'Any command-line tool read as program, subcommand path, flags and operands: destructive verbs, their reach, skipped confirmations and production targets, where no pack speaks.',
  rules: [destroy, revoke, overwrite, stop],
};
