/**
 * The git probe: what a git command would throw away, read from the repository with read-only
 * git commands (`diff --numstat`, `clean -n`, `rev-list`, `stash list`) through core/git.ts.
 *
 * - checkout / restore / switch -f / reset --hard / rm -f: uncommitted changes discarded, files
 *   and lines per file;
 * - clean: untracked files removed (git's own dry run, with the same options), and which are ignored;
 * - stash drop / clear: the entries dropped and their size;
 * - branch -D, reset --hard REV: commits left on no branch, tag or remote;
 * - push --force: commits on the remote (as of the last fetch) that the push overwrites.
 *
 * Every call goes through the hardened session of ./repo.ts (the repository's configuration cannot
 * make git run a program). The probe never runs the command itself and never writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SimpleCommand, Word } from '../shell/model';
import { ago, count, lineDelta, list, num } from './format';
import { measureFiles, type FileTarget } from './files';
import { openRepo, type Repo } from './repo';
import type { CommitLoss, LineChanges, Reading, StashLoss } from './types';
import { expandWord } from './where';

export interface GitProbeOptions {
  /** Kill a git call after this long (default 2,000 ms). */
  timeoutMs?: number;
  /** Bounds of the filesystem walk for `git clean`. */
  maxFiles?: number;
  walkMs?: number;
}

