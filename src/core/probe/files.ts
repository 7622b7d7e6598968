/**
 * The filesystem count: the files (and bytes) under the targets of a delete, overwrite or
 * truncation, split by what Git knows of them — tracked and unchanged (recoverable from the last
 * commit), modified, untracked, ignored (build output), or outside any repository.
 *
 * The walk is bounded: it stops after `maxFiles` entries or `walkMs` milliseconds and says the
 * counts are lower bounds. Symbolic links are counted as links and never followed. A `.git`
 * folder is not walked; that it would go is reported on its own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILD_DIRS } from '../command/context';
import { findWorkTree, openRepo } from './repo';
import type { FileCounts } from './types';

/** One entry the walk meets, as a filter (`find` expressions, `rsync --delete`) sees it. */
export interface WalkEntry {
  abs: string;
  /** The path as the command would print it: the target as written, then the path below it. */
  shown: string;
  name: string;
  /** 0 for the target itself. */
  depth: number;
  type: 'file' | 'dir' | 'link';
}

export interface FileTarget {
  abs: string;
  /** The class the caller already knows (git's own dry run said so). */
  as?: 'untracked' | 'ignored';
  /** False: a folder target is not entered (rm without -r); only non-folders count. Default true. */
  recursive?: boolean;
  /** Only files this accepts count (folders are still entered). */
  keep?: (e: WalkEntry) => boolean;
  /** The target as the command names it, for `keep` (default: `abs`). */
  shown?: string;
  /** Do not enter folders deeper than this (find -maxdepth). */
  maxDepth?: number;
}

export interface FileOptions {
  maxFiles?: number;
  walkMs?: number;
  /** Ask git which files are tracked, modified, untracked or ignored (default true). */
  classify?: boolean;
  /** Kill a git call after this long. */
  gitTimeoutMs?: number;
}

export interface FileMeasure {
  counts: FileCounts;
  atLeast: boolean;
  /** A git call failed or timed out: the split is not known (counts still are). */
  gitProblem?: string;
}

type Cls = 'tracked' | 'modified' | 'untracked' | 'ignored' | 'outside';

/** A folder named like build output or a cache somewhere in the path. */
function inBuildFolder(p: string): boolean {
  return p.split(/[\\/]/).slice(0, -1).some((seg) => BUILD_DIRS.has(seg));
}

/** The work tree holding `p` (a file's folder, or the folder itself). */
function repoRootOf(p: string): string | undefined {
  const st = fs.lstatSync(p, { throwIfNoEntry: false });
  return findWorkTree(st?.isDirectory() ? p : path.dirname(p))?.root;
}

interface StatusMap {
  exact: Map<string, Cls>;
  /** `dir/` entries (an untracked nested repository, an ignored folder): every file under them. */
  dirs: Map<string, Cls>;
}

