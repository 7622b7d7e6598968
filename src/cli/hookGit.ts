/**
 * `blast-radius hook git pre-commit|pre-push`: run by the git hooks `init --git` installs.
 * Judges what is being committed (the staged files against HEAD) or pushed (each pushed ref
 * against what the remote has) with the edit engine, and refuses critical changes (and any the
 * workspace policy denies); other findings are printed as warnings.
 *
 * The escape hatch is `BLAST_RADIUS_SKIP=1 git commit …` (or `git push …`): the check is skipped,
 * and the skip is printed and appended to `<git dir>/blast-radius-skips.log`.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GIT_HOOKS, SKIP_VARIABLE, type GitHookName } from '../core/hooks/gitHooks';
import type { FileJudgement } from '../core/hooks/editEngine';
import { decisionForSeverity } from '../core/policy/types';
import type { CliIO } from './io';

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const ZERO = /^0+$/;

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

function gitBytes(cwd: string, args: string[]): Buffer | null {
  try {
    return execFileSync('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

interface Changed {
  status: string;
  path: string;
}

/** `git diff --name-status -z` output, renames split into delete + add. */
function changedFiles(cwd: string, diffArgs: string[]): Changed[] {
  const out = git(cwd, ['diff', '--name-status', '-z', '--no-renames', '--no-ext-diff', ...diffArgs]);
  const parts = out.split('\0').filter((p) => p !== '');
  const files: Changed[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) files.push({ status: parts[i]!, path: parts[i + 1]! });
  return files;
}

interface Range {
  label: string;
  /** Revision of the "before" side (a commit, or the empty tree). */
  base: string;
  /** Revision of the "after" side; `:` + path reads the index. */
  head: string | 'index';
}

export async function runGitHook(args: string[], io: CliIO): Promise<number> {
  const name = args[0] as GitHookName | undefined;
  if (!name || !(GIT_HOOKS as readonly string[]).includes(name)) {
    io.err(`blast-radius hook git: expected ${GIT_HOOKS.join(' or ')}, got '${args[0] ?? ''}'.\n`);
    return 64;
  }
  const top = git(process.cwd(), ['rev-parse', '--show-toplevel']).trim();
  const gitDir = path.resolve(top, git(top, ['rev-parse', '--git-dir']).trim());
  if (process.env[SKIP_VARIABLE] === '1') {
    recordSkip(top, gitDir, name);
    io.err(`blast-radius: ${SKIP_VARIABLE}=1: the ${name} check was skipped; recorded in ${path.relative(top, path.join(gitDir, 'blast-radius-skips.log'))}.\n`);
    return 0;
  }
  const ranges = name === 'pre-commit' ? [commitRange(top)] : pushRanges(top, await io.readStdin());
  const { loadPolicy, analyzeFile } = await import('../core/hooks/editEngine.js');
  const policy = await loadPolicy({ cwd: top });
  const { commandContext } = await import('../core/command/environment.js');
  const ctx = commandContext(top, top, 'bash');
  const critical: string[] = [];
  const warnings: string[] = [];
  for (const r of ranges) {
    const files = r.head === 'index' ? changedFiles(top, ['--cached', r.base]) : changedFiles(top, [r.base, r.head]);
    for (const f of files) {
      const before = f.status.startsWith('A') ? null : gitBytes(top, ['show', `${r.base}:${f.path}`]);
      const after = f.status.startsWith('D') ? null : gitBytes(top, ['show', r.head === 'index' ? `:${f.path}` : `${r.head}:${f.path}`]);
      const v: FileJudgement = await analyzeFile({ path: f.path, before, after, context: { workspaceRoot: top, tracked: true } }, policy, ctx);
      for (const finding of v.findings) {
        const line = `  ${f.path}:${finding.line}  ${finding.severity}  ${finding.message} (rule ${finding.ruleId})${finding.suggestion ? `\n      safer: ${finding.suggestion}` : ''}`;
        const refuse = finding.severity === 'critical' || decisionForSeverity(policy, finding.severity) === 'deny';
        (refuse ? critical : warnings).push(line);
      }
    }
  }
  const what = name === 'pre-commit' ? 'commit' : 'push';
  if (warnings.length) io.err(`blast-radius: ${warnings.length} change(s) to look at in this ${what}:\n${warnings.join('\n')}\n`);
  if (critical.length === 0) return 0;
  io.err(
    `blast-radius: this ${what} was refused: ${critical.length} critical change(s):\n${critical.join('\n')}\n\n` +
      `Review them. To ${what} anyway: ${SKIP_VARIABLE}=1 git ${what} …  (printed and recorded in .git/blast-radius-skips.log)\n`,
  );
  return 1;
}

function commitRange(top: string): Range {
  const head = gitBytes(top, ['rev-parse', '--verify', '-q', 'HEAD']);
  return { label: 'staged changes', base: head ? head.toString().trim() : EMPTY_TREE, head: 'index' };
}

/** One range per pushed ref: from what the remote has (or the first commit it lacks) to the pushed commit. */
function pushRanges(top: string, stdin: string): Range[] {
  const ranges: Range[] = [];
  for (const line of stdin.split('\n')) {
    const [localRef, localSha, , remoteSha] = line.trim().split(/\s+/);
    if (!localRef || !localSha || ZERO.test(localSha)) continue; // a deletion pushes no content
    let base: string | undefined;
    if (remoteSha && !ZERO.test(remoteSha) && gitBytes(top, ['cat-file', '-e', `${remoteSha}^{commit}`]) !== null) base = remoteSha;
    else {
      const first = git(top, ['rev-list', '--reverse', localSha, '--not', '--remotes']).split('\n')[0]?.trim();
      if (!first) continue; // nothing the remote does not already have
      const parent = gitBytes(top, ['rev-parse', '--verify', '-q', `${first}^`]);
      base = parent ? parent.toString().trim() : EMPTY_TREE;
    }
    ranges.push({ label: localRef, base, head: localSha });
  }
  return ranges;
}

function recordSkip(top: string, gitDir: string, name: string): void {
  let who = '';
  try {
    who = git(top, ['config', 'user.email']).trim();
  } catch {
    who = process.env['USER'] ?? '';
  }
  const head = gitBytes(top, ['rev-parse', '-q', '--verify', 'HEAD'])?.toString().trim() ?? '';
  fs.appendFileSync(path.join(gitDir, 'blast-radius-skips.log'), `${new Date().toISOString()}\t${name}\t${who}\t${head}\n`);
}
