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
#   SIGINT to its own shell (or subshell), so none of the line's parts run.
# - The DEBUG trap that was there before (VS Code's shell integration, bash-preexec, the
#   person's own) is chained, and called only where it would have run without `extdebug`.
#
# Everything here is bash builtins: nothing forks on the way to running an allowed line. The
# trap's common path is one arithmetic command and one test; `$_` is left as it was.

__br_st=$?
((__br_tick = 0))
# Every prompt: if the guard is installed and intact, do the per-prompt bookkeeping only.
# (The DEBUG trap runs before the test below and sets __br_tick, if it is still ours.)
if [[ $- == *i* && ${__br_v-} == 2 && $__br_tick == 1 && ${PS0-} == *"$__br_ps0"* ]] && builtin shopt -q extdebug; then
  __br_prompt
  return $__br_st
fi
[[ $- == *i* ]] || return $__br_st 2>/dev/null

# ---------------------------------------------------------------------------------------------
# Install (first prompt), or re-install after a part was removed.

# Aliases would rewrite the functions below while bash reads them.
__br_ea=0
builtin shopt -q expand_aliases && __br_ea=1
builtin shopt -u expand_aliases

__br_self=${BASH_SOURCE[0]}
if ! builtin source "${__br_self%/*}/bash-common.sh"; then
  ((__br_ea)) && builtin shopt -s expand_aliases
  return $__br_st
fi

__br_v=2
# The hook as the extension writes it into PROMPT_COMMAND.
__br_pc="builtin source '${__br_self//\'/\'\\\'\'}';"
# Prepended to PS0: arms the guard and counts command lines (prints nothing, forks nothing).
__br_ps0='${__br_nil[(__br_armed=1)+(__br_seq+=1)]-}'

# Keeps `$_` for the person's command: called as `__br_save "$_"`, so `$_` is unchanged after.
__br_save() { __br_l=$1; }

