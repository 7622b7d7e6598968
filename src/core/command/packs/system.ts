/**
 * System: writing to disks, formatting and partitioning them, powering the machine off,
 * killing every process, stopping the services a machine is reached through, fork bombs,
 * removing a crontab, flushing the firewall, immutable-file flags, ACLs removed across a tree,
 * and deleting users.
 */
import { CRITICAL_UNITS, lossOf, REMOTE_ACCESS_UNITS, serviceName } from '../services';
import { type Severity, severityRank } from '../../severity';
import type { SimpleCommand, Word } from '../../shell/model';
import { own } from '../../own';
import { hasFlag, positionals, type Rule, type RuleContext, type CommandRuleFinding, type RulePack } from '../rule';
import { remoteReach } from '../context';
import { expandWord } from '../expansion';
import { pathTarget } from '../paths';
import { isDiskDevice } from '../generic/device';
import { spanTo, splitSubcommand } from '../words';
import { contextFor, judgeRecursive } from './filesystem';

function deviceOf(w: Word, rc: RuleContext): string | undefined {
  const t = w.dynamic ? expandWord(w, rc).text : w.text;
  // Linux, BSD (`/dev/ada1p1`, `/dev/da0`) and macOS disks, volumes (`/dev/vg0/data`), flash and SCSI devices.
  return isDiskDevice(t) ? t : undefined;
}

// ---------------------------------------------------------------------------------------------
// Disks

const diskWrite: Rule = {
  id: 'system.disk-write',
  description: 'Writing straight onto a disk or partition (dd of=/dev/sdX, > /dev/sdX, cp/tee onto a device).',
  severity: 'critical',
  programs: '*',
  check(cmd, rc) {
    const out: CommandRuleFinding[] = [];
    const report = (dev: string, w: { span: readonly [number, number] }, how: string): void => {
      out.push(remoteReach(cmd, rc, { severity: 'critical', message: `${how} ${dev}: everything on that disk — partitions, file systems, data — is overwritten.`, span: [w.span[0], w.span[1]], target: `device ${dev}`, suggestion: 'Check the device with lsblk first; write to an image file when testing.' }));
    };
    if (cmd.program === 'dd') {
      for (const a of cmd.args) {
        if (!a.text.startsWith('of=')) continue;
        const dev = deviceOf({ ...a, text: a.text.slice(3) }, rc);
        if (dev) report(dev, { span: spanTo(cmd, a) }, 'Writes raw data onto');
      }
    }
    if ((cmd.program === 'cp' || cmd.program === 'tee' || cmd.program === 'pv' || cmd.program === 'cat') && cmd.args.length) {
      const pos = positionals(cmd);
      const targets = cmd.program === 'cp' ? pos.slice(-1) : cmd.program === 'tee' ? pos : [];
      for (const w of targets) {
        const dev = deviceOf(w, rc);
        if (dev) report(dev, { span: spanTo(cmd, w) }, cmd.program === 'cp' ? 'Copies onto' : 'Writes onto');
      }
    }
    for (const r of cmd.redirects) {
      if (!r.target || !/^(>|>>|>\||&>|&>>)$/.test(r.op)) continue;
      const dev = deviceOf(r.target, rc);
      if (dev) report(dev, r, 'Redirects output onto');
    }
    return out;
  },
  examples: {
    match: [
      { cmd: 'dd if=/dev/zero of=/dev/sda bs=1M', exactly: 'critical', target: 'device /dev/sda' },
      'sudo dd if=ubuntu.iso of=/dev/sdb bs=4M status=progress',
      'dd if=/dev/urandom of=/dev/nvme0n1',
      'dd of=/dev/disk2 if=image.img',
      { cmd: 'cat disk.img > /dev/sda', span: '> /dev/sda' },
      'echo 1 > /dev/nvme0n1',
      'cp ubuntu.iso /dev/sdb',
      'pv image.img | sudo tee /dev/mmcblk0',
    ],
    nearMiss: ['dd if=/dev/zero of=disk.img bs=1M count=100', 'dd if=/dev/sda of=backup.img', 'echo x > /dev/null', 'cat file > /dev/stderr', 'npm test 2>/dev/null', 'tee /dev/tty < x'],
  },
};

const MKFS = ['mkfs', 'mke2fs', 'mkswap', 'mkdosfs', 'mkntfs', 'newfs', 'newfs_apfs', 'newfs_hfs'];

