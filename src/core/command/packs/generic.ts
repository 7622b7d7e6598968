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

/** The finding a judgement reports. */
function findingOf(j: GenericJudgement): CommandRuleFinding {
  const f: CommandRuleFinding = { severity: j.severity, message: j.message, span: j.span, suggestion: j.suggestion };
  if (j.target) f.target = j.target;
  return f;
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
      return j && j.cls === cls && !j.manual ? findingOf(j) : undefined;
    },
    examples,
  };
}

const PW = { shell: 'pwsh' } as const;

/** The test workspace's own manual pages (test/fixtures/commands/workspace/man), written for tools that do not exist. */
const MAN = { env: { HOME: '/home/dev', USER: 'dev', PATH: '/usr/local/bin:/usr/bin:/bin', SHELL: '/bin/bash', MANPATH: 'man' } } as const;

/**
 * What an installed tool's manual page says the option or subcommand it is given does, when
 * nothing else in the command names an action (../generic/manual.ts): its own rule, so a policy
 * can switch it off without losing the rest of the generic layer.
 */
const manual: Rule = {
  id: 'generic.manual',
  description:
    "Any installed tool whose manual page says the option or subcommand the command uses erases, deletes, removes, drops, flushes, revokes, overwrites or stops something (`dmraid -E`: “Erase metadata on all disks”), when nothing else in the command names an action: judged as that verb would be (destroy high, revoke and overwrite medium, stop low; reach, a skipped prompt and production targets weigh as usual), quoting the manual.",
  severity: 'high',
  programs: '*',
  fallback: true,
  check(cmd, rc): CommandRuleFinding | undefined {
    const j = judged(cmd, rc);
    return j?.manual ? findingOf(j) : undefined;
  },
  examples: {
    match: [
      // man(7) pages: `.TP` entries, an option taking a value, a `.so` link, a subcommand section.
      { cmd: 'vaultkeeper -E', ctx: MAN, exactly: 'high' },
      { cmd: 'sudo vaultkeeper -v -r nightly-2026-11 /srv/vault', ctx: MAN, exactly: 'high', target: 'nightly-2026-11' },
      { cmd: 'vaultkeeper --retire-archive=weekly-01 -f', ctx: MAN, severity: 'high' },
      { cmd: 'vk -E', ctx: MAN, exactly: 'high' },
      { cmd: 'vaultkeeper rotate', ctx: MAN, exactly: 'high' },
      { cmd: 'vaultkeeper -x', ctx: MAN, severity: 'high' },
      { cmd: 'vaultkeeper -cE', ctx: MAN, exactly: 'high' },
      // mdoc(7) (`.It Cm`, "Causes … to erase"), gzip-compressed.
      { cmd: 'tapectl -f /dev/nst0 relabel', ctx: MAN, exactly: 'high' },
      // DocBook pages: option lines between `.PP` and `.RS`; "Shortcut for --drop --force".
      { cmd: 'gridctl -d weather', ctx: MAN, exactly: 'high', span: 'gridctl -d weather' },
      { cmd: 'gridctl -D weather', ctx: MAN, exactly: 'high' },
      { cmd: 'gridctl -d orders --env production', ctx: MAN, exactly: 'critical' },
    ],
    nearMiss: [
      { cmd: 'vaultkeeper -l', ctx: MAN },
      { cmd: 'vaultkeeper -F /srv/vault', ctx: MAN },
      { cmd: 'vaultkeeper -c', ctx: MAN },
      { cmd: 'vaultkeeper report', ctx: MAN },
      { cmd: 'vaultkeeper -f', ctx: MAN },
      { cmd: 'tapectl -s', ctx: MAN },
      { cmd: 'tapectl rewind', ctx: MAN },
      { cmd: 'gridctl -s weather', ctx: MAN },
      { cmd: 'gridctl --env production -s orders', ctx: MAN },
      // The manual is only asked when nothing else spoke, and never for a dry run.
      { cmd: 'gridctl -d weather --dry-run', ctx: MAN },
      // No page installed where MANPATH points: nothing to read.
      'vaultkeeper -E',
      { cmd: 'gridctl -d weather', ctx: { env: { ...MAN.env, MANPATH: '/nonexistent/man' } } },
    ],
  },
};

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
      // A rewritable disc blanked in the drive the line names: everything on it, as a whole device.
      { cmd: 'wodim dev=/dev/sr0 blank=all', exactly: 'critical' },
      // A CDN's cache of web addresses purged: the origin serves them again (shown, not held).
      { cmd: 'cdnctl purge --url https://www.example.com/index.html', exactly: 'medium' },
      // A card or drive sanitized by its own firmware: every block, as a whole device.
      { cmd: 'emmcctl sanitize /dev/mmcblk1', exactly: 'critical', target: '/dev/mmcblk1' },
      { cmd: 'xorriso -outdev /dev/sr0 -blank all', exactly: 'critical' },
      { cmd: 'cdrdao blank --device /dev/sr0 --blank-mode full', exactly: 'critical' },
      { cmd: 'auth0 apps delete abc123 --force', exactly: 'high' },
      { cmd: 'twilio api:core:messages:remove --sid SM123', exactly: 'high' },
      { cmd: 'mongocli atlas clusters delete orders --force', exactly: 'critical' },
      { cmd: 'juju destroy-model staging --no-prompt --destroy-storage', exactly: 'high' },
      { cmd: 'juju remove-application web --destroy-storage --force', exactly: 'high' },
      { cmd: 'argo delete --all -n ci', exactly: 'critical' },
      { cmd: 'kn service delete hello', exactly: 'high' },
      { cmd: 'tkn pipeline delete deploy-api -f', exactly: 'high' },
      { cmd: 'pachctl delete repo images', exactly: 'critical' },
      { cmd: 'lando destroy -y', exactly: 'high' },
      { cmd: 'npx knex seed:wipe', exactly: 'high' },
      // A new volume made on a disk, forced or without questions; a disk by its kernel name alone.
      { cmd: 'veracrypt --text --create /dev/sdc --quick --non-interactive', exactly: 'critical', span: 'veracrypt --text --create /dev/sdc --quick --non-interactive' },
      { cmd: 'sudo diskvault init /dev/nvme1n1 --yes', exactly: 'critical' },
      { cmd: 'sudo nvmecontrol format -C nvme0ns1', exactly: 'critical' },
      { cmd: 'sudo mfiutil delete mfid0', exactly: 'critical' },
      // A setting that names the action, and one that names what it acts on.
      { cmd: `gis.edit map=roads tool=delete where="surface='gravel'"`, exactly: 'high', target: 'gis.edit map roads' },
      // A part of a database dropped, named after it: the column or the table goes, not the whole database.
      { cmd: 'gis.db.dropcolumn map=parcels columns=owner', exactly: 'high' },
      { cmd: 'gis.db.droptable map=roads', exactly: 'high' },
      // A program named for writing that takes the disk first and the image after it.
      { cmd: 'nandwrite -p /dev/mtd1 ubi.img', exactly: 'critical', target: 'nandwrite /dev/mtd1' },
      { cmd: 'nandwrite --noskipbad --noecc /dev/mtd0 u-boot.img', exactly: 'critical', target: 'nandwrite /dev/mtd0' },
      // A batch of JSON requests given as an operand, one of which deletes: what it names is in the message.
      { cmd: `dbctl transact '["inventory",{"op":"delete","table":"Host","where":[]}]'`, exactly: 'high', target: 'dbctl from the table Host, through the request\'s "op": "delete"' },
      // A clean of data in a registry: the signatures others verify against are deleted.
      { cmd: 'sigtool clean registry.acme.com/api@sha256:4f1c2a9e0b7d3c5e8f6a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6', exactly: 'high' },
      // A JSON request whose action key names a delete, sent to a server the line names.
      { cmd: `websocat -n1 wss://ops.acme.io/admin <<< '{"op":"purge_queue","queue":"outbound-email"}'`, exactly: 'high' },
      { cmd: `wscat -c wss://ops.acme.io/admin -x '{"action":"deleteTenant","tenant":"globex"}'`, severity: 'high' },
      // A version-control push told to delete the branch it names on the remote.
      { cmd: 'oxen push origin experiment/labels-v2 -d', exactly: 'high' },
      // A switch that says it destroys; a name ending in its verb, given all; verb:object; a log group; `+` joined switches.
      { cmd: 'sudo f3probe --destructive --time-ops /dev/sdb', exactly: 'critical' },
      { cmd: 'tidb-lightning-ctl --config /etc/tidb-lightning.toml --checkpoint-error-destroy=all', exactly: 'critical' },
      { cmd: 'zapier delete:version 1.4.2', exactly: 'high' },
      { cmd: "br log truncate --until='2024-06-01 00:00:00' --storage='s3://tidb-pitr/log-backup'", exactly: 'high' },
      { cmd: 'sudo waagent -deprovision+user -force', exactly: 'high' },
      // A bare verb flag acts on the data the command moves, even when it also writes a file.
      { cmd: 'elasticdump --input=https://es.internal:9200/orders --output=/backup/orders.json --type=data --delete=true', severity: 'high' },
      { cmd: 'frob convert --delete-source -o out.mp4 in.mkv', exactly: 'high' },
      { cmd: 'frob --drop-tables -o report.txt', exactly: 'high' },
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
      // A disk after the source in a copying tool; device tools' own options (generic/device.ts).
      { cmd: 'ddrescue -f /dev/sdc /dev/sdd rescue.log', exactly: 'critical', target: 'ddrescue /dev/sdd' },
      { cmd: 'dc3dd hwipe=/dev/sde', exactly: 'critical' },
      { cmd: 'flashrom -p dediprog --erase', exactly: 'critical' },
      // A destroy verb as the build target (`-t erase`, `--target erase`).
      { cmd: 'pio run -e esp32dev -t erase', exactly: 'high' },
      { cmd: 'zfs-prune-snapshots -p autosnap_ 2w tank/backups', exactly: 'high' },
      // System firmware written to a device, named by its file (generic/device.ts).
      { cmd: 'sudo mstflint -d 04:00.0 -i fw-ConnectX5-rel-16_35.bin burn', exactly: 'high' },
      { cmd: 'rpi-eeprom-update -d -f ./pieeprom-2026-01-10.bin', exactly: 'high' },
      { cmd: 'sudo fwupdtool install --force /tmp/dock-firmware-2.14.cab', exactly: 'high' },
      { cmd: 'sudo rauc install /data/updates/kiosk-3.2.0.raucb', exactly: 'high' },
      { cmd: 'sudo rpi-clone sda -f', exactly: 'critical' },
      // A product prefix before the verb and its object; the verb as a -verb: value; self-destruct.
      { cmd: 'gpdeletesystem -d /data/coordinator/gpseg-1 -f', severity: 'high' },
      { cmd: 'msdeploy -verb:delete -dest:contentPath="Default Web Site/shop",computerName=web01', ctx: PW, severity: 'high' },
      { cmd: 'bin/tootctl self-destruct', severity: 'high' },
      { cmd: 'tensorboard dev delete --experiment_id AdYd1TgeTlaLWXx6I8JUbA', exactly: 'high' },
      // A store's retention cut to a day or less: what is older goes at the next compaction.
      { cmd: 'prometheus --storage.tsdb.path=/var/lib/prometheus --storage.tsdb.retention.time=1h', exactly: 'high' },
      { cmd: 'victoria-metrics -storageDataPath=/data -retentionPeriod=1d', exactly: 'high' },
      // A GraphQL mutation named for a delete; tmpwatch's sweep.
      { cmd: "newrelic nerdgraph query 'mutation { alertsPolicyDelete(accountId: 1234567, id: 998877) { id } }'", exactly: 'high' },
      { cmd: 'sudo tmpwatch -m 24 /var/www/shop/uploads', exactly: 'high', target: '/var/www/shop/uploads' },
      // A product CLI uninstalling what it installed, named; a variable that switches a drop on;
      // a gRPC method through any client; flashprog as flashrom.
      { cmd: 'tridentctl uninstall -n trident', exactly: 'high', target: 'trident and the data it keeps' },
      { cmd: 'cloudron uninstall --app wiki.home.example.net', exactly: 'high' },
      { cmd: "DB_URI='mongodb://10.0.4.12:27017/crm' DROP_DATABASE=true seed ./data", exactly: 'high' },
      { cmd: 'evans -r cli call --host users-api.internal users.v1.UserService.DeleteUser', exactly: 'high' },
      { cmd: 'flashprog -p internal -w coreboot.rom', exactly: 'high' },
      { cmd: 'minipro -p "W25Q64JV@SOIC8" -E', exactly: 'critical' },
      { cmd: 'sudo urbackupsrv cleanup --amount 100%', exactly: 'high' },
      { cmd: 'beet remove -d artist:"Various Artists"', exactly: 'high' },
      { cmd: 'transmission-remote localhost:9091 -t 7 --remove-and-delete', exactly: 'high' },
      { cmd: 'flashrom -p internal -w coreboot.rom', exactly: 'high' },
      { cmd: 'fastboot oem unlock', exactly: 'critical' },
      { cmd: 'fastboot erase userdata', exactly: 'critical' },
      { cmd: 'nwipe --autonuke', exactly: 'critical' },
      { cmd: 'ubiformat /dev/mtd2', exactly: 'critical' },
      // Preview-by-default tools given their confirm option (generic/preview.ts).
      { cmd: 'p4 obliterate -y //depot/old/...', exactly: 'high' },
      { cmd: 'kops delete cluster --name k8s.example.com --yes', exactly: 'critical' },
      { cmd: 'gcp-nuke run -c gcp-nuke.yml --no-dry-run', exactly: 'critical' },
      // Actions named by a letter, set-ups that wipe (generic/options.ts).
      { cmd: 'passwd -d deploy', exactly: 'high', span: 'passwd -d deploy' },
      { cmd: 'sudo passwd --delete root', exactly: 'critical', target: 'the root account' },
      { cmd: 'postsuper -d ALL deferred', exactly: 'critical' },
      { cmd: 'easyrsa init-pki', exactly: 'critical' },
      { cmd: 'drush -y site:install minimal', exactly: 'high' },
      { cmd: 'pg_archivecleanup /var/lib/pgsql/wal_archive 00000001000000020000004B', exactly: 'high' },
      { cmd: 'snap remove --purge microk8s', exactly: 'high' },
      // Teardown and discard words, a safety net turned off, force-pushes, unsafe subcommands.
      { cmd: 'hg strip --no-backup -r 42', exactly: 'high' },
      { cmd: 'sl push --force --to main', exactly: 'high' },
      { cmd: 'tendermint unsafe-reset-all', exactly: 'critical' },
      { cmd: 'k3s-agent-uninstall.sh', exactly: 'high' },
      { cmd: 'Clear-Tpm', ctx: PW, exactly: 'critical' },
      { cmd: 'symfony console doctrine:database:drop --force', exactly: 'critical' },
      // A whole container: a project, account or repository reaches everything in it; a database
      // or cluster reaches widely (critical when the confirmation is skipped).
      { cmd: 'sentry projects remove backend --yes', exactly: 'critical' },
      { cmd: 'bitbucket repository delete acme/api', exactly: 'critical', span: 'bitbucket repository delete acme/api' },
      { cmd: 'astra db delete orders-db', exactly: 'high' },
      { cmd: 'planetscale database delete shop --force', exactly: 'critical' },
      { cmd: 'doctl registry repository delete-tag api v2.3.0 --force', exactly: 'high' },
      // Garbage collection in the shared remote storage.
      { cmd: 'dvc gc --workspace --cloud', exactly: 'high' },
      { cmd: 'dvc gc --all-commits --cloud -f', exactly: 'high' },
    ],
    nearMiss: [
      'wodim dev=/dev/sr0 -checkdrive',
      // A data file named for what its contents are about is not a subcommand; a flash tool named for reading only reads.
      'mpv "format_c_drive_tutorial.mp4"',
      'fitsheader drop_candidates.fits OBJECT',
      'flash_otp_info -u /dev/mtd0',
      'flash_otp_dump -u /dev/mtd0 0',
      'gis.edit map=roads tool=add input=new.txt',
      // A batch of requests that only reads; a clean of a build folder, with no reach stated.
      `dbctl transact '["inventory",{"op":"select","table":"Host","where":[]}]'`,
      'sigtool clean ./build',
      // A program named for reading: its words name what it shows (the package localepurge).
      'debconf-show localepurge',
      'xorriso -indev /dev/sr0 -ls',
      'wodim -v blank=help',
      // Reading a card's registers is not sanitizing it.
      'emmcctl extcsd read /dev/mmcblk1',
      // A verb that names a group of commands, then a reading one: the group's listing.
      'cdnctl purge list',
      'vaultctl backup delete status',
      'dvc gc --workspace',
      'pio run -e esp32dev -t upload',
      // `webfarm` is no product prefix before `rm`; a journal unit is a value; retention tools' `-n` and `--no-run` show what would go
      'dsh -g webfarm -- uptime',
      'sudo sdparm --inquiry /dev/sdd',
      // Firmware checked, listed or a microcontroller's program written while developing.
      'sysupgrade -T /tmp/firmware.bin',
      'prometheus --storage.tsdb.retention.time=30d',
      'dapr uninstall',
      'SKIP_DELETE=true mytool sync',
      'DELETE_OLD=false cleaner run',
      'evans -r cli call --host users-api.internal users.v1.UserService.GetUser',
      'sudo flashprog -p internal -r bios-backup-2026-12.bin',
      'mkvirtualenv delete-me-later',
      'minipro -p AT28C256 -r dump.bin',
      'urbackupsrv cleanup --amount 10%',
      "newrelic nerdgraph query 'mutation { alertsPolicyCreate(accountId: 1, policy: {}) { id } }'",
      "newrelic nerdgraph query '{ actor { user { name } } }'",
      'tmpwatch -t 24 /tmp/cache',
      'victoria-metrics -retentionPeriod=12',
      'loki -store.retention=0s',
      'fwupdmgr update',
      'fwupdmgr get-devices',
      'picotool load -x build/sensor_node.uf2 -f',
      'arduino-cli upload -p /dev/ttyACM0 --fqbn arduino:avr:uno sketch',
      'cp fw-ConnectX5.bin /srv/firmware/',
      'rauc status',
      'cat irremovable.txt',
      'journalctl -u disk-wipe-audit --since today',
      'zfs-prune-snapshots -n -p autosnap_ 2w tank/backups',
      'dirvish-expire --vault web01 --no-run',
      'cmake --build build --target clean',
      'ffmpeg -i in.mp4 -t 30 out.mp4',
      'dvc push --remote storage',
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
      // Previews: the tool's default without its confirm option, or a listing option.
      'p4 obliterate //depot/old/...',
      'kops delete cluster --name k8s.example.com',
      'aws-nuke run -c nuke.yml',
      'cloud-nuke inspect-aws --resource-type s3',
      'wal-g delete retain FULL 7',
      'hg purge --print',
      'pacman -Rns --print firefox',
      'emerge --pretend --depclean',
      'nix-store --gc --print-dead',
      'mke2fs -n /dev/sdb1',
      'p4 clean -n //depot/main/...',
      // Devices read, not written; bootloader queries.
      'ddrescue /dev/sdb disk.img disk.map',
      'ntfsclone --save-image --output win.img /dev/sda1',
      'flashrom -p ch341a_spi -r chip.bin',
      'fastboot getvar all',
      'fastboot boot recovery.img',
      // Letters that do not delete, look-alike options.
      'passwd -S alice',
      'postsuper -r ALL',
      'easyrsa build-ca nopass',
      'hg push',
      'cf push -f manifest.yml',
      'patch -p1 --no-backup-if-mismatch',
      'tendermint show-node-id',
      'dagster run list',
      'symfony console doctrine:migrations:status',
      // Made on a disk but asked first, or listed; a name like a disk after no verb; a JSON body with no action, or no server.
      'veracrypt --text --create /dev/sdc',
      'diskvault init --list /dev/sdb',
      'diskvault status sda',
      `websocat -n1 wss://ops.acme.io/admin <<< '{"op":"subscribe","queue":"outbound-email"}'`,
      `jq -n '{"op":"purge_queue"}'`,
      // A filter after a listing subcommand; a key name with dots; a flag shaping a new output file; firmware saved, not written.
      'ssoadm list-identities -e /employees -x "*" -t User',
      'zabbix_sender -z zbx.internal -s web-01 -k backup.delete.status -o 0',
      'tippecanoe -o tiles/parcels.mbtiles -zg --drop-densest-as-needed parcels.geojson',
      'sudo nvflash --save gpu0_backup.rom',
      'sudo amdvbflash -s 0 navi21_stock_backup.rom',
      // Not destructive, or a phrase to search for; a log shown.
      'f3probe --non-destructive /dev/sdb',
      'papertrail -s web-prod-07 "delete failed"',
      'br log status --pd pd0:2379',
      'zapier versions',
      // A push whose -d takes a value, or with one operand.
      'oxen push origin -d',
      'oxen push origin main',
    ],
  },
);

