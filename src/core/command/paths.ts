/**
 * Path arguments as targets: a word expanded as far as the context allows and classified by
 * where it points (see ./context.ts `classifyPath`), what happens when a leading variable is
 * empty, and facts about paths that rules weigh (home folders with keys, caches, block devices).
 */
import { classifyPath, type PathAssessment } from './context';
import { expandWord } from './expansion';
import type { RuleContext } from './rule';
import type { Expansion, Word } from '../shell/model';

export interface PathTarget extends PathAssessment {
  word: Word;
  /** The path as we understood it (variables substituted). */
  display: string;
  /** Unresolved expansions make the target unknown. */
  unresolved?: Expansion[];
  /** When an unresolved leading variable is empty, the path becomes this (e.g. `/`). */
  ifEmpty?: { expansion: Expansion; path: string; assessment: PathAssessment };
}

const REMOTE_RC_CONTEXT = {};

/** A RuleContext that knows nothing about the machine (for commands run over ssh or in containers). */
export function remoteContext(rc: RuleContext): RuleContext {
  return { line: rc.line, context: REMOTE_RC_CONTEXT, env: () => undefined, productionMarkers: rc.productionMarkers };
}

/** Classifies a path argument after expanding what can be expanded. */
export function pathTarget(w: Word, rc: RuleContext): PathTarget {
  if (!w.dynamic) {
    return { ...classifyPath(w.text, rc, false), word: w, display: w.text };
  }
  const ex = expandWord(w, rc);
  if (ex.unresolved.length === 0) return { ...classifyPath(ex.text, rc, false), word: w, display: ex.text };
  // `$HOME` the context cannot resolve: classifyPath knows `$HOME` and `~` by themselves.
  if (ex.unresolved.every((e) => e.name === 'HOME')) return { ...classifyPath(ex.text, rc, true), word: w, display: ex.text };
  const out: PathTarget = { cls: 'unknown', word: w, display: ex.text, unresolved: ex.unresolved };
  if (ex.leadingEmpty) {
    const rest = ex.leadingEmpty.rest;
    const restStatic = rest.replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?.*$/, '') || '/';
    out.ifEmpty = { expansion: ex.leadingEmpty.expansion, path: restStatic, assessment: classifyPath(restStatic, rc, false) };
  }
  return out;
}

/** Number of segments in an absolute path (`/` → 0, `/etc` → 1, `/var/lib` → 2). */
export function pathDepth(p: string | undefined): number {
  if (!p) return 0;
  return p.split(/[\\/]/).filter((s) => s !== '' && !/^[A-Za-z]:$/.test(s)).length;
}

/** Home folders whose loss is irreplaceable (keys, credentials). */
export const SECRET_HOME_DIRS: ReadonlySet<string> = new Set(['.ssh', '.gnupg', '.aws', '.azure', '.gcloud', '.password-store']);

/** The first segment of a path under the home folder (`~/.ssh/id_rsa` → `.ssh`). */
export function homeSegment(resolved: string | undefined, rc: RuleContext): string | undefined {
  const home = (rc.context.home ?? rc.env('HOME'))?.replace(/\/$/, '');
  if (!resolved || !home || !resolved.startsWith(home + '/')) return undefined;
  return resolved.slice(home.length + 1).split('/')[0];
}

/** A cache folder (`~/.cache/…`, `~/Library/Caches/…`, `~/.npm/_cacache`): cheap to lose. */
export function isCachePath(resolved: string | undefined): boolean {
  if (!resolved) return false;
  return /\/(\.cache|Caches?|CachedData|GPUCache|Code Cache|_cacache|\.npm|\.yarn\/cache|\.pnpm-store|\.gradle\/caches|\.m2\/repository|\.cargo\/registry|go\/pkg\/mod)(\/|$)/.test(resolved);
}

/** A block device or partition (`/dev/sda`, `/dev/nvme0n1p1`, `/dev/disk2`, `/dev/mapper/x`). */
export function isBlockDevice(p: string): boolean {
  return /^\/dev\/(sd[a-z]+\d*|hd[a-z]+\d*|vd[a-z]+\d*|xvd[a-z]+\d*|nvme\d+n\d+(p\d+)?|mmcblk\d+(p\d+)?|disk\d+(s\d+)?|rdisk\d+(s\d+)?|md\d+|dm-\d+|mapper\/.+|loop\d+|sr\d+|(disk\/by-[a-z]+\/.+))$/.test(p);
}