/** Which file system a mkfs-like command makes (`mkfs -t ext4` → `ext4`, `mkfs.xfs` → `xfs`, `mke2fs` → `ext`). */
function mkfsKind(cmd: SimpleCommand): string {
  const p = cmd.program;
  if (p === 'mkfs') {
    const t = cmd.args.findIndex((a) => a.text === '-t' || a.text === '--type');
    return normaliseFs(t >= 0 ? cmd.args[t + 1]?.text ?? '' : 'ext2');
  }
  if (p.startsWith('mkfs.')) return normaliseFs(p.slice(5));
  if (p === 'mke2fs') return 'ext';
  if (p === 'mkdosfs') return 'fat';
  if (p === 'mkntfs') return 'ntfs';
  return p;
}

function normaliseFs(t: string): string {
  if (/^ext[234]$/.test(t)) return 'ext';
  if (/^(vfat|fat|msdos)$/.test(t)) return 'fat';
  return t;
}

/** Options that take a separate value, per file system (from mke2fs(8), mkfs.xfs(8), mkfs.btrfs(8), mkfs.fat(8), mkntfs(8), mkswap(8)). */
const MKFS_VALUED: Readonly<Record<string, readonly string[]>> = {
  ext: ['-t', '--type', '-b', '-C', '-d', '-e', '-E', '-g', '-G', '-i', '-I', '-J', '-l', '-L', '-m', '-M', '-N', '-o', '-O', '-r', '-T', '-U', '-z'],
  xfs: ['-t', '--type', '-b', '-d', '-i', '-l', '-L', '-m', '-n', '-p', '-r', '-s'],
  btrfs: ['-t', '--type', '-L', '--label', '-d', '--data', '-m', '--metadata', '-n', '--nodesize', '-s', '--sectorsize', '-O', '--features', '-U', '--uuid', '-r', '--rootdir', '-b', '--byte-count', '--csum', '--checksum'],
  fat: ['-t', '--type', '-b', '-f', '-F', '-h', '-i', '-l', '-m', '-M', '-n', '-r', '-R', '-s', '-S', '--codepage', '--offset'],
  ntfs: ['-t', '--type', '-L', '--label', '-c', '--cluster-size', '-s', '--sector-size', '-p', '--partition-start', '-H', '--heads', '-S', '--sectors-per-track', '-z', '--mft-zone-multiplier'],
  mkswap: ['-L', '--label', '-U', '--uuid', '-p', '--pagesize', '-e', '--endianness', '-o', '--offset', '-s', '--size'],
  wipefs: ['-o', '--offset', '-t', '--types', '-O', '--output', '-b', '--backup'],
};

/** `mke2fs -n`, `mkfs.xfs -N`, `mkntfs -n`, `wipefs -n`, `--help`, `--version`: nothing is written. */
function isMkfsRehearsal(cmd: SimpleCommand): boolean {
  if (hasFlag(cmd, '--help', '--version', '--no-act', '--no-action', '--dry-run')) return true;
  // `-V` prints the version for the file system tools, but means verbose for the `mkfs` front end.
  const version = cmd.program !== 'mkfs' && cmd.args.some((a) => a.text === '-V');
  switch (mkfsKind(cmd)) {
    case 'ext':
    case 'ntfs':
    case 'wipefs':
      return version || hasFlag(cmd, '-n');
    case 'xfs':
    case 'newfs':
      // newfs(8) -N prints the parameters without making the file system.
      return version || hasFlag(cmd, '-N');
    default:
      return version;
  }
}

