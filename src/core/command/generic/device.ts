/**
 * Disks, chips and devices written over or erased, for any tool.
 *
 * A whole block device as the destination of a write: an image converted, copied, flashed,
 * rescued or restored onto `/dev/sdb`, `/dev/nvme0n1`, `/dev/mtd0`, `/dev/vg0/data`,
 * `/dev/disk/by-id/…` or `\\.\PhysicalDrive1` replaces everything on that disk.
 *
 *   bmaptool copy image.wic.bz2 /dev/mmcblk0         a device after the source, in a tool that copies
 *   ddrescue --force /dev/sda /dev/sdb rescue.map    (the verb may be glued to the name: dd-, -clone)
 *   balena local flash os.img --drive /dev/disk2     an output option naming the disk
 *   zstd -d disk.img.zst -o /dev/nvme1n1             the value of an output option
 *   dc3dd wipe=/dev/sdc                              a `key=device` whose key writes (of=, wipe=)
 *
 * Read-only forms stay quiet: the device as the only operand (`smartctl -a /dev/sda`, `hdparm -I`,
 * `blkid`), as a source (`bmaptool copy /dev/sdb out.img`, `cp /dev/sda disk.img`), or in a
 * tool that mounts or lists (`mount /dev/sdb1 /mnt`, `lsblk -o NAME /dev/sda`).
 *
 * Tools that write firmware or erase a device through their own short options and subcommands
 * (`flashrom -E`, `fastboot -w`, `fastboot flashing unlock`, `nwipe --autonuke`) are read from a
 * knowledge table written from their manuals (`DEVICE_TOOLS`).
 */
import { own } from '../../own';
import type { Word } from '../../shell/model';
import { isBlockDevice } from '../paths';
import { isReadOnlyWord, rankOf, tokensOf, type VerbClass } from './verbs';

/** Subcommand or program-name words that write their last operand. */
const WRITE_WORDS: ReadonlySet<string> = new Set([
  'copy', 'cp', 'convert', 'write', 'writer', 'restore', 'clone', 'flash', 'flasher', 'burn', 'dd', 'image', 'imager', 'load', 'put',
  'sync', 'mirror', 'transfer', 'extract', 'unpack', 'decompress', 'deploy', 'apply', 'provision', 'rescue',
]);

/**
 * Write words glued to a program's name (`ddrescue`, `dcfldd`, `dc3dd`, `partclone`, `ntfsclone`,
 * `e2image`, `flashcp`): the name starts or ends with one.
 */
const GLUED_WRITE = ['dd', 'clone', 'rescue', 'image', 'flash', 'copy', 'write', 'burn'];

function writesByName(program: string): boolean {
  if (tokensOf(program).some((t) => WRITE_WORDS.has(t)) || formatsByName(program)) return true;
  const name = program.replace(/\.[a-z0-9]+$/i, '').toLowerCase();
  return GLUED_WRITE.some((w) => name.length > w.length && (name.startsWith(w) || name.endsWith(w)));
}

/** Words of a program's name that write the blocks of the disk it is given, in place. */
const IN_PLACE_WRITE = new Set(['write', 'zero', 'zeroes', 'zeros', 'unmap', 'wipe', 'overwrite']);

function writesInPlaceByName(program: string): boolean {
  const name = program.replace(/\.[a-z0-9]+$/i, '').toLowerCase();
  // (glued to a family's prefix too: mtd-utils' `nandwrite`)
  return tokensOf(name).some((t) => IN_PLACE_WRITE.has(t)) || /^[a-z]{2,}(?:write|zero|wipe)$/.test(name);
}

/**
 * A program named for making a file system (`mkudffs`, `mke2fs`, `mkdosfs`, `mkfs.btrfs`, BSD
 * `newfs`, `newfs_msdos`): whatever disk it is given is formatted, even as its only operand.
 */
export function formatsByName(program: string): boolean {
  return /^(?:mk[a-z0-9]*fs(?:\.[a-z0-9]+)?|mkfs\.[a-z0-9]+|newfs(?:_[a-z0-9]+)?)$/i.test(program);
}

/** An image file (`raspios.img.xz`, `Win11.iso`, `core-image.wic.bz2`): what imaging tools write onto a disk. */
const IMAGE_FILE = /\.(?:iso|img|wic|raw|dmg|vhdx?|qcow2|vmdk)(?:\.(?:xz|gz|bz2|zst|zip|lz4))?$/i;
/** Programs that read an image beside a disk (compare, hash, describe): never a write. */
const READS_IMAGE = /^(?:cmp|diff|[a-z0-9]*sum|file|stat|ls|du|qemu-img|losetup|kpartx|fdisk|parted|sfdisk|gdisk|mount|udisksctl)$/i;

/** `key=device` words whose key writes to the device (dd-style tools: `of=`, dc3dd `wipe=`/`hwipe=`, fsarchiver `dest=`). */
const WRITE_KEYS = /(?:^|,)(?:of|hof|wipe|hwipe|dest|output|out|target)=([^,]+)/;

/** Options whose value is where the tool writes. */
const OUTPUT_OPTIONS: ReadonlySet<string> = new Set([
  '-o', '-O', '--output', '--output-file', '--out', '--outfile', '-of', '--target', '--dest', '--destination', '--dst', '--to',
  '--drive', '--output-device', '--target-device', '-target', '-dest', '-destination', '-output', '--overwrite',
]);

