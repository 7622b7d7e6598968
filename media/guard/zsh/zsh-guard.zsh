# Blast Radius terminal guard for interactive zsh. Read by our .zshrc (see .zshenv) after the
# person's own .zshrc; safe to read again.
#
# How a line is checked (docs/guard.md): zsh passes a preexec hook the whole line as typed,
# after it is read and before any of it runs. The hook asks the editor; a refused line is
# abandoned as a whole, exactly as Ctrl-C abandons it: the hook sends SIGINT to the shell, so
# none of the line's parts run. Our hook goes first in preexec_functions, and a precmd hook
# puts it back (first) if something removes or reorders it.

[[ -o interactive ]] || return 0
__br_zdir=${__br_zdir:-${${(%):-%x}:A:h}}
builtin source "$__br_zdir/zsh-common.zsh" || return 0

typeset -gi __br_seq=${__br_seq:-0}

__br_preexec() {
  emulate -L zsh
  (( __br_seq++ ))
  __br_heal
  local text=${1:-$3}
  [[ -n $text ]] || return 0
  __br_ask $$ $__br_seq - "$text"
  if [[ $__br_verdict == offline ]]; then
    __br_offline "$text"
  else
    __br_offline_said=0
  fi
  if [[ $__br_verdict == allow ]]; then
    [[ -z $__br_reason ]] || __br_say "$__br_reason"
    return 0
  fi
  [[ -z $__br_reason ]] || __br_say "refused: $__br_reason"
  # Abandon the line the way Ctrl-C does; set the person's INT handler aside until the prompt.
  if (( ${+functions[TRAPINT]} )); then
    typeset -g __br_trapint_fn=$functions[TRAPINT]
    builtin unfunction TRAPINT
  fi
  local t=${(M)${(f)"$(builtin trap)"}:#* INT}
  if [[ -n $t ]]; then
    typeset -g __br_trapint=$t
    builtin trap - INT
  fi
  builtin kill -INT $$
}

__br_precmd() {
  if [[ -n ${__br_trapint_fn+x} ]]; then
    functions[TRAPINT]=$__br_trapint_fn
    unset __br_trapint_fn
  fi
  if [[ -n ${__br_trapint+x} ]]; then
    builtin eval "$__br_trapint"
    unset __br_trapint
  fi
  __br_heal
}

# Keeps our hooks installed, ours first among the preexec hooks.
__br_heal() {
  [[ ${preexec_functions[1]-} == __br_preexec ]] || preexec_functions=(__br_preexec ${preexec_functions:#__br_preexec})
  (( ${precmd_functions[(Ie)__br_precmd]} )) || precmd_functions+=(__br_precmd)
}

typeset -ga preexec_functions precmd_functions
__br_heal
if [[ ${__br_v-} != 1 ]]; then
  typeset -g __br_v=1
  __br_hello || { __br_rediscover && __br_hello } || __br_offline ''
fi
