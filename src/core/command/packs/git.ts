/**
 * Git: history that other people share (force pushes, mirror pushes, remote deletes), work
 * that exists nowhere else (reset --hard, clean, checkout/restore over uncommitted changes,
 * dropped stashes, force-deleted branches) and the safety nets (reflog expire, gc --prune=now).
 * Global options before the subcommand are skipped (`git -C dir -c x=y push --force`).
 * Aliases, settings that run commands, hook folders and plumbing are in ./gitplumbing.ts.
 */
import type { Severity } from '../../severity';
import type { SimpleCommand, Word } from '../../shell/model';
import { hasFlag, positionals, type Rule, type RuleContext, type CommandRuleFinding, type RulePack } from '../rule';
import { remoteReach } from '../context';
import { upstream } from '../pipeline';
import { gitConfig, gitPlumbingRules, isGitFalse } from './gitplumbing';
import { spanTo, splitSubcommand } from '../words';

/** The git subcommand and a view of its own arguments, or undefined for another subcommand. */
function gitSub(cmd: SimpleCommand, ...names: string[]): { sub: Word; rest: SimpleCommand } | undefined {
  const s = splitSubcommand(cmd, 1);
  const w = s.wordsAt[0];
  if (!w || !names.includes(w.text)) return undefined;
  return { sub: w, rest: s.rest };
}

/** `git push` and its own arguments, unless it is a rehearsal (`--dry-run`, `-n`). */
function pushSub(cmd: SimpleCommand): { sub: Word; rest: SimpleCommand } | undefined {
  const g = gitSub(cmd, 'push');
  return g && !hasFlag(g.rest, '--dry-run', '-n') ? g : undefined;
}

