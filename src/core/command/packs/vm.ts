/**
 * Virtual machines and containers-as-machines: deleting VMs with their disks, destroying storage
 * volumes and pools, rolling back snapshots — libvirt (virsh), Vagrant, Multipass, LXD/Incus,
 * Proxmox (qm, pct, pvesm), VirtualBox, Lima, Colima, vSphere (govc), WSL, Parallels, UTM, Tart,
 * OrbStack, Xen (xe) and docker-machine.
 *
 * A VM's definition alone is cheap to lose; its disks are not: removing storage with it is high,
 * a hard power-off or a single snapshot is medium. Written from each tool's own reference.
 */
import { isQuiet, type OpMatch, operationsRule } from '../operations';
import { NO_UNDO, SHARED_DELETE } from '../generic/weight';
import { hasFlag, programsOf, type CommandRuleFinding, type Rule, type RulePack } from '../rule';
import { remoteReach } from '../context';
import { optionValues, spanTo } from '../words';

const virsh = operationsRule({
  id: 'vm.virsh',
  description: 'virsh undefine with its storage, vol-delete/vol-wipe, pool-delete, destroy (hard power-off), snapshot-delete, shrinking vol-resize.',
  programs: ['virsh'],
  valued: ['-c', '--connect', '-r', '--readonly', '-d', '--debug', '-l', '--log', '-e', '--escape', '-k', '--keepalive-interval', '-K', '--keepalive-count', '--pool', '--storage', '--snapshotname', '--wipe-storage-algorithm', '--algorithm'],
  scope: ['-c', '--connect'],
  scopeLabel: 'hypervisor',
  // `pool-destroy`, `net-destroy` and `iface-destroy` only stop the object; its data and definition stay.
  clears: ['pool-destroy|net-destroy|iface-destroy'],
  suggestion: 'Check the domain and its disks first (virsh domblklist DOMAIN), and back up the disk images.',
  ops: [
    {
      path: 'undefine',
      severity: 'medium',
      what: (m) => {
        const storage = hasFlag(m.cmd, '--remove-all-storage', '--wipe-storage') || optionValues(m.cmd, '--storage')[0];
        return storage ? `deletes the VM ${m.operands[0]?.text ?? ''} and ${hasFlag(m.cmd, '--remove-all-storage') ? 'every disk it uses' : optionValues(m.cmd, '--storage')[0] ? `its disks ${optionValues(m.cmd, '--storage')[0]!.text}` : 'its disks'}${hasFlag(m.cmd, '--wipe-storage') ? ', wiping them first' : ''}`.replace(/ +/g, ' ') : `removes the definition of the VM ${m.operands[0]?.text ?? ''} (its disks stay)`.replace(/ +/g, ' ');
      },
      raise: [{ flags: ['--remove-all-storage', '--wipe-storage', '--storage'], severity: 'high' }],
    },
    { path: 'vol-delete', severity: 'high', what: (m) => `deletes the storage volume ${m.operands[0]?.text ?? ''}${optionValues(m.cmd, '--pool')[0] ? ` in the pool ${optionValues(m.cmd, '--pool')[0]!.text}` : ''} and its data`.replace(/ +/g, ' ') },
    { path: 'vol-wipe', severity: 'high', what: 'wipes the storage volume {0}: its data is overwritten' },
    { path: 'vol-resize', severity: 'high', when: ['--shrink'], what: 'shrinks the storage volume {0}: data beyond the new size is lost' },
    { path: 'pool-delete', severity: 'high', what: 'deletes the storage pool {0} with the volumes in its directory' },
    { path: 'destroy', severity: 'medium', what: 'powers the VM {0} off at once, like pulling the plug: unsaved data in the guest is lost' },
    { path: 'snapshot-delete', severity: SHARED_DELETE, what: `deletes the snapshot {1?--snapshotname} of {0}: a snapshot is the backup; there is ${NO_UNDO}`, raise: [{ flags: ['--children', '--children-only'], severity: 'high', why: 'and the snapshots below it' }] },
    { path: 'snapshot-revert', severity: 'high', what: 'reverts the VM {0} to a snapshot: changes since then are lost' },
  ],
  examples: {
    match: [{ cmd: 'virsh undefine web01 --remove-all-storage', exactly: 'high' }, 'sudo virsh vol-delete --pool default db01.qcow2', 'virsh pool-delete images', { cmd: 'virsh destroy web01', exactly: 'medium' }, { cmd: 'virsh -c qemu+ssh://root@kvm1/system undefine app01 --storage vda', exactly: 'high' }, { cmd: 'virsh undefine web01', exactly: 'medium' }, { cmd: 'virsh snapshot-delete web pre-upgrade', exactly: 'high' }],
    nearMiss: ['virsh list --all', 'virsh start web01', 'virsh snapshot-list web01', 'virsh shutdown web01', 'virsh vol-list default'],
  },
});