const format: Rule = {
  id: 'system.format-disk',
  description: 'mkfs/mkswap/wipefs on a device, and diskutil erase: the file system and its data are wiped.',
  severity: 'critical',
  programs: '*',
  check(cmd, rc) {
    const p = cmd.program;
    if (p === 'format-volume' || p === 'clear-disk' || p === 'remove-partition') {
      if (cmd.args.some((a) => /^-(whatif|wh)/i.test(a.text))) return undefined;
      const what = p === 'format-volume' ? 'Formats the volume' : p === 'clear-disk' ? 'Wipes the disk' : 'Deletes the partition';
      const last = cmd.args[cmd.args.length - 1] ?? cmd.name!;
      return remoteReach(cmd, rc, { severity: 'critical', message: `${what} (${cmd.args.map((a) => a.text).join(' ')}): the data on it is lost.`, span: spanTo(cmd, last), suggestion: 'Run it with -WhatIf first and check the disk number with Get-Disk.' });
    }
    const isMkfs = MKFS.includes(p) || p.startsWith('mkfs.');
    if (!isMkfs && p !== 'wipefs' && p !== 'diskutil') return undefined;
    if (p === 'diskutil') {
      const s = splitSubcommand(cmd, 1);
      const v = s.wordsAt[0];
      if (!v || !/^(erase(Disk|Volume)|partitionDisk|zeroDisk|randomDisk|secureErase|reformat)$/.test(v.text)) return undefined;
      const last = cmd.args[cmd.args.length - 1]!;
      return remoteReach(cmd, rc, { severity: 'critical', message: `diskutil ${v.text} erases ${last.text}.`, span: spanTo(cmd, last), target: `device ${last.text}`, suggestion: 'Check the disk with diskutil list first.' });
    }
    if (p === 'wipefs' && !hasFlag(cmd, '-a', '--all', '-o', '--offset')) return undefined;
    if (isMkfsRehearsal(cmd)) return undefined;
    // Any device named anywhere is the target (the option spellings differ per file system:
    // `-F` takes no value for mke2fs but a FAT size for mkfs.vfat; `-J device=/dev/x` names a journal).
    for (const a of cmd.args) {
      const eq = a.text.lastIndexOf('=');
      const dev = deviceOf(eq > 0 && a.text.slice(eq + 1).startsWith('/dev/') ? { ...a, text: a.text.slice(eq + 1) } : a, rc);
      if (dev) {
        return remoteReach(cmd, rc, { severity: 'critical', message: `${p === 'wipefs' ? 'Wipes the file system signatures of' : p === 'mkswap' ? 'Turns into swap' : 'Formats'} ${dev}: the data on it is lost (${p}).`, span: spanTo(cmd, a), target: `device ${dev}`, suggestion: 'Check the device with lsblk first.' });
      }
    }
    const pos = positionals(cmd, MKFS_VALUED[mkfsKind(cmd)] ?? []);
    for (const w of pos) {
      const dev = deviceOf(w, rc);
      if (dev) {
        return remoteReach(cmd, rc, { severity: 'critical', message: `${p === 'wipefs' ? 'Wipes the file system signatures of' : p === 'mkswap' ? 'Turns into swap' : 'Formats'} ${dev}: the data on it is lost.`, span: spanTo(cmd, w), target: `device ${dev}`, suggestion: 'Check the device with lsblk first.' });
      }
      if (w.dynamic) return { severity: 'high', message: `Formats ${w.text}, a device that is not known until the command runs.`, span: spanTo(cmd, w), suggestion: 'Name the device explicitly after checking it with lsblk.' };
      const t = pathTarget(w, rc);
      if (t.cls === 'workspace' || t.cls === 'workspace-build' || t.cls === 'temp' || t.cls === 'workspace-root' || /\.(img|iso|raw|qcow2|bin)$/.test(w.text)) return undefined;
    }
    return undefined;
  },
  examples: {
    match: [{ cmd: 'mkfs.ext4 /dev/sdb1', exactly: 'critical' }, { cmd: 'mkfs.ext4 -F /dev/sdb1', exactly: 'critical', span: 'mkfs.ext4 -F /dev/sdb1' }, 'mke2fs -t ext4 -F -F /dev/sdd1', 'mkfs.ext4 -c -L data /dev/sdb1', 'mkfs.vfat -F 32 -n BOOT /dev/sdc1', 'mkswap -c /dev/sda2', 'mke2fs -O journal_dev -J device=/dev/sdc1 /dev/loop0', 'sudo mkfs -t xfs /dev/nvme1n1', 'mkfs.vfat /dev/mmcblk0p1', 'newfs -U /dev/ada1p1', 'mkfs.ufs /dev/da0s1a', { cmd: 'wipefs -a /dev/sdb', exactly: 'critical' }, 'mkswap /dev/sda2', 'diskutil eraseDisk APFS Blank disk2', { cmd: 'mkfs.ext4 "$DEV"', exactly: 'high' }, { cmd: 'Format-Volume -DriveLetter D', ctx: { shell: 'pwsh' }, exactly: 'critical' }, { cmd: 'Clear-Disk -Number 1 -RemoveData', ctx: { shell: 'pwsh' } }],
    nearMiss: ['mkfs.ext4 disk.img', 'mkfs.ext4 -F rootfs.img', 'mke2fs -n /dev/sdb1', 'mkfs.xfs -N /dev/sdb1', 'newfs -N /dev/ada0p2', 'wipefs -n -a /dev/sdb', 'wipefs /dev/sdb', 'mkfs.ext4 --help', 'diskutil list', 'mkswap swapfile.img', { cmd: 'Get-Disk', ctx: { shell: 'pwsh' } }, { cmd: 'Format-Volume -DriveLetter D -WhatIf', ctx: { shell: 'pwsh' } }],
  },
};

