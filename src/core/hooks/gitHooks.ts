/**
 * The git hooks `blast-radius init --git` installs: a small POSIX script per hook that runs
 * `blast-radius hook git <name>` with the installed node and CLI by absolute path.
 */
import { hookCommand } from './install';

export const GIT_HOOKS = ['pre-commit', 'pre-push'] as const;
export type GitHookName = (typeof GIT_HOOKS)[number];

/** Marks a hook file as ours (so it is updated and removed, and never mistaken for someone else's). */
export const GIT_HOOK_MARKER = 'blast-radius:git-hook';

/** The escape hatch, as documented and printed. */
export const SKIP_VARIABLE = 'BLAST_RADIUS_SKIP';

/** The one line that runs the check (for hook managers and existing hooks). */
export function gitHookLine(name: GitHookName, nodePath: string, cliPath: string): string {
  // pre-push gets the remote name and URL as arguments and the refs on stdin.
  const base = hookCommand(nodePath, cliPath, 'auto').posix.replace(/ hook auto$/, ` hook git ${name}`);
  return name === 'pre-push' ? `${base} "$@" || exit 1` : `${base} || exit 1`;
}

export function gitHookScript(name: GitHookName, nodePath: string, cliPath: string): string {
  const what = name === 'pre-commit' ? 'commit' : 'push';
  return [
    '#!/bin/sh',
    `# ${GIT_HOOK_MARKER} ${name}: installed by \`blast-radius init --git\`; remove with \`blast-radius init --git --uninstall\`.`,
    `# Refuses a ${what} with critical changes (docs/hooks.md). After a review, go ahead with`,
    `# ${SKIP_VARIABLE}=1 git ${what} …   (printed and recorded in .git/blast-radius-skips.log)`,
    gitHookLine(name, nodePath, cliPath),
    '',
  ].join('\n');
}