/** Folders under /dev that hold no disks (`/dev/shm/x`, `/dev/pts/0`); any other `/dev/A/B` is a volume (`/dev/vg0/data`). */
const NOT_DISK_DIRS = new Set(['shm', 'pts', 'fd', 'input', 'snd', 'dri', 'net', 'bus', 'char', 'cpu', 'hugepages', 'mqueue', 'usb', 'serial', 'v4l', 'dvb', 'vfio', 'tty', 'null', 'log']);

/**
 * A whole disk, a partition, a volume or a flash device: `/dev/sdb`, `/dev/nvme0n1p2`,
 * `/dev/mtd0`, `/dev/sg2`, `/dev/nbd0`, `/dev/zd16`, `/dev/vg0/data`, `\\.\PhysicalDrive1`.
 */
export function isDiskDevice(t: string): boolean {
  if (t.length < 6) return false;
  // Optical drives by their usual links (`/dev/dvd`, `/dev/cdrw`); `/dev/sr0` is a block device.
  if (/^\/dev\/(?:dvd|cdrom|cdrw|dvdrw|dvd\+rw|cdrecorder)\d*$/.test(t)) return true;
  if (t.charCodeAt(0) === 92) return /^\\\\[.?]\\PhysicalDrive\d+$/i.test(t);
  if (!t.startsWith('/dev/')) return false;
  if (isBlockDevice(t) || /^\/dev\/(?:(?:ada|da|nvd|mfid)\d+(?:[ps]\d+[a-h]?)?|nvme\d+|mtd(?:block)?\d+|sg\d+|nbd\d+|zd\d+|rbd\d+|pmem\d+|ubi\d+(?:_\d+)?|bcache\d+|block\/[\w-]+|zvol\/.+)$/.test(t)) return true;
  const m = /^\/dev\/([a-zA-Z][\w.+-]*)\/[\w.+-]+$/.exec(t);
  return m !== null && !NOT_DISK_DIRS.has(m[1]!);
}

export interface DeviceWrite {
  /** The device written over (for `--output=/dev/sdb`, the value's text on the option's word). */
  device: Word;
}

/**
 * The device a command writes over, or undefined. `path` and `program` carry the write verb for
 * the operand form; the option form needs no verb (an output option names where it writes).
 */
export function deviceWrite(program: string, args: readonly Word[], path: readonly Word[], flags: readonly { word: Word; value?: Word }[]): DeviceWrite | undefined {
  let output = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const t = w.text;
    if (w.dynamic) continue;
    // `of=/dev/sdb` (dd-style tools: dcfldd, dc3dd), `wipe=/dev/sdc` (dc3dd), `id=0,dest=/dev/sdb1` (fsarchiver).
    const kv = t.indexOf('=') > 0 ? WRITE_KEYS.exec(t) : null;
    if (kv && isDiskDevice(kv[1]!)) return { device: { ...w, text: kv[1]! } };
    if (t.charCodeAt(0) !== 45) continue;
    const eq = t.indexOf('=');
    if (!OUTPUT_OPTIONS.has(eq > 0 ? t.slice(0, eq) : t)) continue;
    if (eq > 0 && isDiskDevice(t.slice(eq + 1))) return { device: { ...w, text: t.slice(eq + 1) } };
    const next = args[i + 1];
    if (eq < 0 && next && !next.dynamic && isDiskDevice(next.text)) return { device: next };
    // The output goes elsewhere (`ntfsclone --save-image --output win.img /dev/sda1`): the device is read.
    // (`qemu-img convert -O raw …` names a format, not a file.)
    const value = eq > 0 ? t.slice(eq + 1) : next?.text;
    if (value !== undefined && /[./]/.test(value)) output = true;
  }
  if (output) return undefined;
  // The destination comes after the source: the first device after the first positional word
  // (`ddrescue /dev/sda /dev/sdb map` writes /dev/sdb; `bmaptool copy /dev/sdb out.img` reads).
  // A short option may have taken the source as its value (`ddrescue -f /dev/sda /dev/sdb`,
  // `e2image -ra -p /dev/sda1 /dev/sdb1`): only a long option's value is not positional.
  // An image file is a source even when a switch before it looks like it takes it (`rpi-imager --cli os.img /dev/sdb`).
  const longValues = new Set(flags.filter((f) => f.value && f.word.text.startsWith('--') && !IMAGE_FILE.test(f.value.text)).map((f) => f.value!));
  const words = args.filter((w) => w.text.charCodeAt(0) !== 45 && !path.includes(w) && !longValues.has(w));
  // A file-system maker formats the disk it is given, wherever it stands (`newfs -U /dev/ada1p1`).
  if (formatsByName(program)) {
    // mkfs.xfs(8), newfs(8) and newfs_msdos(8) document -N: print the parameters, make nothing
    // (mke2fs and mkntfs spell it -n, a preview the generic layer already knows).
    if (/^(?:mkfs\.xfs|newfs(?:_[a-z0-9]+)?)$/i.test(program) && args.some((w) => w.text === '-N')) return undefined;
    // mkntfs(8) `--no-action` ("do everything but write to the device"), the long spelling of its -n.
    if (args.some((w) => w.text === '--no-action')) return undefined;
    const disk = words.find((w) => !w.dynamic && isDiskDevice(w.text));
    return disk ? { device: disk } : undefined;
  }
  const at = words.findIndex((w, i) => i > 0 && !w.dynamic && isDiskDevice(w.text));
  if (at < 0) {
    // A program named for writing, zeroing or unmapping blocks, given a disk as its only operand,
    // has nothing to copy from: it writes that disk (`sg_write_same --lba=0 --num=0 /dev/sdc`,
    // `sg_unmap --all=0,1k /dev/sg2`). (`zerofree` zeroes only the free blocks: not by its name.)
    // So does one that takes the disk first and what to write after it (`nandwrite -p /dev/mtd1
    // ubi.img`, `nandwrite --noskipbad --noecc /dev/mtd0 u-boot.img`, where an option may seem to take it).
    if (!writesInPlaceByName(program)) return undefined;
    const disk = args.find((w) => !w.dynamic && w.text.charCodeAt(0) !== 45 && isDiskDevice(w.text));
    return disk && !args.slice(0, args.indexOf(disk)).some((w) => IMAGE_FILE.test(w.text)) ? { device: disk } : undefined;
  }
  // An image file before the disk is written onto it (`woeusb --device Win11.iso /dev/sdd`), unless the tool only reads both.
  const image = words.slice(0, at).some((w) => IMAGE_FILE.test(w.text)) && !READS_IMAGE.test(program);
  const writes = image || path.some((w) => tokensOf(w.text).some((t) => WRITE_WORDS.has(t))) || writesByName(program);
  return writes ? { device: words[at]! } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Tools that write firmware or erase a device through their own options and subcommands

