import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';

/**
 * What Blast Radius needs from git: which repository a file is in, the file's content at HEAD,
 * and whether a git operation (checkout, pull, rebase, stash, reset) is moving the working tree.
 *
 * Repositories and HEAD moves come from the built-in git extension's API (`vscode.git`, API 1)
 * when it is there. HEAD contents are read through one long-lived `git cat-file --batch` per
 * repository (with the git binary the git extension uses): a branch switch or an agent touching
 * a thousand files would otherwise start a thousand `git show` processes. When that process
 * cannot run, the git extension's `repository.show` is the fallback.
 */

/** The parts of the git extension's API (extensions/git/src/api/git.d.ts) used here. */
interface GitApiRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD: { readonly commit?: string; readonly name?: string } | undefined; readonly onDidChange: vscode.Event<void> };
  show(ref: string, path: string): Promise<string>;
}
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly git: { readonly path: string };
  readonly repositories: readonly GitApiRepository[];
  readonly onDidOpenRepository: vscode.Event<GitApiRepository>;
}
interface GitExtension {
  getAPI(version: 1): GitApi;
}

export interface Repo {
  /** Working tree root (absolute, platform separators). */
  root: string;
  /** The repository's git dir (`.git`, or a worktree's gitdir). */
  gitDir: string;
  /** Where refs live (differs from gitDir for linked worktrees). */
  commonDir: string;
}

/** A point-in-time view of a repository's refs that git operations change. */
export interface RepoState {
  /** Commit id at HEAD; undefined on an unborn branch. */
  head: string | undefined;
  /** HEAD plus the stash ref: changes on checkout, pull, rebase, reset to another commit, stash. */
  fingerprint: string;
  /** An operation holds the index lock or a rebase is in progress. */
  busy: boolean;
  /**
   * When HEAD or the stash last moved (ms since the epoch): the newest of the HEAD and stash
   * reflogs and HEAD itself. Git writes these at the end of an operation.
   */
  movedAt: number;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function statKey(file: string): string {
  try {
    const s = fs.statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return '-';
  }
}

function mtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** Resolves a ref name (`refs/heads/main`) from loose refs or packed-refs. */
function resolveRef(commonDir: string, ref: string): string | undefined {
  const loose = readText(path.join(commonDir, ref))?.trim();
  if (loose) return loose;
  const packed = readText(path.join(commonDir, 'packed-refs'));
  if (!packed) return undefined;
  for (const line of packed.split('\n')) {
    if (line.endsWith(` ${ref}`)) return line.slice(0, line.indexOf(' '));
  }
  return undefined;
}

/** Reads HEAD and the stash ref straight from the git dir: a few small file reads, no process. */
export function readRepoState(repo: Repo): RepoState {
  const headText = readText(path.join(repo.gitDir, 'HEAD'))?.trim() ?? '';
  let head: string | undefined;
  if (headText.startsWith('ref: ')) {
    const ref = headText.slice(5).trim();
    head = resolveRef(repo.commonDir, ref) ?? resolveRef(repo.gitDir, ref);
  } else if (/^[0-9a-f]{40,64}$/.test(headText)) head = headText;
  const stash = resolveRef(repo.commonDir, 'refs/stash') ?? '-';
  const busy =
    fs.existsSync(path.join(repo.gitDir, 'index.lock')) ||
    fs.existsSync(path.join(repo.gitDir, 'rebase-merge')) ||
    fs.existsSync(path.join(repo.gitDir, 'rebase-apply'));
  const movedAt = Math.max(mtime(path.join(repo.gitDir, 'HEAD')), mtime(path.join(repo.gitDir, 'logs', 'HEAD')), mtime(path.join(repo.commonDir, 'logs', 'refs', 'stash')));
  return { head, fingerprint: `${headText}|${head ?? 'unborn'}|${stash}|${statKey(path.join(repo.commonDir, 'logs', 'refs', 'stash'))}`, busy, movedAt };
}

/** `git cat-file --batch`: one process answering `<rev>:<path>` requests in order. */
class CatFile {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly waiting: Array<{ resolve: (v: Buffer | null) => void; reject: (e: Error) => void }> = [];
  private buf: Buffer = Buffer.alloc(0);
  private need: { size: number } | undefined;
  dead = false;

