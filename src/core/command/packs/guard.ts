/**
 * guard: attempts to switch off or get around Blast Radius itself. The terminal guard lives in
 * the shell (bash: a DEBUG trap with extdebug; zsh: preexec/accept-line hooks; fish: preexec
 * events; PowerShell: a PSReadLine Enter handler), reads BLAST_RADIUS_* variables, and agents
 * call it through hook entries in their settings files. Removing any of these is critical:
 * an agent must never be able to remove the thing that asks a person.
 *
 * The sign-off record (`.blast-radius/reviews/`) belongs here too: an agent that runs
 * `blast-radius approve` or writes a record file would be signing off its own changes.
 */
import * as path from 'node:path';
import { RUNTIME_RECORD_RE } from '../../guard/runtimeDir';
import type { ParsedLine, SimpleCommand, Span, Word } from '../../shell/model';
import { subcommand } from '../../shell/normalise';
import { REVIEWS_PATH_RE as REVIEWS_PATH } from '../../signoff/reviewsDir';
import { type Rule, type CommandRuleFinding, type RulePack, hasFlag, hasPwshParam, positionals } from '../rule';
import { wrapperOf } from '../pipeline';
import { runnerTool } from '../runners';
import { optionValues } from '../words';
import { perCommand } from '../memo';
import { own } from '../../own';
import { DEFAULT_MANPATH } from '../generic/manual';

const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'yash', 'rbash', 'csh', 'tcsh', 'posh', 'ksh93']);

/** Names of guard variables and functions: BLAST_RADIUS_*, __blast_radius_*, blastRadius…. */
function isGuardName(name: string): boolean {
  return /blast[-_]?radius/i.test(name);
}

function critical(message: string, span: Span, suggestion?: string): CommandRuleFinding {
  const f: CommandRuleFinding = { severity: 'critical', message, span, atLeast: 'confirm' };
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
  description: 'Removing the shell hooks the guard uses: guard functions, zsh preexec hooks and accept-line, the PowerShell Enter key handler (PROMPT_COMMAND and PS0: evasion.prompt-hooks).',
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
        // PROMPT_COMMAND and PS0, in every spelling, are evasion.prompt-hooks'.
        for (const a of cmd.assignments) {
          if ((a.name === 'preexec_functions' || a.name === 'precmd_functions') && !(a.value?.text ?? '').includes('$')) return critical(`overwriting ${a.name} removes the zsh hooks the Blast Radius guard uses`, a.span, LEAVE_IT);
        }
        return undefined;
      case 'unset': {
        if (t.includes('-f') && named) return critical(`\`unset -f ${named.text}\` removes a Blast Radius guard function`, named.span, LEAVE_IT);
        const hook = cmd.args.find((a) => a.text === 'preexec_functions' || a.text === 'precmd_functions');
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
      'unset precmd_functions',
      'zle -N accept-line my-accept',
      { cmd: 'functions -e __blast_radius_preexec', ctx: { shell: 'fish' } },
      { cmd: 'Remove-PSReadLineKeyHandler -Chord Enter', ctx: { shell: 'pwsh' } },
      { cmd: 'Set-PSReadLineKeyHandler -Key Enter -Function AcceptLine', ctx: { shell: 'pwsh' } },
      { cmd: 'Remove-Module PSReadLine', ctx: { shell: 'pwsh' } },
    ],
    nearMiss: ['unset -f my_helper', 'add-zsh-hook precmd my_precmd', 'functions', { cmd: 'Set-PSReadLineKeyHandler -Key Tab -Function Complete', ctx: { shell: 'pwsh' } }, 'helper() { ls; }; helper'],
  },
};

