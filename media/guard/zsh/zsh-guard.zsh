# Blast Radius terminal guard for interactive zsh. Read by our .zshrc (see .zshenv) after the
# person's own .zshrc; safe to read again.
#
# How a line is checked (docs/guard.md): zsh passes a preexec hook the whole line as typed,
# after it is read and before any of it runs. The hook asks the editor; a refused line is
# abandoned as a whole, exactly as Ctrl-C abandons it: the hook sends SIGINT to the shell, so
# none of the line's parts run. Our hook goes first in preexec_functions, and a precmd hook
# puts it back (first) if something removes or reorders it.
#
# Tamper resistance (docs/security.md): three places check that the guard is intact — the
# precmd hook, a zle line-init hook (which runs even when both hook arrays were emptied) and the
# preexec hook itself: its functions as installed (compared with a read-only copy), its hook
# arrays, the builtins and modules it uses (not disabled, not shadowed), its variables (not
# read-only), the accept-line widget and what Enter is bound to. What was changed is put back,
# the next line is refused with "guard tampered", and the editor is told.

[[ -o interactive ]] || return 0
__br_zdir=${__br_zdir:-${${(%):-%x}:A:h}}
builtin source "$__br_zdir/zsh-common.zsh" || return 0

typeset -gi __br_seq=${__br_seq:-0} __br_out=${__br_out:-0}

__br_preexec() {
  emulate -L zsh
  # The verdict and reason live here (a read-only global of the same name cannot bend them).
  local __br_verdict= __br_reason= text=${1:-$3} st
  # a line starts: until the next prompt, code runs inside a checked line
  typeset -g __br_out=0
  __br_intact
  (( __br_seq++ ))
  __br_heal
  [[ -n $text ]] || return 0
  if [[ -n ${__br_tampered-} ]]; then
    local what=$__br_tampered
    typeset -g __br_tampered=
    __br_ask $$ $__br_seq "tampered=$what" "$text"
    __br_say "guard tampered (${what//./, }): this line is refused; the guard has been put back"
    __br_refuse
    return
  fi
  __br_ask $$ $__br_seq - "$text"
  st=$?
  if (( st == 2 )); then
    __br_offline "$text"
    st=$?
  else
    typeset -g __br_offline_said=0
  fi
  if (( st == 0 )); then
    [[ -z $__br_reason ]] || __br_say "$__br_reason"
    return 0
  fi
  [[ -z $__br_reason ]] || __br_say "refused: $__br_reason"
  __br_refuse
}

