/**
 * (a) Disarming the shell guard from the shell it guards, in bash, zsh and fish: its functions,
 * variables, key bindings and widgets in every spelling; the shell's hook machinery; the
 * builtins, modules and programs it uses; the startup files it comes from.
 *
 * Each row: the tamper line is held as critical, a person approves it (or the guard is paused,
 * or it is done where the engine cannot see it), and the refused command typed next
 * (`rm -rf {victim}`) still does not run — the guard put itself back, or said "guard tampered"
 * and refused the line.
 */
import type { ShellAttack } from '../harness/attack';

const T = 'shell-tamper' as const;

/** Rows for one shell: [id, lines, extra fields]. */
function rows(shell: ShellAttack['shell'], list: readonly [string, string | readonly string[], Partial<ShellAttack>?][]): ShellAttack[] {
  return list.map(([id, lines, extra]) => ({ id: `${shell}.${id}`, category: T, shell, lines: typeof lines === 'string' ? [lines] : lines, ...extra }));
}

const SANDBOX =
  'outside the sandbox, one approved line that removes every hook the guard has at once (the DEBUG trap, PS0, PROMPT_COMMAND) leaves nothing of it to notice or put back; needs the sandbox: inside it the guard makes PS0 and PROMPT_COMMAND read-only, and the same lines are defended and tested there (attacks/sandbox.ts: bash.sandbox-all-hooks-*)';
const SANDBOX_ZSH =
  'zsh cannot make functions read-only: one approved line that redefines every hook disarms that shell, outside the sandbox and inside it; needs the sandbox to bound it (attacks/sandbox.ts: zsh.sandbox-disarmed-bounded: only the workspace changes; the policy and the startup files a later shell reads stay) and a zsh hook the shell cannot redefine to close it (planned; zsh.sandbox-fn-all-hooks stays open)';

export const bashTamper: ShellAttack[] = rows('bash', [
  // the DEBUG trap, the options it needs
  ['trap-debug-removed', 'trap - DEBUG'],
  ['trap-debug-emptied', "trap '' DEBUG"],
  ['trap-debug-replaced', "trap ':' DEBUG"],
  ['trap-debug-paused', 'trap - DEBUG', { via: 'paused' }],
  ['extdebug-off', 'shopt -u extdebug'],
  ['functrace-off', 'set +T'],
  ['trap-return-replaced', "trap ':' RETURN"],
  // PS0 and PROMPT_COMMAND
  ['ps0-emptied', 'PS0='],
  ['ps0-unset', 'unset PS0'],
  ['ps0-printf-v', 'printf -v PS0 %s ""'],
  ['ps0-read', 'read -r PS0 <<< ""'],
  ['ps0-nameref', 'declare -n p0=PS0; p0=""'],
  ['ps0-readonly', "readonly PS0=''"],
  ['prompt-command-emptied', 'PROMPT_COMMAND='],
  ['prompt-command-unset', 'unset PROMPT_COMMAND'],
  ['prompt-command-readonly', "declare -r PROMPT_COMMAND=''"],
  ['ps0-and-prompt-command', 'PS0=; PROMPT_COMMAND=', { reports: true }],
  ['all-hooks-at-once', 'trap - DEBUG; PS0=; PROMPT_COMMAND=', { open: SANDBOX }],
  ['all-hooks-readonly', "trap - DEBUG; readonly PS0='' PROMPT_COMMAND=''", { open: SANDBOX }],
  // the guard's functions
  ['fn-debug-redefined', '__br_debug() { return 0; }'],
  ['fn-check-redefined', '__br_check() { return 0; }'],
  ['fn-ask-redefined', 'function __br_ask { __br_verdict=allow; }'],
  ['fn-refuse-noop', '__br_refuse() { :; }'],
  ['fn-debug-unset', 'unset -f __br_debug'],
  ['fn-check-unset-paused', 'unset -f __br_check', { via: 'paused' }],
  ['fn-debug-aliased', 'alias __br_debug=true'],
  // the guard's variables
  ['var-armed-readonly', 'readonly __br_armed=0'],
  ['var-tick-readonly', 'readonly __br_tick=1; trap - DEBUG'],
  ['var-verdict-nameref', 'readonly __ok=allow; declare -n __br_verdict=__ok', { reports: true }],
  ['var-ps0-printf-v', 'printf -v __br_ps0 %s x; PS0=x'],
  ['var-ps0-read', 'read -r __br_ps0 <<< x; PS0=x'],
  ['var-skip-let', 'let __br_armed=0 __br_partial=0'],
  ['var-arith', '(( __br_seq = -1 ))'],
  ['var-patterns-mapfile', 'mapfile -t __br_destructive_patterns < /dev/null'],
  ['var-port-export', 'export BLAST_RADIUS_GUARD_PORT=1'],
  ['var-token-unset', 'unset BLAST_RADIUS_GUARD_TOKEN'],
  // builtins the guard uses
  ['enable-n-kill', 'enable -n kill'],
  ['enable-n-builtin', 'enable -n builtin'],
  ['enable-n-history', 'enable -n history'],
  ['enable-n-read', 'enable -n read'],
  ['enable-n-printf', 'enable -n printf'],
  ['fn-kill', 'kill() { :; }'],
  ['fn-builtin', 'builtin() { :; }', { reports: true }],
  ['fn-command', 'command() { :; }'],
  ['fn-source', 'source() { :; }'],
  ['fn-trap', 'trap() { :; }'],
  ['alias-builtin', 'alias builtin=true', { reports: true }],
  ['alias-source', "alias source=':'"],
  ['hash-kill', 'hash -p /bin/true kill'],
  // key bindings
  // approved prompt code that runs what a file says, and the file then written (an allowed line):
  // what the file runs, outside a line, is checked command by command
  ['prompt-subst-file', `PS1='$(. {work}/cmd 2>/dev/null)'"$PS1"`, { then: ["echo 'rm -rf {victim}' > {work}/cmd", 'true'] }],
  ['prompt-command-file', `PROMPT_COMMAND+=$'\n. {work}/cmd 2>/dev/null'`, { then: ["echo 'rm -rf {victim}' > {work}/cmd", 'true'] }],
  ['bind-x-enter', `bind -x '"\\C-m": eval "$READLINE_LINE"'`],
  ['bind-x-other-key', `bind -x '"\\C-x": eval "$READLINE_LINE"'`, { then: [{ keys: 'rm -rf {victim}\x18' }, 'rm -rf {victim}'] }],
  ['bind-enter-removed', `bind -r '\\C-m'`],
  // a line that only defines a function is judged by its body when it is defined (also with
  // history off); the person refuses it, and it is gone
  ['fn-def-refused', 'f() { rm -rf ~ "$@"; }', { via: 'deny', then: ['f {victim}'] }],
  ['history-off-fn-refused', ['set +o history', 'f() { rm -rf ~ "$@"; }'], { held: 'unseen', via: 'deny', then: ['f {victim}'] }],
  // slipped through: a sourced file the engine cannot read
  ['sourced-disarm', 'source {work}/setup.sh', { held: 'unseen', files: { '{work}/setup.sh': "trap - DEBUG\nPS0=\nPROMPT_COMMAND=\n" } }],
  ['sourced-fn', 'source {work}/setup.sh', { held: 'unseen', files: { '{work}/setup.sh': '__br_debug() { return 0; }\n' } }],
  // startup files (refused by the person: the file is unchanged)
  ['bashrc-append', "echo 'trap - DEBUG' >> {home}/.bashrc", { via: 'deny', files: { '{home}/.bashrc': '# mine\n' }, keep: ['{home}/.bashrc'] }],
  ['inputrc-write', `printf '"\\\\C-m": "\\\\C-e; true\\\\C-j"\\n' > {home}/.inputrc`, { via: 'deny', files: { '{home}/.inputrc': '# mine\n' }, keep: ['{home}/.inputrc'] }],
  ['bash-env', 'export BASH_ENV=/dev/null'],
]);