/** What one option or subcommand of a device tool does. */
export interface DeviceAction {
  verb: string;
  cls: VerbClass;
  /** What it acts on, as the message names it. */
  what: string;
  /** It reaches everything on the device (every block, every user file, the whole chip). */
  all?: boolean;
}

const ERASE_CHIP: DeviceAction = { verb: 'erase', cls: 'destroy', what: 'the whole flash chip', all: true };
const WRITE_CHIP: DeviceAction = { verb: 'overwrite', cls: 'destroy', what: 'the firmware on the flash chip' };
const WIPE_USERDATA: DeviceAction = { verb: 'wipe', cls: 'destroy', what: 'the user data on the device', all: true };
const UNLOCK: DeviceAction = { verb: 'factory-reset', cls: 'destroy', what: 'the device: changing the bootloader lock wipes all user data', all: true };
const ERASE_PARTITION: DeviceAction = { verb: 'erase', cls: 'destroy', what: 'a partition of the device' };
const FLASH_PARTITION: DeviceAction = { verb: 'flash', cls: 'overwrite', what: 'a partition of the device' };
const FLASH_ALL: DeviceAction = { verb: 'flash', cls: 'overwrite', what: 'every partition of the device', all: true };
const WIPE_DISKS: DeviceAction = { verb: 'wipe', cls: 'destroy', what: 'every disk it finds', all: true };
// A microcontroller's program flash is erased and written as a matter of course while developing
// (avrdude -e -U flash:w:main.hex, nrfjprog --program x.hex --chiperase): shown, not held. Erased
// with nothing written after it, the firmware and the data kept on the chip (avrdude: "the flash
// ROM and EEPROM") are gone: held.
const ERASE_MCU: DeviceAction = { verb: 'erase', cls: 'overwrite', what: "the microcontroller's flash" };
const ERASE_MCU_ONLY: DeviceAction = { verb: 'erase', cls: 'destroy', what: "the microcontroller's flash (its firmware and the data stored on the chip), writing nothing back" };
/** Options and subcommands of those programmers that write a new program after the erase. */
const MCU_WRITES = /^(?:-U|--program|-w|--write|write|write_flash|write-flash|load|flash|--flash|-f)$/;
const CLEAR_NVRAM: DeviceAction = { verb: 'clear', cls: 'overwrite', what: 'every firmware (NVRAM) variable', all: true };

// Storage controllers, drives and baseboard controllers: the verb stands anywhere among the
// tool's own words (`storcli /c0/v0 del force`, `ssacli ctrl slot=0 ld 2 delete forced`,
// `racadm storage deletevd:Disk.Virtual.0`), and option names are case-blind (MegaCli).
const DELETE_ARRAY: DeviceAction = { verb: 'delete', cls: 'destroy', what: 'a RAID volume and every file on it', all: true };
const CLEAR_ARRAYS: DeviceAction = { verb: 'clear', cls: 'destroy', what: 'every RAID volume on the controller', all: true };
const ERASE_DRIVE: DeviceAction = { verb: 'erase', cls: 'destroy', what: 'every block of the drive', all: true };
const RESET_BMC: DeviceAction = { verb: 'reset', cls: 'destroy', what: "the server's management controller to factory settings (network, users, certificates)" };
const RAID_CLI: Readonly<Record<string, DeviceAction>> = { del: DELETE_ARRAY, delete: DELETE_ARRAY, secureerase: ERASE_DRIVE, erase: ERASE_DRIVE };
const MEGACLI: Readonly<Record<string, DeviceAction>> = { '-cfglddel': DELETE_ARRAY, '-cfgclr': CLEAR_ARRAYS, '-pdclear': ERASE_DRIVE };
const SEDUTIL: Readonly<Record<string, DeviceAction>> = { '--psidrevert': ERASE_DRIVE, '--reverttper': ERASE_DRIVE, '--yesireallywanttoeraseallmydatausingthepsid': ERASE_DRIVE };
const SASFLASH: Readonly<Record<string, DeviceAction>> = { '-e': { verb: 'erase', cls: 'destroy', what: "the storage controller's flash (it cannot boot until it is written again)", all: true } };

