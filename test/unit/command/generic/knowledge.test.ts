/**
 * The generic layer's knowledge tables, each row from the tool's manual: tools that only preview
 * unless told to act (generic/preview.ts), device tools' own options and disks written over
 * (generic/device.ts), actions named by a letter and packages the system needs
 * (generic/options.ts). Parsed by the real shell parser; the judgements themselves are covered by
 * the generic pack's match and near-miss tables and the generalisation cases.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deviceToolAction, deviceWrite, interfaceDown, isDiskDevice } from '../../../../src/core/command/generic/device';
import { deleteEverything, essentialPackage, methodCall, optionAction } from '../../../../src/core/command/generic/options';
import { actsOption, previewForm, previewOnly } from '../../../../src/core/command/generic/preview';
import { replacingAction } from '../../../../src/core/command/generic/replace';
import { readCli } from '../../../../src/core/command/generic/reader';
import { parse } from '../../shell/helpers';

async function first(line: string) {
  const p = await parse(line);
  return p.commands[0]!;
}

describe('preview-by-default tools', () => {
  const PREVIEWS: [string, string][] = [
    ['kops delete cluster --name k8s.example.com --state s3://kops-state', 'kops delete without --yes'],
    ['aws-nuke -c nuke.yml', 'aws-nuke without --no-dry-run'],
    ['azure-nuke run --config azure.yml', 'azure-nuke without --no-dry-run'],
    ['p4 -c build-ws obliterate //depot/old/...', 'p4 obliterate without -y'],
    ['wal-g delete before FIND_FULL base_000000010000000000000042', 'wal-g delete without --confirm'],
    ['sg_format /dev/sg2', 'sg_format without --format'],
    ['emerge --pretend --depclean', '--pretend'],
    ['dnf remove --assumeno httpd', '--assumeno'],
  ];
  for (const [line, text] of PREVIEWS) {
    test(`only previews: ${line}`, async () => {
      assert.equal(previewOnly(await first(line))?.text, text);
    });
  }

  test('--print is not a generic preview option (it prints a result elsewhere); a generic option lifts only the generic layer', async () => {
    assert.equal(previewOnly(await first('hg purge --print')), undefined);
    assert.equal(previewOnly(await first('somecli project delete prod --print')), undefined);
    assert.equal(previewOnly(await first('bleachbit --clean system.cache --preview'))?.genericOption, true);
    assert.equal(previewOnly(await first('p4 obliterate //depot/old/...'))?.genericOption, undefined);
  });

  const ACTING: [string, string][] = [
    ['kops delete cluster --name k8s.example.com --yes', '--yes'],
    ['p4 obliterate -y //depot/old/...', '-y'],
    ['wal-g delete retain FULL 7 --confirm', '--confirm'],
    ['wal-e delete --confirm=true retain 5', '--confirm=true'],
    ['gcp-nuke run -c gcp.yml --no-dry-run', '--no-dry-run'],
    // Not in the table: an option that switches any tool from its rehearsal to acting.
    ['cleanup-tool purge --dry-run=false', '--dry-run=false'],
    ['pt-archiver --source h=db,D=shop,t=log --purge --execute', '--execute'],
  ];
  for (const [line, option] of ACTING) {
    test(`acts: ${line}`, async () => {
      const cmd = await first(line);
      assert.equal(previewOnly(cmd), undefined);
      assert.equal(actsOption(cmd)?.text, option);
    });
  }

  test('other subcommands of a table tool are not previews', async () => {
    assert.equal(previewForm(await first('kops get clusters')), undefined);
    assert.equal(previewForm(await first('p4 sync //depot/main/...')), undefined);
    assert.equal(previewOnly(await first('find / -name core -delete -print')), undefined, "find's -print is not --print");
  });
});

describe('disks and device tools', () => {
  test('disk devices, volumes and flash', () => {
    for (const d of ['/dev/sdb', '/dev/nvme0n1p2', '/dev/mtd0', '/dev/sg2', '/dev/nbd1', '/dev/zd16', '/dev/vg0/data', '/dev/mapper/crypt', '\\\\.\\PhysicalDrive1']) assert.ok(isDiskDevice(d), d);
    for (const d of ['/dev/null', '/dev/shm/cache', '/dev/pts/0', '/dev/tty1', '/dev/fd/3', 'disk.img', '/dev']) assert.ok(!isDiskDevice(d), d);
  });

  const WRITES: [string, string | undefined][] = [
    ['ddrescue -f /dev/sdc /dev/sdd rescue.log', '/dev/sdd'],
    ['ddrescue /dev/sdc rescue.img rescue.log', undefined],
    ['dc3dd hwipe=/dev/sde hash=sha256', '/dev/sde'],
    ['dcfldd if=disk.img of=/dev/sdb', '/dev/sdb'],
    ['dcfldd if=/dev/sdb of=disk.img', undefined],
    ['e2image -ra -p /dev/sda1 /dev/sdb1', '/dev/sdb1'],
    ['xfs_copy /dev/sdb1 /dev/sdc1', '/dev/sdc1'],
    ['bmaptool copy --bmap x.bmap /dev/sdb out.img', undefined],
    ['ntfsclone --save-image --output win.img /dev/sda1', undefined],
    ['qemu-img convert -O raw ubuntu.qcow2 /dev/sdb', '/dev/sdb'],
    ['smartctl -d sat -a /dev/sda', undefined],
    // A file-system maker formats its only operand; an image file before a disk is written onto it.
    ['newfs -U /dev/ada1p1', '/dev/ada1p1'],
    ['mkudffs --media-type=hd /dev/sdf', '/dev/sdf'],
    ['mkreiserfs -f /dev/vg0/home', '/dev/vg0/home'],
    ['newfs_msdos -F 32 /dev/da0s1', '/dev/da0s1'],
    ['newfs -N /dev/ada1p1', undefined],
    ['mkfs.xfs -N /dev/sdb1', undefined],
    ['mkudffs disc.udf', undefined],
    ['rpi-imager --cli ubuntu-24.04-preinstalled-server-arm64.img.xz /dev/sdb', '/dev/sdb'],
    ['woeusb --device Fedora-Workstation-40.iso /dev/sdc', '/dev/sdc'],
    ['etcher-cli --yes balenaOS.img.zip --drive /dev/sdd', '/dev/sdd'],
    ['usbimager-cli debian-12.iso /dev/disk4', '/dev/disk4'],
    ['cmp debian-12.iso /dev/sdb', undefined],
    ['sha256sum debian-12.iso /dev/sdb', undefined],
    ['qemu-img info disk.qcow2', undefined],
    ['kpartx -av disk.img /dev/loop0', undefined],
    // A program named for writing or unmapping blocks, with the disk as its only operand, writes it.
    ['sg_write_same --lba=0x0 --num=0 /dev/sdc', '/dev/sdc'],
    ['sg_unmap --all=0,1k /dev/sg2', '/dev/sg2'],
    ['sg_inq /dev/sg2', undefined],
    ['zerofree /dev/sdb1', undefined],
    ['ntfsclone /dev/sda1', undefined],
  ];
  for (const [line, device] of WRITES) {
    test(`${device ? 'writes' : 'reads'}: ${line}`, async () => {
      const cmd = await first(line);
      const r = readCli(cmd, false);
      assert.equal(deviceWrite(cmd.program, cmd.args, r.path, r.flags)?.device.text, device);
    });
  }

  const TOOLS: [string, string | undefined][] = [
    ['flashrom -p internal -E', 'erase/destroy/all'],
    ['flashrom -p ch341a_spi -w coreboot.rom', 'overwrite/destroy'],
    ['flashrom -p ch341a_spi -r dump.bin', undefined],
    ['fastboot -w', 'wipe/destroy/all'],
    ['fastboot erase userdata', 'wipe/destroy/all'],
    ['fastboot format:ext4 userdata', 'wipe/destroy/all'],
    ['fastboot erase system', 'erase/destroy'],
    ['fastboot flashing unlock', 'factory-reset/destroy/all'],
    ['fastboot flash boot boot.img', 'flash/overwrite'],
    ['fastboot getvar all', undefined],
    ['nwipe --autonuke --nowait', 'wipe/destroy/all'],
    // A microcontroller erased with nothing written back loses its firmware and stored data; erase-and-program is routine.
    ['avrdude -c usbasp -p m328p -e', 'erase/destroy'],
    ['avrdude -c usbasp -p m328p -e -U flash:w:main.hex', 'erase/overwrite'],
    ['esptool.py --chip esp32 erase_flash', 'erase/destroy'],
    ['esptool.py --chip esp32 write_flash 0x1000 fw.bin', undefined],
    ['picotool erase', 'erase/destroy'],
    ['stm32flash -o /dev/ttyUSB0', 'erase/destroy'],
    // A system installed or an image restored onto a whole disk; volume creators forced onto one.
    ['coreos-installer install /dev/vda --ignition-url https://example.com/c.ign', 'install onto/destroy/all'],
    ['archinstall --disk /dev/nvme0n1', 'install onto/destroy/all'],
    ['ocs-sr -e1 auto -e2 -r -j2 -p true restoreparts img2 sdb1', 'install onto/destroy/all'],
    ['ocs-sr -q2 -j2 -p true savedisk img2 sda', undefined],
    ['iso2usb -i debian.iso -o /dev/sdc', 'install onto/destroy/all'],
    ['img-to-sd --list /dev/mmcblk0', undefined],
    ['grub-install --target=i386-pc /dev/sda', undefined],
    ['bootctl install', undefined],
    ['install -m 0644 rules.conf /etc/udev/rules.d/', undefined],
    ['coreos-installer list-stream', undefined],
    ['pvcreate -ff -y /dev/sdc1', 'overwrite/destroy/all'],
    ['vgcreate -f data /dev/sdd', 'overwrite/destroy/all'],
    ['mkvg -f -y datavg hdisk3', 'overwrite/destroy/all'],
    ['pvcreate /dev/sdc1', undefined],
    ['lvcreate -L 10G -n data vg0', undefined],
    ['nvram -c', 'clear/overwrite/all'],
    ['nvram -p', undefined],
    // Storage controllers, drives and BMCs: the verb anywhere among the tool's words.
    ['storcli /c0/v1 del force', 'delete/destroy/all'],
    ['perccli64 /c0/fall del', 'delete/destroy/all'],
    ['storcli /c0/e252/s4 start erase', 'erase/destroy/all'],
    ['storcli /c0/e252/s4 show erase', undefined],
    ['storcli /c0/e252/s4 stop erase', undefined],
    ['storcli /c0 show all', undefined],
    ['hpssacli ctrl slot=1 ld 3 delete forced', 'delete/destroy/all'],
    ['ssacli ctrl slot=0 ld all show status', undefined],
    ['arcconf DELETE 1 LOGICALDRIVE 2', 'delete/destroy/all'],
    ['arcconf GETCONFIG 1 AL', undefined],
    ['MegaCli64 -CfgClr -a0', 'clear/destroy/all'],
    ['megacli -cfglddel -L2 -a0', 'delete/destroy/all'],
    ['MegaCli -LDInfo -Lall -aALL', undefined],
    ['racadm racresetcfg', 'reset/destroy'],
    ['racadm systemerase bios,idrac', 'erase/destroy/all'],
    ['racadm storage deletevd:Disk.Virtual.1:RAID.Slot.6-1', 'delete/destroy/all'],
    ['racadm storage get vdisks', undefined],
    ['racadm help racresetcfg', undefined],
    ['sedutil-cli --revertTPer hunter2 /dev/sdc', 'erase/destroy/all'],
    ['sedutil-cli --scan', undefined],
    ['sas2flash -o -e 6', 'erase/destroy/all'],
    ['sas2flash -listall', undefined],
    ['camcontrol format da3 -y', 'erase/destroy/all'],
    ['camcontrol identify ada0', undefined],
  ];
  for (const [line, want] of TOOLS) {
    test(`device tool: ${line}`, async () => {
      const cmd = await first(line);
      const r = readCli(cmd, false);
      const hit = deviceToolAction(cmd.program, cmd.args, [...r.path, ...r.operands]);
      assert.equal(hit ? [hit.action.verb, hit.action.cls, ...(hit.action.all ? ['all'] : [])].join('/') : undefined, want);
    });
  }
});

describe('actions named by a letter', () => {
  const LETTERS: [string, string | undefined, string?][] = [
    ['passwd -d deploy', 'delete', 'deploy'],
    ['passwd -S deploy', undefined],
    ['htpasswd -D /etc/apache2/.htpasswd carol', 'delete', 'carol'],
    ['pacman -Rdd --noconfirm glibc', 'uninstall', 'glibc'],
    ['pacman -Syu', undefined],
    ['e2fsck -fy /dev/sdb1', 'repair', '/dev/sdb1'],
    ['e2fsck -fn /dev/sdb1', undefined],
    ['p4 -c build-ws client -d -f build-ws', 'delete', 'build-ws'],
    ['drush @prod site:install standard -y', 'drop', 'standard'],
    ['easyrsa init-pki', 'delete'],
    ['easyrsa build-ca nopass', undefined],
    ['pg_archivecleanup /mnt/wal 000000010000000000000010', 'delete', '000000010000000000000010'],
    ['fuser -k -9 /var/lib/mysql', 'kill', '/var/lib/mysql'],
    ['fuser -km /mnt/data', 'kill', '/mnt/data'],
    ['fuser -v /mnt/data', undefined],
    ['cilium uninstall --wait', 'uninstall'],
    ['cilium status', undefined],
    ['dapr uninstall -k', 'uninstall'],
    ['dapr uninstall', undefined],
  ];
  const MORE: [string, string | undefined, string?][] = [
    // From more manuals: the same letter is an action in one tool and harmless in another.
    ['salt-key -D -y', 'delete'],
    ['salt-key -d web01.example.com', 'delete', 'web01.example.com'],
    ['salt-key -L', undefined],
    ['salt-key -a web01 -y', undefined],
    ['salt-master -d', undefined],
    ['salt-minion -d -l debug', undefined],
    ['salt-cloud -d web-01 web-02 -y', 'destroy', 'web-01'],
    ['salt-cloud -p ubuntu-small web-03', undefined],
    ['fdupes -rdN /srv/photos', 'delete', '/srv/photos'],
    ['jdupes -r -d /srv/media', 'delete', '/srv/media'],
    ['fdupes -r /srv/photos', undefined],
    ['jdupes -rm /srv/media', undefined],
    ['onspaces -d datadbs3 -y', 'drop', 'datadbs3'],
    ['onspaces -c -d datadbs3 -p /ifx/chunk3 -o 0 -s 2000000', undefined],
    ['onparams -d -l 7 -y', 'drop'],
    ['onmode -ky', 'take offline'],
    ['onstat -d', undefined],
    ['nsrmm -d -S 123456789 -y', 'delete'],
    ['nsrmm -m -b Default -f /dev/nst0', undefined],
    ['amlabel -f weekly weekly-03 slot 3', 'relabel'],
    ['amlabel weekly weekly-04 slot 4', undefined],
    ['bpexpdate -backupid host_1700000000 -d 0', 'expire'],
    ['bpexpdate -backupid host_1700000000 -d 12/31/2030', undefined],
    ['zmprov da olduser@example.com', 'delete', 'olduser@example.com'],
    ['zmprov -l ddl team@example.com', 'delete', 'team@example.com'],
    ['zmprov ga olduser@example.com', undefined],
    ['zmprov ca newuser@example.com secret', undefined],
    ['rcs -o1.2:1.5 notes.txt', 'delete', 'notes.txt'],
    ['cvs admin -o1.4 README', 'delete', 'README'],
    ['cvs -d :pserver:anon@cvs.example.org:/cvsroot checkout mod', undefined],
    ['rcs -l notes.txt', undefined],
    ['cvs release -d oldmodule', 'delete', 'oldmodule'],
    ['vmkfstools -U /vmfs/volumes/ds1/old/old.vmdk', 'delete', '/vmfs/volumes/ds1/old/old.vmdk'],
    ['vmkfstools -C vmfs6 -S ds2 /vmfs/devices/disks/naa.600:1', 'overwrite'],
    ['vmkfstools -c 20G /vmfs/volumes/ds1/new/new.vmdk', undefined],
    ['vmkfstools -i src.vmdk dst.vmdk -d thin', undefined],
    ['cibadmin -E --force', 'erase'],
    ['cibadmin -Q', undefined],
    ['crm_resource -D -r vip -t primitive', 'delete'],
    ['crm_resource --cleanup -r vip', undefined],
    ['crm_node -R node3 --force', 'remove', 'node3'],
    ['crm_node -l', undefined],
    ['ipvsadm -C', 'clear'],
    ['ipvsadm -L -n', undefined],
    ['semodule -r mypolicy', 'remove', 'mypolicy'],
    ['semodule -l', undefined],
    ['apparmor_parser -R /etc/apparmor.d/usr.sbin.nginx', 'remove'],
    ['apparmor_parser -r /etc/apparmor.d/usr.sbin.nginx', undefined],
    ['losetup -D', 'detach'],
    ['losetup -a', undefined],
    ['exportfs -ua', 'unexport'],
    ['exportfs -ra', undefined],
    ['at -r 14', 'delete', '14'],
    ['at -l', undefined],
    ['profiles -D -f', 'remove'],
    ['profiles -P', undefined],
    ['pkgutil --forget com.example.agent', 'forget', 'com.example.agent'],
    ['pkgutil --pkgs', undefined],
    ['installp -u bos.games', 'uninstall', 'bos.games'],
    ['guix package -r hello', 'uninstall', 'hello'],
    ['guix package -i hello', undefined],
    ['cpanm -U Some::Module', 'uninstall', 'Some::Module'],
    ['lvconvert --merge vg0/pre-upgrade', 'revert', 'vg0/pre-upgrade'],
    ['lvconvert --type raid1 -m 1 vg0/data', undefined],
    ['mokutil --reset', 'reset'],
    ['mokutil --sb-state', undefined],
    ['sa-learn --clear', 'wipe'],
    ['sa-learn --dump magic', undefined],
    ['exim -Mmad 1rXyZ-000abc-01', 'mark delivered', '1rXyZ-000abc-01'],
    ['exim -bp', undefined],
    ['firstboot -y', 'erase'],
    ['sysupgrade -n /tmp/openwrt.bin', 'flash', '/tmp/openwrt.bin'],
    ['sysupgrade -v /tmp/openwrt.bin', undefined],
    ['ipmitool -I lanplus -H bmc3 -U admin -E chassis power cycle', 'power', 'cycle'],
    ['ipmitool -H bmc3 chassis power status', undefined],
    ['ipmitool chassis power soft', undefined],
    ['ipmitool sel clear', 'clear'],
    ['ipmitool sel list', undefined],
    ['racadm -r 10.1.1.9 -u root -p pw serveraction hardreset', 'power-cycle'],
    ['racadm serveraction powerstatus', undefined],
    ['upscmd -u upsmon -p pw rack2@nut01 shutdown.stayoff', 'cut'],
    ['upscmd -l rack2@nut01', undefined],
    ['upscmd -u upsmon -p pw rack2@nut01 beeper.disable', undefined],
    ['upsmon -c fsd', 'force', 'fsd'],
    ['upsmon -c reload', undefined],
    ['upsdrvctl shutdown', 'cut'],
    ['upsdrvctl start', undefined],
  ];
  for (const [line, verb, target] of [...LETTERS, ...MORE]) {
    test(`${verb ?? 'nothing'}: ${line}`, async () => {
      const hit = optionAction(await first(line));
      assert.equal(hit?.action.verb, verb);
      if (target) assert.equal(hit?.target?.text, target);
    });
  }

  test('dependency checks skipped', async () => {
    assert.equal(optionAction(await first('pacman -Rdd glibc'))?.nodeps?.text, '-Rdd');
    assert.equal(optionAction(await first('rpm -e --nodeps bash'))?.nodeps?.text, '--nodeps');
    assert.equal(optionAction(await first('pacman -Rns firefox'))?.nodeps, undefined);
  });

  test('packages the system cannot run without', async () => {
    const names = async (line: string) => essentialPackage((await first(line)).args);
    assert.equal((await names('x sys-libs/glibc'))?.word.text, 'sys-libs/glibc');
    assert.equal((await names('x libc6:amd64'))?.word.text, 'libc6:amd64');
    assert.equal((await names('x bash=5.2.15-2'))?.word.text, 'bash=5.2.15-2');
    assert.match((await names("x 'kernel*'"))?.why ?? '', /takes kernel,/);
    assert.match((await names("x 'linux-image-*'"))?.why ?? '', /every installed linux-image package/);
    assert.equal(await names("x 'python3-*'"), undefined);
    assert.equal(await names("x 'php*'"), undefined);
    assert.match((await names('x scoop'))?.why ?? '', /package manager itself/);
    assert.equal(await names('x firefox glibc-devel-headers python3-requests'), undefined);
  });

  test('a delete-like letter given everything', async () => {
    assert.equal(deleteEverything(await first('postsuper -d ALL'))?.all.text, 'ALL');
    assert.equal(deleteEverything(await first('tool -x "*"'))?.flag.text, '-x');
    assert.equal(deleteEverything(await first('postsuper -h ALL')), undefined);
    assert.equal(deleteEverything(await first('mpstat -P ALL 1')), undefined);
  });

  test('gRPC methods', async () => {
    const verbOf = (m: string) => (/^Delete/.test(m) ? { verb: 'delete', cls: 'destroy' as const } : undefined);
    assert.equal(methodCall(await first('grpcurl -d \'{"name":"x"}\' api:443 acme.v1.Store/DeleteBucket'), verbOf)?.action.verb, 'delete');
    assert.equal(methodCall(await first('grpc_cli call localhost:50051 acme.v1.Store.DeleteBucket "name: \'x\'"'), verbOf)?.action.verb, 'delete');
    assert.equal(methodCall(await first('grpcurl api:443 acme.v1.Store/GetBucket'), verbOf), undefined);
    assert.equal(methodCall(await first('grpcurl api:443 list'), verbOf), undefined);
  });

  test('D-Bus methods', async () => {
    const verbOf = (m: string) => (/^(Delete|Kill)/.test(m) ? { verb: 'delete', cls: 'destroy' as const } : undefined);
    const power = methodCall(await first('busctl call org.freedesktop.login1 /org/freedesktop/login1 org.freedesktop.login1.Manager PowerOff b false'), verbOf);
    assert.equal(power?.action.floor, 'high');
    assert.equal(power?.action.verb, 'power off');
    assert.equal(methodCall(await first('busctl tree org.freedesktop.login1'), verbOf), undefined);
    assert.equal(methodCall(await first('echo org.freedesktop.login1.Manager.PowerOff'), verbOf), undefined, 'only D-Bus clients');
  });
});

describe('what a command puts in place of what is there', () => {
  // [line, verb/class of the action or undefined, the word that forces it]
  const REPLACES: [string, string | undefined, string?][] = [
    // A restore, import, load, clone or sync told not to ask.
    ['pgbackrest --stanza=main --delta --force restore', 'replace/overwrite', '--force'],
    ['bareos-restore -f client01', 'replace/overwrite', '-f'],
    ['influx restore /backups/2024 --full', undefined],
    ['couchbase-cli restore --force-updates', undefined],
    ['cbrestore /backups couchbase://prod-cb:8091 --bucket-source=shop --force-overwrite', 'replace/overwrite', '--force-overwrite'],
    ['etcdutl snapshot restore snap.db --data-dir /var/lib/etcd --force', 'replace/overwrite', '--force'],
    ['typesense-import --collection=products --overwrite=true data.jsonl', 'replace/overwrite', '--overwrite=true'],
    ['mongoimport --drop -c users users.json', 'replace/overwrite', '--drop'],
    ['mongoimport -f name,email -c users users.csv', undefined],
    ['ldapsync --doit --config sync.yml', 'replace/overwrite', '--doit'],
    ['rsync -f "- *.tmp" src/ dst/', undefined],
    ['dnscontrol push', undefined],
    ['pt-table-sync --print h=db2 h=db3', undefined],
    ['mysqlimport --force shop orders.txt', undefined],
    ['restic restore latest --target /srv/restore', undefined],
    ['velero restore describe nightly', undefined],
    ['gpg --batch --yes --import key.asc', undefined],
    ['sync -f /data', undefined],
    ['dvc import --force https://github.com/acme/data data/raw', undefined],
    // What to do when the target exists: replace it.
    ['impdp admin/x directory=DP dumpfile=app.dmp table_exists_action=truncate', 'replace/overwrite', 'table_exists_action=truncate'],
    ['bq load --write-disposition WRITE_TRUNCATE ds.events gs://b/events.csv', 'replace/overwrite', '--write-disposition'],
    ['csvs-to-sqlite --if-exists=replace data/*.csv app.db', 'replace/overwrite', '--if-exists=replace'],
    ['impdp admin/x directory=DP dumpfile=app.dmp table_exists_action=skip', undefined],
    // Factory state, in any spelling, also inside a request given to -c.
    ['ilorest factorydefaults', 'reset/destroy'],
    ['mikrotik-cli /system reset-configuration', undefined],
    ['xe host-factory-reset', 'reset/destroy'],
    ['netcli --command "request system zeroize media"', 'erase/destroy'],
    ['deviceadm --erase-install --yes', 'erase/destroy'],
    ['ilorest get factorydefaults', undefined],
    ['switchctl --show-factory-defaults', undefined],
    ['gh issue create --title "factory reset fails"', undefined],
    ['systemctl set-default multi-user.target', undefined],
    // A data-loss check turned off (settings that switch a verb on are the reading's: words.test.ts).
    ['SqlPackage /a:Publish /p:BlockOnPossibleDataLoss=false', 'accept data loss/destroy'],
    ['SqlPackage /a:Publish /p:BlockOnPossibleDataLoss=true', undefined],
    ['SqlPackage /Action:DeployReport /OutputPath:r.xml /p:BlockOnPossibleDataLoss=False', undefined],
  ];
  for (const [line, want, force] of REPLACES) {
    test(`${want ?? 'nothing'}: ${line}`, async () => {
      const hit = replacingAction(await first(line));
      assert.equal(hit ? `${hit.action.verb}/${hit.action.cls}` : undefined, want);
      if (force) assert.equal(hit?.nodeps?.text, force);
    });
  }
});

describe('network interfaces taken down', () => {
  const DOWN: [string, string | undefined][] = [
    ['ip link set dev eth0 down', 'eth0'],
    ['ip -6 link set ens3 down', 'ens3'],
    ['ifconfig wlan0 down', 'wlan0'],
    ['ifdown eno1', 'eno1'],
    ['ifdown -a', undefined],
    ['networkctl down enp1s0', 'enp1s0'],
    ['nmcli dev disconnect wlp2s0', 'wlp2s0'],
    ["nmcli connection down id 'Office LAN'", 'Office LAN'],
    ['nmcli networking off', undefined],
  ];
  for (const [line, iface] of DOWN) {
    test(`down: ${line}`, async () => {
      const cmd = await first(line);
      const r = readCli(cmd, false);
      const hit = interfaceDown(cmd.program, cmd.args, [...r.path, ...r.operands]);
      assert.ok(hit, line);
      assert.equal(hit.iface?.text, iface);
    });
  }
  for (const line of ['ip link set eth0 up', 'ip link set docker0 down', 'ip link set veth9 down', 'ip link set wg0 down', 'ip addr show', 'ifconfig eth0', 'nmcli device status', 'nmcli networking on', 'networkctl status', 'ip link set eth0 mtu 9000']) {
    test(`not down: ${line}`, async () => {
      const cmd = await first(line);
      const r = readCli(cmd, false);
      assert.equal(interfaceDown(cmd.program, cmd.args, [...r.path, ...r.operands]), undefined);
    });
  }
});
