# Blast Radius: first of the startup files zsh reads from our ZDOTDIR (the extension points
# ZDOTDIR here). Each of our startup files reads the person's own file of the same name from
# their ZDOTDIR (BLAST_RADIUS_USER_ZDOTDIR, else HOME) with ZDOTDIR set to it, then points
# ZDOTDIR back here so zsh reads our next file. When VS Code's shell integration is on, VS Code
# reads these files in turn, as the "user" files it chains to.
__br_zdir=${${(%):-%x}:A:h}
ZDOTDIR=${BLAST_RADIUS_USER_ZDOTDIR:-$HOME}
[[ $ZDOTDIR != $__br_zdir && -f $ZDOTDIR/.zshenv ]] && builtin source "$ZDOTDIR/.zshenv"
# the person's .zshenv may move their ZDOTDIR; follow it
[[ $ZDOTDIR != $__br_zdir ]] && export BLAST_RADIUS_USER_ZDOTDIR=$ZDOTDIR
ZDOTDIR=$__br_zdir
# Non-interactive `zsh -c '<string>'`: check the string before it runs.
if [[ ! -o interactive && -n ${ZSH_EXECUTION_STRING-} && -n ${BLAST_RADIUS_GUARD_PORT-} ]]; then
  builtin source "$__br_zdir/zsh-common.zsh" && __br_check_child
fi
