/**
 * Where the allowed signers file comes from (node-only). It says whose signing key is whose, so
 * it must be out of the reach of the branch under review:
 *
 * 1. `signoff.allowedSignersFile` in `.blast-radius.json` at the tip of the base branch: the path,
 *    and the file, are read from the base commit, never from HEAD or the working tree;
 * 2. else the git config `gpg.ssh.allowedSignersFile` of the machine that runs verify (in CI, the
 *    job's own). A path inside the repository's working tree is read from the base as in 1,
 *    since the working tree holds the branch's version;
 * 3. else none: no SSH signature can be verified (OpenPGP ones still can, by the keyring).
 *
 * The file is copied to a private temporary folder, handed to git, and removed afterwards.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_POLICY_FILE } from '../policy/load';
import { configPath, readBlobs, runGit, type BaseRevision, type GitRunner } from './git';
import { readRegularFile } from '../safeRead';

/** An allowed signers file is a few lines per person; larger ones are refused unread. */
export const MAX_ALLOWED_SIGNERS_BYTES = 1024 * 1024;

export interface AllowedSigners {
  kind: 'base' | 'git-config' | 'none';
  /** A repository path (kind `base`) or a file path (kind `git-config`). */
  path?: string;
  /** Where it came from, in words. */
  source: string;
  /** What went wrong finding or reading it (then no SSH signature is verified). */
  problems: string[];
}

/** Where to read the allowed signers from: a repository path at the base tip, a file, or nothing. */
export function locateAllowedSigners(root: string, base: BaseRevision, policyPath: string | undefined, git: GitRunner = runGit): AllowedSigners {
  const at = `${base.label} (${base.tip.slice(0, 10)})`;
  if (policyPath !== undefined) return { kind: 'base', path: policyPath, source: `${policyPath} at ${at}, named by signoff.allowedSignersFile in ${DEFAULT_POLICY_FILE} there`, problems: [] };
  const configured = configPath(root, 'gpg.ssh.allowedSignersFile', git);
  if (configured === undefined) {
    return { kind: 'none', source: `none (set signoff.allowedSignersFile in ${DEFAULT_POLICY_FILE} on the base branch, or git config gpg.ssh.allowedSignersFile where verify runs)`, problems: [] };
  }
  const abs = path.resolve(root, configured);
  const rel = path.relative(root, abs);
  if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    const repoPath = rel.split(path.sep).join('/');
    return { kind: 'base', path: repoPath, source: `${repoPath} at ${at} (git config gpg.ssh.allowedSignersFile points into the working tree, which holds the branch's copy; the base's is used)`, problems: [] };
  }
  return { kind: 'git-config', path: abs, source: `${abs} (git config gpg.ssh.allowedSignersFile)`, problems: [] };
}

function readContent(root: string, base: BaseRevision, s: AllowedSigners, git: GitRunner): Buffer | undefined {
  if (s.kind === 'base') {
    const blob = readBlobs(root, [`${base.tip}:${s.path!}`], git).get(`${base.tip}:${s.path!}`) ?? null;
    if (blob === null) s.problems.push(`the allowed signers file ${s.path!} is not a file at ${base.label} (${base.tip.slice(0, 10)}), so no SSH signature can be verified`);
    else if (blob.length > MAX_ALLOWED_SIGNERS_BYTES) s.problems.push(`the allowed signers file ${s.path!} is larger than ${MAX_ALLOWED_SIGNERS_BYTES} bytes; it was not read`);
    else return blob;
    return undefined;
  }
  if (s.kind === 'git-config') {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(s.path!);
    } catch {
      s.problems.push(`the allowed signers file ${s.path!} (git config gpg.ssh.allowedSignersFile) does not exist, so no SSH signature can be verified`);
      return undefined;
    }
    if (!st.isFile()) s.problems.push(`the allowed signers file ${s.path!} is not a regular file; it was not read`);
    else if (st.size > MAX_ALLOWED_SIGNERS_BYTES) s.problems.push(`the allowed signers file ${s.path!} is larger than ${MAX_ALLOWED_SIGNERS_BYTES} bytes; it was not read`);
    else {
      const read = readRegularFile(s.path!, { maxBytes: MAX_ALLOWED_SIGNERS_BYTES, followSymlinks: false });
      if (read.ok) return read.data;
      s.problems.push(`the allowed signers file ${s.path!} cannot be read (${read.reason})`);
    }
  }
  return undefined;
}

/**
 * Runs `use` with the path of a private copy of the allowed signers (an empty file when there are
 * none, so git still reports every signature as unverified rather than failing), then removes it.
 */
export function withAllowedSigners<T>(root: string, base: BaseRevision, policyPath: string | undefined, git: GitRunner, use: (file: string, signers: AllowedSigners) => T): T {
  const signers = locateAllowedSigners(root, base, policyPath, git);
  const content = readContent(root, base, signers, git) ?? Buffer.alloc(0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-signers-'));
  try {
    const file = path.join(dir, 'allowed_signers');
    fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
    return use(file, signers);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
