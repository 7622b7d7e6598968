/**
 * Storage below the file system: LVM (lvremove, vgremove, pvremove, shrinking lvreduce), ZFS
 * (destroy, rollback, receive -F, zpool destroy/create -f/labelclear), btrfs (subvolume delete,
 * check --repair), RAID and encryption headers (mdadm --zero-superblock/--create, cryptsetup
 * luksErase/luksFormat/luksKillSlot), whole-device erasure (blkdiscard, nvme format/sanitize,
 * badblocks -w, hdparm security erase, scrub), boot entries (efibootmgr -B), and Ceph/Gluster
 * volumes. Formatting, partitioning and raw writes are in ./system.ts.
 *
 * Whole devices, pools and volume groups are critical; a single volume or dataset is high; a
 * snapshot is medium. Rehearsals stay quiet (`lvremove --test`, `zfs destroy -n`). Written
 * from the man pages of each tool.
 */
import type { Severity } from '../../severity';
import { deleteSeverity, NO_UNDO, SHARED_DELETE } from '../generic/weight';
import type { SimpleCommand, Word } from '../../shell/model';
import { remoteReach } from '../context';
import { expandWord } from '../expansion';
import { isQuiet, operandWords, type OpMatch, operationsRule } from '../operations';
import { isBlockDevice } from '../paths';
import { hasFlag, programsOf, type CommandRuleFinding, type Rule, type RuleContext, type RulePack } from '../rule';
import { optionValues, spanTo } from '../words';

function deviceText(w: Word, rc: RuleContext): string {
  return w.dynamic ? expandWord(w, rc).text : w.text;
}

function last(cmd: SimpleCommand): Word {
  return cmd.args[cmd.args.length - 1] ?? cmd.name!;
}

/** A finding for a named device, volume or pool, raised for production hosts the command runs on. */
function storageFinding(cmd: SimpleCommand, rc: RuleContext, severity: Severity, message: string, suggestion: string, target?: string): CommandRuleFinding {
  const f: CommandRuleFinding = { severity, message, span: spanTo(cmd, last(cmd)), suggestion };
  if (target) f.target = target;
  return remoteReach(cmd, rc, f);
}

// ---------------------------------------------------------------------------------------------
// LVM

const LVM_TOOLS = ['lvremove', 'vgremove', 'pvremove', 'lvreduce', 'lvresize', 'vgreduce'];
const LVM_VALUED = ['--config', '--commandprofile', '--driverloaded', '--reportformat', '-S', '--select', '-L', '--size', '-l', '--extents', '-n', '--name', '-r', '--resizefs', '--type'];