const revoke = classRule(
  'revoke',
  'generic.revoke',
  'Any tool that revokes, disables, detaches, unsets, deregisters or uninstalls (access, configuration, software): medium; high when it skips its confirmation, reaches widely, touches keys, secrets or tokens, revokes (no revocation is taken back), or targets production.',
  'medium',
  {
    match: [
      // A password tool, its name in two parts, replacing a privileged account's password.
      { cmd: 'acme-passwd administrator', exactly: 'high' },
      // A safety net turned off: what is deleted later cannot be brought back.
      { cmd: 'Disable-AzStorageBlobDeleteRetentionPolicy -ResourceGroupName rg-data -StorageAccountName stprodbackups', ctx: PW, exactly: 'high' },
      { cmd: 'objctl bucket retention disable media-archive', exactly: 'high' },
      // A revocation, by file or by name: no revocation is taken back (a disable is).
      { cmd: 'sudo uacme -c /etc/ssl/uacme revoke /etc/ssl/uacme/shop.example.com/cert.pem', exactly: 'high' },
      { cmd: 'acmectl revoke shop-example-com', exactly: 'high' },
      { cmd: 'keyctl revoke 911455118', exactly: 'high' },
      { cmd: 'acmectl disable shop-example-com', exactly: 'medium' },
      // A bare clear of an admin tool clears everything it set up.
      { cmd: 'sudo targetctl clear', exactly: 'high' },
      // A superuser's password replaced, or any account's by a cmdlet told to reset it.
      { cmd: "echo 'root:Winter2024!' | sudo chpasswd", exactly: 'high', target: 'root' },
      { cmd: 'pspasswd \\\\srv-app01 Administrator "N3w-2024"', ctx: PW, exactly: 'high' },
      { cmd: 'Set-ADAccountPassword -Identity svc-backup -Reset -NewPassword $pw', ctx: PW, exactly: 'high', target: 'svc-backup' },
      // Entries taken off a list whose files stay (beets' library, Transmission's torrents).
      { cmd: 'beet remove artist:"Various Artists"', exactly: 'medium' },
      { cmd: 'transmission-remote localhost:9091 -t 7 --remove', exactly: 'medium' },
      { cmd: 'npm token revoke 123abc', exactly: 'high' },
      { cmd: 'gitlab-runner unregister --all-runners', exactly: 'high' },
      { cmd: 'sudo dnf remove -y openssh-server', exactly: 'high' },
      { cmd: 'apt-get purge -y openssh-server', exactly: 'high' },
      { cmd: 'sudo apt-get remove nginx', exactly: 'medium' },
      // A vital service taken down (`sv down`): remote access to the machine can be lost.
      { cmd: 'sv down sshd', exactly: 'high' },
      { cmd: 'Disable-LocalUser -Name backupadmin', ctx: PW, exactly: 'high' },
      { cmd: 'npm owner rm alice @acme/widgets', exactly: 'medium' },
      // dvc remove drops the stage and stops tracking; the data stays (without --outs).
      { cmd: 'dvc remove data.dvc', exactly: 'medium' },
      // Packages the system cannot run without, and option-driven package managers.
      { cmd: 'pacman -Rns --noconfirm systemd', exactly: 'critical' },
      { cmd: 'apt-get remove -y --allow-remove-essential libc6', exactly: 'critical' },
      { cmd: 'sudo apt-get remove systemd', exactly: 'high' },
      { cmd: 'pacman -Rns firefox', exactly: 'medium' },
      { cmd: 'apk del .build-deps', exactly: 'medium' },
      { cmd: 'passwd -l alice', exactly: 'medium' },
      // Teardown: what the tool set up is taken down.
      { cmd: 'azd down --force', exactly: 'high' },
      { cmd: 'tilt down', exactly: 'medium' },
      // Cluster add-ons' own uninstall; a whole access policy replaced.
      { cmd: 'cilium uninstall --wait', exactly: 'high' },
      { cmd: 'consul-k8s uninstall -auto-approve -wipe-data', exactly: 'high' },
      { cmd: 'dapr uninstall -k', exactly: 'high' },
      { cmd: 'dapr uninstall', exactly: 'medium' },
      { cmd: 'conjur policy replace -b apps/payments -f payments.yml', exactly: 'high' },
      // A package pattern that takes what the system cannot run without.
      { cmd: "apt-get purge -y 'linux-image-*'", exactly: 'critical' },
      { cmd: "apt-get remove 'python3-*'", exactly: 'medium' },
      // A whole named environment of packages: shown, not held.
      { cmd: 'conda env remove -n analysis -y', exactly: 'medium' },
    ],
    nearMiss: [
      'sudo targetctl clear --help',
      'passwd',
      'acme-passwd alice',
      "echo 'alice:pw' | chpasswd",
      'htpasswd -b /etc/nginx/.htpasswd admin pw',
      { cmd: 'Set-LocalUser -Name alice -Description "dev box"', ctx: PW },'conda env list', 'conda env export -n analysis', 'pip uninstall -y requests', 'cilium status --wait', 'conjur policy update -b root -f policy.yml', 'conjur policy load -b root -f policy.yml', 'npm token list', 'gitlab-runner list', 'npm uninstall lodash --save', 'gcloud auth list', { cmd: 'Clear-Host', ctx: PW }, { cmd: 'Clear-Variable -Name counter', ctx: PW }, 'systemctl disable --now nginx', 'git config --unset user.name', 'pacman -Syu', 'rpm -qa', 'apt-get install -y libc6-dev', 'azd up', 'tilt up'],
  },
);