const vagrant = operationsRule({
  id: 'vm.vagrant',
  description: 'vagrant destroy (with -f, without asking), snapshot delete/restore, box remove.',
  programs: ['vagrant'],
  valued: ['--provider', '--name'],
  // A halted or suspended machine comes back with `vagrant up` / `vagrant resume`, disk intact.
  clears: ['halt|suspend'],
  suggestion: 'Keep what you need out of the VM first (shared folders, vagrant snapshot save).',
  ops: [
    { path: 'destroy', severity: 'high', what: (m) => `deletes the ${m.operands.length ? `VM${m.operands.length > 1 ? 's' : ''} ${m.operands.map((w) => w.text).join(', ')}` : 'VMs of this project'} and their disks${hasFlag(m.cmd, '-f', '--force') ? ', without asking' : ''}` },
    { path: 'snapshot delete', severity: SHARED_DELETE, what: `deletes the snapshot {1?it names} of {0}: a snapshot is the backup; there is ${NO_UNDO}` },
    { path: 'snapshot restore|pop', severity: 'medium', what: 'restores a snapshot of {0?the VM}: changes since then are lost' },
    { path: 'box remove', severity: 'low', what: 'removes the box {0}' },
    { path: 'box prune', severity: 'low', what: 'removes the old versions of the installed boxes (they can be downloaded again)' },
  ],
  examples: { match: [{ cmd: 'vagrant destroy -f', exactly: 'high' }, { cmd: 'vagrant snapshot delete web pre-upgrade', exactly: 'high' }], nearMiss: ['vagrant up', 'vagrant status', 'vagrant halt', 'vagrant snapshot list'] },
});

const multipass = operationsRule({
  id: 'vm.multipass',
  description: 'multipass delete --purge and purge: instances deleted for good (delete alone can be recovered).',
  programs: ['multipass'],
  valued: ['--snapshots'],
  suggestion: 'Delete without --purge first: multipass recover can bring it back until you purge.',
  ops: [
    { path: 'delete|remove|rm', severity: 'medium', what: (m) => `deletes ${hasFlag(m.cmd, '--all') ? 'every instance' : `the instance${m.operands.length > 1 ? 's' : ''} ${m.operands.map((w) => w.text).join(', ')}`}${hasFlag(m.cmd, '-p', '--purge') ? ' for good' : ' (recoverable until purged)'}`, raise: [{ flags: ['-p', '--purge'], severity: 'high' }] },
    { path: 'purge', severity: 'high', what: 'permanently removes every deleted instance: they can no longer be recovered' },
    { path: 'restore', severity: 'medium', what: 'restores {0} to a snapshot: changes since then are lost' },
  ],
  examples: { match: [{ cmd: 'multipass delete --purge dev', exactly: 'high' }, { cmd: 'multipass purge', exactly: 'high' }, { cmd: 'multipass delete dev', exactly: 'medium' }], nearMiss: ['multipass list', 'multipass launch --name dev', 'multipass recover dev', 'multipass stop dev'] },
});

