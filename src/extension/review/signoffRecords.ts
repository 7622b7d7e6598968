/**
 * Approvals made in the editor that the sign-off policy asks for, written to the sign-off record
 * in the repository (`.blast-radius/reviews/<yyyy-mm>/<id>.json`), so that `blast-radius verify`
 * counts them. Which decisions qualify is `repositoryRecordFor` (core/signoff/whenRecorded.ts):
 * approvals of risky edits at a severity the policy wants approved. Reverts and every decision on
 * a terminal command stay in the audit log only.
 *
 * - An approval becomes one record per risky change it covers that the policy wants approved.
 *   The change and its hash come from the same core function verify uses (`riskyChangesInFile`),
 *   with the file at git HEAD as "before" and the content the person approved as "after".
 * - The policy is the stricter of the policy file on disk and at HEAD, as verify reads it.
 * - The approver is git's author identity of the file's repository (`user.name`, `user.email`).
 *   Outside a git repository, or without a configured e-mail address, nothing is written: that
 *   is logged once per repository and the audit log still has the decision.
 *
 * Writes run one after another off the caller's path; a failure is logged and shown as a
 * warning that says what to do next, never thrown at the person who just decided.
 *
 * No `vscode` import: the extension passes in how to warn, and unit tests drive it with a real
 * git repository.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeContent } from '../../core/edit/analyze';
import type { EditFinding } from '../../core/edit/types';
import type { Logger } from '../../core/logger';
import { riskyChangesInFile, type RiskyChange } from '../../core/signoff/changes';
import { lineDiff } from '../../core/signoff/hash';
import { agentReason, parseGitIdent, type Identity } from '../../core/signoff/identity';
import { DEFAULT_SIGNOFF_POLICY, signoffPolicyFromText, stricterPolicy, type SignoffPolicy } from '../../core/signoff/policy';
import { makeRecord, writeRecord } from '../../core/signoff/record';
import { mayRecord, repositoryRecordFor, type RecordChoice } from '../../core/signoff/whenRecorded';
import { DEFAULT_POLICY_FILE } from '../../core/policy/load';
import type { Severity } from '../../core/severity';

declare const BLAST_RADIUS_VERSION: string | undefined;

/** What wrote the record. */
export const TOOL = { name: 'blast-radius', version: typeof BLAST_RADIUS_VERSION === 'string' ? BLAST_RADIUS_VERSION : '0.0.0-dev' };

/** The part of an editor hunk that says which risky changes it holds. */
export interface HunkScope {
  /** First added line (1-based); for a pure deletion, the after-line that follows it. */
  afterStart: number;
  afterCount: number;
  findings: readonly Pick<EditFinding, 'ruleId' | 'line' | 'side'>[];
}

/** The after-lines a risky change sits on (a removed line: the after-lines that replaced it). */
function afterRange(before: string | null, after: string | null, c: RiskyChange): [number, number] | undefined {
  if (c.side === 'after') return [c.line, c.line];
  for (const h of lineDiff(before, after).hunks) {
    if (h.removed.some((l) => l.line === c.line)) return [h.afterStart, h.afterStart + Math.max(h.added.length, 1) - 1];
  }
  return undefined;
}

/**
 * The risky changes (HEAD → current) that an editor hunk holds: those of one of its rules that
 * sit where one of its findings is, or whose lines overlap the hunk's (the editor's baseline may
 * be an earlier approval rather than HEAD, so its line numbers on the removed side can differ).
 * Without a hunk (the whole file was decided on), every change.
 */
export function changesInHunk(changes: readonly RiskyChange[], before: string | null, after: string | null, hunk: HunkScope | undefined): RiskyChange[] {
  if (!hunk) return [...changes];
  const rules = new Set(hunk.findings.map((f) => f.ruleId));
  const lo = hunk.afterStart;
  const hi = hunk.afterStart + Math.max(hunk.afterCount, 1) - 1;
  return changes.filter((c) => {
    if (!rules.has(c.ruleId)) return false;
    if (hunk.findings.some((f) => f.ruleId === c.ruleId && f.side === c.side && f.line === c.line)) return true;
    const r = afterRange(before, after, c);
    return r !== undefined && r[0] <= hi && lo <= r[1];
  });
}

/** `path` relative to `root` with `/` separators; undefined when it is not inside. */
export function repoRelative(root: string, file: string): string | undefined {
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

// ---------------------------------------------------------------------------------------------
// git, asynchronously (the extension host must not wait on it)

/** Runs git with fixed arguments; resolves with stdout, rejects with git's first line of complaint. */
export type AsyncGit = (cwd: string, args: readonly string[], input?: string) => Promise<Buffer>;

/** Runs the `git` on PATH in a child process (with `env`, default this process's). */
export const spawnGit = (env: NodeJS.ProcessEnv = process.env): AsyncGit => (cwd, args, input) =>
  new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const p = spawn('git', [...args], { cwd, stdio: 'pipe', windowsHide: true, env: { ...env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } });
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => err.push(d));
    p.stdin.on('error', () => undefined);
    p.on('error', (e) => reject(e));
    p.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(Buffer.concat(err).toString('utf8').trim().split('\n')[0] || `git ${args[0] ?? ''} exited with ${String(code)}`));
    });
    p.stdin.end(input ?? '');
  });