/** `git status` over the targets' paths in one repository. */
async function statusOf(root: string, rels: readonly string[], timeoutMs: number): Promise<StatusMap> {
  const repo = await openRepo(root, [], timeoutMs);
  const out = await repo.run(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=matching', '--ignore-submodules=all', '--no-renames', '--', ...rels.map((r) => (r === '' ? '.' : `:(literal)${r}`))]);
  const exact = new Map<string, Cls>();
  const dirs = new Map<string, Cls>();
  for (const rec of out.split('\0')) {
    if (rec.length < 4) continue;
    const xy = rec.slice(0, 2);
    const p = rec.slice(3);
    const cls: Cls = xy === '??' ? 'untracked' : xy === '!!' ? 'ignored' : 'modified';
    if (cls === 'modified' && xy[1] === 'D') continue; // deleted from the worktree: nothing left to lose
    if (p.endsWith('/')) dirs.set(p, cls);
    else exact.set(p, cls);
  }
  return { exact, dirs };
}

function emptyCounts(): FileCounts {
  return { files: 0, bytes: 0, tracked: 0, modified: 0, untracked: 0, ignored: 0, build: 0, outside: 0, symlinks: 0, examples: [], missing: [] };
}

/** Counts the files under the targets. Never throws; a git failure leaves the split unknown and says so. */
export async function measureFiles(targets: readonly FileTarget[], opts: FileOptions = {}): Promise<FileMeasure> {
  const maxFiles = opts.maxFiles ?? 50_000;
  const deadline = performance.now() + (opts.walkMs ?? 200);
  const counts = emptyCounts();
  const result: FileMeasure = { counts, atLeast: false };
  // Which repository each target is in, and git's view of those paths.
  const roots = new Map<string, string[]>();
  const rootOf = new Map<FileTarget, string | undefined>();
  for (const t of targets) {
    const root = opts.classify === false || t.as ? undefined : repoRootOf(t.abs);
    rootOf.set(t, root);
    if (root) roots.set(root, [...(roots.get(root) ?? []), path.relative(root, t.abs).split(path.sep).join('/')]);
  }
  const statuses = new Map<string, StatusMap | undefined>();
  await Promise.all(
    [...roots].map(async ([root, rels]) => {
      try {
        statuses.set(root, await statusOf(root, rels, opts.gitTimeoutMs ?? 2000));
      } catch (e) {
        statuses.set(root, undefined);
        result.gitProblem = e instanceof Error ? e.message : String(e);
      }
    }),
  );
  const unknownRepo = new Set<string>();
  const lostExamples: string[] = [];
  const modifiedExamples: string[] = [];
  const keptAsideExamples: string[] = [];
  let visited = 0;

  /** `wholeDir`: the file is under a folder Git ignores as a whole. */
  const add = (cls: Cls, size: number, link: boolean, shownPath: string, wholeDir: boolean): void => {
    counts.files++;
    counts.bytes += size;
    if (link) counts.symlinks++;
    counts[cls]++;
    if (cls === 'ignored' && (wholeDir || inBuildFolder(shownPath))) counts.build++;
    else if (cls === 'ignored' && keptAsideExamples.length < 3) keptAsideExamples.push(shownPath);
    if (cls === 'untracked' && lostExamples.length < 3) lostExamples.push(shownPath);
    if (cls === 'modified' && modifiedExamples.length < 3) modifiedExamples.push(shownPath);
  };

  for (const t of targets) {
    if (result.atLeast) break;
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(t.abs);
    } catch {
      counts.missing.push(t.shown ?? t.abs);
      continue;
    }
    const root = rootOf.get(t);
    const status = root ? statuses.get(root) : undefined;
    if (root && !status) unknownRepo.add(root);
    const classOf = (rel: string | undefined, inherited: Cls | undefined): Cls => {
      if (t.as) return t.as;
      if (!root || rel === undefined) return 'outside';
      if (!status) return 'tracked'; // the split is unknown (gitProblem says so); counted as recoverable for no one
      return status.exact.get(rel) ?? inherited ?? 'tracked';
    };
    const dirClass = (rel: string, parent: Cls | undefined): Cls | undefined => parent ?? status?.dirs.get(`${rel}/`);
    const relOf = (abs: string): string | undefined => (root ? path.relative(root, abs).split(path.sep).join('/') : undefined);
    const shownRoot = t.shown ?? t.abs;
    const keep = t.keep;
    if (!st.isDirectory() || st.isSymbolicLink()) {
      const type = st.isSymbolicLink() ? 'link' : 'file';
      if (keep && !keep({ abs: t.abs, shown: shownRoot, name: path.basename(t.abs), depth: 0, type })) continue;
      const rel = relOf(t.abs);
      const parentRel = rel?.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : undefined;
      const parentCls = parentRel !== undefined ? status?.dirs.get(`${parentRel}/`) : undefined;
      add(classOf(rel, parentCls), st.size, type === 'link', rel ?? shownRoot, parentCls === 'ignored');
      continue;
    }
    if (t.recursive === false) continue;
    if (path.basename(t.abs) === '.git') {
      counts.gitDir = true;
      continue;
    }
    const rootRel = relOf(t.abs);
    // `git`: inside a .git folder, which a filtered walk (find) enters: a match there is reported, not counted.
    const stack: { abs: string; rel: string | undefined; shown: string; depth: number; cls: Cls | undefined; git?: boolean }[] = [
      { abs: t.abs, rel: rootRel, shown: shownRoot, depth: 0, cls: rootRel !== undefined ? dirClass(rootRel, undefined) : undefined },
    ];
    while (stack.length > 0) {
      const d = stack.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(d.abs, { withFileTypes: true });
      } catch {
        continue; // unreadable: rm would fail there too
      }
      for (const e of entries) {
        if (++visited > maxFiles || (visited % 64 === 0 && performance.now() > deadline)) {
          result.atLeast = true;
          break;
        }
        const abs = path.join(d.abs, e.name);
        const rel = d.rel === undefined ? undefined : d.rel === '' ? e.name : `${d.rel}/${e.name}`;
        const shown = `${d.shown.replace(/\/+$/, '')}/${e.name}`;
        const depth = d.depth + 1;
        if (e.isDirectory()) {
          if (t.maxDepth !== undefined && depth >= t.maxDepth) continue;
          const git = d.git || e.name === '.git';
          if (git && !keep) {
            counts.gitDir = true;
            continue;
          }
          stack.push({ abs, rel, shown, depth, cls: rel !== undefined ? dirClass(rel, d.cls) : undefined, git });
          continue;
        }
        const link = e.isSymbolicLink();
        if (keep && !keep({ abs, shown, name: e.name, depth, type: link ? 'link' : 'file' })) continue;
        if (d.git || (e.name === '.git' && !link)) {
          counts.gitDir = true; // in a .git folder, or a worktree's or submodule's .git file
          continue;
        }
        let size = 0;
        try {
          size = fs.lstatSync(abs).size;
        } catch {
          continue;
        }
        add(classOf(rel, d.cls), size, link, rel ?? shown, d.cls === 'ignored' || (t.as === 'ignored' && depth > 0));
      }
      if (result.atLeast) break;
    }
  }
  counts.examples = [...lostExamples, ...modifiedExamples, ...keptAsideExamples].slice(0, 5);
  if (unknownRepo.size > 0 && !result.gitProblem) result.gitProblem = 'git could not say which files are tracked';
  return result;
}
