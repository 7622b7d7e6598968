# Blast Radius terminal guard for interactive bash (4.4 or later).
#
# The extension prepends `builtin source '<this file>';` to PROMPT_COMMAND, so bash runs this
# file before every prompt. The first run installs the guard; later runs check that it is still
# intact (re-installing whatever part was replaced) and reset per-line state.
#
# How a line is checked (docs/guard.md has the full story):
# - PS0 is expanded right after bash reads a command line and before it runs it. A side-effect-
#   only arithmetic expansion prepended to PS0 "arms" the guard and counts lines; it prints
#   nothing and forks nothing.
# - A DEBUG trap runs before every simple command. With `extdebug`, it also runs inside
#   functions, subshells and command substitutions, and a non-zero status skips the command.
#   The first trap of an armed line reads the whole line as typed (from history; the guard keeps
#   every line recorded and removes, at the next prompt, the entries the person's HISTCONTROL or
#   HISTIGNORE would not have kept) and asks the editor once.
# - A refused line is abandoned as a whole, exactly as Ctrl-C abandons it: the guard sends
#   SIGINT to its own shell (or subshell), so none of the line's parts run; until the next prompt
#   the trap also skips every command, so a refusal holds when `kill` was switched off.
# - The DEBUG trap that was there before (VS Code's shell integration, bash-preexec, the
#   person's own) is chained, and called only where it would have run without `extdebug`.
#
# Tamper resistance (docs/security.md): the guard's functions are read-only; the trap's text has
# no reserved words and calls its functions with escaped names, so no alias can bend it; a line
# that started without PS0 arming the guard is noticed by its history number; commands that run
# outside a checked line (key bindings, prompt substitutions) are checked one by one, except the
# code written in the prompt hooks themselves; at each prompt and each line the guard checks that
# it is intact — its trap, PS0, PROMPT_COMMAND, the builtins it calls (not shadowed by functions
# or aliases, not disabled) and its variables (no read-only or reference attributes) — and if
# not, refuses the next line, says "guard tampered" and puts itself back. What it cannot put back
# (a read-only PS0, a read-only function named `kill`) locks the terminal: every line is refused.
#
# Everything here is bash builtins: nothing forks on the way to running an allowed line. The
# trap's common path is two arithmetic commands; `$_` is left as it was.

__br_st=$?
# (the history number check of the trap waits until the prompt has the new number, and the
# "outside a line" checks wait too: this is the guard's own code)
{ ((__br_out = 0, __br_lasth = -1, __br_tick = 0)); } 2>/dev/null
# Every prompt: if the guard is installed and intact, do the per-prompt bookkeeping only.
# (The DEBUG trap runs before the test below and sets __br_tick, if it is still ours.)
if [[ $- == *i* && ${__br_v-} == 2 && $__br_tick == 1 && ${PS0-} == *"$__br_ps0"* ]] && \builtin shopt -q extdebug && \__br_intact quick; then
  \__br_prompt
  ((__br_clean = 1, __br_out = 1))
  \builtin return $__br_st
fi
[[ $- == *i* ]] || \builtin return $__br_st 2>/dev/null

# ---------------------------------------------------------------------------------------------
# Install (first prompt), or re-install after a part was removed.

# Aliases would rewrite the functions below while bash reads them.
__br_ea=0
\builtin shopt -q expand_aliases && __br_ea=1
\builtin shopt -u expand_aliases

# The functions are defined once and made read-only: a later run finds them in place.
if ! \builtin declare -F __br_debug >/dev/null 2>&1; then
__br_self=${BASH_SOURCE[0]}
if ! builtin source "${__br_self%/*}/bash-common.sh"; then
  ((__br_ea)) && builtin shopt -s expand_aliases
  builtin return $__br_st
fi

# Constants (read-only below): the version, the hook, the PS0 prefix, the names it checks.
__br_v=2
# The hook as the extension writes it into PROMPT_COMMAND.
__br_pc="builtin source '${__br_self//\'/\'\\\'\'}';"
# Prepended to PS0: arms the guard, counts command lines, ends "outside a line" (prints nothing, forks nothing).
__br_ps0='${__br_nil[(__br_armed=1)+(__br_seq+=1)+(__br_out=0)+(__br_refusing=0)]-}'
__br_armed=0 __br_partial=0 __br_out=0 __br_refusing=0 __br_skip=0 __br_lasth=-1 __br_cr=0 __br_clean=0

