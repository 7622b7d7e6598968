/**
 * `blast-radius init --git`: git pre-commit and pre-push hooks that run `check-edit` on what is
 * being committed or pushed and refuse critical changes, with the escape hatch printed.
 *
 * Never clobbers: an existing hook that is not ours is left alone and the line to add to it is
 * printed; with husky or lefthook managing the hooks, the lines for their files are printed and
 * nothing is written.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gitHookScript, gitHookLine, GIT_HOOK_MARKER, GIT_HOOKS, type GitHookName } from '../core/hooks/gitHooks';
import { cliPath } from './build';
import { confirm, showChanges, writeChanges, type PlannedChange } from './fileChanges';
import { UsageError, type CliIO } from './io';

interface GitOptions {
  workspace: string;
  home: string;
  uninstall: boolean;
  dryRun: boolean;
  yes: boolean;
}

function git(cwd: string, ...args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export async function runGitInit(o: GitOptions, io: CliIO): Promise<number> {
  const top = git(o.workspace, 'rev-parse', '--show-toplevel');
  if (!top) throw new UsageError(`${o.workspace} is not inside a git repository; run 'blast-radius init --git' from one.`, 1);
  const node = process.execPath;
  const cli = cliPath();
  const hooksPath = git(top, 'config', 'core.hooksPath') ?? '';
  const manager = detectManager(top, hooksPath);
  if (manager) {
    io.out(`${manager.name} manages this repository's git hooks, so Blast Radius writes nothing. Add these lines instead:\n\n`);
    for (const name of GIT_HOOKS) io.out(manager.instructions(name, gitHookLine(name, node, cli)));
    return 0;
  }
  const hooksDir = path.resolve(top, git(top, 'rev-parse', '--git-path', 'hooks') ?? '.git/hooks');
  const changes: PlannedChange[] = [];
  let refused = false;
  for (const name of GIT_HOOKS) {
    const file = path.join(hooksDir, name);
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
    const ours = current !== null && current.includes(GIT_HOOK_MARKER);
    if (o.uninstall) {
      if (ours) changes.push({ file, before: current, after: null, label: `git ${name}: remove the Blast Radius hook` });
      else io.out(`git ${name}: no Blast Radius hook to remove.\n`);
      continue;
    }
    if (current !== null && !ours) {
      refused = true;
      io.out(
        `git ${name}: ${file} already exists and is not ours, so it is left alone. To add the check, put this line in it (before any 'exit 0'):\n\n    ${gitHookLine(name, node, cli)}\n\n`,
      );
      continue;
    }
    const script = gitHookScript(name, node, cli);
    if (current === script) io.out(`git ${name}: the Blast Radius hook is already installed; nothing to change.\n`);
    else changes.push({ file, before: current, after: script, label: `git ${name}: ${current === null ? 'add' : 'update'} the Blast Radius hook` });
  }
  if (changes.length === 0) return refused ? 1 : 0;
  await showChanges(changes, io, o.home);
  if (o.dryRun) {
    io.out('\nDry run: nothing written.\n');
    return refused ? 1 : 0;
  }
  if (!o.yes && !(await confirm(io, 'Write these git hooks?'))) return 1;
  writeChanges(changes, 0o755);
  for (const c of changes) if (c.after === null) fs.rmSync(`${c.file}.bak`, { force: true });
  io.out(
    `\n${o.uninstall ? 'Removed' : 'Installed'} ${changes.map((c) => path.basename(c.file)).join(' and ')}.` +
      (o.uninstall
        ? '\n'
        : ` Commits and pushes with critical changes are refused; to go ahead anyway after a review, use BLAST_RADIUS_SKIP=1 git commit … (or git push …): the skip is printed and recorded in the repository's .git/blast-radius-skips.log.\n`),
  );
  return refused ? 1 : 0;
}

interface Manager {
  name: string;
  instructions(name: GitHookName, line: string): string;
}

function detectManager(top: string, hooksPath: string): Manager | undefined {
  if (hooksPath.includes('.husky') || fs.existsSync(path.join(top, '.husky'))) {
    return { name: 'husky', instructions: (name, line) => `.husky/${name}:\n    ${line}\n\n` };
  }
  const lefthook = ['lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml'].find((f) => fs.existsSync(path.join(top, f)));
  if (lefthook) {
    return {
      name: 'lefthook',
      instructions: (name, line) => `${lefthook}:\n    ${name}:\n      commands:\n        blast-radius:\n          run: ${line}\n${name === 'pre-push' ? '          use_stdin: true\n' : ''}\n`,
    };
  }
  return undefined;
}