const partition: Rule = {
  id: 'system.partition-disk',
  description: 'fdisk/gdisk/sfdisk/parted/sgdisk changing a partition table.',
  severity: 'critical',
  programs: ['fdisk', 'gdisk', 'cfdisk', 'cgdisk', 'sfdisk', 'parted', 'sgdisk'],
  check(cmd, rc) {
    const p = cmd.program;
    const readOnly: Readonly<Record<string, string[]>> = {
      sfdisk: ['-l', '--list', '-d', '--dump', '-s', '--show-size', '-J', '--json', '-V', '--verify', '-g', '--show-geometry'],
      parted: ['-l', '--list', '-v', '--version'],
      sgdisk: ['-p', '--print', '-v', '--verify', '-i', '--info'],
    };
    if (hasFlag(cmd, '-h', '--help', '--version', ...(own(readOnly, p) ?? ['-l', '--list']))) return undefined;
    const pos = positionals(cmd, ['-u', '-b', '-c', '-C', '-H', '-S', '-L', '-t', '--label', '-n', '--new', '-N']);
    const devIdx = pos.findIndex((w) => deviceOf(w, rc));
    if (devIdx < 0) return undefined;
    const devWord = pos[devIdx]!;
    const dev = deviceOf(devWord, rc)!;
    const after = pos.slice(devIdx + 1).map((w) => w.text.toLowerCase());
    let severity: Severity = 'critical';
    let how = 'Rewrites the partition table of';
    if (p === 'parted') {
      if (after.length === 0 && !hasFlag(cmd, '-s', '--script')) {
        severity = 'high';
        how = 'Opens an interactive partition editor on';
      } else if (after.every((a) => ['print', 'p', 'unit', 's', 'b', 'mb', 'gb', 'help', 'quit'].includes(a))) return undefined;
    } else if (p === 'sgdisk') {
      if (!cmd.args.some((a) => /^(--zap(-all)?|-Z|-z|--clear|-o|--delete(=.*)?|-d\d*|--new(=.*)?|-n.*|--largest-new(=.*)?|-N.*|--mbrtogpt|-g|--load-backup(=.*)?|-l)$/.test(a.text))) return undefined;
    } else if (p === 'fdisk' || p === 'gdisk' || p === 'cfdisk' || p === 'cgdisk') {
      severity = cmd.stdin ? 'critical' : 'high';
      how = cmd.stdin ? 'Feeds partitioning commands to' : 'Opens an interactive partition editor on';
    }
    const last = cmd.args[cmd.args.length - 1] ?? devWord;
    return remoteReach(cmd, rc, { severity, message: `${how} ${dev}: a wrong step makes every partition on it unreadable.`, span: spanTo(cmd, last.span[0] >= devWord.span[0] ? last : devWord), target: `device ${dev}`, suggestion: 'Back up the table first (sfdisk -d DEVICE > table.bak) and double-check the device with lsblk.' });
  },
  examples: {
    match: [{ cmd: 'sudo fdisk /dev/sda', exactly: 'high' }, { cmd: 'sfdisk /dev/sda < layout.sfdisk', exactly: 'critical' }, { cmd: 'parted /dev/sda mklabel gpt', exactly: 'critical' }, { cmd: 'sgdisk --zap-all /dev/sda', exactly: 'critical' }, 'parted -s /dev/nvme0n1 rm 2'],
    nearMiss: ['fdisk -l', 'sudo parted -l', 'parted /dev/sda print', 'sfdisk -d /dev/sda', 'sgdisk -p /dev/sda', 'fdisk -l /dev/sda'],
  },
};

// ---------------------------------------------------------------------------------------------
// Power, processes, services

const power: Rule = {
  id: 'system.power',
  description: 'shutdown, reboot, halt, poweroff, init 0/6, systemctl poweroff/reboot/isolate rescue.',
  severity: 'high',
  programs: ['shutdown', 'reboot', 'halt', 'poweroff', 'init', 'telinit', 'systemctl', 'stop-computer', 'restart-computer'],
  check(cmd, rc) {
    const p = cmd.program;
    let word: Word | undefined = cmd.name;
    if (p === 'shutdown') {
      if (hasFlag(cmd, '-c', '--help', '-k')) return undefined;
    } else if (p === 'init' || p === 'telinit') {
      const lvl = positionals(cmd)[0];
      if (!lvl || !/^[0156sS]$/.test(lvl.text)) return undefined;
      word = lvl;
    } else if (p === 'systemctl') {
      const s = splitSubcommand(cmd, 1);
      const v = s.wordsAt[0];
      if (!v) return undefined;
      if (/^(poweroff|reboot|halt|kexec|soft-reboot|emergency|rescue|suspend|hibernate)$/.test(v.text)) word = v;
      else if (v.text === 'isolate' && /^(rescue|emergency|poweroff|reboot|halt)(\.target)?$/.test(positionals(s.rest)[0]?.text ?? '')) word = positionals(s.rest)[0];
      else return undefined;
    } else if ((p === 'reboot' || p === 'halt' || p === 'poweroff') && hasFlag(cmd, '--help')) return undefined;
    const last = cmd.args[cmd.args.length - 1] ?? word ?? cmd.name!;
    const remote = cmd.via.find((v) => v.kind === 'remote');
    return remoteReach(cmd, rc, {
      severity: 'high',
      message: `Shuts down or restarts ${remote?.target ? `the machine ${remote.target}` : 'this machine'}: everything running on it stops${remote ? ', and you may not get back in' : ''}.`,
      span: spanTo(cmd, last),
      suggestion: 'Schedule it with a delay (shutdown -r +5) so it can be cancelled, and warn the people using it.',
    });
  },
  examples: {
    match: [{ cmd: 'shutdown -h now', exactly: 'high' }, 'sudo reboot', 'halt', 'poweroff', 'init 0', 'sudo init 6', 'systemctl poweroff', 'sudo systemctl isolate rescue.target', { cmd: 'ssh prod-db-1 sudo reboot', exactly: 'critical' }, { cmd: 'Restart-Computer -Force', ctx: { shell: 'pwsh' } }],
    nearMiss: ['shutdown -c', 'systemctl status', 'init --version', 'systemctl restart nginx', 'echo reboot', 'systemctl isolate graphical.target'],
  },
};