/**
 * From the tools' references: Broadcom StorCLI and Dell PERC CLI (`del`, `secureerase`, `erase`
 * on a drive), HPE Smart Storage CLI (`delete`), Adaptec arcconf (`delete`), MegaCLI
 * (`-CfgLdDel`, `-CfgClr`, `-PDClear`), Dell racadm (`racresetcfg`, `systemerase`,
 * `storage deletevd:`/`resetconfig:`), sedutil-cli (`--PSIDrevert`, `--revertTPer` erase a
 * self-encrypting drive), LSI sas2flash/sas3flash (`-e N` erases the controller's flash),
 * FreeBSD camcontrol (`sanitize`, `format`).
 */
const ANYWHERE_TOOLS: Readonly<Record<string, Readonly<Record<string, DeviceAction>>>> = {
  storcli: RAID_CLI, storcli64: RAID_CLI, perccli: RAID_CLI, perccli64: RAID_CLI,
  ssacli: RAID_CLI, hpssacli: RAID_CLI, hpacucli: RAID_CLI, arcconf: RAID_CLI,
  megacli: MEGACLI, megacli64: MEGACLI,
  racadm: { racresetcfg: RESET_BMC, systemerase: { verb: 'erase', cls: 'destroy', what: "the server's disks and settings", all: true }, deletevd: DELETE_ARRAY, resetconfig: CLEAR_ARRAYS },
  'sedutil-cli': SEDUTIL,
  sas2flash: SASFLASH, sas3flash: SASFLASH, 'sas2flash.efi': SASFLASH, 'sas3flash.efi': SASFLASH,
  camcontrol: { sanitize: ERASE_DRIVE, format: ERASE_DRIVE },
};

const READ_BEFORE = new Set(['show', 'get', 'stop', 'abort', 'list', 'help']);

function anywhereAction(table: Readonly<Record<string, DeviceAction>>, args: readonly Word[]): DeviceToolHit | undefined {
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w.dynamic) continue;
    // `deletevd:Disk.Virtual.0:RAID.Integrated.1-1`: the verb before the colon.
    const t = w.text.toLowerCase().replace(/:.*$/, '');
    // `storcli /c0/e252/s3 show erase`, `… stop erase`: the progress of an erase is read, or the erase stopped.
    if (i > 0 && READ_BEFORE.has(args[i - 1]!.text.toLowerCase())) continue;
    const next = args[i + 1];
    const action = (next && !next.dynamic ? own(table, `${t} ${next.text.toLowerCase()}`) : undefined) ?? own(table, t);
    if (action) return { action, word: w };
  }
  return undefined;
}

/** Partitions that hold the user's data: erasing one is a factory reset. */
const USER_PARTITIONS = new Set(['userdata', 'data', 'metadata', 'cache', 'sdcard', 'persist']);

/**
 * Device tools by program: their option or subcommand (one or two words) → what it does. From
 * the tools' manuals: flashrom (-E erase, -w write), Android fastboot (-w wipes userdata;
 * erase/format a partition; `flashing unlock|lock`, `oem unlock|lock` wipe the device; flash,
 * flashall, update write partitions), Samsung heimdall, nwipe and dwipe (`--autonuke` wipes every
 * disk found), Rockchip rkdeveloptool (ef erases the flash, wl writes it), macOS nvram (-c clears
 * every variable), and the microcontroller programmers (avrdude -e, nrfjprog --eraseall and
 * --recover, stm32flash -o, st-flash erase, esptool erase_flash, picotool erase).
 */
