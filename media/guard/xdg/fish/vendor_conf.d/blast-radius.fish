# Blast Radius terminal guard for interactive fish. The extension prepends this folder's
# grandparent to XDG_DATA_DIRS, and fish reads every vendor_conf.d/*.fish there at startup.
#
# How a line is checked (docs/guard.md): Enter is bound to __br_enter, which takes the whole
# command line from the editor buffer once it is complete and asks the Blast Radius server in
# the editor, through a small bash client (fish cannot open a TCP connection itself). Only an
# allowed line is executed; a refused line is cleared from the buffer and never runs. The
# binding is checked at every prompt and put back if something replaced it.
#
# Tamper resistance (docs/security.md): the bash the client runs and the client's path are
# resolved once, here, and written into the function that starts it (a `bash` earlier in PATH
# or a changed variable cannot replace them). Every prompt and every Enter checks that the
# guard's functions are as installed and that Enter is bound to it in every key-binding mode;
# what was changed is put back and the next line refused with "guard tampered". A line that
# runs without passing through Enter as it was checked (another key bound to `execute`, an
# abbreviation expanded on Enter) is checked by the fish_preexec handler; if refused there,
# where fish can no longer stop it, the shell exits rather than run it.

status is-interactive; or return 0
set -q __br_seq; or set -g __br_seq 0
set -q __br_offline_said; or set -g __br_offline_said 0

# The bash client, with the paths resolved now: `bash` from PATH and this folder's guard scripts.
set -l __br_g (path resolve (status dirname)/../../..)
set -l __br_b (command -s bash)
test -n "$__br_b"; or set __br_b bash
eval "function __br_client --description 'Blast Radius: ask the editor through the bash client'
    BASH_ENV= BLAST_RADIUS_OFFLINE_SAID=\$__br_offline_said "(string escape -- $__br_b)" --norc --noprofile "(string escape -- $__br_g/bash-client.sh)" \$argv
end"
eval "function __br_restore --description 'Blast Radius: put the guard back'
    source "(string escape -- (status filename))"
end"

# Asks about a line; 0 when it may run. Adopts a moved server, remembers being offline.
function __br_ask
    set -l flags -
    if set -q __br_tampered[1]
        set flags tampered=(string join . -- $__br_tampered)
    end
    set -g __br_seq (math $__br_seq + 1)
    set -l out (__br_client fish $fish_pid $__br_seq $flags -- "$argv[1]")
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
    return $st
end

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
    __br_intact
    if set -q __br_tampered[1]
        set -l what (string join ', ' -- $__br_tampered)
        __br_ask "$line"
        set -e __br_tampered
        echo "blast-radius: guard tampered ($what): this line is refused; the guard has been put back" >/dev/tty
        commandline -r ''
        commandline -f repaint
        return
    end
    if __br_ask "$line"
        set -g __br_approved $line
        commandline -f execute
    else
        commandline -r ''
        commandline -f repaint
    end
end

# Enter in every key-binding mode (not bracketed paste's, where Enter only inserts a newline).
function __br_bind
    for mode in (bind -L) default insert
        test $mode = paste; and continue
        bind -M $mode \r __br_enter
        bind -M $mode \n __br_enter
    end
end

# Every prompt: the guard is intact (or put back, and the next line refused).
function __br_keep_bound --on-event fish_prompt
    __br_intact
end

# A line about to run that did not pass through Enter as checked: check it now. fish cannot
# stop it here any more, so a refusal ends the shell instead of running it.
function __br_preexec --on-event fish_preexec
    if set -q __br_approved; and test "$argv[1]" = "$__br_approved"
        set -e __br_approved
        return
    end
    set -e __br_approved
    string match -qr '\S' -- "$argv[1]"; or return
    __br_intact
    if not __br_ask "$argv[1]"
        echo "blast-radius: refused: this line did not pass the guard's Enter check, and fish cannot stop it now; the shell exits instead" >/dev/tty
        exit 1
    end
end

# Compares the guard's functions with the copies taken when it was installed and Enter with its
# binding in every mode; puts back what changed and notes it (the next line is refused).
function __br_intact
    for f in $__br_fn_names
        set -l now (functions $f 2>/dev/null | string collect)
        set -l was __br_fn_$f
        if test "$now" != "$$was"
            contains -- function $__br_tampered; or set -g __br_tampered $__br_tampered function
            __br_restore
            return
        end
    end
    for mode in (bind -L)
        test $mode = paste; and continue
        for key in \r \n
            if not string match -q '*__br_enter' -- (bind -M $mode $key 2>/dev/null)
                contains -- binding $__br_tampered; or set -g __br_tampered $__br_tampered binding
                __br_bind
                return
            end
        end
    end
end

__br_bind
# What the guard checks against: its functions as installed, now.
set -g __br_fn_names __br_client __br_restore __br_ask __br_enter __br_bind __br_keep_bound __br_preexec __br_intact
for f in $__br_fn_names
    set -g __br_fn_$f (functions $f | string collect)
end

# Tell the editor this shell is guarded (once).
if not set -q __br_v; and test -n "$BLAST_RADIUS_GUARD_PORT"
    set -g __br_v 1
    __br_client hello fish $fish_pid | read -l __br_port __br_token
    if test $pipestatus[1] -ne 0
        set -g __br_offline_said 1
    else if test -n "$__br_port"
        set -gx BLAST_RADIUS_GUARD_PORT $__br_port
        set -gx BLAST_RADIUS_GUARD_TOKEN $__br_token
    end
end