# Abandons the line the way Ctrl-C does; sets the person's INT handler aside until the prompt.
# When the shell's `kill` is disabled or shadowed, the kill program does it.
__br_refuse() {
  if (( ${+functions[TRAPINT]} )); then
    typeset -g __br_trapint_fn=$functions[TRAPINT]
    builtin unfunction TRAPINT
  fi
  local t=${(M)${(f)"$(builtin trap)"}:#* INT}
  if [[ -n $t ]]; then
    typeset -g __br_trapint=$t
    builtin trap - INT
  fi
  builtin kill -INT $$ 2>/dev/null || command kill -INT $$ 2>/dev/null || /bin/kill -INT $$
}

__br_precmd() {
  __br_intact
  if [[ -n ${__br_trapint_fn+x} ]]; then
    functions[TRAPINT]=$__br_trapint_fn
    unset __br_trapint_fn
  fi
  if [[ -n ${__br_trapint+x} ]]; then
    builtin eval "$__br_trapint"
    unset __br_trapint
  fi
  __br_heal
  # from here until a line is accepted, code that runs is outside a line (TRAPDEBUG checks it)
  typeset -g __br_out=1
}

# Code that runs outside a checked line — a prompt substitution, what it sources or evaluates —
# is checked command by command before it runs, as bash's DEBUG trap does: at top level or in
# a sourced file, not inside functions (a function's body was judged when it was defined), and
# not the code written in the prompt strings themselves (judged when they were set). A refused
# command is skipped (ERR_EXIT in a DEBUG trap); in a subshell (a command substitution) the
# subshell ends.
TRAPDEBUG() {
  (( __br_out )) || return 0
  (( ${zsh_eval_context[1,-2][(I)shfunc]} )) && return 0
  __br_debug "$ZSH_DEBUG_CMD" || setopt errexit
  return 0
}

__br_debug() {
  emulate -L zsh
  local cmd=$1 __br_verdict= __br_reason= st
  [[ -n ${cmd//[[:space:]]/} ]] || return 0
  [[ $PS1$PROMPT$RPS1$RPROMPT$PS2$RPS2$PS3$PS4$SPROMPT == *"$cmd"* ]] && return 0
  __br_intact
  if [[ -n ${__br_tampered-} ]]; then
    local what=$__br_tampered
    typeset -g __br_tampered=
    __br_ask $$ $__br_seq "partial,tampered=$what" "$cmd"
    __br_say "guard tampered (${what//./, }): this command is refused; the guard has been put back"
  else
    __br_ask $$ $__br_seq partial "$cmd"
    st=$?
    if (( st == 2 )); then
      __br_offline "$cmd"
      st=$?
    fi
    (( st == 0 )) && return 0
    __br_say "refused: ${__br_reason:-not allowed by the guard} (outside a command line: $cmd)"
  fi
  (( ZSH_SUBSHELL )) && builtin exit 126
  return 1
}

# zle starts reading a line: the third place the guard checks itself (the hook arrays may be gone).
__br_line_init() {
  __br_intact
  __br_heal
}

# Keeps our hooks installed, ours first among the preexec hooks.
__br_heal() {
  # (once installed, a hook that is gone — not merely moved — was removed on purpose)
  [[ ${preexec_functions[1]-} == __br_preexec ]] || {
    [[ -n ${__br_v-} ]] && (( ! ${preexec_functions[(Ie)__br_preexec]} )) && __br_note_tamper preexec
    preexec_functions=(__br_preexec ${preexec_functions:#__br_preexec})
  }
  (( ${precmd_functions[(Ie)__br_precmd]} )) || {
    [[ -n ${__br_v-} ]] && __br_note_tamper precmd
    precmd_functions+=(__br_precmd)
  }
}

# Remembers what was found tampered with (the next line is refused and the editor told).
__br_note_tamper() {
  [[ ${__br_tampered-} == *"$1"* ]] || typeset -g __br_tampered=${__br_tampered:+$__br_tampered.}$1
}

# Checks and puts back: its variables (no read-only ones), the hook arrays, its functions as
# installed, the builtins and modules it uses, the accept-line widget and the Enter bindings.
__br_intact() {
  local v f n t
  # Variables first: an assignment to a read-only one would stop the guard halfway.
  for v in __br_tampered __br_seq __br_out __br_offline_said __br_trapint __br_trapint_fn __br_verdict __br_reason __br_patterns \
    preexec_functions precmd_functions BLAST_RADIUS_GUARD_PORT BLAST_RADIUS_GUARD_TOKEN BLAST_RADIUS_GUARD_TIMEOUT BLAST_RADIUS_OFFLINE; do
    if [[ ${(tP)v} == *readonly* ]]; then
      builtin typeset -g +r $v
      __br_note_tamper variable
    fi
  done
  # Builtins and modules: disabled ones enabled again, shadowing functions and aliases removed.
  for n in ${(k)dis_builtins}; do
    if (( ${__br_used[(Ie)$n]} )); then
      builtin enable $n
      __br_note_tamper disabled
    fi
  done
  for n in $__br_used; do
    if (( ${+functions[$n]} )); then
      builtin unfunction $n
      __br_note_tamper function
    fi
    if (( ${+aliases[$n]} )); then
      builtin unalias $n
      __br_note_tamper alias
    fi
  done
  if (( ! ${+builtins[ztcp]} )); then
    builtin zmodload zsh/net/tcp 2>/dev/null
    __br_note_tamper module
  fi
  # Its functions, as installed.
  for f in ${(k)__br_fns}; do
    if [[ ${functions[$f]-} != $__br_fns[$f] ]]; then
      functions[$f]=$__br_fns[$f]
      __br_note_tamper function
    fi
  done
  for n in ${(k)aliases}; do
    if [[ $n == __br_* ]]; then
      builtin unalias $n
      __br_note_tamper alias
    fi
  done
  # The line-init hook (the third place that checks), the accept-line widget and Enter.
  if [[ ${widgets[zle-line-init]-} != ${__br_keys[line-init]-} ]]; then
    __br_zle_hook
    __br_note_tamper widget
  fi
  # (plugins wrap accept-line and call it in turn: a widget whose function never mentions it is
  # one that runs the line some other way)
  t=${widgets[accept-line]-}
  if [[ $t != ${__br_keys[accept-line]-} && $t == user:* && ${functions[${t#user:}]-} != *accept-line* ]]; then
    builtin zle -A .accept-line accept-line 2>/dev/null
    __br_note_tamper widget
  fi
  if [[ -n ${__br_keys[file]-} ]]; then
    for n in '^M' '^J'; do
      builtin bindkey -M main $n >|$__br_keys[file] 2>/dev/null
      t=
      IFS= builtin read -r t <$__br_keys[file]
      if [[ $t != ${__br_keys[$n]-} ]]; then
        builtin bindkey -M main $n accept-line
        __br_note_tamper binding
      fi
    done
  fi
  return 0
}

# Our zle-line-init hook: through add-zle-hook-widget when the shell has it (it keeps other
# line-init hooks), else as the widget itself when there is none.
__br_zle_hook() {
  if (( ${+functions[add-zle-hook-widget]} )) || builtin autoload -Uz add-zle-hook-widget 2>/dev/null; then
    add-zle-hook-widget line-init __br_line_init 2>/dev/null
  elif [[ -z ${widgets[zle-line-init]-} ]]; then
    builtin zle -N zle-line-init __br_line_init
  fi
}

typeset -ga preexec_functions precmd_functions
__br_heal
if [[ ${__br_v-} != 1 ]]; then
  typeset -g __br_v=1
  # Builtins the guard calls: disabled, shadowed or aliased, they are tampering.
  typeset -gra __br_used=(kill print read ztcp zmodload typeset unfunction emulate setopt unsetopt trap eval zle bindkey enable unalias autoload builtin command exit local source)
  __br_zle_hook
  # What the guard checks against: its functions, the line-init and accept-line widgets, Enter.
  typeset -gA __br_fns __br_keys
  for __br_f in __br_preexec __br_refuse __br_precmd __br_line_init __br_heal __br_note_tamper __br_intact __br_zle_hook \
    __br_say __br_rediscover __br_hello __br_ask __br_ask_once __br_offline __br_check_child TRAPDEBUG __br_debug; do
    __br_fns[$__br_f]=$functions[$__br_f]
  done
  unset __br_f
  __br_keys[line-init]=${widgets[zle-line-init]-}
  __br_keys[accept-line]=${widgets[accept-line]-}
  for __br_d in ${BLAST_RADIUS_GUARD_RUNDIR-} ${XDG_RUNTIME_DIR-}; do
    if [[ -n $__br_d && -d $__br_d && -O $__br_d && -w $__br_d ]]; then
      __br_keys[file]=$__br_d/zsh-$$.keys
      for __br_k in '^M' '^J'; do
        builtin bindkey -M main $__br_k >|$__br_keys[file] 2>/dev/null
        IFS= builtin read -r "__br_keys[$__br_k]" <$__br_keys[file]
      done
      break
    fi
  done
  unset __br_d __br_k
  typeset -gr __br_fns __br_keys __br_v
  __br_hello || { __br_rediscover && __br_hello } || __br_offline '' >/dev/null
fi