const DEVICE_TOOLS: Readonly<Record<string, Readonly<Record<string, DeviceAction>>>> = {
  flashrom: { '-E': ERASE_CHIP, '--erase': ERASE_CHIP, '-w': WRITE_CHIP, '--write': WRITE_CHIP },
  // flashprog(8) is a fork of flashrom with the same options.
  flashprog: { '-E': ERASE_CHIP, '--erase': ERASE_CHIP, '-w': WRITE_CHIP, '--write': WRITE_CHIP },
  // minipro(1), the TL866/T48 programmer: -E erases the chip, -w writes it (-r reads).
  minipro: { '-E': ERASE_CHIP, '--erase': ERASE_CHIP, '-w': WRITE_CHIP, '--write': WRITE_CHIP },
  // ubiupdatevol(8): -t (--truncate) wipes the UBI volume.
  ubiupdatevol: { '-t': { verb: 'wipe', cls: 'destroy', what: 'the UBI volume (everything on it)', all: true }, '--truncate': { verb: 'wipe', cls: 'destroy', what: 'the UBI volume (everything on it)', all: true } },
  fastboot: {
    '-w': WIPE_USERDATA, erase: ERASE_PARTITION, format: ERASE_PARTITION, 'flashing unlock': UNLOCK, 'flashing unlock_critical': UNLOCK,
    'flashing lock': UNLOCK, 'flashing lock_critical': UNLOCK, 'oem unlock': UNLOCK, 'oem lock': UNLOCK, flash: FLASH_PARTITION, flashall: FLASH_ALL, update: FLASH_ALL,
  },
  heimdall: { flash: FLASH_PARTITION },
  nwipe: { '--autonuke': WIPE_DISKS },
  dwipe: { '--autonuke': WIPE_DISKS },
  rkdeveloptool: { ef: ERASE_CHIP, wl: WRITE_CHIP },
  nvram: { '-c': CLEAR_NVRAM },
  avrdude: { '-e': ERASE_MCU },
  nrfjprog: { '--eraseall': ERASE_MCU, '--recover': ERASE_MCU, '-e': ERASE_MCU },
  stm32flash: { '-o': ERASE_MCU },
  'st-flash': { erase: ERASE_MCU },
  esptool: { erase_flash: ERASE_MCU, 'erase-flash': ERASE_MCU },
  'esptool.py': { erase_flash: ERASE_MCU, 'erase-flash': ERASE_MCU },
  picotool: { erase: ERASE_MCU },
};

/** `blank=all`, `-blank fast`, `--blank-mode full`, a `blank` subcommand: a rewritable disc's erase. */
const BLANK = /^(?:-{0,2}blank(?:[-_]mode)?(?:=.*)?|blank)$/i;
/** Where disc writers take the drive: `dev=/dev/sr0`, `-outdev /dev/sr0`, `--device /dev/sr0`. */
const DRIVE_KEY = /^(?:dev|-dev|-outdev|-indev|--device|-device|--drive)(?:=(.*))?$/i;

/**
 * A rewritable disc blanked (`wodim dev=/dev/sr0 blank=all`, `xorriso -outdev /dev/sr0 -blank
 * all`, `cdrdao blank --device /dev/sr0`): everything on the disc is erased. Needs the word
 * blank and a drive the line names.
 */
function discBlanked(args: readonly Word[], positional: readonly Word[]): DeviceToolHit | undefined {
  const blank = args.find((w) => !w.dynamic && BLANK.test(w.text));
  if (!blank) return undefined;
  let drive: string | undefined;
  for (let i = 0; i < args.length && !drive; i++) {
    const t = args[i]!.text;
    const m = DRIVE_KEY.exec(t);
    const value = m ? (m[1] ?? args[i + 1]?.text) : undefined;
    if (value !== undefined && isDiskDevice(value)) drive = value;
    else if (isDiskDevice(t) && positional.includes(args[i]!)) drive = t;
  }
  return drive ? { action: { verb: 'blank', cls: 'destroy', what: `the disc in ${drive}`, all: true }, word: blank } : undefined;
}

export interface DeviceToolHit {
  action: DeviceAction;
  /** The option or the (first) subcommand word that says it. */
  word: Word;
}

/**
 * What a device tool's options or subcommand do, the strongest first; undefined for other
 * programs (one table look-up). `positional` are the command's words that are not options.
 */
export function deviceToolAction(program: string, args: readonly Word[], positional: readonly Word[]): DeviceToolHit | undefined {
  const anywhere = own(ANYWHERE_TOOLS, program.toLowerCase());
  if (anywhere) return anywhereAction(anywhere, args);
  const table = own(DEVICE_TOOLS, program);
  if (!table) return installOntoDisk(program, args, positional) ?? forcedCreate(program, args, positional) ?? firmwareWrite(program, args, positional) ?? discBlanked(args, positional);
  let best: DeviceToolHit | undefined;
  const consider = (action: DeviceAction | undefined, word: Word): void => {
    if (action && (!best || rankOf(action.cls) + (action.all ? 1 : 0) > rankOf(best.action.cls) + (best.action.all ? 1 : 0))) best = { action, word };
  };
  for (const w of args) if (!w.dynamic && w.text.charCodeAt(0) === 45) consider(own(table, w.text), w);
  // `fastboot format:ext4 userdata`: the file system after the colon is the subcommand's own option.
  const [a, b, c] = positional.map((w, i) => (i === 0 ? w.text.toLowerCase().replace(/:.*$/, '') : w.text.toLowerCase()));
  if (a !== undefined) {
    const two = b !== undefined ? own(table, `${a} ${b}`) : undefined;
    const one = own(table, a);
    // `fastboot erase userdata`: erasing the partition that holds the user's data wipes it all.
    const userData = one && (a === 'erase' || a === 'format') && [b, c].some((p) => p !== undefined && USER_PARTITIONS.has(p));
    if (two) consider(two, positional[1]!);
    else consider(userData ? WIPE_USERDATA : one, positional[0]!);
  }
  if (best?.action === ERASE_MCU && !args.some((w) => MCU_WRITES.test(w.text))) return { action: ERASE_MCU_ONLY, word: best.word };
  return best;
}

// ---------------------------------------------------------------------------------------------
// A system installed, or an image restored, onto a whole disk