const lxd = operationsRule({
  id: 'vm.lxd-incus',
  description: 'lxc / incus delete (containers and VMs), storage volume/pool delete, project delete, restore and rebuild; lxc-destroy.',
  programs: ['lxc', 'incus'],
  valued: ['--project', '--target', '-c', '--columns', '-f', '--format', '--remote'],
  scope: ['--project', '--target'],
  scopeLabel: 'project',
  suggestion: 'Snapshot or export it first (lxc snapshot / lxc export).',
  ops: [
    { path: 'delete|rm|remove', severity: 'high', what: (m) => `deletes the instance${m.operands.length > 1 ? 's' : ''} ${m.operands.map((w) => w.text).join(', ')} with ${m.operands.length > 1 ? 'their' : 'its'} root disk and snapshots${hasFlag(m.cmd, '-f', '--force') ? ', even while running' : ''}` },
    { path: 'storage volume delete|rm', severity: 'high', what: 'deletes the storage volume {1} from the pool {0} and its data' },
    { path: 'storage delete|rm', severity: 'high', what: 'deletes the storage pool {0}' },
    { path: 'project delete|rm', severity: 'high', what: 'deletes the project {0}' },
    { path: 'snapshot delete|rm', severity: SHARED_DELETE, what: `deletes the snapshot {1} of {0}: a snapshot is the backup; there is ${NO_UNDO}` },
    { path: 'restore', severity: 'high', what: 'restores {0} to the snapshot {1}: changes since then are lost' },
    { path: 'rebuild', severity: 'high', what: 'rebuilds {1} from the image {0}: its root disk is replaced' },
    { path: 'image delete|rm', severity: 'low', what: 'deletes the image {0}' },
  ],
  examples: { match: [{ cmd: 'incus delete db --force', exactly: 'high' }, 'lxc delete web1', 'lxc storage volume delete default data', 'lxc restore web1 snap0'], nearMiss: ['incus list', 'lxc list', 'lxc snapshot web1 before-upgrade', 'lxc exec web1 -- bash', 'lxc storage list'] },
});

const lxcDestroy: Rule = {
  id: 'vm.lxc-destroy',
  description: 'lxc-destroy deletes a classic LXC container and its root file system.',
  severity: 'high',
  programs: ['lxc-destroy'],
  check(cmd, rc) {
    if (isQuiet(cmd)) return undefined;
    const name = optionValues(cmd, '-n', '--name')[0]?.text ?? 'the container';
    const f: CommandRuleFinding = { severity: 'high', message: `Deletes the LXC container ${name} and its root file system${hasFlag(cmd, '-s', '--snapshots') ? ', with its snapshots' : ''} (lxc-destroy).`, span: spanTo(cmd, cmd.args[cmd.args.length - 1] ?? cmd.name!), suggestion: 'Snapshot it first (lxc-snapshot).' };
    return remoteReach(cmd, rc, f);
  },
  examples: { match: ['lxc-destroy -n web1 -f', 'lxc-destroy --name web1 -s'], nearMiss: ['lxc-ls -f', 'lxc-info -n web1'] },
};

const proxmox = operationsRule({
  id: 'vm.proxmox',
  description: 'Proxmox qm/pct destroy, rollback, delsnapshot, stop; pvesm free: VMs, containers and their disks deleted.',
  programs: ['qm', 'pct', 'pvesm'],
  valued: ['--storage', '--timeout', '--snapname'],
  suggestion: 'Back it up first (vzdump VMID), and check the id (qm list / pct list).',
  ops: [
    { path: 'destroy', severity: 'high', what: (m) => `deletes the ${m.cmd.program === 'pct' ? 'container' : 'VM'} ${m.operands[0]?.text ?? ''} and its disks${hasFlag(m.cmd, '--purge') ? ', removing it from backup and replication jobs' : ''}`.replace(/ +/g, ' ') },
    { path: 'rollback', severity: 'high', what: (m) => `rolls the ${m.cmd.program === 'pct' ? 'container' : 'VM'} ${m.operands[0]?.text ?? ''} back to the snapshot ${m.operands[1]?.text ?? ''}: changes since then are lost`.replace(/ +/g, ' ') },
    { path: 'delsnapshot', severity: SHARED_DELETE, what: `deletes the snapshot {1} of {0}: a snapshot is the backup; there is ${NO_UNDO}` },
    { path: 'stop', severity: 'medium', what: 'stops {0} at once, like pulling the plug: unsaved data in the guest is lost' },
    { path: 'free', severity: 'high', what: (m: OpMatch) => (m.cmd.program === 'pvesm' ? `deletes the volume ${m.operands[0]?.text ?? ''} and its data`.trim() : undefined) },
    { path: 'disk unlink', severity: 'high', when: ['--force'], what: 'detaches and deletes disks of {0}' },
  ],
  examples: { match: [{ cmd: 'qm destroy 104 --purge', exactly: 'high' }, 'pct destroy 201', 'qm rollback 104 pre-upgrade', 'pvesm free local-lvm:vm-104-disk-0'], nearMiss: ['qm list', 'pct list', 'qm snapshot 104 pre-upgrade', 'qm start 104', 'qm shutdown 104'] },
});