# Reads the newest history entry into __br_text and its number into __br_hn.
__br_read_entry() {
  [[ -n ${__br_hfile-} ]] || return 1
  { HISTTIMEFORMAT= builtin history 1 >|"$__br_hfile"; } 2>/dev/null || return 1
  __br_text=
  IFS= builtin read -r -d '' __br_text <"$__br_hfile"
  local t=${__br_text#"${__br_text%%[![:space:]]*}"}
  __br_hn=${t%%[!0-9]*}
  [[ -n $__br_hn ]] || return 1
  t=${t#"$__br_hn"}
  t=${t#[ *]}
  t=${t# }
  __br_text=${t%$'\n'}
  return 0
}

# Reads the line being run into __br_text; fails when history does not hold it.
__br_read_line() {
  [[ -o history ]] && __br_read_entry || return 1
  ((__br_hn >= __br_hc)) && return 0
  # Not a new entry: with ignoredups/erasedups that means the line repeats the last one.
  [[ ${HISTCONTROL-} == *ignoredups* || ${HISTCONTROL-} == *ignoreboth* || ${HISTCONTROL-} == *erasedups* ]]
}

# Runs from the DEBUG trap for the first simple command of an armed line (and, in partial
# mode, for every top-level command of the line). Called as `__br_debug "$_"`.
__br_debug() {
  [[ ${FUNCNAME[1]-} == __br_* ]] && return 0
  local text flags=-
  if [[ ${__br_armed-} == 1 ]]; then
    __br_armed=0
    __br_text_ok=0
    if __br_read_line; then
      __br_text_ok=1
      text=$__br_text
      # A line that ran no simple command (a function definition) leaves the first command of
      # PROMPT_COMMAND to arrive here; it is not part of the line.
      if [[ -n $BASH_COMMAND && ${PROMPT_COMMAND[*]-} == *"$BASH_COMMAND"* && $text != *"$BASH_COMMAND"* ]]; then
        return 0
      fi
    else
      # History does not hold the line (history off, HISTSIZE=0, no private directory):
      # check each top-level command of this line on its own instead.
      __br_partial=1
    fi
  fi
  if [[ ${__br_partial-} == 1 ]]; then
    [[ ${FUNCNAME[1]-source} == source ]] || return 0
    if [[ ${PROMPT_COMMAND[*]-} == *"$BASH_COMMAND"* ]]; then
      __br_partial=0
      return 0
    fi
    text=$BASH_COMMAND
    flags=partial
  fi
  __br_heal
  __br_check "$flags" "$text"
}

# Asks about one line; refuses it (abandoning the whole line) unless allowed.
__br_check() {
  __br_ask bash "$$" "${__br_seq:-0}" "$1" "$2"
  if [[ $__br_verdict == offline ]]; then
    __br_offline "$2"
  else
    __br_offline_said=0
  fi
  if [[ $__br_verdict == allow ]]; then
    [[ -z $__br_reason ]] || __br_say "$__br_reason"
    return 0
  fi
  [[ -z $__br_reason ]] || __br_say "refused: $__br_reason"
  __br_refuse
  return 1
}

# Abandons the line being run, the way Ctrl-C does. An INT trap of the person's is set aside
# for this and put back at the next prompt.
__br_refuse() {
  local t
  t=$(builtin trap -p INT)
  if [[ -n $t ]]; then
    __br_int_saved=$t
    builtin trap - INT
  fi
  builtin kill -INT "$BASHPID"
}

# Puts our hook back into PROMPT_COMMAND if a startup file or the person replaced it, and
# undoes VS Code's wrapping of it: VS Code's shell integration moves PROMPT_COMMAND into a
# function and exports PROMPT_COMMAND=__vsc_prompt_cmd_original, which would run our hook
# inside a function (where bash hides the DEBUG trap) and lose it in nested shells. Our hook
# goes back in front, at top level, exactly once.
__br_heal() {
  if [[ ${PROMPT_COMMAND-} == __vsc_prompt_cmd_original && ${__vsc_original_prompt_command-} == *bash-guard.sh* ]]; then
    __vsc_original_prompt_command=${__vsc_original_prompt_command#"builtin source '"*"bash-guard.sh';"}
    PROMPT_COMMAND="$__br_pc __vsc_prompt_cmd_original"
    return 0
  fi
  [[ ${PROMPT_COMMAND[*]-} == *bash-guard.sh* || ${__vsc_original_prompt_command[*]-} == *bash-guard.sh* ]] && return 0
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
  __br_hc=${HISTCMD:-0} __br_armed=0 __br_partial=0 __br_text_ok=0
  [[ -n ${__br_anchored-} || ${FUNCNAME[1]-} != source || -n ${FUNCNAME[2]-} ]] || __br_anchor
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
  builtin trap -- '[[ -n ${FUNCNAME[0]-} || $BASH_COMMAND == *bash-guard.sh* ]] || __br_after_source' RETURN
}

__br_after_source() {
  local t
  t=$(builtin trap -p DEBUG)
  if [[ $t != *__br_tick=1* || ${PS0-} != *"$__br_ps0"* ]] || ! builtin shopt -q extdebug; then
    __br_install quiet
  fi
  __br_heal
}

__br_install() {
  local cur= t
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
  # The trap. Its common path: one arithmetic command and one test. The chained trap is
  # called only where it would run without extdebug (top level of this shell, not in our hook).
  __br_trap='((__br_tick=1))'
  if [[ -n ${__br_prev-} ]]; then
    __br_trap+='
if [[ ${FUNCNAME-source} == source && $BASH_COMMAND != *bash-guard.sh* && ${BASH_SOURCE-} != *bash-guard.sh && $BASHPID == $$ ]]; then __br_save "$_"
'"$__br_prev"'
((__br_ued && $?)) && __br_skip=1; : "$__br_l"; fi'
  fi
  __br_trap+='
[[ ${__br_armed-}${__br_partial-} != *1* ]] || __br_debug "$_" || __br_skip=1
((!__br_skip || (__br_skip=0)))'
  builtin trap -- "$__br_trap" DEBUG
  builtin shopt -s extdebug
  __br_heal
  [[ ${PS0-} == *"$__br_ps0"* ]] || PS0="$__br_ps0${PS0-}"
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
    __br_offline ''
  fi
  return 0
}

__br_install
__br_prompt
((__br_ea)) && builtin shopt -s expand_aliases
return $__br_st