/** The PIDs of a kill command (after the signal option). */
function killPids(cmd: SimpleCommand): Word[] {
  const a = cmd.args;
  const out: Word[] = [];
  let signalSeen = false;
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!.text;
    if (t === '--') {
      out.push(...a.slice(i + 1));
      break;
    }
    if (t === '-s' || t === '-n' || t === '--signal') {
      i++;
      signalSeen = true;
      continue;
    }
    if (!signalSeen && /^-([A-Za-z]+|\d+)$/.test(t) && out.length === 0) {
      signalSeen = true;
      continue;
    }
    if (t === '-l' || t === '-L' || t === '--list') return [];
    out.push(a[i]!);
  }
  return out;
}

const killAll: Rule = {
  id: 'system.kill-all',
  description: 'kill -9 -1, killall5, broad pkill/killall: every process you own (or every process) is killed.',
  severity: 'high',
  programs: ['kill', 'killall5', 'pkill', 'killall'],
  check(cmd, rc) {
    const p = cmd.program;
    if (p === 'kill') {
      const all = killPids(cmd).find((w) => w.text === '-1');
      if (!all) return undefined;
      return remoteReach(cmd, rc, { severity: 'high', message: 'Sends the signal to every process you can signal (PID -1): your shell, editor and servers all stop.', span: spanTo(cmd, all), suggestion: 'Kill the processes you mean by PID or name (pkill -f PATTERN).' });
    }
    if (p === 'killall5') return remoteReach(cmd, rc, { severity: 'high', message: 'Signals every process except the kernel and the caller\'s session.', span: spanTo(cmd, cmd.args[cmd.args.length - 1] ?? cmd.name!), suggestion: 'Kill the processes you mean by name.' });
    const pos = positionals(cmd, ['-u', '-U', '-g', '-G', '-P', '-s', '--signal', '-t', '--terminal', '--ns', '--nslist', '-o', '--older-than', '-y', '--younger-than', '-n']);
    const user = cmd.args.find((a) => a.text === '-u' || a.text === '-U' || a.text.startsWith('--user') || a.text === '--euid' || a.text === '--uid');
    const broad = pos.length === 0 ? !!user : pos.every((w) => /^(\.|\.\*|\^|\^\.\*|\$|\.\+|)$/.test(w.text));
    if (!broad) return p === 'killall' && pos.length ? { severity: 'medium', message: `Kills every process named ${pos.map((w) => w.text).join(', ')}, not just yours from this project.`, span: spanTo(cmd, pos[pos.length - 1]!), suggestion: 'Kill by PID, or narrow with pkill -f and the full command line.' } : undefined;
    const last = cmd.args[cmd.args.length - 1] ?? cmd.name!;
    return remoteReach(cmd, rc, { severity: 'high', message: `Kills every process ${user ? 'of that user' : 'the pattern matches — which is all of them'}.`, span: spanTo(cmd, last), suggestion: 'Kill the processes you mean by PID or a specific pattern.' });
  },
  examples: {
    match: [{ cmd: 'kill -9 -1', exactly: 'high', span: 'kill -9 -1' }, 'kill -KILL -1', 'kill -s KILL -1', 'kill -- -1', 'killall5 -9', 'pkill -9 -u dev', 'pkill -9 .', { cmd: 'killall node', exactly: 'medium' }],
    nearMiss: ['kill -9 48213', 'kill 12345', 'kill -1', 'kill %1', 'kill -l', 'pkill -f "vite --port 5173"', 'kill -HUP $(cat app.pid)'],
  },
};

