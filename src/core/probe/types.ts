/**
 * The measured blast radius: what probes report about the real state a command would touch.
 *
 * A `Measured` object is plain JSON with a stable shape (`version: 1`): the audit log, the
 * hook's reason to the agent, the terminal line, the modal and `blast-radius check --json` all
 * carry it as it is. Fields are only ever added.
 *
 * Compatibility: callers and stored audit records read this file. Change it only additively.
 */
import type { Severity } from '../severity';

/** Which state a probe reads. */
export type ProbeKind = 'git' | 'files' | 'terraform' | 'kubernetes';

/**
 * How costly a probe is. `local` probes (git, the filesystem) run for every line they apply to;
 * `slow` probes (terraform, kubectl: other programs, networks) run only for lines already held.
 */
export type ProbeClass = 'local' | 'slow';

/**
 * What the command would lose, as the decision reads it (from nothing to the worst):
 * - `none`: measured, nothing would be lost (a clean file, an empty or missing target);
 * - `regenerable`: only files Git ignores (build output, caches);
 * - `recoverable`: only what Git can bring back (committed files, commits on another branch);
 * - `unknown`: files outside any repository, objects in a cluster: counted, not judged;
 * - `work`: uncommitted changes, files never committed, commits or stashes that exist nowhere else;
 * - `infrastructure`: real infrastructure destroyed or replaced;
 * - `stateful`: infrastructure that holds data (databases, buckets, volumes, key vaults, …).
 */
export type Loss = 'none' | 'regenerable' | 'recoverable' | 'unknown' | 'work' | 'infrastructure' | 'stateful';

/** Files under the targets of a delete, overwrite or truncation, split by what Git knows of them. */
export interface FileCounts {
  /** Files (and symbolic links) that would go. */
  files: number;
  /** Their size in bytes (links count their own size; they are never followed). */
  bytes: number;
  /** Tracked and unchanged: recoverable from the last commit. */
  tracked: number;
  /** Tracked with uncommitted (staged or unstaged) changes. */
  modified: number;
  /** Never committed and not ignored: gone for good. */
  untracked: number;
  /** Ignored by Git. */
  ignored: number;
  /**
   * Of the ignored files, those that are build output: under a folder Git ignores as a whole
   * (`dist/`, `node_modules/`) or under a folder named like build output. Individually ignored
   * files (`.env`, local settings, a development database) are not.
   */
  build: number;
  /** Not inside any Git repository. */
  outside: number;
  /** Symbolic links among the files (removed, not followed). */
  symlinks: number;
  /** A few of the files Git cannot bring back (untracked, then modified, then ignored files that are not build output), repository-relative. */
  examples: string[];
  /** Targets that do not exist. */
  missing: string[];
  /** A repository's own `.git` folder is among the targets: its history goes too. */
  gitDir?: boolean;
}

/** Uncommitted changes a command would discard (from `git diff --numstat`). */
export interface LineChanges {
  files: number;
  /** Lines added and removed by the uncommitted work (the lines that would be lost). */
  added: number;
  removed: number;
  /** Binary files among them (no line counts). */
  binary: number;
  /** The first few paths, repository-relative. */
  paths: string[];
}

/** Commits that would be left on no branch, or overwritten on a remote. */
export interface CommitLoss {
  /** The ref they are on (`refs/heads/feature/x`, `refs/remotes/origin/main`). */
  ref: string;
  count: number;
  /** The first few, `abc1234 subject`. */
  examples: string[];
  /** For a force-push: when the remote was last fetched (ISO 8601), when known. */
  fetchedAt?: string;
}

/** Stash entries a command would drop. */
export interface StashLoss {
  /** Entries dropped. */
  entries: number;
  /** Files, added and removed lines across them (counted over the first `measured` entries). */
  files: number;
  added: number;
  removed: number;
  /** How many entries were measured (the rest are only counted). */
  measured: number;
  /** Their names and messages, `stash@{0}: On main: wip`. */
  names: string[];
}

/** One resource a Terraform plan destroys or replaces. */
export interface PlanResource {
  address: string;
  type: string;
  action: 'delete' | 'replace';
  /** What data it holds, for stateful types (`database`, `bucket`, `volume`, …). */
  holds?: string;
}

/** What a saved Terraform plan does. */
export interface PlanSummary {
  /** The plan file as named on the command line. */
  planFile?: string;
  create: number;
  update: number;
  delete: number;
  replace: number;
  /** Deleted and replaced resources, stateful ones first. */
  destroyed: PlanResource[];
}

/** Objects a kubectl delete would remove, as the cluster listed them. */
export interface ObjectCount {
  count: number;
  /** Kind (as kubectl names it, `deployment.apps`) → count. */
  byKind: Record<string, number>;
  /** Persistent volumes and claims among them (their data may go). */
  stateful: number;
  context?: string;
  namespace?: string;
}

/** One probe's report on one command of the line. */
export interface Probe {
  kind: ProbeKind;
  class: ProbeClass;
  /** The measured command as written in the line. */
  command: string;
  /** Its `[start, end)` span in the line. */
  span: [number, number];
  /** The working directory the command would run in, as resolved (`cd`, `git -C`, `-chdir`). */
  cwd?: string;
  /** `measured`, or `not-measured` when the probe could not run, failed or timed out. */
  status: 'measured' | 'not-measured';
  loss: Loss;
  /** The sentence a person reads, with numbers. */
  sentence: string;
  /** Counts are lower bounds: the probe stopped at a count or time limit. */
  atLeast?: boolean;
  /**
   * The measurement cannot change between the check and the run in a way that matters (the line
   * is this one command, the state was read completely): only then may a measured "nothing"
   * lower the severity.
   */
  settled: boolean;
  /** Rule ids whose findings this measurement speaks for; the first names a finding it adds. */
  rules: string[];
  /** The command was let through by this allow entry of the user's policy (its severity does not count). */
  allowedBy?: string;
  /** The target is production (a production-marked kube context, …). */
  production?: boolean;
  elapsedMs: number;
  files?: FileCounts;
  changes?: LineChanges;
  commits?: CommitLoss[];
  stash?: StashLoss;
  plan?: PlanSummary;
  objects?: ObjectCount;
  /**
   * A read-only command a person may run to see more before deciding (`terraform plan` for an
   * apply without a saved plan). Never run by the probes themselves.
   */
  review?: { argv: string[]; cwd?: string };
  /** Set by applyMeasurement: the severity of the command before and after the measurement. */
  effect?: { from: Severity; to: Severity };
}

/** Everything measured for one line. */
export interface Measured {
  version: 1;
  probes: Probe[];
  /** Wall time of the whole measurement. */
  elapsedMs: number;
}

/** What a probe finds for one command; the caller adds the command, span, class, rules and timing. */
export type Reading = Pick<Probe, 'status' | 'loss' | 'sentence' | 'settled'> &
  Partial<Pick<Probe, 'atLeast' | 'cwd' | 'production' | 'files' | 'changes' | 'commits' | 'stash' | 'plan' | 'objects' | 'review'>>;
