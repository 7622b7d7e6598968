/**
 * A whole block device as the destination of a write, for any tool: an image converted, copied,
 * flashed or restored onto `/dev/sdb`, `/dev/nvme0n1`, `/dev/disk/by-id/…` or
 * `\\.\PhysicalDrive1` replaces everything on that disk.
 *
 *   qemu-img convert -O raw ubuntu.qcow2 /dev/sdb    the last of several operands of `convert`
 *   bmaptool copy image.wic.bz2 /dev/mmcblk0         … of `copy`
 *   zstd -d disk.img.zst -o /dev/nvme1n1             the value of an output option
 *
 * Read-only forms stay quiet: the device as the only operand (`smartctl -a /dev/sda`, `hdparm -I`,
 * `blkid`), as a source (`qemu-img convert /dev/sdb out.qcow2`, `cp /dev/sda disk.img`), or in a
 * tool that mounts or lists (`mount /dev/sdb1 /mnt`, `lsblk -o NAME /dev/sda`).
 */
import type { Word } from '../../shell/model';
import { isBlockDevice } from '../paths';
import { tokensOf } from './verbs';

/** Subcommand or program-name words that write their last operand. */
const WRITE_WORDS: ReadonlySet<string> = new Set([
  'copy', 'cp', 'convert', 'write', 'writer', 'restore', 'clone', 'flash', 'flasher', 'burn', 'dd', 'image', 'imager', 'load', 'put',
  'sync', 'mirror', 'transfer', 'extract', 'unpack', 'decompress', 'deploy', 'apply', 'provision',
]);

/** Options whose value is where the tool writes. */
const OUTPUT_OPTIONS: ReadonlySet<string> = new Set([
  '-o', '-O', '--output', '--output-file', '--out', '--outfile', '-of', 'of', '--target', '--dest', '--destination', '--dst', '--to',
  '--drive', '--output-device', '--target-device', '-target', '-dest', '-destination', '-output',
]);

/** A whole disk or a partition: `/dev/sdb`, `/dev/nvme0n1p2`, `\\.\PhysicalDrive1`. */
export function isDiskDevice(t: string): boolean {
  if (t.length < 6) return false;
  if (t.charCodeAt(0) === 92) return /^\\\\[.?]\\PhysicalDrive\d+$/i.test(t);
  return t.startsWith('/dev/') && isBlockDevice(t);
}

export interface DeviceWrite {
  /** The device written over. */
  device: Word;
  /** Where the write was read: the operand before the device, or the output option. */
  at: Word;
  /** `operand`: the device ends the operands; `option`: it is an output option's value. */
  form: 'operand' | 'option';
}

/**
 * The device a command writes over, or undefined. `path` and `program` carry the write verb for
 * the operand form; the option form needs no verb (an output option names where it writes).
 */
export function deviceWrite(program: string, path: readonly Word[], operands: readonly Word[], flags: readonly { word: Word; value?: Word }[]): DeviceWrite | undefined {
  for (const f of flags) {
    const t = f.word.text;
    const eq = t.indexOf('=');
    const name = eq > 0 ? t.slice(0, eq) : t;
    if (!OUTPUT_OPTIONS.has(name)) continue;
    const value = eq > 0 ? t.slice(eq + 1) : f.value?.text;
    if (value !== undefined && isDiskDevice(value)) return { device: eq > 0 ? { ...f.word, text: value } : f.value!, at: f.word, form: 'option' };
  }
  for (const w of operands) {
    // `of=/dev/sdb` as an operand (dd-style tools: ddrescue front-ends, dcfldd, dc3dd).
    if (w.text.startsWith('of=') && !w.dynamic && isDiskDevice(w.text.slice(3))) return { device: { ...w, text: w.text.slice(3) }, at: w, form: 'option' };
  }
  if (operands.length < 2) return undefined;
  const last = operands[operands.length - 1]!;
  if (last.dynamic || !isDiskDevice(last.text)) return undefined;
  const writes = path.some((w) => tokensOf(w.text).some((t) => WRITE_WORDS.has(t))) || tokensOf(program).some((t) => WRITE_WORDS.has(t));
  if (!writes) return undefined;
  return { device: last, at: operands[operands.length - 2]!, form: 'operand' };
}