# Builtins the guard calls: a function or alias of the same name, or a disabled builtin, is tampering.
__br_used='builtin command source . trap kill shopt history read printf exec eval declare local unset return enable set readonly compgen alias unalias bind'
# Reserved words the trap and this file use: an alias of one would change how bash reads them.
__br_words='if then else elif fi case esac for while until do done in function select time { } [[ ]] ! :'
# The guard's own variables (besides its constants): none may be read-only or a reference.
__br_vars='__br_clean __br_more __br_armed __br_partial __br_out __br_refusing __br_skip __br_tick __br_lasth __br_seq __br_hc __br_hfile __br_text __br_text_ok __br_hn __br_l __br_cr __br_ued __br_tampered __br_prev __br_trap __br_nil __br_fnames __br_names __br_verdict __br_reason __br_why __br_fd __br_e __br_st __br_ea __br_installed __br_anchored __br_hemul __br_hc_eff __br_hi_eff __br_hc_user __br_hi_user __br_last_entry __br_int_saved __br_offline_said __br_destructive_patterns PS0 PROMPT_COMMAND HISTCMD HISTCONTROL HISTIGNORE BLAST_RADIUS_GUARD_PORT BLAST_RADIUS_GUARD_TOKEN BLAST_RADIUS_GUARD_TIMEOUT BLAST_RADIUS_OFFLINE'
# In the sandbox (`blast-radius sandbox`, docs/security.md) nothing else rewrites the hooks (no
# editor integration wraps them), so the guard makes PS0 and PROMPT_COMMAND read-only once it is
# in them: a line that empties every hook at once leaves PROMPT_COMMAND to put the trap back.
__br_sandbox=0
[[ ${BLAST_RADIUS_SANDBOX-} == 1 ]] && __br_sandbox=1
# One test each for the variables and the aliases (the prompt runs them; the loops below only
# when one finds something).
__br_vars_test='[[ '
for __br_f in $__br_vars; do __br_vars_test+="-R $__br_f || "; done
__br_vars_test+='"'
for __br_f in $__br_vars; do
  case $__br_f in
    PROMPT_COMMAND | BLAST_RADIUS_* | HIST* | __br_destructive_patterns | __br_names) ;;
    PS0) ((__br_sandbox)) || __br_vars_test+="\${$__br_f@a}" ;;
    *) __br_vars_test+="\${$__br_f@a}" ;;
  esac
done
__br_vars_test+='" == *[rniaA]* || "'
for __br_f in $__br_vars; do
  case $__br_f in
    PROMPT_COMMAND) ((__br_sandbox)) || __br_vars_test+="\${$__br_f@a}" ;;
    BLAST_RADIUS_* | HIST* | __br_destructive_patterns | __br_names) __br_vars_test+="\${$__br_f@a}" ;;
  esac
done
__br_vars_test+='" == *[rn]*'
# (in the sandbox, the two hooks it locked itself: only a reference or an array is wrong)
((__br_sandbox)) && __br_vars_test+=' || "${PS0@a}" == *[niaA]* || "${PROMPT_COMMAND@a}" == *n*'
__br_vars_test+=' ]]'
__br_alias_test='[[ -n "'
builtin set -f
for __br_f in $__br_used $__br_words; do __br_alias_test+="\${BASH_ALIASES[\"$__br_f\"]+x}"; done
builtin set +f
__br_alias_test+='" || " ${!BASH_ALIASES[*]} " == *" __br_"* ]]'
builtin unset __br_f
builtin readonly __br_v __br_self __br_pc __br_ps0 __br_used __br_words __br_vars __br_vars_test __br_alias_test __br_sandbox

# A note on assignments: a plain `x=…` to a variable someone made read-only aborts the whole
# command line in bash, which inside the DEBUG trap would let the command run unchecked. On the
# trap's path, before __br_intact has checked the variables, the guard assigns only in forms
# that fail without aborting (arithmetic, `printf -v`, `local`, builtins).

# Keeps `$_` for the person's command: called as `__br_save "$_"`, so `$_` is unchanged after.
__br_save() { builtin printf -v __br_l %s "$1"; }