const lvm: Rule = {
  id: 'storage.lvm',
  description: 'lvremove, vgremove, pvremove and shrinking lvreduce/lvresize: logical volumes, volume groups and their data deleted.',
  severity: 'high',
  programs: [...LVM_TOOLS, 'lvm'],
  // `lvm` speaks only for the tools above given as its subcommand (`lvm lvremove`); its other
  // subcommands (`lvm vgsplit`, `lvm lvconvert`) are the generic layer's.
  speaksFor(cmd) {
    return cmd.program !== 'lvm' || LVM_TOOLS.includes(operandWords(cmd, LVM_VALUED)[0]?.text ?? '');
  },
  check(cmd, rc) {
    let c = cmd;
    if (cmd.program === 'lvm') {
      const sub = operandWords(cmd, LVM_VALUED)[0];
      if (!sub) return undefined;
      c = { ...cmd, program: sub.text, args: cmd.args.slice(cmd.args.indexOf(sub) + 1) };
    }
    if (hasFlag(c, '-t', '--test', '--help', '-h')) return undefined;
    const pos = operandWords(c, LVM_VALUED);
    const names = pos.map((w) => w.text);
    const force = hasFlag(c, '-f', '--force', '-y', '--yes');
    const noPrompt = force ? ', without asking' : '';
    const list = names.join(', ') || '(selected)';
    switch (c.program) {
      case 'lvremove': {
        const wholeGroup = names.some((n) => !n.includes('/') || /^\/dev\/[^/]+\/?$/.test(n));
        return storageFinding(cmd, rc, wholeGroup ? 'critical' : 'high', `Deletes ${wholeGroup ? 'every logical volume in' : 'the logical volume'} ${list} and the data on ${wholeGroup ? 'them' : 'it'}${noPrompt} (lvremove).`, 'Check with lvs first, and snapshot or back up the volume.', `volume ${list}`);
      }
      case 'vgremove':
        return storageFinding(cmd, rc, 'critical', `Deletes the volume group ${list} and every logical volume in it${noPrompt} (vgremove).`, 'Check with vgs/lvs first, and back up every volume in it.', `volume group ${list}`);
      case 'pvremove': {
        const twice = c.args.some((a) => a.text === '-ff') || c.args.filter((a) => a.text === '-f' || a.text === '--force').length > 1;
        return storageFinding(cmd, rc, twice ? 'critical' : 'high', `Wipes the LVM label of ${list}${twice ? ', even if it still belongs to a volume group' : ''} (pvremove).`, 'Move data off it (pvmove) and remove it from its group (vgreduce) first.', `device ${list}`);
      }
      case 'lvreduce':
      case 'lvresize': {
        const size = optionValues(c, '-L', '--size', '-l', '--extents')[0]?.text ?? '';
        if (c.program === 'lvresize' && !size.startsWith('-')) return undefined;
        return storageFinding(cmd, rc, 'high', `Shrinks the logical volume ${list}${size ? ` (${size})` : ''}: data beyond the new end is lost unless the file system was shrunk first (${c.program}).`, 'Use --resizefs so the file system is shrunk with it, and back up first.', `volume ${list}`);
      }
      case 'vgreduce':
        return hasFlag(c, '--removemissing') && hasFlag(c, '--force') ? storageFinding(cmd, rc, 'high', `Removes missing disks from ${list} together with the logical volumes that used them (vgreduce --removemissing --force).`, 'Try to bring the missing disk back first.') : undefined;
      default:
        return undefined;
    }
  },
  examples: {
    match: [{ cmd: 'lvremove -f vg0/data', exactly: 'high' }, { cmd: 'lvremove -y vg0', exactly: 'critical' }, { cmd: 'vgremove vg0', exactly: 'critical' }, 'pvremove -ff /dev/sdc', 'lvreduce -L 10G vg0/data', 'lvresize -L -5G vg0/data', 'lvm lvremove vg0/data'],
    nearMiss: ['lvremove --test vg0/data', 'lvs', 'pvs', 'lvresize -L +5G vg0/data', 'lvextend -L +5G vg0/data', 'vgreduce vg0 /dev/sdd'],
  },
};

// ---------------------------------------------------------------------------------------------
// ZFS

