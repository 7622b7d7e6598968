/**
 * The generic layer and the packs: packs win where they speak (a finding of theirs, or a program
 * they own), the generic layer speaks for everything else, and its messages name the verb, the
 * target and why the severity is what it is.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCommandAnalyzer } from '../../../../src/core/command/analyze';
import { genericPack } from '../../../../src/core/command/packs/generic';
import { PACKS } from '../../../../src/core/command/packs/index';
import type { CommandAnalyzer } from '../../../../src/core/command/analyze';
import type { CommandContext, CommandVerdict, RulePack } from '../../../../src/core/command/rule';
import { analyze, describeVerdict, DEFAULT_CTX, withCtx } from '../packs/table';

function generic(ids: string[]): string[] {
  return ids.filter((id) => id.startsWith('generic.'));
}

describe('generic layer: precedence', () => {
  test('silent on a command a pack already flagged', async () => {
    const v = await analyze('hcloud server delete web-1 --yes');
    assert.ok(v.findings.some((f) => f.ruleId === 'platform.hcloud'), describeVerdict(v));
    assert.deepEqual(generic(v.findings.map((f) => f.ruleId)), []);
  });

  for (const line of ['git reset --soft HEAD~1', 'docker rm web', 'kubectl auth can-i delete pods', 'gcloud config configurations delete old', 'systemctl disable --now nginx', 'az group lock delete --name keep -g rg']) {
    test(`silent on a program its pack owns: ${line}`, async () => {
      const v = await analyze(line);
      assert.deepEqual(generic(v.findings.map((f) => f.ruleId)), [], describeVerdict(v));
    });
  }

  // The long-tail packs own the programs they have rules for: where such a pack judged a line
  // harmless (a rehearsal spelled the tool's way, a form its documentation says keeps the data),
  // the generic layer does not second-guess it.
  for (const line of [
    'restic rewrite --exclude "*.log" latest',
    'borg delete --cache-only /mnt/backup',
    'kopia snapshot delete k1a2b3',
    'duplicity remove-older-than 1D sftp://backup@nas//srv/dup',
    'ldapdelete -n uid=alice,dc=acme,dc=com',
    'zfs destroy -v tank/data',
    'vagrant halt',
    'virsh pool-destroy default',
    'redis-cli -n 2 DEL session:1',
  ]) {
    test(`silent on a program a long-tail pack owns: ${line}`, async () => {
      const v = await analyze(line);
      assert.deepEqual(generic(v.findings.map((f) => f.ruleId)), [], describeVerdict(v));
      const alone = (await genericOnly()).analyze(line, DEFAULT_CTX);
      assert.ok(alone.findings.some((f) => f.ruleId.startsWith('generic.')), `without the pack the generic layer would speak: ${describeVerdict(alone)}`);
    });
  }

  // Ownership is by subcommand: a knowledge table speaks for the paths it names (flagged or, with
  // its options, cleared) and the paths it clears; the generic layer judges the tool's others.
  const BY_SUBCOMMAND: { pack: string; speaks: string; rule: string; cleared?: string }[] = [
    { pack: 'backup', speaks: 'kopia policy delete /srv/data', rule: 'generic.revoke', cleared: 'kopia snapshot delete k1a2b3' },
    { pack: 'identity', speaks: 'step ca provisioner remove admin', rule: 'generic.destroy', cleared: 'vault kv rollback -version=2 secret/app' },
    { pack: 'platform', speaks: 'heroku ps:stop web.1 -a shop-prod', rule: 'generic.stop', cleared: 'supabase stop' },
    { pack: 'platform', speaks: 'fly machine stop 3d8d9 -a shop-prod', rule: 'generic.stop' },
    { pack: 'datastore', speaks: 'consul intention delete web db', rule: 'generic.destroy', cleared: 'influx restore /backups/today' },
    { pack: 'storage', speaks: 'btrfs qgroup destroy 0/257 /mnt', rule: 'generic.destroy', cleared: 'zpool clear tank' },
    { pack: 'vm', speaks: 'lxc network delete lxdbr1', rule: 'generic.destroy', cleared: 'virsh net-destroy default' },
    { pack: 'k8s', speaks: 'helm rollback shop 3 --kube-context prod-eu', rule: 'generic.overwrite', cleared: 'helm repo remove bitnami' },
    { pack: 'k8s', speaks: 'kubectl cordon node-7', rule: 'generic.stop', cleared: 'helm plugin uninstall diff' },
    { pack: 'container', speaks: 'docker secret rm db_password', rule: 'generic.destroy', cleared: 'docker rm web' },
    { pack: 'container', speaks: 'docker stack rm shop', rule: 'generic.destroy', cleared: 'podman network rm build-net' },
  ];
  for (const c of BY_SUBCOMMAND) {
    test(`${c.pack}: the generic layer judges a subcommand the pack does not name: ${c.speaks}`, async () => {
      const v = await analyze(c.speaks);
      assert.deepEqual(v.findings.map((f) => f.ruleId), [c.rule], describeVerdict(v));
    });
    const cleared = c.cleared;
    if (cleared === undefined) continue;
    test(`${c.pack}: a form the pack clears stays quiet: ${cleared}`, async () => {
      const v = await analyze(cleared);
      assert.deepEqual(generic(v.findings.map((f) => f.ruleId)), [], describeVerdict(v));
      const alone = (await genericOnly()).analyze(cleared, DEFAULT_CTX);
      assert.ok(alone.findings.some((f) => f.ruleId.startsWith('generic.')), `without the pack the generic layer would speak: ${describeVerdict(alone)}`);
    });
  }

  test('a rule that says what it speaks for silences the generic layer there even when switched off', async () => {
    const base = (await createCommandAnalyzer()).policy;
    const a = await createCommandAnalyzer({ packs: PACKS, policy: { ...base, disabledRules: ['backup.kopia'] } });
    const v = a.analyze('kopia snapshot delete k1a2b3 --delete', DEFAULT_CTX);
    assert.deepEqual(v.findings, [], describeVerdict(v));
  });

  test('speaks where the owning pack owns only other subcommands', async () => {
    const v = await analyze('gcloud compute instances stop web-1 --project shop-prod');
    assert.equal(v.findings[0]?.ruleId, 'generic.stop', describeVerdict(v));
    assert.equal(v.severity, 'high');
  });

  test('a pack that owns a program silences the generic layer there, and only there', async () => {
    const demo: RulePack = { name: 'demo', description: 'owns mytool', rules: [], owns: ['mytool', 'other sub'] };
    const a = await createCommandAnalyzer({ packs: [demo, genericPack] });
    assert.equal(a.analyze('mytool delete everything --force', DEFAULT_CTX).findings.length, 0);
    assert.equal(a.analyze('other sub delete x', DEFAULT_CTX).findings.length, 0);
    assert.equal(a.analyze('other thing delete x', DEFAULT_CTX).findings[0]?.ruleId, 'generic.destroy');
    const b = await createCommandAnalyzer({ packs: [genericPack] });
    assert.equal(b.analyze('mytool delete everything --force', DEFAULT_CTX).findings[0]?.ruleId, 'generic.destroy');
  });

  // Every pack: a subcommand of an owned program that the pack does not know is still judged —
  // by the pack or, when it says nothing, by the generic layer (`dolt push -f` is a force-push,
  // not the SQL file of the database pack). Listed below are the programs a pack may own whole,
  // each for a stated reason; any other owned program must hand its unknown subcommands over.
  const OWNED_WHOLE: Readonly<Record<string, string>> = {
    // Words that are files, paths, processes or devices, not subcommands.
    ...Object.fromEntries(['rm', 'remove-item', 'unlink', 'find', 'truncate', 'mv', 'move-item', 'cp', 'copy-item', 'install', 'chmod', 'chown', 'chgrp', 'chattr', 'setfacl', 'kill', 'pkill', 'dd', 'rsync', 'robocopy', 'unison', 'rdiff-backup', 'tarsnap', 'gpg', 'gpg2', 'mongorestore', 'rd', 'rmdir', 'del', 'erase', 'format', 'mkfs', 'mke2fs', 'mkswap', 'mkdosfs', 'mkntfs', 'newfs', 'newfs_apfs', 'newfs_hfs', 'wipefs', 'fdisk', 'gdisk', 'cfdisk', 'cgdisk', 'sfdisk', 'parted', 'sgdisk', 'mdadm', 'blkdiscard', 'badblocks', 'hdparm', 'sg_format', 'sg_sanitize', 'efibootmgr', 'xfs_repair', 'init', 'telinit', 'iptables', 'ip6tables', 'iptables-legacy', 'iptables-nft'].map((p) => [p, 'operands'])),
    // Words that are queries, database names, hosts or request bodies: judged by their pack.
    ...Object.fromEntries(['psql', 'mysql', 'mariadb', 'sqlcmd', 'clickhouse-client', 'cqlsh', 'snowsql', 'usql', 'sql-cli', 'trino', 'presto', 'beeline', 'hive', 'spark-sql', 'impala-shell', 'vsql', 'mycli', 'litecli', 'sqlplus', 'redis-cli', 'valkey-cli', 'keydb-cli', 'dragonfly-cli', 'mongosh', 'mongo', 'cypher-shell', 'mysqladmin', 'mariadb-admin', 'pg_restore', 'pg_ctl', 'pg_ctlcluster', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'curl', 'wget', 'http', 'https', 'xh', 'xhs', 'httpie', 'twurl', 'invoke-restmethod', 'invoke-webrequest', 'influx'].map((p) => [p, 'queries'])),
    // Option-driven tools whose every form the pack reads.
    ...Object.fromEntries(['kafka-topics', 'kafka-topics.sh', 'kafka-consumer-groups', 'kafka-consumer-groups.sh', 'kafka-configs', 'kafka-configs.sh', 'kafka-acls', 'kafka-acls.sh', 'kafka-storage', 'kafka-storage.sh', 'nvme', 'nft', 'ufw', 'diskutil'].map((p) => [p, 'options'])),
    // Tools whose pack judges every subcommand (or resolves aliases and targets first).
    ...Object.fromEntries(['git', 'terraform', 'tofu', 'terragrunt', 'pulumi', 'cdk', 'cdktf', 'serverless', 'sls', 'docker-compose', 'podman-compose', 'systemctl', 'service', 'make', 'gmake', 'bmake', 'just', 'task', 'go-task', 'diskpart'].map((p) => [p, 'whole'])),
    // Owned whole today by a rule that does not yet say which subcommands it speaks for.
    ...Object.fromEntries(['rpk', 'etcdctl', 'wsl', 'bw', 'ipa', 'gsutil', 'azcopy', 'snapper', 'timeshift'].map((p) => [p, 'to hand over'])),
  };
  test('every pack leaves an unknown subcommand of a program it owns to the generic layer', async () => {
    const silent: string[] = [];
    for (const pack of PACKS) {
      for (const owned of pack.owns ?? []) {
        if (owned.includes(' ') || OWNED_WHOLE[owned] !== undefined) continue;
        const v = await analyze(`${owned} zz-unknown delete orders --force`);
        if (v.findings.length === 0) silent.push(`${pack.name}: ${owned}`);
      }
    }
    assert.deepEqual(silent, []);
  });

  for (const line of ['dolt push -f origin main', 'cockroach node decommission 4 --host prod-db:26257']) {
    test(`a client's other subcommands are the generic layer's: ${line}`, async () => {
      const v = await analyze(line);
      assert.ok(v.findings.some((f) => f.ruleId.startsWith('generic.')), describeVerdict(v));
    });
  }

  test('a switched-off class stays off', async () => {
    const a = await createCommandAnalyzer({ packs: PACKS, policy: { ...(await createCommandAnalyzer()).policy, disabledRules: ['generic.destroy'] } });
    assert.equal(a.analyze('avn service terminate pg-staging --force', DEFAULT_CTX).decision, 'allow');
  });

  test('the generic rules are fallbacks', () => {
    assert.ok(genericPack.rules.every((r) => r.fallback === true && r.programs === '*'));
  });
});

/** The generic layer alone: its own judgement on real CLIs, whichever pack now speaks for them. */
let alone: Promise<CommandAnalyzer> | undefined;
function genericOnly(): Promise<CommandAnalyzer> {
  alone ??= createCommandAnalyzer({ packs: [genericPack] });
  return alone;
}
async function judgeAlone(line: string, ctx?: CommandContext): Promise<CommandVerdict> {
  return (await genericOnly()).analyze(line, withCtx(ctx));
}

