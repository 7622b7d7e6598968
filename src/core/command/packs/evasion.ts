/**
 * evasion: ways around the terminal guard and the agent hooks other than switching them off
 * outright (that is the guard pack): touching the shell guards' own functions and variables
 * (`__br_*`), the shell's hook machinery they stand in (PROMPT_COMMAND, PS0, prompt strings that
 * run code, zsh precmd/preexec, key bindings and zle widgets), the builtins and programs they
 * call, the startup files they are loaded from, shells and sessions they are not in, work handed
 * to a later moment (cron, at, systemd-run, detached scripts, trap bodies), and agent hook or
 * runtime files written by interpreter code.
 *
 * What such code would run is parsed by the engine (src/core/shell/unwrap.ts: trap bodies,
 * PROMPT_COMMAND, prompt substitutions, alias bodies, key bindings, at/batch/crontab input,
 * systemd-run, script -c, tmux, screen), so it is also judged by what it runs; these rules add
 * why it matters that it runs outside the guard. Threat model: docs/security.md.
 */
import type { ParsedLine, SimpleCommand, Span, Word } from '../../shell/model';
import { PROMPT_VARIABLES, TMUX_SPAWNING, deferredSubstitutions } from '../../shell/unwrap';
import { type Rule, type RuleContext, type CommandRuleFinding, type RulePack, hasFlag, positionals } from '../rule';
import { guardFile, isDeleter, PAGE_WRITE, PAGE_WRITE_SUGGESTION, writtenOperands, writtenRedirects } from './guard';
import { optionValues } from '../words';
import { perCommandAndCheck } from '../memo';

const LEAVE_IT = 'Leave the guard in place; if a check is wrong, adjust the Blast Radius policy instead.';

function critical(message: string, span: Span, suggestion = LEAVE_IT): CommandRuleFinding {
  return { severity: 'critical', message, span, suggestion, atLeast: 'confirm' };
}

function high(message: string, span: Span, suggestion?: string): CommandRuleFinding {
  const f: CommandRuleFinding = { severity: 'high', message, span, atLeast: 'confirm' };
  if (suggestion) f.suggestion = suggestion;
  return f;
}

// ---------------------------------------------------------------------------------------------
// Names a command changes: variables, functions and aliases, in every spelling