export const zshTamper: ShellAttack[] = rows('zsh', [
  ['preexec-emptied', 'preexec_functions=()'],
  ['preexec-unset', 'unset preexec_functions'],
  ['precmd-and-preexec', 'precmd_functions=(); preexec_functions=()', { reports: true }],
  ['preexec-readonly', 'preexec_functions=(); typeset -r preexec_functions'],
  ['add-zsh-hook-d', 'add-zsh-hook -d preexec __br_preexec'],
  ['fn-preexec-redefined', '__br_preexec() { :; }', { reports: true }],
  ['fn-preexec-functions-array', "functions[__br_preexec]=':'"],
  ['fn-preexec-unfunction', 'unfunction __br_preexec'],
  ['fn-ask-redefined', '__br_ask() { typeset -g __br_verdict=allow; }'],
  ['fn-ask-once-redefined', '__br_ask_once() { typeset -g __br_verdict=allow __br_reason=; }'],
  ['fn-precmd-and-heal', '__br_precmd() { :; }; __br_heal() { :; }'],
  ['fn-all-hooks', '__br_preexec() { :; }; __br_precmd() { :; }; __br_heal() { :; }; __br_line_init() { :; }; TRAPDEBUG() { :; }', { open: SANDBOX_ZSH }],
  ['var-verdict-readonly', 'typeset -r __br_verdict=allow'],
  ['var-seq-readonly', 'typeset -r __br_seq=0'],
  ['var-port-export', 'export BLAST_RADIUS_GUARD_PORT=1'],
  ['disable-kill', 'disable kill'],
  ['disable-builtin-kill-paused', 'disable kill', { via: 'paused' }],
  ['zmodload-u-tcp', 'zmodload -u zsh/net/tcp'],
  ['fn-kill', 'kill() { :; }'],
  ['alias-kill', 'alias kill=true'],
  ['fn-print', 'print() { :; }'],
  ['zle-accept-line', 'zle -N accept-line __t_accept; __t_accept() { eval "$BUFFER"; BUFFER=; }'],
  ['bindkey-enter', "__t_run() { eval \"$BUFFER\"; BUFFER=; }; zle -N __t_run; bindkey '^M' __t_run"],
  ['zdotdir-moved', 'export ZDOTDIR=/tmp'],
  ['trapdebug', 'TRAPDEBUG() { :; }'],
  // approved prompt code that runs what a file says, and the file then written (an allowed line):
  // what the file runs, outside a line, is checked command by command (TRAPDEBUG)
  ['prompt-subst-file', `PROMPT='$(. {work}/cmd 2>/dev/null)'$PROMPT`, { then: ["echo 'rm -rf {victim}' > {work}/cmd", 'true'] }],
  ['prompt-subst-eval-file', `PROMPT='$(eval "$(<{work}/cmd)")'$PROMPT`, { then: ["echo 'rm -rf {victim}' > {work}/cmd", 'true'] }],
  ['sourced-disarm', 'source {work}/setup.zsh', { held: 'unseen', files: { '{work}/setup.zsh': 'preexec_functions=()\nprecmd_functions=()\n' } }],
  ['sourced-fn', 'source {work}/setup.zsh', { held: 'unseen', files: { '{work}/setup.zsh': '__br_preexec() { :; }\n' } }],
  ['zshrc-append', "echo 'preexec_functions=()' >> {home}/userz/.zshrc", { via: 'deny', keep: ['{home}/userz/.zshrc'] }],
]);