const zfs = operationsRule({
  id: 'storage.zfs',
  description: 'zfs destroy (-r/-R), rollback, receive -F; zpool destroy, create -f, labelclear, remove/detach/offline.',
  programs: ['zfs', 'zpool'],
  valued: ['-o', '-O', '-t', '-m', '-s'],
  quiet: ['-n'],
  // `zpool clear` only resets a pool's device error counters.
  clears: ['clear'],
  suggestion: 'Run it with -n -v first (zfs destroy -nv), and take a snapshot or send a backup (zfs send).',
  ops: [
    {
      path: 'destroy',
      severity: 'high',
      what: (m) => (m.cmd.program === 'zpool' ? `destroys the pool ${m.operands[0]?.text ?? ''} and every dataset in it` : zfsDestroyText(m)),
      severityOf: (m) => (m.cmd.program === 'zpool' ? 'critical' : zfsDestroySeverity(m)),
    },
    { path: 'rollback', severity: 'high', what: (m) => `rolls ${m.operands[0]?.text.split('@')[0] ?? 'the dataset'} back to ${m.operands[0]?.text ?? 'a snapshot'}: every change since is lost${hasFlag(m.cmd, '-r', '-R') ? ', and the later snapshots are destroyed' : ''}` },
    { path: 'receive|recv', severity: 'high', when: ['-F'], what: 'overwrites {0} with the received stream, destroying its newer snapshots and changes (-F)' },
    { path: 'create', severity: 'critical', when: ['-f'], what: (m) => (m.cmd.program === 'zpool' ? `creates the pool ${m.operands[0]?.text ?? ''} on ${m.operands.slice(1).map((w) => w.text).filter((t) => t.startsWith('/dev/') || /^[a-z]+\d*$/.test(t)).join(', ') || 'the devices'}, forcing past existing data on them (-f)` : undefined) },
    { path: 'labelclear', severity: 'critical', what: 'erases the ZFS label of {*}: the pool on it can no longer be imported' },
    { path: 'remove', severity: 'medium', what: (m) => (m.cmd.program === 'zpool' ? `removes ${m.operands.slice(1).map((w) => w.text).join(', ')} from the pool ${m.operands[0]?.text ?? ''}` : undefined) },
    { path: 'detach|offline', severity: 'medium', what: (m) => (m.cmd.program === 'zpool' ? `takes ${m.operands.slice(1).map((w) => w.text).join(', ')} out of the pool ${m.operands[0]?.text ?? ''}: redundancy is reduced` : undefined) },
  ],
  examples: {
    match: [{ cmd: 'zfs destroy -r tank/data', exactly: 'critical' }, { cmd: 'zfs destroy -R tank', exactly: 'critical' }, { cmd: 'zfs destroy tank/data', exactly: 'high' }, { cmd: 'zfs destroy tank/db@before-migration', exactly: 'high' }, { cmd: 'zfs destroy tank/db@snap1%snap9', exactly: 'high' }, 'zfs rollback -r tank/db@before-migration', { cmd: 'zpool destroy -f tank', exactly: 'critical' }, { cmd: 'zpool create -f backup /dev/sdc /dev/sdd', exactly: 'critical' }, 'zpool labelclear -f /dev/sdb1', 'zfs receive -F tank/db'],
    nearMiss: ['zfs list -t snapshot', 'zfs snapshot tank/db@before-migration', 'zfs get compressratio tank', 'zpool status -x', 'zpool scrub tank', 'zfs destroy -nv tank/data', 'zpool create backup mirror /dev/sdc /dev/sdd'],
  },
});

function zfsDestroyText(m: OpMatch): string {
  const t = m.operands[0]?.text ?? '';
  const rec = hasFlag(m.cmd, '-r', '-R');
  if (t.includes('@')) return `destroys the snapshot${t.includes('%') || t.includes(',') ? 's' : ''} ${t}${rec ? ' and the same snapshots of every child dataset' : ''}: it can no longer be rolled back to; there is ${NO_UNDO}`;
  if (t.includes('#')) return `destroys the bookmark ${t}`;
  return `destroys the dataset ${t}${rec ? ` and every dataset${hasFlag(m.cmd, '-R') ? ', clone' : ''} and snapshot under it` : ' and its data'}`;
}

function zfsDestroySeverity(m: OpMatch): Severity {
  const t = m.operands[0]?.text ?? '';
  const rec = hasFlag(m.cmd, '-r', '-R');
  if (t.includes('#')) return 'low';
  // A snapshot is the backup: destroying one is a delete with no undo (generic/weight.ts).
  if (t.includes('@')) return deleteSeverity({ target: 'shared', reach: rec || /[%,]/.test(t) ? 'wide' : 'one' });
  return rec || !t.includes('/') ? 'critical' : 'high';
}

// ---------------------------------------------------------------------------------------------
// btrfs

