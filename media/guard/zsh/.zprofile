# Blast Radius: reads the person's .zprofile (see .zshenv).
ZDOTDIR=${BLAST_RADIUS_USER_ZDOTDIR:-$HOME}
[[ $ZDOTDIR != $__br_zdir && -f $ZDOTDIR/.zprofile ]] && builtin source "$ZDOTDIR/.zprofile"
ZDOTDIR=$__br_zdir
