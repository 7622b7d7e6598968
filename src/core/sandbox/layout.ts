/**
 * The sandbox's file system, as bubblewrap arguments: the root read-only, fresh /tmp, /var/tmp
 * and /run, a minimal /dev and a /proc of the sandbox's own processes; the workspace and the
 * agent's own folders writable; inside them the protected places read-only again; the runtime
 * folder replaced by a read-only copy of the records the guard needs; the keys in ~/.ssh and
 * ~/.gnupg hidden. Mounts are given parents first, so a place deeper in the tree wins.
 *
 * Pure but for reading the file system (what exists); the runner makes what `create` lists
 * before it starts bubblewrap. docs/security.md ("A hard boundary") has the same table for people.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AGENT_FOLDERS, HIDDEN_HOME_DIRS, type PlacesInput, type Protected, protectedPlaces, realOrResolved, refusedWritable, within } from './places';

export interface LayoutInput extends PlacesInput {
  /** Where the command starts. */
  cwd: string;
  /** Folders the person opened for writing with `--allow-write`. */
  allowWrite: readonly string[];
  /** Share the host's network (`--share-net`); otherwise the sandbox has its own, with loopback only. */
  shareNet: boolean;
  /** The read-only copy of the runtime records, and the folders it stands in for inside. */
  mirror: { dir: string; at: readonly string[] };
  /** The relay's socket outside, and where it appears inside. */
  relay: { socket: string; inside: string };
  /** A private folder inside for the shells' line files (the runtime folder is read-only). */
  shellRunDir: string;
  /** The file descriptor bubblewrap writes its `child-pid` to. */
  infoFd: number;
  /** Variables set inside. */
  setenv: readonly (readonly [string, string])[];
  /** What runs inside. */
  command: readonly string[];
}

export interface SandboxLayout {
  args: string[];
  /** Places the sandbox opens for writing (real paths). */
  writable: string[];
  /** Protected places inside writable ones, bound read-only (created first when listed in `create`). */
  readOnly: Protected[];
  /** Missing protected places the runner makes before the start (folders, and files with an empty form). */
  create: Protected[];
  /** Missing agent folders the runner makes before the start. */
  createWritable: string[];
  /** Missing protected places inside writable ones that cannot be covered without writing a file nobody asked for. */
  uncovered: Protected[];
  /** Protected places that are symbolic links: what they point to is covered, the link itself is not. */
  links: Protected[];
  /** Folders hidden inside. */
  hidden: string[];
  /** Reasons the sandbox cannot start as asked (a folder that cannot be opened for writing). */
  problems: string[];
}

/** Folders replaced by fresh, empty ones inside (sockets of the host's services live there). */
const FRESH = ['/tmp', '/var/tmp', '/run'];

type Kind = 'file' | 'dir' | 'link' | 'other';

function kindOf(p: string): Kind | undefined {
  try {
    const st = fs.lstatSync(p);
    return st.isSymbolicLink() ? 'link' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
  } catch {
    return undefined;
  }
}

/** The real path of a place that may not exist yet: its nearest existing parent resolved. */
function realish(p: string): string {
  if (kindOf(p) !== undefined) return realOrResolved(p);
  const parent = path.dirname(p);
  return parent === p ? p : path.join(realish(parent), path.basename(p));
}