const btrfs = operationsRule({
  id: 'storage.btrfs',
  description: 'btrfs subvolume delete, check --repair, rescue zero-log/chunk-recover, device delete, filesystem resize to a smaller size.',
  programs: ['btrfs'],
  valued: ['-c', '--commit', '--subvolid', '-i'],
  suggestion: 'Take a read-only snapshot or a send stream first (btrfs subvolume snapshot -r / btrfs send).',
  ops: [
    { path: 'subvolume|subvol|sub delete|del|d', severity: 'high', what: (m) => `deletes the subvolume${m.operands.length > 1 ? 's' : ''} ${m.operands.map((w) => w.text).join(', ')}${hasFlag(m.cmd, '-R', '--recursive') ? ' and every subvolume under it' : ''} with ${m.operands.length > 1 ? 'their' : 'its'} files` },
    { path: 'check', severity: 'high', when: ['--repair', '--init-csum-tree', '--init-extent-tree'], what: 'rewrites the file system metadata of {0} in place: the tool itself warns it can make damage worse' },
    { path: 'rescue zero-log|chunk-recover|super-recover', severity: 'high', what: (m) => `rewrites ${m.operands[0]?.text ?? 'the device'}'s metadata (btrfs rescue ${m.path[1]!.text}): recent writes can be lost` },
    { path: 'device|dev delete|remove', severity: 'medium', what: 'moves data off {0} and removes it from the file system {1}' },
    { path: 'filesystem|fi resize', severity: 'high', what: (m) => (/^(\d+:)?-/.test(m.operands[0]?.text ?? '') ? `shrinks the file system at ${m.operands[1]?.text ?? ''} by ${m.operands[0]!.text.replace(/^\d+:/, '')}` : undefined) },
  ],
  examples: {
    match: [{ cmd: 'btrfs subvolume delete /mnt/data/@snapshots/2024-06-01', exactly: 'high' }, 'btrfs check --repair /dev/sdb1', 'btrfs rescue zero-log /dev/sdb1'],
    nearMiss: ['btrfs subvolume list /mnt/data', 'btrfs subvolume snapshot -r /srv/@home /srv/@snapshots/home-1', 'btrfs check /dev/sdb1', 'btrfs filesystem resize +10G /mnt/data'],
  },
});

// ---------------------------------------------------------------------------------------------
// RAID superblocks and encryption headers

const mdadm: Rule = {
  id: 'storage.mdadm',
  description: 'mdadm --zero-superblock, --create over existing disks, --remove/--fail/--stop: RAID members and arrays erased or broken up.',
  severity: 'critical',
  programs: ['mdadm'],
  check(cmd, rc) {
    if (isQuiet(cmd)) return undefined;
    const devs = cmd.args.filter((a) => isBlockDevice(deviceText(a, rc))).map((a) => deviceText(a, rc));
    const list = devs.join(', ') || 'the devices';
    if (hasFlag(cmd, '--zero-superblock')) return storageFinding(cmd, rc, 'critical', `Erases the RAID superblock of ${list}: the array it belonged to can no longer be assembled from it (mdadm --zero-superblock).`, 'Check with mdadm --examine first.', `device ${list}`);
    if (hasFlag(cmd, '--create', '-C')) return storageFinding(cmd, rc, 'critical', `Creates a new array ${devs[0] ?? ''} over ${devs.slice(1).join(', ') || 'the devices'}: what they held is overwritten (mdadm --create).`.replace(/ +/g, ' '), 'Check the member disks with lsblk and mdadm --examine first.', `device ${list}`);
    if (hasFlag(cmd, '--remove', '--fail', '-f', '-r')) return storageFinding(cmd, rc, 'medium', `Fails or removes members of ${devs[0] ?? 'the array'}: it loses redundancy (mdadm --fail/--remove).`, 'Add the replacement first.', `device ${list}`);
    if (hasFlag(cmd, '--stop', '-S')) return storageFinding(cmd, rc, 'medium', `Stops the array ${devs[0] ?? ''}: file systems on it go away until it is assembled again (mdadm --stop).`.replace(/ +/g, ' '), 'Unmount it first.', `device ${list}`);
    return undefined;
  },
  examples: {
    match: [{ cmd: 'mdadm --zero-superblock /dev/sdb1', exactly: 'critical' }, { cmd: 'mdadm --create /dev/md1 --level=1 --raid-devices=2 /dev/sdd /dev/sde --run', exactly: 'critical' }, { cmd: 'mdadm /dev/md0 --fail /dev/sdb1 --remove /dev/sdb1', exactly: 'medium' }],
    nearMiss: ['mdadm --detail /dev/md0', 'mdadm --examine /dev/sdb1', 'mdadm --assemble --scan'],
  },
};