# Reads the newest history entry into __br_text and its number into __br_hn; with `check`, also
# what __br_intact_more looks at (functions named like builtins the guard needs, disabled
# builtins) into __br_more, through the same file.
__br_read_entry() {
  [[ -n ${__br_hfile-} ]] || return 1
  if [[ ${1-} == check ]]; then
    { HISTTIMEFORMAT= builtin history 1 && builtin printf '\0' && { builtin declare -F builtin : command; builtin enable -n; }; } >|"$__br_hfile" 2>/dev/null || return 1
  else
    { HISTTIMEFORMAT= builtin history 1 >|"$__br_hfile"; } 2>/dev/null || return 1
  fi
  local t= more=
  { IFS= builtin read -r -d '' t; IFS= builtin read -r -d '' more; } <"$__br_hfile"
  builtin printf -v __br_more %s "$more"
  t=${t#"${t%%[![:space:]]*}"}
  builtin printf -v __br_hn %s "${t%%[!0-9]*}"
  [[ -n $__br_hn && $__br_hn == "${t%%[!0-9]*}" ]] || return 1
  t=${t#"$__br_hn"}
  t=${t#[ *]}
  t=${t# }
  builtin printf -v __br_text %s "${t%$'\n'}"
  [[ $__br_text == "${t%$'\n'}" ]]
}

# Reads the line being run into __br_text; fails when history does not hold it.
__br_read_line() {
  [[ -o history ]] && __br_read_entry check || return 1
  ((__br_hn >= __br_hc)) && return 0
  # Not a new entry: with ignoredups/erasedups that means the line repeats the last one.
  [[ ${HISTCONTROL-} == *ignoredups* || ${HISTCONTROL-} == *ignoreboth* || ${HISTCONTROL-} == *erasedups* ]]
}

# The command is written in one of the shell's prompt hooks (it was judged when it was set).
__br_in_hooks() {
  [[ ${PROMPT_COMMAND[*]-} == *"$1"* || ${__vsc_original_prompt_command[*]-} == *"$1"* || ${PS1-} == *"$1"* || ${PS2-} == *"$1"* || ${PS0-} == *"$1"* || ${PS4-} == *"$1"* ]]
}

# Runs from the DEBUG trap when the guard is armed (the first simple command of a line), in
# partial mode (every top-level command of the line), outside a line (prompt code, key bindings,
# prompt substitutions), while a refused line unwinds, or when a line began without PS0 arming
# the guard. Called as `__br_debug "$_"`. A refused command sets __br_skip.
__br_debug() {
  [[ ${FUNCNAME[1]-} == __br_* ]] && return 0
  local text flags=- f
  if ((__br_refusing)); then
    # A refused line: nothing more of it runs (also when `kill` was switched off).
    [[ $BASH_COMMAND == *bash-guard.sh* || ${BASH_SOURCE[1]-} == *bash-guard.sh ]] && return 0
    ((__br_skip = 1))
    return 1
  fi
  if ((!__br_armed && !__br_partial)); then
    # Only top-level commands (or sourced files'), not the guard's own, not the prompt hooks' code.
    for f in "${FUNCNAME[@]:1}"; do [[ $f == source ]] || return 0; done
    [[ $BASH_COMMAND == *bash-guard.sh* || ${BASH_SOURCE[1]-} == *bash-guard.sh ]] && return 0
    if [[ -z ${READLINE_LINE+x} && $BASHPID == "$$" ]] && __br_in_hooks "$BASH_COMMAND"; then
      return 0
    fi
    if [[ -z ${READLINE_LINE+x} && $BASHPID == "$$" ]] && ((__br_lasth >= 0 && HISTCMD != __br_lasth)); then
      # A new line began and PS0 did not arm the guard: someone removed it.
      __br_note_tamper ps0
      ((__br_armed = 1))
    elif ((__br_out)); then
      # Outside a line: a key binding (bind -x), a prompt substitution, a trap. Each command on its own.
      __br_intact
      if (($? == 2)); then
        __br_refuse
        return 1
      fi
      __br_check partial "$BASH_COMMAND"
      return
    else
      return 0
    fi
  fi
  if ((__br_armed)); then
    ((__br_armed = 0))
    # Before reading or assigning anything: its variables and the builtins it reads with must be
    # its own. Locked (it cannot put itself back): this line is refused too.
    # (the prompt before this line checked already, unless it did not run: then check here)
    if ((!__br_clean || __br_lasth != HISTCMD)); then
      __br_intact quick
      if (($? == 2)); then
        __br_refuse
        return 1
      fi
    fi
    ((__br_clean = 0))
    ((__br_lasth = ${HISTCMD:--1}, __br_text_ok = 0))
    [[ -o history ]] || ((__br_lasth = -1))
    if __br_read_line; then
      ((__br_text_ok = 1))
      text=$__br_text
      __br_intact_more "$__br_more"
      if (($? == 2)); then
        __br_refuse
        return 1
      fi
      # A line that ran no simple command (it only defined functions) leaves the first command
      # of PROMPT_COMMAND to arrive here: judge the definitions now, by their bodies.
      if [[ -n $BASH_COMMAND && ${PROMPT_COMMAND[*]-} == *"$BASH_COMMAND"* && $text != *"$BASH_COMMAND"* ]]; then
        __br_check_definitions "$text"
        return 0
      fi
    else
      # History does not hold the line (history off, HISTSIZE=0, no private directory):
      # check each top-level command of this line on its own instead.
      ((__br_partial = 1))
    fi
  fi
  if ((__br_partial)); then
    [[ ${FUNCNAME[1]-source} == source ]] || return 0
    if [[ ${PROMPT_COMMAND[*]-} == *"$BASH_COMMAND"* ]]; then
      ((__br_partial = 0))
      # With history off, a line that defined functions is judged by their bodies.
      __br_check_new_functions
      return 0
    fi
    text=$BASH_COMMAND
    flags=partial
  fi
  __br_heal
  __br_check "$flags" "$text"
}

# Asks about one line; refuses it (abandoning the whole line) unless allowed. A line after the
# guard found itself tampered with is refused whatever the answer (the editor is told).
__br_check() {
  local flags=$1 what=${__br_tampered-} st
  if [[ -n $what ]]; then
    builtin printf -v __br_tampered %s ''
    if [[ $flags == - ]]; then flags=tampered=$what; else flags+=,tampered=$what; fi
    __br_ask bash "$$" "${__br_seq:-0}" "$flags" "$2"
    __br_say "guard tampered (${what//./, }): this line is refused; the guard has been put back"
    __br_refuse
    return 1
  fi
  __br_ask bash "$$" "${__br_seq:-0}" "$flags" "$2"
  st=$?
  if ((st == 2)); then
    __br_offline "$2"
    st=$?
  else
    ((__br_offline_said = 0))
  fi
  if ((st == 0)); then
    [[ -z $__br_reason ]] || __br_say "$__br_reason"
    return 0
  fi
  [[ -z $__br_reason ]] || __br_say "refused: $__br_reason"
  __br_refuse
  return 1
}

# Abandons the line being run, the way Ctrl-C does. An INT trap of the person's is set aside
# for this and put back at the next prompt. When the shell's `kill` does not work (disabled or
# shadowed), the trap skips every command until the next line instead.
__br_refuse() {
  local t
  t=$(builtin trap -p INT)
  if [[ -n $t ]]; then
    builtin printf -v __br_int_saved %s "$t"
    builtin trap - INT
  fi
  # Outside a line, in a subshell (a prompt substitution): end the subshell, the prompt goes on.
  ((__br_out && BASHPID != $$)) && builtin exit 126
  builtin kill -INT "$BASHPID" 2>/dev/null && return 0
  # `kill` is switched off or shadowed: skip every command of the line instead, and try the program.
  ((__br_skip = 1, __br_refusing = 1))
  command -p kill -INT "$BASHPID" 2>/dev/null || /bin/kill -INT "$BASHPID" 2>/dev/null
  return 0
}

# Function names a line defines (`name()`, `function name`).
__br_defined_names() {
  local rest=$1 re='(^|[^[:alnum:]_])(function[[:space:]]+([^[:space:]();&|<>]+)|([^[:space:]();&|<>=]+)[[:space:]]*\(\))'
  __br_names=()
  while [[ $rest =~ $re ]]; do
    __br_names+=("${BASH_REMATCH[3]:-${BASH_REMATCH[4]}}")
    rest=${rest#*"${BASH_REMATCH[0]}"}
  done
}

# A line that only defined functions (they exist already): judged by their bodies; refused
# definitions are removed again.
__br_check_definitions() {
  local st n
  __br_ask bash "$$" "${__br_seq:-0}" - "$1"
  st=$?
  if ((st == 2)); then
    __br_offline "$1"
    st=$?
  fi
  ((st == 0)) && return 0
  __br_defined_names "$1"
  for n in "${__br_names[@]}"; do
    [[ $n == __br_* ]] || builtin unset -f "$n" 2>/dev/null
  done
  __br_say "refused: ${__br_reason:-not allowed by the guard}${__br_names[0]+ (removed: ${__br_names[*]})}"
}

# History off: the functions that appeared since the last prompt, each judged by its body.
__br_check_new_functions() {
  [[ -n ${__br_hfile-} ]] || return 0
  local names n body st
  { builtin compgen -A function >|"$__br_hfile"; } 2>/dev/null || return 0
  IFS= builtin read -r -d '' names <"$__br_hfile"
  for n in $names; do
    [[ $'\n'${__br_fnames-}$'\n' == *$'\n'"$n"$'\n'* || $n == __br_* ]] && continue
    { builtin declare -f "$n" >|"$__br_hfile"; } 2>/dev/null
    body=
    IFS= builtin read -r -d '' body <"$__br_hfile"
    __br_ask bash "$$" "${__br_seq:-0}" partial "$body"
    st=$?
    if ((st == 2)); then
      __br_offline "$body"
      st=$?
    fi
    if ((st != 0)); then
      builtin unset -f "$n"
      __br_say "refused: ${__br_reason:-not allowed by the guard} (removed the function $n)"
    fi
  done
}

# Remembers what was found tampered with (the next line is refused and the editor told).
__br_note_tamper() {
  [[ ${__br_tampered-} == *"$1"* ]] || builtin printf -v __br_tampered %s "${__br_tampered:+$__br_tampered.}$1"
}

# Checks the parts of the guard that the prompt's quick test does not: its variables, the
# `builtin`, `kill` and `printf` builtins (not shadowed, not disabled), aliases of the builtins
# it calls and of reserved words, and (not `quick`: once per line, not per prompt) functions
# named like them and disabled builtins. Repairs what it can and notes it; locks the terminal
# when it cannot (returns 2). Succeeds when nothing was wrong.
__br_intact() {
  local ok=0 bad= v n t= probe=
  # Its variables first: a read-only one would stop the guard's own assignments halfway.
  builtin eval "$__br_vars_test" && for v in $__br_vars; do
    if [[ -R $v ]]; then
      if builtin unset -n "$v" 2>/dev/null; then
        __br_note_tamper variable
        ok=1
      else
        bad+=${bad:+.}$v
      fi
      continue
    fi
    t=${!v@a}
    # (arrays and exports where they belong: PROMPT_COMMAND may be an array, the settings are exported)
    [[ $v == PROMPT_COMMAND || $v == BLAST_RADIUS_* || $v == HIST* || $v == __br_destructive_patterns || $v == __br_names ]] && t=${t//[axi]/}
    # (in the sandbox the guard locked PS0 and PROMPT_COMMAND itself)
    ((__br_sandbox)) && [[ $v == PS0 || $v == PROMPT_COMMAND ]] && t=${t//[rx]/}
    [[ $t == *[rniaA]* ]] && bad+=${bad:+.}$v
  done
  if [[ -n $bad ]]; then
    __br_lock "$bad"
    return 2
  fi
  # `builtin` itself: a function or a disabled builtin of that name answers wrongly.
  builtin printf -v probe %s ok 2>/dev/null
  if [[ $probe != ok ]] || ! builtin kill -0 "$$" 2>/dev/null || ! builtin eval : 2>/dev/null; then
    \unset -f builtin kill enable 2>/dev/null
    \enable builtin kill enable printf eval 2>/dev/null
    probe=
    builtin printf -v probe %s ok 2>/dev/null
    if [[ $probe != ok ]] || ! builtin kill -0 "$$" 2>/dev/null; then
      __br_lock builtin
      return 2
    fi
    __br_note_tamper builtin
    ok=1
  fi
  # Aliases of the builtins it calls, of reserved words, of its own names.
  if builtin eval "$__br_alias_test"; then
    for n in "${!BASH_ALIASES[@]}"; do
      if [[ $n == __br_* || " $__br_used $__br_words " == *" $n "* ]]; then
        builtin unalias -- "$n" 2>/dev/null
        __br_note_tamper alias
        ok=1
      fi
    done
  fi
  if [[ -n $bad ]]; then
    __br_lock "$bad"
    return 2
  fi
  # (not `quick`: functions that shadow builtins and disabled builtins, through the private file)
  if [[ ${1-} != quick && -n ${__br_hfile-} ]]; then
    t=
    { builtin declare -F builtin : command; builtin enable -n; } >|"$__br_hfile" 2>/dev/null
    IFS= builtin read -r -d '' t <"$__br_hfile"
    __br_intact_more "$t"
    (($? == 2)) && return 2
  fi
  return $ok
}

# The rest of the check, from `declare -F builtin : command; enable -n` output: functions that
# shadow what the trap and the fallbacks call, and disabled builtins the guard uses.
__br_intact_more() {
  [[ -n $1 ]] || return 0
  local n bad= ok=0
  for n in $1; do
    case $n in
      builtin | : | command)
        builtin unset -f "$n" 2>/dev/null || bad+=${bad:+.}function
        __br_note_tamper function
        ok=1
        ;;
      enable | -n) ;;
      *)
        if [[ " $__br_used " == *" $n "* ]]; then
          builtin enable "$n" 2>/dev/null || bad+=${bad:+.}disabled
          __br_note_tamper disabled
          ok=1
        fi
        ;;
    esac
  done
  if [[ -n $bad ]]; then
    __br_lock "$bad"
    return 2
  fi
  return $ok
}

# The guard cannot put itself back (a read-only variable, a read-only function that shadows a
# builtin): every line of this terminal is refused from now on.
__br_lock() {
  if [[ -z ${__br_locked-} ]]; then
    builtin readonly __br_locked="$1" 2>/dev/null
    __br_say "guard tampered (${1//./, }) and it cannot be put back: this terminal refuses every line; open a new one"
  fi
  builtin trap -- '\__br_locked_trap' DEBUG
  builtin shopt -s extdebug
}

__br_locked_trap() {
  [[ ${FUNCNAME[1]-} == __br_* || $BASH_COMMAND == *bash-guard.sh* || ${BASH_SOURCE[1]-} == *bash-guard.sh ]] && return 0
  local f
  for f in "${FUNCNAME[@]:1}"; do [[ $f == source ]] || return 1; done
  [[ -z ${READLINE_LINE+x} && $BASHPID == "$$" ]] && __br_in_hooks "$BASH_COMMAND" && return 0
  __br_say "refused: guard tampered (${__br_locked//./, }); this terminal refuses every line — open a new one"
  return 1
}

# Puts our hook back into PROMPT_COMMAND if a startup file or the person replaced it, and
# undoes VS Code's wrapping of it: VS Code's shell integration moves PROMPT_COMMAND into a
# function and exports PROMPT_COMMAND=__vsc_prompt_cmd_original, which would run our hook
# inside a function (where bash hides the DEBUG trap) and lose it in nested shells. Our hook
# goes back in front, at top level, exactly once.
__br_heal() {
  if [[ ${PROMPT_COMMAND-} == __vsc_prompt_cmd_original && ${__vsc_original_prompt_command-} == *bash-guard.sh* && ${PROMPT_COMMAND@a}${__vsc_original_prompt_command@a} != *r* ]]; then
    __vsc_original_prompt_command=${__vsc_original_prompt_command#"builtin source '"*"bash-guard.sh';"}
    PROMPT_COMMAND="$__br_pc __vsc_prompt_cmd_original"
    return 0
  fi
  [[ ${PROMPT_COMMAND[*]-} == *bash-guard.sh* || ${__vsc_original_prompt_command[*]-} == *bash-guard.sh* ]] && return 0
  [[ ${1-} == quiet ]] || __br_note_tamper prompt_command
  [[ ${PROMPT_COMMAND@a} == *r* ]] && return 1
  PROMPT_COMMAND="$__br_pc${PROMPT_COMMAND-}"
}

# History at each prompt: the guard needs every line recorded; the person's ignorespace /
# HISTIGNORE are honoured by deleting the entry once the line has run.
__br_hist_drop() {
  local n=$1 t= drop=0 p rest
  if [[ ${__br_text_ok-0} == 1 ]]; then
    t=$__br_text
  elif __br_read_entry; then
    t=$__br_text
  fi
  [[ -n $t ]] || return 0
  if [[ ( :$__br_hc_user: == *:ignorespace:* || :$__br_hc_user: == *:ignoreboth:* ) && ( $t == ' '* || $t == $'\t'* ) ]]; then
    drop=1
  elif [[ -n $__br_hi_user ]]; then
    rest=$__br_hi_user
    while [[ -n $rest ]]; do
      p=${rest%%:*}
      if [[ $rest == *:* ]]; then rest=${rest#*:}; else rest=; fi
      if [[ $p == '&' ]]; then
        [[ $t == "${__br_last_entry-}" ]] && drop=1
      elif [[ -n $p && $t == $p ]]; then
        drop=1
      fi
      ((drop)) && break
    done
  fi
  if ((drop)); then
    builtin history -d $((n - 1)) 2>/dev/null
  else
    __br_last_entry=$t
  fi
}

# Tracks the person's own history settings; keeps the effective ones recording every line.
__br_hist_settings() {
  local p
  [[ ${HISTCONTROL-} == "${__br_hc_eff-}" ]] || __br_hc_user=${HISTCONTROL-}
  [[ ${HISTIGNORE-} == "${__br_hi_eff-}" ]] || __br_hi_user=${HISTIGNORE-}
  p=":${__br_hc_user-}:"
  p=${p//:ignoreboth:/:ignoredups:}
  p=${p//:ignorespace:/:}
  p=${p#:}
  __br_hc_eff=${p%:}
  __br_hi_eff=
  [[ ${HISTCONTROL-} == "$__br_hc_eff" ]] || HISTCONTROL=$__br_hc_eff
  [[ ${HISTIGNORE-} == "$__br_hi_eff" ]] || HISTIGNORE=$__br_hi_eff
  __br_hemul=0
  [[ :${__br_hc_user-}: == *:ignorespace:* || :${__br_hc_user-}: == *:ignoreboth:* || -n ${__br_hi_user-} ]] && __br_hemul=1
  return 0
}

# Per-prompt bookkeeping (kept to a few commands: the DEBUG trap runs before each of them).
__br_prompt() {
  [[ -z ${__br_int_saved+x} && -z ${__br_fd-} ]] || __br_prompt_fix
  [[ ${__br_hemul-0} == 1 && -o history ]] && ((${HISTCMD:-0} > ${__br_hc:-0})) && __br_hist_drop "${HISTCMD:-0}"
  [[ ${HISTCONTROL-} == "${__br_hc_eff-}" && ${HISTIGNORE-} == "${__br_hi_eff-}" ]] || __br_hist_settings
  __br_hc=${HISTCMD:-0} __br_armed=0 __br_partial=0 __br_text_ok=0 __br_refusing=0 __br_skip=0
  if [[ -o history ]]; then __br_lasth=${HISTCMD:--1}; else __br_lasth=-1; __br_remember_functions; fi
  [[ -n ${__br_anchored-} || ${FUNCNAME[1]-} != source || -n ${FUNCNAME[2]-} ]] || __br_anchor
  return 0
}

# History off: the function names now, so that a definition on the next line can be found.
__br_remember_functions() {
  [[ -n ${__br_hfile-} ]] || return 0
  { builtin compgen -A function >|"$__br_hfile"; } 2>/dev/null || return 0
  __br_fnames=
  IFS= builtin read -r -d '' __br_fnames <"$__br_hfile"
  return 0
}

# After a refused line: puts the person's INT trap back; closes a connection Ctrl-C left open.
__br_prompt_fix() {
  if [[ -n ${__br_int_saved+x} ]]; then
    builtin eval "$__br_int_saved"
    builtin unset __br_int_saved
  fi
  __br_close
}

# Re-checks the guard whenever a `source`/`.` at top level returns: a startup file sourced
# again may replace PROMPT_COMMAND, PS0 or the DEBUG trap. Installed once, from a top-level
# run of this file, and only when no RETURN trap is there already (the person's is left alone).
__br_anchor() {
  __br_anchored=1
  local t
  t=$(builtin trap -p RETURN)
  [[ -z $t ]] || return 0
  builtin trap -- '\__br_returned' RETURN
}

__br_returned() {
  [[ -n ${FUNCNAME[1]-} || $BASH_COMMAND == *bash-guard.sh* ]] || __br_after_source
}

__br_after_source() {
  local t
  t=$(builtin trap -p DEBUG)
  if [[ -z ${__br_locked-} ]] && { [[ $t != *__br_tick=1* || ${PS0-} != *"$__br_ps0"* ]] || ! builtin shopt -q extdebug; }; then
    __br_install quiet quiet
  fi
  __br_heal quiet
}

# Whether the chained trap runs for this command (top level of this shell, not in our hook).
__br_chain_ok() {
  ((__br_cr = 0))
  [[ ${FUNCNAME[1]-source} == source && $BASH_COMMAND != *bash-guard.sh* && ${BASH_SOURCE[1]-} != *bash-guard.sh && $BASHPID == "$$" ]] || return 1
  ((__br_cr = 1))
}

__br_install() {
  local cur= t
  if [[ -n ${__br_locked-} ]]; then
    __br_lock "$__br_locked"
    return 0
  fi
  if [[ ${FUNCNAME[2]-source} == source ]]; then
    t=$(builtin trap -p DEBUG)
    if [[ -n $t ]]; then
      builtin eval "local -a __br_tw=( $t )"
      cur=${__br_tw[2]-}
    fi
  else
    # Sourced inside a function (VS Code's PROMPT_COMMAND wrapper): bash hides the DEBUG trap
    # there, so chain the traps of the integrations that install one.
    if [[ -n ${bash_preexec_imported-} ]] && builtin declare -F __bp_preexec_invoke_exec >/dev/null; then
      cur='__bp_preexec_invoke_exec "$_"'
    elif builtin declare -F __vsc_preexec_all >/dev/null; then
      cur='__vsc_preexec_all "$_"'
    elif builtin declare -F __vsc_preexec_only >/dev/null; then
      cur='__vsc_preexec_only "$_"'
    fi
  fi
  # Chain the trap that is there now, unless it is ours (then keep what we chained before).
  [[ $cur == *'__br_tick=1'* ]] || __br_prev=$cur
  # Whether the person uses extdebug themselves (only then may their trap skip commands).
  if [[ -z ${__br_ued+x} ]]; then
    __br_ued=0
    builtin shopt -q extdebug && __br_ued=1
  fi
  # The trap: arithmetic, escaped function names, no reserved words (no alias can change how
  # bash reads it). Its common path: two arithmetic commands. The chained trap is called only
  # where it would run without extdebug (top level of this shell, not in our hook).
  __br_trap='((__br_tick=1))'
  if [[ -n ${__br_prev-} ]]; then
    local call=$__br_prev
    # A plain call (`__vsc_preexec_all "$_"`) keeps `$_`; anything else runs through eval.
    if [[ $call =~ ^[A-Za-z_][A-Za-z0-9_]*(\ \"\$_\")?$ ]]; then call="\\$call"; else call='\builtin eval -- "$__br_prev"'; fi
    __br_trap+='
\__br_chain_ok && \__br_save "$_" && '"$call"'
((__br_cr && __br_ued && $?)) && ((__br_skip=1)); ((__br_cr)) && \: "$__br_l"'
  fi
  __br_trap+='
((__br_armed|__br_partial|__br_out|__br_refusing|(__br_lasth>=0&&HISTCMD!=__br_lasth))) && \__br_debug "$_"
((!__br_skip || (__br_skip=0)))'
  builtin trap -- "$__br_trap" DEBUG
  builtin shopt -s extdebug
  __br_heal "${2-}"
  # (a plain assignment to a read-only PS0 would abort the guard: a PS0 locked without it locks the terminal)
  if [[ ${PS0-} != *"$__br_ps0"* ]]; then
    if [[ ${PS0@a} == *r* ]]; then
      __br_lock ps0
      return 0
    fi
    PS0="$__br_ps0${PS0-}"
  fi
  [[ ${1-} == quiet ]] && return 0
  # A private directory for reading history without a fork.
  __br_hfile=
  for t in "${BLAST_RADIUS_GUARD_RUNDIR-}" "${XDG_RUNTIME_DIR-}"; do
    if [[ -n $t && -d $t && -O $t && -w $t ]]; then
      __br_hfile=$t/bash-$$.line
      break
    fi
  done
  __br_hist_settings
  if ! __br_hello bash "$$" && ! { __br_rediscover && __br_hello bash "$$"; }; then
    __br_offline '' >/dev/null
  fi
  return 0
}

# Every function of the guard is read-only from here on: redefining or unsetting one fails.
builtin readonly -f __br_save __br_read_entry __br_read_line __br_in_hooks __br_debug __br_check __br_refuse __br_defined_names \
  __br_check_definitions __br_check_new_functions __br_note_tamper __br_intact __br_intact_more __br_lock __br_locked_trap __br_heal __br_hist_drop \
  __br_hist_settings __br_prompt __br_remember_functions __br_prompt_fix __br_anchor __br_returned __br_after_source __br_chain_ok \
  __br_install __br_say __br_connect __br_close __br_rediscover __br_hello __br_ask __br_ask_once __br_destructive __br_offline
fi

if [[ -n ${__br_installed-} ]]; then
  # Installed before and found broken at this prompt: what was missing is tampering.
  [[ $__br_tick == 1 ]] || __br_note_tamper trap
  [[ ${PS0-} == *"$__br_ps0"* ]] || __br_note_tamper ps0
  builtin shopt -q extdebug || __br_note_tamper extdebug
  __br_install quiet
else
  __br_installed=1
  __br_install
fi
__br_intact
__br_prompt
if ((__br_sandbox)) && [[ ${PS0@a} != *r* && ${PS0-} == *"$__br_ps0"* && ${PROMPT_COMMAND[*]-} == *bash-guard.sh* ]]; then
  builtin readonly PS0 PROMPT_COMMAND
fi
((__br_ea)) && builtin shopt -s expand_aliases
# From here until PS0 arms the guard, commands are outside a line (prompt code, key bindings).
((__br_out = 1))
builtin return $__br_st
