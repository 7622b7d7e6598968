# Blast Radius terminal guard: the part every bash-based guard shares (interactive bash,
# `bash -c` children through BASH_ENV, and the client fish calls). Sourced, never run.
#
# It asks the Blast Radius server in the editor whether a command line may run, over loopback
# TCP with bash's own /dev/tcp (no external program, no fork), using protocol BR1
# (docs/guard.md). When the editor cannot be reached it falls back to a small built-in check.
#
# Environment (set by the extension for every integrated terminal):
#   BLAST_RADIUS_GUARD_PORT     loopback port of the server
#   BLAST_RADIUS_GUARD_TOKEN    per-session token
#   BLAST_RADIUS_GUARD_TIMEOUT  seconds to wait for an answer (a person may be asked); default 330
#   BLAST_RADIUS_OFFLINE        allow | refuse-destructive (default): what to do when the editor
#                               is not reachable
#   BLAST_RADIUS_GUARD_SERVER_FILE  where the editor window writes its current server; read
#                               when the port does not answer (the editor's extension host was
#                               restarted), so the terminal reconnects

__br_say() {
  # One short line for the person at the terminal. Prefer the terminal itself, so the line is
  # seen even when the command's stderr is redirected.
  { builtin printf 'blast-radius: %s\n' "$1" >/dev/tty; } 2>/dev/null || builtin printf 'blast-radius: %s\n' "$1" >&2
}

# Assignments on the way to a decision fail without aborting (`printf -v`, arithmetic) when a
# variable was made read-only: a plain one would abort the whole command line (docs/security.md).

# Opens a connection to the server on fd $__br_fd, with no fork and no error message; fails
# when nothing listens. Plain `exec` on purpose: `builtin exec` would make the redirections
# temporary and leak a descriptor on every call.
__br_connect() {
  local st
  exec {__br_e}>&2 2>/dev/null
  exec {__br_fd}<>"/dev/tcp/127.0.0.1/$1"
  st=$?
  exec 2>&"$__br_e" {__br_e}>&-
  ((st == 0)) || __br_fd=
  return $st
}

__br_close() {
  if [[ -n ${__br_fd-} ]]; then exec {__br_fd}>&-; fi
  builtin printf -v __br_fd %s ''
}

# Reads the editor window's current server when the one in the environment does not answer.
# Succeeds (and exports the new port and token) only when it names a different server.
__br_rediscover() {
  local f=${BLAST_RADIUS_GUARD_SERVER_FILE-} proto= port= token=
  [[ -n $f && -f $f && -O $f ]] || return 1
  IFS=' ' builtin read -r proto port token <"$f" 2>/dev/null
  [[ $proto == BR1 && -n $port && $port != *[!0-9]* && -n $token && $token != *[!A-Za-z0-9_-]* ]] || return 1
  [[ $port != "${BLAST_RADIUS_GUARD_PORT-}" || $token != "${BLAST_RADIUS_GUARD_TOKEN-}" ]] || return 1
  export BLAST_RADIUS_GUARD_PORT=$port BLAST_RADIUS_GUARD_TOKEN=$token
  __br_rehello=1
}

# __br_hello <shell> <pid>: tells the editor this shell is guarded (it shows unguarded
# terminals in the status bar). Succeeds when the editor answered OK.
__br_hello() {
  local port=${BLAST_RADIUS_GUARD_PORT-} token=${BLAST_RADIUS_GUARD_TOKEN-} resp=
  __br_rehello=0
  [[ -n $port && $port != *[!0-9]* && -n $token && $token != *[!A-Za-z0-9_-]* ]] || return 1
  __br_close
  __br_connect "$port" || return 1
  builtin printf 'BR1 HELLO %s %s %s 1\n' "$token" "$1" "$2" >&"$__br_fd" 2>/dev/null
  IFS= builtin read -r -t 3 -u "$__br_fd" resp
  __br_close
  [[ $resp == 'BR1 OK'* ]] && return 0
  [[ $resp == 'BR1 DENY '* ]] && __br_say "guard refused this terminal: ${resp#BR1 DENY }"
  return 1
}

# __br_ask <shell> <pid> <seq> <flags> <text>
# Returns 0 when the line may run, 1 when it is refused, 2 when the editor was not reachable;
# sets __br_verdict (allow, deny or offline) and __br_reason (the server's reason) for messages.
# Callers decide on the status: it cannot be bent by changing a variable.
__br_ask() {
  __br_ask_once "$@"
  local st=$?
  if ((st == 2)) && __br_rediscover; then
    __br_hello "$1" "$2"
    __br_ask_once "$@"
    st=$?
  fi
  return $st
}

