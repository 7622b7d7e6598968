/**
 * guard: attempts to switch off or get around Blast Radius itself. The terminal guard lives in
 * the shell (bash: a DEBUG trap with extdebug; zsh: preexec/accept-line hooks; fish: preexec
 * events; PowerShell: a PSReadLine Enter handler), reads BLAST_RADIUS_* variables, and agents
 * call it through hook entries in their settings files. Removing any of these is critical:
 * an agent must never be able to remove the thing that asks a person.
 */
import type { ParsedLine, SimpleCommand, Span, Word } from '../../shell/model';
import { subcommand } from '../../shell/normalise';
import { type Rule, type RuleFinding, type RulePack, hasFlag, hasPwshParam, positionals, wrapperOf } from '../rule';

const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'yash', 'rbash', 'csh', 'tcsh']);

/** Names of guard variables and functions: BLAST_RADIUS_*, __blast_radius_*, blastRadius…. */
function isGuardName(name: string): boolean {
  return /blast[-_]?radius/i.test(name);
}

function critical(message: string, span: Span, suggestion?: string): RuleFinding {
  const f: RuleFinding = { severity: 'critical', message, span, atLeast: 'confirm' };
  if (suggestion) f.suggestion = suggestion;
  return f;
}

const LEAVE_IT = 'Leave the guard in place; if a check is wrong, adjust the Blast Radius policy instead.';

// ---------------------------------------------------------------------------------------------

const trap: Rule = {
  id: 'guard.trap',
  description: '`trap … DEBUG` (bash/zsh) removes or replaces the DEBUG trap the terminal guard runs in.',
  programs: ['trap'],
  severity: 'critical',
  check(cmd) {
    const args = cmd.args.filter((a) => a.text !== '--');
    if (args.length === 0 || args.some((a) => a.text === '-p' || a.text === '-l')) return undefined;
    // `trap DEBUG` (one argument) resets it; otherwise the first word is the action.
    const signals = args.length === 1 ? args : args.slice(1);
    const debug = signals.find((a) => a.text.toUpperCase() === 'DEBUG' || a.text.toUpperCase() === 'SIGDEBUG');
    if (!debug) return undefined;
    const action = args.length === 1 ? '-' : args[0]!.text;
    const what = action === '-' || action === '' ? 'removes' : 'replaces';
    return critical(`\`trap\` ${what} the DEBUG trap the Blast Radius terminal guard runs in`, cmd.span, LEAVE_IT);
  },
  examples: {
    match: ['trap - DEBUG', "trap '' DEBUG", 'trap DEBUG', "trap 'echo hi' DEBUG", 'trap -- - DEBUG', 'bash -c "trap - DEBUG"'],
    nearMiss: ['trap - EXIT', "trap 'rm -f $tmp' EXIT INT", 'trap -p DEBUG', 'trap -l', 'echo trap - DEBUG'],
  },
};

const shellOptions: Rule = {
  id: 'guard.shell-options',
  description: '`shopt -u extdebug`, `set +T` / `set +o functrace`, zsh `unsetopt debug_before_cmd`: options the guard relies on.',
  programs: ['shopt', 'set', 'setopt', 'unsetopt'],
  severity: 'critical',
  check(cmd) {
    const t = cmd.args.map((a) => a.text);
    if (cmd.program === 'shopt') {
      if (t.includes('-u') && t.includes('extdebug')) return critical('`shopt -u extdebug` stops the Blast Radius guard from holding commands', cmd.span, LEAVE_IT);
      return undefined;
    }
    if (cmd.program === 'set') {
      for (let i = 0; i < t.length; i++) {
        const a = t[i]!;
        if (a === '+o' && (t[i + 1] === 'functrace' || t[i + 1] === 'extdebug')) return critical(`\`set +o ${t[i + 1]}\` stops the guard's DEBUG trap from reaching functions and subshells`, cmd.span, LEAVE_IT);
        if (/^\+[a-zA-Z]*T/.test(a)) return critical('`set +T` stops the guard\'s DEBUG trap from reaching functions and subshells', cmd.span, LEAVE_IT);
      }
      return undefined;
    }
    const norm = t.map((a) => a.toLowerCase().replace(/_/g, ''));
    const off = cmd.program === 'unsetopt' ? norm.includes('debugbeforecmd') : norm.includes('nodebugbeforecmd');
    if (off) return critical('turning off DEBUG_BEFORE_CMD stops the guard from seeing commands before they run', cmd.span, LEAVE_IT);
    return undefined;
  },
  examples: {
    match: ['shopt -u extdebug', 'set +T', 'set +o functrace', 'unsetopt debug_before_cmd', 'setopt no_debug_before_cmd'],
    nearMiss: ['shopt -s extdebug', 'shopt -u nullglob', 'set +x', 'set -euo pipefail', 'set +e', 'setopt extended_glob'],
  },
};