const DIFF = ['diff', '--numstat', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', '--ignore-submodules=all'];

/** `git diff --numstat` over the pathspecs: worktree against the index, or against `base`. */
async function lineChanges(repo: Repo, base: string | undefined, pathspecs: readonly string[]): Promise<LineChanges> {
  return parseNumstat(await repo.run([...DIFF, ...(base ? [base] : []), '--', ...pathspecs]));
}

function changesSentence(c: LineChanges): string {
  const bin = c.binary ? `, ${count(c.binary, 'binary file')}` : '';
  return `Discards uncommitted changes in ${count(c.files, 'file')} (${lineDelta(c.added, c.removed)}${bin}): ${list(c.paths, c.files)}`;
}

async function isCommit(repo: Repo, rev: string): Promise<boolean> {
  try {
    await repo.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** Commits reachable from `tip` and from none of `not`, nor from any other branch, remote or tag. */
async function orphans(repo: Repo, tip: string, not: readonly string[], excludeBranch: string | undefined): Promise<CommitLoss> {
  const range = [tip, '--not', ...not, ...(excludeBranch ? [`--exclude=${excludeBranch}`] : []), '--branches', '--remotes', '--tags'];
  const [n, log] = await Promise.all([repo.run(['rev-list', '--count', ...range]), repo.run(['log', '-n', '3', '--format=%h %s', ...range])]);
  return { ref: tip, count: Number(n.trim()) || 0, examples: log.split('\n').filter(Boolean) };
}

function shortRef(ref: string): string {
  return ref.replace(/^refs\/(heads|remotes|tags)\//, '');
}

function commitsSentence(c: CommitLoss, how: string): string {
  return `${how} ${count(c.count, 'commit')} that ${c.count === 1 ? 'is' : 'are'} on no other branch, tag or remote: ${list(c.examples, c.count)}`;
}

// ---------------------------------------------------------------------------------------------
// The git command line

interface GitLine {
  sub: string;
  /** The subcommand's own arguments. */
  args: readonly Word[];
  /** `-C` folders, in order. */
  chdir: string[];
  /** Global pathspec options to pass on (`--literal-pathspecs`, …). */
  pathspecFlags: string[];
}

const GLOBAL_WITH_VALUE = new Set(['-c', '--config-env', '--namespace', '--super-prefix', '--exec-path', '--list-cmds', '--attr-source']);
const PATHSPEC_FLAGS = new Set(['--literal-pathspecs', '--glob-pathspecs', '--noglob-pathspecs', '--icase-pathspecs']);

function parseGitLine(cmd: SimpleCommand): GitLine | { why: string } {
  const a = cmd.args;
  const chdir: string[] = [];
  const pathspecFlags: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const t = w.text;
    if (t === '-C') {
      const v = a[i + 1];
      if (!v || v.dynamic) return { why: 'its -C folder is not known here' };
      chdir.push(v.text);
      i++;
      continue;
    }
    if (/^--(git-dir|work-tree)(=|$)/.test(t)) return { why: 'it names its own repository with --git-dir or --work-tree' };
    if (PATHSPEC_FLAGS.has(t)) {
      pathspecFlags.push(t);
      continue;
    }
    if (GLOBAL_WITH_VALUE.has(t)) {
      i++;
      continue;
    }
    if (t.startsWith('-')) continue;
    if (w.dynamic) return { why: 'its subcommand is not known here' };
    return { sub: t, args: a.slice(i + 1), chdir, pathspecFlags };
  }
  return { why: 'it names no subcommand' };
}

/** Short options of a subcommand's arguments, with clusters split (`-fdx` → f, d, x). */
function flagSet(args: readonly Word[]): { short: Map<string, number>; long: Set<string> } {
  const short = new Map<string, number>();
  const long = new Set<string>();
  for (const w of args) {
    const t = w.text;
    if (t === '--') break;
    if (t.startsWith('--')) long.add(t.split('=')[0]!);
    else if (t.startsWith('-') && t.length > 1) for (const c of t.slice(1)) short.set(c, (short.get(c) ?? 0) + 1);
  }
  return { short, long };
}

/** Positional words of a subcommand, skipping the values of `withValue` options; and those after `--`. */
function operands(args: readonly Word[], withValue: readonly string[]): { before: Word[]; after: Word[] | undefined } {
  const before: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    if (t === '--') return { before, after: args.slice(i + 1) };
    if (t.startsWith('-') && t.length > 1) {
      if (withValue.includes(t)) i++;
      continue;
    }
    before.push(args[i]!);
  }
  return { before, after: undefined };
}

/** Pathspecs as the shell would pass them (globs expanded against the folder), relative to `cwd`. */
function pathspecs(words: readonly Word[], cwd: string, home: string | undefined): string[] | undefined {
  const out: string[] = [];
  for (const w of words) {
    if (w.dynamic) return undefined;
    if (w.text.startsWith(':')) {
      out.push(w.text); // pathspec magic: git reads it as the command would
      continue;
    }
    const ex = expandWord(w, cwd, home);
    if (!ex) return undefined;
    for (const p of ex) out.push(path.relative(cwd, p) || '.');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The probe

export interface GitPlan {
  /** Rule ids the measurement speaks for. */
  rules: string[];
  run(): Promise<Reading>;
}

const CHECKOUT_VALUED = ['-b', '-B', '--orphan', '--conflict', '--pathspec-from-file', '-U'];
const RESTORE_VALUED = ['-s', '--source', '--pathspec-from-file'];
const PUSH_VALUED = ['--repo', '-o', '--push-option', '--receive-pack', '--exec'];

/** The git probe for `cmd` (program `git`) run in `cwd`, or undefined when the command throws nothing away. */
export function planGit(cmd: SimpleCommand, cwd: string, home: string | undefined, opts: GitProbeOptions = {}): GitPlan | { why: string } | undefined {
  const g = parseGitLine(cmd);
  if ('why' in g) return g;
  const dir = g.chdir.reduce((d, c) => path.resolve(d, c.startsWith('~/') && home ? home + c.slice(1) : c), cwd);
  const timeoutMs = opts.timeoutMs ?? 2000;
  const { short, long } = flagSet(g.args);
  const has = (...names: string[]): boolean => names.some((n) => (n.startsWith('--') ? long.has(n) : short.has(n.slice(1))));
  const session = (): Promise<Repo> => openRepo(dir, g.pathspecFlags, timeoutMs);
  const specs = (words: readonly Word[]): string[] | { why: string } => pathspecs(words, dir, home) ?? { why: 'a path depends on a variable' };
  const withRepo = (rules: string[], f: (repo: Repo) => Promise<Reading>): GitPlan => ({ rules, run: async () => ({ ...(await f(await session())), cwd: dir }) });

  switch (g.sub) {
    case 'checkout':
    case 'restore':
    case 'switch': {
      if (has('-p', '--patch', '--ours', '--theirs', '-m', '--merge', '--conflict', '--pathspec-from-file', '-2', '-3')) return undefined;
      const rules = ['git.discard-changes'];
      const force = g.sub === 'switch' ? has('-f', '--force', '--discard-changes') : g.sub === 'checkout' && has('-f', '--force');
      if (g.sub === 'switch') return force ? withRepo(rules, (r) => discardAll(r, 'Switching branch')) : undefined;
      if (g.sub === 'checkout' && has('-b', '-B', '--orphan')) return undefined;
      if (g.sub === 'restore') {
        const staged = has('-S', '--staged');
        const worktree = has('-W', '--worktree');
        if (staged && !worktree) return undefined;
        const { before, after } = operands(g.args, RESTORE_VALUED);
        const p = specs([...before, ...(after ?? [])]);
        if ('why' in p) return p;
        if (p.length === 0) return undefined;
        const vsHead = staged || has('-s', '--source');
        return withRepo(rules, (r) => discardPaths(r, vsHead ? 'HEAD' : undefined, p));
      }
      const { before, after } = operands(g.args, CHECKOUT_VALUED);
      if (after !== undefined) {
        const p = specs(after);
        if ('why' in p) return p;
        if (p.length === 0) return undefined;
        return withRepo(rules, (r) => discardPaths(r, before.length > 0 ? 'HEAD' : undefined, p));
      }
      if (before.length === 0) return force ? withRepo(rules, (r) => discardAll(r, 'Checking out with --force')) : undefined;
      if (before.some((w) => w.dynamic)) return { why: 'its arguments depend on a variable' };
      // `git checkout X [paths]`: X is a commit (switch, or paths from it) or the first path.
      return withRepo(rules, async (r) => {
        const first = before[0]!.text;
        const commit = first !== '.' && !first.startsWith(':') && (await isCommit(r, first));
        if (commit && before.length === 1) return force ? discardAll(r, 'Checking out with --force') : { status: 'measured', loss: 'none', settled: false, sentence: `Switches to ${first}; git refuses to overwrite uncommitted changes` };
        const p = pathspecs(commit ? before.slice(1) : before, dir, home);
        if (!p) return notMeasured('a path depends on a variable');
        return discardPaths(r, commit ? 'HEAD' : undefined, p);
      });
    }
    case 'reset': {
      if (!has('--hard')) return undefined;
      const { before } = operands(g.args, []);
      const rev = before[0];
      if (rev?.dynamic) return { why: 'the commit it resets to depends on a variable' };
      return withRepo(['git.reset-hard'], (r) => resetHard(r, rev?.text));
    }
    case 'clean': {
      if (has('-n', '--dry-run', '-i', '--interactive') || !has('-f', '--force')) return undefined;
      return withRepo(['git.clean-force'], (r) => clean(r, g.args, opts));
    }
    case 'stash': {
      const { before } = operands(g.args, []);
      const verb = before[0]?.text;
      if (verb === 'clear') return withRepo(['git.stash-drop'], (r) => stashDrop(r, undefined));
      if (verb !== 'drop') return undefined;
      const which = before[1];
      if (which?.dynamic) return { why: 'the stash it drops depends on a variable' };
      const name = which ? (/^\d+$/.test(which.text) ? `stash@{${which.text}}` : which.text) : 'stash@{0}';
      return withRepo(['git.stash-drop'], (r) => stashDrop(r, name));
    }
    case 'branch': {
      const force = has('-D') || (has('-d', '--delete') && has('-f', '--force'));
      if (!force) return undefined;
      const { before } = operands(g.args, []);
      if (before.some((w) => w.dynamic)) return { why: 'a branch name depends on a variable' };
      if (before.length === 0) return undefined;
      return withRepo(['git.branch-force-delete'], (r) => branchDelete(r, before.map((w) => w.text)));
    }
    case 'push': {
      const { before } = operands(g.args, PUSH_VALUED);
      const plus = before.slice(1).some((w) => w.text.startsWith('+'));
      if (!has('-f', '--force', '--force-with-lease', '--force-if-includes') && !plus) return undefined;
      if (has('--mirror', '--all', '--branches', '--tags', '-n', '--dry-run', '-d', '--delete')) return has('-n', '--dry-run') ? undefined : { why: 'it pushes more than named branches' };
      if (before.some((w) => w.dynamic)) return { why: 'the remote or a branch depends on a variable' };
      const all = has('-f', '--force', '--force-with-lease', '--force-if-includes');
      return withRepo(['git.push-force'], (r) => forcePush(r, before[0]?.text, before.slice(1).map((w) => w.text), all));
    }
    case 'rm': {
      if (has('--cached', '-n', '--dry-run')) return undefined;
      const { before, after } = operands(g.args, ['--pathspec-from-file']);
      const p = specs([...before, ...(after ?? [])]);
      if ('why' in p) return p;
      if (p.length === 0) return undefined;
      return withRepo(['measured.git-rm'], (r) => gitRm(r, p, has('-f', '--force')));
    }
    default:
      return undefined;
  }
}

export function notMeasured(why: string): Reading {
  return { status: 'not-measured', loss: 'unknown', settled: false, sentence: `Not measured: ${why}; the judgement stands as the command reads.` };
}

async function discardPaths(repo: Repo, base: string | undefined, specs: readonly string[]): Promise<Reading> {
  const c = await lineChanges(repo, base, specs);
  if (c.files === 0) {
    const what = specs.length === 1 ? (specs[0] === '.' ? 'the working tree has' : `${specs[0]} has`) : 'these paths have';
    return { status: 'measured', loss: 'none', settled: true, changes: c, sentence: `Nothing to discard: ${what} no uncommitted changes` };
  }
  return { status: 'measured', loss: 'work', settled: false, changes: c, sentence: changesSentence(c) };
}

async function discardAll(repo: Repo, how: string): Promise<Reading> {
  const c = await lineChanges(repo, 'HEAD', []);
  if (c.files === 0) return { status: 'measured', loss: 'none', settled: true, changes: c, sentence: `${how} discards nothing: the working tree has no uncommitted changes` };
  return { status: 'measured', loss: 'work', settled: false, changes: c, sentence: changesSentence(c) };
}

async function resetHard(repo: Repo, rev: string | undefined): Promise<Reading> {
  const [c, lost] = await Promise.all([lineChanges(repo, 'HEAD', []), rev ? orphans(repo, 'HEAD', [rev], repo.head ? shortRef(repo.head) : undefined).catch(() => null) : undefined]);
  if (lost === null) return notMeasured(`${rev} is not a commit in this repository`);
  const parts: string[] = [];
  if (c.files > 0) parts.push(changesSentence(c));
  if (lost && lost.count > 0) parts.push(commitsSentence(lost, `${parts.length ? 'and moves' : 'Moves'} ${repo.head ? shortRef(repo.head) : 'HEAD'} back past`));
  const r: Reading = { status: 'measured', loss: parts.length ? 'work' : 'none', settled: parts.length === 0, changes: c, sentence: '' };
  if (lost) r.commits = [{ ...lost, ref: repo.head ?? 'HEAD' }];
  r.sentence = parts.length ? parts.join('; ') : `Nothing to lose: no uncommitted changes${rev ? `, and every commit it moves past is on another branch, tag or remote` : ''}`;
  return r;
}

/** The `git clean` options that choose what it removes, for its own dry run. */
function cleanSelection(args: readonly Word[]): { flags: string[]; paths: string[] } | undefined {
  const flags: string[] = [];
  const paths: string[] = [];
  let ended = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (w.dynamic) return undefined;
    const t = w.text;
    if (!ended && t === '--') {
      ended = true;
      continue;
    }
    if (!ended && (t === '-e' || t === '--exclude')) {
      const v = args[i + 1];
      if (!v || v.dynamic) return undefined;
      flags.push(`--exclude=${v.text}`);
      i++;
      continue;
    }
    if (!ended && t.startsWith('--exclude=')) {
      flags.push(t);
      continue;
    }
    if (!ended && t.startsWith('-e') && !t.startsWith('--')) {
      flags.push(`--exclude=${t.slice(2)}`);
      continue;
    }
    if (!ended && t.startsWith('-')) {
      if (!t.startsWith('--')) for (const c of t.slice(1)) if (c === 'd' || c === 'x' || c === 'X') flags.push(`-${c}`);
      continue;
    }
    paths.push(t);
  }
  return { flags: [...new Set(flags)], paths };
}

/** `Would remove x` lines of a dry run (C-quoted names unquoted). */
function wouldRemove(out: string): string[] {
  const names: string[] = [];
  for (const line of out.split('\n')) {
    const m = /^Would remove (.*)$/.exec(line);
    if (m) names.push(unquoteC(m[1]!));
  }
  return names;
}

/** Git's C-style quoting of odd file names (`"a\tb"`, `"\303\251"`). */
export function unquoteC(s: string): string {
  if (!(s.startsWith('"') && s.endsWith('"') && s.length >= 2)) return s;
  const body = s.slice(1, -1);
  const bytes: number[] = [];
  const ESC: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = body[i + 1] ?? '';
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(ESC[n] ?? n.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

async function clean(repo: Repo, args: readonly Word[], opts: GitProbeOptions): Promise<Reading> {
  const sel = cleanSelection(args);
  if (!sel) return notMeasured('an option or path depends on a variable');
  const onlyIgnored = sel.flags.includes('-X');
  const withIgnored = sel.flags.includes('-x');
  const tail = ['--', ...sel.paths];
  const [all, ignoredOnly] = await Promise.all([
    repo.run(['clean', '-n', ...sel.flags, ...tail]),
    withIgnored ? repo.run(['clean', '-n', ...sel.flags.filter((f) => f !== '-x'), '-X', ...tail]) : Promise.resolve(''),
  ]);
  const names = wouldRemove(all);
  const ignored = new Set(onlyIgnored ? names : wouldRemove(ignoredOnly));
  const targets: FileTarget[] = names.map((n) => ({ abs: path.resolve(repo.cwd, n), shown: n.replace(/\/$/, ''), as: ignored.has(n) ? 'ignored' : 'untracked' }));
  const files = await measureFiles(targets, { maxFiles: opts.maxFiles, walkMs: opts.walkMs, classify: false });
  const f = files.counts;
  if (f.files === 0 && names.length === 0) return { status: 'measured', loss: 'none', settled: true, files: f, sentence: `Nothing to clean: no ${onlyIgnored ? 'ignored' : 'untracked'} files` };
  const lost = f.untracked > 0;
  const aside = f.ignored - f.build;
  const parts: string[] = [];
  if (f.untracked > 0) parts.push(`Deletes ${count(f.untracked, 'untracked file', undefined, files.atLeast)} that ${f.untracked === 1 ? 'was' : 'were'} never committed and cannot be recovered: ${list(f.examples, f.untracked)}`);
  if (f.ignored > 0) {
    const what = aside > 0 ? `, among them ${list(f.examples.slice(Math.min(f.untracked, 3)), aside)} that ${aside === 1 ? 'is' : 'are'} not build output` : ' of build output';
    parts.push(`${parts.length ? 'and' : 'Deletes'} ${count(f.ignored, 'ignored file', undefined, files.atLeast)}${what}`);
  }
  if (parts.length === 0) parts.push(`Deletes ${count(names.length, 'empty folder')}`);
  const loss = lost ? 'work' : aside > 0 ? 'unknown' : f.ignored > 0 ? 'regenerable' : 'none';
  const r: Reading = { status: 'measured', loss, settled: !files.atLeast && !lost, files: f, sentence: parts.join('; ') };
  if (files.atLeast) r.atLeast = true;
  return r;
}

async function stashDrop(repo: Repo, name: string | undefined): Promise<Reading> {
  const listing = await repo.run(['stash', 'list', '--format=%gd%x00%gs']);
  const entries = listing.split('\n').filter(Boolean).map((l) => {
    const [ref, subject] = l.split('\0');
    return { ref: ref ?? '', subject: subject ?? '' };
  });
  const dropped = name === undefined ? entries : entries.filter((e) => e.ref === name);
  if (dropped.length === 0) {
    return { status: 'measured', loss: 'none', settled: true, sentence: name === undefined ? 'Nothing to clear: there are no stashes' : `Nothing to drop: there is no ${name}` };
  }
  const measured = dropped.slice(0, 10);
  const sizes = await Promise.all(
    measured.map(async (e) => {
      const own = await repo.run([...DIFF, `${e.ref}^1`, e.ref]).then(parseNumstat).catch(() => undefined);
      const untracked = await repo.run(['show', '--numstat', '-z', '--format=', '--no-ext-diff', '--no-textconv', `${e.ref}^3`]).then(parseNumstat).catch(() => undefined);
      return { own, untracked };
    }),
  );
  const s: StashLoss = { entries: dropped.length, files: 0, added: 0, removed: 0, measured: measured.length, names: dropped.slice(0, 5).map((e) => `${e.ref}: ${e.subject}`) };
  for (const z of sizes) {
    for (const part of [z.own, z.untracked]) {
      if (!part) continue;
      s.files += part.files;
      s.added += part.added;
      s.removed += part.removed;
    }
  }
  const size = `${count(s.files, 'file')} (${lineDelta(s.added, s.removed)})`;
  const sentence =
    name === undefined
      ? `Deletes ${count(s.entries, 'stash', 'stashes')} holding changes to ${s.measured < s.entries ? 'at least ' : ''}${size} that exist nowhere else: ${list(s.names, s.entries, 2)}`
      : `Drops ${s.names[0]}: changes to ${size} that exist nowhere else`;
  return { status: 'measured', loss: 'work', settled: false, stash: s, sentence };
}

function parseNumstat(out: string): LineChanges {
  const c: LineChanges = { files: 0, added: 0, removed: 0, binary: 0, paths: [] };
  for (const rec of out.split('\0')) {
    const m = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(rec.replace(/^\n+/, ''));
    if (!m) continue;
    c.files++;
    if (m[1] === '-') c.binary++;
    else {
      c.added += Number(m[1]);
      c.removed += Number(m[2]);
    }
    if (c.paths.length < 5) c.paths.push(m[3]!);
  }
  return c;
}

async function branchDelete(repo: Repo, names: readonly string[]): Promise<Reading> {
  const found = await Promise.all(names.map((n) => orphans(repo, `refs/heads/${n}`, ['HEAD'], n).then((l) => ({ ...l, ref: `refs/heads/${n}` }), () => undefined)));
  const losses = found.filter((l): l is CommitLoss => l !== undefined);
  const missing = names.filter((_, i) => found[i] === undefined);
  const lost = losses.filter((l) => l.count > 0);
  if (lost.length === 0) {
    const gone = missing.length ? `${list(missing)} ${missing.length === 1 ? 'does' : 'do'} not exist` : '';
    const kept = names.filter((n) => !missing.includes(n));
    const safe = kept.length ? `every commit on ${list(kept)} is also on another branch, tag or remote` : '';
    return { status: 'measured', loss: 'none', settled: true, commits: losses, sentence: `Nothing to lose: ${[safe, gone].filter(Boolean).join('; ')}` };
  }
  const sentence = lost.map((l) => commitsSentence(l, `Deletes ${shortRef(l.ref)} with`)).join('; ');
  return { status: 'measured', loss: 'work', settled: false, commits: losses, sentence };
}

/** When the remote was last fetched: FETCH_HEAD, else the remote-tracking ref's log. */
function fetchedAt(repo: Repo, trackingRef: string): Date | undefined {
  for (const f of [path.join(repo.gitDir, 'FETCH_HEAD'), path.join(repo.gitDir, 'logs', ...trackingRef.split('/'))]) {
    try {
      return fs.statSync(f).mtime;
    } catch {
      // try the next
    }
  }
  return undefined;
}

async function forcePush(repo: Repo, remoteArg: string | undefined, specs: readonly string[], forceAll: boolean): Promise<Reading> {
  const cur = repo.head?.startsWith('refs/heads/') ? repo.head.slice('refs/heads/'.length) : undefined;
  const cfg = (k: string): string | undefined => repo.config.get(k.toLowerCase())?.at(-1);
  const remote = remoteArg ?? (cur ? cfg(`branch.${cur}.pushRemote`) : undefined) ?? cfg('remote.pushDefault') ?? (cur ? cfg(`branch.${cur}.remote`) : undefined) ?? 'origin';
  if (/[:/\\]/.test(remote) && !repo.config.has(`remote.${remote.toLowerCase()}.url`)) return notMeasured(`${remote} is a URL, not a remote this repository fetches`);
  const pairs: { src: string; dst: string }[] = [];
  for (const raw of specs) {
    const forced = raw.startsWith('+');
    if (!forced && !forceAll) continue;
    const t = forced ? raw.slice(1) : raw;
    const colon = t.indexOf(':');
    if (colon === 0) continue; // a delete: another rule
    const src = colon > 0 ? t.slice(0, colon) : t;
    let dst = colon > 0 ? t.slice(colon + 1) : t;
    if (dst === 'HEAD' || dst === '@') {
      if (!cur) return notMeasured('HEAD is detached, so the branch it pushes to is not known');
      dst = cur;
    }
    pairs.push({ src, dst: dst.replace(/^refs\/heads\//, '') });
  }
  if (specs.length === 0) {
    if (!cur) return notMeasured('HEAD is detached, so the branch it pushes to is not known');
    const merge = cfg(`branch.${cur}.merge`);
    pairs.push({ src: 'HEAD', dst: merge ? merge.replace(/^refs\/heads\//, '') : cur });
  }
  if (pairs.length === 0) return { status: 'measured', loss: 'none', settled: false, sentence: 'Nothing is force-pushed' };
  const losses: CommitLoss[] = [];
  const unknown: string[] = [];
  for (const p of pairs) {
    const tracking = `refs/remotes/${remote}/${p.dst}`;
    const range = [tracking, '--not', p.src];
    const read = await Promise.all([repo.run(['rev-list', '--count', ...range]), repo.run(['log', '-n', '3', '--format=%h %s', ...range])]).catch(() => undefined);
    if (!read) {
      unknown.push(`${remote}/${p.dst}`);
      continue;
    }
    const [n, log] = read;
    const loss: CommitLoss = { ref: tracking, count: Number(n.trim()) || 0, examples: log.split('\n').filter(Boolean) };
    const when = fetchedAt(repo, tracking);
    if (when) loss.fetchedAt = when.toISOString();
    losses.push(loss);
  }
  if (losses.length === 0) return notMeasured(`${list(unknown)} ${unknown.length === 1 ? 'was' : 'were'} never fetched here`);
  const lost = losses.filter((l) => l.count > 0);
  const when = (l: CommitLoss): string => (l.fetchedAt ? `as of the last fetch, ${ago(Date.now() - Date.parse(l.fetchedAt))}` : 'as of the last fetch');
  if (lost.length === 0) {
    const l = losses[0]!;
    return { status: 'measured', loss: 'unknown', settled: false, commits: losses, sentence: `${shortRef(l.ref)} had no commits missing from what is pushed (${when(l)}); anything pushed there since would be overwritten` };
  }
  const sentence = lost
    .map((l) => `Overwrites ${count(l.count, 'commit')} on ${shortRef(l.ref)} that ${l.count === 1 ? 'is' : 'are'} not in what is pushed (${when(l)}): ${list(l.examples, l.count)}`)
    .join('; ');
  return { status: 'measured', loss: 'work', settled: false, commits: losses, sentence };
}

async function gitRm(repo: Repo, specs: readonly string[], force: boolean): Promise<Reading> {
  const [tracked, changes] = await Promise.all([repo.run(['ls-files', '-z', '--', ...specs]), lineChanges(repo, 'HEAD', specs)]);
  const n = tracked.split('\0').filter(Boolean).length;
  if (n === 0) return { status: 'measured', loss: 'none', settled: true, sentence: 'Nothing to remove: no tracked file matches' };
  if (changes.files > 0 && force) {
    return { status: 'measured', loss: 'work', settled: false, changes, sentence: `Removes ${count(n, 'tracked file')}; ${changesSentence(changes).replace(/^Discards/, 'discards')}` };
  }
  const refuse = changes.files > 0 ? `; git refuses to remove the ${num(changes.files)} with uncommitted changes without -f` : '';
  return { status: 'measured', loss: 'recoverable', settled: false, changes, sentence: `Removes ${count(n, 'tracked file')}, recoverable from the last commit${refuse}` };
}

