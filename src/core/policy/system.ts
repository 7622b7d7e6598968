/**
 * The system policy: a policy file an administrator puts where the agent cannot write, and that
 * beats the user's settings and the workspace.
 *
 *   Linux, macOS   /etc/blast-radius/policy.json
 *   Windows        %ProgramData%\BlastRadius\policy.json
 *
 * It counts as the administrator's (it may loosen the defaults, and the user's settings then
 * only tighten) only when it is **protected**: on Linux and macOS a regular file owned by root
 * (uid 0) that neither its group nor others may write, in folders that are all owned by root and
 * not writable by group or others, all the way up from `/` (a symbolic link on the way is
 * followed, and its target is held to the same rule). A system policy that is not protected is
 * still read, but tighten-only, with a visible warning: it keeps every protection it adds, and
 * cannot loosen anything (whoever could write it may be the agent).
 *
 * Windows: Node cannot read a file's owner and access list, and `%ProgramData%` lets every user
 * create folders, so the file there is always applied tighten-only; an administrator who wants
 * to loosen for everyone uses VS Code's managed settings and the editor (see docs/policy.md).
 *
 * `BLAST_RADIUS_EXTRA_POLICY` names one more policy file for tests and for trying a policy out.
 * It can only add protection: it is applied tighten-only, after the system policy, and never
 * replaces or hides it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathExists, readRegularText } from '../safeRead';
import { MAX_POLICY_FILE_BYTES, loadPolicyFile } from './file';
import type { ParsedPolicy } from './resolve';
import type { PolicyProblem } from './types';

export const POSIX_SYSTEM_POLICY_FILE = '/etc/blast-radius/policy.json';

/** An extra, tighten-only policy file (tests, trying a policy out); never replaces the system one. */
export const EXTRA_POLICY_ENV = 'BLAST_RADIUS_EXTRA_POLICY';

type Env = Readonly<Record<string, string | undefined>>;

/** Where the system policy file is on this platform. */
export function systemPolicyFile(platform: NodeJS.Platform = process.platform, env: Env = process.env): string {
  if (platform === 'win32') return path.win32.join(env['ProgramData'] || env['ALLUSERSPROFILE'] || 'C:\\ProgramData', 'BlastRadius', 'policy.json');
  return POSIX_SYSTEM_POLICY_FILE;
}

export type Protection = { protected: true; realPath: string } | { protected: false; why: string };

/** Most symbolic links followed on the way to the file, as the kernel's own limit. */
const MAX_LINKS = 40;

function ownerProblem(st: fs.Stats, what: string): string | undefined {
  if (st.uid !== 0) return `${what} is owned by uid ${st.uid}, not root`;
  if ((st.mode & 0o002) !== 0) return `${what} is writable by everyone`;
  if ((st.mode & 0o020) !== 0) return `${what} is writable by its group`;
  return undefined;
}

/**
 * Whether `file` is protected (POSIX): every folder from `/` down, every link on the way and the
 * file itself owned by root and not writable by group or others. Reads only metadata.
 */
export function checkProtected(file: string): Protection {
  if (!path.isAbsolute(file)) return { protected: false, why: `${file} is not an absolute path` };
  let pending = path.resolve(file).split('/').filter(Boolean);
  let at = '/';
  let links = 0;
  try {
    const rootProblem = ownerProblem(fs.lstatSync('/'), 'the folder /');
    if (rootProblem) return { protected: false, why: rootProblem };
    while (pending.length > 0) {
      const name = pending.shift()!;
      if (name === '.') continue;
      if (name === '..') {
        at = path.dirname(at);
        continue;
      }
      const next = path.join(at, name);
      const st = fs.lstatSync(next);
      if (st.isSymbolicLink()) {
        // the link lives in `at`, already checked: nobody else can replace it; follow its target
        if (++links > MAX_LINKS) return { protected: false, why: `too many symbolic links on the way to ${file}` };
        const target = fs.readlinkSync(next);
        const resolved = path.isAbsolute(target) ? target : path.join(at, target);
        pending = [...resolved.split('/').filter(Boolean), ...pending];
        at = '/';
        continue;
      }
      const last = pending.length === 0;
      const problem = ownerProblem(st, last ? `the file ${next}` : `the folder ${next}`);
      if (problem) return { protected: false, why: problem };
      if (!last && !st.isDirectory()) return { protected: false, why: `${next} is not a folder` };
      if (last && !st.isFile()) return { protected: false, why: `${next} is not a regular file` };
      at = next;
    }
    return { protected: true, realPath: at };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    return { protected: false, why: `${file} could not be checked (${code ?? String(e)})` };
  }
}