describe('generic layer: messages and severities (the layer alone)', () => {
  test('names the command, the verb, the target, the program and the skipped confirmation', async () => {
    const v = await judgeAlone('civo instance remove web-1 --yes');
    assert.equal(v.findings[0]?.message, '`civo instance remove web-1 --yes` removes instance web-1 (civo); skips the confirmation (--yes); no undo.');
    assert.equal(v.findings[0]?.target, 'civo web-1');
  });

  test('reach and production are said', async () => {
    const all = (await judgeAlone('vssadmin delete shadows /all /quiet', { shell: 'pwsh' })).findings[0]!;
    assert.match(all.message, /reaches everything \(\/all\); skips the confirmation \(\/quiet\)/);
    assert.equal(all.severity, 'critical');
    const prod = (await judgeAlone('doppler configs delete prd_legacy --project api --yes')).findings[0]!;
    assert.equal(prod.severity, 'critical');
    assert.equal(prod.target, 'prd_legacy');
  });

  const SEVERITY: [string, string][] = [
    ['velero backup delete nightly-20240601', 'high'],
    ['velero backup delete --all --confirm', 'critical'],
    ['nats kv rm CONFIG -f', 'high'],
    ['gopass rm -rf infra', 'critical'],
    ['rclone purge remote:scratch', 'high'],
    ['vault secrets disable kv-dev/', 'high'],
    ['vault auth disable userpass/', 'medium'],
    ['vault token revoke s.8f2kT3v9', 'high'],
    ['aws iam detach-role-policy --role-name app --policy-arn arn:aws:iam::aws:policy/ReadOnly', 'medium'],
    ['kind delete clusters --all', 'medium'],
    ['k3d cluster delete dev', 'low'],
    ['gh label delete bug --yes', 'medium'],
    // A tag in a registry and a CI variable are remote data with no undo, not cheap nouns.
    ['regctl tag delete registry.acme.com/api:v2.3.0', 'high'],
    ['doctl registry repository delete-tag api v2.3.0 --force', 'high'],
    ['railway variables delete API_KEY', 'high'],
    // A flag that names its own object is weighed by it, not by the path it sits under (`run` is cheap).
    ['gcloud run services update api --remove-env-vars=DATABASE_URL', 'high'],
    ['hcloud server rebuild --image ubuntu-24.04 db-1', 'high'],
    ['heroku ps:scale web=0 -a shop', 'low'],
    ['fly machine stop 3d8d9 -a shop-prod', 'high'],
    ['heroku restart -a shop-prod', 'medium'],
    ['pm2 stop all', 'medium'],
    ['sudo apt-get purge openssh-server', 'medium'],
    ['sudo apt-get purge -y openssh-server', 'high'],
    ['sudo apt-get autoremove -y', 'medium'],
    // A whole named environment: shown (every package in it goes), not held (re-created from its spec).
    ['conda env remove -n old', 'medium'],
  ];
  for (const [line, want] of SEVERITY) {
    test(`${line} → ${want}`, async () => {
      const v = await judgeAlone(line);
      const f = v.findings.find((x) => x.ruleId.startsWith('generic.'));
      assert.equal(f?.severity, want, describeVerdict(v));
    });
  }

  const QUIET = [
    'npm uninstall lodash',
    'pip cache purge',
    'cargo remove serde',
    'rustup toolchain remove nightly',
    'npx del-cli dist coverage',
    'npx shx rm -rf build',
    'dart format lib',
    'npm rebuild',
    'tmux kill-session -t work',
    'gh pr close 12',
    'nix-collect-garbage -d',
  ];
  for (const line of QUIET) {
    test(`quiet: ${line}`, async () => {
      const v = await analyze(line);
      assert.equal(v.decision, 'allow', describeVerdict(v));
      assert.deepEqual(generic(v.findings.filter((f) => f.severity !== 'low').map((f) => f.ruleId)), []);
    });
  }
});