const cryptsetup = operationsRule({
  id: 'storage.cryptsetup',
  description: 'cryptsetup luksErase/erase, luksFormat, luksKillSlot/luksRemoveKey, reencrypt: encrypted volumes made unreadable or overwritten.',
  programs: ['cryptsetup'],
  valued: ['-c', '--cipher', '-s', '--key-size', '-h', '--hash', '-d', '--key-file', '-S', '--key-slot', '--type', '--pbkdf', '-i', '--iter-time', '--header', '--label', '--subsystem', '--uuid', '--sector-size', '--offset', '--keyfile-size', '--keyfile-offset', '--new-keyfile', '--token-id'],
  suggestion: 'Back up the header first (cryptsetup luksHeaderBackup DEVICE --header-backup-file FILE).',
  ops: [
    { path: 'lukserase|erase', severity: 'critical', what: 'erases every key slot of {0}: the encrypted data can never be opened again' },
    { path: 'luksformat', severity: 'critical', what: 'formats {0} as a new LUKS volume: everything on it is lost' },
    { path: 'lukskillslot', severity: 'high', what: 'erases key slot {1} of {0}: the passphrase in it stops working (the last slot locks the volume for good)' },
    { path: 'luksremovekey', severity: 'high', what: 'removes a passphrase from {0} (the last one locks the volume for good)' },
    { path: 'reencrypt', severity: 'high', what: 're-encrypts {0} in place: an interrupted run without a header backup can lose data' },
    { path: 'luksheaderrestore', severity: 'high', what: 'replaces the LUKS header of {0}: keys that only the current header holds stop working' },
  ],
  examples: {
    match: [{ cmd: 'cryptsetup luksErase /dev/sdb2', exactly: 'critical' }, { cmd: 'cryptsetup luksKillSlot /dev/sdb2 1', exactly: 'high' }, { cmd: 'cryptsetup luksFormat -q /dev/sdc1', exactly: 'critical' }, 'cryptsetup -q erase /dev/sdb2'],
    nearMiss: ['cryptsetup luksDump /dev/sdb2', 'cryptsetup open /dev/sdb2 data', 'cryptsetup luksAddKey /dev/sdb2', 'cryptsetup status data'],
  },
});

// ---------------------------------------------------------------------------------------------
// Whole-device erasure