export interface SystemPolicyOptions {
  /** The system policy file (default: this platform's). */
  file?: string;
  platform?: NodeJS.Platform;
  env?: Env;
}

/**
 * The system policy layers: the system file (verified when protected) and the extra file of
 * `BLAST_RADIUS_EXTRA_POLICY`, each only when it exists. An unprotected system file comes with a
 * problem saying why, and is tighten-only. Never throws.
 */
export async function loadSystemPolicy(options: SystemPolicyOptions = {}): Promise<ParsedPolicy[]> {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const file = options.file ?? systemPolicyFile(platform, env);
  const layers: ParsedPolicy[] = [];
  if (pathExists(file)) {
    const protection: Protection = platform === 'win32' ? { protected: false, why: 'on Windows the owner and access list of the file cannot be checked' } : checkProtected(file);
    const layer = await loadPolicyFile(protection.protected ? protection.realPath : file, 'system');
    const warning: PolicyProblem[] = protection.protected
      ? []
      : [{ source: 'system', path: '', file, message: `${file} is not protected (${protection.why}): it is applied tighten-only, and cannot allow or disable anything, until it is owned by root and writable by root only` }];
    layers.push({ ...layer, file, verified: protection.protected, problems: [...warning, ...layer.problems] });
  }
  const extra = env[EXTRA_POLICY_ENV];
  if (extra && extra.trim() !== '') {
    const abs = path.resolve(extra);
    const layer = await loadPolicyFile(abs, 'system');
    // tighten-only whatever its owner: an environment variable is no place an agent cannot write
    layers.push({ ...layer, verified: false });
    if (!pathExists(abs)) layers[layers.length - 1]!.problems.push({ source: 'system', path: '', file: abs, message: `${EXTRA_POLICY_ENV} names ${abs}, which does not exist; nothing was added` });
  }
  return layers;
}

/** The text of each system policy file that exists (the system file, then the extra one), read synchronously. */
export function systemPolicyTexts(options: SystemPolicyOptions = {}): { file: string; text: string }[] {
  const env = options.env ?? process.env;
  const files = [options.file ?? systemPolicyFile(options.platform ?? process.platform, env)];
  const extra = env[EXTRA_POLICY_ENV];
  if (extra && extra.trim() !== '') files.push(path.resolve(extra));
  const out: { file: string; text: string }[] = [];
  for (const file of files) {
    const r = readRegularText(file, { maxBytes: MAX_POLICY_FILE_BYTES });
    if (r.ok) out.push({ file, text: r.text });
  }
  return out;
}

/** A stamp of the system policy files (for caches that reread them when they change). */
export function systemPolicyStamp(options: SystemPolicyOptions = {}): string {
  const env = options.env ?? process.env;
  const files = [options.file ?? systemPolicyFile(options.platform ?? process.platform, env), env[EXTRA_POLICY_ENV] ?? ''];
  return files.map((f) => fileStamp(f)).join('|');
}

/** Size, modification time and inode of a file ('' when there is none): a change means reload. */
export function fileStamp(file: string): string {
  if (!file) return '';
  try {
    const st = fs.statSync(file);
    return `${st.size}:${st.mtimeMs}:${st.ino}:${st.mode}:${st.uid}`;
  } catch {
    return '';
  }
}
