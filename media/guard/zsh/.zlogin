# Blast Radius: reads the person's .zlogin (see .zshenv).
ZDOTDIR=${BLAST_RADIUS_USER_ZDOTDIR:-$HOME}
[[ $ZDOTDIR != $__br_zdir && -f $ZDOTDIR/.zlogin ]] && builtin source "$ZDOTDIR/.zlogin"
ZDOTDIR=$__br_zdir
