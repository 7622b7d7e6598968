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
import { flagVerb, readCli, skipsSafetyNet } from '../../../../src/core/command/generic/reader';
import { readWord } from '../../../../src/core/command/generic/verbs';
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

describe('flags in every style', () => {
  const acts: [string, string, boolean?][] = [
    ['-rm', 'remove'], ['-rmr', 'remove'], ['-delete', 'delete'], ['-purge', 'purge'], ['-expunge', 'expunge'], ['-delstore', 'delete'],
    ['-deleterow', 'delete'], ['-factoryreset', 'factory reset'], ['/delete', 'delete', true], ['/delete:TERMSRV/host', 'delete', true],
    ['--allow-unsafe', 'accept data loss'], ['--accept-data-loss', 'accept data loss'], ['--allow-data-loss', 'accept data loss'],
    ['--enable-drop-table', 'accept data loss'], ['--allow-destructive-changes', 'accept data loss'], ['--force-drop', 'drop'],
    ['--force-remove-essential', 'remove'], ['--overwrite-destination=true', 'overwrite'], ['--force-overwrite', 'overwrite'],
    ['--erase', 'erase'], ['--wipe', 'wipe'], ['--delete-storages', 'delete'],
  ];
  for (const [flag, verb, windows] of acts) test(`${flag} → ${verb}`, () => assert.equal(flagVerb(flag, windows === true)?.verb, verb));

  // Flags that configure, keep, or name something else.
  for (const flag of ['--rm', '--rm-dist', '-rf', '--overwrite', '--overwrite-existing=false', '--allow-empty', '--allow-data-collection', '--unsafe-perm', '--enable-unsafe-webgpu', '--add-drop-table', '--expire', '--expires-in', '--empty', '--discard-changes', '--flush-interval', '/flushdns', '--no-delete', '--delete=false', '--clearsign', '--format']) {
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
  ];
  for (const [line, shell] of held) {
    test(`held: ${line}`, async () => {
      const v = await analyze(line, shell ? { shell } : undefined);
      assert.equal(v.decision, 'confirm', describeVerdict(v));
    });
  }

  for (const line of ['dcfldd if=ubuntu.iso of=/dev/sdc bs=4M', 'bmaptool copy core-image.wic.bz2 /dev/mmcblk0', 'zstd -d fedora.raw.zst -o /dev/nvme0n1']) {
    test(`critical, naming the disk: ${line}`, async () => {
      const v = await analyze(line);
      const f = v.findings.find((x) => x.ruleId === 'generic.destroy');
      assert.ok(f, describeVerdict(v));
      assert.equal(f.severity, 'critical');
      assert.match(f.message, /overwrites \/dev\/\w+/);
    });
  }

  test('emptying the trash and wiping old history are shown, not held', async () => {
    for (const line of ['gio-trash-empty', 'nix profile wipe-history --older-than 30d']) {
      const v = await analyze(line);
      assert.equal(v.decision, 'allow', describeVerdict(v));
      assert.equal(v.severity, 'medium', describeVerdict(v));
    }
  });
});
