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

# Asks about a line (`__br_ask <line> [partial]`); 0 when it may run. Adopts a moved server,
# remembers being offline.
function __br_ask
    set -l flags -
    if set -q argv[2]
        set flags $argv[2]
    end
    if set -q __br_tampered[1]
        set -l t tampered=(string join . -- $__br_tampered)
        if test "$flags" = -
            set flags $t
        else
            set flags $flags,$t
        end
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

# Every prompt: the guard is intact (or put back, and the next line refused), and the prompt
# hooks run code they read at run time only after the editor allowed it (before fish calls them).
function __br_keep_bound --on-event fish_prompt
    __br_intact
    __br_check_hooks
end

# Code that fish's prompt hooks run outside a checked line — what `eval` and `source` get there —
# is judged when it runs, as bash's DEBUG trap does (fish has no per-command hook): in the
# functions fish calls at each prompt and the handlers of the prompt events, `eval`, `source`
# and `.` in command position are rewritten to call __br_eval / __br_source, which ask the
# editor about the code first. The function's text was judged when it was defined.
function __br_check_hooks
    set -l names fish_prompt fish_right_prompt fish_mode_prompt fish_title
    for h in (functions --handlers-type generic 2>/dev/null)
        set -l w (string split ' ' -- $h)
        if contains -- "$w[1]" fish_prompt fish_postexec fish_cancel; and set -q w[2]
            set -a names $w[2]
        end
    end
    for f in $names
        string match -q '__br_*' -- $f; and continue
        functions -q $f; or continue
        set -l def (functions $f | string collect)
        set -l re '(^|[\n;|&(]|\b(?:and|or|not|begin|if|while|else|exec|time|command)[ \t]+)([ \t]*)(?:builtin[ \t]+)?(eval|source|\.)(?=[ \t\n;)]|$)'
        string match -qr -- $re "$def"; or continue
        string replace -ar -- $re '$1$2__br_$3' "$def" | string replace -a -- '__br_.' '__br_source' | source
    end
end

function __br_eval --description 'Blast Radius: eval, after the editor allowed the code'
    set -l code (string join ' ' -- $argv)
    if string match -qr '\S' -- "$code"; and not __br_ask "$code" partial
        echo "blast-radius: refused: a prompt hook's code was not allowed: $code" >/dev/tty
        return 126
    end
    eval $argv
end

function __br_source --description 'Blast Radius: source, after the editor allowed the code'
    set -l code
    set -l file $argv[1]
    if test (count $argv) -eq 0; or test "$file" = -
        set code (string collect)
        set file -
    else if test -f "$file"; and test -r "$file"
        set code (string collect < $file)
    else
        set code "source $argv"
    end
    if string match -qr '\S' -- "$code"; and not __br_ask "$code" partial
        echo "blast-radius: refused: a prompt hook's code was not allowed: source $argv" >/dev/tty
        return 126
    end
    if test "$file" = -
        printf '%s\n' $code | source - $argv[2..-1]
    else
        source $argv
    end
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
set -g __br_fn_names __br_client __br_restore __br_ask __br_enter __br_bind __br_keep_bound __br_check_hooks __br_eval __br_source __br_preexec __br_intact
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