interface Touched {
  name: string;
  kind: 'variable' | 'function' | 'alias';
  span: Span;
  /** How, in words: `unset`, `declare -n`, `a definition`. */
  how: string;
  /** The value given, when one is (`PS1='…'`). */
  value?: Word;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Options that print instead of change (`declare -p`, `typeset -f NAME` prints a function). */
function onlyPrints(cmd: SimpleCommand): boolean {
  return cmd.args.some((a) => /^-[a-zA-Z]*[pfF]/.test(a.text) && !a.text.startsWith('--'));
}

function wordName(w: Word): string {
  return IDENT.exec(w.text)?.[0] ?? w.text;
}

/** Variables a `read`/`mapfile`/`printf -v`/`getopts`/`wait -p` call assigns. */
function assignedByBuiltin(cmd: SimpleCommand): Word[] {
  switch (cmd.program) {
    case 'read':
      return [...optionValues(cmd, '-a'), ...positionals(cmd, ['-a', '-d', '-i', '-n', '-N', '-p', '-t', '-u'])];
    case 'mapfile':
    case 'readarray':
      return positionals(cmd, ['-d', '-n', '-O', '-s', '-u', '-C', '-c']).slice(-1);
    case 'printf':
      return optionValues(cmd, '-v');
    case 'getopts':
      return positionals(cmd).slice(1, 2);
    case 'wait':
      return optionValues(cmd, '-p');
    case 'vared':
      return positionals(cmd, ['-p', '-r', '-f', '-M', '-m', '-i']).slice(0, 1);
    case 'let':
      return cmd.args.filter((a) => /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\s*([-+*/%&|^]|<<|>>)?=|^[A-Za-z_][A-Za-z0-9_]*(\+\+|--)|^(\+\+|--)[A-Za-z_]/.test(a.text)).map((a) => ({ ...a, text: a.text.replace(/^(\+\+|--)/, '') }));
    default:
      return [];
  }
}

/** `(( X = 1 ))`, `(( X++ ))`: variables an arithmetic command assigns. */
function arithmeticAssigned(cmd: SimpleCommand): string[] {
  if (!cmd.program.startsWith('((')) return [];
  const out: string[] = [];
  for (const m of cmd.program.matchAll(/(?:\+\+|--)?\s*\b([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[[^\]]*\])?\s*(?:(?:[-+*/%&|^]|<<|>>)?=(?!=)|\+\+|--)/g)) out.push(m[1]!);
  for (const m of cmd.program.matchAll(/(?:\+\+|--)\s*([A-Za-z_][A-Za-z0-9_]*)/g)) out.push(m[1]!);
  return out;
}

/** fish `set` with a variable name (bash's `set` takes none: `set -x`, `set -- a b`). */
function fishSetName(cmd: SimpleCommand, rc: RuleContext): Word | undefined {
  const ops = positionals(cmd);
  const first = ops[0];
  if (!first || !IDENT.test(first.text) || first.text.includes('=')) return undefined;
  if (rc.context.shell === 'fish' || cmd.args.some((a) => /^-[gUlxuSeLa]+$|^--(global|universal|local|export|unexport|erase|append|prepend|function)$/.test(a.text))) return first;
  return undefined;
}

/** Every variable, function and alias the command defines, changes or removes (several rules ask: kept for the command at hand). */
export const touchedNames: (cmd: SimpleCommand, rc: RuleContext) => readonly Touched[] = perCommandAndCheck(touchedNamesOf);

function touchedNamesOf(cmd: SimpleCommand, rc: RuleContext): readonly Touched[] {
  const out: Touched[] = [];
  const src = rc.line.source;
  const declarer = cmd.program === 'export' || cmd.program === 'declare' || cmd.program === 'typeset' || cmd.program === 'local' || cmd.program === 'readonly';
  if (!(declarer && onlyPrints(cmd) && !cmd.args.some((a) => a.text.includes('=')))) {
    for (const a of cmd.assignments) {
      const raw = src.slice(a.span[0], a.span[1]);
      // `functions[name]=…` (zsh) replaces a function; `aliases[name]=…` an alias.
      const key = /^(functions|aliases|builtins)\[([^\]]+)\]/.exec(raw);
      if (key) {
        out.push({ name: key[2]!.replace(/^['"]|['"]$/g, ''), kind: key[1] === 'aliases' ? 'alias' : 'function', span: a.span, how: `\`${key[1]}[…]=\`` });
        continue;
      }
      const how = cmd.program === '' ? 'setting' : `\`${cmd.program}${hasFlag(cmd, '-n') ? ' -n' : ''}\``;
      const t: Touched = { name: a.name, kind: 'variable', span: a.span, how };
      if (a.value) t.value = a.value;
      out.push(t);
      // declare -n ref=TARGET: writes through ref change TARGET
      if (declarer && hasFlag(cmd, '-n') && a.value && !a.value.dynamic) out.push({ name: a.value.text, kind: 'variable', span: a.span, how: `\`${cmd.program} -n\`` });
    }
  }
  switch (cmd.program) {
    case 'unset': {
      const fn = hasFlag(cmd, '-f');
      for (const w of positionals(cmd)) out.push({ name: w.text, kind: fn ? 'function' : 'variable', span: w.span, how: `\`unset${fn ? ' -f' : ''}\`` });
      if (!fn) for (const w of positionals(cmd)) out.push({ name: w.text, kind: 'function', span: w.span, how: '`unset`' });
      break;
    }
    case 'unfunction':
      for (const w of positionals(cmd)) out.push({ name: w.text, kind: 'function', span: w.span, how: '`unfunction`' });
      break;
    case 'unalias':
      for (const w of positionals(cmd)) out.push({ name: w.text, kind: 'alias', span: w.span, how: '`unalias`' });
      break;
    case 'unhash':
    case 'disable': {
      const kind = hasFlag(cmd, '-a') || hasFlag(cmd, '-s') ? 'alias' : hasFlag(cmd, '-f') ? 'function' : undefined;
      if (kind) for (const w of positionals(cmd)) out.push({ name: w.text, kind, span: w.span, how: `\`${cmd.program}\`` });
      break;
    }
    case 'functions': {
      // fish: functions -e NAME, functions -c OLD NEW (NEW is created), functions --copy
      const ops = positionals(cmd);
      if (hasFlag(cmd, '-e', '--erase')) for (const w of ops) out.push({ name: w.text, kind: 'function', span: w.span, how: '`functions -e`' });
      if (hasFlag(cmd, '-c', '--copy') && ops[1]) out.push({ name: ops[1].text, kind: 'function', span: ops[1].span, how: '`functions -c`' });
      break;
    }
    case 'alias': {
      const ops = positionals(cmd);
      if (rc.context.shell === 'fish' && ops.length >= 2 && !ops[0]!.text.includes('=')) {
        out.push({ name: ops[0]!.text, kind: 'alias', span: ops[0]!.span, how: '`alias`' });
        break;
      }
      for (const w of ops) {
        const eq = w.text.indexOf('=');
        if (eq > 0) out.push({ name: w.text.slice(0, eq), kind: 'alias', span: w.span, how: '`alias`' });
      }
      break;
    }
    case 'abbr': {
      const ops = positionals(cmd, ['--position', '-p', '--regex', '--set-cursor', '--function', '-f']);
      if (ops[0] && !cmd.args.some((a) => /^-(l|s|q)$|^--(list|show|query)$/.test(a.text))) out.push({ name: ops[0].text, kind: 'alias', span: ops[0].span, how: '`abbr`' });
      break;
    }
    case 'set': {
      const w = fishSetName(cmd, rc);
      if (w) out.push({ name: w.text, kind: 'variable', span: w.span, how: '`set`' });
      break;
    }
    case 'env': {
      for (const w of optionValues(cmd, '-u', '--unset')) out.push({ name: w.text, kind: 'variable', span: w.span, how: '`env -u`' });
      break;
    }
    case 'export':
      if (hasFlag(cmd, '-n')) for (const w of positionals(cmd)) out.push({ name: w.text, kind: 'variable', span: w.span, how: '`export -n`' });
      break;
    default:
      for (const w of assignedByBuiltin(cmd)) out.push({ name: wordName(w), kind: 'variable', span: w.span, how: `\`${cmd.program}\`` });
      for (const name of arithmeticAssigned(cmd)) out.push({ name, kind: 'variable', span: cmd.span, how: 'an arithmetic command' });
  }
  // Function definitions in the line: reported once, on the line's first command.
  if (cmd.index === 0) {
    for (const f of rc.line.functions.values()) out.push({ name: f.name, kind: 'function', span: f.span, how: 'a definition' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The shell guards' own names

/** The shell guards name everything they define `__br_…` (media/guard). */
const INTERNAL = /^__br_/;

const internals: Rule = {
  id: 'evasion.guard-internals',
  description: 'Defining, changing or removing the shell guards\' own functions and variables (`__br_*`) in any spelling: definitions, aliases, unset/unfunction, functions[…]=, functions -e, declare -n, printf -v, read, mapfile, let, arithmetic, fish set.',
  programs: '*',
  severity: 'critical',
  check(cmd, rc) {
    const out: CommandRuleFinding[] = [];
    for (const t of touchedNames(cmd, rc)) {
      if (!INTERNAL.test(t.name)) continue;
      out.push(critical(`${t.how} of \`${t.name}\` changes a ${t.kind} of the Blast Radius terminal guard, which could let later commands run unchecked`, t.span));
    }
    return out;
  },
  examples: {
    match: [
      { cmd: '__br_debug() { :; }', exactly: 'critical' },
      'function __br_check { return 0; }',
      'unset -f __br_ask',
      '__br_armed=0',
      'declare -n __br_verdict=ok',
      'declare -n ref=__br_verdict',
      'readonly __br_tick=1',
      'printf -v __br_ps0 %s ""',
      'read -r __br_text <<< "echo hi"',
      'mapfile -t __br_patterns < /dev/null',
      'let __br_seq=0',
      '(( __br_skip = 0 ))',
      "functions[__br_preexec]='return 0'",
      'unfunction __br_preexec',
      'alias __br_debug=true',
      'export __br_hfile=/dev/null',
      { cmd: 'functions -e __br_enter', ctx: { shell: 'fish' } },
      { cmd: 'set -g __br_gdir /tmp/fake', ctx: { shell: 'fish' } },
      { cmd: 'functions -c __br_bind __br_enter', ctx: { shell: 'fish' } },
    ],
    nearMiss: ['echo $__br_seq', 'declare -p __br_armed', 'typeset -f __br_preexec', 'my_debug() { :; }', 'unset -f my_helper', 'read -r line', 'printf -v out %s x', { cmd: 'set -g fish_greeting', ctx: { shell: 'fish' } }],
  },
};

// ---------------------------------------------------------------------------------------------
// The shell's hook machinery

/** Variables that hold code (or hooks) the shell runs around every prompt. */
const HOOK_VARIABLES: ReadonlySet<string> = new Set([
  'PROMPT_COMMAND',
  'PS0',
  'precmd_functions',
  'preexec_functions',
  'chpwd_functions',
  'periodic_functions',
  'zshaddhistory_functions',
  'zshexit_functions',
  'zle_line_init_functions',
]);

/** Functions the shell calls by name around prompts, on key presses or on events. */
const HOOK_FUNCTIONS = /^(precmd|preexec|chpwd|periodic|zshaddhistory|zshexit|TRAP[A-Z0-9]+|command_not_found_handler?|zle-line-init|zle-line-finish|zle-line-pre-redraw|zle-keymap-select|zle-isearch-exit|zle-isearch-update|zle-history-line-set|fish_prompt|fish_right_prompt|fish_mode_prompt|fish_title|fish_greeting|fish_command_not_found|fish_user_key_bindings|fish_preexec|fish_postexec)$/;

/** Prompt strings that contain code the shell runs at every prompt. */
function promptCode(t: Touched): string | undefined {
  // A substitution the shell expands now (`PS1="$(hostname) "`) runs now, not at every prompt.
  if (t.kind !== 'variable' || !PROMPT_VARIABLES.has(t.name) || !t.value) return undefined;
  const subs = deferredSubstitutions(t.value);
  return subs.length ? subs[0]!.code.trim() : undefined;
}

const promptHooks: Rule = {
  id: 'evasion.prompt-hooks',
  description: 'Changing the shell\'s prompt hooks the guard stands in or that run code outside its check: PROMPT_COMMAND and PS0 (any spelling), prompt strings with command substitution, zsh precmd/preexec arrays, functions and add-zsh-hook, TRAP* functions, command_not_found handlers, fish prompt and event functions, RETURN traps.',
  programs: '*',
  severity: 'critical',
  check(cmd, rc) {
    const out: CommandRuleFinding[] = [];
    for (const t of touchedNames(cmd, rc)) {
      if (t.kind === 'variable' && HOOK_VARIABLES.has(t.name)) {
        out.push(critical(`${t.how} of \`${t.name}\` changes the shell hooks the Blast Radius terminal guard runs in; code put there runs at every prompt without a check`, t.span));
        continue;
      }
      const code = promptCode(t);
      if (code !== undefined) {
        out.push(critical(`the prompt \`${t.name}\` would run \`${code}\` at every prompt, outside the Blast Radius guard's check`, t.span, 'Put the command in the line itself, where it is checked.'));
        continue;
      }
      if (t.kind === 'function' && HOOK_FUNCTIONS.test(t.name)) {
        out.push(critical(`${t.how} of \`${t.name}\`: the shell runs it by itself (at a prompt, a key or a signal), outside the Blast Radius guard's check`, t.span));
        continue;
      }
      const runsOn = t.kind === 'function' && t.how === 'a definition' ? rc.line.functions.get(t.name)?.runsOn : undefined;
      if (runsOn) {
        out.push(critical(`a definition of \`${t.name}\` with \`${runsOn}\`: fish runs it by itself, outside the Blast Radius guard's check`, t.span));
      }
    }
    if (cmd.program === 'add-zsh-hook') {
      out.push(critical('`add-zsh-hook` changes the zsh hooks the Blast Radius guard runs in; a hook runs without a check', cmd.span));
    }
    if (cmd.program === 'trap') {
      const args = cmd.args.filter((a) => a.text !== '--');
      const ret = args.length >= (args[0]?.text === '-' ? 2 : 1) && args.slice(args.length === 1 ? 0 : 1).find((a) => a.text.toUpperCase() === 'RETURN');
      if (ret) out.push(critical('`trap … RETURN` replaces the trap the Blast Radius bash guard uses to re-check itself after `source`', ret.span));
    }
    if ((cmd.program === 'setopt' || cmd.program === 'set') && cmd.args.some((a) => /^(prompt_?subst|promptsubst)$/i.test(a.text.replace(/^-o/, '')))) {
      out.push(high('`prompt_subst` makes zsh run the command substitutions of its prompt at every prompt, outside the Blast Radius guard\'s check', cmd.span));
    }
    return out;
  },
  examples: {
    match: [
      { cmd: 'PS0=', exactly: 'critical' },
      'unset PS0',
      'export PROMPT_COMMAND="eval \\"\\$(cat /tmp/c)\\""',
      'PROMPT_COMMAND+=("rm -f /tmp/x")',
      'declare -n p=PROMPT_COMMAND',
      'printf -v PS0 %s ""',
      'read -r PROMPT_COMMAND <<< true',
      "PS1='\\u@\\h $(cat ~/.cmd | sh) \\$ '",
      "PROMPT='%n $(rm -rf ~/tmp/x) %# '",
      "PS1='$(. ~/.cmd)'\"$PS1\"",
      'precmd_functions+=(my_hook)',
      'add-zsh-hook precmd my_hook',
      'preexec() { :; }',
      'TRAPDEBUG() { :; }',
      { cmd: 'function t --on-event fish_prompt; eval (cat /tmp/c); end', ctx: { shell: 'fish' } },
      { cmd: 'function t -v PWD; source ./.env.fish; end', ctx: { shell: 'fish' } },
      'command_not_found_handle() { eval "$1"; }',
      "trap 'echo back' RETURN",
      'setopt prompt_subst',
    ],
    nearMiss: [{ cmd: 'function t -d "a helper"; echo hi; end', ctx: { shell: 'fish' } }, 'echo $PROMPT_COMMAND', 'declare -p PS0', "PS1='\\u@\\h:\\w\\$ '", 'PS1="$(hostname) \\$ "', 'PS1="$(hostname) $PS1"', "trap 'rm -f $tmp' EXIT", 'my_precmd() { :; }', 'setopt extended_glob', 'export PATH=$HOME/bin:$PATH'],
  },
};

// ---------------------------------------------------------------------------------------------
// Key bindings and zle widgets

/** Key names and sequences for Enter (Return, Ctrl-M, Ctrl-J). */
const ENTER = /^(\\C-m|\\C-j|\\r|\\n|\\x0d|\\x0a|\^M|\^J|\\e\[13u|RET|RETURN|Return|Newline|NEWLINE|LFD|enter)$/i;
const ENTER_IN_SPEC = /^\s*"?(\\C-[mMjJ]|\\r|\\n|RET|RETURN|Return|Newline|LFD)"?\s*:/;

const keyBindings: Rule = {
  id: 'evasion.key-bindings',
  description: 'Key bindings that run commands outside the guard or take Enter from it: bash `bind -x` and Enter bindings, zsh `zle -N`/`-A`/`-D` widgets and `bindkey` of Enter or strings, fish `bind`/`bind -e`.',
  programs: ['bind', 'bindkey', 'zle'],
  severity: 'critical',
  check(cmd, rc) {
    const t = cmd.args.map((a) => a.text);
    if (cmd.program === 'zle') {
      if (t.some((a) => /^-[NCDA]+$/.test(a))) return critical('`zle` defines or replaces a widget: a key bound to it runs code that the Blast Radius guard does not check', cmd.span);
      return undefined;
    }
    if (cmd.program === 'bindkey') {
      if (t.includes('-s')) return critical('`bindkey -s` makes a key type a command line of its choosing', cmd.span);
      if (t.some((a) => a === '-A' || a === '-N')) return critical('`bindkey -A`/`-N` swaps the key map the Blast Radius guard relies on for Enter', cmd.span);
      const enter = cmd.args.find((a) => ENTER.test(a.text) || ENTER.test(a.raw.replace(/^['"]|['"]$/g, '')));
      if (enter) return critical('`bindkey` changes what Enter does, which can skip the Blast Radius guard', enter.span);
      return undefined;
    }
    // bind
    const fish = rc.context.shell === 'fish';
    if (fish) {
      if (t.some((a) => a === '-e' || a === '--erase')) return critical('`bind -e` removes key bindings, including the Enter binding the Blast Radius guard runs in', cmd.span);
      const ops = positionals(cmd, ['-M', '--mode', '-m', '--sets-mode']);
      if (ops.length < 2) return undefined;
      const key = ops[0]!;
      if (ENTER.test(key.raw) || ENTER.test(key.text)) return critical('`bind` takes Enter away from the Blast Radius guard', key.span);
      return critical(`\`bind ${key.raw}\` runs commands from a key, outside the Blast Radius guard's check`, cmd.span);
    }
    if (t.includes('-x') || t.some((a) => /^-[a-zA-Z]*x/.test(a) && !a.startsWith('-X'))) return critical('`bind -x` runs a command from a key, outside the Blast Radius guard\'s check', cmd.span);
    const enter = cmd.args.find((a) => ENTER_IN_SPEC.test(a.text));
    if (enter) return critical('`bind` changes what Enter does, which can skip the Blast Radius guard', enter.span);
    const removed = cmd.args.find((a, i) => (t[i - 1] === '-r' && ENTER.test(a.text)) || (t[i - 1] === '-u' && a.text === 'accept-line'));
    if (removed) return critical('`bind` removes the Enter binding the Blast Radius guard relies on', removed.span);
    return undefined;
  },
  examples: {
    match: [
      { cmd: `bind -x '"\\C-x": eval "$READLINE_LINE"'`, exactly: 'critical' },
      `bind '"\\C-m": "\\C-e; true\\C-j"'`,
      "bind -r '\\C-m'",
      'zle -N accept-line my-accept',
      'zle -N my-widget',
      "bindkey '^M' my-widget",
      "bindkey -s '^X' 'rm -rf build\\n'",
      { cmd: "bind \\r 'commandline -f execute'", ctx: { shell: 'fish' } },
      { cmd: "bind \\cx 'eval (commandline)'", ctx: { shell: 'fish' } },
      { cmd: 'bind -e \\r', ctx: { shell: 'fish' } },
      { cmd: 'bind --erase --all', ctx: { shell: 'fish' } },
    ],
    nearMiss: ["bind '\"\\C-x\": \"git status\\n\"'", 'bind -p', 'bind -l', "bindkey '^R' history-incremental-search-backward", 'bindkey -e', 'zle -l', { cmd: 'bind', ctx: { shell: 'fish' } }, { cmd: 'bind \\r', ctx: { shell: 'fish' } }],
  },
};

// ---------------------------------------------------------------------------------------------
// Builtins and programs the guards use

/** Builtins and programs the shell guards call: shadowing or switching them off breaks a refusal. */
const GUARD_USED: ReadonlySet<string> = new Set([
  'builtin', 'command', 'source', '.', 'trap', 'kill', 'shopt', 'history', 'read', 'printf', 'print', 'exec', 'eval', 'declare', 'typeset',
  'local', 'unset', 'unfunction', 'return', 'enable', 'disable', 'set', 'setopt', 'unsetopt', 'emulate', 'zmodload', 'ztcp', 'zle', 'bindkey',
  'commandline', 'bind', 'functions', 'string', 'math', 'status', 'contains', 'test', 'count', 'exit', 'emit', 'bash', 'readonly', 'shift',
]);

/** Programs the guards start by name, looked up in PATH. */
const GUARD_PROGRAMS: ReadonlySet<string> = new Set(['bash', 'zsh', 'fish', 'kill']);

function basename(p: string): string {
  return p.replace(/\\/g, '/').replace(/\/+$/, '').split('/').pop() ?? p;
}

const builtins: Rule = {
  id: 'evasion.builtins',
  description: 'Switching off or shadowing what the guards call: `enable -n`, zsh `disable`/`zmodload -u`, functions or aliases named like `kill`, `builtin`, `command`, `trap`…, `hash -p`, and programs written under a name the guard runs (`bash`, `kill`).',
  programs: '*',
  severity: 'critical',
  check(cmd, rc) {
    const out: CommandRuleFinding[] = [];
    for (const t of touchedNames(cmd, rc)) {
      if ((t.kind === 'function' && t.how === 'a definition') || t.kind === 'alias') {
        if (GUARD_USED.has(t.name)) out.push(critical(`${t.kind === 'alias' ? 'an alias' : 'a function'} named \`${t.name}\` shadows a command the Blast Radius guard uses to stop refused lines`, t.span));
      }
    }
    const t = cmd.args.map((a) => a.text);
    switch (cmd.program) {
      case 'enable':
        if (t.some((a) => /^-[a-zA-Z]*[ndf]/.test(a))) out.push(critical('`enable -n`/`-d`/`-f` switches shell builtins off or replaces them; the Blast Radius guard needs them to stop a refused line', cmd.span));
        break;
      case 'disable':
        if (!t.some((a) => a === '-a' || a === '-s' || a === '-f') || positionals(cmd).some((w) => GUARD_USED.has(w.text) || INTERNAL.test(w.text))) out.push(critical('`disable` switches off zsh builtins or reserved words the Blast Radius guard relies on', cmd.span));
        break;
      case 'zmodload':
        if (t.some((a) => /^-[a-zA-Z]*u/.test(a)) || t.some((a) => /^-b?:?-?b?:/.test(a) || /^-[a-zA-Z]*F/.test(a))) out.push(critical('`zmodload -u`/`-F` unloads or trims the zsh modules the Blast Radius guard uses (zsh/net/tcp)', cmd.span));
        break;
      case 'hash': {
        const p = optionValues(cmd, '-p')[0];
        const name = positionals(cmd, ['-p'])[0];
        if (p && name && (GUARD_PROGRAMS.has(name.text) || GUARD_USED.has(name.text))) out.push(critical(`\`hash -p\` points \`${name.text}\` at \`${p.text}\`, a program the Blast Radius guard would then run`, cmd.span));
        break;
      }
      default:
        break;
    }
    // A program written under a name the guard runs (`cp /bin/true ~/bin/bash`, `ln -s … ./kill`).
    for (const w of [...writtenRedirects(cmd), ...(isDeleter(cmd) ? [] : writtenOperands(cmd))]) {
      if (GUARD_PROGRAMS.has(basename(w.text)) && !/^\/(usr\/)?(local\/)?s?bin\//.test(w.text)) {
        out.push(critical(`writes a program named \`${basename(w.text)}\`; earlier in PATH, the Blast Radius guard would run it instead of the real one`, w.span));
      }
    }
    return out;
  },
  examples: {
    match: [
      { cmd: 'enable -n kill', exactly: 'critical' },
      'enable -n builtin',
      'disable kill',
      'zmodload -u zsh/net/tcp',
      'kill() { :; }',
      'builtin() { :; }',
      'command() { "$@"; }',
      'alias kill=true',
      'alias builtin=:',
      'trap() { :; }',
      'hash -p /tmp/fake bash',
      'cp /bin/true ~/bin/bash',
      'ln -s /bin/true ./kill',
      'printf "#!/bin/sh\\nexit 0\\n" > ~/.local/bin/bash',
      { cmd: 'alias commandline true', ctx: { shell: 'fish' } },
    ],
    nearMiss: ['enable -a', 'enable kill', "alias ll='ls -l'", 'hash -r', 'cp /bin/ls /tmp/ls', 'mykill() { kill "$@"; }', 'zmodload zsh/datetime', 'cat ~/bin/bash-completion.sh', 'ls /usr/bin/bash'],
  },
};

// ---------------------------------------------------------------------------------------------
// Startup files and the variables that say where they are

/** Startup files the guards are loaded from or beside (bash, zsh, fish, readline). */
export function isStartupFile(text: string): boolean {
  const p = text.replace(/\\/g, '/');
  if (/(^|\/)\.(bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zshenv|zprofile|zlogin|zlogout|inputrc)$/.test(p)) return true;
  if (/(^|\/)fish\/(config\.fish|conf\.d(\/|$)|functions(\/|$))/.test(p)) return true;
  if (/^\/etc\/(bash\.bashrc|bashrc|profile|profile\.d(\/|$)|zsh(\/|$)|zshrc|zshenv|zprofile|zlogin|fish(\/|$)|inputrc)/.test(p)) return true;
  return false;
}

/** Full-screen editors: driven by a person at the keyboard. */
const INTERACTIVE_EDITORS: ReadonlySet<string> = new Set(['vi', 'vim', 'nvim', 'nano', 'emacs', 'code', 'micro', 'hx', 'kak']);

/** Variables that move where shells read their startup files (and so where the guard comes from). */
const STARTUP_VARIABLES: ReadonlySet<string> = new Set(['ZDOTDIR', 'BASH_ENV', 'XDG_DATA_DIRS']);

const startupFiles: Rule = {
  id: 'evasion.startup-files',
  description: 'Editing the shell startup files the guard is loaded from or beside (~/.bashrc, ~/.zshrc and the other zsh files, fish config.fish, conf.d and functions, ~/.inputrc, /etc), or moving them (ZDOTDIR, BASH_ENV, XDG_DATA_DIRS).',
  programs: '*',
  severity: 'critical',
  check(cmd, rc) {
    const out: CommandRuleFinding[] = [];
    for (const w of writtenRedirects(cmd)) {
      if (isStartupFile(w.text)) out.push(critical(`writing to \`${w.text}\` changes what every new shell runs before the Blast Radius guard is in place`, w.span, 'Edit shell startup files by hand, outside the agent.'));
    }
    // A person's editor on a startup file is everyday work; an agent writes them with tools that do not need a screen.
    for (const w of INTERACTIVE_EDITORS.has(cmd.program) ? [] : writtenOperands(cmd)) {
      if (isStartupFile(w.text)) out.push(critical(`${isDeleter(cmd) ? 'deleting' : `\`${cmd.program}\` on`} \`${w.text}\` changes what every new shell runs before the Blast Radius guard is in place`, w.span, 'Edit shell startup files by hand, outside the agent.'));
    }
    for (const t of touchedNames(cmd, rc)) {
      if (t.kind !== 'variable' || !STARTUP_VARIABLES.has(t.name)) continue;
      if (t.name === 'XDG_DATA_DIRS' && t.value && /\$\{?XDG_DATA_DIRS\b/.test(t.value.text)) continue; // adds a folder, keeps ours
      out.push(critical(`${t.how} of \`${t.name}\` changes where shells load their startup files from, so shells started from here may run without the Blast Radius guard`, t.span));
    }
    return out;
  },
  examples: {
    match: [
      { cmd: "echo 'trap - DEBUG' >> ~/.bashrc", exactly: 'critical' },
      'cat payload >> $HOME/.zshrc',
      "sed -i '/blast/d' ~/.zshenv",
      'cp /tmp/x ~/.config/fish/conf.d/zz.fish',
      'tee ~/.config/fish/functions/fish_prompt.fish < /tmp/p',
      'rm ~/.inputrc',
      'export ZDOTDIR=/tmp/z',
      'BASH_ENV=/tmp/x bash -c ls',
      'export XDG_DATA_DIRS=/usr/share',
      'unset BASH_ENV',
    ],
    nearMiss: ['cat ~/.bashrc', 'vim ~/.bashrc', 'grep alias ~/.zshrc', 'cp ~/.bashrc /tmp/bashrc.bak', 'source ~/.bashrc', 'export XDG_DATA_DIRS="$HOME/.local/share:$XDG_DATA_DIRS"', 'echo hi > notes/profile.md', 'ENV=production npm start'],
  },
};

// ---------------------------------------------------------------------------------------------
// Sessions the guard is not in

/** The same, for a whole script file: calls only (a file may name node-pty or pexpect in a comment or a build list). */
const PTY_CALL_IN_FILE = /\bpty\s*\.\s*(spawn|fork|openpty)\s*\(|\bos\s*\.\s*(openpty|forkpty|login_tty)\s*\(|\bpexpect\s*\.\s*(spawn|run)\b|\bPTY\s*\.\s*(spawn|open)\b|\bIO::Pty\s*->|\bforkpty\s*\(|\bopenpty\s*\(/;
const PTY_CALL = /\bpty\s*\.\s*(spawn|fork|openpty)\b|\bos\s*\.\s*(openpty|forkpty|login_tty)\b|\bpexpect\b|\bPTY\s*\.\s*(spawn|open)\b|\bIO::Pty\b|\bnode-pty\b|\bforkpty\b|\bopenpty\b/;
const LOCALHOST = /^(.*@)?(localhost|127\.0\.0\.1|::1|\[::1\])$/;

const unguardedSession: Rule = {
  id: 'evasion.unguarded-session',
  description: 'Starting a terminal or session the guard is not in: `script`, new tmux sessions, windows and panes, `tmux send-keys`, `screen`, `expect`, pty spawns from interpreters, root shells (`sudo -i/-s`, `su`), `ssh localhost`, `systemd-run --shell`, shells served over a socket.',
  programs: ['script', 'tmux', 'screen', 'expect', 'sudo', 'su', 'ssh', 'systemd-run', 'socat', 'nc', 'ncat', 'netcat', 'python', 'python3', 'python2', 'perl', 'ruby', 'node', 'nodejs'],
  severity: 'high',
  check(cmd) {
    const why = 'the Blast Radius guard cannot see what runs in it';
    const t = cmd.args.map((a) => a.text);
    switch (cmd.program) {
      case 'script':
        return high(`\`script\` starts a new terminal session; ${why}`, cmd.span, 'Run the command directly in this terminal.');
      case 'tmux': {
        const sub = positionals(cmd, ['-f', '-L', '-S', '-T'])[0];
        if (!sub) return high(`\`tmux\` starts a new session; ${why}`, cmd.span, 'Attach to an existing session instead, or run the command here.');
        if (TMUX_SPAWNING.has(sub.text)) return high(`\`tmux ${sub.text}\` starts a shell or command in a new session, window or pane; ${why}`, cmd.span);
        if (sub.text === 'send-keys' || sub.text === 'send') return high(`\`tmux ${sub.text}\` types into another terminal; ${why}`, cmd.span);
        return undefined;
      }
      case 'screen':
        if (t.some((a) => /^-(r|R|x|ls|list|wipe|Q)$/.test(a)) && !t.includes('-X')) return undefined;
        return high(`\`screen\` ${t.includes('-X') ? 'sends input to a screen session' : 'starts a new session'}; ${why}`, cmd.span);
      case 'expect':
        return high(`\`expect\` drives programs in terminals of its own; ${why}`, cmd.span);
      case 'sudo': {
        // sudo's own options come before the command it runs
        const own = t.slice(0, Math.max(0, t.findIndex((a) => !a.startsWith('-')))).concat(t.every((a) => a.startsWith('-')) ? t : []);
        if (own.some((a) => (/^-[a-zA-Z]*[is]/.test(a) && !a.startsWith('--')) || a === '--login' || a === '--shell')) return high(`\`sudo -i\`/\`-s\` starts a root shell; ${why}`, cmd.span);
        return undefined;
      }
      case 'su':
        if (t.some((a) => a === '-c' || a === '--command' || a.startsWith('--command='))) return undefined;
        return high(`\`su\` starts a shell as another user; ${why}`, cmd.span);
      case 'ssh': {
        const ops = positionals(cmd, ['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B', '-P']);
        if (ops.length === 1 && LOCALHOST.test(ops[0]!.text)) return high(`\`ssh ${ops[0]!.text}\` starts a shell on this machine; ${why}`, cmd.span);
        return undefined;
      }
      case 'systemd-run':
        if (t.some((a) => a === '--shell' || a === '-S' || a === '--pty' || /^-[a-zA-Z]*t$/.test(a))) return high(`\`systemd-run\` with a terminal starts a session of its own; ${why}`, cmd.span);
        return undefined;
      case 'socat':
        if (t.some((a) => /exec:|system:/i.test(a) && /(^|[/:'" ])(ba|z|da|fi)?sh\b/.test(a))) return high(`\`socat\` serves a shell over a connection; ${why}`, cmd.span);
        return undefined;
      case 'nc':
      case 'ncat':
      case 'netcat':
        if (t.some((a) => a === '-e' || a === '-c' || a === '--exec' || a === '--sh-exec' || a === '--lua-exec')) return high(`\`${cmd.program}\` runs a program for a network peer; ${why}`, cmd.span);
        return undefined;
      default:
        if (cmd.inline && (cmd.inline.from === 'file' ? PTY_CALL_IN_FILE : PTY_CALL).test(cmd.inline.code)) return high(`${cmd.program} code starts a program in a terminal of its own (a pty); ${why}`, cmd.inline.span);
        return undefined;
    }
  },
  examples: {
    match: [
      { cmd: 'script -q /dev/null', exactly: 'high' },
      'tmux',
      'tmux new -s work',
      "tmux new-window 'bash -i'",
      'tmux split-window',
      "tmux send-keys -t 0 'rm -rf build' Enter",
      'screen -dmS x bash',
      "expect -c 'spawn bash; interact'",
      `python3 -c 'import pty; pty.spawn("/bin/sh")'`,
      'sudo -i',
      'su',
      'ssh localhost',
      'systemd-run --user --shell',
      'socat TCP-LISTEN:4444 EXEC:/bin/bash',
      'nc -l -p 4444 -e /bin/sh',
    ],
    nearMiss: ['tmux attach', 'tmux a -t work', 'tmux ls', 'tmux kill-session -t x', 'screen -r', 'screen -ls', 'sudo apt update', "sudo sed -i 's/a/b/' /etc/hosts", 'su -c "id" deploy', 'ssh build-1 uptime', 'ssh build-1', 'python3 -c "print(1)"', 'nc -zv localhost 5432'],
  },
};

// ---------------------------------------------------------------------------------------------
// Work handed to a later moment

/** A script a command runs, when it runs one: `./x.sh`, `bash x.sh`, `sh -e x.sh`. */
function scriptRun(cmd: SimpleCommand): Word | undefined {
  if (/\.(sh|bash|zsh|ksh|fish)$/.test(cmd.program) && cmd.name) return cmd.name;
  if (['bash', 'sh', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'mksh'].includes(cmd.program) && !cmd.inline && !cmd.stdin) {
    return positionals(cmd, ['-o', '+o', '-O', '+O', '--rcfile', '--init-file'])[0];
  }
  return undefined;
}

function isBackground(cmd: SimpleCommand, line: ParsedLine): boolean {
  if (cmd.nesting.includes('background')) return true;
  const next = line.commands[cmd.index + 1];
  return !!next && next.program === 'disown' && next.via.length === cmd.via.length;
}

/** The trap's body is code that cannot be read now (a variable, a command substitution, a file it sources). */
function unreadableTrapBody(cmd: SimpleCommand, rc: RuleContext): boolean {
  const body = cmd.args.filter((a) => a.text !== '--')[0];
  if (!body || body.text === '-' || body.text === '') return false;
  if (body.dynamic) return true;
  return rc.line.commands.some((c) => c.via.length > 0 && c.via[c.via.length - 1]!.span === cmd.span && c.via[c.via.length - 1]!.program === 'trap' && (c.dynamicName || c.program === 'source' || c.program === '.' || c.program === 'eval' || !!scriptRun(c)));
}

const deferred: Rule = {
  id: 'evasion.deferred',
  description: 'Work handed to a later moment, outside the guard, when what it will run cannot be read: crontab from a file or an editor, at/batch without readable input, systemd-run timers, detached or background scripts (nohup, setsid, &, disown), trap bodies built at run time.',
  programs: '*',
  severity: 'high',
  check(cmd, rc) {
    const later = 'runs later, outside the Blast Radius guard, and what it will run cannot be read now';
    const t = cmd.args.map((a) => a.text);
    switch (cmd.program) {
      case 'crontab': {
        if (t.some((a) => /^-[a-z]*[lr]/.test(a))) return undefined; // list; removal is system.crontab-remove
        if (t.includes('-e')) return high(`\`crontab -e\` edits scheduled jobs in an editor; each job ${later}`, cmd.span, 'Write the job to a file, review it, then install it with crontab FILE by hand.');
        const file = positionals(cmd, ['-u'])[0];
        if (file && file.text !== '-') return high(`\`crontab ${file.raw}\` installs scheduled jobs from a file; each job ${later}`, cmd.span);
        if (!cmd.stdin || cmd.stdin.dynamic) return high(`\`crontab\` installs scheduled jobs from its input; each job ${later}`, cmd.span);
        return undefined;
      }
      case 'at':
      case 'batch':
        if (t.some((a) => a === '-l' || a === '-r' || a === '-d' || a === '-c') || cmd.program === 'at' && t.length === 0) return undefined;
        if (t.includes('-f') || !cmd.stdin || cmd.stdin.dynamic) return high(`\`${cmd.program}\` schedules commands read from ${t.includes('-f') ? 'a file' : 'its input'}; that ${later}`, cmd.span);
        return undefined;
      case 'trap':
        if (unreadableTrapBody(cmd, rc)) return high(`\`trap\` sets code that ${later}`, cmd.span, 'Write the trap body out literally so it can be checked.');
        return undefined;
      default:
        break;
    }
    // A script started in the background, detached from this terminal, or as a transient unit.
    const script = scriptRun(cmd);
    if (!script) return undefined;
    const detached = cmd.via.find((v) => v.program === 'nohup' || v.program === 'setsid' || v.program === 'systemd-run' || v.program === 'screen' || v.program === 'tmux' || v.program === 'at');
    if (detached || isBackground(cmd, rc.line)) {
      return high(`the script \`${script.raw}\` ${detached ? `is started with \`${detached.program}\`` : 'is started in the background'}; it ${later}`, script.span, 'Run the script in the foreground, or run the commands it contains directly.');
    }
    return undefined;
  },
  examples: {
    match: [
      { cmd: 'crontab /tmp/jobs', exactly: 'high' },
      'crontab -e',
      'at now + 1 minute -f /tmp/job.sh',
      'echo "$CMD" | at now',
      "trap \"$CLEANUP\" EXIT",
      "trap 'eval \"$(cat /tmp/c)\"' ERR",
      "trap '. /tmp/on-exit.sh' EXIT",
      'nohup ./sync.sh &',
      'setsid bash /tmp/x.sh',
      './deploy.sh & disown',
      'systemd-run --user --on-active=60 /tmp/x.sh',
      'nohup sh -c ./run.sh &',
    ],
    nearMiss: ['crontab -l', "echo '0 3 * * * /usr/bin/backup' | crontab -", "at now + 5 minutes <<< 'echo hi'", "trap 'rm -f $tmp' EXIT", 'trap - EXIT', 'nohup npm start &', 'bash script.sh', './build.sh', 'sleep 10 &', 'atq'],
  },
};

// ---------------------------------------------------------------------------------------------
// Guard, hook and startup files written by interpreter code or through a hard link

/** Calls that write, move or remove files in inline interpreter code. */
const WRITE_CALL = /\bopen\s*\([^,)]*,\s*(mode\s*=\s*)?['"][rbt]*[wax+]|\.write_(text|bytes)\s*\(|\b(writeFileSync|writeFile|appendFileSync|appendFile|copyFileSync|copyFile|renameSync|rename|symlinkSync|symlink|linkSync|unlinkSync|unlink|rmSync|truncateSync|createWriteStream|cpSync|outputFile)\s*\(|\bshutil\s*\.\s*(copy\w*|move)\s*\(|\bos\s*\.\s*(remove|unlink|rename|replace|symlink|link|truncate)\s*\(|\bFile\s*\.\s*(write|open|delete|rename|symlink)\b|\bFileUtils\s*\.|\bIO\s*\.\s*write\b|\bfile_put_contents\s*\(|\bfopen\s*\([^)]*['"][wax]|\bunlink\b|\brename\b|\bsymlink\b|open\s*\(?\s*(my\s+)?\$?\w+\s*,\s*['"]?\+?(>|>>)|\bprint\s*\(?\s*[^,]*>>\s*/;
/** String literals in code. */
const LITERAL = /(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g;

function protectedKind(text: string): 'own' | 'hooks' | 'startup' | 'pages' | undefined {
  const k = guardFile(text);
  if (k === 'own' || k === 'hooks' || k === 'pages') return k;
  if (k === 'record') return undefined; // guard.review-record-write
  return isStartupFile(text) ? 'startup' : undefined;
}

function protectedFinding(kind: 'own' | 'hooks' | 'startup' | 'pages', what: string, span: Span): CommandRuleFinding {
  if (kind === 'pages') return critical(`${what} ${PAGE_WRITE}`, span, PAGE_WRITE_SUGGESTION);
  if (kind === 'hooks') return high(`${what} can remove the hook that makes the agent ask Blast Radius first`, span, 'Edit agent hook settings by hand, outside the agent.');
  if (kind === 'startup') return critical(`${what} changes what every new shell runs before the Blast Radius guard is in place`, span, 'Edit shell startup files by hand, outside the agent.');
  return critical(`${what}, a Blast Radius file (policy, runtime record, guard script), switches off or loosens the guard`, span);
}

const fileWrites: Rule = {
  id: 'evasion.guard-file-writes',
  description: 'Interpreter code (python -c, node -e, perl -e, ruby -e, php -r, or a script fed on stdin) that writes Blast Radius files, its runtime records, agent hook settings or shell startup files; hard links that let them be written under another name.',
  programs: ['python', 'python3', 'python2', 'pypy', 'pypy3', 'node', 'nodejs', 'bun', 'deno', 'perl', 'ruby', 'php', 'ln'],
  severity: 'critical',
  check(cmd) {
    if (cmd.program === 'ln') {
      if (hasFlag(cmd, '-s', '--symbolic')) return undefined;
      const ops = positionals(cmd, ['-t', '--target-directory', '-S', '--suffix']);
      const out: CommandRuleFinding[] = [];
      for (const w of ops.slice(0, -1)) {
        const kind = protectedKind(w.text);
        if (kind) out.push(protectedFinding(kind, `a hard link to \`${w.text}\` lets it be written under another name, which`, w.span));
      }
      return out;
    }
    // a script file read whole (scripts.*) is judged by what its code does, not by this scan of
    // its text (comments and unrelated strings of a long file would match)
    if (cmd.inline?.from === 'file') return undefined;
    const code = cmd.inline?.code ?? (cmd.stdin && positionals(cmd).every((w) => w.text === '-') ? cmd.stdin.text : undefined);
    if (code === undefined || !WRITE_CALL.test(code)) return undefined;
    const span = cmd.inline?.span ?? cmd.stdin?.span ?? cmd.span;
    const out: CommandRuleFinding[] = [];
    LITERAL.lastIndex = 0;
    for (const m of code.matchAll(LITERAL)) {
      const kind = protectedKind(m[2]!);
      if (kind) out.push(protectedFinding(kind, `${cmd.program} code writing \`${m[2]}\``, span));
    }
    return out.slice(0, 3);
  },
  examples: {
    match: [
      { cmd: `python3 -c "open('/run/user/1000/blast-radius/hook-judge-1.json','w').write('{}')"`, exactly: 'critical' },
      `node -e "require('fs').writeFileSync('.claude/settings.json', '{}')"`,
      `python3 -c "import pathlib; pathlib.Path('.codex/hooks.json').write_text('{}')"`,
      `perl -e 'open(my $f, ">>", "$ENV{HOME}/.bashrc"); print $f "trap - DEBUG\\n"'`,
      `ruby -e 'File.write(".cursor/hooks.json", "{}")'`,
      `python3 - <<'EOF'\nimport os\nos.remove('.github/hooks/blast-radius.json')\nEOF`,
      'ln .claude/settings.local.json /tmp/s.json',
      { cmd: `python3 -c "open('/usr/local/share/man/man8/dirctl.8','w').write('.TH X 8')"`, exactly: 'critical' },
    ],
    nearMiss: [`python3 -c "print(open('/usr/share/man/man8/dirctl.8').read())"`, `python3 -c "print(open('.claude/settings.json').read())"`, `node -e "require('fs').writeFileSync('out.json', '{}')"`, 'ln -s ~/.bashrc /tmp/b', 'ln build/app /tmp/app', `python3 -c "import json; json.load(open('.blast-radius.json'))"`],
  },
};

export const evasionPack: RulePack = {
  name: 'evasion',
  description: 'Ways around the terminal guard and the agent hooks: their own names, the shell hooks, key bindings, builtins, startup files, unguarded sessions, deferred work, guard files written by interpreters.',
  rules: [internals, promptHooks, keyBindings, builtins, startupFiles, unguardedSession, deferred, fileWrites],
};