/** Content of `rev:path` specs through one `git cat-file --batch` (missing: null). */
async function readBlobs(git: AsyncGit, root: string, specs: readonly string[]): Promise<Map<string, Buffer | null>> {
  const out = new Map<string, Buffer | null>();
  const asked = specs.filter((s) => !s.includes('\n'));
  if (asked.length === 0) return out;
  const raw = await git(root, ['cat-file', '--batch'], `${asked.join('\n')}\n`);
  let at = 0;
  for (const s of asked) {
    const nl = raw.indexOf(0x0a, at);
    if (nl < 0) break;
    const header = raw.subarray(at, nl).toString('utf8');
    const m = /^[0-9a-f]+ blob (\d+)$/.exec(header);
    if (!m) {
      out.set(s, null);
      at = nl + 1;
      continue;
    }
    const size = Number(m[1]);
    out.set(s, raw.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1;
  }
  return out;
}

/** The repository holding `dir` (its top folder) and its HEAD commit; undefined outside one. */
export async function repoAt(git: AsyncGit, dir: string): Promise<{ root: string; head: string | undefined } | undefined> {
  let root: string;
  try {
    root = (await git(dir, ['rev-parse', '--show-toplevel'])).toString('utf8').trim();
  } catch {
    return undefined;
  }
  const head = await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).then(
    (b) => b.toString('utf8').trim() || undefined,
    () => undefined,
  );
  return { root, head };
}

export interface RepoSigner {
  root: string;
  head: string | undefined;
  who: Identity;
}

/**
 * The repository holding `dir` and the identity git would commit with there; a reason when
 * there is none (not a repository, no e-mail address configured).
 */
export async function repoSigner(git: AsyncGit, dir: string): Promise<RepoSigner | { reason: string; root?: string }> {
  const repo = await repoAt(git, dir);
  if (!repo) return { reason: `${dir} is not inside a git repository` };
  const { root } = repo;
  // an address git made up from the host name is nobody's: only a configured one counts
  const configured = process.env.GIT_AUTHOR_EMAIL?.trim() || (await git(root, ['config', '--get', 'user.email']).then((b) => b.toString('utf8').trim(), () => ''));
  if (!configured) return { root, reason: `git has no user.email in ${root}; set it with git config user.email you@example.com` };
  let who: Identity | undefined;
  try {
    who = parseGitIdent((await git(root, ['var', 'GIT_AUTHOR_IDENT'])).toString('utf8'));
  } catch {
    who = undefined;
  }
  if (!who) return { root, reason: `git has no identity to sign with in ${root}; set git config user.name and user.email` };
  return { ...repo, who };
}

// ---------------------------------------------------------------------------------------------

export interface EditDecision {
  /** The file (absolute path). */
  file: string;
  decision: 'approve' | 'revert';
  /** The content decided on: for a revert, what was there before it. Undefined: read the file. */
  current: string | Buffer | null | undefined;
  /** The hunk decided on; undefined for the whole file. */
  hunk?: HunkScope;
  /** The edit was attributed to an agent. */
  agent: boolean;
}

export interface SignoffRecorderDeps {
  log: Logger;
  /** Shows a warning to the person (one line, what to do next). */
  warn(message: string): void;
  git?: AsyncGit;
  now?: () => Date;
}

export class SignoffRecorder {
  private chain: Promise<void> = Promise.resolve();
  private readonly told = new Set<string>();
  private readonly git: AsyncGit;
  /** Repository-relative paths written in this session, with their root, newest last. */
  readonly written: Array<{ root: string; path: string }> = [];

  constructor(private readonly deps: SignoffRecorderDeps) {
    this.git = deps.git ?? spawnGit();
  }

  /** Queues the records of an edit decision (none for a revert, none the policy does not ask for). */
  recordEdit(d: EditDecision): void {
    const kind = mayRecord({ kind: 'edit', decision: d.decision });
    if (!kind.write) {
      this.deps.log.debug(`sign-off record: none for the ${d.decision} of ${path.basename(d.file)}: ${kind.why}`);
      return;
    }
    this.enqueue(() => this.writeEdit(d), `the approval of ${path.basename(d.file)}`);
  }