const overwrite = classRule(
  'overwrite',
  'generic.overwrite',
  'Any tool that rolls back, restores or rewrites what is there: medium; high when it reaches everything, skips its confirmation or targets production.',
  'medium',
  {
    match: [
      // A runner told to run a file named for destroying: shown; held when it also targets production.
      { cmd: 'bru run admin/delete-tenant.bru --env prod', exactly: 'high' },
      { cmd: 'ansible-navigator run playbooks/teardown.yml -i inventories/production/hosts.yml', exactly: 'high' },
      { cmd: 'httpyac send ops/stripe-purge.http', exactly: 'medium' },
      { cmd: 'curator --config /etc/curator/prod.yml /etc/curator/actions/delete_indices_older_30d.yml', exactly: 'high' },
      { cmd: 'pgroll start migrations/07_drop_legacy_cols.yaml --complete', exactly: 'medium' },
      // An import told to override what exists (`--override true`).
      { cmd: '/opt/keycloak/bin/kc.sh import --dir /opt/keycloak/data/import --override true', exactly: 'high' },
      { cmd: 'ddev snapshot restore pre-upgrade', exactly: 'medium' },
      { cmd: 'tsuru app-rollback -a shop', exactly: 'medium' },
      { cmd: 'svn revert -R src/', exactly: 'high' },
      { cmd: 'virt-sysprep -a app01.qcow2', exactly: 'high' },
      { cmd: 'pgbench -i -h db-prod.internal bench', exactly: 'high' },
      { cmd: 'fastboot flash boot boot.img', exactly: 'medium' },
      { cmd: 'e2fsck -fy /dev/vg0/data', exactly: 'medium' },
      // A microcontroller's flash is erased as a matter of course while developing.
      { cmd: 'avrdude -c usbasp -p m328p -e -U flash:w:main.hex', exactly: 'medium' },
      // A revision set that names every revision.
      { cmd: "jj abandon 'all()'", exactly: 'high' },
      // Told to write over an output that is production data; its inputs are not its reach, nor
      // is an expression (`A*0`) a pattern, nor `-A` (an input) all.
      { cmd: 'geocalc -A dem.tif --outfile=/data/prod/slope.tif --calc="A*0" --overwrite', exactly: 'high', target: '/data/prod/slope.tif' },
      { cmd: 'tilemerge -single -overwrite_ds -o /data/prod/parcels.gpkg tiles/*.shp', exactly: 'high' },
      // Restored over the file system's root: everything on the machine can be written over.
      { cmd: 'snapctl restore latest --target /', exactly: 'high' },
      { cmd: 'snapctl restore latest --target /srv/restore', exactly: 'medium' },
    ],
    nearMiss: ['geocalc -A dem.tif --outfile=out/slope.tif --calc="A*0" --overwrite', 'tilemerge -single -overwrite_ds -o out/parcels.gpkg tiles/*.shp', 'ffmpeg -y -i in.mp4 out.mp4', 'bru run admin/create-tenant.bru --env prod', 'k6 run tests/checkout-load.js', 'squawk migrations/0042_drop_legacy_column.sql', 'custodian run --dryrun -s out policies/ebs-unattached-delete.yml', 'bru lint admin/delete-tenant.bru', "jj log -r 'all()'", "hg log -r 'all()'", 'npm rebuild', 'nixos-rebuild switch', 'ddev snapshot --name pre-upgrade', 'tsuru app-info -a shop', 'e2fsck -n /dev/sda1', 'e2fsck -p /dev/sdb1', 'pgbench -c 10 -T 60 bench', 'virt-sysprep --list-operations', 'svn status', 'hasura migrate status'],
  },
);

