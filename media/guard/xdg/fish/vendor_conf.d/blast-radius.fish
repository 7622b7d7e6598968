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
        port=$BLAST_RADIUS_GUARD_PORT token=$BLAST_RADIUS_GUARD_TOKEN
        [[ $port != *[!0-9]* && $token != *[!A-Za-z0-9_-]* ]] || exit 1
        exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
        printf "BR1 HELLO %s fish %s 1\n" "$token" "$1" >&3
        IFS= read -r -t 3 -u 3 resp
        [[ $resp == "BR1 OK"* ]]' fish $fish_pid 2>/dev/null
    or begin
        BASH_ENV= bash --norc --noprofile -c 'source "$1/bash-common.sh"; __br_offline ""' fish $__br_gdir
        set -g __br_offline_said 1
    end
end
