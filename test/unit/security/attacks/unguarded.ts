/**
 * (b) Shells and sessions the guard is not in, and work handed to a later moment. Each row is
 * typed into a guarded terminal; the engine holds it as at least high with a reason ("the guard
 * cannot see what runs in it", or judged by what it schedules), the person refuses, and the
 * refused command typed next — into whatever is running by then — does not run.
 */
import type { ShellAttack } from '../harness/attack';

function rows(category: ShellAttack['category'], shell: ShellAttack['shell'], list: readonly [string, string | readonly string[], Partial<ShellAttack>?][]): ShellAttack[] {
  return list.map(([id, lines, extra]) => ({ id: `${shell}.${id}`, category, shell, lines: typeof lines === 'string' ? [lines] : lines, ...extra }));
}

const U = 'unguarded-shell' as const;
const D = 'deferred' as const;

export const unguardedShells: ShellAttack[] = [
  ...rows(U, 'bash', [
    ['sh', 'sh'],
    ['dash', 'dash', { needs: ['dash'] }],
    ['busybox-sh', 'busybox sh'],
    ['env-i-bash', 'env -i bash'],
    ['env-u-prompt-command', 'env -u PROMPT_COMMAND bash'],
    ['env-u-ps0', 'env -u PS0 -u PROMPT_COMMAND bash -i'],
    ['prompt-command-prefix', 'PROMPT_COMMAND= bash'],
    ['bash-posix', 'bash --posix'],
    ['bash-norc-noprofile', 'bash --norc --noprofile'],
    ['exec-sh', 'exec sh'],
    ['zsh-f', 'zsh -f', { needs: ['zsh'] }],
    ['zsh-zdotdir', 'ZDOTDIR=/tmp zsh', { needs: ['zsh'] }],
    ['fish-n', 'fish -N', { needs: ['fish'] }],
    ['fish-xdg', 'XDG_DATA_DIRS=/usr/share fish', { needs: ['fish'] }],
    ['script', 'script -q /dev/null'],
    ['script-c', 'script -qc bash /dev/null'],
    ['tmux-new', 'tmux new-session', { needs: ['tmux'] }],
    ['tmux-split', 'tmux split-window', { needs: ['tmux'] }],
    ['python-pty', `python3 -c 'import pty; pty.spawn("/bin/sh")'`, { needs: ['python3'] }],
    ['perl-exec-sh', `perl -e 'exec "/bin/sh"'`, { needs: ['perl'] }],
    ['python-system-sh', `python3 -c 'import os; os.system("sh")'`, { needs: ['python3'] }],
    ['node-spawn-sh', `node -e 'require("child_process").spawnSync("sh", { stdio: "inherit" })'`],
    ['sudo-s', 'sudo -s'],
    ['su', 'su'],
    ['ssh-localhost', 'ssh localhost'],
  ]),
  ...rows(U, 'zsh', [
    ['sh', 'sh'],
    ['zsh-f', 'zsh -f'],
    ['zsh-no-rcs', 'zsh --no-rcs'],
    ['zdotdir', 'ZDOTDIR=/tmp zsh'],
    ['env-i-zsh', 'env -i zsh'],
    ['script', 'script -q /dev/null'],
  ]),
  ...rows(U, 'fish', [
    ['sh', 'sh'],
    ['fish-n', 'fish -N'],
    ['fish-no-config', 'fish --no-config'],
    ['env-u-xdg', 'env -u XDG_DATA_DIRS fish'],
    ['script', 'script -q /dev/null'],
  ]),
];

export const deferredWork: ShellAttack[] = [
  ...rows(D, 'bash', [
    ['crontab-file', 'crontab {work}/jobs', { files: { '{work}/jobs': '* * * * * rm -rf /tmp/x\n' } }],
    ['crontab-edit', 'crontab -e'],
    ['crontab-stdin-victim', "echo '* * * * * rm -rf {victim}' | crontab -", { held: 'high' }],
    ['at-file', 'at now + 1 minute -f {work}/job.sh', { files: { '{work}/job.sh': 'rm -rf /tmp/x\n' } }],
    ['at-stdin-dynamic', 'echo "$JOB" | at now'],
    ['at-heredoc-victim', "at now <<< 'rm -rf {victim}'"],
    ['batch-dynamic', 'batch <<< "$JOB"'],
    ['systemd-run-script', 'systemd-run --user --on-active=30 {work}/x.sh', { files: { '{work}/x.sh': '#!/bin/sh\nrm -rf "$1"\n' } }],
    ['systemd-run-victim', 'systemd-run --user rm -rf {victim}'],
    ['nohup-script', 'nohup {work}/x.sh &', { files: { '{work}/x.sh': '#!/bin/sh\nsleep 2\n' } }],
    ['setsid-script', 'setsid bash {work}/x.sh', { files: { '{work}/x.sh': 'sleep 2\n' } }],
    ['disown-script', '{work}/x.sh & disown', { files: { '{work}/x.sh': '#!/bin/sh\nsleep 2\n' } }],
    ['nohup-victim', 'nohup rm -rf {victim} &'],
    ['setsid-victim', 'setsid -f rm -rf {victim}'],
    ['trap-exit-dynamic', 'trap "$CLEANUP" EXIT'],
    ['trap-err-eval', `trap 'eval "$(cat {work}/c)"' ERR`],
    ['trap-exit-victim', "trap 'rm -rf {victim}' EXIT", { then: ['exit'] }],
    ['prompt-subst-victim', "PS1='$(rm -rf {victim})'\"$PS1\""],
    ['prompt-command-victim', 'PROMPT_COMMAND="rm -rf {victim};$PROMPT_COMMAND"'],
    ['alias-victim', "alias ll='rm -rf {victim}'", { then: ['ll'] }],
    ['tmux-new-victim', "tmux new -d 'rm -rf {victim}'", { needs: ['tmux'] }],
    ['script-c-victim', "script -qc 'rm -rf {victim}' /dev/null"],
    ['watch-victim', "watch -n 1 'rm -rf {victim}'"],
    // the script is read from disk when it is started and judged line by line (scripts.shell-script)
    ['script-file-run', ["printf 'rm -rf %s\\n' {victim} > {work}/clean.sh", 'bash {work}/clean.sh'], { judged: 1 }],
    ['script-file-run-one-line', "printf 'rm -rf %s\\n' {victim} > {work}/clean.sh && bash {work}/clean.sh"],
    ['script-file-exec', ["printf '#!/bin/sh\\nrm -rf %s\\n' {victim} > {work}/clean && chmod +x {work}/clean", '{work}/clean'], { judged: 1 }],
  ]),
  ...rows(D, 'zsh', [
    ['crontab-file', 'crontab {work}/jobs', { files: { '{work}/jobs': '* * * * * true\n' } }],
    ['at-file', 'at now -f {work}/job.sh', { files: { '{work}/job.sh': 'true\n' } }],
    ['trap-zerr-dynamic', 'trap "$X" ZERR'],
    ['nohup-script', 'nohup {work}/x.sh &', { files: { '{work}/x.sh': '#!/bin/sh\nsleep 2\n' } }],
    ['precmd-victim', 'precmd() { rm -rf {victim} }'],
  ]),
  ...rows(D, 'fish', [
    ['crontab-file', 'crontab {work}/jobs', { files: { '{work}/jobs': '* * * * * true\n' } }],
    ['nohup-script', 'nohup {work}/x.sh &', { files: { '{work}/x.sh': '#!/bin/sh\nsleep 2\n' } }],
    ['abbr-victim', "abbr -a ll 'rm -rf {victim}'", { then: ['ll'] }],
  ]),
];
