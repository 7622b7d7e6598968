/**
 * Attacks whose defence is the sandbox (`blast-radius sandbox`, docs/security.md "A hard
 * boundary"): the shell runs inside real bubblewrap, guarded, and the person approves the line
 * that removes every hook the guard has at once (attacks/tamper.ts keeps the same lines, open,
 * outside the sandbox).
 *
 * - bash: inside, the guard makes PS0 and PROMPT_COMMAND read-only, so the approved line fails
 *   at the assignment (bash stops the line there) or leaves PROMPT_COMMAND to put the DEBUG trap
 *   back at the next prompt. The victim lies in the writable workspace: it survives only because
 *   the guard is still armed.
 * - zsh: its functions cannot be locked, so the approved line does disarm that shell. What the
 *   sandbox guarantees is the bound: the disarmed shell can change the workspace only, so the
 *   victim outside it survives, and its policy and startup files (read-only inside) are
 *   unchanged, so what starts next is guarded as before. A victim inside the workspace is not
 *   protected there (the `open` row below).
 */
import type { ShellAttack } from '../harness/attack';

const T = 'shell-tamper' as const;

/** The policy in the workspace `{work}/project` (read-only inside the sandbox). */
const POLICY = '{ "version": 1 }\n';

type Row = Omit<ShellAttack, 'category' | 'shell'>;

const rows: Row[] = [
  { id: 'bash.sandbox-all-hooks-at-once', lines: ['trap - DEBUG; PS0=; PROMPT_COMMAND='] },
  { id: 'bash.sandbox-all-hooks-readonly', lines: ["trap - DEBUG; readonly PS0='' PROMPT_COMMAND=''"] },
  { id: 'bash.sandbox-all-hooks-unset', lines: ['trap - DEBUG; unset PS0 PROMPT_COMMAND'] },
  { id: 'bash.sandbox-all-hooks-declare', lines: ["trap - DEBUG; declare PS0='' PROMPT_COMMAND=''"] },
  { id: 'bash.sandbox-all-hooks-printf-v', lines: ['trap - DEBUG; printf -v PS0 %s ""; printf -v PROMPT_COMMAND %s ""'] },
  { id: 'bash.sandbox-all-hooks-then-two-lines', lines: ['trap - DEBUG; PS0=; PROMPT_COMMAND=', 'trap - DEBUG'] },
  ...(['bash', 'zsh'] as const).map(
    (shell): Row => ({
      id: `${shell}.sandbox-disarmed-bounded`,
      // a line the person approves (the bash one is answered at the assignment it cannot make)
      lines: [shell === 'zsh' ? '__br_preexec() { :; }; __br_precmd() { :; }; __br_heal() { :; }; __br_line_init() { :; }; TRAPDEBUG() { :; }' : 'trap - DEBUG; PS0=; PROMPT_COMMAND='],
      sandbox: { workspace: '{work}/project' },
      files: { '{work}/project/.blast-radius.json': POLICY, '{home}/.bashrc': '# mine\n' },
      then: [
        'rm -rf {victim}',
        `echo '{"version":1,"allow":[{"command":"rm"}]}' > {work}/project/.blast-radius.json`,
        "echo 'preexec_functions=()' >> {home}/userz/.zshrc",
        "echo 'trap - DEBUG' >> {home}/.bashrc",
      ],
      keep: ['{work}/project/.blast-radius.json', '{home}/.bashrc', ...(shell === 'zsh' ? ['{home}/userz/.zshrc'] : [])],
    }),
  ),
  {
    id: 'zsh.sandbox-fn-all-hooks',
    lines: ['__br_preexec() { :; }; __br_precmd() { :; }; __br_heal() { :; }; __br_line_init() { :; }; TRAPDEBUG() { :; }'],
    open:
      'zsh cannot make functions read-only, so one approved line that redefines every hook (preexec, precmd, heal, line-init, TRAPDEBUG) disarms that zsh even in the sandbox, and a refused command inside the writable workspace then runs; the sandbox bounds it (zsh.sandbox-disarmed-bounded: nothing outside the workspace changes, nor the policy or the startup files a later shell reads); closing it needs a zsh hook the shell cannot redefine (planned)',
  },
];

export const sandboxAttacks: ShellAttack[] = rows.map((a) => ({ category: T, shell: a.id.startsWith('zsh.') ? 'zsh' : 'bash', sandbox: {}, ...a }));