/** `__blast_radius_x() { …; }`: redefining a guard function. */
function guardFunctionsDefined(line: ParsedLine): CommandRuleFinding | undefined {
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

/**
 * How a path relates to the guard: its own files (critical) or agent hook settings (high); sign-off
 * records are guard.review-record-write's. A record in the runtime folder counts as written or
 * resolved against `dir`, the folder the line has moved to.
 */
/** What writing a system manual page does, as a finding says it. */
export const PAGE_WRITE = 'changes a system manual page, which the guard trusts when it says a command only rehearses';
export const PAGE_WRITE_SUGGESTION = 'Install manual pages with the package manager, outside the agent.';

export function guardFile(text: string, dir?: string): 'own' | 'hooks' | 'record' | 'pages' | undefined {
  const p = text.replace(/\\/g, '/');
  if (REVIEWS_PATH.test(p)) return 'record';
  // The system's manual pages, which the engine trusts to call an option or a subcommand a rehearsal.
  if (DEFAULT_MANPATH.some((root) => p.startsWith(`${root}/man1`) || p.startsWith(`${root}/man8`))) return 'pages';
  if (/blast[-_]?radius/i.test(p) || inFolder(RUNTIME_RECORD_RE, p, dir)) return 'own';
  if (/(^|\/)\.claude\/settings(\.local)?\.json$/.test(p)) return 'hooks';
  if (/(^|\/)\.(codex|cursor)\/hooks\.json$/.test(p) || /(^|\/)\.codex\/config\.toml$/.test(p)) return 'hooks';
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

/** Programs that write where an option says: a download's output file, an archive's extraction folder, sponge's file. */
const OUTPUT_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  curl: ['-o', '--output'],
  wget: ['-O', '--output-document', '-P', '--directory-prefix'],
  tar: ['-C', '--directory'],
  unzip: ['-d'],
};

/** The operands `cmd` writes (several rules ask this of every command: kept for the command at hand). */
export const writtenOperands: (cmd: SimpleCommand) => readonly Word[] = perCommand(writtenOperandsOf);

function writtenOperandsOf(cmd: SimpleCommand): readonly Word[] {
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
  if (p === 'sponge') return positionals(cmd);
  const into = own(OUTPUT_OPTIONS, p);
  if (into) {
    if (p === 'tar' && !cmd.args.some((a) => /^-[a-zA-Z]*x/.test(a.text) || /^x[a-zA-Z]*$/.test(a.text) || a.text === '--extract' || a.text === '--get')) return [];
    return optionValues(cmd, ...into);
  }
  const mode = own(WRITERS, p);
  if (!mode) return [];
  // cp -t DIR, mv --target-directory=DIR, install -t, ln -t: the folder written into
  const target = p === 'cp' || p === 'mv' || p === 'install' || p === 'ln' ? optionValues(cmd, '-t', '--target-directory') : [];
  if (target.length) return p === 'mv' ? [...target, ...positionals(cmd, ['-t', '--target-directory', '-S', '--suffix'])] : target;
  const ops = positionals(cmd);
  if (mode === 'last') return ops.length > 1 ? ops.slice(-1) : [];
  return ops;
}

/** Targets of redirections that write (`>`, `>>`, `>|`, `&>`, `&>>`; not `>&2`), kept for the command at hand. */
export const writtenRedirects: (cmd: SimpleCommand) => readonly Word[] = perCommand(writtenRedirectsOf);

function writtenRedirectsOf(cmd: SimpleCommand): readonly Word[] {
  const out: Word[] = [];
  for (const r of cmd.redirects) {
    if (r.target && !r.heredoc && ((r.op.includes('>') && !r.op.includes('&')) || r.op === '&>' || r.op === '&>>')) out.push(r.target);
  }
  return out;
}

export function isDeleter(cmd: SimpleCommand): boolean {
  return cmd.program === 'rm' || cmd.program === 'remove-item' || cmd.program === 'unlink';
}

/** Interpreters whose code (`-c`/`-e`, or a heredoc or pipe on stdin) is read for what it starts. */
const CODE_RUNNERS = /^(?:python[0-9.]*|pypy3?|node|nodejs|bun|deno|perl|ruby|php)$/;

/** The code an interpreter is given inline or on stdin, and where it is. */
function interpreterCode(cmd: SimpleCommand): { text: string; span: Span } | undefined {
  if (cmd.inline && cmd.inline.language !== 'sh' && cmd.inline.language !== 'pwsh') return { text: cmd.inline.code, span: cmd.inline.span };
  if (cmd.stdin && CODE_RUNNERS.test(cmd.program)) return { text: cmd.stdin.text, span: cmd.stdin.span };
  return undefined;
}

const files: Rule = {
  id: 'guard.hook-files',
  description: 'Editing, moving or deleting the guard\'s own files (.blast-radius.json, blast-radius hook scripts), the agent hook settings that call it, or the system manual pages it trusts to call a command a rehearsal.',
  programs: '*',
  severity: 'critical',
  check(cmd, rc) {
    const redirects = writtenRedirects(cmd);
    const operands = writtenOperands(cmd);
    if (redirects.length === 0 && operands.length === 0) return undefined;
    const out: CommandRuleFinding[] = [];
    const dir = lineDirectory(cmd, rc);
    const report = (w: { text: string; span: Span }, how: string): void => {
      const kind = guardFile(w.text, dir);
      if (!kind || kind === 'record') return;
      if (kind === 'own') out.push(critical(`${how} \`${w.text}\`, a Blast Radius file, switches off or loosens the guard`, w.span, LEAVE_IT));
      else if (kind === 'pages') out.push(critical(`${how} \`${w.text}\` ${PAGE_WRITE}: a page written there can make it quieter about a destructive one`, w.span, PAGE_WRITE_SUGGESTION));
      else out.push({ severity: 'high', message: `${how} \`${w.text}\` can remove the hook that makes the agent ask Blast Radius first`, span: w.span, suggestion: 'Edit agent hook settings by hand, outside the agent.', atLeast: 'confirm' });
    };
    for (const w of redirects) report(w, 'writing to');
    for (const w of operands) report(w, isDeleter(cmd) ? 'deleting' : `\`${cmd.program}\` on`);
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
      // A system manual page written: one that calls a subcommand a rehearsal quiets it.
      { cmd: "printf '.TH X 8\\n' > /usr/local/share/man/man8/dirctl.8", exactly: 'critical' },
      { cmd: 'cp dirctl.8 /usr/share/man/man8/dirctl.8', exactly: 'critical' },
    ],
    nearMiss: [
      'cat .blast-radius.json',
      'cp .blast-radius.json /tmp/backup.json',
      'ls .claude',
      'grep hook .claude/settings.json',
      'code .',
      'git add .blast-radius.json',
      'echo {} > .blast-radius/reviews/2026-01/x.json',
      'man dirctl',
      'zcat /usr/share/man/man8/dirctl.8.gz',
      'cp /usr/share/man/man8/dirctl.8.gz /tmp/',
    ],
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
  description: 'Starting an interactive shell the guard is not in: one it does not support (`sh`, `dash`, `busybox sh`), or one that skips its startup files or environment (`bash --norc`, `--posix`, `env -i bash`, `env -u PROMPT_COMMAND bash`, `zsh -f`, `fish -N`).',
  programs: [...SHELLS, 'pwsh', 'powershell'],
  severity: 'high',
  check(cmd, rc) {
    if (cmd.inline || cmd.stdin) return undefined; // runs code, which is analysed; not an interactive shell
    const ops = positionals(cmd, ['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);
    if (ops.length > 0 && !cmd.args.some((a) => a.text === '-i')) return undefined; // a script
    if (cmd.pipeline && cmd.pipeline.index > 0) return undefined; // reads its input
    if (cmd.remote) return undefined; // a shell in a container or on another machine
    const via = cmd.via[cmd.via.length - 1];
    const envCleared = via?.program === 'env' && hasEnvClear(wrapperOf(rc.line, cmd));
    const noRc = cmd.program === 'pwsh' || cmd.program === 'powershell'
      ? hasPwshParam(cmd, 'NoProfile', 4)
      : hasFlag(cmd, '--norc', '--noprofile', '--rcfile', '--init-file', '--no-rcs', '--no-globalrcs', '--no-config') || (cmd.program === 'zsh' && hasFlag(cmd, '-f', '-d')) || (cmd.program === 'fish' && hasFlag(cmd, '-N'));
    const posix = hasFlag(cmd, '--posix') || cmd.args.some((a, i) => a.text === '-o' && cmd.args[i + 1]?.text === 'posix');
    // env -u of what carries the guard into a new shell
    const unset = via?.program === 'env' ? optionValues(wrapperOf(rc.line, cmd) ?? cmd, '-u', '--unset').find((w) => GUARD_CARRIERS.has(w.text)) : undefined;
    const plainShell = UNSUPPORTED_SHELLS.has(cmd.program);
    if (noRc || envCleared || posix || unset || plainShell) {
      const why = noRc ? 'without its startup files' : envCleared ? 'with an empty environment' : posix ? 'in POSIX mode' : unset ? `without ${unset.text}` : 'that the guard does not support';
      return { severity: 'high', message: `starts an interactive ${cmd.program} ${why}; the Blast Radius guard cannot see what runs in it`, span: cmd.span, suggestion: LEAVE_IT, atLeast: 'confirm' };
    }
    return undefined;
  },
  examples: {
    match: [
      'bash --norc',
      'exec bash --noprofile --norc',
      'zsh -f',
      'env -i bash',
      'exec sh',
      'sh',
      'dash',
      'busybox sh',
      'ksh -i',
      'bash --posix',
      'env -u PROMPT_COMMAND bash',
      'fish -N',
      'fish --no-config',
      { cmd: 'pwsh -NoProfile', ctx: { shell: 'pwsh' } },
    ],
    nearMiss: ['bash', 'exec zsh', 'bash --norc -c "make test"', 'bash script.sh', 'sh ./configure', 'env -i PATH=/usr/bin make', 'sh -c "make"', 'echo ls | sh', 'fish -c "ls"', 'dash ./x.sh', 'docker exec -it api sh', 'kubectl exec -it api-1 -- sh'],
  },
};

/** Interactive shells with no Blast Radius guard. */
const UNSUPPORTED_SHELLS: ReadonlySet<string> = new Set(['sh', 'dash', 'ash', 'ksh', 'mksh', 'ksh93', 'yash', 'posh', 'csh', 'tcsh', 'rbash']);

/** Variables that carry the guard into a new shell (docs/guard.md). */
const GUARD_CARRIERS: ReadonlySet<string> = new Set(['PROMPT_COMMAND', 'PS0', 'BASH_ENV', 'ZDOTDIR', 'XDG_DATA_DIRS']);

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

// ---------------------------------------------------------------------------------------------
// A listener that claims to be the editor

/**
 * What makes a process pass for VS Code's extension host (src/core/guard/proof.ts): its
 * arguments, its script, its server's script, the entry point in its environment.
 */
const EXTENSION_HOST_MARKS = /--type=extensionHost\b|--utility-sub-type=node\.mojom\.NodeService|(?:^|\/)out\/(?:bootstrap-fork(?:\.js)?|node\/entry(?:\.js)?|server-main\.js)\b|VSCODE_(?:ESM|AMD)_ENTRYPOINT=/;
/** In code, the entry point's variable named anywhere (`env.VSCODE_ESM_ENTRYPOINT = …`, `{ VSCODE_ESM_ENTRYPOINT: … }`). */
const EXTENSION_HOST_CODE_MARKS = new RegExp(`${EXTENSION_HOST_MARKS.source}|VSCODE_(?:ESM|AMD)_ENTRYPOINT`);
/** Editor servers whose extension hosts the agent hooks would take for the editor's. */
const EDITOR_SERVERS = new Set(['code-server', 'openvscode-server', 'code-tunnel']);

const FAKE_EDITOR = 'Do not start editors or processes that imitate one; the person runs the editor.';

const fakeEditor: Rule = {
  id: 'guard.fake-editor',
  description: "Starting a process laid out like VS Code's extension host (`--type=extensionHost`, `out/bootstrap-fork`, VSCODE_ESM_ENTRYPOINT), or an editor server: the agent hooks would take its answers for a person's.",
  programs: '*',
  severity: 'critical',
  check(cmd) {
    for (const a of cmd.assignments) {
      if (/^VSCODE_(?:ESM|AMD)_ENTRYPOINT$/.test(a.name)) return critical(`setting \`${a.name}\` makes a process pass for VS Code's extension host, whose answers the agent hooks believe`, a.span, FAKE_EDITOR);
    }
    const mark = cmd.args.find((a) => EXTENSION_HOST_MARKS.test(a.text));
    if (mark) return critical(`\`${mark.text}\` starts a process laid out like VS Code's extension host, whose answers the agent hooks believe`, mark.span, FAKE_EDITOR);
    const code = interpreterCode(cmd);
    if (code && EXTENSION_HOST_CODE_MARKS.test(code.text)) return critical(`${cmd.program} code starts a process laid out like VS Code's extension host, whose answers the agent hooks believe`, code.span, FAKE_EDITOR);
    const serve = (cmd.program === 'code' || cmd.program === 'code-insiders') && (cmd.args[0]?.text === 'serve-web' || cmd.args[0]?.text === 'tunnel');
    if (EDITOR_SERVERS.has(cmd.program) || serve) {
      return { severity: 'high', message: `starts an editor server (${cmd.program}${serve ? ` ${cmd.args[0]!.text}` : ''}); the agent hooks would believe its extension host`, span: cmd.span, suggestion: FAKE_EDITOR, atLeast: 'confirm' };
    }
    return undefined;
  },
  examples: {
    match: [
      { cmd: 'node /tmp/x/out/bootstrap-fork --type=extensionHost', exactly: 'critical' },
      { cmd: 'VSCODE_ESM_ENTRYPOINT=vs/workbench/api/node/extensionHostProcess node fake.js', exactly: 'critical' },
      { cmd: 'setsid -f node /tmp/cs/out/node/entry.js', exactly: 'critical' },
      { cmd: `python3 -c "import subprocess; subprocess.Popen(['node', 'x.js', '--type=extensionHost'])"`, exactly: 'critical' },
      { cmd: 'nohup code-server --bind-addr 127.0.0.1:8080 . &', exactly: 'high' },
      { cmd: 'code serve-web --port 8000', exactly: 'high' },
    ],
    nearMiss: ['code .', 'node server.js --type=web', 'npm run entry', 'node out/main.js', 'echo VSCODE_ESM_ENTRYPOINT'],
  },
};

// ---------------------------------------------------------------------------------------------
// The sign-off record: only a person may approve risky changes (docs/signoff.md)

/** True when `p` matches `folder`, as written or resolved against `dir` (`..` and `.` folded). */
function inFolder(folder: RegExp, p: string, dir: string | undefined): boolean {
  const t = p.replace(/\\/g, '/');
  if (folder.test(t)) return true;
  if (!dir || t.startsWith('/') || t.startsWith('~') || t.includes('$')) return false;
  return folder.test(path.posix.normalize(`${dir}/${t}`));
}

/** True when `p` is in the sign-off record folder, `.blast-radius/reviews/` (anywhere in the path). */
function inReviews(p: string, dir: string | undefined): boolean {
  return inFolder(REVIEWS_PATH, p, dir);
}

/**
 * The folder a command runs in as far as the line tells: the context's working directory moved
 * by each static `cd`/`pushd`/`Set-Location` earlier in the line. Undefined once a `cd` goes
 * somewhere the line does not spell out (a variable, `cd -`, `cd` alone).
 */
function lineDirectory(cmd: SimpleCommand, rc: { line: ParsedLine; context: { cwd?: string; workspaceRoot?: string } }): string | undefined {
  let dir: string | undefined = (rc.context.cwd ?? rc.context.workspaceRoot)?.replace(/\\/g, '/') ?? '.';
  for (let i = 0; i < cmd.index; i++) {
    const c = rc.line.commands[i]!;
    if (c.via.length !== cmd.via.length) continue; // a cd inside `bash -c` does not move this command
    if (c.program !== 'cd' && c.program !== 'pushd' && c.program !== 'set-location' && c.program !== 'chdir') continue;
    const target = positionals(c)[0];
    if (!target || target.dynamic || target.text === '-' || target.text.startsWith('~')) {
      dir = undefined;
      continue;
    }
    const t = target.text.replace(/\\/g, '/');
    dir = t.startsWith('/') ? t : dir === undefined ? undefined : path.posix.normalize(`${dir}/${t}`);
  }
  return dir;
}

const REVIEW_RECORD_WRITE = 'Only a person may approve risky changes: ask the user to run `blast-radius approve` or to approve in the editor.';

const reviewRecordWrite: Rule = {
  id: 'guard.review-record-write',
  description: 'Writing, moving or deleting files in the sign-off record (.blast-radius/reviews/): records are written by `blast-radius approve` or the editor for a person.',
  programs: '*',
  severity: 'critical',
  check(cmd, rc) {
    const redirects = writtenRedirects(cmd);
    const operands = writtenOperands(cmd);
    if (redirects.length === 0 && operands.length === 0) return undefined;
    const dir = lineDirectory(cmd, rc);
    const out: CommandRuleFinding[] = [];
    for (const w of redirects) {
      if (inReviews(w.text, dir)) out.push(critical(`writing to \`${w.text}\` changes the sign-off record; only a person may approve risky changes`, w.span, REVIEW_RECORD_WRITE));
    }
    for (const w of operands) {
      if (!inReviews(w.text, dir)) continue;
      const how = isDeleter(cmd) ? 'deleting' : `\`${cmd.name?.raw ?? cmd.program}\` on`;
      out.push(critical(`${how} \`${w.text}\` changes the sign-off record; only a person may approve risky changes`, w.span, REVIEW_RECORD_WRITE));
    }
    return out;
  },
  examples: {
    match: [
      { cmd: 'echo \'{"decision":"approve"}\' > .blast-radius/reviews/2026-01/5e5aee3b92ff-1.json', exactly: 'critical', span: '.blast-radius/reviews/2026-01/5e5aee3b92ff-1.json' },
      'cat > .blast-radius/reviews/2026-01/x.json <<EOF\n{"version": 1}\nEOF',
      'printf "%s" "$REC" | tee .blast-radius/reviews/2026-01/x.json',
      'cp /tmp/approval.json .blast-radius/reviews/2026-01/',
      'mv /tmp/approval.json ./.blast-radius/reviews/2026-01/a.json',
      'rm -rf .blast-radius/reviews',
      "sed -i 's/\"agent\": true/\"agent\": false/' .blast-radius/reviews/2026-01/x.json",
      'cd .blast-radius/reviews/2026-01; echo {} > x.json',
      { cmd: 'echo {} > ../.blast-radius/reviews/2026-01/x.json', ctx: { cwd: '/home/dev/project/app', workspaceRoot: '/home/dev/project' } },
      { cmd: 'Set-Content .blast-radius/reviews/2026-01/x.json $json', ctx: { shell: 'pwsh' } },
    ],
    nearMiss: [
      'cat .blast-radius/reviews/2026-01/x.json',
      'ls -R .blast-radius/reviews',
      'git add .blast-radius/reviews',
      'git commit -m "Sign off" -- .blast-radius/reviews',
      'cp .blast-radius/reviews/2026-01/x.json /tmp/',
      'jq . .blast-radius/reviews/2026-01/x.json > /tmp/record.json',
      'echo {} > docs/reviews/notes.json',
      'cd .blast-radius/reviews && cd /tmp && echo {} > x.json',
    ],
  },
};

/** Node-style runners that take a script path first (`node dist/cli.js approve`). */
const SCRIPT_RUNNERS = new Set(['node', 'nodejs', 'bun']);
/** Node options that take a separate value, so the script is found after them. */
const NODE_VALUE_OPTIONS = ['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--conditions', '-C', '--title', '--input-type', '--stack-size', '--max-old-space-size'];

/** A script that is the Blast Radius command line: its bundle (`dist/cli.js`, `cli.mjs`) or the installed `blast-radius`. */
function isCliScript(text: string): boolean {
  const name = text.replace(/\\/g, '/').split('/').pop() ?? '';
  return /^cli\.[cm]?js$/i.test(name) || /^blast-radius(\.[cm]?js)?$/i.test(name);
}

/** The arguments given to the Blast Radius CLI by `cmd`, when `cmd` starts it; else undefined. */
function cliArgs(cmd: SimpleCommand, rc: { line: ParsedLine }): readonly Word[] | undefined {
  if (cmd.program === 'blast-radius' || /^cli\.[cm]?js$/i.test(cmd.program)) {
    // `./dist/cli.js approve` runs the bundle through its shebang; another tool's cli.js would have to take `approve` first too.
    return cmd.args;
  }
  if (SCRIPT_RUNNERS.has(cmd.program)) {
    if (cmd.inline) return undefined; // node -e: the commands it starts are analysed on their own
    const script = positionals(cmd, NODE_VALUE_OPTIONS)[0];
    if (!script || script.dynamic || !isCliScript(script.text)) return undefined;
    return cmd.args.slice(cmd.args.indexOf(script) + 1);
  }
  // Package runners the parser does not unwrap itself: `yarn blast-radius …`, `npx blast-radius@0.1.0 …`.
  const tool = runnerTool(cmd);
  if (!tool || tool.program !== 'blast-radius') return undefined;
  const unwrapped = rc.line.commands.some((c) => c.program === 'blast-radius' && c.via.some((v) => v.span[0] === cmd.span[0] && v.span[1] === cmd.span[1]));
  return unwrapped ? undefined : tool.args;
}

/**
 * `<anything> approve --all-pending` or `<anything> approve <change id>`: the shape of `blast-radius
 * approve` under another name (a link or copy of the CLI, a wrapper script). Change ids are the
 * twelve hex digits `blast-radius verify` prints.
 */
function approveShape(cmd: SimpleCommand): readonly Word[] | undefined {
  let args = cmd.args;
  if (SCRIPT_RUNNERS.has(cmd.program)) {
    if (cmd.inline) return undefined;
    const script = positionals(cmd, NODE_VALUE_OPTIONS)[0];
    if (!script) return undefined;
    args = cmd.args.slice(cmd.args.indexOf(script) + 1);
  }
  if (args[0]?.text !== 'approve') return undefined;
  return args.slice(1).some((a) => a.text === '--all-pending' || /^[0-9a-f]{12}$/.test(a.text)) ? args : undefined;
}

const selfApprove: Rule = {
  id: 'guard.self-approve',
  description: '`blast-radius approve` (however it is started, also under another name) records a sign-off approval; an agent must never approve its own changes.',
  programs: '*',
  severity: 'critical',
  check(cmd, rc) {
    const named = cliArgs(cmd, rc);
    const args = named ?? approveShape(cmd);
    if (!args) return undefined;
    const rest = args[0]?.text === '--' ? args.slice(1) : args;
    if (rest[0]?.text !== 'approve') return undefined;
    // `--help` prints the usage and `--as-check` only reports whether the approval would count: neither writes a record.
    if (rest.some((a) => a.text === '--help' || a.text === '-h' || a.text === '--as-check')) return undefined;
    const what = named ? 'records a sign-off approval' : `\`${cmd.name?.raw ?? cmd.program} approve\` looks like \`blast-radius approve\` under another name: it would record a sign-off approval`;
    return critical(`${what}; only a person may approve risky changes`, cmd.span, 'Ask the user to run `blast-radius approve` themselves.');
  },
  examples: {
    match: [
      { cmd: 'blast-radius approve 5e5aee3b92ff', exactly: 'critical', span: 'blast-radius approve 5e5aee3b92ff' },
      'blast-radius approve --all-pending --commit',
      'npx blast-radius approve 5e5aee3b92ff',
      'npx --yes blast-radius@0.1.0 approve --all-pending',
      'npm exec blast-radius -- approve 5e5aee3b92ff',
      'pnpm exec blast-radius approve 5e5aee',
      'yarn blast-radius approve 5e5aee3b92ff',
      './node_modules/.bin/blast-radius approve 5e5aee3b92ff',
      'node dist/cli.js approve 5e5aee3b92ff',
      'node --no-warnings ~/.vscode/extensions/blast-radius.blast-radius-0.1.0/dist/cli.mjs approve --all-pending',
      './dist/cli.js approve --all-pending',
      'git add -A && blast-radius approve --all-pending --commit && git push',
      'bash -c "blast-radius approve --all-pending"',
      'node -e "require(\'child_process\').execSync(\'blast-radius approve 5e5aee\')"',
      { cmd: 'blast-radius approve 5e5aee3b92ff', ctx: { shell: 'pwsh' } },
      { cmd: '/tmp/ok approve --all-pending', exactly: 'critical' },
      { cmd: 'node /tmp/copy/x.js approve 5e5aee3b92ff', exactly: 'critical' },
      { cmd: 'ln -s "$(command -v blast-radius)" /tmp/ok && /tmp/ok approve 5e5aee3b92ff', exactly: 'critical' },
      { cmd: 'env -u CLAUDECODE blast-radius approve --all-pending', exactly: 'critical' },
    ],
    nearMiss: [
      'blast-radius verify --base main',
      'blast-radius check "rm -rf build"',
      'blast-radius approve --help',
      'npx blast-radius approve -h',
      'blast-radius approve 5e5aee3b92ff --as-check',
      'echo blast-radius approve 5e5aee3b92ff',
      'node scripts/approve.js',
      'gh pr review --approve',
      'kubectl certificate approve csr-5e5aee3b92ff',
      './deploy.sh approve staging',
    ],
  },
};

export const guardPack: RulePack = {
  name: 'guard',
  description: 'Attempts to switch off or get around the Blast Radius guard itself.',
  rules: [trap, shellOptions, variables, hooks, redefine, files, extension, unguardedShell, fakeEditor, selfApprove, reviewRecordWrite],
};