export function sandboxLayout(input: LayoutInput): SandboxLayout {
  const out: SandboxLayout = { args: [], writable: [], readOnly: [], create: [], createWritable: [], uncovered: [], links: [], hidden: [], problems: [] };
  const home = realOrResolved(input.home);
  const fresh = [...FRESH];
  if (kindOf('/var/run') === 'dir') fresh.push('/var/run');

  // writable places: the workspace, the agent's own folders, what the person opened
  const workspace = realOrResolved(input.workspace);
  const why = refusedWritable(workspace, home);
  if (why) out.problems.push(`the workspace cannot be ${workspace}: ${why}`);
  out.writable.push(workspace);
  for (const rel of input.agent ? AGENT_FOLDERS[input.agent] : []) {
    const abs = path.join(home, rel);
    const k = kindOf(abs);
    if (rel.endsWith('/')) {
      if (k === undefined) out.createWritable.push(abs.replace(/\/$/, ''));
      else if (k !== 'dir' && k !== 'link') continue;
      out.writable.push(realish(abs.replace(/\/$/, '')));
    } else if (k === 'file' || k === 'link') out.writable.push(realOrResolved(abs));
  }
  for (const w of input.allowWrite) {
    const abs = realOrResolved(w);
    const k = kindOf(abs);
    if (k !== 'dir' && k !== 'file') {
      out.problems.push(`--allow-write ${w}: no such file or folder`);
      continue;
    }
    const refused = refusedWritable(abs, home);
    if (refused) out.problems.push(`--allow-write ${w}: ${refused}`);
    else out.writable.push(abs);
  }
  const writable = [...new Set(out.writable)];
  out.writable = writable;
  const inWritable = (p: string): boolean => writable.some((w) => within(p, w));

  // protected places inside the writable ones
  for (const p of protectedPlaces({ ...input, workspace, home })) {
    const k = kindOf(p.path);
    if (k === 'link') {
      const target = realOrResolved(p.path);
      if (inWritable(realish(p.path)) || inWritable(target)) out.links.push(p);
      if (inWritable(target) && kindOf(target) !== undefined) out.readOnly.push({ ...p, path: target });
      continue;
    }
    const real = realish(p.path);
    if (!inWritable(real)) continue;
    if (k !== undefined) out.readOnly.push({ ...p, path: real });
    else if (p.missing === 'harmless') continue;
    else if (p.missing) {
      out.create.push({ ...p, path: real });
      out.readOnly.push({ ...p, path: real });
    } else out.uncovered.push({ ...p, path: real });
  }

  const a = out.args;
  // every namespace, a user namespace always (also for root: no capability survives inside)
  a.push('--unshare-all', '--unshare-user');
  if (input.shareNet) a.push('--share-net');
  a.push('--die-with-parent', '--new-session', '--cap-drop', 'ALL', '--info-fd', String(input.infoFd));
  a.push('--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc');
  for (const f of fresh) a.push('--tmpfs', f);
  if (input.shareNet) {
    // name resolution through files or services under /run (systemd-resolved)
    const resolv = realOrResolved('/etc/resolv.conf');
    for (const p of [resolv, '/run/systemd/resolve']) {
      if (fresh.some((f) => within(p, f)) && kindOf(p) !== undefined) a.push('--ro-bind', p, p);
    }
  }
  // what must stay readable although a fresh folder covers it (a home folder or an installation in /tmp)
  const guardDir = input.env['BLAST_RADIUS_GUARD_DIR'];
  const readable = [home, realOrResolved(input.installRoot), realOrResolved(input.cwd), ...(guardDir ? [realOrResolved(guardDir)] : [])];
  const covered = [...new Set(readable)].filter((r) => fresh.some((f) => within(r, f)) && !inWritable(r) && kindOf(r) !== undefined);
  for (const r of covered.sort(byDepth)) if (!covered.some((o) => o !== r && within(r, o))) a.push('--ro-bind', r, r);
  for (const rel of HIDDEN_HOME_DIRS) {
    const d = path.join(home, rel);
    if (kindOf(d) === 'dir') {
      out.hidden.push(d);
      a.push('--tmpfs', d, '--remount-ro', d);
    }
  }
  // writable places, then protected places inside them (deeper mounts later; on a tie, protected wins)
  const mounts = [...writable.map((p) => ({ p, rw: true })), ...out.readOnly.map((r) => ({ p: r.path, rw: false }))];
  mounts.sort((x, y) => byDepth(x.p, y.p) || Number(x.rw === false) - Number(y.rw === false));
  const seen = new Set<string>();
  for (const m of mounts) {
    const key = `${m.rw}\0${m.p}`;
    if (seen.has(key)) continue;
    seen.add(key);
    a.push(m.rw ? '--bind' : '--ro-bind', m.p, m.p);
  }
  // the runtime folder: only the read-only copy of the records the guard needs
  for (const at of [...new Set(input.mirror.at)]) a.push('--ro-bind', input.mirror.dir, at);
  a.push('--perms', '0700', '--dir', input.shellRunDir);
  a.push('--ro-bind', input.relay.socket, input.relay.inside);
  for (const [k, v] of input.setenv) a.push('--setenv', k, v);
  a.push('--chdir', realOrResolved(input.cwd));
  a.push('--', ...input.command);
  return out;
}

/** Shallower paths first. */
function byDepth(a: string, b: string): number {
  return a.split('/').length - b.split('/').length || a.localeCompare(b);
}
