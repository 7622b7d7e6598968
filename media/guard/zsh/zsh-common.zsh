# Blast Radius terminal guard: what the zsh guards share (interactive zsh and `zsh -c`
# children). Asks the Blast Radius server in the editor whether a command line may run, over
# loopback TCP with zsh's own zsh/net/tcp module (no external program), protocol BR1
# (docs/guard.md). Environment: see ../bash-common.sh.

zmodload zsh/net/tcp zsh/datetime 2>/dev/null

__br_say() {
  { builtin print -r -- "blast-radius: $1" >/dev/tty } 2>/dev/null || builtin print -r -u 2 -- "blast-radius: $1"
}

# Reads the editor window's current server when the one in the environment does not answer
# (its extension host was restarted). Succeeds, exporting the new port and token, only when it
# names a different server.
__br_rediscover() {
  local f=${BLAST_RADIUS_GUARD_SERVER_FILE-} proto= port= token=
  [[ -n $f && -f $f && -O $f ]] || return 1
  IFS=' ' builtin read -r proto port token <"$f" 2>/dev/null
  [[ $proto == BR1 && $port == <-> && -n $token && $token != *[^A-Za-z0-9_-]* ]] || return 1
  [[ $port != ${BLAST_RADIUS_GUARD_PORT-} || $token != ${BLAST_RADIUS_GUARD_TOKEN-} ]] || return 1
  export BLAST_RADIUS_GUARD_PORT=$port BLAST_RADIUS_GUARD_TOKEN=$token
}

# Tells the editor this shell is guarded.
__br_hello() {
  local port=${BLAST_RADIUS_GUARD_PORT-} token=${BLAST_RADIUS_GUARD_TOKEN-} fd resp=
  [[ $port == <-> && -n $token && $token != *[^A-Za-z0-9_-]* ]] || return 1
  (( ${+builtins[ztcp]} )) || return 1
  builtin ztcp 127.0.0.1 $port 2>/dev/null || return 1
  fd=$REPLY
  builtin print -rn -u $fd -- "BR1 HELLO $token zsh $$ 1"$'\n' 2>/dev/null
  IFS= builtin read -r -t 3 -u $fd resp
  builtin ztcp -c $fd 2>/dev/null
  [[ $resp == 'BR1 OK'* ]] && return 0
  [[ $resp == 'BR1 DENY '* ]] && __br_say "guard refused this terminal: ${resp#BR1 DENY }"
  return 1
}

# __br_ask <pid> <seq> <flags> <text>: returns 0 (may run), 1 (refused) or 2 (the editor is not
# reachable); sets __br_verdict (allow|deny|offline) and __br_reason for messages. Callers decide
# on the status, which no variable can bend.
__br_ask() {
  __br_ask_once "$@"
  local st=$?
  if (( st == 2 )) && __br_rediscover; then
    [[ -o interactive ]] && __br_hello
    __br_ask_once "$@"
    st=$?
  fi
  return st
}

__br_ask_once() {
  local port=${BLAST_RADIUS_GUARD_PORT-} token=${BLAST_RADIUS_GUARD_TOKEN-} resp fd start verdict=offline reason=
  local wait=${BLAST_RADIUS_GUARD_TIMEOUT:-330}
  typeset -g __br_verdict=offline __br_reason= 2>/dev/null
  [[ $port == <-> && -n $token && $token != *[^A-Za-z0-9_-]* ]] || return 2
  [[ $wait == <->(.<->|) ]] || wait=330
  (( ${+builtins[ztcp]} )) || return 2
  builtin ztcp 127.0.0.1 $port 2>/dev/null || return 2
  fd=$REPLY
  builtin print -rn -u $fd -- "BR1 CHECK $token zsh $1 $2 $3"$'\n'"$PWD"$'\0'"$4"$'\0' 2>/dev/null
  start=$EPOCHREALTIME
  while :; do
    resp=
    if ! IFS= builtin read -r -t $wait -u $fd resp; then
      if (( EPOCHREALTIME - start >= wait - 0.05 )); then
        verdict=deny
        reason="no answer from the editor within ${wait} s; not run"
      fi
      break
    fi
    case $resp in
      ('BR1 HOLD'*)
        resp=${resp#BR1 HOLD}
        __br_say "held: ${resp# } (answer in the editor; Ctrl-C cancels)"
        ;;
      ('BR1 ALLOW'*)
        verdict=allow; resp=${resp#BR1 ALLOW}; reason=${resp# }; break ;;
      ('BR1 DENY'*)
        verdict=deny; resp=${resp#BR1 DENY}; reason=${resp# }; break ;;
      (*) break ;;
    esac
  done
  builtin ztcp -c $fd 2>/dev/null
  typeset -g __br_verdict=$verdict __br_reason=$reason 2>/dev/null
  case $verdict in
    (allow) return 0 ;;
    (deny) return 1 ;;
  esac
  return 2
}

# __br_offline <text>: the verdict when the editor is not reachable (0 runs, 1 refused; shares
# bash's patterns).
__br_offline() {
  local mode=${BLAST_RADIUS_OFFLINE:-refuse-destructive} p re why=
  if [[ ${__br_offline_said-} != 1 ]]; then
    typeset -g __br_offline_said=1
    if [[ $mode == allow ]]; then
      __br_say 'guard not connected — commands run unchecked until the editor is back'
    else
      __br_say 'guard not connected — destructive commands are refused until the editor is back'
    fi
  fi
  if (( ! ${+__br_patterns} )); then
    typeset -ga __br_patterns
    local f=${__br_zdir:-${${(%):-%x}:A:h}}/../bash-common.sh line
    # the pattern table lives in bash-common.sh: one $'label\tregex' per line
    for line in ${(f)"$(<$f)"}; do
      [[ $line == "  \$'"*"'" ]] && __br_patterns+=("${(Q)${line#  }}")
    done
  fi
  setopt localoptions rematchpcre 2>/dev/null; unsetopt rematchpcre 2>/dev/null
  for p in $__br_patterns; do
    re=${p#*$'\t'}
    if [[ $1 =~ $re ]]; then why=${p%%$'\t'*}; break; fi
  done
  if [[ -n $why ]]; then
    if [[ $mode == allow ]]; then
      __br_say "not checked: looks destructive ($why)"
      typeset -g __br_verdict=allow
      return 0
    fi
    typeset -g __br_verdict=deny __br_reason="looks destructive ($why) and the guard is not connected; not run"
    return 1
  fi
  typeset -g __br_verdict=allow
  return 0
}

# For `zsh -c '<string>'`: refuses (exit 126) unless the string is allowed.
__br_check_child() {
  __br_ask $$ 0 "child,ppid=$PPID" "$ZSH_EXECUTION_STRING"
  local st=$?
  if (( st == 2 )); then
    __br_offline "$ZSH_EXECUTION_STRING"
    st=$?
  fi
  if (( st != 0 )); then
    __br_say "refused: ${__br_reason:-not allowed by the guard}"
    builtin exit 126
  fi
  [[ -z $__br_reason ]] || __br_say "$__br_reason"
}