/** Branch names that others build on: main, master, trunk, release*, production. */
export function isProtectedBranch(ref: string): boolean {
  const b = ref.replace(/^refs\/heads\//, '');
  return /^(main|master|trunk|production|prod|live|stable|release|releases?[/_-].+|release\d.*)$/i.test(b);
}

/** True when the policy's `protectedBranches` names the branch (exactly, or by a `*` pattern). */
export function isListedProtected(ref: string, rc: RuleContext): boolean {
  const b = ref.replace(/^refs\/heads\//, '');
  return (rc.protectedBranches ?? []).some((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(b));
}

export interface PushRef {
  word: Word;
  force: boolean;
  delete: boolean;
  /** The remote branch it updates (`HEAD:main` → `main`); undefined when it depends on the current branch. */
  dest?: string;
}

const PUSH_VALUE_OPTIONS = ['--repo', '-o', '--push-option', '--receive-pack', '--exec'];

/** The remote and refspecs of `git push` (from its own arguments). */
export function pushRefs(rest: SimpleCommand): { remote?: Word; refs: PushRef[] } {
  const pos = positionals(rest, PUSH_VALUE_OPTIONS);
  const [remote, ...specs] = pos;
  const refs: PushRef[] = specs.map((w) => {
    let t = w.text;
    const force = t.startsWith('+');
    if (force) t = t.slice(1);
    const colon = t.indexOf(':');
    if (colon === 0) return { word: w, force, delete: true, dest: t.slice(1) };
    if (colon > 0) return { word: w, force, delete: false, dest: t.slice(colon + 1) };
    return { word: w, force, delete: false, dest: t === 'HEAD' || t === '@' ? undefined : t };
  });
  const out: { remote?: Word; refs: PushRef[] } = { refs };
  if (remote) out.remote = remote;
  return out;
}

const pushForce: Rule = {
  id: 'git.push-force',
  description: 'git push --force / -f / +ref rewrites the remote branch; commits others pushed are lost.',
  severity: 'high',
  programs: ['git'],
  check(cmd, rc) {
    const g = pushSub(cmd);
    if (!g) return undefined;
    const hard = hasFlag(g.rest, '--force', '-f');
    const lease = hasFlag(g.rest, '--force-with-lease', '--force-if-includes');
    const { refs } = pushRefs(g.rest);
    const plus = refs.filter((r) => r.force);
    if (!hard && !lease && plus.length === 0) return undefined;
    const forced = hard || lease ? refs : plus;
    const protectedRef = forced.find((r) => r.dest && (isProtectedBranch(r.dest) || isListedProtected(r.dest, rc)));
    const all = hasFlag(g.rest, '--all', '--branches', '--tags', '--mirror');
    let sev: Severity = hard || plus.length > 0 ? 'high' : 'medium';
    if (protectedRef) sev = hard || protectedRef.force ? 'critical' : 'high';
    const flagWord = g.rest.args.find((a) => /^(--force(-with-lease|-if-includes)?(=.*)?|-[a-zA-Z]*f[a-zA-Z]*)$/.test(a.text) && a.text !== '--') ?? plus[0]?.word;
    const ends = [flagWord, refs[refs.length - 1]?.word, g.rest.args[g.rest.args.length - 1], g.sub].filter((w): w is Word => w !== undefined);
    const last = ends.reduce((a, b) => (b.span[1] > a.span[1] ? b : a));
    const what = protectedRef ? `the shared branch ${protectedRef.dest}` : all ? 'every branch it pushes' : forced.length === 1 && forced[0]!.dest ? `the remote branch ${forced[0]!.dest}` : 'the remote branch';
    const f: CommandRuleFinding = {
      severity: sev,
      message: hard || plus.length > 0 ? `Force-pushes over ${what}: commits on the remote that are not in your branch are lost.` : `Force-pushes over ${what} with a lease: safer than --force, but still rewrites shared history.`,
      span: spanTo(cmd, last),
      suggestion: hard ? 'Use git push --force-with-lease (and never on a shared branch), or push to a new branch.' : 'Push to a new branch and open a pull request instead.',
    };
    if (protectedRef?.dest) f.target = `branch ${protectedRef.dest}`;
    return remoteReach(cmd, rc, f);
  },
  examples: {
    match: [
      { cmd: 'git push --force', exactly: 'high', span: 'git push --force' },
      { cmd: 'git push -f origin feature/login', exactly: 'high' },
      { cmd: 'git push origin +feature/login', exactly: 'high' },
      { cmd: 'git push --force origin main', exactly: 'critical', target: 'branch main' },
      { cmd: 'git push origin +master', exactly: 'critical' },
      { cmd: 'git push --force-with-lease origin main', exactly: 'high' },
      { cmd: 'git push --force-with-lease origin feature/x', exactly: 'medium' },
      { cmd: 'git -C ../infra -c core.x=y push --force', exactly: 'high' },
      { cmd: 'git push -uf origin HEAD', exactly: 'high' },
      { cmd: "bash -c 'git push -f origin release/2.0'", exactly: 'critical' },
    ],
    nearMiss: ['git push', 'git push origin feature/login', 'git push --tags', 'git fetch --force', 'git push -u origin HEAD', 'git commit -m "--force"', 'git push origin main', 'git push --dry-run --force origin main'],
  },
};

const pushMirror: Rule = {
  id: 'git.push-mirror',
  description: 'git push --mirror makes the remote an exact copy: remote branches and tags you do not have are deleted.',
  severity: 'high',
  programs: ['git'],
  check(cmd, rc) {
    const g = pushSub(cmd);
    if (!g || !hasFlag(g.rest, '--mirror')) return undefined;
    const w = g.rest.args.find((a) => a.text === '--mirror')!;
    return remoteReach(cmd, rc, {
      severity: 'high',
      message: 'Mirror-pushes: every remote branch and tag that does not exist locally is deleted, and the rest are overwritten.',
      span: spanTo(cmd, w),
      suggestion: 'Push the branches you mean by name.',
    });
  },
  examples: { match: [{ cmd: 'git push --mirror', exactly: 'high' }, 'git push --mirror git@github.com:acme/shop.git'], nearMiss: ['git clone --mirror https://x/y.git', 'git push --all origin', 'git push -n --mirror origin'] },
};

const pushDelete: Rule = {
  id: 'git.push-delete',
  description: 'git push --delete / :branch removes a branch or tag from the remote.',
  severity: 'high',
  programs: ['git'],
  check(cmd, rc) {
    const g = pushSub(cmd);
    if (!g) return undefined;
    const flag = hasFlag(g.rest, '--delete', '-d');
    const { refs } = pushRefs(g.rest);
    const prune = g.rest.args.find((a) => a.text === '--prune');
    if (prune && !flag) {
      const patterns = refs.map((r) => r.word.text).join(' ');
      return remoteReach(cmd, rc, {
        severity: 'high',
        message: `Deletes every remote branch${patterns ? ` matching ${patterns}` : ''} that does not exist locally (git push --prune).`,
        span: spanTo(cmd, refs[refs.length - 1]?.word ?? prune),
        suggestion: 'Run it with --dry-run first and read the deletions.',
      });
    }
    const dels = flag ? refs : refs.filter((r) => r.delete);
    if (dels.length === 0) return undefined;
    const names = dels.map((r) => r.dest ?? r.word.text);
    const prot = names.find((n) => isProtectedBranch(n));
    const f: CommandRuleFinding = {
      severity: prot ? 'critical' : 'high',
      message: `Deletes ${names.join(', ')} from the remote${prot ? ` — ${prot} is a shared branch` : ''}; anyone who builds on it loses it.`,
      span: spanTo(cmd, dels[dels.length - 1]!.word),
      suggestion: 'Check nobody still needs it (open pull requests, deployments) before deleting.',
    };
    if (prot) f.target = `branch ${prot}`;
    return remoteReach(cmd, rc, f);
  },
  examples: {
    match: [{ cmd: 'git push origin --delete feature/old', exactly: 'high' }, { cmd: 'git push origin :feature/old', exactly: 'high' }, { cmd: 'git push origin --delete release/2024', exactly: 'critical' }, 'git push --delete origin v1.0.0', 'git push -d origin old', { cmd: "git push --prune origin 'refs/heads/*:refs/heads/*'", exactly: 'high' }],
    nearMiss: ['git branch -d feature/old', 'git push origin feature:feature', 'git push origin HEAD:refs/heads/x', 'git tag -d v1', 'git push --delete --dry-run origin release/2024.06', 'git remote prune origin'],
  },
};

const resetHard: Rule = {
  id: 'git.reset-hard',
  description: 'git reset --hard throws away uncommitted changes (and, with a target, the commits after it).',
  severity: 'high',
  programs: ['git'],
  check(cmd, rc) {
    const g = gitSub(cmd, 'reset');
    if (!g || !hasFlag(g.rest, '--hard')) return undefined;
    const w = g.rest.args.find((a) => a.text === '--hard')!;
    const target = positionals(g.rest)[0];
    return remoteReach(cmd, rc, {
      severity: 'high',
      message: `Hard reset${target ? ` to ${target.text}` : ''}: uncommitted changes are discarded for good${target ? ', and commits after it leave the branch' : ''}.`,
      span: spanTo(cmd, target ?? w),
      suggestion: 'Stash first (git stash -u), or use git reset --keep, which refuses to lose local changes.',
    });
  },
  examples: {
    match: [{ cmd: 'git reset --hard', exactly: 'high', span: 'git reset --hard' }, 'git reset --hard HEAD~5', 'git reset --hard origin/main', 'git -C app reset --hard', "ssh build01 'cd /srv/app && git reset --hard'"],
    nearMiss: ['git reset HEAD~1', 'git reset --soft HEAD~1', 'git reset --keep HEAD~1', 'git reset src/file.ts', 'git log --hard'],
  },
};

const cleanForce: Rule = {
  id: 'git.clean-force',
  description: 'git clean -f deletes untracked files (with -x also ignored ones such as .env); they were never committed.',
  severity: 'high',
  programs: ['git'],
  check(cmd, rc) {
    const g = gitSub(cmd, 'clean');
    if (!g) return undefined;
    if (hasFlag(g.rest, '-n', '--dry-run', '-i', '--interactive')) return undefined;
    const unforced = !hasFlag(g.rest, '-f', '--force') && isGitFalse(gitConfig(cmd, rc, 'clean.requireForce')?.value);
    if (!hasFlag(g.rest, '-f', '--force') && !unforced) return undefined;
    const dirs = hasFlag(g.rest, '-d');
    const ignored = hasFlag(g.rest, '-x');
    const onlyIgnored = hasFlag(g.rest, '-X');
    const last = g.rest.args[g.rest.args.length - 1] ?? g.sub;
    return remoteReach(cmd, rc, {
      severity: 'high',
      message: `Deletes untracked files${dirs ? ' and folders' : ''}${ignored ? ', including ignored ones such as .env and local config' : onlyIgnored ? ' that Git ignores, such as .env and local config' : ''}${unforced ? ' (clean.requireForce is off, so no -f is needed)' : ''}; they were never committed and cannot be restored.`,
      span: spanTo(cmd, last),
      suggestion: 'Run git clean -n first to see the list, or git stash -u to keep them.',
    });
  },
  examples: {
    match: [{ cmd: 'git clean -fdx', exactly: 'high' }, 'git clean -fd', 'git clean -ffdx', 'git clean -f -d -x', 'git clean --force -d', 'git clean -fX', 'git clean -f', { cmd: 'git -c clean.requireForce=false clean -dx', exactly: 'high' }],
    nearMiss: ['git clean -n', 'git clean -nd', 'git clean -ndx', 'git clean -fdn', 'git clean -i', 'git clean -dx', 'git -c clean.requireForce=false clean -n'],
  },
};

const BROAD_PATHSPEC = /^(\.|\.\/|:\/|:|\*|:\/\*|\.\/\*|:\(top\)|\.\.)$/;

const discardChanges: Rule = {
  id: 'git.discard-changes',
  description: 'git checkout/restore over uncommitted work (checkout -- ., restore ., checkout -f, switch --discard-changes).',
  severity: 'high',
  programs: ['git'],
  check(cmd, rc) {
    const g = gitSub(cmd, 'checkout', 'restore', 'switch');
    if (!g) return undefined;
    const sub = g.sub.text;
    const r = g.rest;
    const a = r.args;
    const dd = a.findIndex((w) => w.text === '--');
    const find = (...flags: string[]): Word | undefined => a.find((w) => flags.includes(w.text));
    const report = (sev: Severity, what: string, last: Word): CommandRuleFinding =>
      remoteReach(cmd, rc, { severity: sev, message: `${what}: uncommitted changes there are overwritten and cannot be recovered.`, span: spanTo(cmd, last), suggestion: 'Stash them first (git stash -u), or name the single file you mean.' });
    if (sub === 'switch') {
      const w = find('--discard-changes', '-f', '--force');
      return w ? report('high', 'Switches branch and discards local changes', w) : undefined;
    }
    if (sub === 'checkout' && (hasFlag(r, '-f', '--force') && !hasFlag(r, '-b', '-B'))) {
      return report('high', 'Checks out with --force, discarding local changes', find('-f', '--force') ?? a[a.length - 1]!);
    }
    const valueOpts = sub === 'restore' ? ['-s', '--source', '--pathspec-from-file'] : ['-b', '-B', '--orphan', '--conflict', '--pathspec-from-file'];
    if (sub === 'restore' && hasFlag(r, '--staged', '-S') && !hasFlag(r, '--worktree', '-W')) return undefined;
    if (sub === 'checkout' && hasFlag(r, '-b', '-B', '--orphan')) return undefined;
    const pos = positionals(r, valueOpts);
    let paths: Word[];
    if (dd >= 0) paths = a.slice(dd + 1);
    else if (sub === 'restore') paths = pos;
    else paths = pos.filter((w) => BROAD_PATHSPEC.test(w.text));
    if (paths.length === 0) return undefined;
    const broad = paths.find((w) => BROAD_PATHSPEC.test(w.text) || w.glob);
    const last = paths[paths.length - 1]!;
    if (broad) return report('high', `${sub === 'restore' ? 'Restores' : 'Checks out'} ${broad.text} over the working tree`, last);
    return report('medium', `${sub === 'restore' ? 'Restores' : 'Checks out'} ${paths.map((p) => p.text).join(' ')}`, last);
  },
  examples: {
    match: [
      { cmd: 'git checkout -- .', exactly: 'high' },
      { cmd: 'git checkout .', exactly: 'high' },
      'git checkout HEAD -- .',
      { cmd: 'git restore .', exactly: 'high' },
      'git restore --worktree -- .',
      'git restore --source=HEAD~3 .',
      { cmd: 'git checkout -f main', exactly: 'high' },
      'git switch --discard-changes main',
      { cmd: 'git checkout -- src/auth.js', exactly: 'medium' },
      { cmd: 'git restore src/auth.js', exactly: 'medium' },
    ],
    nearMiss: ['git checkout main', 'git checkout -b fix/typo', 'git switch -c feature/x', 'git restore --staged .', 'git restore --staged src/a.ts', 'git checkout -B main origin/main', 'git switch main'],
  },
};

const branchForceDelete: Rule = {
  id: 'git.branch-force-delete',
  description: 'git branch -D deletes a branch even when its commits were never merged.',
  severity: 'medium',
  programs: ['git'],
  check(cmd, rc) {
    const g = gitSub(cmd, 'branch');
    if (!g) return undefined;
    const r = g.rest;
    const force = hasFlag(r, '-D') || ((hasFlag(r, '-d', '--delete') && hasFlag(r, '-f', '--force')));
    if (!force) return undefined;
    const names = positionals(r);
    const prot = names.find((n) => isProtectedBranch(n.text));
    const last = names[names.length - 1] ?? r.args[r.args.length - 1] ?? g.sub;
    if (cmd.argsFromInput) {
      const merged = upstream(rc.line, cmd).some((u) => u.program === 'git' && u.args.some((a) => a.text === '--merged'));
      return remoteReach(cmd, rc, {
        severity: merged ? 'medium' : 'high',
        message: `Force-deletes every branch its input lists${merged ? ' (merged ones)' : ', merged or not'}: commits that were never merged are only left in the reflog.`,
        span: spanTo(cmd, last),
        suggestion: 'Use git branch -d, which refuses to delete unmerged work, and read the list first.',
      });
    }
    const f: CommandRuleFinding = {
      severity: prot || names.length >= 3 || names.some((n) => n.dynamic) ? 'high' : 'medium',
      message: `Force-deletes the branch${names.length > 1 ? 'es' : ''} ${names.map((n) => n.text).join(', ')}: commits that were never merged are only left in the reflog.`,
      span: spanTo(cmd, last),
      suggestion: 'Use git branch -d, which refuses to delete unmerged work.',
    };
    if (prot) f.target = `branch ${prot.text}`;
    return remoteReach(cmd, rc, f);
  },
  examples: {
    match: [{ cmd: 'git branch -D feature/old', exactly: 'medium' }, 'git branch --delete --force spike', { cmd: 'git branch -D main', exactly: 'high' }, { cmd: 'git branch -D a b c', exactly: 'high' }, { cmd: 'git branch -D $(git branch --format="%(refname:short)" | grep -v main)', exactly: 'high' }, { cmd: "git branch --no-merged | grep -v '^*' | xargs git branch -D", exactly: 'high' }, { cmd: 'git branch --merged | xargs git branch -D', exactly: 'medium' }],
    nearMiss: ['git branch -d feature/merged', 'git branch feature/new', 'git branch -a', 'git branch -m old new'],
  },
};

const stashDrop: Rule = {
  id: 'git.stash-drop',
  description: 'git stash drop / clear throws away stashed work.',
  severity: 'medium',
  programs: ['git'],
  check(cmd, rc) {
    const g = gitSub(cmd, 'stash');
    if (!g) return undefined;
    const s = positionals(g.rest)[0];
    if (!s || (s.text !== 'drop' && s.text !== 'clear')) return undefined;
    const clear = s.text === 'clear';
    return remoteReach(cmd, rc, {
      severity: clear ? 'high' : 'medium',
      message: clear ? 'Deletes every stash; stashed work is then only recoverable by digging through dangling commits.' : 'Drops a stash; its changes are then only recoverable by digging through dangling commits.',
      span: spanTo(cmd, g.rest.args[g.rest.args.length - 1] ?? s),
      suggestion: clear ? 'Drop the stashes you no longer need one by one (git stash list; git stash drop stash@{n}).' : 'Apply it first (git stash apply) or turn it into a branch (git stash branch NAME).',
    });
  },
  examples: { match: [{ cmd: 'git stash clear', exactly: 'high' }, { cmd: 'git stash drop', exactly: 'medium' }, 'git stash drop stash@{2}'], nearMiss: ['git stash', 'git stash pop', 'git stash list', 'git stash apply stash@{1}', 'git stash push -m clear'] },
};

const historyRewrite: Rule = {
  id: 'git.history-rewrite',
  description: 'git filter-branch / filter-repo rewrite every commit of the repository.',
  severity: 'high',
  programs: ['git', 'git-filter-repo'],
  check(cmd, rc) {
    let sub: Word | undefined;
    let rest: SimpleCommand;
    if (cmd.program === 'git-filter-repo') {
      rest = cmd;
      sub = cmd.name;
    } else {
      const g = gitSub(cmd, 'filter-branch', 'filter-repo');
      if (!g) return undefined;
      sub = g.sub;
      rest = g.rest;
    }
    if (hasFlag(rest, '--analyze', '--help', '-h', '--dry-run')) return undefined;
    return remoteReach(cmd, rc, {
      severity: 'high',
      message: 'Rewrites the whole history: every commit gets a new id, and clones, forks and open pull requests no longer match.',
      span: spanTo(cmd, sub ?? cmd.args[0]!),
      suggestion: 'Work on a fresh clone, keep a backup (git bundle create backup.bundle --all), and agree on it with everyone who has a clone.',
    });
  },
  examples: { match: [{ cmd: "git filter-branch --tree-filter 'rm -f secrets.txt' HEAD", exactly: 'high' }, 'git filter-repo --path secrets/ --invert-paths'], nearMiss: ['git filter-repo --analyze', 'git log --filter=blob:none', 'git branch --filter x'] },
};

const reflogExpire: Rule = {
  id: 'git.reflog-expire',
  description: 'git reflog expire/delete removes the record that lets lost commits be found again.',
  severity: 'high',
  programs: ['git'],
  check(cmd, rc) {
    const g = gitSub(cmd, 'reflog');
    if (!g) return undefined;
    const s = positionals(g.rest)[0];
    if (!s || (s.text !== 'expire' && s.text !== 'delete')) return undefined;
    const now = g.rest.args.some((a) => /^--expire(-unreachable)?=(now|all|0)$/.test(a.text)) || hasFlag(g.rest, '--all');
    return remoteReach(cmd, rc, {
      severity: now || s.text === 'delete' ? 'high' : 'medium',
      message: 'Expires reflog entries: commits lost by a reset or rebase can no longer be found through the reflog.',
      span: spanTo(cmd, g.rest.args[g.rest.args.length - 1] ?? s),
      suggestion: 'Leave the reflog to expire on its own schedule (90 days by default).',
    });
  },
  examples: { match: [{ cmd: 'git reflog expire --expire=now --all', exactly: 'high' }, 'git reflog expire --expire-unreachable=now --all', 'git reflog delete HEAD@{1}'], nearMiss: ['git reflog', 'git reflog show main', 'git log -g'] },
};

const gcPrune: Rule = {
  id: 'git.gc-prune',
  description: 'git gc --prune=now / git prune delete unreachable commits at once instead of after two weeks.',
  severity: 'high',
  programs: ['git'],
  check(cmd, rc) {
    const g = gitSub(cmd, 'gc', 'prune');
    if (!g) return undefined;
    if (g.sub.text === 'gc') {
      const w = g.rest.args.find((a) => /^--prune=(now|all)$/.test(a.text));
      if (!w) return undefined;
      return remoteReach(cmd, rc, { severity: 'high', message: 'Prunes unreachable objects now: commits lost by a reset or rebase are deleted for good.', span: spanTo(cmd, w), suggestion: 'Run git gc without --prune=now; it keeps unreachable objects for two weeks.' });
    }
    if (hasFlag(g.rest, '-n', '--dry-run')) return undefined;
    return remoteReach(cmd, rc, { severity: 'medium', message: 'Deletes unreachable objects: commits lost by a reset or rebase cannot be recovered afterwards.', span: spanTo(cmd, g.rest.args[g.rest.args.length - 1] ?? g.sub), suggestion: 'Use git gc, which keeps recent unreachable objects.' });
  },
  examples: { match: [{ cmd: 'git gc --prune=now --aggressive', exactly: 'high' }, { cmd: 'git prune', exactly: 'medium' }], nearMiss: ['git gc', 'git gc --aggressive', 'git prune -n', 'git remote prune origin', 'git fetch --prune'] },
};

const ZERO_OID = /^0{40}(0{24})?$/;

const updateRefDelete: Rule = {
  id: 'git.update-ref-delete',
  description: 'git update-ref -d (or to the zero id, or delete lines on --stdin) deletes a ref directly; moving a shared branch with update-ref skips every check.',
  severity: 'high',
  programs: ['git'],
  check(cmd, rc) {
    const g = gitSub(cmd, 'update-ref');
    if (!g) return undefined;
    const [ref, value] = positionals(g.rest, ['-m', '--create-reflog']);
    const last = g.rest.args[g.rest.args.length - 1] ?? g.sub;
    let f: CommandRuleFinding | undefined;
    if (hasFlag(g.rest, '-d') || (value && ZERO_OID.test(value.text))) {
      f = { severity: 'high', message: `Deletes the ref ${ref?.text ?? ''} directly, without the checks git branch -d makes.`.replace('  ', ' '), span: spanTo(cmd, ref ?? g.sub), suggestion: 'Use git branch -d or git tag -d, which check what they delete.' };
    } else if (hasFlag(g.rest, '--stdin') && cmd.stdin && /^\s*delete\s/m.test(cmd.stdin.text)) {
      f = { severity: 'high', message: 'Deletes the refs its input lists (git update-ref --stdin with delete lines).', span: spanTo(cmd, last), suggestion: 'Use git branch -d or git tag -d, which check what they delete.' };
    } else if (ref && value && isProtectedBranch(ref.text.replace(/^refs\/heads\//, '')) && (ref.text.startsWith('refs/heads/') || !ref.text.includes('/'))) {
      f = { severity: 'high', message: `Points the shared branch ${ref.text.replace(/^refs\/heads\//, '')} at ${value.dynamic ? 'a commit computed on this line' : value.text} without any check: commits only it held are lost from the branch.`, span: spanTo(cmd, last), suggestion: 'Use git reset or git merge on a checked-out branch, or push a new branch and review it.' };
    }
    if (!f) return undefined;
    if (ref) f.target = `ref ${ref.text}`;
    return remoteReach(cmd, rc, f);
  },
  examples: {
    match: [{ cmd: 'git update-ref -d refs/heads/main', exactly: 'high' }, { cmd: 'git update-ref refs/heads/release 0000000000000000000000000000000000000000', exactly: 'high' }, { cmd: 'git update-ref refs/heads/main $(git commit-tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904 -m empty)', exactly: 'high' }, 'git update-ref --stdin <<EOF\ndelete refs/heads/old\nEOF'],
    nearMiss: ['git update-ref refs/heads/x HEAD', 'git show-ref', 'git update-ref refs/heads/backup-main main'],
  },
};

export const gitPack: RulePack = {
  name: 'git',
  description: 'Git commands that rewrite shared history or throw away work that exists nowhere else.',
  rules: [pushForce, pushMirror, pushDelete, resetHard, cleanForce, discardChanges, branchForceDelete, stashDrop, historyRewrite, reflogExpire, gcPrune, updateRefDelete, ...gitPlumbingRules],
  owns: ['git', 'git-filter-repo'],
};