const virtualbox: Rule = {
  id: 'vm.virtualbox',
  description: 'VBoxManage unregistervm --delete, closemedium --delete, snapshot delete/restore, controlvm poweroff.',
  severity: 'high',
  programs: ['vboxmanage', 'VBoxManage'],
  // The subcommands it reads; the others (`modifyvm`, `clonevm`, `list`) are the generic layer's.
  speaksFor(cmd) {
    const sub = cmd.args.find((a) => !a.text.startsWith('-'))?.text.toLowerCase();
    return sub === 'unregistervm' || sub === 'closemedium' || sub === 'snapshot' || sub === 'controlvm';
  },
  check(cmd, rc) {
    if (isQuiet(cmd)) return undefined;
    const words = cmd.args.filter((a) => !a.text.startsWith('-')).map((a) => a.text);
    const sub = words[0]?.toLowerCase();
    const last = cmd.args[cmd.args.length - 1] ?? cmd.name!;
    let f: CommandRuleFinding | undefined;
    if (sub === 'unregistervm' && hasFlag(cmd, '--delete', '--delete-all')) f = { severity: 'high', message: `Deletes the VM ${words[1] ?? ''} with its disks, snapshots and settings (VBoxManage unregistervm --delete).`.replace(/ +/g, ' '), span: spanTo(cmd, last), suggestion: 'Export it first (VBoxManage export).' };
    else if (sub === 'closemedium' && hasFlag(cmd, '--delete')) f = { severity: 'high', message: `Deletes the disk image ${words[words.length - 1] ?? ''} (VBoxManage closemedium --delete).`, span: spanTo(cmd, last), suggestion: 'Copy the image aside first.' };
    else if (sub === 'snapshot' && /^(delete|restore|restorecurrent)$/i.test(words[2] ?? '')) f = { severity: /^delete$/i.test(words[2]!) ? SHARED_DELETE : 'medium', message: `${/^delete$/i.test(words[2]!) ? 'Deletes the snapshot' : 'Restores the VM to the snapshot'} ${words[3] ?? ''} of ${words[1] ?? 'the VM'}${/^delete$/i.test(words[2]!) ? `: a snapshot is the backup; there is ${NO_UNDO}` : ': changes since then are lost'} (VBoxManage snapshot ${words[2]}).`.replace(/ +/g, ' '), span: spanTo(cmd, last), suggestion: 'Take a new snapshot first.' };
    else if (sub === 'controlvm' && /^poweroff$/i.test(words[2] ?? '')) f = { severity: 'medium', message: `Powers off the VM ${words[1] ?? ''} at once, like pulling the plug (VBoxManage controlvm poweroff).`.replace(/ +/g, ' '), span: spanTo(cmd, last), suggestion: 'Use acpipowerbutton for a clean shutdown.' };
    return f && remoteReach(cmd, rc, f);
  },
  examples: { match: ['VBoxManage unregistervm dev --delete', 'vboxmanage closemedium disk old.vdi --delete', 'VBoxManage snapshot dev restore base', { cmd: 'VBoxManage snapshot web delete pre-upgrade', exactly: 'high' }], nearMiss: ['VBoxManage list vms', 'VBoxManage unregistervm dev', 'VBoxManage startvm dev --type headless'] },
};

