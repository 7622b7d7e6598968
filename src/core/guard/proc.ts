/**
 * What Linux's /proc says about a process and the sockets it listens on: the facts the proofs in
 * proof.ts are built from. Reads files only (no child processes), so a hook call can afford it;
 * kept free of anything but node:fs and node:os, because the hook's launcher loads it on every
 * call. Every function answers `undefined` (or an empty list) when /proc cannot tell, and never
 * throws.
 *
 * Not available elsewhere: macOS and Windows have no /proc (see docs/hooks.md, "Proving the
 * editor"), and `procAvailable()` says so.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat's times: USER_HZ, 100 on every Linux architecture. */
const TICKS_PER_SECOND = 100;

/** One process, as /proc shows it. */
export interface ProcInfo {
  pid: number;
  ppid: number;
  /** The session it belongs to (the session leader's pid). */
  session: number;
  /** Its controlling terminal's device number; 0 when it has none. */
  ttyNr: number;
  /** When it started, in milliseconds since the epoch (to about 10 ms). */
  startedMs: number;
  /** The program it runs (the target of /proc/<pid>/exe); '' when that cannot be read. */
  exe: string;
  /** Its command line as it was exec'ed. */
  argv: string[];
}

/** True on a system with a Linux /proc. */
export function procAvailable(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    fs.accessSync('/proc/self/stat', fs.constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Milliseconds since boot, from /proc/uptime (CLOCK_BOOTTIME, like the start times in stat). */
function uptimeMs(): number | undefined {
  const up = Number.parseFloat(read('/proc/uptime') ?? '');
  return Number.isFinite(up) ? up * 1000 : undefined;
}

/** The process `pid` as /proc shows it, or undefined when it does not exist (or /proc cannot tell). */
export function readProc(pid: number): ProcInfo | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // `pid (comm) state ppid pgrp session tty_nr …`: comm may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  const session = Number(fields[3]);
  const ttyNr = Number(fields[4]);
  const startTicks = Number(fields[19]);
  const up = uptimeMs();
  if (!Number.isFinite(ppid) || !Number.isFinite(startTicks) || up === undefined) return undefined;
  const startedMs = Date.now() - (up - (startTicks / TICKS_PER_SECOND) * 1000);
  const cmdline = read(`/proc/${pid}/cmdline`) ?? '';
  const argv = cmdline.split('\0');
  if (argv[argv.length - 1] === '') argv.pop();
  let exe = '';
  try {
    exe = fs.readlinkSync(`/proc/${pid}/exe`);
  } catch {
    // a kernel thread, or a process of another user
  }
  return { pid, ppid, session, ttyNr, startedMs, exe, argv };
}

/** The environment `pid` was started with (later changes are not visible), or undefined. */
export function readEnviron(pid: number): Map<string, string> | undefined {
  const text = read(`/proc/${pid}/environ`);
  if (text === undefined) return undefined;
  const env = new Map<string, string>();
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
  }
  return env;
}

/** The working directory of `pid`, or undefined. */
export function processCwd(pid: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

/**
 * `pid` and its ancestors, nearest first, up to (not including) pid 1 or `max` processes.
 * Stops where /proc cannot tell.
 */
export function ancestry(pid: number, max = 64): ProcInfo[] {
  const out: ProcInfo[] = [];
  let p = pid;
  while (p > 1 && out.length < max) {
    const info = readProc(p);
    if (!info) break;
    out.push(info);
    p = info.ppid;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sockets

/** A listening TCP socket: its local address (`127.0.0.1`, `::1`, `0.0.0.0`, …) and its inode. */
export interface Listener {
  address: string;
  port: number;
  inode: string;
}

const LISTEN = '0A';

/** One 32-bit word of /proc/net/tcp's hex address, printed in host byte order, as four bytes in network order. */
function wordBytes(hex8: string): number[] {
  const b = [0, 2, 4, 6].map((i) => Number.parseInt(hex8.slice(i, i + 2), 16));
  return os.endianness() === 'LE' ? b.reverse() : b;
}

function ipv4(hex: string): string {
  return wordBytes(hex).join('.');
}

function ipv6(hex: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 8) bytes.push(...wordBytes(hex.slice(i, i + 8)));
  // IPv4-mapped (::ffff:a.b.c.d): reported as the IPv4 address, the way the socket is reached.
  if (bytes.slice(0, 10).every((x) => x === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return normalizeIPv6(groups.join(':'));
}

/** `0:0:0:0:0:0:0:1` → `::1`: the longest run of zero groups folded. */
function normalizeIPv6(full: string): string {
  const groups = full.split(':');
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

const SYN_RECV = '03';
/** Bytes per read of /proc/net/tcp*: about one line, so the kernel formats little beyond what is used. */
const READ_BYTES = 256;

/**
 * The listening sockets in /proc/net/tcp (IPv4) or tcp6 (IPv6), read lazily. The kernel lists
 * the listening sockets first, then walks the whole table of established connections, which
 * costs ~10 ms on a busy machine whatever the socket count; reading in small pieces and
 * stopping at the first line of that second part (or as soon as the caller has what it wants)
 * keeps the cost to a few lines. Old kernels list half-open requests (SYN_RECV) among the
 * listeners: skipped.
 */
function* listeners(ipv6Table: boolean): Generator<Listener> {
  let fd: number;
  try {
    fd = fs.openSync(ipv6Table ? '/proc/net/tcp6' : '/proc/net/tcp', 'r');
  } catch {
    return;
  }
  const parse = ipv6Table ? ipv6 : ipv4;
  const buf = Buffer.alloc(READ_BYTES);
  let rest = '';
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) return;
      const lines = (rest + buf.toString('latin1', 0, n)).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const f = line.trim().split(/\s+/);
        const state = f[3];
        if (state === undefined || state === 'st') continue; // the header
        if (state === SYN_RECV) continue;
        if (state !== LISTEN) return;
        const local = f[1] ?? '';
        const colon = local.lastIndexOf(':');
        const inode = f[9];
        if (colon < 0 || !inode || inode === '0') continue;
        yield { address: parse(local.slice(0, colon)), port: Number.parseInt(local.slice(colon + 1), 16), inode };
      }
    }
  } catch {
    return;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Who listens on `address`:`port` (an IPv4 or IPv6 literal, compared as the kernel prints it):
 * `held` when one of those sockets is an open file of `pid`, `other` when sockets listen there
 * but none is `pid`'s, `none` when nothing listens there.
 */
export function listenerOf(address: string, port: number, pid: number): 'held' | 'other' | 'none' {
  let seen = false;
  for (const l of listeners(address.includes(':'))) {
    if (l.port !== port || l.address !== address) continue;
    if (holdsSocket(pid, l.inode)) return 'held';
    seen = true;
  }
  return seen ? 'other' : 'none';
}

/** True when one of `pid`'s open files is the socket `inode`. */
export function holdsSocket(pid: number, inode: string): boolean {
  const want = `socket:[${inode}]`;
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === want) return true;
    } catch {
      // closed meanwhile
    }
  }
  return false;
}
