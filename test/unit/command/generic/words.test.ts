/**
 * How the generic layer reads words, for any program: verbs glued to resource nouns
 * (`rmpool`, `deleterow`, `erasedisk`), flags in every style (`-rm`, `-skipTrash`, `/delete:T`,
 * `--enable-drop-table`), verbs in a program's own name (`gitlab-ctl cleanse`, `lxc-destroy`),
 * verbs that destroy only with a stated reach (`clean --all`, `gc --older-than 0d`), and a disk
 * written over as the destination of a copy, conversion or restore. Each line is written from
 * the tool's own reference; each mechanism has look-alikes that must stay quiet.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gluedCompound } from '../../../../src/core/command/generic/compounds';
import { isDiskDevice } from '../../../../src/core/command/generic/device';
import { flagVerb, readCli, skipsSafetyNet, strongestFlagVerb } from '../../../../src/core/command/generic/reader';
import { compoundVerb, readWord } from '../../../../src/core/command/generic/verbs';
import type { ShellKind } from '../../../../src/core/shell/model';
import { parse } from '../../shell/helpers';
import { analyze, describeVerdict } from '../packs/table';

describe('glued compounds: a verb joined to a resource noun', () => {
  const verbs: [string, string][] = [
    ['deletelocalsnapshots', 'delete'], ['delkey', 'delete'], ['delstore', 'delete'], ['delprinc', 'delete'], ['rmpool', 'remove'],
    ['rmsnap', 'remove'], ['deleterow', 'delete'], ['erasedisk', 'erase'], ['clearrange', 'clear'], ['dropcluster', 'drop'],
    ['flushall', 'flush'], ['userdel', 'delete'], ['groupdel', 'delete'], ['deltree', 'delete'], ['snapshotdelete', 'delete'],
    ['wipefs', 'wipe'], ['dropdb', 'drop'], ['removeallkeys', 'remove'], ['purgequeues', 'purge'], ['truncatetables', 'truncate'],
  ];
  for (const [word, verb] of verbs) test(`${word} → ${verb}`, () => assert.equal(gluedCompound(word)?.verb, verb));

  // Plain words whose rest is not a noun: a verb prefix alone does not make a compound.
  for (const word of ['delta', 'delivery', 'delegate', 'delimiter', 'dropdown', 'droplet', 'dropbox', 'dropout', 'clearance', 'cleartext', 'clearsign', 'removed', 'removable', 'rmate', 'deleted', 'purgecss', 'wipeout', 'killswitch', 'dropzone', 'flushdns']) {
    test(`${word} stays a plain word`, () => assert.equal(gluedCompound(word), undefined));
  }

  test('camelCase API actions read as verb and nouns', () => {
    const r = readWord('TerminateInstances');
    assert.ok(r && r !== 'quiet');
    assert.equal(r.verb, 'terminate');
    const d = readWord('DeleteDBCluster');
    assert.ok(d && d !== 'quiet');
    assert.equal(d.verb, 'delete');
    assert.deepEqual(d.nouns, ['dbcluster']);
  });
});

describe('long verbs glued to any rest, numbered product names, a product\'s rm', () => {
  // A long destroy verb names its action wherever it stands in a word; a verb after a product name
  // with a digit (no English word has one); `rm` after a product's prefix (`dsrm`, `pkgrm`).
  const verbs: [string, string][] = [
    ['batchdelete', 'delete'], ['deleteafter', 'delete'], ['deletehellocontainer', 'delete'], ['deletevalue', 'delete'], ['removematched', 'remove'],
    ['removeorphans', 'remove'], ['eraseall', 'erase'], ['erasenvram', 'erase'], ['purgeold', 'purge'], ['wipedata', 'wipe'], ['truncatelog', 'truncate'],
    ['nukeexistingcluster', 'nuke'], ['decommissionbookie', 'decommission'], ['nvundefine', 'undefine'], ['memcflush', 'flush'], ['ubiformat', 'format'],
    ['ipurge', 'purge'], ['sdelete', 'delete'], ['lvremove', 'remove'], ['blkdiscard', 'discard'], ['fw2reset', 'reset'], ['k8sdrop', 'drop'],
    ['hsm3erase', 'erase'], ['pkgrm', 'remove'], ['fsrm', 'remove'], ['dropcolumn', 'drop'], ['delcol', 'delete'], ['droplayer', 'drop'], ['megarm', 'remove'], ['rmdev', 'remove'], ['amrmtape', 'remove'], ['emptybin', 'empty'],
  ];
  for (const [word, verb] of verbs) test(`${word} → ${verb}`, () => assert.equal(compoundVerb(word)?.verb, verb));

  // Near misses: English inflections and derivations of the verbs, negating and setting prefixes,
  // English words that end in rm, product names, and numbered names with no verb.
  const words = [
    'deleted', 'deleter', 'deletes', 'deleterious', 'undelete', 'softdelete', 'autopurge', 'removed', 'remover', 'removes', 'removeable',
    'eraser', 'erasers', 'erased', 'purged', 'purger', 'purges', 'wiped', 'wiper', 'wipeout', 'swipe', 'sideswipe', 'nuked', 'nukes',
    'truncated', 'terminator', 'indeterminate', 'reformat', 'formatter', 'formats', 'flushed', 'discarded', 'purgecss', 'removebg',
    'sectorerase', 'platform', 'uniform', 'alarm', 'charm', 'swarm', 'storm', 'confirm', 'squirm', 'xterm', 'perm', 'term', 'farm', 'disarm',
    'forearm', 'firearm', 'lukewarm', 'schoolmarm', 'winrm', 'fail2ban', 'e2label', 'i3lock', 'x264', 'ip6tables', 'e2fsck', 'base64',
    // Recovery tools: the verb undone by the `un` before it, after a product's name.
    'extundelete', 'ntfsundelete', 'fsundelete', 'ntfsunerase', 'e2undel', 'rmcolor', 'delcolor',
  ];
  for (const word of words) test(`${word} stays a word`, () => assert.equal(compoundVerb(word), undefined));

  test('a verb only as a whole word: lost', () => {
    const r = readWord('lost');
    assert.ok(r && r !== 'quiet' && r.cls === 'destroy');
    assert.equal(flagVerb('--lost-found', false), undefined);
  });

  test("a product's short prefix before noun and verb, a numbered product's rm or del", () => {
    for (const [word, verb] of [['luserdel', 'delete'], ['lgroupdel', 'delete'], ['ldbdel', 'delete'], ['delbr', 'delete'], ['rmvob', 'remove'], ['rmelem', 'remove'], ['rmkeytab', 'remove'], ['rmver', 'remove'], ['rmlabel', 'remove'], ['s3qlrm', 'remove']] as const) {
      assert.equal(compoundVerb(word)?.verb, verb, word);
    }
    for (const word of ['model', 'yodel', 'strudel', 'luseradd', 'addbr', 'lsvob', 'mkelem', 's3qlstat', 's3qlctrl', 'brctl']) assert.equal(compoundVerb(word), undefined, word);
  });

  test('a noun that names a destroy action: Request-…Deletion, schedule-…-deletion, ds_removal', () => {
    for (const [word, verb] of [['request-kmskeydeletion', 'delete'], ['schedule-key-deletion', 'delete'], ['Invoke-SecretRemoval', 'remove'], ['ds_removal', 'remove'], ['ls-del', 'delete']] as const) {
      const r = readWord(word);
      assert.ok(r && r !== 'quiet' && r.cls === 'destroy', word);
      assert.equal(r.verb, verb, word);
    }
    for (const word of ['cancel-key-deletion', 'get-deletion-status', 'Get-KMSKeyDeletionStatus', 'ls-list', 'ls-add']) assert.equal(readWord(word), 'quiet', word);
    for (const word of ['schedule-deletion-report', 'request-removal-window']) {
      const r = readWord(word);
      assert.ok(r === undefined || r === 'quiet' || r.cls !== 'destroy', word);
    }
    const kill = readWord('kill_rev_locally');
    assert.ok(kill && kill !== 'quiet' && kill.cls === 'destroy');
    for (const word of ['kill-session', 'kill_query', 'kill-pod']) {
      const r = readWord(word);
      assert.ok(r === undefined || r === 'quiet' || r.cls !== 'destroy', word);
    }
    for (const word of ['deletion-protection', 'removal-policy', 'on_deletion', 'no-removal', 'deletion', 'removal']) {
      const r = readWord(word);
      assert.ok(r === undefined || r === 'quiet' || r.cls !== 'destroy', word);
    }
  });

  test('sql before a verb prints its SQL: sqlflush, sqldrop', () => {
    assert.equal(readWord('sqlflush'), 'quiet');
    assert.equal(readWord('sqldrop'), 'quiet');
  });
});

describe('flags in every style', () => {
  const acts: [string, string, boolean?][] = [
    ['-rm', 'remove'], ['-rmr', 'remove'], ['-delete', 'delete'], ['-purge', 'purge'], ['-expunge', 'expunge'], ['-delstore', 'delete'],
    ['-deleterow', 'delete'], ['-factoryreset', 'factory reset'], ['/delete', 'delete', true], ['/delete:TERMSRV/host', 'delete', true],
    ['--allow-unsafe', 'accept data loss'], ['--accept-data-loss', 'accept data loss'], ['--allow-data-loss', 'accept data loss'],
    ['--enable-drop-table', 'accept data loss'], ['--allow-destructive-changes', 'accept data loss'], ['--force-drop', 'drop'],
    ['--force-remove-essential', 'remove'], ['--overwrite-destination=true', 'overwrite'], ['--force-overwrite', 'overwrite'],
    ['--erase', 'erase'], ['--wipe', 'wipe'], ['--delete-storages', 'delete'], ['--delete2', 'delete'], ['--purge1', 'purge'],
    ['-deletehellocontainer', 'delete'], ['/deletevalue', 'delete', true], ['--eraseall', 'erase'],
  ];
  for (const [flag, verb, windows] of acts) test(`${flag} → ${verb}`, () => assert.equal(flagVerb(flag, windows === true)?.verb, verb));

  // Flags that configure, keep, or name something else.
  for (const flag of ['--rm', '--rm-dist', '-rf', '--overwrite', '--overwrite-existing=false', '--allow-empty', '--allow-data-collection', '--unsafe-perm', '--enable-unsafe-webgpu', '--add-drop-table', '--expire', '--expires-in', '--empty', '--discard-changes', '--flush-interval', '/flushdns', '--no-delete', '--delete=false', '--clearsign', '--format', '--lost-found', '--sectorerase', '--wipeout', '--deleted', '--absent-ok']) {
    test(`${flag} does not act`, () => assert.equal(flagVerb(flag, true), undefined));
  }

  for (const flag of ['-skipTrash', '--skip-trash', '--no-trash', '--bypass-trash', '--no-backup', '--drive-use-trash=false', '--allow-unsafe', '--overwrite-destination=true', '--overwrite=true']) {
    test(`${flag} skips a safety net`, () => assert.ok(skipsSafetyNet(flag)));
  }
  for (const flag of ['--trash', '--backup', '--use-trash=true', '--overwrite', '--overwrite-destination=false', '--skip-tests']) {
    test(`${flag} keeps the safety net`, () => assert.ok(!skipsSafetyNet(flag)));
  }
});

async function reading(line: string, shell: ShellKind = 'bash') {
  const p = await parse(line, shell);
  const cmd = p.commands[p.commands.length - 1];
  assert.ok(cmd, line);
  return readCli(cmd, shell === 'pwsh');
}

describe('the reading of a whole command', () => {
  test('a verb that destroys only with a stated reach: clean, gc', async () => {
    for (const line of ['ddev clean --all', 'tool cluster clean staging --data', 'tool gc --older-than 0d', 'tool gc --keep=0', 'tool cleanup everything']) {
      const r = await reading(line);
      assert.equal(r.verb?.cls, 'destroy', line);
    }
    for (const line of ['tool cluster clean staging --log', 'tool gc --older-than 30d', 'cargo clean', 'dnf clean all', 'conda clean --all -y', 'pod cache clean --all', 'tool gc']) {
      const r = await reading(line);
      assert.equal(r.verb, undefined, line);
    }
  });

  test('flags of a read-only subcommand do not act', async () => {
    const r = await reading('tool diff --allow-unsafe');
    assert.ok(r.readOnly);
    const push = await reading('tool push staging --allow-unsafe');
    assert.ok(!push.readOnly);
  });

  test('a program named for a product and its verb', async () => {
    assert.equal((await reading('gitlab-ctl cleanse')).verb?.verb, 'cleanse');
    assert.equal((await reading('k3s-uninstall.sh')).verb?.cls, 'revoke');
    assert.equal((await reading('virt-format -a disk.qcow2')).verb?.verb, 'format');
    // A name that is only a verb is a utility of its own, and a stop in a name is not read.
    assert.equal((await reading('clear')).verb, undefined);
    assert.equal((await reading('start-stop-daemon --start --exec /usr/bin/foo')).verb, undefined);
  });

  test("the program's own nouns join the verb's (not its generic parts)", async () => {
    const r = await reading('cert-tool disable web');
    assert.deepEqual(r.verb?.nouns, ['cert']);
    const k = await reading('kafka-topics.sh --delete --topic orders');
    assert.equal(k.verb, undefined, 'a flag verb, not a path verb');
    const c = await reading('pg-ctl drop shop');
    assert.deepEqual(c.verb?.nouns, ['pg']);
  });

  test('a disk written over is the target, whatever the tool', async () => {
    const rows: [string, string][] = [
      ['bmaptool copy core-image.wic.bz2 /dev/mmcblk0', '/dev/mmcblk0'],
      ['zstd -d fedora.raw.zst -o /dev/nvme0n1', '/dev/nvme0n1'],
      ['dcfldd if=ubuntu.iso of=/dev/sdc bs=4M', '/dev/sdc'],
      ['fsarchiver restfs backup.fsa id=0,dest=/dev/sdb1', '/dev/sdb1'],
      ['balena local flash raspberrypi.img --drive /dev/disk2', '/dev/disk2'],
      ['ntfsclone --restore-image --overwrite /dev/sdb1 win.img', '/dev/sdb1'],
    ];
    for (const [line, dev] of rows) {
      const r = await reading(line);
      assert.equal(r.verb?.target?.text, dev, line);
    }
    // The disk as a source, as the only operand, or next to a read-only verb.
    for (const line of ['bmaptool copy /dev/sdb backup.img', 'dcfldd if=/dev/sda of=disk.img hash=sha256', 'partclone.ext4 -c -s /dev/sda1 -o root.img', 'bmaptool copy image.img', 'zstd -d image.zst -o image.raw', 'smartctl -t long /dev/sda', 'mount /dev/sdb1 /mnt', 'lsblk -o NAME,SIZE /dev/sda']) {
      const r = await reading(line);
      assert.equal(r.verb?.target, undefined, line);
    }
    assert.ok(isDiskDevice('\\\\.\\PhysicalDrive1'));
    assert.ok(!isDiskDevice('/dev/null'));
  });
});

describe('settings and values that switch a verb on', () => {
  const on: [string, string][] = [
    ['acme machine release m-42 erase=true', 'erase'],
    ['acme node recycle node-1 purge_disks=yes', 'purge'],
    ['acme node recycle node-1 secure_erase=1', 'erase'],
    ["acme-rpc invoke volume.detach 3 '{\"wipe_data\": true, \"force\": true}'", 'wipe'],
    ['omconfig storage vdisk action=deletevdisk controller=0 vdisk=1', 'delete'],
    ['acme-disks --mode destroy,format,mount ./layout.nix', 'destroy'],
    ['acme-array --action delete --volume v2', 'delete'],
    ['acme-array --action=delete --volume v2', 'delete'],
    ['acme-dedupe -deleteduplicates true /srv/media', 'delete'],
    ['msbuild Shop.sqlproj /t:Publish /p:DropObjectsNotInSource=True', 'drop'],
    ['dotnet publish -c Release /p:DeleteExistingFiles=true', 'delete'],
    ['maas admin machine release abc123 secure_erase=true', 'erase'],
    ["midclt call pool.export 1 '{\"destroy\": true}'", 'destroy'],
    ['deploytool /p:DeleteExistingFiles=True site.zip', 'delete'],
    ['deploytool /P:DELETEEXISTINGFILES=TRUE site.zip', 'delete'],
    ['nixos-anywhere --mode wipe,install --flake .#host root@10.0.0.5', 'wipe'],
    ['lifecycle-tool --operation=purge --bucket media', 'purge'],
  ];
  for (const [line, verb] of on) {
    test(`${line} → ${verb}`, async () => {
      const r = await reading(line);
      const v = r.verb?.cls === 'destroy' ? r.verb : strongestFlagVerb(r);
      assert.equal(v?.verb, verb);
    });
  }
  const off = [
    'acme node recycle node-1 purge_disks=no', "acme-rpc invoke volume.query 3 '{\"destroy\": false}'", 'acme config set auto_delete=true',
    'omconfig storage vdisk action=blink controller=0 vdisk=1', 'acme-disks --mode format,mount ./layout.nix', 'acme-dedupe -deleteduplicates false /srv/media',
    'acme-array --action list', 'acme-array --action=status', 'acme run job replicas=3', 'msbuild Shop.sln /p:Configuration=Release', 'msbuild Shop.sqlproj /p:DropObjectsNotInSource=False',
    'sqlpackage /Action:Script /SourceFile:Shop.dacpac /OutputPath:deploy.sql /p:DropObjectsNotInSource=True', 'acme-sync --mode report --delete',
    // safeguards and permissions named after the verb they guard
    'lxc config set web security.protection.delete=true', 'acme-db modify orders deletion_protection=true', 'acme-tf set lifecycle prevent_destroy=true',
    'acme-bucket update media allow_delete=true', 'maas admin machine release abc123 erase=false',
    "acme-vm run-instances --block-device-mappings 'DeviceName=/dev/sda1,Ebs={DeleteOnTermination=true}'", 'acme-iac apply -var deletion_protection=false',
    'acme-vm create web --set purge_after_days=true', 'disko --mode mount ./disk-config.nix', 'acme-lint --mode=format-check src/a.cc', 'acme-vcs branch -m old new', 'acme-vcs branch -l', 'acme-vcs log -d', 'acme clone -d /tmp/x repo', 'acme-vcs checkout -d branch', 'acme-mail export --all includedeleted=true', 'acme-mail export DELETEDITEMS=TRUE',
    "qjs -e 'print(JSON.stringify({\"delete\": true}))'", "node -e 'console.log({delete: true})'", 'acme-store configure soft_delete=true', "acme-rpc invoke bucket.update 3 '{\"delete_lock\": true}'",
  ];
  for (const line of off) {
    test(`${line} destroys nothing`, async () => {
      const r = await reading(line);
      assert.notEqual(r.verb?.cls, 'destroy', line);
      assert.notEqual(strongestFlagVerb(r)?.cls, 'destroy', line);
    });
  }
});

describe('a version-control reference deleted with -d or -D', () => {
  for (const line of ['acme-data branch -d etl-backfill', 'acme-vcs tag -D v1.2', 'acme-vcs bookmark -d feature']) {
    test(`${line} deletes the reference, shown at medium`, async () => {
      const r = await reading(line);
      const v = strongestFlagVerb(r);
      assert.equal(`${v?.verb}/${v?.cls}`, 'delete/revoke', line);
      const j = await analyze(line);
      assert.equal(`${j.decision}/${j.severity}`, 'allow/medium', describeVerdict(j));
    });
  }
});

describe('the judgement of such commands', () => {
  const held: [string, ShellKind?][] = [
    ['rados rmpool scratch scratch --yes-i-really-really-mean-it'],
    ['ozone fs -rm -r -skipTrash ofs://om/vol1/bucket1/logs'],
    ['ozone fs -expunge'],
    ['gitlab-ctl cleanse'],
    ['psqldef -U postgres app --enable-drop-table --file schema.sql'],
    ['atlas schema apply --url mysql://root@db/app --to file://schema.hcl --allow-destructive-changes'],
    ['dsmc expire /home/project/'],
    ['ddev clean --all'],
    ['cmd /c vaultcmd /deletecreds:"Windows Credentials" /credtype:"Windows Domain Password" /identity:fileserver01', 'pwsh'],
    ['cmd /c dnscmd /zonedelete example.com /f', 'pwsh'],
    ['cmd /c dnscmd dc01 /recorddelete example.com www A /f', 'pwsh'],
    // a verb after IDs, paths or data files; a service's method
    ['tdbtool /var/lib/samba/private/secrets.tdb erase'],
    ['acmeraid /c0/v2 delete noprompt'],
    ['vim-cmd vmsvc/snapshot.removeall 12'],
    ["buf curl --data '{\"id\":\"u1\"}' https://api.acme.dev/acme.user.v1.UserService/DeleteUser"],
    // settings that switch a verb on
    ['omconfig storage vdisk action=deletevdisk controller=0 vdisk=1'],
    ['acme machine release m-42 erase=true'],
    ['acme-disks --mode destroy,format,mount ./layout.nix'],
    // lost, clean of what holds data, glued verbs and product names
    ['ceph osd lost 7 --yes-i-really-mean-it'],
    ['airflow db clean --clean-before-timestamp 2024-01-01 --yes'],
    ['acme-cms clean --yes'],
    ['amrmtape DailySet1 DailySet1-03'],
    ['rmdev -dl hdisk2'],
    ['fw2reset -y'],
    ['acme-store batchdelete media -i keys.txt'],
    ['bin/bookkeeper shell nukeexistingcluster -force'],
    ['acme-deploy undeploy production --yes'],
    // a forced create named by the program, an OS installed onto a disk, a product's restore, a site reinstalled
    ['sudo vgcreate -f vg0 /dev/sdc'],
    ['bootc install to-disk /dev/vda'],
    ['sudo acme-install -d /dev/sda --channel stable'],
    ['acme-restore --force backup-host-1'],
    ['acme-erp --site shop.example.com reinstall --yes'],
    // nouns that each name the ID after them; desired state absent
    ['acme-raid ctrl slot=0 ld 2 delete forced'],
    ['puppet resource user bob ensure=absent'],
    ['salt-call state.single user.absent name=bob'],
  ];
  /** Each line's decision through the whole analyzer. */
  function decides(lines: readonly [string, ShellKind?][], decision: 'confirm' | 'allow'): void {
    for (const [line, shell] of lines) {
      test(`${decision === 'confirm' ? 'held' : 'quiet'}: ${line}`, async () => {
        const v = await analyze(line, shell ? { shell } : undefined);
        assert.equal(v.decision, decision, describeVerdict(v));
      });
    }
  }
  decides(held, 'confirm');

  for (const line of ['dcfldd if=ubuntu.iso of=/dev/sdc bs=4M', 'bmaptool copy core-image.wic.bz2 /dev/mmcblk0', 'zstd -d fedora.raw.zst -o /dev/nvme0n1']) {
    test(`critical, naming the disk: ${line}`, async () => {
      const v = await analyze(line);
      const f = v.findings.find((x) => x.ruleId === 'generic.destroy');
      assert.ok(f, describeVerdict(v));
      assert.equal(f.severity, 'critical');
      assert.match(f.message, /overwrites \/dev\/\w+/);
    });
  }

  test("a package manager's delete told a remote feed acts on the feed; its uninstall stays the project's", async () => {
    const feed = await analyze('nuget delete Acme.Logging 3.2.0 -Source https://nuget.pkg.example.com/acme/index.json -NonInteractive');
    assert.equal(feed.decision, 'confirm', describeVerdict(feed));
    for (const line of ['nuget delete Acme.Logging 3.2.0', 'npm uninstall lodash --registry https://registry.npmjs.org']) {
      const v = await analyze(line);
      assert.equal(v.decision, 'allow', describeVerdict(v));
    }
  });

  const quiet: [string, ShellKind?][] = [
    ['ostree prune --no-prune'],
    ['tool 42 show'],
    ['tig origin/fix/delete-button'],
    ["buf curl --data '{}' https://api.acme.dev/acme.user.v1.UserService/ListUsers"],
    ['colcon clean workspace -y'],
    ['bundle clean --force'],
    ['acme-cms clean'],
    ['django-admin sqlflush --settings=config.settings.production'],
    ['nvmerase --scan'],
    ['nvmerase -d /dev/nvme0 --show-supported'],
    ['New-TransportRule -Name "Delete external headers" -RemoveHeader X-Forwarded-To', 'pwsh'],
    ['Get-Mailbox -Identity ana -RemoveDelayHoldApplied', 'pwsh'],
    ['winrm enumerate winrm/config/Listener'],
    ['pvcreate /dev/sdc'],
    ['acme-restore list'],
    ['npm rebuild --build-from-source'],
    ['bootc status'],
    ['grub-install /dev/sda'],
    ['acme-raid ctrl slot=0 ld 2 show detail'],
    ['puppet resource user bob'],
    ['salt-call state.single pkg.installed name=nginx'],
  ];
  decides(quiet, 'allow');

  test('an answer given as a word skips the confirmation, and the message says so', async () => {
    const v = await analyze('acmeraid /c0/v2 delete noprompt');
    assert.match(v.findings[0]?.message ?? '', /skips the confirmation \(noprompt\)/);
    const held = await analyze('nvmerase -d /dev/nvme0 --show-progress');
    assert.equal(held.decision, 'confirm', describeVerdict(held));
  });

  test('emptying the trash and wiping old history are shown, not held', async () => {
    for (const line of ['gio-trash-empty', 'nix profile wipe-history --older-than 30d']) {
      const v = await analyze(line);
      assert.equal(v.decision, 'allow', describeVerdict(v));
      assert.equal(v.severity, 'medium', describeVerdict(v));
    }
  });
});