  /**
   * Whether approving something of `severity` in `file` writes a record into its repository, and
   * why (for the confirmation the person reads first). Outside a repository: no.
   */
  async approvalRecorded(file: string, severity: Severity): Promise<RecordChoice> {
    const repo = await repoAt(this.git, path.dirname(file));
    if (!repo) return { write: false, why: 'the file is not in a git repository' };
    return repositoryRecordFor({ kind: 'edit', decision: 'approve' }, severity, await this.policy(repo.root, repo.head));
  }

  /** The sign-off policy of the repository holding `dir` (the default outside one). */
  async policyFor(dir: string): Promise<SignoffPolicy> {
    const repo = await repoAt(this.git, dir);
    return repo ? this.policy(repo.root, repo.head) : DEFAULT_SIGNOFF_POLICY;
  }

  /** Resolves when every queued record has been written (or given up on). */
  flush(): Promise<void> {
    return this.chain;
  }

  private enqueue(work: () => Promise<void>, what: string): void {
    this.chain = this.chain.then(work).catch((e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      this.deps.log.error(`sign-off record: could not record ${what}: ${msg}`);
      this.deps.warn(
        `Blast Radius kept ${what} in its audit log but could not write it to .blast-radius/reviews/ (${msg}). Check that the folder is writable, then approve from a terminal with blast-radius approve.`,
      );
    });
  }

  private onceLog(key: string, message: string): void {
    if (this.told.has(key)) return;
    this.told.add(key);
    this.deps.log.info(`sign-off record: ${message}; the decision is in the audit log only`);
  }

  private async signer(dir: string): Promise<RepoSigner | undefined> {
    const s = await repoSigner(this.git, dir);
    if ('reason' in s) {
      this.onceLog(s.root ?? dir, s.reason);
      return undefined;
    }
    const agent = agentReason(s.who);
    if (agent !== undefined) this.onceLog(`${s.root}\0agent`, `records in ${s.root} are signed as ${s.who.email}, which verify does not count (${agent})`);
    return s;
  }

  private async policy(root: string, head: string | undefined): Promise<SignoffPolicy> {
    const disk = await fs.promises.readFile(path.join(root, DEFAULT_POLICY_FILE), 'utf8').catch(() => null);
    const atHead = head ? (await readBlobs(this.git, root, [`${head}:${DEFAULT_POLICY_FILE}`])).get(`${head}:${DEFAULT_POLICY_FILE}`) ?? null : null;
    return stricterPolicy(signoffPolicyFromText(disk).policy, signoffPolicyFromText(atHead === null ? null : atHead.toString('utf8')).policy);
  }

  private write(root: string, made: ReturnType<typeof makeRecord>): void {
    if (!made.ok) throw new Error(`the record is not valid: ${made.message}`);
    const rel = writeRecord(root, made.record);
    this.written.push({ root, path: rel });
    this.deps.log.info(`sign-off record: ${made.record.decision} of ${made.record.ruleId} (${made.record.hash.slice(0, 12)}) by ${made.record.approver.email} → ${rel}`);
  }

  private async writeEdit(d: EditDecision): Promise<void> {
    const s = await this.signer(path.dirname(d.file));
    if (!s) return;
    const rel = repoRelative(s.root, d.file);
    if (rel === undefined) return;
    const before = s.head ? (await readBlobs(this.git, s.root, [`${s.head}:${rel}`])).get(`${s.head}:${rel}`) ?? null : null;
    const after: string | Buffer | null = d.current !== undefined ? d.current : await fs.promises.readFile(d.file).catch(() => null);
    const policy = await this.policy(s.root, s.head);
    const wanted = (sev: Severity): boolean => repositoryRecordFor({ kind: 'edit', decision: d.decision }, sev, policy).write;
    const changes = riskyChangesInFile({ path: rel, before, after, context: { workspaceRoot: s.root, tracked: true } }, wanted);
    const text = (c: string | Buffer | null): string | null => {
      const r = decodeContent(c, Number.MAX_SAFE_INTEGER, 'content');
      return r.ok ? r.text : null;
    };
    const chosen = changesInHunk(changes, text(before), text(after), d.hunk);
    if (chosen.length === 0) {
      this.deps.log.debug(`sign-off record: nothing in ${rel} needs sign-off against HEAD under the policy; no record`);
      return;
    }
    for (const c of chosen) {
      this.write(
        s.root,
        makeRecord({
          kind: 'edit',
          ruleId: c.ruleId,
          file: rel,
          hash: c.hash,
          severity: c.severity,
          decision: d.decision,
          decidedBy: 'person',
          approver: { name: s.who.name, email: s.who.email },
          agentAttributed: d.agent,
          tool: TOOL,
          line: c.line,
          ...(s.head ? { commit: s.head } : {}),
          ...(this.deps.now ? { time: this.deps.now() } : {}),
        }),
      );
    }
  }
}
