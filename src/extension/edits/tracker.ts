import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatBytes } from '../../core/edit/analyze';
import { analyzeEdit, decodeContent, detectFile, type FileKind } from '../../core/edit/index';
import type { CommandJudge, EditOptions, EditSkip } from '../../core/edit/types';
import { runsCommands } from '../../core/edit/rules/runnable';
import type { PolicyEditOptions } from '../../core/policy/editOptions';
import type { Logger } from '../../core/logger';
import {
  type ChangeFacts,
  type DocumentChangeFacts,
  type ReviewMode,
  TogetherIndex,
  attribute,
  attributeDiskChange,
  attributeDocumentChange,
  isKeystrokeSized,
} from '../../core/review/attribution';
import { type Baseline, BaselineStore, type Resolution } from '../../core/review/baseline';
import { excludeMatcher, type GlobMatcher } from '../../core/review/glob';
import { type HunkMap, mapFindings } from '../../core/review/hunks';
import { ChangeScheduler, TimeSlicer } from '../../core/review/scheduler';
import { REVIEWS_PATH_RE } from '../../core/signoff/reviewsDir';
import { type Severity } from '../../core/severity';
import { GitBridge, type Repo, readRepoState } from './git';

/**
 * Change tracking: notices every change to a workspace file (document edits and disk writes),
 * decides who likely made it, and — for the changes under review — compares the file with its
 * baseline through the edit engine.
 *
 * The listeners only record the file and a few numbers and touch the scheduler; analysis runs
 * later, debounced per file, in batches that yield to the event loop. A git operation (HEAD or
 * the stash moved, the index locked) re-baselines the files it wrote instead of queueing them.
 */

/** The result of analysing one file against its baseline. */
export interface FileReview {
  uri: vscode.Uri;
  /** The file's fsPath: the tracker's key. */
  key: string;
  /** Path relative to its workspace folder, `/` separated. */
  rel: string;
  baseline: Baseline;
  /** The content analysed (null: the file is gone). */
  current: string | null;
  /** The open document's version when the content came from it. */
  docVersion: number | undefined;
  map: HunkMap;
  severity: Severity;
  /** Set when the file could not be analysed (too large, not UTF-8). */
  skipped?: EditSkip;
  /** Attributed to an agent. */
  agent: boolean;
  reasons: string[];
  at: number;
}

interface FileState {
  /** Document events kept for the "arrived together" check (not judged at record time). */
  facts: ChangeFacts[];
  agent: boolean;
  reasons: string[];
  /** When the file was first marked agent-made (ms, performance clock). */
  agentSince: number;
  /** When the oldest event not yet processed was recorded (ms since the epoch). */
  firstEventAt: number | undefined;
  lastDiskKind: 'create' | 'change' | 'delete' | undefined;
  /** The text of an editor save the last disk event was taken for. */
  savedText?: string;
}

export interface TrackerOptions {
  mode(): ReviewMode;
  /** The edit engine's options for a file (its size limit and disabled rules, from the folder's policy). */
  editOptions(key: string): Promise<PolicyEditOptions>;
  /**
   * The command engine as the edit engine's judge, for a file that runs commands (a script, a
   * Makefile, package.json, CI): asked only for such files. `'unavailable'` when it cannot start.
   */
  commandJudge?(key: string): Promise<CommandJudge | 'unavailable'>;
  debounceMs?: number;
}

/** How long after an editor save a disk event counts as that save. */
const SAVE_WINDOW_MS = 1000;
/**
 * A file whose first unprocessed event came no later than this after git last moved HEAD or the
 * stash belongs to that operation (the watcher reports a little after git writes).
 */
const GIT_OP_WINDOW_MS = 1000;
/** After a git lock disappears, wait this long for HEAD to be written. */
const GIT_SETTLE_MS = 400;
const MAX_DEFERRALS = 40;
/**
 * Disk events arrive already gathered by the file watcher, and a command-line agent writes a
 * file in one go: a shorter quiet time than for typing keeps write → diagnostic fast.
 */
const DISK_DEBOUNCE_MS = 25;
/** How deep and how many files a folder created outside the editor is searched for new files. */
const NEW_FOLDER_DEPTH = 8;
const NEW_FOLDER_FILES = 2000;

