# Blast Radius terminal guard for non-interactive bash, through BASH_ENV.
#
# Every non-interactive bash started from a guarded terminal reads this file before it runs
# anything. For `bash -c '<string>'` (how agents and tools usually run commands) it asks the
# editor about the string and exits with status 126 if the string is refused. Scripts
# (`bash script.sh`) are not checked here: the line that started them was.
# The person's own BASH_ENV, if they had one, is read afterwards.

if [[ -n ${BASH_EXECUTION_STRING-} && $- != *i* && -n ${BLAST_RADIUS_GUARD_PORT-} ]]; then
  if builtin source "${BASH_SOURCE[0]%/*}/bash-common.sh"; then
    __br_ask bash "$$" 0 "child,ppid=$PPID" "$BASH_EXECUTION_STRING"
    __br_st=$?
    if ((__br_st == 2)); then
      __br_offline "$BASH_EXECUTION_STRING"
      __br_st=$?
    fi
    if ((__br_st != 0)); then
      __br_say "refused: ${__br_reason:-not allowed by the guard}"
      builtin exit 126
    fi
    [[ -z $__br_reason ]] || __br_say "$__br_reason"
  fi
fi
if [[ -n ${BLAST_RADIUS_USER_BASH_ENV-} && -r $BLAST_RADIUS_USER_BASH_ENV ]]; then
  builtin source "$BLAST_RADIUS_USER_BASH_ENV"
fi