/**
 * Words that put a system or an image onto the disk they are given: an installer
 * (`coreos-installer install /dev/sda`, `archinstall --disk /dev/nvme0n1`), a restore or clone of
 * a whole disk (Clonezilla `ocs-sr … restoredisk IMG sda`), a provisioning or imaging step.
 */
const INSTALL_WORDS: ReadonlySet<string> = new Set(['install', 'installer', 'restoredisk', 'restoreparts', 'restore', 'clone', 'reimage', 'image', 'provision', 'flash', 'burn']);
/** A program named for writing onto a disk or a stick (`Ventoy2Disk.sh`, `iso2usb`, `img-to-sd`). */
const TO_DISK = /(?:2|to)[-_]?(?:disk|usb|drive|card|sd)(?:$|[^a-z])/i;
/** Boot loaders install onto a disk's boot area only (`grub-install /dev/sda`, `bootctl install`). */
const BOOT_LOADER = /grub|boot|syslinux|extlinux|lilo|mbr|refind|limine|shim/i;
/** A disk by its kernel name alone, as restore tools take it (`sda`, `nvme0n1`, `mmcblk0`, AIX `hdisk1`, macOS `disk2`). */
const BARE_DISK = /^(?:sd[a-z]{1,2}\d*|vd[a-z]\d*|xvd[a-z]\d*|hd[a-z]\d*|nvme\d+n\d+(?:p\d+)?|mmcblk\d+(?:p\d+)?|hdisk\d+|disk\d+(?:s\d+)?|(?:ada|nvd|nda|mfid)\d+(?:p\d+)?|nvme\d+ns\d+)$/;

/**
 * A disk by its kernel name alone (`sda`, `nvme0n1`, `mmcblk0`, AIX `hdisk1`, macOS `disk2`, BSD
 * `ada1`, `mfid0`, `nvme0ns1`), as disk tools take it.
 */
export function isBareDisk(t: string): boolean {
  return BARE_DISK.test(t);
}
/** Options that only show what is there (`Ventoy2Disk.sh -l /dev/sdb`, `--list`, `--info`). */
const SHOWS = /^--?(?:l|list|info|status|show|version|h|help)$/i;

/** A subcommand-like word (`install`, `restoredisk`), not a path or a value. */
function commandLike(t: string): boolean {
  return /^[a-z][\w:-]*$/i.test(t);
}

/** A program whose name says it reads or shows (`flash_otp_info`, `flash_otp_dump`, `hackrf_info`): one of a tool family's readers. */
function namedForReading(program: string): boolean {
  return tokensOf(program.replace(/\.[a-z0-9]+$/i, '')).some((t) => isReadOnlyWord(t) || t === 'dump' || t === 'read' || t === 'reader');
}

/**
 * A system installed or an image restored onto a whole disk: everything on the disk is replaced.
 * The verb is in the tool's name or one of its first subcommand words; the disk is a device path
 * anywhere in the command (also an option's value) or, after a restore or clone word, a bare
 * kernel disk name. Boot-loader installers and listing options stay quiet.
 */
function installOntoDisk(program: string, args: readonly Word[], positional: readonly Word[]): DeviceToolHit | undefined {
  if (BOOT_LOADER.test(program) || namedForReading(program)) return undefined;
  const byName = tokensOf(program).some((t) => INSTALL_WORDS.has(t)) || TO_DISK.test(program) || /^(?!un)[a-z0-9]+install(?:er)?$/i.test(program);
  const words = positional.filter((w) => !w.dynamic && commandLike(w.text)).slice(0, 3);
  const verb = words.find((w) => tokensOf(w.text).some((t) => INSTALL_WORDS.has(t)));
  if (!byName && !verb) return undefined;
  if (words.some((w) => isReadOnlyWord(w.text)) || args.some((w) => SHOWS.test(w.text))) return undefined;
  let disk: Word | undefined;
  for (const w of args) {
    if (w.dynamic) continue;
    const eq = w.text.charCodeAt(0) === 45 ? w.text.indexOf('=') : -1;
    const t = eq > 0 ? w.text.slice(eq + 1) : w.text;
    if (isDiskDevice(t)) {
      disk = eq > 0 ? { ...w, text: t } : w;
      break;
    }
  }
  // `ocs-sr … restoredisk 2026-11-img sda`: a bare kernel disk name after the restore word, or
  // anywhere for a tool named for it (`rpi-clone sda`).
  if (!disk && (verb || byName)) disk = positional.find((w) => (!verb || w.span[0] > verb.span[0]) && !w.dynamic && BARE_DISK.test(w.text));
  if (!disk) return undefined;
  return { action: { verb: 'install onto', cls: 'destroy', what: `the disk ${disk.text}, replacing everything on it`, all: true }, word: verb ?? disk };
}

// ---------------------------------------------------------------------------------------------
// System firmware written

