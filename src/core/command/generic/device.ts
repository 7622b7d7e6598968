/**
 * A whole block device as the destination of a write, for any tool: an image converted, copied,
 * flashed or restored onto `/dev/sdb`, `/dev/nvme0n1`, `/dev/disk/by-id/…` or
 * `\\.\PhysicalDrive1` replaces everything on that disk.
 *
 *   bmaptool copy image.wic.bz2 /dev/mmcblk0         the last of several operands of `copy`
 *   balena local flash os.img --drive /dev/disk2     an output option naming the disk
 *   zstd -d disk.img.zst -o /dev/nvme1n1             the value of an output option
 *
 * Read-only forms stay quiet: the device as the only operand (`smartctl -a /dev/sda`, `hdparm -I`,
 * `blkid`), as a source (`bmaptool copy /dev/sdb out.img`, `cp /dev/sda disk.img`), or in a
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
  '-o', '-O', '--output', '--output-file', '--out', '--outfile', '-of', '--target', '--dest', '--destination', '--dst', '--to',
  '--drive', '--output-device', '--target-device', '-target', '-dest', '-destination', '-output', '--overwrite',
]);

/** A whole disk or a partition: `/dev/sdb`, `/dev/nvme0n1p2`, `\\.\PhysicalDrive1`. */
export function isDiskDevice(t: string): boolean {
  if (t.length < 6) return false;
  if (t.charCodeAt(0) === 92) return /^\\\\[.?]\\PhysicalDrive\d+$/i.test(t);
  return t.startsWith('/dev/') && isBlockDevice(t);
}

export interface DeviceWrite {
  /** The device written over (for `--output=/dev/sdb`, the value's text on the option's word). */
  device: Word;
}

/**
 * The device a command writes over, or undefined. `path` and `program` carry the write verb for
 * the operand form; the option form needs no verb (an output option names where it writes).
 */
export function deviceWrite(program: string, args: readonly Word[], path: readonly Word[], operands: readonly Word[]): DeviceWrite | undefined {
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const t = w.text;
    if (w.dynamic) continue;
    // `of=/dev/sdb` (dd-style tools: dcfldd, dc3dd), `id=0,dest=/dev/sdb1` (fsarchiver).
    const of = t.startsWith('of=') ? 3 : t.indexOf('dest=') >= 0 ? t.indexOf('dest=') + 5 : -1;
    if (of >= 0 && isDiskDevice(t.slice(of).split(',')[0]!)) return { device: { ...w, text: t.slice(of).split(',')[0]! } };
    if (t.charCodeAt(0) !== 45) continue;
    const eq = t.indexOf('=');
    if (!OUTPUT_OPTIONS.has(eq > 0 ? t.slice(0, eq) : t)) continue;
    if (eq > 0 && isDiskDevice(t.slice(eq + 1))) return { device: { ...w, text: t.slice(eq + 1) } };
    const next = args[i + 1];
    if (eq < 0 && next && !next.dynamic && isDiskDevice(next.text)) return { device: next };
  }
  if (operands.length < 2) return undefined;
  const last = operands[operands.length - 1]!;
  if (last.dynamic || !isDiskDevice(last.text)) return undefined;
  const writes = path.some((w) => tokensOf(w.text).some((t) => WRITE_WORDS.has(t))) || tokensOf(program).some((t) => WRITE_WORDS.has(t));
  return writes ? { device: last } : undefined;
}