const localVms = operationsRule({
  id: 'vm.local-machines',
  description: 'Lima, Colima, OrbStack, Tart, UTM, Parallels, docker-machine and podman machine: deleting a VM and its disk; factory resets.',
  programs: ['limactl', 'colima', 'orbctl', 'orb', 'tart', 'utmctl', 'prlctl', 'docker-machine', 'podman', 'minikube', 'kind', 'k3d'],
  valued: ['-p', '--profile', '--name'],
  suggestion: 'Copy out what you need first; most of these disks hold images, volumes and work you cannot rebuild.',
  ops: [
    { path: 'delete|rm|remove', severity: 'high', what: (m) => (['minikube', 'kind', 'k3d', 'podman'].includes(m.cmd.program) ? undefined : `deletes the VM ${m.operands.map((w) => w.text).join(', ') || optionValues(m.cmd, '-p', '--profile')[0]?.text || '(the default one)'} and its disk${m.cmd.program === 'colima' ? ', with every container, image and volume in it' : ''}`) },
    { path: 'factory-reset', severity: 'high', what: 'resets the VM {0?} to a clean state: its disk is wiped' },
    { path: 'machine rm|remove', severity: 'high', what: (m) => (m.cmd.program === 'podman' ? `deletes the Podman machine ${m.operands[0]?.text ?? ''} with its containers, images and volumes`.replace(/ +/g, ' ') : undefined) },
    { path: 'machine reset', severity: 'high', what: (m) => (m.cmd.program === 'podman' ? 'deletes every Podman machine with its containers, images and volumes' : undefined) },
    { path: 'delete', severity: 'medium', what: (m) => (m.cmd.program === 'minikube' ? `deletes the local cluster${hasFlag(m.cmd, '--all') ? 's' : ''} and ${hasFlag(m.cmd, '--purge') ? 'every cached image and profile' : 'its VM'}` : undefined) },
    { path: 'delete cluster|clusters', severity: 'medium', what: (m) => (m.cmd.program === 'kind' ? `deletes the local kind cluster${hasFlag(m.cmd, '-A', '--all') ? 's' : ` ${optionValues(m.cmd, '--name')[0]?.text ?? 'kind'}`}` : undefined) },
    { path: 'cluster delete', severity: 'medium', what: (m) => (m.cmd.program === 'k3d' ? `deletes the local k3d cluster ${m.operands[0]?.text ?? ''}`.trim() : undefined) },
  ],
  examples: { match: [{ cmd: 'limactl delete --force default', exactly: 'high' }, 'colima delete', 'podman machine rm -f', 'docker-machine rm -y dev', { cmd: 'minikube delete --all --purge', exactly: 'medium' }], nearMiss: ['limactl list', 'colima status', 'podman machine list', 'minikube start', 'kind get clusters', 'podman rm web'] },
});

const govc = operationsRule({
  id: 'vm.govc',
  description: 'vSphere govc vm.destroy, datastore.rm, datastore.disk.rm, snapshot.remove, vm.power -off.',
  programs: ['govc'],
  valued: ['-u', '-dc', '-ds', '-pool', '-host', '-vm', '-folder', '-net'],
  scope: ['-u', '-dc'],
  scopeEnv: ['GOVC_URL', 'GOVC_DATACENTER'],
  scopeLabel: 'vCenter',
  suggestion: 'Check the inventory path first (govc ls), and snapshot or back up the VM.',
  ops: [
    { path: 'vm.destroy', severity: 'high', what: 'deletes the VM {*} and its disks' },
    { path: 'datastore.rm', severity: 'high', what: 'deletes {*} from the datastore' },
    { path: 'datastore.disk.rm', severity: 'high', what: 'deletes the virtual disk {*}' },
    { path: 'pool.destroy|folder.destroy|cluster.destroy', severity: 'high', what: (m) => `deletes the ${m.path[0]!.text.split('.')[0]} ${m.operands.map((w) => w.text).join(' ')}` },
    { path: 'snapshot.remove', severity: SHARED_DELETE, what: `deletes the snapshot {*}: a snapshot is the backup; there is ${NO_UNDO}` },
    { path: 'snapshot.revert', severity: 'high', what: 'reverts the VM to a snapshot: changes since then are lost' },
    { path: 'vm.power', severity: 'medium', when: ['-off'], what: 'powers off {*} at once, like pulling the plug' },
  ],
  examples: { match: ['govc vm.destroy /dc1/vm/web-01', 'govc datastore.rm -ds ds1 vm-old'], nearMiss: ['govc ls /dc1/vm', 'govc vm.info web-01', 'govc vm.power -on web-01'] },
});