const deviceErase: Rule = {
  id: 'storage.device-erase',
  description: 'blkdiscard, nvme format/sanitize/ns-delete, badblocks -w, hdparm security erase, scrub of a device: every block erased.',
  severity: 'critical',
  programs: ['blkdiscard', 'nvme', 'badblocks', 'hdparm', 'scrub', 'sg_format', 'sg_sanitize'],
  check(cmd, rc) {
    if (isQuiet(cmd) || hasFlag(cmd, '--version', '-V')) return undefined;
    const dev = cmd.args.map((a) => deviceText(a, rc)).find((t) => isBlockDevice(t) || /^\/dev\/(nvme\d+(n\d+)?|sg\d+)$/.test(t));
    const target = dev ? `device ${dev}` : undefined;
    const name = dev ?? 'the device';
    switch (cmd.program) {
      case 'blkdiscard':
        return dev ? storageFinding(cmd, rc, 'critical', `Discards every block of ${name}: its data cannot be recovered (blkdiscard).`, 'Check the device with lsblk first.', target) : undefined;
      case 'nvme': {
        const sub = operandWords(cmd, ['-n', '--namespace-id', '-s', '--ses', '-l', '--lbaf', '-a', '--sanact', '-o', '--output-format'])[0]?.text;
        if (sub === 'format') return storageFinding(cmd, rc, 'critical', `Formats the NVMe namespace ${name}${optionValues(cmd, '-s', '--ses')[0]?.text === '1' || cmd.args.some((a) => /^--ses=[12]$/.test(a.text)) ? ' with a secure erase' : ''}: every block is erased (nvme format).`, 'Check the device with nvme list first.', target);
        if (sub === 'sanitize') return storageFinding(cmd, rc, 'critical', `Sanitizes ${name}: every block on the drive is erased (nvme sanitize).`, 'Check the device with nvme list first.', target);
        if (sub === 'delete-ns' || sub === 'ns-delete') return storageFinding(cmd, rc, 'critical', `Deletes a namespace of ${name} and the data in it (nvme ${sub}).`, 'Check the namespaces with nvme list-ns first.', target);
        return undefined;
      }
      case 'badblocks':
        return dev && hasFlag(cmd, '-w') ? storageFinding(cmd, rc, 'critical', `Runs a destructive write test on ${name}: every block is overwritten with test patterns (badblocks -w).`, 'Use the read-only test (badblocks -sv) or the non-destructive one (-n).', target) : undefined;
      case 'hdparm':
        return dev && hasFlag(cmd, '--security-erase', '--security-erase-enhanced', '--trim-sector-ranges', '--write-sector', '--make-bad-sector') ? storageFinding(cmd, rc, 'critical', `Erases or overwrites sectors of ${name} (hdparm ${cmd.args.find((a) => a.text.startsWith('--security-erase') || a.text.startsWith('--trim') || a.text.startsWith('--write') || a.text.startsWith('--make'))!.text}).`, 'Check the device with lsblk first.', target) : undefined;
      case 'scrub': {
        if (dev) return !hasFlag(cmd, '-n', '--no-signature') ? storageFinding(cmd, rc, 'critical', `Overwrites every block of ${name} with patterns (scrub).`, 'Check the device with lsblk first.', target) : undefined;
        // scrub(1) on a file overwrites its contents in place; -r removes it afterwards.
        const file = operandWords(cmd, ['-p', '--pattern', '-b', '--blocksize', '-s', '--device-size', '-D', '--dirent'])[0];
        if (!file || hasFlag(cmd, '-X', '--freespace')) return undefined;
        const remove = hasFlag(cmd, '-r', '--remove');
        return storageFinding(cmd, rc, 'high', `Overwrites ${file.text} with patterns so its contents cannot be recovered${remove ? ', then removes it' : ''} (scrub${remove ? ' -r' : ''}).`, 'Keep a copy of anything you may need first.', file.text);
      }
      default:
        return dev ? storageFinding(cmd, rc, 'critical', `Formats or sanitizes ${name}: every block is erased (${cmd.program}).`, 'Check the device with lsscsi first.', target) : undefined;
    }
  },
  examples: {
    match: [
      { cmd: 'blkdiscard /dev/sdb', exactly: 'critical' }, { cmd: 'nvme format /dev/nvme0n1 --ses=1', exactly: 'critical' }, { cmd: 'badblocks -wsv /dev/sdb', exactly: 'critical' }, 'hdparm --user-master u --security-erase p /dev/sdb', 'nvme sanitize /dev/nvme0 -a 2',
      { cmd: 'scrub -r secrets/old-keys.tar', exactly: 'high' }, { cmd: 'scrub -p dod /srv/exports/customers.csv', exactly: 'high' }, { cmd: 'sg_format --format /dev/sg3', exactly: 'critical' },
    ],
    // sg_format without --format only reports the current format (generic/preview.ts).
    nearMiss: ['nvme list', 'badblocks -sv /dev/sdb', 'badblocks -nsv /dev/sdb', 'hdparm -I /dev/sda', 'blkdiscard --help', 'scrub -X /mnt/data/fill', 'sg_format /dev/sg3', 'sg_format --long /dev/sg3'],
  },
};

// ---------------------------------------------------------------------------------------------
// Boot entries, repair tools, Ceph and Gluster

const efibootmgr: Rule = {
  id: 'storage.efibootmgr',
  description: 'efibootmgr -B / --delete-bootnum (and -o with a missing entry): removes UEFI boot entries, so the machine may not boot.',
  severity: 'high',
  programs: ['efibootmgr'],
  check(cmd, rc) {
    if (!hasFlag(cmd, '-B', '--delete-bootnum')) return undefined;
    const num = optionValues(cmd, '-b', '--bootnum')[0]?.text;
    return storageFinding(cmd, rc, 'high', `Deletes the UEFI boot entry ${num ?? '(the current one)'}: if it is the one the machine boots from, it no longer starts (efibootmgr -B).`, 'List the entries first (efibootmgr -v) and keep a working fallback entry.');
  },
  examples: { match: ['efibootmgr -b 0001 -B', 'efibootmgr --bootnum 0003 --delete-bootnum'], nearMiss: ['efibootmgr -v', 'efibootmgr -o 0001,0002'] },
};

