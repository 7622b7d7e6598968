/**
 * The person's own startup files for the shells under test (a numbered prompt, `BRP<n>> `, that
 * PtyShell waits for), and the environment each shell needs around a guard's environment. Used
 * by the guard suites and the attack suite.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ShellName } from './pty';

/** bash's prompt: numbered by an arithmetic expansion (no fork). */
export const BASH_PROMPT = 'BRP$((++__t_n))> ';

/** The person's own zsh startup files: a numbered prompt, and markers showing they were read. */
export function writeUserZdotdir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '.zshenv'), 'export USER_ZSHENV_READ=yes\n');
  fs.writeFileSync(
    path.join(dir, '.zshrc'),
    [
      'USER_ZSHRC_READ=yes',
      'setopt prompt_subst histignorespace',
      'unsetopt prompt_sp prompt_cr',
      'typeset -gi __t_n=0',
      '__t_count() { (( __t_n++ )) }',
      'precmd_functions+=(__t_count)',
      "PS1='BRP${__t_n}> '",
      '',
    ].join('\n'),
  );
}

/**
 * The person's fish config under `dir` (a numbered prompt and no greeting) and the variables
 * that point fish at it.
 */
export function fishConfig(dir: string): Record<string, string> {
  const config = path.join(dir, 'config');
  fs.mkdirSync(path.join(config, 'fish'), { recursive: true });
  fs.writeFileSync(
    path.join(config, 'fish', 'config.fish'),
    'set -g fish_greeting\nset -g __t_n 0\nfunction fish_prompt; set -g __t_n (math $__t_n + 1); printf "BRP%s> " $__t_n; end\n',
  );
  // fish generates completions from man pages in the background the first time it sees an
  // empty data folder; an existing folder tells it not to (and keeps the test's folder clean)
  const data = path.join(dir, 'data');
  fs.mkdirSync(path.join(data, 'fish', 'generated_completions'), { recursive: true });
  return { XDG_CONFIG_HOME: config, XDG_DATA_HOME: data };
}

/**
 * What a shell of each kind needs besides the guard's environment, with the person's files
 * under `dir`: the variables to add (before the guard's) and the arguments to start it with.
 */
export function shellSetup(shell: ShellName, dir: string): { env: Record<string, string>; args: string[] } {
  switch (shell) {
    case 'bash':
      return { env: { PS1: BASH_PROMPT, HISTCONTROL: 'ignoreboth', HISTFILE: path.join(dir, '.bash_history') }, args: ['--norc', '--noprofile', '-i'] };
    case 'zsh': {
      const userZ = path.join(dir, 'userz');
      writeUserZdotdir(userZ);
      return { env: { ZDOTDIR: userZ }, args: ['-i'] };
    }
    case 'fish':
      return { env: fishConfig(dir), args: ['-i'] };
  }
}