const wsl: Rule = {
  id: 'vm.wsl-unregister',
  description: 'wsl --unregister deletes a WSL distribution and its whole Linux file system.',
  severity: 'high',
  programs: ['wsl'],
  check(cmd, rc) {
    const i = cmd.args.findIndex((a) => /^--unregister$/i.test(a.text));
    if (i < 0) return undefined;
    const name = cmd.args[i + 1]?.text ?? 'the distribution';
    return remoteReach(cmd, rc, { severity: 'high', message: `Deletes the WSL distribution ${name} and every file in its Linux file system (wsl --unregister).`, span: spanTo(cmd, cmd.args[i + 1] ?? cmd.args[i]!), suggestion: `Export it first (wsl --export ${name} backup.tar).` });
  },
  examples: { match: ['wsl --unregister Ubuntu-22.04', { cmd: 'wsl.exe --unregister Debian', ctx: { shell: 'pwsh' } }], nearMiss: ['wsl --list --verbose', 'wsl --export Ubuntu-22.04 backup.tar', 'wsl --shutdown'] },
};

const xen = operationsRule({
  id: 'vm.xen',
  description: 'XenServer/XCP-ng xe vm-uninstall, vdi-destroy, sr-destroy; xl destroy.',
  programs: ['xe', 'xl'],
  valued: ['-s', '-u', '-pw', '-p'],
  suggestion: 'Export the VM first (xe vm-export).',
  ops: [
    { path: 'vm-uninstall', severity: 'high', what: 'deletes the VM {*} and its disks' },
    { path: 'vdi-destroy', severity: 'high', what: 'deletes the virtual disk {*}' },
    { path: 'sr-destroy', severity: 'critical', what: 'deletes the storage repository {*} and every disk in it' },
    { path: 'destroy', severity: 'medium', what: 'powers off the domain {0} at once, like pulling the plug' },
  ],
  examples: { match: ['xe vm-uninstall vm=web-01 force=true', 'xl destroy web-01'], nearMiss: ['xe vm-list', 'xl list'] },
});

const qemuImg = operationsRule({
  id: 'vm.qemu-img',
  description: 'qemu-img snapshot -d (deletes an internal snapshot of a disk image) and -a (reverts the image to one).',
  programs: ['qemu-img'],
  valued: ['-d', '-a', '-c', '-f', '-l', '--object', '--image-opts'],
  suggestion: 'List the snapshots first (qemu-img snapshot -l IMAGE), and copy the image aside.',
  ops: [
    { path: 'snapshot', severity: SHARED_DELETE, when: ['-d'], what: `deletes the snapshot {-d} of the disk image {0}: a snapshot is the backup; there is ${NO_UNDO}` },
    { path: 'snapshot', severity: 'high', when: ['-a'], what: 'reverts the disk image {0} to the snapshot {-a}: changes since then are lost' },
  ],
  examples: {
    match: [{ cmd: 'qemu-img snapshot -d pre-upgrade /var/lib/libvirt/images/web.qcow2', exactly: 'high' }, { cmd: 'qemu-img snapshot -a pre-upgrade web.qcow2', exactly: 'high' }],
    nearMiss: ['qemu-img snapshot -l web.qcow2', 'qemu-img snapshot -c pre-upgrade web.qcow2', 'qemu-img info web.qcow2', 'qemu-img convert -O raw web.qcow2 web.raw'],
  },
});

const vmRules = [virsh, vagrant, multipass, lxd, lxcDestroy, proxmox, virtualbox, localVms, govc, wsl, xen, qemuImg];

export const vmPack: RulePack = {
  name: 'vm',
  description: 'Hypervisors and local VM tools: deleting virtual machines with their disks, storage volumes and pools, and rolling back snapshots.',
  rules: vmRules,
  owns: programsOf(vmRules),
};
