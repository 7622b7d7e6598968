/**
 * Finding bubblewrap and checking that it can make a sandbox here, before anything runs: no
 * bubblewrap, no user namespaces, or a kernel or container that refuses them is said plainly,
 * and the sandbox does not start (there is no fallback to running the command unsandboxed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runBounded } from '../run';

/** The Debian/Ubuntu package, and where it installs the program. */
export const BWRAP_PACKAGE = 'bubblewrap';
const SYSTEM_BWRAP = '/usr/bin/bwrap';

function executable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return false;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The bubblewrap program: the system's (root-owned, /usr/bin) first, so a `bwrap` someone put
 * earlier in PATH cannot stand in for it; else the first on PATH.
 */
export function findBwrap(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  if (executable(SYSTEM_BWRAP)) return SYSTEM_BWRAP;
  for (const dir of (env['PATH'] ?? '').split(path.delimiter)) {
    if (dir && path.isAbsolute(dir) && executable(path.join(dir, 'bwrap'))) return path.join(dir, 'bwrap');
  }
  return undefined;
}

export type SandboxSupport = { ok: true; bwrap: string } | { ok: false; reason: string };

/** Why the sandbox cannot run on this machine, in words a person can act on; ok when it can. */
export async function checkSandboxSupport(env: Readonly<Record<string, string | undefined>> = process.env, platform: NodeJS.Platform = process.platform): Promise<SandboxSupport> {
  if (platform !== 'linux') return { ok: false, reason: `the sandbox runs on Linux only (this is ${platform}); nothing was started` };
  const bwrap = findBwrap(env);
  if (!bwrap) {
    return {
      ok: false,
      reason: `bubblewrap (bwrap) is not installed; install the ${BWRAP_PACKAGE} package (Debian, Ubuntu: sudo apt install ${BWRAP_PACKAGE}; Fedora: sudo dnf install ${BWRAP_PACKAGE}); nothing was started`,
    };
  }
  // The same kinds of namespaces and mounts as the real sandbox, running /bin/true.
  const probe = await runBounded(bwrap, ['--unshare-all', '--die-with-parent', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--', '/bin/true'], {
    cwd: '/',
    env: { PATH: env['PATH'] ?? '/usr/bin:/bin' },
    timeoutMs: 15_000,
  });
  if (probe.code === 0) return { ok: true, bwrap };
  const said = probe.stderr.toString('utf8').trim().split('\n').pop() ?? '';
  if (probe.spawnError) return { ok: false, reason: `${bwrap} could not be started (${probe.spawnError.message}); nothing was started` };
  if (/namespace|uid map|uid_map|Operation not permitted|Permission denied|No permissions/i.test(said)) {
    return {
      ok: false,
      reason:
        `bubblewrap cannot create the sandbox's namespaces (${said || `exit ${probe.code}`}): user namespaces are off for this user. ` +
        'Check `sysctl kernel.unprivileged_userns_clone` and `user.max_user_namespaces` (both must allow them), ' +
        'an AppArmor rule for bwrap (Ubuntu 24.04 restricts unprivileged user namespaces), ' +
        'or the container you run in (it must allow creating namespaces); nothing was started',
    };
  }
  return { ok: false, reason: `bubblewrap cannot create a sandbox here (${said || `exit ${probe.code}`}); nothing was started` };
}