/** Listener costs (ms), last 8192 events, for the performance figures. */
export class ListenerStats {
  private readonly samples = new Float64Array(8192);
  private n = 0;
  record(ms: number): void {
    this.samples[this.n % this.samples.length] = ms;
    this.n++;
  }
  reset(): void {
    this.n = 0;
  }
  summary(): { count: number; p50: number; p99: number; max: number } {
    const k = Math.min(this.n, this.samples.length);
    const sorted = Array.from(this.samples.subarray(0, k)).sort((a, b) => a - b);
    const at = (q: number): number => (k === 0 ? 0 : sorted[Math.min(k - 1, Math.floor(q * k))]!);
    return { count: this.n, p50: at(0.5), p99: at(0.99), max: k === 0 ? 0 : sorted[k - 1]! };
  }
}

/** A file's current content as the review reads it. */
interface Current {
  text: string | null;
  version?: number;
  skip?: EditSkip;
  /** Wall-clock birth time, where the file system records one. */
  bornAt?: number;
}

export class EditTracker implements vscode.Disposable {
  readonly store = new BaselineStore();
  /** Wall-clock time the tracker started watching: files born after it are new. */
  private readonly watchingSince = Date.now();
  readonly listenerStats = new ListenerStats();
  /** Longest synchronous slice of batch work (ms) since activation. */
  longestSliceMs = 0;
  /** The latest decisions, newest last ("why was this (not) flagged?"); also logged at debug level. */
  readonly recent: string[] = [];
  /** Counters since activation (for tests and the performance figures). */
  readonly counts = { documentEvents: 0, diskEvents: 0, analysed: 0, rebaselined: 0 };

  private readonly states = new Map<string, FileState>();
  private readonly reviews = new Map<string, FileReview>();
  private readonly openDocs = new Map<string, vscode.TextDocument>();
  /** The editor's last save of each file: when, and the text it wrote. */
  private readonly lastSave = new Map<string, { at: number; text: string }>();
  private readonly ownEdits = new Map<string, number>();
  private readonly together = new TogetherIndex(50);
  private readonly fingerprints = new Map<string, string>();
  private readonly lastBusyAt = new Map<string, number>();
  private readonly deferrals = new Map<string, number>();
  private readonly gitOpAt = new Map<string, number>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly scheduler: ChangeScheduler;
  private readonly changed = new vscode.EventEmitter<FileReview | { key: string; uri: vscode.Uri; cleared: true }>();
  private readonly disposables: vscode.Disposable[] = [];
  private excluded: GlobMatcher = () => false;
  /** Folders reviewed though they are not workspace folders (the walkthrough's scratch repository). */
  private readonly extraFolders = new Set<string>();