const stopService: Rule = {
  id: 'system.stop-critical-service',
  description: 'systemctl stop/disable/mask (or service … stop) of sshd, docker, networking, systemd-* and similar units.',
  severity: 'high',
  programs: ['systemctl', 'service'],
  check(cmd, rc) {
    let verb: Word | undefined;
    let units: Word[];
    if (cmd.program === 'systemctl') {
      if (hasFlag(cmd, '--user')) return undefined;
      const s = splitSubcommand(cmd, 1);
      verb = s.wordsAt[0];
      if (!verb || !/^(stop|disable|mask|kill|freeze)$/.test(verb.text)) return undefined;
      units = positionals(s.rest, ['-s', '--signal', '--kill-whom', '--kill-value']);
    } else {
      const pos = positionals(cmd);
      if (pos.length < 2 || !/^(stop|disable)$/.test(pos[1]!.text)) return undefined;
      verb = pos[1];
      units = [pos[0]!];
    }
    const hit = units.find((u) => CRITICAL_UNITS.test(serviceName(u.text)));
    if (!hit || !verb) return undefined;
    const name = serviceName(hit.text);
    const access = REMOTE_ACCESS_UNITS.test(name);
    const last = units[units.length - 1] ?? hit;
    return remoteReach(cmd, rc, {
      severity: 'high',
      message: `${verb.text[0]!.toUpperCase()}${verb.text.slice(1)}s ${name}: ${lossOf(name)}${verb.text === 'mask' || verb.text === 'disable' ? ', and it stays off after a reboot' : ''}.`,
      span: spanTo(cmd, last.span[0] >= verb.span[0] ? last : verb),
      target: `service ${name}`,
      suggestion: access ? 'Use restart (or reload) instead, and keep a second session open.' : 'Use restart instead, or check what depends on it first.',
    });
  },
  examples: {
    match: [{ cmd: 'sudo systemctl stop sshd', exactly: 'high', target: 'service sshd' }, 'systemctl disable --now docker', 'sudo systemctl mask systemd-networkd', 'systemctl stop NetworkManager.service', 'sudo service ssh stop', { cmd: "ssh prod-1 'sudo systemctl stop docker'", exactly: 'critical' }],
    nearMiss: ['sudo systemctl restart sshd', 'systemctl status docker', 'sudo systemctl stop nginx', 'systemctl --user stop docker', 'sudo service nginx stop', 'systemctl start docker'],
  },
};

// ---------------------------------------------------------------------------------------------
// Fork bombs, cron, firewall, chattr, users

const forkBomb: Rule = {
  id: 'system.fork-bomb',
  description: 'A function that calls itself in a pipeline or in the background, then is called: a fork bomb.',
  severity: 'critical',
  programs: '*',
  check(cmd, rc) {
    const name = cmd.callsFunction;
    if (!name) return undefined;
    const def = rc.line.functions.get(name);
    if (!def || def.body.includes(cmd.index)) return undefined;
    const selfCalls = def.body.map((i) => rc.line.commands[i]).filter((c): c is SimpleCommand => !!c && c.callsFunction === name);
    const spawns = selfCalls.some((c) => c.pipeline !== undefined || c.nesting.includes('background'));
    if (!spawns) return undefined;
    return { severity: 'critical', message: `Defines ${name} to start copies of itself and runs it: a fork bomb that fills the process table until the machine stops responding.`, span: [def.span[0], cmd.span[1]], suggestion: 'Do not run it; set a process limit (ulimit -u) if you are testing this on purpose.' };
  },
  examples: {
    match: [{ cmd: ':(){ :|:& };:', exactly: 'critical', span: ':(){ :|:& };:' }, 'bomb() { bomb | bomb & }; bomb', 'f(){ f & f & }; f'],
    nearMiss: ['f() { echo hi; }; f', 'retry() { "$@" || retry "$@"; }; retry make', ':(){ :|:& }', 'echo ":(){ :|:& };:"'],
  },
};

const crontabRemove: Rule = {
  id: 'system.crontab-remove',
  description: 'crontab -r deletes every scheduled job of the user without asking.',
  severity: 'high',
  programs: ['crontab'],
  check(cmd, rc) {
    if (!hasFlag(cmd, '-r') || hasFlag(cmd, '-i')) return undefined;
    const user = cmd.args.find((_a, i) => cmd.args[i - 1]?.text === '-u');
    return remoteReach(cmd, rc, { severity: 'high', message: `Deletes every cron job of ${user ? user.text : 'this user'} at once (there is no undo).`, span: spanTo(cmd, cmd.args[cmd.args.length - 1]!), suggestion: 'Save it first (crontab -l > crontab.bak), then edit it with crontab -e.' });
  },
  examples: { match: [{ cmd: 'crontab -r', exactly: 'high' }, 'sudo crontab -u deploy -r'], nearMiss: ['crontab -l', 'crontab -e', 'crontab -ir', 'crontab jobs.txt'] },
};