/** Words naming variables: `unset A B`, `export -n A`, `declare A=1`, fish `set -e A`. */
function guardVariableWord(words: readonly Word[]): Word | undefined {
  return words.find((w) => isGuardName(w.text.split('=')[0]!.replace(/^env:\\?/i, '')));
}

const variables: Rule = {
  id: 'guard.variables',
  description: 'Unsetting or changing the guard\'s BLAST_RADIUS_* variables (bash, zsh, fish, PowerShell, env -u).',
  programs: '*',
  severity: 'critical',
  check(cmd) {
    // NAME=… as a statement, a prefix, or through export/declare/env.
    for (const a of cmd.assignments) {
      if (isGuardName(a.name)) {
        return critical(`setting \`${a.name}\` tampers with the Blast Radius guard`, a.span, LEAVE_IT);
      }
    }
    switch (cmd.program) {
      case 'unset':
      case 'export':
      case 'declare':
      case 'typeset':
      case 'readonly':
      case 'local': {
        const w = guardVariableWord(cmd.args);
        if (w) return critical(`\`${cmd.program}\` of \`${w.text}\` tampers with the Blast Radius guard`, w.span, LEAVE_IT);
        return undefined;
      }
      case 'env': {
        for (let i = 0; i < cmd.args.length; i++) {
          const a = cmd.args[i]!.text;
          const name = a === '-u' || a === '--unset' ? cmd.args[i + 1]?.text : a.startsWith('--unset=') ? a.slice(8) : a.startsWith('-u') && a.length > 2 ? a.slice(2) : undefined;
          if (name && isGuardName(name)) return critical(`\`env -u ${name}\` runs a command without the Blast Radius guard's settings`, cmd.span, LEAVE_IT);
        }
        return undefined;
      }
      case 'set': {
        // fish: set -e NAME / set -gx NAME value
        const w = guardVariableWord(positionals(cmd));
        if (w && cmd.args.some((a) => a.text.startsWith('-'))) return critical(`\`set\` of \`${w.text}\` tampers with the Blast Radius guard`, w.span, LEAVE_IT);
        return undefined;
      }
      case 'remove-item':
      case 'clear-item':
      case 'set-item':
      case 'remove-variable':
      case 'clear-variable':
      case 'set-variable':
      case '[environment]::setenvironmentvariable':
      case '[system.environment]::setenvironmentvariable': {
        const w = cmd.args.find((a) => isGuardName(a.text));
        if (!w) return undefined;
        if (cmd.program.startsWith('remove') || cmd.program.startsWith('clear') || cmd.program.startsWith('set') || cmd.program.startsWith('[')) {
          if (cmd.program.endsWith('-item') && !/^env:/i.test(w.text)) return undefined;
          return critical(`\`${cmd.name?.raw ?? cmd.program}\` of \`${w.text}\` tampers with the Blast Radius guard`, w.span, LEAVE_IT);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  },
  examples: {
    match: [
      'unset BLAST_RADIUS_SOCKET',
      'export BLAST_RADIUS_DISABLED=1',
      'BLAST_RADIUS_SKIP=1 git push',
      'BLAST_RADIUS_GUARD=',
      'env -u BLAST_RADIUS_SOCKET bash',
      'declare +x BLAST_RADIUS_SOCKET',
      { cmd: 'set -e BLAST_RADIUS_SOCKET', ctx: { shell: 'fish' } },
      { cmd: 'Remove-Item Env:BLAST_RADIUS_SOCKET', ctx: { shell: 'pwsh' } },
      { cmd: '$env:BLAST_RADIUS_SOCKET = $null', ctx: { shell: 'pwsh' } },
      { cmd: "[Environment]::SetEnvironmentVariable('BLAST_RADIUS_SOCKET', $null)", ctx: { shell: 'pwsh' } },
    ],
    nearMiss: ['echo $BLAST_RADIUS_SOCKET', 'unset GOPATH', 'export PATH=$PATH:~/bin', 'env | grep BLAST_RADIUS', { cmd: 'Remove-Item ./build -Recurse', ctx: { shell: 'pwsh' } }],
  },
};

/** Shell hook plumbing: PROMPT_COMMAND, zsh hook arrays and widgets, guard functions, PSReadLine. */
const hooks: Rule = {
  id: 'guard.shell-hooks',
  description: 'Removing the shell hooks the guard uses: guard functions, zsh preexec hooks and accept-line, PROMPT_COMMAND, the PowerShell Enter key handler.',
  programs: ['unset', 'unfunction', 'functions', 'add-zsh-hook', 'zle', 'set-psreadlinekeyhandler', 'remove-psreadlinekeyhandler', 'remove-module', 'remove-item', 'export', 'declare', 'typeset', ''],
  severity: 'critical',
  check(cmd) {
    const t = cmd.args.map((a) => a.text);
    const named = cmd.args.find((a) => isGuardName(a.text));
    switch (cmd.program) {
      case '':
      case 'export':
      case 'declare':
      case 'typeset':
        for (const a of cmd.assignments) {
          if (a.name === 'PROMPT_COMMAND' && !(a.value?.text ?? '').includes('PROMPT_COMMAND')) return { severity: 'high', message: 'overwriting PROMPT_COMMAND can remove the shell hooks the Blast Radius guard uses', span: a.span, suggestion: 'Append to PROMPT_COMMAND instead of replacing it.', atLeast: 'confirm' };
          if ((a.name === 'preexec_functions' || a.name === 'precmd_functions') && !(a.value?.text ?? '').includes('$')) return critical(`overwriting ${a.name} removes the zsh hooks the Blast Radius guard uses`, a.span, LEAVE_IT);
        }
        return undefined;
      case 'unset': {
        if (t.includes('-f') && named) return critical(`\`unset -f ${named.text}\` removes a Blast Radius guard function`, named.span, LEAVE_IT);
        const hook = cmd.args.find((a) => a.text === 'PROMPT_COMMAND' || a.text === 'preexec_functions' || a.text === 'precmd_functions');
        if (hook) return critical(`\`unset ${hook.text}\` removes the shell hooks the Blast Radius guard uses`, hook.span, LEAVE_IT);
        return undefined;
      }
      case 'unfunction':
        if (named || t.includes('preexec') || t.includes('precmd') || t.includes('TRAPDEBUG')) return critical('`unfunction` removes a shell hook the Blast Radius guard uses', cmd.span, LEAVE_IT);
        return undefined;
      case 'functions':
        if ((t.includes('-e') || t.includes('--erase')) && named) return critical(`\`functions -e ${named.text}\` removes a Blast Radius guard function`, named.span, LEAVE_IT);
        return undefined;
      case 'add-zsh-hook':
        if ((t.includes('-d') || t.includes('-D')) && (named || t.includes('preexec'))) return critical('`add-zsh-hook -d` removes the preexec hook the Blast Radius guard uses', cmd.span, LEAVE_IT);
        return undefined;
      case 'zle':
        if (t.includes('accept-line') && (t.includes('-N') || t.includes('-D') || t.includes('-A'))) return critical('redefining the accept-line widget bypasses the Blast Radius guard', cmd.span, LEAVE_IT);
        return undefined;
      case 'set-psreadlinekeyhandler':
      case 'remove-psreadlinekeyhandler': {
        const enter = cmd.args.some((a) => /^(enter|return|ctrl\+m|ctrl\+j)$/i.test(a.text.replace(/['"]/g, '')));
        if (enter || cmd.program === 'remove-psreadlinekeyhandler') return critical('changing the Enter key handler bypasses the Blast Radius guard in PowerShell', cmd.span, LEAVE_IT);
        return undefined;
      }
      case 'remove-module':
        if (t.some((a) => /^psreadline$/i.test(a)) || named) return critical('removing PSReadLine switches off the Blast Radius guard in PowerShell', cmd.span, LEAVE_IT);
        return undefined;
      case 'remove-item':
        if (named && /^function:/i.test(named.text)) return critical(`removing \`${named.text}\` switches off the Blast Radius guard`, named.span, LEAVE_IT);
        return undefined;
      default:
        return undefined;
    }
  },
  examples: {
    match: [
      'unset -f __blast_radius_preexec',
      'unfunction __blast_radius_accept_line',
      'add-zsh-hook -d preexec __blast_radius_preexec',
      'preexec_functions=()',
      'unset PROMPT_COMMAND',
      'PROMPT_COMMAND="echo hi"',
      'zle -N accept-line my-accept',
      { cmd: 'functions -e __blast_radius_preexec', ctx: { shell: 'fish' } },
      { cmd: 'Remove-PSReadLineKeyHandler -Chord Enter', ctx: { shell: 'pwsh' } },
      { cmd: 'Set-PSReadLineKeyHandler -Key Enter -Function AcceptLine', ctx: { shell: 'pwsh' } },
      { cmd: 'Remove-Module PSReadLine', ctx: { shell: 'pwsh' } },
    ],
    nearMiss: ['unset -f my_helper', 'PROMPT_COMMAND="history -a; $PROMPT_COMMAND"', 'add-zsh-hook precmd my_precmd', 'functions', { cmd: 'Set-PSReadLineKeyHandler -Key Tab -Function Complete', ctx: { shell: 'pwsh' } }, 'helper() { ls; }; helper'],
  },
};

/** `__blast_radius_x() { …; }`: redefining a guard function. */
function guardFunctionsDefined(line: ParsedLine): RuleFinding | undefined {
  for (const f of line.functions.values()) {
    if (isGuardName(f.name)) return critical(`redefining \`${f.name}\` replaces a Blast Radius guard function`, f.span, LEAVE_IT);
  }
  return undefined;
}

const redefine: Rule = {
  id: 'guard.redefine-function',
  description: 'Defining a function with a guard function\'s name replaces the guard.',
  programs: '*',
  severity: 'critical',
  check(cmd, rc) {
    // Report once per line, on its first command.
    if (cmd.index !== 0 || rc.line.functions.size === 0) return undefined;
    return guardFunctionsDefined(rc.line);
  },
  examples: {
    match: ['__blast_radius_check() { return 0; }', 'function __blast_radius_preexec { :; }'],
    nearMiss: ['check() { return 0; }', 'echo __blast_radius_check'],
  },
};

// ---------------------------------------------------------------------------------------------
// Guard files

/** How a path relates to the guard: its own files (critical) or agent hook settings (high). */
function guardFile(text: string): 'own' | 'hooks' | undefined {
  const p = text.replace(/\\/g, '/');
  if (/blast[-_]?radius/i.test(p)) return 'own';
  if (/(^|\/)\.claude\/settings(\.local)?\.json$/.test(p)) return 'hooks';
  if (/(^|\/)\.(codex|cursor)\/hooks\.json$/.test(p)) return 'hooks';
  if (/(^|\/)\.gemini\/settings\.json$/.test(p)) return 'hooks';
  if (/(^|\/)\.github\/hooks(\/|$)/.test(p) || /(^|\/)\.copilot\/hooks(\/|$)/.test(p)) return 'hooks';
  if (/(^|\/)\.git\/hooks(\/|$)/.test(p)) return 'hooks';
  if (/(^|\/)\.(claude|codex|cursor|gemini)\/?$/.test(p)) return 'hooks';
  return undefined;
}

/** Programs that change or remove the files they are given. `last`: only the last operand is written. */
const WRITERS: Readonly<Record<string, 'any' | 'last'>> = {
  rm: 'any', unlink: 'any', shred: 'any', truncate: 'any', mv: 'any', chmod: 'any', chown: 'any', chattr: 'any', tee: 'any',
  cp: 'last', install: 'last', ln: 'last', rsync: 'last', touch: 'any', vi: 'any', vim: 'any', nvim: 'any', nano: 'any', emacs: 'any',
  ed: 'any', code: 'any', 'remove-item': 'any', 'move-item': 'any', 'set-content': 'any', 'add-content': 'any', 'clear-content': 'any',
  'out-file': 'any', 'copy-item': 'last', 'new-item': 'any', 'rename-item': 'any', rmdir: 'any', srm: 'any', trash: 'any', 'trash-put': 'any',
};

function writtenOperands(cmd: SimpleCommand): readonly Word[] {
  const p = cmd.program;
  if (p === 'sed' || p === 'perl' || p === 'ruby') {
    if (!cmd.args.some((a) => /^-[a-zA-Z]*i/.test(a.text) || a.text.startsWith('--in-place'))) return [];
    return positionals(cmd, ['-e', '-f', '--expression', '--file']).slice(p === 'sed' && !cmd.args.some((a) => a.text === '-e' || a.text === '-f') ? 1 : 0);
  }
  if (p === 'dd') return cmd.args.filter((a) => a.text.startsWith('of=')).map((a) => ({ ...a, text: a.text.slice(3) }));
  if (p === 'git') {
    const sub = subcommand(cmd)[0];
    if (sub === 'rm' || sub === 'mv' || sub === 'clean' || sub === 'checkout' || sub === 'restore') return positionals(cmd, ['-C', '-c']).slice(1);
    return [];
  }
  const mode = WRITERS[p];
  if (!mode) return [];
  const ops = positionals(cmd);
  if (mode === 'last') return ops.length > 1 ? ops.slice(-1) : [];
  return ops;
}

const files: Rule = {
  id: 'guard.hook-files',
  description: 'Editing, moving or deleting the guard\'s own files (.blast-radius.json, blast-radius hook scripts) or the agent hook settings that call it.',
  programs: '*',
  severity: 'critical',
  check(cmd) {
    const out: RuleFinding[] = [];
    const report = (w: { text: string; span: Span }, how: string): void => {
      const kind = guardFile(w.text);
      if (!kind) return;
      if (kind === 'own') out.push(critical(`${how} \`${w.text}\`, a Blast Radius file, switches off or loosens the guard`, w.span, LEAVE_IT));
      else out.push({ severity: 'high', message: `${how} \`${w.text}\` can remove the hook that makes the agent ask Blast Radius first`, span: w.span, suggestion: 'Edit agent hook settings by hand, outside the agent.', atLeast: 'confirm' });
    };
    for (const r of cmd.redirects) {
      if (r.target && !r.heredoc && (r.op.includes('>') && !r.op.includes('&') || r.op === '&>' || r.op === '&>>')) report(r.target, 'writing to');
    }
    for (const w of writtenOperands(cmd)) report(w, cmd.program === 'rm' || cmd.program === 'remove-item' || cmd.program === 'unlink' ? 'deleting' : `\`${cmd.program}\` on`);
    return out;
  },
  examples: {
    match: [
      'rm .blast-radius.json',
      'echo {} > .blast-radius.json',
      "sed -i 's/confirm/allow/' .blast-radius.json",
      'rm -rf ~/.config/blast-radius',
      'mv .claude/settings.local.json /tmp/',
      'cp /dev/null .cursor/hooks.json',
      'rm .git/hooks/pre-push',
      { cmd: 'Remove-Item .blast-radius.json', ctx: { shell: 'pwsh' } },
    ],
    nearMiss: ['cat .blast-radius.json', 'cp .blast-radius.json /tmp/backup.json', 'ls .claude', 'grep hook .claude/settings.json', 'code .', 'git add .blast-radius.json'],
  },
};

const extension: Rule = {
  id: 'guard.extension',
  description: 'Uninstalling or disabling the Blast Radius extension (or all extensions) from the command line.',
  programs: ['code', 'code-insiders', 'codium', 'cursor', 'windsurf', 'code-server', 'kiro'],
  severity: 'critical',
  check(cmd) {
    for (let i = 0; i < cmd.args.length; i++) {
      const a = cmd.args[i]!;
      if (a.text === '--disable-extensions') return critical('starting the editor with all extensions disabled switches off Blast Radius', a.span, LEAVE_IT);
      if (a.text === '--uninstall-extension' || a.text === '--disable-extension') {
        const id = cmd.args[i + 1];
        if (id && isGuardName(id.text)) return critical(`\`${a.text} ${id.text}\` switches off Blast Radius`, [a.span[0], id.span[1]], LEAVE_IT);
      }
    }
    return undefined;
  },
  examples: {
    match: ['code --uninstall-extension blast-radius.blast-radius', 'code --disable-extension blast-radius.blast-radius .', 'code --disable-extensions'],
    nearMiss: ['code --install-extension blast-radius.blast-radius-0.1.0.vsix', 'code --uninstall-extension ms-python.python', 'code .'],
  },
};

const unguardedShell: Rule = {
  id: 'guard.unguarded-shell',
  description: 'Starting an interactive shell that skips its startup files or environment (`bash --norc`, `exec sh`, `env -i bash`, `zsh -f`), where the guard does not run.',
  programs: [...SHELLS, 'pwsh', 'powershell'],
  severity: 'high',
  check(cmd, rc) {
    if (cmd.inline || cmd.stdin) return undefined; // runs code, which is analysed; not an interactive shell
    const ops = positionals(cmd, ['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);
    if (ops.length > 0 && !cmd.args.some((a) => a.text === '-i')) return undefined; // a script
    if (cmd.pipeline && cmd.pipeline.index > 0) return undefined; // reads its input
    const via = cmd.via[cmd.via.length - 1];
    const envCleared = via?.program === 'env' && hasEnvClear(wrapperOf(rc.line, cmd));
    const viaExec = cmd.via.some((v) => v.program === 'exec');
    const noRc = cmd.program === 'pwsh' || cmd.program === 'powershell'
      ? hasPwshParam(cmd, 'NoProfile', 4)
      : hasFlag(cmd, '--norc', '--noprofile', '--rcfile', '--init-file', '--no-rcs', '--no-globalrcs', '--no-config') || (cmd.program === 'zsh' && hasFlag(cmd, '-f', '-d'));
    const plainShell = cmd.program === 'sh' || cmd.program === 'dash' || cmd.program === 'ash' || cmd.program === 'ksh' || cmd.program === 'csh' || cmd.program === 'tcsh';
    if (noRc || envCleared || (viaExec && plainShell)) {
      const why = noRc ? 'without its startup files' : envCleared ? 'with an empty environment' : 'that the guard does not support';
      return { severity: 'high', message: `starts an interactive ${cmd.program} ${why}, where the Blast Radius guard does not run`, span: cmd.span, suggestion: LEAVE_IT, atLeast: 'confirm' };
    }
    return undefined;
  },
  examples: {
    match: ['bash --norc', 'exec bash --noprofile --norc', 'zsh -f', 'env -i bash', 'exec sh', { cmd: 'pwsh -NoProfile', ctx: { shell: 'pwsh' } }],
    nearMiss: ['bash', 'exec zsh', 'bash --norc -c "make test"', 'bash script.sh', 'sh ./configure', 'env -i PATH=/usr/bin make'],
  },
};

/** `env -i` / `env -` / `env --ignore-environment`. */
function hasEnvClear(env: SimpleCommand | undefined): boolean {
  if (!env) return false;
  for (const a of env.args) {
    const t = a.text;
    if (t === '-' || t === '-i' || t === '--ignore-environment' || (/^-[a-zA-Z0-9]+$/.test(t) && t.includes('i'))) return true;
    if (!t.startsWith('-')) break;
  }
  return false;
}

export const guardPack: RulePack = {
  name: 'guard',
  description: 'Attempts to switch off or get around the Blast Radius guard itself.',
  rules: [trap, shellOptions, variables, hooks, redefine, files, extension, unguardedShell],
};