const xfsRepair: Rule = {
  id: 'storage.xfs-repair-zero-log',
  description: 'xfs_repair -L zeroes the log: the most recent metadata changes are thrown away.',
  severity: 'high',
  programs: ['xfs_repair'],
  check(cmd, rc) {
    if (!hasFlag(cmd, '-L') || hasFlag(cmd, '-n')) return undefined;
    const dev = operandWords(cmd, ['-m', '-l', '-r', '-c', '-o'])[0]?.text ?? 'the device';
    return storageFinding(cmd, rc, 'high', `Zeroes the log of ${dev}: metadata changes not yet written out are lost and files can end up in lost+found (xfs_repair -L).`, 'Mount and unmount it first so the log replays; run xfs_repair -n to see what it would do.', `device ${dev}`);
  },
  examples: { match: ['xfs_repair -L /dev/sdb1'], nearMiss: ['xfs_repair -n /dev/sdb1', 'xfs_repair /dev/sdb1'] },
};

const ceph = operationsRule({
  id: 'storage.ceph',
  description: 'rbd rm / snap purge, ceph osd pool delete, osd purge/destroy, fs rm; gluster volume delete/stop: distributed storage deleted.',
  programs: ['rbd', 'ceph', 'gluster'],
  valued: ['-p', '--pool', '--image', '--snap', '-c', '--conf', '-n', '--name', '--id', '--cluster', '--mode', '--namespace'],
  scope: ['--cluster', '-p', '--pool'],
  scopeLabel: 'pool',
  suggestion: 'Export or snapshot it first (rbd export / rbd snap create), and check the cluster.',
  ops: [
    { path: 'rm|remove', severity: 'high', what: (m) => (m.cmd.program === 'rbd' ? `deletes the block device image ${m.operands[0]?.text ?? optionValues(m.cmd, '--image')[0]?.text ?? ''} and its data` : undefined) },
    { path: 'snap purge', severity: 'high', what: 'deletes every snapshot of the image {0}' },
    { path: 'snap rm|remove', severity: SHARED_DELETE, what: `deletes the snapshot {0}; there is ${NO_UNDO}` },
    { path: 'trash rm|remove|purge', severity: 'high', what: 'deletes images from the trash for good' },
    { path: 'osd pool delete|rm', severity: 'critical', what: 'deletes the pool {0} and every object in it' },
    { path: 'osd purge|destroy', severity: 'high', what: 'removes the OSD {0} and the data placement on it' },
    { path: 'fs rm|fail', severity: 'critical', what: 'removes the CephFS file system {0}' },
    { path: 'volume delete', severity: 'high', what: 'deletes the Gluster volume {0}' },
    { path: 'volume stop', severity: 'medium', what: 'stops the Gluster volume {0}: clients lose access' },
    { path: 'peer detach', severity: 'medium', what: 'removes the peer {0} from the trusted pool' },
  ],
  examples: {
    match: [{ cmd: 'rbd rm rbd/pg-data', exactly: 'high' }, { cmd: 'ceph osd pool delete data data --yes-i-really-really-mean-it', exactly: 'critical' }, 'gluster --mode=script volume delete shared', 'rbd snap purge rbd/pg-data'],
    nearMiss: ['rbd ls rbd', 'rbd info rbd/pg-data', 'ceph status', 'gluster volume info', 'ceph osd pool ls'],
  },
});

const storageRules = [lvm, zfs, btrfs, mdadm, cryptsetup, deviceErase, efibootmgr, xfsRepair, ceph];

export const storagePack: RulePack = {
  name: 'storage',
  description: 'Volume managers, pools, RAID, encryption headers and whole-device erasure: data removed below the file system.',
  rules: storageRules,
  owns: programsOf(storageRules),
};