const firewall: Rule = {
  id: 'system.firewall-flush',
  description: 'iptables -F / -P … DROP, nft flush ruleset, ufw reset: the firewall is emptied, or remote access is cut.',
  severity: 'high',
  // ebtables(8) (bridged frames) and arptables(8) (ARP) take iptables' -F, -P and -X.
  programs: ['iptables', 'ip6tables', 'iptables-legacy', 'iptables-nft', 'ip6tables-legacy', 'ip6tables-nft', 'ebtables', 'ebtables-legacy', 'ebtables-nft', 'arptables', 'arptables-legacy', 'arptables-nft', 'nft', 'ufw'],
  check(cmd, rc) {
    const p = cmd.program;
    let message: string | undefined;
    let severity: Severity = 'high';
    if (p === 'nft') {
      const pos = positionals(cmd, ['-f', '--file', '-I', '--includepath']);
      if (pos[0]?.text === 'flush' && (pos[1]?.text === 'ruleset' || pos[1]?.text === 'table' || pos[1]?.text === 'chain')) message = `Flushes the nftables ${pos[1].text}: every rule in it is gone.`;
    } else if (p === 'ufw') {
      const v = positionals(cmd)[0]?.text;
      // `ufw disable` is protection.firewall-off's.
      if (v === 'reset') message = 'Resets ufw: every rule is deleted and the firewall is disabled.';
    } else {
      if (hasFlag(cmd, '-L', '--list', '-S', '--list-rules')) return undefined;
      const pol = cmd.args.findIndex((a) => a.text === '-P' || a.text === '--policy');
      if (hasFlag(cmd, '-F', '--flush')) message = 'Flushes the firewall rules: the machine is open, or — with a DROP policy — cut off.';
      else if (pol >= 0 && /^(DROP|REJECT)$/.test(cmd.args[pol + 2]?.text ?? '') && /^(INPUT|OUTPUT)$/.test(cmd.args[pol + 1]?.text ?? '')) message = `Sets the default ${cmd.args[pol + 1]!.text} policy to ${cmd.args[pol + 2]!.text}: without an allow rule for your session, remote access is cut.`;
      else if (hasFlag(cmd, '-X', '--delete-chain')) [severity, message] = ['medium', 'Deletes firewall chains.'];
    }
    if (!message) return undefined;
    return remoteReach(cmd, rc, { severity, message, span: spanTo(cmd, cmd.args[cmd.args.length - 1] ?? cmd.name!), suggestion: 'Save the rules first (iptables-save > rules.bak) and keep a second session open, or use a timed rollback.' });
  },
  examples: {
    match: [{ cmd: 'sudo iptables -F', exactly: 'high' }, 'iptables --flush INPUT', 'nft flush ruleset', 'sudo ufw reset', 'iptables -P INPUT DROP', 'ebtables -t nat -F', 'arptables -P INPUT DROP'],
    nearMiss: ['sudo iptables -L -n', 'sudo nft list ruleset', 'ufw status', 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT', 'iptables -P INPUT ACCEPT', 'ebtables -t nat -L', 'ebtables -A FORWARD -p IPv4 -j ACCEPT'],
  },
};

const chattr: Rule = {
  id: 'system.chattr',
  description: 'chattr +i/-i/+a: immutable and append-only flags that make files undeletable or remove their protection.',
  severity: 'medium',
  programs: ['chattr'],
  check(cmd, rc) {
    const mode = cmd.args.find((a) => /^[+=-][aAcCdDeijPsStTux]*[ia][aAcCdDeijPsStTux]*$/.test(a.text));
    if (!mode) return undefined;
    const targets = positionals(cmd, ['-v', '-p']).filter((w) => w !== mode);
    const sys = targets.find((w) => {
      const t = pathTarget(w, rc);
      return t.cls === 'system' || t.cls === 'root' || t.cls === 'home-config';
    });
    const recursive = hasFlag(cmd, '-R');
    const last = targets[targets.length - 1] ?? mode;
    return remoteReach(cmd, rc, {
      severity: sys ? 'high' : 'medium',
      message: `${mode.text.startsWith('-') ? 'Removes the immutable/append-only protection from' : 'Makes immutable or append-only'} ${targets.map((w) => w.text).join(' ')}${recursive ? ' and everything under it' : ''}${sys ? ': system updates and root itself can no longer change those files' : ''}.`,
      span: spanTo(cmd, last),
      suggestion: 'Set the flag on the single file that needs it.',
    });
  },
  examples: { match: [{ cmd: 'sudo chattr -R +i /etc', exactly: 'high' }, { cmd: 'chattr +i notes.txt', exactly: 'medium' }, 'chattr -i /etc/resolv.conf'], nearMiss: ['lsattr /etc', 'chattr +c big.log', 'chattr --help'] },
};

const userDelete: Rule = {
  id: 'system.user-delete',
  description: 'userdel/deluser: an account removed, with -r its home folder too.',
  severity: 'medium',
  programs: ['userdel', 'deluser'],
  check(cmd, rc) {
    const user = positionals(cmd, ['-R', '--root', '-P', '--prefix'])[0];
    if (!user) return undefined;
    const home = hasFlag(cmd, '-r', '--remove', '--remove-home', '--remove-all-files', '-f', '--force');
    return remoteReach(cmd, rc, { severity: home ? 'high' : 'medium', message: `Deletes the user ${user.text}${home ? ' and their home folder and mail' : ''}.`, span: spanTo(cmd, user), target: `user ${user.text}`, suggestion: 'Lock the account instead (usermod -L) until you are sure.' });
  },
  examples: { match: [{ cmd: 'sudo userdel -r alice', exactly: 'high' }, { cmd: 'sudo userdel bob', exactly: 'medium' }, 'deluser --remove-home carol'], nearMiss: ['id alice', 'useradd -m alice', 'userdel --help'] },
};

const aclTree: Rule = {
  id: 'system.acl-tree',
  description: 'setfacl -R removing or replacing the access control lists of a whole tree (-b, -k, --set, --set-file): the grants they held are gone; judged by the folder.',
  severity: 'high',
  programs: ['setfacl'],
  check(cmd, rc) {
    if (!hasFlag(cmd, '-R', '--recursive') || hasFlag(cmd, '--test', '--help')) return undefined;
    const remove = hasFlag(cmd, '-b', '--remove-all') ? 'every ACL entry' : hasFlag(cmd, '-k', '--remove-default') ? 'the default ACL entries' : hasFlag(cmd, '--set', '--set-file') ? 'the ACL (replaced by the one given)' : undefined;
    if (!remove) return undefined;
    const lrc = contextFor(cmd, rc);
    let worst: CommandRuleFinding | undefined;
    for (const w of positionals(cmd, ['-m', '--modify', '-x', '--remove', '-M', '--modify-file', '-X', '--remove-file', '--set', '--set-file'])) {
      const j = judgeRecursive(pathTarget(w, lrc), lrc);
      if (j.severity === 'none' || j.severity === 'low' || (worst && severityRank(worst.severity) >= severityRank(j.severity))) continue;
      worst = { severity: j.severity, message: `Removes ${remove} from ${w.text} and everything under it — ${j.why}: whoever those entries let in is locked out.`, span: spanTo(cmd, w), target: j.target, suggestion: `Save the ACLs first (getfacl -R ${w.text} > acl.bak) so they can be restored (setfacl --restore=acl.bak).` };
    }
    return worst && remoteReach(cmd, rc, worst);
  },
  examples: {
    match: [{ cmd: 'sudo setfacl -R -b /srv/projects', exactly: 'high' }, { cmd: 'setfacl -R -k /var/www', exactly: 'high' }, { cmd: 'setfacl -R --set u::rwx,g::r-x,o::- /home/shared', severity: 'high' }, { cmd: 'setfacl -Rb src', exactly: 'medium' }],
    nearMiss: ['getfacl -R /srv/projects', 'setfacl -m u:deploy:rwx /srv/app', 'setfacl -R -m g:dev:rwX /srv/projects', 'setfacl -R -b build', 'setfacl -R -b --test /srv/projects'],
  },
};

export const systemPack: RulePack = {
  name: 'system',
  description: 'Disks, power, processes, services, cron, firewall and users: the machine itself.',
  rules: [diskWrite, format, partition, power, killAll, stopService, forkBomb, crontabRemove, firewall, chattr, aclTree, userDelete],
  owns: [
    ...MKFS, 'wipefs', 'diskutil', 'dd', 'format-volume', 'clear-disk', 'remove-partition', 'fdisk', 'gdisk', 'cfdisk', 'cgdisk', 'sfdisk', 'parted', 'sgdisk',
    'shutdown', 'reboot', 'halt', 'poweroff', 'init', 'telinit', 'systemctl', 'service', 'stop-computer', 'restart-computer', 'kill', 'killall5', 'pkill', 'killall',
    'crontab', 'iptables', 'ip6tables', 'iptables-legacy', 'iptables-nft', 'nft', 'ufw', 'chattr', 'setfacl', 'userdel', 'deluser',
  ],
};