  /** Fires after a file's review changed (or was cleared). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly git: GitBridge,
    private readonly log: Logger,
    private readonly options: TrackerOptions,
  ) {
    this.scheduler = new ChangeScheduler((keys) => this.processBatch(keys), { debounceMs: options.debounceMs ?? 150 }, undefined, (e) =>
      this.log.error(`edit review failed: ${e instanceof Error ? e.message : String(e)}`),
    );
    this.disposables.push(this.changed);
  }

  /** Starts listening. */
  start(): void {
    this.readExcludes();
    for (const doc of vscode.workspace.textDocuments) this.onOpen(doc);
    this.disposables.push(
      ...this.watch(vscode.workspace.createFileSystemWatcher('**/*')),
      vscode.workspace.onDidChangeTextDocument((e) => this.recordDocument(e)),
      vscode.workspace.onDidOpenTextDocument((d) => this.onOpen(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.openDocs.delete(d.uri.fsPath)),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (d.uri.scheme === 'file') this.lastSave.set(d.uri.fsPath, { at: performance.now(), text: d.getText() });
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('files.watcherExclude')) this.readExcludes();
      }),
      this.git.onDidMoveHead((repo) => this.onHeadMoved(repo)),
    );
    // Fingerprint the repositories now, so the first git operation is recognised as one.
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      const repo = this.git.repoFor(vscode.Uri.joinPath(f.uri, '.blast-radius-probe').fsPath);
      if (repo) this.fingerprints.set(repo.root, readRepoState(repo).fingerprint);
    }
  }

  /**
   * Reviews the files under `dir` as if it were a workspace folder, though it is not one (the
   * walkthrough's scratch repository: adding a folder to a one-folder window restarts every
   * extension and, in a browser, can lose the workspace). Disposing stops it.
   */
  reviewFolder(dir: string): vscode.Disposable {
    const root = path.resolve(dir);
    if (this.extraFolders.has(root)) return new vscode.Disposable(() => undefined);
    this.extraFolders.add(root);
    const subs = this.watch(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '**/*')));
    const repo = this.git.repoFor(path.join(root, '.blast-radius-probe'));
    if (repo) this.fingerprints.set(repo.root, readRepoState(repo).fingerprint);
    this.trace(root, 'reviewed as an extra folder');
    return new vscode.Disposable(() => {
      this.extraFolders.delete(root);
      for (const d of subs) d.dispose();
      // what was under review there is no longer watched: it leaves the review
      for (const key of new Set([...this.states.keys(), ...this.reviews.keys()])) {
        if (!key.startsWith(root + path.sep) || this.rootOf(key) !== undefined) continue;
        this.states.delete(key);
        this.clear(key);
      }
    });
  }

  private watch(watcher: vscode.FileSystemWatcher): vscode.Disposable[] {
    return [
      watcher,
      watcher.onDidCreate((u) => this.recordDisk(u, 'create')),
      watcher.onDidChange((u) => this.recordDisk(u, 'change')),
      watcher.onDidDelete((u) => this.recordDisk(u, 'delete')),
    ];
  }

  /** The reviewed folder holding `fsPath` and the path relative to it (forward slashes, as rules and excludes expect): a workspace folder, or one given to reviewFolder(). */
  private placeOf(fsPath: string): { root: string; rel: string } | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(fsPath));
    if (folder) return { root: folder.uri.fsPath, rel: vscode.workspace.asRelativePath(fsPath, false) };
    for (const root of this.extraFolders) if (fsPath.startsWith(root + path.sep)) return { root, rel: path.relative(root, fsPath).split(path.sep).join('/') };
    return undefined;
  }

  private rootOf(fsPath: string): string | undefined {
    return this.placeOf(fsPath)?.root;
  }

  private relOf(fsPath: string): string {
    return this.placeOf(fsPath)?.rel ?? vscode.workspace.asRelativePath(fsPath, false);
  }

  /** The latest review of a file with something to show, if any. */
  review(key: string): FileReview | undefined {
    return this.reviews.get(key);
  }

  allReviews(): FileReview[] {
    return [...this.reviews.values()];
  }

  /** Whether the file's unreviewed changes are attributed to an agent. */
  isAgentMade(key: string): boolean {
    return this.states.get(key)?.agent ?? false;
  }

  /** Files marked agent-made (for persisting across restarts). */
  agentFiles(): string[] {
    return [...this.states].filter(([, s]) => s.agent).map(([k]) => k);
  }

  /** Restores files marked agent-made in an earlier session and has them analysed. */
  restoreAgentFiles(keys: readonly string[]): void {
    for (const key of keys) {
      const s = this.state(key);
      s.agent = true;
      if (!s.reasons.includes('changed by an agent in an earlier session')) s.reasons.push('changed by an agent in an earlier session');
      this.scheduler.touch(key);
    }
  }

  /** Resolves when every recorded change has been analysed (tests, benchmarks). */
  whenIdle(): Promise<void> {
    return this.scheduler.whenIdle();
  }

  /** Re-analyses every file under review (after a settings change). */
  reanalyseAll(): void {
    for (const key of new Set([...this.states.keys(), ...this.reviews.keys()])) this.scheduler.touch(key);
  }

  /**
   * Notes that the document changes to `key` until `endOwnEdit` come from Blast Radius itself
   * (a revert through a workspace edit). Its save is recognised like any editor save.
   */
  expectOwnEdit(key: string, ms = 5000): void {
    this.ownEdits.set(key, performance.now() + ms);
  }

  endOwnEdit(key: string): void {
    this.ownEdits.delete(key);
  }

  /** Analyses `key` now (bypassing the debounce) and returns its review. */
  async refresh(key: string): Promise<FileReview | undefined> {
    const repo = this.git.repoFor(key);
    const st = repo ? readRepoState(repo) : undefined;
    await this.processFile(key, repo, st?.head, false);
    return this.reviews.get(key);
  }

  /**
   * After a person approved or reverted everything in a file: no longer agent-made until the
   * next agent change.
   */
  settle(key: string): void {
    const s = this.states.get(key);
    if (s && !this.reviews.has(key)) {
      s.agent = false;
      s.reasons = [];
    }
  }

  // -------------------------------------------------------------------------------------------
  // recording (the typing path: keep it cheap)

  private state(key: string): FileState {
    let s = this.states.get(key);
    if (!s) {
      s = { facts: [], agent: false, reasons: [], agentSince: 0, firstEventAt: undefined, lastDiskKind: undefined };
      this.states.set(key, s);
    }
    return s;
  }

  private markAgent(s: FileState, reasons: readonly string[], at: number): void {
    if (!s.agent) s.agentSince = at;
    s.agent = true;
    for (const r of reasons) if (!s.reasons.includes(r) && s.reasons.length < 8) s.reasons.push(r);
  }

  private recordDocument(e: vscode.TextDocumentChangeEvent): void {
    const doc = e.document;
    if (doc.uri.scheme !== 'file' || e.contentChanges.length === 0) return;
    const t0 = performance.now();
    this.counts.documentEvents++;
    const key = doc.uri.fsPath;
    this.together.add(key, t0);
    const own = this.ownEdits.get(key);
    if (own !== undefined && own > t0) {
      this.scheduler.touch(key);
      this.listenerStats.record(performance.now() - t0);
      return;
    }
    let insertedChars = 0;
    let removedChars = 0;
    let removedLines = 0;
    let insertedLines = 0;
    for (const c of e.contentChanges) {
      insertedChars += c.text.length;
      removedChars += c.rangeLength;
      if (c.rangeLength > 0) removedLines += c.range.end.line - c.range.start.line + 1;
      // count line breaks, but never scan more than 64 KB of one insert on the typing path
      const limit = Math.min(c.text.length, 65536);
      for (let i = c.text.indexOf('\n'); i !== -1 && i < limit; i = c.text.indexOf('\n', i + 1)) insertedLines++;
    }
    const active = vscode.window.activeTextEditor?.document === doc;
    const visible = active || vscode.window.visibleTextEditors.some((ed) => ed.document === doc);
    const facts: DocumentChangeFacts = {
      source: 'document',
      at: t0,
      undoRedo: e.reason !== undefined,
      visible,
      active,
      changes: e.contentChanges.length,
      insertedChars,
      removedChars,
      removedLines,
      insertedLines,
    };
    const s = this.state(key);
    s.firstEventAt ??= wallClock(t0);
    const now = attributeDocumentChange(facts, 0);
    let needed = this.options.mode() === 'all' || s.agent;
    if (now.agent) {
      this.markAgent(s, now.reasons, t0);
      needed = true;
    } else if (!facts.undoRedo && !isKeystrokeSized(facts)) {
      // may still turn out to have arrived together with other files
      if (s.facts.length < 64) s.facts.push(facts);
      needed = true;
    }
    if (needed) this.scheduler.touch(key);
    this.listenerStats.record(performance.now() - t0);
  }

  private recordDisk(uri: vscode.Uri, kind: 'create' | 'change' | 'delete'): void {
    if (uri.scheme !== 'file') return;
    const t0 = performance.now();
    const key = uri.fsPath;
    if (this.isExcluded(uri)) return;
    this.counts.diskEvents++;
    const save = this.lastSave.get(key);
    const saved = save !== undefined && t0 - save.at < SAVE_WINDOW_MS && kind !== 'delete';
    const doc = this.openDocs.get(key);
    const a = attributeDiskChange({ source: 'disk', at: t0, kind, savedByEditor: saved, dirty: doc?.isDirty ?? false });
    const s = this.state(key);
    // a save is only a save if the disk holds what the editor wrote: checked when processed
    if (saved) s.savedText = save.text;
    s.firstEventAt ??= wallClock(t0);
    // a create followed by writes before the review is still a creation
    s.lastDiskKind = kind === 'change' && s.lastDiskKind === 'create' ? 'create' : kind;
    if (kind === 'delete') {
      // a deleted folder is reported once, not file by file: its known files go too
      const prefix = key.endsWith(path.sep) ? key : key + path.sep;
      for (const k of new Set([...this.states.keys(), ...this.reviews.keys()])) {
        if (!k.startsWith(prefix)) continue;
        const child = this.state(k);
        child.firstEventAt ??= wallClock(t0);
        child.lastDiskKind = 'delete';
        if (a.agent) this.markAgent(child, a.reasons, t0);
        this.scheduler.touch(k);
      }
    }
    if (a.agent) this.markAgent(s, a.reasons, t0);
    if (this.options.mode() === 'all' || s.agent || s.savedText !== undefined) this.scheduler.touch(key, DISK_DEBOUNCE_MS);
    this.listenerStats.record(performance.now() - t0);
  }

  private onOpen(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file') return;
    const key = doc.uri.fsPath;
    this.openDocs.set(key, doc);
    // the content when first seen: the baseline of files git does not track
    if (!this.store.hasSeen(key) && doc.getText().length <= 1024 * 1024 && this.rootOf(key) !== undefined) {
      this.store.noteSeen(key, doc.getText());
    }
  }

  private readExcludes(): void {
    this.excluded = excludeMatcher(vscode.workspace.getConfiguration('files').get('watcherExclude'));
  }

  private isExcluded(uri: vscode.Uri): boolean {
    const rel = this.placeOf(uri.fsPath)?.rel;
    if (rel === undefined) return true;
    if (ALWAYS_SKIPPED.test(rel) || SIGNOFF_RECORDS.test(rel)) return true;
    return this.excluded(rel);
  }

  // -------------------------------------------------------------------------------------------
  // processing (off the typing path)

  private onHeadMoved(repo: Repo): void {
    // The git extension noticed a HEAD move: files it changed that were analysed as agent-made
    // just before (a race with the checkout) are re-baselined now. The git extension may notice
    // late, while an agent is writing other files: only a file whose disk state is exactly what
    // the new HEAD holds can be the checkout's doing; anything else keeps its agent mark.
    const now = performance.now();
    const st = readRepoState(repo);
    this.fingerprints.set(repo.root, st.fingerprint);
    this.gitOpAt.set(repo.root, Math.max(st.movedAt, this.gitOpAt.get(repo.root) ?? 0));
    const candidates: Array<[string, FileState]> = [];
    for (const [key, s] of this.states) {
      if (!s.agent || now - s.agentSince > 5000) continue;
      if (this.git.repoFor(key)?.root !== repo.root) continue;
      candidates.push([key, s]);
    }
    if (candidates.length === 0) return;
    void (async () => {
      for (const [key, s] of candidates) {
        if (!(await this.matchesCommit(repo, key, st.head))) continue;
        if (this.states.get(key) !== s || s.agentSince > now) continue; // written again since: still the agent's
        s.agent = false;
        s.reasons = [];
        this.store.rebaseline(key, undefined);
        this.scheduler.touch(key);
      }
    })().catch((e: unknown) => this.log.warn(`edit review: could not compare files with the new HEAD: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** The file on disk is exactly what `commit` holds (both absent counts). */
  private async matchesCommit(repo: Repo, key: string, commit: string | undefined): Promise<boolean> {
    const atCommit = await this.git.headContent(repo, key, commit);
    if (atCommit === undefined) return false;
    let onDisk: Buffer | null;
    try {
      onDisk = await fs.promises.readFile(key);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return false;
      onDisk = null;
    }
    if (atCommit === null || onDisk === null) return atCommit === onDisk;
    return atCommit.equals(onDisk);
  }

  private async processBatch(keys: string[]): Promise<void> {
    const groups = new Map<string, { repo: Repo | undefined; keys: string[] }>();
    for (const key of keys) {
      const repo = this.git.repoFor(key);
      const id = repo?.root ?? '';
      const g = groups.get(id);
      if (g) g.keys.push(key);
      else groups.set(id, { repo, keys: [key] });
    }
    const slicer = new TimeSlicer(8);
    for (const { repo, keys: files } of groups.values()) {
      let head: string | undefined;
      let opAt: number | undefined;
      if (repo) {
        const now = performance.now();
        const st = readRepoState(repo);
        const n = this.deferrals.get(repo.root) ?? 0;
        const settling = now - (this.lastBusyAt.get(repo.root) ?? -Infinity) < GIT_SETTLE_MS;
        if ((st.busy || settling) && n < MAX_DEFERRALS) {
          if (st.busy) this.lastBusyAt.set(repo.root, now);
          this.deferrals.set(repo.root, n + 1);
          this.scheduler.defer(files, 250);
          if (n === 0) this.trace(repo.root, `git is busy: ${files.length} file(s) wait`);
          continue;
        }
        this.deferrals.delete(repo.root);
        const prev = this.fingerprints.get(repo.root);
        this.fingerprints.set(repo.root, st.fingerprint);
        // HEAD or the stash moved since the last look: when git finished is in its reflogs
        if (prev !== undefined && prev !== st.fingerprint) this.gitOpAt.set(repo.root, Math.max(st.movedAt, this.gitOpAt.get(repo.root) ?? 0));
        // still locked after waiting long: whatever changes now is the operation's doing
        if (st.busy) this.gitOpAt.set(repo.root, wallClock(now) + GIT_OP_WINDOW_MS);
        head = st.head;
        opAt = this.gitOpAt.get(repo.root);
      }
      // files git ignores are build output and dependencies, unless they feed a deploy
      if (repo) {
        for (const key of await this.git.ignored(repo, files)) {
          if (reviewsEvenIfIgnored(this.relOf(key))) continue;
          files.splice(files.indexOf(key), 1);
          this.states.delete(key);
          this.clear(key);
        }
      }
      slicer.resume();
      for (const key of files) {
        const s = this.states.get(key);
        const gitOp = opAt !== undefined && (s?.firstEventAt ?? Infinity) <= opAt + GIT_OP_WINDOW_MS;
        await this.processFile(key, repo, head, gitOp);
        await slicer.maybeYield();
      }
      slicer.end();
    }
  }

  /** One file at a time: a refresh and a batch never analyse the same file concurrently. */
  private processFile(key: string, repo: Repo | undefined, head: string | undefined, gitOp: boolean): Promise<void> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    const next = prev.then(() => this.analyse(key, repo, head, gitOp)).catch((e: unknown) => {
      this.log.error(`could not review ${key}: ${e instanceof Error ? e.message : String(e)}`);
    });
    this.locks.set(key, next);
    void next.then(() => {
      if (this.locks.get(key) === next) this.locks.delete(key);
    });
    return next;
  }

  private async readCurrent(key: string, maxBytes: number): Promise<Current | 'ignore'> {
    const doc = this.openDocs.get(key);
    if (doc && doc.isDirty) return { text: doc.getText(), version: doc.version };
    try {
      const st = await fs.promises.stat(key);
      if (!st.isFile()) return 'ignore';
      // when the file system knows when the file was born (0 when it does not)
      const bornAt = st.birthtimeMs > 0 ? st.birthtimeMs : undefined;
      if (st.size > maxBytes) {
        return { text: null, bornAt, skip: { reason: 'too-large', detail: `the file is ${formatBytes(st.size)}, over the ${formatBytes(maxBytes)} limit` } };
      }
      const buf = await fs.promises.readFile(key);
      const d = decodeContent(buf, maxBytes, 'the file');
      if (!d.ok) return { text: null, bornAt, skip: d.skip };
      return { text: d.text, bornAt, version: doc && doc.getText() === d.text ? doc.version : undefined };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { text: null };
      if (code === 'EISDIR') return 'ignore';
      throw e;
    }
  }

  /** Queues the files in a folder created outside the editor that the review has not seen. */
  private async adoptNewFolder(dir: string, reasons: readonly string[]): Promise<void> {
    const now = performance.now();
    const found: string[] = [];
    const walk = async (d: string, depth: number): Promise<void> => {
      if (depth > NEW_FOLDER_DEPTH || found.length >= NEW_FOLDER_FILES) return;
      let entries: fs.Dirent[];
      try {
        entries = await fs.promises.readdir(d, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (found.length >= NEW_FOLDER_FILES) return;
        const p = path.join(d, e.name);
        if (e.isDirectory()) await walk(p, depth + 1);
        else if (e.isFile()) found.push(p);
      }
    };
    await walk(dir, 0);
    let queued = 0;
    for (const k of found) {
      if (this.store.hasSeen(k) || this.isExcluded(vscode.Uri.file(k))) continue;
      const child = this.state(k);
      if (child.lastDiskKind !== undefined) continue; // its own event is on the way
      child.firstEventAt ??= wallClock(now);
      child.lastDiskKind = 'create';
      this.markAgent(child, reasons.length > 0 ? reasons : ['created on disk outside the editor'], now);
      this.scheduler.touch(k, DISK_DEBOUNCE_MS);
      queued++;
    }
    if (queued > 0) this.trace(dir, `new folder: ${queued} file(s) in it queued for review`);
  }

  private trace(key: string, message: string): void {
    const line = `${this.relOf(key)}: ${message}`;
    this.recent.push(line);
    if (this.recent.length > 200) this.recent.splice(0, this.recent.length - 200);
    this.log.debug(`edit review: ${line}`);
  }

  private clear(key: string): void {
    const had = this.reviews.get(key);
    if (!had) return;
    this.reviews.delete(key);
    this.changed.fire({ key, uri: had.uri, cleared: true });
  }

  private async analyse(key: string, repo: Repo | undefined, head: string | undefined, gitOp: boolean): Promise<void> {
    const s = this.state(key);
    const uri = vscode.Uri.file(key);
    if (this.isExcluded(uri)) {
      s.facts = [];
      return;
    }
    const options = await this.options.editOptions(key);
    const cur = await this.readCurrent(key, options.maxBytes);
    if (cur === 'ignore') {
      this.states.delete(key);
      this.clear(key);
      // A folder made outside the editor: files written into it at once may be reported late or
      // not at all (the watcher starts watching the folder after they are there), so they are
      // looked for here.
      if (s.lastDiskKind === 'create' && s.agent && !gitOp) await this.adoptNewFolder(key, s.reasons);
      return;
    }
    const lastDiskKind = s.lastDiskKind;
    s.firstEventAt = undefined;
    s.lastDiskKind = undefined;
    if (s.savedText !== undefined) {
      if (cur.text !== s.savedText && !gitOp) this.markAgent(s, ['written on disk right after the editor saved it'], performance.now());
      delete s.savedText;
      this.lastSave.delete(key);
    }
    if (gitOp) {
      s.facts = [];
      s.agent = false;
      s.reasons = [];
      this.store.rebaseline(key, repo ? undefined : cur.text);
      this.counts.rebaselined++;
      this.trace(key, 'changed by a git operation: re-baselined');
    } else if (s.facts.length > 0) {
      const a = attribute(s.facts, (f) => this.together.othersAround(key, f.at));
      if (a.agent) this.markAgent(s, a.reasons, performance.now());
      s.facts = [];
    }
    if (this.options.mode() !== 'all' && !s.agent) {
      if (!this.store.hasSeen(key) && cur.text !== null && !repo) this.store.noteSeen(key, cur.text);
      if (!gitOp) this.trace(key, 'not reviewed: no agent change');
      this.clear(key);
      return;
    }

    // the baseline
    const headKey = repo ? (head ?? 'unborn') : undefined;
    if (this.store.approvedContent(key) !== undefined) {
      if (repo && headKey !== undefined && this.store.headAt(key, headKey) === undefined) await this.fetchHead(repo, key, head, headKey);
      this.store.dropApprovalIfBack(key, cur.text, headKey);
    }
    let res = this.store.resolve(key, headKey);
    if (res.kind === 'need-head' && repo && headKey !== undefined) {
      res = (await this.fetchHead(repo, key, head, headKey)) ? this.store.resolve(key, headKey) : this.store.resolve(key, undefined);
    }
    // a file that runs commands is judged with the command engine (loaded on the first such file)
    const runs = cur.text !== null && this.options.commandJudge !== undefined && runsCommands(detectFile(this.relOf(key), null, cur.text), cur.text);
    const withJudge: EditOptions = runs ? { ...options, commandJudge: await this.options.commandJudge!(key) } : options;
    // the rest is synchronous: time it (the longest time one file's review holds the host)
    const t = performance.now();
    this.judge(key, uri, s, res, lastDiskKind, cur, repo, withJudge);
    this.longestSliceMs = Math.max(this.longestSliceMs, performance.now() - t);
  }

  private judge(
    key: string,
    uri: vscode.Uri,
    s: FileState,
    res: Resolution,
    lastDiskKind: FileState['lastDiskKind'],
    cur: Current,
    repo: Repo | undefined,
    options: EditOptions,
  ): void {
    let baseline: Baseline;
    if (res.kind === 'baseline') baseline = res.baseline;
    else if (lastDiskKind === 'create' || (cur.bornAt !== undefined && cur.bornAt >= this.watchingSince)) {
      // created since we started watching (the watcher said so, or the file system's birth time
      // does: a file in a folder made a moment ago may be reported only as changed)
      this.store.noteSeen(key, null);
      baseline = { content: null, source: 'created' };
    } else {
      // first sight of a file nobody knew: take it as it is
      this.store.noteSeen(key, cur.text);
      baseline = { content: cur.text, source: 'first-seen' };
    }

    const place = this.placeOf(key);
    const rel = place?.rel ?? vscode.workspace.asRelativePath(key, false);
    if (cur.skip) {
      if (cur.skip.reason === 'binary') {
        this.clear(key);
        return;
      }
      this.publish({ uri, key, rel, baseline, current: null, docVersion: undefined, map: { hunks: [], placements: [], afterLineCount: 0 }, severity: 'medium', skipped: cur.skip, agent: s.agent, reasons: s.reasons, at: Date.now() });
      return;
    }
    if (baseline.content === cur.text) {
      // nothing differs from the baseline: nothing left to review in this file
      s.agent = false;
      s.reasons = [];
      this.trace(key, `same as its baseline (${baseline.source})`);
      this.clear(key);
      return;
    }
    this.counts.analysed++;
    const verdict = analyzeEdit(
      {
        path: rel,
        before: baseline.content,
        after: cur.text,
        context: {
          workspaceRoot: place?.root,
          tracked: repo ? baseline.source === 'git-head' || baseline.source === 'approved' : undefined,
          author: s.agent ? 'agent' : 'person',
        },
      },
      options,
    );
    if (verdict.findings.length === 0 && !verdict.skipped) {
      this.trace(key, `no findings against its baseline (${baseline.source})`);
      this.clear(key);
      return;
    }
    this.trace(key, `${verdict.findings.length} finding(s), ${verdict.severity}, against its baseline (${baseline.source}); ${s.reasons.join('; ')}`);
    const map = mapFindings(baseline.content, cur.text, verdict.findings);
    const review: FileReview = {
      uri,
      key,
      rel,
      baseline,
      current: cur.text,
      docVersion: cur.version,
      map,
      severity: verdict.severity,
      agent: s.agent,
      reasons: [...s.reasons],
      at: Date.now(),
    };
    if (verdict.skipped && verdict.skipped.reason !== 'binary') {
      review.skipped = verdict.skipped;
      review.severity = 'medium';
    }
    this.publish(review);
  }

  /** Reads the file's HEAD version into the store; false when git could not tell. */
  private async fetchHead(repo: Repo, key: string, head: string | undefined, headKey: string): Promise<boolean> {
    const buf = await this.git.headContent(repo, key, head);
    if (buf === undefined) return false;
    this.store.setHead(key, { key: headKey, content: buf === null ? null : stripBom(buf.toString('utf8')) });
    return true;
  }

  private publish(review: FileReview): void {
    this.reviews.set(review.key, review);
    this.changed.fire(review);
  }

  dispose(): void {
    this.scheduler.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** Git's own files, installed dependencies and Terraform's provider/module cache. */
const ALWAYS_SKIPPED = /(^|\/)(\.git|node_modules|\.terraform)(\/|$)/;

/**
 * The sign-off record (`.blast-radius/reviews/`): written by the editor's own approvals and by
 * `blast-radius approve`, both a person's doing. An agent that writes there is caught where it
 * acts (the edit rule cicd.review-record-changed in the agent hooks, guard.review-record-write in
 * the terminal guard), and verify counts a record only when its approver committed it.
 */
const SIGNOFF_RECORDS = REVIEWS_PATH_RE;

/** Kinds of file that feed a deploy or guard the repository: reviewed even when git ignores them (`prod.tfvars`). */
const REVIEWED_WHEN_IGNORED: ReadonlySet<FileKind> = new Set<FileKind>([
  'terraform',
  'terraform-json',
  'migration',
  'rails-migration',
  'django-migration',
  'alembic-migration',
  'prisma-schema',
  'sql',
  'helm-values',
  'helm-template',
  'github-workflow',
  'github-action',
  'ci',
  'git-hook',
  'agent-config',
  'vscode-settings',
  'blast-policy',
]);

function reviewsEvenIfIgnored(rel: string): boolean {
  for (const k of detectFile(rel, null, null).kinds) if (REVIEWED_WHEN_IGNORED.has(k)) return true;
  return false;
}

/** A performance.now() reading as ms since the epoch (comparable with file times). */
function wallClock(perfNow: number): number {
  return performance.timeOrigin + perfNow;
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