__br_ask_once() {
  builtin printf -v __br_verdict %s offline
  builtin printf -v __br_reason %s ''
  local port=${BLAST_RADIUS_GUARD_PORT-} token=${BLAST_RADIUS_GUARD_TOKEN-} resp st verdict=offline reason=
  local wait=${BLAST_RADIUS_GUARD_TIMEOUT:-330}
  [[ -n $port && $port != *[!0-9]* && -n $token && $token != *[!A-Za-z0-9_-]* ]] || return 2
  [[ -n $wait && $wait != *[!0-9.]* ]] || wait=330
  __br_close
  __br_connect "$port" || return 2
  builtin printf 'BR1 CHECK %s %s %s %s %s\n%s\0%s\0' "$token" "$1" "$2" "$3" "$4" "$PWD" "$5" >&"$__br_fd" 2>/dev/null
  while :; do
    resp=
    IFS= builtin read -r -t "$wait" -u "$__br_fd" resp
    st=$?
    if ((st > 128)); then
      verdict=deny
      reason="no answer from the editor within ${wait} s; not run"
      break
    fi
    case $resp in
      'BR1 HOLD'*)
        resp=${resp#BR1 HOLD}
        __br_say "held: ${resp# } (answer in the editor; Ctrl-C cancels)"
        ;;
      'BR1 ALLOW'*)
        verdict=allow
        resp=${resp#BR1 ALLOW}
        reason=${resp# }
        break
        ;;
      'BR1 DENY'*)
        verdict=deny
        resp=${resp#BR1 DENY}
        reason=${resp# }
        break
        ;;
      *)
        # closed without an answer, or not our server: treat as not connected
        break
        ;;
    esac
  done
  __br_close
  builtin printf -v __br_verdict %s "$verdict"
  builtin printf -v __br_reason %s "$reason"
  case $verdict in
    allow) return 0 ;;
    deny) return 1 ;;
  esac
  return 2
}

# Patterns for the offline check, as "label<TAB>extended regex". Deliberately small and
# conservative: when the editor is away, these lines are refused (or flagged) instead of run.
__br_destructive_patterns=(
  $'rm -r / rm -f\t(^|[^[:alnum:]_.-])rm([[:space:]]+-[^[:space:]]*)*[[:space:]]+-([[:alpha:]]*[rRf]|-recursive|-force)'
  $'git push --force / --delete\t(^|[^[:alnum:]_.-])git[[:space:]].*push([[:space:]].*)?[[:space:]](-f|--force|--force-with-lease|--delete|--mirror|-d)([[:space:]=]|$)'
  $'git reset --hard / clean -f / branch -D\t(^|[^[:alnum:]_.-])git[[:space:]].*(reset[[:space:]].*--hard|clean[[:space:]]+(.*[[:space:]])?-[[:alpha:]]*f|branch[[:space:]].*-D)'
  $'terraform destroy\t(^|[^[:alnum:]_.-])(terraform|tofu|terragrunt)[[:space:]].*(destroy|-destroy)'
  $'kubectl delete / drain\t(^|[^[:alnum:]_.-])kubectl([[:space:]].*)?[[:space:]](delete|drain|replace[[:space:]].*--force)'
  $'helm uninstall\t(^|[^[:alnum:]_.-])helm([[:space:]].*)?[[:space:]](uninstall|delete)'
  $'DROP / TRUNCATE\t(^|[^[:alnum:]_])([Dd][Rr][Oo][Pp][[:space:]]+([Tt][Aa][Bb][Ll][Ee]|[Dd][Aa][Tt][Aa][Bb][Aa][Ss][Ee]|[Ss][Cc][Hh][Ee][Mm][Aa])|[Tt][Rr][Uu][Nn][Cc][Aa][Tt][Ee][[:space:]])'
  $'disk wipe (mkfs, dd of=/dev, wipefs, shred)\t(^|[^[:alnum:]_.-])(mkfs[[:alnum:].]*|wipefs|shred|dd[[:space:]].*of=/dev/)|>[[:space:]]*/dev/(sd|hd|vd|xvd|nvme|disk|mmcblk)'
  $'cloud delete (aws, gcloud, az)\t(^|[^[:alnum:]_.-])(aws([[:space:]].*)?[[:space:]](delete-[[:alnum:]-]+|terminate-instances|rb|s3[[:space:]]+rm)|gcloud([[:space:]].*)?[[:space:]]delete|az([[:space:]].*)?[[:space:]]delete)([[:space:]]|$)'
  $'docker prune / volume rm\t(^|[^[:alnum:]_.-])docker[[:space:]].*(system[[:space:]]+prune|volume[[:space:]]+(rm|prune))'
  $'find -delete\t(^|[^[:alnum:]_.-])find([[:space:]].*)?[[:space:]]-delete'
  $'guard tampering (trap DEBUG, extdebug)\t(trap[[:space:]].*DEBUG|shopt[[:space:]]+-u[[:space:]]+extdebug|unset[[:space:]].*BLAST_RADIUS_|BLAST_RADIUS_[A-Z_]*=)'
)

# __br_destructive <text>: succeeds when the text matches a pattern; the label is in __br_why.
__br_destructive() {
  local p re
  builtin printf -v __br_why %s ''
  for p in "${__br_destructive_patterns[@]}"; do
    re=${p#*$'\t'}
    if [[ $1 =~ $re ]]; then
      builtin printf -v __br_why %s "${p%%$'\t'*}"
      return 0
    fi
  done
  return 1
}

# __br_offline <text>: the verdict when the editor is not reachable (0 runs, 1 refused). Says so
# once per shell until the editor answers again.
__br_offline() {
  local mode=${BLAST_RADIUS_OFFLINE:-refuse-destructive}
  if [[ ${__br_offline_said-} != 1 ]]; then
    ((__br_offline_said = 1))
    if [[ $mode == allow ]]; then
      __br_say 'guard not connected — commands run unchecked until the editor is back'
    else
      __br_say 'guard not connected — destructive commands are refused until the editor is back'
    fi
  fi
  if __br_destructive "$1"; then
    if [[ $mode == allow ]]; then
      __br_say "not checked: looks destructive ($__br_why)"
      builtin printf -v __br_verdict %s allow
      return 0
    fi
    builtin printf -v __br_verdict %s deny
    builtin printf -v __br_reason %s "looks destructive ($__br_why) and the guard is not connected; not run"
    return 1
  fi
  builtin printf -v __br_verdict %s allow
  return 0
}