/** Words that write an image onto a device, in a tool's name, its first subcommands or an option (`burn`, `--downloadFW`, `-u` is not one). */
const FIRMWARE_VERBS: ReadonlySet<string> = new Set(['flash', 'burn', 'update', 'upgrade', 'install', 'download', 'downloadfw', 'write', 'program', 'apply', 'ef']);
/** Image files that are system firmware or a whole system by their extension (Seagate `.lod`, UEFI capsules `.cab`/`.cap`, ROMs, OTA bundles). */
const FIRMWARE_EXT = /\.(?:lod|cab|cap|rom|fd|swu|raucb|mender|fw|fwup)$/i;
/** Generic images (`.bin`, `.img`) that are firmware by their name (`fw-ConnectX6.bin`, `pieeprom.bin`, `spl_loader.bin`). */
const FIRMWARE_NAME = /(?:^|[-_./])(?:fw|firmware|eeprom|pieeprom|bios|uefi|bmc|bootloader|loader|spl|ucode|microcode|idbloader|uboot|u-boot)(?:$|[-_.\d])/i;
const GENERIC_IMAGE = /\.(?:bin|img)$/i;
/** Options that only check an image or show what is in it (`sysupgrade -T`, `swupdate --check`, `fwup --metadata`). */
const CHECKS_IMAGE = /^(?:-T|--(?:test|check|verify|validate|metadata|info|dry-run))$/;
/** Options that read the device's firmware out into the file (`nvflash --save x.rom`, `WinFlash /bak:x.fd`, `--backup`, `--dump`). */
const SAVES_IMAGE = /^(?:--?(?:save|backup|bak|read|dump|extract|readback)(?:[=:].*)?|\/(?:save|backup|bak|read|dump)(?::.*)?)$/i;
/** A firmware file named as a copy taken from the device (`navi21_stock_backup.rom`): with `-s` or `-r` it is being saved. */
const SAVED_NAME = /backup|bak|dump|stock|orig|saved/i;

/**
 * New firmware written to a device: a network card, a disk, a board's EEPROM or boot loader, a
 * BMC, or a whole system image installed over the air (`mstflint -d 04:00.0 -i fw-….bin burn`,
 * `openSeaChest_Firmware --downloadFW X.LOD`, `rpi-eeprom-update -d -f pieeprom.bin`, `mender
 * install …mender`). A wrong or interrupted write can leave the device unable to start: held.
 * A microcontroller's program (`.hex`, `.uf2`, `.elf`) is written as a matter of course while
 * developing and stays with the device table's weights.
 */