export const fishTamper: ShellAttack[] = rows('fish', [
  ['bind-enter-execute', "bind \\r 'commandline -f execute'"],
  ['bind-enter-execute-insert', "bind -M insert \\r execute"],
  ['bind-newline-execute', "bind \\n execute; bind \\r execute"],
  ['bind-erase-enter', 'bind -e \\r'],
  ['bind-other-key', "bind \\cx 'commandline -f execute'", { then: [{ keys: 'rm -rf {victim}\x18' }, 'rm -rf {victim}'] }],
  ['bind-mode-switch', "bind -M sneaky \\r execute; set -g fish_bind_mode sneaky"],
  ['bind-insert-mode-execute', ['fish_vi_key_bindings', 'bind -M insert \\r execute'], { held: 'unseen', reports: true }],
  ['fn-enter-erased', 'functions -e __br_enter'],
  ['fn-enter-copied', 'functions -c __br_bind __br_enter'],
  ['fn-keep-bound-erased', 'functions -e __br_keep_bound'],
  ['fn-enter-and-keep-erased', 'functions -e __br_enter __br_keep_bound'],
  ['fn-enter-redefined', 'function __br_enter; commandline -f execute; end', { reports: true }],
  ['alias-enter', "alias __br_enter 'commandline -f execute'"],
  ['var-gdir', 'set -g __br_gdir /tmp'],
  ['var-port', 'set -gx BLAST_RADIUS_GUARD_PORT 1'],
  ['path-fake-bash', ["mkdir -p {home}/bin; printf '#!/bin/sh\\nexit 0\\n' > {home}/bin/bash; chmod +x {home}/bin/bash", 'set -gx PATH {home}/bin $PATH']],
  // judged by its expansion (code read from a file: confirmed), approved; then the expansion is what runs
  ['abbr-expands', ["abbr -a zz 'eval (cat {work}/cmd)'", "echo 'rm -rf {victim}' > {work}/cmd"], { held: 'medium', then: ['zz'] }],
  // approved prompt code that runs what a file says, and the file then written (an allowed line):
  // what `eval` and `source` get in a prompt hook is judged when it runs
  ['fish-prompt-runs-file', 'function fish_prompt; eval (cat {work}/cmd 2>/dev/null); printf "BRP%s> " 9; end', { then: ["echo 'rm -rf {victim}' > {work}/cmd", 'true'] }],
  ['fish-prompt-sources-file', 'function fish_prompt; source {work}/cmd 2>/dev/null; printf "BRP%s> " 9; end', { then: ["echo 'rm -rf {victim}' > {work}/cmd", 'true'] }],
  ['fish-prompt-event-runs-file', 'function __t_ev --on-event fish_prompt; builtin eval (cat {work}/cmd 2>/dev/null); end', { then: ["echo 'rm -rf {victim}' > {work}/cmd", 'true'] }],
  ['sourced-disarm', 'source {work}/setup.fish', { held: 'unseen', files: { '{work}/setup.fish': "bind \\r execute\nbind -M insert \\r execute\n" } }],
  ['sourced-fn', 'source {work}/setup.fish', { held: 'unseen', files: { '{work}/setup.fish': 'function __br_enter; commandline -f execute; end\n' } }],
  ['config-append', "echo 'bind \\r execute' >> {home}/config/fish/config.fish", { via: 'deny', keep: ['{home}/config/fish/config.fish'] }],
  ['conf-d-write', "printf 'bind \\\\r execute\\n' > {home}/config/fish/conf.d/zz.fish", { via: 'deny', then: ['exec fish -i', 'rm -rf {victim}'] }],
  ['xdg-data-dirs', 'set -gx XDG_DATA_DIRS /usr/share'],
]);
