# Blast Radius guard client for shells that cannot open a TCP connection themselves (fish).
#   bash bash-client.sh <shell> <pid> <seq> [<flags>] -- <line>
#   bash bash-client.sh hello <shell> <pid>
# (<flags> as in the protocol: `tampered=…` when the shell found its guard tampered with.)
# Exit status 0: the line may run; 1: refused. On stdout: "offline" when the editor was not
# reachable (the caller remembers that it already told the person), "server <port> <token>"
# when the editor's server moved (the caller adopts it). Messages for the person (held,
# refused, not connected) go to the terminal.
builtin source "${BASH_SOURCE[0]%/*}/bash-common.sh" || exit 1
[[ ${BLAST_RADIUS_OFFLINE_SAID-} == 1 ]] && __br_offline_said=1
# `bash-client.sh hello <shell> <pid>`: says this shell is guarded; prints "<port> <token>" when
# the editor's server moved; exit status 1 when the editor is not reachable.
if [[ ${1-} == hello ]]; then
  __br_hello "$2" "$3" && exit 0
  if __br_rediscover && __br_hello "$2" "$3"; then
    builtin printf '%s %s\n' "$BLAST_RADIUS_GUARD_PORT" "$BLAST_RADIUS_GUARD_TOKEN"
    exit 0
  fi
  __br_offline '' >/dev/null
  exit 1
fi
__br_shell=$1 __br_pid=$2 __br_seq=$3
shift 3
__br_flags=-
if [[ ${1-} != -- && $# -gt 1 ]]; then
  __br_flags=$1
  shift
fi
[[ ${1-} == -- ]] && shift
__br_was=${BLAST_RADIUS_GUARD_PORT-}:${BLAST_RADIUS_GUARD_TOKEN-}
__br_ask "$__br_shell" "$__br_pid" "$__br_seq" "$__br_flags" "${1-}"
__br_st=$?
if [[ $__br_was != "${BLAST_RADIUS_GUARD_PORT-}:${BLAST_RADIUS_GUARD_TOKEN-}" ]]; then
  builtin printf 'server %s %s\n' "$BLAST_RADIUS_GUARD_PORT" "$BLAST_RADIUS_GUARD_TOKEN"
fi
if ((__br_st == 2)); then
  builtin printf 'offline\n'
  __br_offline "${1-}"
  __br_st=$?
fi
if ((__br_st == 0)); then
  [[ -z $__br_reason ]] || __br_say "$__br_reason"
  exit 0
fi
[[ -z $__br_reason ]] || __br_say "refused: $__br_reason"
exit 1
