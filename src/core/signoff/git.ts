/**
 * The few git questions sign-off asks, in one small node-only module (everything else in
 * src/core/signoff is pure). Each function runs `git` through src/core/git.ts (fixed arguments,
 * no shell), reads bytes, and turns a failure into a `GitError` with one line saying what to do.
 */
import { byPath, GitError, parseNameStatus, runGit, type ChangedFile, type GitRunner } from '../git';
import type { Identity } from './identity';
import { parseGitIdent } from './identity';
import { signatureProof, type SignatureProof } from './signature';

export { GitError, readBlobs, runGit, type ChangeStatus, type ChangedFile, type GitRunner } from '../git';

function text(b: Buffer): string {
  return b.toString('utf8');
}

/** The repository's top folder. */
export function repoRoot(cwd: string, git: GitRunner = runGit): string {
  try {
    return text(git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch (e) {
    if (e instanceof GitError && /not installed/.test(e.message)) throw e;
    throw new GitError(`${cwd} is not inside a git repository; run this from a clone.`);
  }
}

/** The full commit id of `rev`, or undefined when it names no commit. */
export function commitOf(root: string, rev: string, git: GitRunner = runGit): string | undefined {
  if (rev.startsWith('-')) return undefined;
  try {
    return text(git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function mergeBase(root: string, a: string, b: string, git: GitRunner = runGit): string | undefined {
  try {
    return text(git(root, ['merge-base', a, b])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Where the branch started when the remote names no default branch, in the order tried. */
export const DEFAULT_BASE_CANDIDATES: readonly string[] = ['origin/main', 'main', 'origin/master', 'master'];

export interface BaseRevision {
  /** What the base is called, e.g. `origin/main`. */
  label: string;
  /** The merge-base commit of that revision and HEAD: the tree the branch is compared against. */
  commit: string;
  /** The commit the label names (the tip of the base branch). */
  tip: string;
  /** The full ref the label names (`refs/remotes/origin/main`), when it names one. */
  ref?: string;
  /** How the base was chosen, in words. */
  how: string;
}

function fullRefName(root: string, rev: string, git: GitRunner): string | undefined {
  if (rev.startsWith('-')) return undefined;
  try {
    // (rev-parse before git 2.43 prints --end-of-options back instead of taking it; rev cannot start with '-'.)
    const full = text(git(root, ['rev-parse', '--symbolic-full-name', rev])).trim();
    return full.startsWith('refs/') ? full : undefined;
  } catch {
    return undefined;
  }
}

function quiet(root: string, args: readonly string[], git: GitRunner): string {
  try {
    return text(git(root, args)).trim();
  } catch {
    return '';
  }
}

/**
 * The default branch of the remote this branch tracks (else `origin`, else the only remote), from
 * `refs/remotes/<remote>/HEAD` (set by clone, or `git remote set-head <remote> --auto`).
 */
export function remoteDefaultBranch(root: string, git: GitRunner = runGit): { label: string; ref: string; remote: string } | undefined {
  const remotes = quiet(root, ['remote'], git).split('\n').filter((r) => r !== '');
  if (remotes.length === 0) return undefined;
  const branch = quiet(root, ['symbolic-ref', '--quiet', '--short', 'HEAD'], git);
  const tracked = branch !== '' ? quiet(root, ['config', '--get', `branch.${branch}.remote`], git) : '';
  const order = [tracked, 'origin', ...(remotes.length === 1 ? remotes : [])].filter((r, i, all) => r !== '' && remotes.includes(r) && all.indexOf(r) === i);
  for (const remote of order) {
    const ref = quiet(root, ['symbolic-ref', '--quiet', `refs/remotes/${remote}/HEAD`], git);
    if (ref.startsWith(`refs/remotes/${remote}/`) && commitOf(root, ref, git)) return { label: ref.slice('refs/remotes/'.length), ref, remote };
  }
  return undefined;
}

/**
 * The base of the branch: the merge-base of `requested` and `head`, so changes that landed on the
 * target branch after this branch started are not mistaken for this branch's changes. Without
 * `requested`: the remote's default branch (see `remoteDefaultBranch`), else the first of
 * DEFAULT_BASE_CANDIDATES that exists.
 */
export function resolveBase(root: string, head: string, requested: string | undefined, git: GitRunner = runGit): BaseRevision {
  const candidates: { rev: string; how: string }[] = [];
  if (requested !== undefined) candidates.push({ rev: requested, how: 'given with --base' });
  else {
    const d = remoteDefaultBranch(root, git);
    if (d) candidates.push({ rev: d.ref, how: `the default branch of ${d.remote} (refs/remotes/${d.remote}/HEAD)` });
    for (const c of DEFAULT_BASE_CANDIDATES) candidates.push({ rev: c, how: `the first of ${DEFAULT_BASE_CANDIDATES.join(', ')} that exists` });
  }
  for (const c of candidates) {
    const tip = commitOf(root, c.rev, git);
    if (!tip) continue;
    const label = c.rev.startsWith('refs/remotes/') ? c.rev.slice('refs/remotes/'.length) : c.rev;
    const mb = mergeBase(root, tip, head, git);
    if (!mb) throw new GitError(`'${label}' and HEAD have no common history (in CI, check out with fetch-depth: 0); pass --base with the branch this one was made from.`);
    const ref = fullRefName(root, c.rev, git);
    return { label, commit: mb, tip, ...(ref !== undefined ? { ref } : {}), how: c.how };
  }
  if (requested !== undefined) throw new GitError(`'${requested}' is not a commit in this repository; fetch it (git fetch origin) or pass another --base.`);
  throw new GitError(`found no default branch of a remote and none of ${DEFAULT_BASE_CANDIDATES.join(', ')}; pass --base REV (the branch this one was made from).`);
}

/** The newest reflog entry of a ref (the value it set and git's message), if the ref has a reflog. */
export function newestReflogEntry(root: string, ref: string, git: GitRunner = runGit): { commit: string; message: string } | undefined {
  const line = quiet(root, ['log', '--walk-reflogs', '-n', '1', '--format=%H%x02%gs', '--end-of-options', ref, '--'], git);
  const [commit, message] = line.split('\x02');
  return commit && /^[0-9a-f]{40,64}$/.test(commit) ? { commit, message: message ?? '' } : undefined;
}

/** A git config value read as a path (`~` expanded), from every scope git reads; undefined when unset. */
export function configPath(root: string, key: string, git: GitRunner = runGit): string | undefined {
  return quiet(root, ['config', '--type=path', '--get', key], git) || undefined;
}

/** Files that differ between two commits (renames found), sorted by path. */
export function changedFiles(root: string, from: string, to: string, git: GitRunner = runGit): ChangedFile[] {
  return byPath(parseNameStatus(text(git(root, ['diff', '--name-status', '-z', '--find-renames', '--no-ext-diff', '--no-textconv', from, to, '--']))));
}

/** Object ids of many `rev:path` specs (`git cat-file --batch-check`); missing → undefined. */
export function objectIds(root: string, specs: readonly string[], git: GitRunner = runGit): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const asked = specs.filter((s) => !s.includes('\n'));
  if (asked.length === 0) return out;
  const lines = text(git(root, ['cat-file', '--batch-check'], `${asked.join('\n')}\n`)).split('\n');
  asked.forEach((s, i) => {
    const m = /^([0-9a-f]+) blob \d+$/.exec(lines[i] ?? '');
    out.set(s, m ? m[1] : undefined);
  });
  return out;
}

/** Files (path → blob id) under `dir` in the tree of `rev`. */
export function listTree(root: string, rev: string, dir: string, git: GitRunner = runGit): Map<string, string> {
  const out = new Map<string, string>();
  const raw = text(git(root, ['ls-tree', '-r', '-z', '--full-tree', rev, '--', dir]));
  for (const entry of raw.split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [, type, id] = entry.slice(0, tab).split(' ');
    if (type === 'blob' && id) out.set(entry.slice(tab + 1), id);
  }
  return out;
}

/** Paths under `dir` and how they changed between two commits (no rename pairing). */
export function statusUnder(root: string, from: string, to: string, dir: string, git: GitRunner = runGit): Map<string, string> {
  const parts = text(git(root, ['diff', '--name-status', '-z', '--no-renames', '--no-ext-diff', from, to, '--', dir])).split('\0');
  const out = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i]) out.set(parts[i + 1]!, parts[i]![0]!);
  return out;
}

export interface Addition {
  commit: string;
  authorEmail: string;
  authorName: string;
}

/**
 * For each file added under `dir` by a commit in `from..to` (without `from`: in the whole history
 * of `to`), the newest commit that added it and that commit's author. Files that only arrived
 * through a merge commit's own changes have none.
 */
export function additionsUnder(root: string, from: string | undefined, to: string, dir: string, git: GitRunner = runGit): Map<string, Addition> {
  const range = from === undefined ? to : `${from}..${to}`;
  const raw = text(git(root, ['log', '--format=%x01%H%x02%ae%x02%an', '--name-only', '-z', '--diff-filter=A', '--no-renames', range, '--', dir]));
  const out = new Map<string, Addition>();
  for (const chunk of raw.split('\x01')) {
    if (chunk === '') continue;
    const end = chunk.indexOf('\0');
    const header = end < 0 ? chunk : chunk.slice(0, end);
    const [commit, authorEmail, authorName] = header.split('\x02');
    if (!commit || authorEmail === undefined) continue;
    const files = (end < 0 ? '' : chunk.slice(end + 1)).replace(/^\n/, '').split('\0').filter((f) => f !== '');
    for (const f of files) if (!out.has(f)) out.set(f, { commit, authorEmail, authorName: authorName ?? '' });
  }
  return out;
}

/** The identity git would author a commit with (`user.name`/`user.email`, or GIT_AUTHOR_* ). */
export function authorIdentity(root: string, git: GitRunner = runGit): Identity {
  let line: string;
  try {
    line = text(git(root, ['var', 'GIT_AUTHOR_IDENT'])).trim();
  } catch {
    throw new GitError('git has no identity to sign with; set it with git config user.name "Your Name" and git config user.email you@example.com.');
  }
  const id = parseGitIdent(line);
  if (!id) throw new GitError('git has no e-mail address to sign with; set it with git config user.email you@example.com.');
  return id;
}

/** Stages and commits exactly these paths (nothing else that is staged); `sign`: with `git commit -S`. */
export function commitPaths(root: string, paths: readonly string[], message: string, git: GitRunner = runGit, sign = false): string {
  git(root, ['add', '--', ...paths]);
  git(root, ['commit', '--quiet', ...(sign ? ['-S'] : []), '-m', message, '--only', '--', ...paths]);
  return text(git(root, ['rev-parse', 'HEAD'])).trim();
}

export function stagePaths(root: string, paths: readonly string[], git: GitRunner = runGit): void {
  git(root, ['add', '--', ...paths]);
}

/** Which of these paths differ in the working tree or index from HEAD. */
export function dirtyPaths(root: string, paths: readonly string[], git: GitRunner = runGit): string[] {
  if (paths.length === 0) return [];
  const raw = text(git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=no', '--', ...paths]));
  const out: string[] = [];
  const parts = raw.split('\0');
  for (let i = 0; i < parts.length; i++) {
    const e = parts[i]!;
    if (e.length < 4) continue;
    out.push(e.slice(3));
    if (e[0] === 'R' || e[0] === 'C') i++; // the source path follows
  }
  return out;
}

/**
 * Files changed in `from..to` by commits that an agent authored, committed or co-authored
 * (`Co-authored-by:` trailers), judged by `isAgent`.
 */
export function agentTouchedFiles(root: string, from: string, to: string, isAgent: (id: Identity) => boolean, git: GitRunner = runGit): Set<string> {
  const raw = text(
    git(root, ['log', '--format=%x01%an%x02%ae%x02%cn%x02%ce%x02%(trailers:key=Co-authored-by,valueonly,separator=%x03)', '--name-only', '-z', '--no-renames', `${from}..${to}`]),
  );
  const out = new Set<string>();
  for (const chunk of raw.split('\x01')) {
    if (chunk === '') continue;
    const end = chunk.indexOf('\0');
    const header = end < 0 ? chunk : chunk.slice(0, end);
    const [an = '', ae = '', cn = '', ce = '', trailers = ''] = header.split('\x02');
    const people: Identity[] = [
      { name: an, email: ae },
      { name: cn, email: ce },
    ];
    for (const t of trailers.split('\x03')) {
      const id = parseGitIdent(t);
      if (id) people.push(id);
    }
    if (!people.some((p) => p.email !== '' && isAgent(p))) continue;
    for (const f of (end < 0 ? '' : chunk.slice(end + 1)).replace(/^\n/, '').split('\0')) if (f !== '') out.add(f);
  }
  return out;
}

/**
 * Git's verification of the signatures of these commits, checked against `allowedSignersFile`.
 * The verifiers are pinned to `ssh-keygen`, `gpg` and `gpgsm` from PATH, whatever
 * `gpg.*.program` says, so a repository's config cannot name a program that says "good".
 * (`%GT` is not asked for: git 2.39 aborts on it for a signature it cannot check.)
 */
export function commitSignatures(root: string, commits: readonly string[], allowedSignersFile: string, git: GitRunner = runGit): Map<string, SignatureProof> {
  const out = new Map<string, SignatureProof>();
  const unique = [...new Set(commits)].filter((c) => /^[0-9a-f]{40,64}$/.test(c));
  if (unique.length === 0) return out;
  const raw = text(
    git(
      root,
      [
        '-c',
        `gpg.ssh.allowedSignersFile=${allowedSignersFile}`,
        '-c',
        'gpg.ssh.program=ssh-keygen',
        '-c',
        'gpg.program=gpg',
        '-c',
        'gpg.x509.program=gpgsm',
        'log',
        '--no-walk=unsorted',
        '--no-show-signature',
        '--stdin',
        '--format=%x01%H%x02%G?%x02%GS%x02%GK',
      ],
      `${unique.join('\n')}\n`,
    ),
  );
  for (const chunk of raw.split('\x01')) {
    const [commit, code = '', signer = '', key = ''] = chunk.replace(/\n$/, '').split('\x02');
    if (commit && unique.includes(commit)) out.set(commit, signatureProof(commit, code, signer, key));
  }
  return out;
}