const stop = classRule(
  'stop',
  'generic.stop',
  'Any tool that stops, halts, restarts, kills or suspends something that can be started again: low; medium when it reaches everything or skips its prompt, high on production or for a service the machine cannot do without (every service folder holds one).',
  'low',
  {
    match: [
      // A desktop or login session ended, or the machine stopped through its session manager:
      // every program in it is closed, and what was not saved is lost.
      { cmd: 'zdesk-session-logout --logout', exactly: 'high' },
      { cmd: 'zdesk-session-logout --halt', exactly: 'high' },
      { cmd: 'qtdesk-leave --reboot', exactly: 'high' },
      { cmd: 'loginctl kill-session 42 --signal=SIGKILL', exactly: 'high' },
      { cmd: 'sudo loginctl terminate-user alice', exactly: 'high' },
      // A whole cluster named as the object of the stop.
      { cmd: 'sudo crsctl stop cluster -all', exactly: 'high' },
      // A cluster's primary handed over: clients are cut off while it moves.
      { cmd: 'ghe-cluster-failover', exactly: 'high' },
      // A machine powered off through a power or fencing tool, or its BMC: as a shutdown of this machine.
      { cmd: 'ipmipower -h bmc-db01.oob -u admin --off', exactly: 'high' },
      { cmd: 'fence_ipmilan -a 10.0.9.21 -l admin -P -o off', exactly: 'high' },
      { cmd: 'rpower compute off', exactly: 'high' },
      { cmd: 'hactl host shutdown', exactly: 'high' },
      { cmd: 'ipmi-chassis -h 10.20.0.17 -u ADMIN --chassis-control=POWER-DOWN', exactly: 'high' },
      // Power cut and restored, or a hard reset, through a power tool: what ran stops at once.
      { cmd: 'powerctl --cycle node[01-32]', exactly: 'high', target: 'node[01-32]' },
      { cmd: 'ipmipower -h bmc-db01.oob --reset', exactly: 'high' },
      { cmd: 'lando poweroff', exactly: 'low' },
      { cmd: 'galeractl cluster failover --yes', exactly: 'high' },
      { cmd: 'supervisorctl restart web', exactly: 'low' },
      { cmd: 'pm2 stop all --force', exactly: 'medium' },
      { cmd: 'ddev stop --all', exactly: 'medium' },
      { cmd: 'az webapp stop --name shop-prod --resource-group web', exactly: 'high' },
      // A process manager's delete stops the app and forgets it; its code and data stay.
      { cmd: 'pm2 delete all', exactly: 'medium' },
      { cmd: 'pm2 delete api', exactly: 'low' },
      // The machine itself, through kexec or logind over D-Bus.
      { cmd: 'sudo kexec --exec', exactly: 'high' },
      { cmd: 'dbus-send --system --print-reply --dest=org.freedesktop.login1 /org/freedesktop/login1 org.freedesktop.login1.Manager.PowerOff boolean:true', exactly: 'high' },
      // A network interface taken down; every process using a path killed; a whole hosted service stopped.
      { cmd: 'sudo ip link set dev enp3s0 down', exactly: 'high', span: 'ip link set dev enp3s0 down' },
      { cmd: 'ifconfig en0 down', exactly: 'high' },
      { cmd: "nmcli connection down id 'Office LAN'", exactly: 'high' },
      { cmd: 'nmcli networking off', exactly: 'high' },
      { cmd: 'ifdown -a', exactly: 'high' },
      { cmd: 'fuser -km /srv/nfs', exactly: 'high' },
      { cmd: 'atlas clusters pause orders', exactly: 'high' },
      { cmd: 'ec deployment shutdown 7a3c', exactly: 'high' },
      // A batch scheduler's jobs cancelled by what selects them, not by id: every matching job.
      { cmd: 'scancel --user=alice', exactly: 'high' },
      { cmd: 'scancel -p gpu --state=RUNNING', exactly: 'high' },
      { cmd: 'bkill -u all 0', exactly: 'high' },
      { cmd: 'qdel -u alice', exactly: 'high' },
      { cmd: 'condor_rm -all', exactly: 'high' },
      // A service the machine cannot do without, taken down by any service manager (as systemctl's is).
      { cmd: 'rc-service sshd stop', exactly: 'high' },
      { cmd: 'rc-service nginx stop', exactly: 'low' },
      { cmd: 'sv force-stop /etc/service/sshd', exactly: 'high' },
      { cmd: 'invoke-rc.d networking stop', exactly: 'high' },
      // A supervisor told to exit takes its service down; every service folder holds sshd's.
      { cmd: 'sv exit sshd', exactly: 'high' },
      { cmd: 'sv exit nginx', exactly: 'low' },
      { cmd: 'sv exit /etc/service/*', exactly: 'high' },
      // A firewall stopped: the machine is left without its filtering.
      { cmd: 'edge-firewall stop', exactly: 'high' },
      // `ssh` as a service's name, not the quiet verb.
      { cmd: 'rc-service ssh stop', exactly: 'high' },
    ],
    nearMiss: ['zdesk-session-logout --suspend', 'zdesk-session-logout --help', 'loginctl list-sessions', 'loginctl lock-session 42', 'loginctl show-user alice', 'dbus-run-session -- make test', 'rc-service sshd status', 'rc-service ssh status', 'edge-firewall status', 'sv status /etc/service/sshd', 'sv status /etc/service/*', 'git diff --exit-code', 'scancel 4242', 'bkill 4242', 'condor_rm 4242.0', 'qdel 123.server', 'oardel 4242 4243', 'scancel --user=alice --signal=USR1', 'squeue -u alice', 'ipmipower -h bmc-db01.oob --stat', 'powerctl --query node[01-32]', 'netctl --reset-timer 30', 'fence_ipmilan -a 10.0.9.21 -o status', 'rpower compute stat', 'ip link set eth0 up', 'ip link set docker0 down', 'ip link set veth1a2b down', 'ifconfig en0', 'nmcli device status', 'networkctl status enp1s0', 'fuser -v /srv/nfs', 'fuser -n tcp 5432', 'atlas clusters describe orders', 'ddev start', 'supervisorctl status', 'pm2 start ecosystem.config.js', 'tmux new -s work', { cmd: 'Stop-Process -Id 4242 -WhatIf', ctx: PW }, 'kexec -l /boot/vmlinuz --initrd=/boot/initrd.img --reuse-cmdline', 'busctl tree org.freedesktop.login1'],
  },
);

export const genericPack: RulePack = {
  name: 'generic',
  description: 'Any command-line tool read as program, subcommand path, flags and operands: destructive verbs, their reach, skipped confirmations and production targets, where no pack speaks.',
  rules: [destroy, revoke, overwrite, stop, manual],
};
