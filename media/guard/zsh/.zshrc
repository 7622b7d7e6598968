# Blast Radius: reads the person's .zshrc (see .zshenv), then installs the terminal guard.
ZDOTDIR=${BLAST_RADIUS_USER_ZDOTDIR:-$HOME}
[[ $ZDOTDIR != $__br_zdir && -f $ZDOTDIR/.zshrc ]] && builtin source "$ZDOTDIR/.zshrc"
ZDOTDIR=$__br_zdir
builtin source "$__br_zdir/zsh-guard.zsh"