  constructor(gitPath: string, cwd: string, onExit: () => void) {
    this.proc = spawn(gitPath, ['cat-file', '--batch'], { cwd, stdio: 'pipe', windowsHide: true, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
    this.proc.stdout.on('data', (d: Buffer) => this.onData(d));
    this.proc.stderr.on('data', () => undefined);
    const fail = (e: Error): void => {
      this.dead = true;
      for (const w of this.waiting.splice(0)) w.reject(e);
      onExit();
    };
    this.proc.on('error', fail);
    this.proc.on('exit', () => fail(new Error('git cat-file exited')));
    this.proc.stdin.on('error', () => undefined);
  }

  /** The blob at `rev:relPath`, or null when there is none. */
  read(rev: string, relPath: string): Promise<Buffer | null> {
    if (this.dead) return Promise.reject(new Error('git cat-file is not running'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.proc.stdin.write(`${rev}:${relPath}\n`);
    });
  }

  private onData(d: Buffer): void {
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
    for (;;) {
      if (this.need === undefined) {
        const nl = this.buf.indexOf(10);
        if (nl < 0) return;
        const header = this.buf.subarray(0, nl).toString('utf8');
        this.buf = this.buf.subarray(nl + 1);
        const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
        if (!m) {
          // "<rev> missing", "<rev> ambiguous", or a tree/commit we did not ask for
          this.waiting.shift()?.resolve(null);
          continue;
        }
        if (m[1] !== 'blob') {
          this.need = { size: Number(m[2]) };
          // a non-blob: read and drop its body
          if (this.buf.length < this.need.size + 1) return;
          this.buf = this.buf.subarray(this.need.size + 1);
          this.need = undefined;
          this.waiting.shift()?.resolve(null);
          continue;
        }
        this.need = { size: Number(m[2]) };
      }
      if (this.buf.length < this.need.size + 1) return;
      const body = Buffer.from(this.buf.subarray(0, this.need.size));
      this.buf = this.buf.subarray(this.need.size + 1);
      this.need = undefined;
      this.waiting.shift()?.resolve(body);
    }
  }

  dispose(): void {
    this.dead = true;
    try {
      this.proc.stdin.end();
      this.proc.kill();
    } catch {
      // already gone
    }
  }
}

export class GitBridge implements vscode.Disposable {
  private api: GitApi | undefined;
  private readonly repos = new Map<string, Repo | null>(); // folder → repo (null: none)
  private readonly catFiles = new Map<string, CatFile>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly headMoved = new vscode.EventEmitter<Repo>();
  private readonly knownHeads = new Map<string, string | undefined>();
  /** Fires when the git extension reports that a repository's HEAD moved. */
  readonly onDidMoveHead = this.headMoved.event;

  constructor(private readonly log: Logger) {
    this.disposables.push(this.headMoved);
  }

  /** Connects to the git extension when it is installed and enabled; works without it. */
  async connect(): Promise<void> {
    try {
      const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
      if (!ext) return;
      const exports = ext.isActive ? ext.exports : await ext.activate();
      const api = exports.getAPI(1);
      this.api = api;
      const watch = (r: GitApiRepository): void => {
        const root = r.rootUri.fsPath;
        this.knownHeads.set(root, r.state.HEAD?.commit);
        this.disposables.push(
          r.state.onDidChange(() => {
            const commit = r.state.HEAD?.commit;
            if (commit === this.knownHeads.get(root)) return;
            this.knownHeads.set(root, commit);
            const repo = this.repoFor(path.join(root, '.blast-radius-probe')); // repoFor looks at the folder holding the path
            if (repo) this.headMoved.fire(repo);
          }),
        );
      };
      api.repositories.forEach(watch);
      this.disposables.push(
        api.onDidOpenRepository((r) => {
          this.repos.clear(); // a repository may have appeared where none was cached
          watch(r);
        }),
      );
    } catch (e) {
      this.log.warn(`git extension unavailable, reading git directly: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private get gitPath(): string {
    return this.api?.git.path || 'git';
  }

  /** The repository holding `file` (found by walking up to a `.git`), cached per folder. */
  repoFor(file: string): Repo | undefined {
    const dir = path.dirname(file);
    const walked: string[] = [];
    let d = dir;
    let found: Repo | null | undefined;
    for (;;) {
      const cached = this.repos.get(d);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      walked.push(d);
      const dotGit = path.join(d, '.git');
      let st: fs.Stats | undefined;
      try {
        st = fs.statSync(dotGit);
      } catch {
        st = undefined;
      }
      if (st) {
        found = this.describe(d, dotGit, st.isDirectory());
        break;
      }
      const up = path.dirname(d);
      if (up === d) {
        found = null;
        break;
      }
      d = up;
    }
    for (const w of walked) this.repos.set(w, found ?? null);
    // a path inside the git dir itself is not a working-tree file
    if (found && (isInside(file, found.gitDir) || isInside(file, found.commonDir))) return undefined;
    return found ?? undefined;
  }

  private describe(root: string, dotGit: string, isDir: boolean): Repo | null {
    let gitDir = dotGit;
    if (!isDir) {
      const m = /^gitdir:\s*(.+)$/m.exec(readText(dotGit) ?? '');
      if (!m) return null;
      gitDir = path.resolve(root, m[1]!.trim());
    }
    const common = readText(path.join(gitDir, 'commondir'))?.trim();
    const commonDir = common ? path.resolve(gitDir, common) : gitDir;
    return { root, gitDir, commonDir };
  }

  /** The file's content at `commit` (HEAD when undefined), null when not there; undefined when git cannot tell. */
  async headContent(repo: Repo, file: string, commit: string | undefined): Promise<Buffer | null | undefined> {
    if (commit === undefined) return null; // unborn branch: nothing is tracked yet
    const rel = path.relative(repo.root, file).split(path.sep).join('/');
    if (rel.includes('\n')) return this.showFallback(repo, rel, commit);
    let cat = this.catFiles.get(repo.root);
    if (!cat || cat.dead) {
      try {
        cat = new CatFile(this.gitPath, repo.root, () => {
          if (this.catFiles.get(repo.root) === cat) this.catFiles.delete(repo.root);
        });
        this.catFiles.set(repo.root, cat);
      } catch (e) {
        this.log.warn(`git cat-file could not start in ${repo.root}: ${e instanceof Error ? e.message : String(e)}`);
        return this.showFallback(repo, rel, commit);
      }
    }
    try {
      return await cat.read(commit, rel);
    } catch {
      return this.showFallback(repo, rel, commit);
    }
  }

  /**
   * The files git ignores (one `git check-ignore --stdin` per call); empty when git cannot tell.
   */
  ignored(repo: Repo, files: readonly string[]): Promise<Set<string>> {
    const rels = new Map<string, string>();
    for (const f of files) {
      const rel = path.relative(repo.root, f).split(path.sep).join('/');
      if (rel && !rel.startsWith('..') && !rel.includes('\0')) rels.set(rel, f);
    }
    if (rels.size === 0) return Promise.resolve(new Set());
    return new Promise((resolve) => {
      const out: Buffer[] = [];
      let proc: ChildProcessWithoutNullStreams;
      try {
        proc = spawn(this.gitPath, ['check-ignore', '-z', '--stdin'], { cwd: repo.root, stdio: 'pipe', windowsHide: true, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
      } catch {
        resolve(new Set());
        return;
      }
      proc.stdout.on('data', (d: Buffer) => out.push(d));
      proc.stderr.on('data', () => undefined);
      proc.stdin.on('error', () => undefined);
      proc.on('error', () => resolve(new Set()));
      proc.on('close', (code) => {
        // 0: some ignored, 1: none ignored, anything else: git could not tell
        if (code !== 0) return resolve(new Set());
        const set = new Set<string>();
        for (const rel of Buffer.concat(out).toString('utf8').split('\0')) {
          const f = rels.get(rel);
          if (f) set.add(f);
        }
        resolve(set);
      });
      proc.stdin.end([...rels.keys()].join('\0') + '\0');
    });
  }

  private async showFallback(repo: Repo, rel: string, commit: string): Promise<Buffer | null | undefined> {
    const r = this.api?.repositories.find((x) => x.rootUri.fsPath === repo.root);
    if (!r) return undefined;
    try {
      return Buffer.from(await r.show(commit, path.join(repo.root, ...rel.split('/'))), 'utf8');
    } catch {
      return null;
    }
  }

  dispose(): void {
    for (const c of this.catFiles.values()) c.dispose();
    this.catFiles.clear();
    for (const d of this.disposables) d.dispose();
  }
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
