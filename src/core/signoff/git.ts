/**
 * The few git questions sign-off asks, in one small node-only module (everything else in
 * src/core/signoff is pure). Each function runs `git` through src/core/git.ts (fixed arguments,
 * no shell), reads bytes, and turns a failure into a `GitError` with one line saying what to do.
 */
import { byPath, GitError, parseNameStatus, runGit, type ChangedFile, type GitRunner } from '../git';
import type { Identity } from './identity';
import { parseGitIdent } from './identity';

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

/** Where the branch started, in the order tried when no base is given. */
export const DEFAULT_BASE_CANDIDATES: readonly string[] = ['origin/main', 'main', 'origin/master', 'master'];

export interface BaseRevision {
  /** What the person asked for (or the default that was found), e.g. `origin/main`. */
  label: string;
  /** The merge-base commit of that revision and HEAD: the tree the branch is compared against. */
  commit: string;
}

/**
 * The base of the branch: the merge-base of `requested` (or the first default that exists) and
 * `head`, so changes that landed on the target branch after this branch started are not
 * mistaken for this branch's changes.
 */
export function resolveBase(root: string, head: string, requested: string | undefined, git: GitRunner = runGit): BaseRevision {
  const candidates = requested !== undefined ? [requested] : DEFAULT_BASE_CANDIDATES;
  for (const c of candidates) {
    const commit = commitOf(root, c, git);
    if (!commit) continue;
    const mb = mergeBase(root, commit, head, git);
    if (!mb) throw new GitError(`'${c}' and HEAD have no common history (in CI, check out with fetch-depth: 0); pass --base with the branch this one was made from.`);
    return { label: c, commit: mb };
  }
  if (requested !== undefined) throw new GitError(`'${requested}' is not a commit in this repository; fetch it (git fetch origin) or pass another --base.`);
  throw new GitError(`found none of ${DEFAULT_BASE_CANDIDATES.join(', ')}; pass --base REV (the branch this one was made from).`);
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
 * For each file added under `dir` by a commit in `from..to`, the newest commit that added it and
 * that commit's author. Files that only arrived through a merge commit's own changes have none.
 */
export function additionsUnder(root: string, from: string, to: string, dir: string, git: GitRunner = runGit): Map<string, Addition> {
  const raw = text(git(root, ['log', '--format=%x01%H%x02%ae%x02%an', '--name-only', '-z', '--diff-filter=A', '--no-renames', `${from}..${to}`, '--', dir]));
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

/** Stages and commits exactly these paths (nothing else that is staged). */
export function commitPaths(root: string, paths: readonly string[], message: string, git: GitRunner = runGit): string {
  git(root, ['add', '--', ...paths]);
  git(root, ['commit', '--quiet', '-m', message, '--only', '--', ...paths]);
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