function firmwareWrite(program: string, args: readonly Word[], positional: readonly Word[]): DeviceToolHit | undefined {
  const lower = program.toLowerCase();
  const named = !namedForReading(program) && (tokensOf(lower).some((t) => FIRMWARE_VERBS.has(t) || t === 'firmware' || t === 'fw') || /(?:flash|fw|firmware|eeprom)|(?:update|upgrade)$/.test(lower));
  const words = positional.filter((w) => !w.dynamic && commandLike(w.text)).slice(0, 3);
  const verb = words.find((w) => tokensOf(w.text).some((t) => FIRMWARE_VERBS.has(t)));
  const option = args.find((w) => !w.dynamic && w.text.charCodeAt(0) === 45 && tokensOf(w.text.replace(/^-+/, '').replace(/=.*$/, '')).some((t) => FIRMWARE_VERBS.has(t) && t !== 'write'));
  if (!named && !verb && !option) return undefined;
  if (words.some((w) => isReadOnlyWord(w.text)) || args.some((w) => SHOWS.test(w.text) || CHECKS_IMAGE.test(w.text) || SAVES_IMAGE.test(w.text))) return undefined;
  if (args.some((w) => w.text === '-s' || w.text === '-r') && args.some((w) => !w.dynamic && SAVED_NAME.test(w.text.replace(/^.*[\\/]/, '')) && /\.(?:rom|bin|fd|cap|img)$/i.test(w.text))) return undefined;
  for (const w of args) {
    if (w.dynamic) continue;
    const eq = w.text.charCodeAt(0) === 45 ? w.text.indexOf('=') : -1;
    if (w.text.charCodeAt(0) === 45 && eq < 0) continue;
    const t = eq > 0 ? w.text.slice(eq + 1) : w.text;
    const base = t.replace(/[?#].*$/, '').replace(/^.*[\\/]/, '');
    if (FIRMWARE_EXT.test(base) || (GENERIC_IMAGE.test(base) && FIRMWARE_NAME.test(base))) {
      return { action: { verb: 'write', cls: 'destroy', what: `new firmware (${base}) to the device; a wrong or interrupted write can leave it unable to start` }, word: verb ?? option ?? w };
    }
  }
  return undefined;
}

/** A program that creates a volume, a pool or a label (`pvcreate`, `mkvg`), given a whole disk. */
const CREATES = /create$|^mk(?:vg|raid|pv|lv)$/i;
/** Words that make a new volume, container or label where they are pointed (`--create`, `init`, `initialize`). */
const CREATE_WORDS: ReadonlySet<string> = new Set(['create', 'init', 'initialize', 'initialise', 'mklabel']);
const FORCED = /^(?:-ff?|--force|-[a-z]*ff[a-z]*)$/;
/** Options that answer the tool's questions in advance (`--non-interactive`, `--batch`, `-y`, `--yes`). */
const UNATTENDED = /^(?:-y|--yes|--assume-yes|--non-?interactive|--batch|--batch-mode|--quiet|-q|--no-prompt|--noprompt|--unattended|--silent)$/i;

/**
 * Such a tool refuses or asks when the disk already holds a volume or a file system; forced
 * (`pvcreate -ff -y /dev/sdb`, AIX `mkvg -f … hdisk2`) or told not to ask (`veracrypt --create
 * /dev/sdc --non-interactive`, `X init /dev/sdb --yes`), it writes over whatever is there. The
 * create word is in the tool's name, one of its first subcommand words or an option.
 */
function forcedCreate(program: string, args: readonly Word[], positional: readonly Word[]): DeviceToolHit | undefined {
  const byName = CREATES.test(program);
  const words = positional.filter((w) => !w.dynamic && commandLike(w.text)).slice(0, 2);
  const verb = words.find((w) => CREATE_WORDS.has(w.text.toLowerCase())) ?? args.find((w) => !w.dynamic && /^--?[a-z]/i.test(w.text) && CREATE_WORDS.has(w.text.replace(/^--?/, '').replace(/=.*$/, '').toLowerCase()));
  if (!byName && !verb) return undefined;
  if (args.some((w) => SHOWS.test(w.text))) return undefined;
  const force = args.find((w) => FORCED.test(w.text)) ?? (byName ? undefined : args.find((w) => UNATTENDED.test(w.text)));
  const disk = force && args.find((w) => !w.dynamic && w !== verb && (isDiskDevice(w.text) || /^hdisk\d+$/.test(w.text) || (!byName && BARE_DISK.test(w.text))));
  if (!force || !disk) return undefined;
  return { action: { verb: 'overwrite', cls: 'destroy', what: `whatever is on ${disk.text} (its volume or file system; ${FORCED.test(force.text) ? 'forced' : 'not asked'} with ${force.text})`, all: true }, word: verb ?? force };
}

// ---------------------------------------------------------------------------------------------
// Network interfaces taken down

/** Virtual interfaces a machine makes for containers, VPNs and bridges: taking one down cuts no host off. */
const VIRTUAL_IFACE = /^(?:lo|docker|veth|br-|virbr|vnet|tun|tap|wg|cni|flannel|cali|cilium|kube-|vxlan|dummy|tailscale|utun|zt|lxc|lxd|podman|weave|genev)/i;

export interface InterfaceDown {
  /** The word that says down (`down`, `disconnect`, `off`). */
  word: Word;
  /** The interface or connection taken down; undefined for every one of them. */
  iface?: Word;
}

/**
 * A network interface taken down: `ip link set [dev] IF down`, `ifconfig IF down`, `ifdown IF`
 * (`-a`: all), `nmcli device disconnect|down IF`, `nmcli connection down ID`, `nmcli networking
 * off`, `networkctl down IF`. The machine drops off that network; over a remote session the
 * session itself is cut, and nothing comes back until someone at the console brings it up.
 * Virtual interfaces (containers, bridges, VPN tunnels) are left alone. One set look-up for
 * other programs.
 */
export function interfaceDown(program: string, args: readonly Word[], positional: readonly Word[]): InterfaceDown | undefined {
  if (!NET_TOOLS.has(program)) return undefined;
  const p = positional.map((w) => w.text.toLowerCase());
  const physical = (w: Word | undefined): boolean => !!w && !w.dynamic && !VIRTUAL_IFACE.test(w.text);
  const hit = (word: Word | undefined, iface: Word | undefined): InterfaceDown | undefined => (word && (iface === undefined || physical(iface)) ? { word, ...(iface ? { iface } : {}) } : undefined);
  switch (program) {
    case 'ip': {
      // ip link set [dev] IF down
      if (!/^l(i(nk?)?)?$/.test(p[0] ?? '') || p[1] !== 'set') return undefined;
      const at = p[2] === 'dev' ? 3 : 2;
      const down = p.indexOf('down', at + 1);
      return down > at ? hit(positional[down], positional[at]) : undefined;
    }
    case 'ifconfig':
      return p[1] === 'down' ? hit(positional[1], positional[0]) : undefined;
    case 'ifdown':
      if (args.some((w) => w.text === '-a' || w.text === '--all')) return { word: args.find((w) => w.text === '-a' || w.text === '--all')! };
      return hit(positional[0], positional[0]);
    case 'networkctl':
      return p[0] === 'down' ? hit(positional[0], positional[1]) : undefined;
    case 'nmcli': {
      // nmcli [-w N] networking off | device disconnect|down IF | connection down ID
      if (/^n(e(t(w(o(r(k(i(n(g)?)?)?)?)?)?)?)?)?$/.test(p[0] ?? '') && p[0] !== 'n' && p[1] === 'off') return { word: positional[1]! };
      const dev = /^d(e(v(i(c(e)?)?)?)?)?$/.test(p[0] ?? '') && (p[1] === 'disconnect' || p[1] === 'down');
      const con = /^c(o(n(n(e(c(t(i(o(n)?)?)?)?)?)?)?)?)?$/.test(p[0] ?? '') && p[1] === 'down';
      // `nmcli connection down id "Office LAN"`: id, uuid, path and apath name how the connection is given.
      const name = con && /^(?:id|uuid|path|apath)$/.test(p[2] ?? '') ? positional[3] : positional[2];
      return dev || con ? hit(positional[1], name) : undefined;
    }
  }
  return undefined;
}

const NET_TOOLS: ReadonlySet<string> = new Set(['ip', 'ifconfig', 'ifdown', 'networkctl', 'nmcli']);
