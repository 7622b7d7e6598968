# Blast Radius terminal guard for interactive fish. The extension prepends this folder's
# grandparent to XDG_DATA_DIRS, and fish reads every vendor_conf.d/*.fish there at startup.
#
# How a line is checked (docs/guard.md): Enter is bound to __br_enter, which takes the whole
# command line from the editor buffer once it is complete and asks the Blast Radius server in
# the editor, through a small bash client (fish cannot open a TCP connection itself). Only an
# allowed line is executed; a refused line is cleared from the buffer and never runs. The
# binding is checked at every prompt and put back if something replaced it.

status is-interactive; or return 0
set -g __br_gdir (path resolve (status dirname)/../../..)
set -q __br_seq; or set -g __br_seq 0
set -q __br_offline_said; or set -g __br_offline_said 0

function __br_enter --description 'Blast Radius: check the command line, then run it'
    set -l line (commandline | string collect)
    if not string match -qr '\S' -- "$line"
        commandline -f execute
        return
    end
    # Incomplete or erroneous lines are handed to fish unchanged: it adds a line or shows the
    # error; nothing runs until the line is complete, and then it comes back here.
    commandline --is-valid
    if test $status -ne 0
        commandline -f execute
        return
    end
    set -g __br_seq (math $__br_seq + 1)
    set -l out (BASH_ENV= BLAST_RADIUS_OFFLINE_SAID=$__br_offline_said bash --norc --noprofile $__br_gdir/bash-client.sh fish $fish_pid $__br_seq -- "$line")
    set -l st $status
    for o in $out
        set -l w (string split ' ' -- $o)
        if test "$w[1]" = server -a (count $w) -eq 3
            set -gx BLAST_RADIUS_GUARD_PORT $w[2]
            set -gx BLAST_RADIUS_GUARD_TOKEN $w[3]
        end
    end
    if contains -- offline $out
        set -g __br_offline_said 1
    else
        set -g __br_offline_said 0
    end
    if test $st -eq 0
        commandline -f execute
    else
        commandline -r ''
        commandline -f repaint
    end
end

function __br_bind
    for mode in default insert
        bind -M $mode \r __br_enter
        bind -M $mode \n __br_enter
    end
end

function __br_keep_bound --on-event fish_prompt
    string match -q '*__br_enter*' -- (bind \r); or __br_bind
end

__br_bind

# Tell the editor this shell is guarded.
if test -n "$BLAST_RADIUS_GUARD_PORT"
    BASH_ENV= bash --norc --noprofile -c '
        source "$1/bash-common.sh" || exit 1
        __br_hello fish "$2" && exit 0
        __br_rediscover && __br_hello fish "$2" && { printf "%s %s\n" "$BLAST_RADIUS_GUARD_PORT" "$BLAST_RADIUS_GUARD_TOKEN"; exit 0; }
        __br_offline ""; exit 1' fish $__br_gdir $fish_pid | read -l __br_port __br_token
    if test $pipestatus[1] -ne 0
        set -g __br_offline_said 1
    else if test -n "$__br_port"
        set -gx BLAST_RADIUS_GUARD_PORT $__br_port
        set -gx BLAST_RADIUS_GUARD_TOKEN $__br_token
    end
end
