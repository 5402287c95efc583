#!/usr/bin/env bash
# tmux's hooks: set-hook -g/-t/-w/-p/-a/-u/-R and name[i], show-hooks at each level, every
# hook amux fires (after-COMMAND, session-*, window-*, client-*, pane-*), the hook_*
# formats, a session's hook before the global one, hooks that fire no hooks, the way
# tmuxp uses them (a hook that removes itself), and every error.
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s s -x 80 -y 24 cat
SID=$(amux display -p -t s '#{session_id}')

# opt_is NAME VALUE: the global user option NAME holds VALUE.
opt_is() { [ "$(amux show-options -gv "$1" 2>/dev/null)" = "$2" ]; }
# hook_ok NAME OPTION EXPECTED: a hook set OPTION to EXPECTED.
hook_ok() {
  if wait_until 5 opt_is "$2" "$3"; then pass; else
    fail "$1" "expected: $3" "actual:   $(amux show-options -gv "$2" 2>&1)"
  fi
}

# The hooks set at a level (show-hooks -g lists the others by name too).
set_hooks() { amux show-hooks "$@" | grep -F '['; }

# Setting, appending, indexes, showing.
expect_ok "set-hook -g" "" set-hook -g after-new-window 'set -gF @after "#{hook}|#{window_name}|#{session_name}"'
expect_ok "set-hook -a" "" set-hook -ag after-new-window 'set -ga @after "|second"'
# Shown as tmux shows them: parsed, each command by its full name, flags together.
expect_eq "show-hooks -g" 'after-new-window[0] set-option -Fg @after "#{hook}|#{window_name}|#{session_name}"
after-new-window[1] set-option -ag @after |second' "$(set_hooks -g)"
expect_eq "show-hooks -g lists every hook, one not set by its name" "after-bind-key after-capture-pane" "$(amux show-hooks -g | head -2 | tr '\n' ' ' | sed 's/ $//')"
expect_eq "tmux's after-queue is a hook" "after-queue" "$(amux show-hooks -g after-queue)"
expect_ok "after-new-window fires" "" new-window -d -t s -n w2 cat
hook_ok "its commands ran in order, for the new window" @after "after-new-window|w2|s|second"
expect_ok "set an index" "" set-hook -g 'after-new-window[5]' 'display x'
expect_ok "-a takes the first free index" "" set-hook -ag after-new-window 'display y'
expect_ok "indexes" "after-new-window[0] after-new-window[1] after-new-window[2] after-new-window[5]" display -p "$(set_hooks -g | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//')"
expect_ok "show one index" "after-new-window[5] display-message x" show-hooks -g 'after-new-window[5]'
expect_ok "-u one index" "" set-hook -gu 'after-new-window[5]'
expect_ok "show one hook" 'after-new-window[0] set-option -Fg @after "#{hook}|#{window_name}|#{session_name}"
after-new-window[1] set-option -ag @after |second
after-new-window[2] display-message y' show-hooks -g after-new-window
expect_ok "a bare name replaces them all" "" set-hook -g after-new-window 'set -gF @after "#{hook_window_name}"'
expect_eq "replaced" 'after-new-window[0] set-option -Fg @after "#{hook_window_name}"' "$(set_hooks -g)"
expect_ok "-J" '[{"hook_name":"after-new-window","hook_index":0,"hook_command":"set-option -Fg @after \"#{hook_window_name}\""}]' show-hooks -gJ
expect_ok "-u the hook" "" set-hook -gu after-new-window
expect_eq "none left" "" "$(set_hooks -g)"

# Session hooks: the session's own stands before the global one.
amux new-session -d -s t -x 80 -y 24 cat
TID=$(amux display -p -t t '#{session_id}')
expect_ok "global session-renamed" "" set-hook -g session-renamed 'set -gF @renamed "global #{hook_session_name} #{hook_session}"'
expect_ok "session-renamed on s" "" set-hook -t s session-renamed 'set -gF @renamed "own #{hook_session_name} #{hook_session}"'
expect_ok "show-hooks -t" 'session-renamed[0] set-option -Fg @renamed "own #{hook_session_name} #{hook_session}"' show-hooks -t s
expect_ok "show-hooks of a session without" "" show-hooks -t t
amux rename-session -t s s2
hook_ok "the session's hook" @renamed "own s2 $SID"
amux rename-session -t t t2
hook_ok "the global hook for another" @renamed "global t2 $TID"
amux rename-session -t s2 s
amux rename-session -t t2 t
expect_ok "-u the session's hook" "" set-hook -u -t s session-renamed
expect_ok "-u the global one" "" set-hook -gu session-renamed

# Sessions and windows coming and going.
expect_ok "session-created" "" set-hook -g session-created 'set -gF @created "#{hook} #{hook_session_name} #{session_name}"'
expect_ok "session-closed" "" set-hook -g session-closed 'set -gF @closed "#{hook} #{hook_session_name}"'
expect_ok "window-linked" "" set-hook -g window-linked 'set -gaF @linked "#{hook_session_name}:#{hook_window_name} "'
expect_ok "window-unlinked" "" set-hook -g window-unlinked 'set -gaF @unlinked "#{hook_session_name}:#{hook_window_name} "'
amux new-session -d -s u -n first cat
hook_ok "session-created ran, as the session" @created "session-created u u"
hook_ok "window-linked for its window" @linked "u:first "
amux move-window -s u:first -t s:7
hook_ok "moving links where it went" @linked "u:first s:first "
hook_ok "and unlinks where it was" @unlinked "u:first "
hook_ok "the emptied session closed" @closed "session-closed u"
amux kill-window -t s:7
hook_ok "kill-window unlinks" @unlinked "u:first s:first "
for h in session-created session-closed window-linked window-unlinked; do amux set-hook -gu $h; done

# Window hooks: -gw globally, -w on a window (the default), -p on a pane.
expect_ok "window-renamed -gw" "" set-hook -g window-renamed 'set -gF @wrenamed "global #{hook_window_name} #{hook_window}"'
expect_eq "shown with -gw" 'window-renamed[0] set-option -Fg @wrenamed "global #{hook_window_name} #{hook_window}"' "$(set_hooks -gw)"
expect_eq "not among session hooks" "" "$(set_hooks -g)"
W1=$(amux display -p -t s:1 '#{window_id}')
expect_ok "window-renamed on s:1" "" set-hook -t s:1 window-renamed 'set -gF @wrenamed "own #{hook_window_name} #{hook_window}"'
expect_ok "show-hooks -w" 'window-renamed[0] set-option -Fg @wrenamed "own #{hook_window_name} #{hook_window}"' show-hooks -w -t s:1
amux rename-window -t s:1 named
hook_ok "the window's hook" @wrenamed "own named $W1"
amux rename-window -t s:0 zero
hook_ok "the global hook for another" @wrenamed "global zero $(amux display -p -t s:0 '#{window_id}')"
expect_ok "select-window" "" set-hook -t s session-window-changed 'set -gF @swc "#{hook_session_name} #{window_name}"'
amux select-window -t s:1
hook_ok "session-window-changed, its window current" @swc "s named"
expect_ok "window-pane-changed" "" set-hook -t s:1 window-pane-changed 'set -gF @wpc "#{hook_window_name} #{pane_index}"'
expect_ok "window-layout-changed" "" set-hook -t s:1 window-layout-changed 'set -gF @wlc "#{hook_window_name} #{window_panes}"'
amux split-window -d -t s:1 cat
hook_ok "a split changes the layout" @wlc "named 2"
amux select-pane -t s:1.1
hook_ok "select-pane changes the active pane" @wpc "named 1"
amux set-option -g @wlc ''
amux select-layout -t s:1 even-vertical
hook_ok "select-layout changes it" @wlc "named 2"
expect_ok "window-resized" "" set-hook -t s:1 window-resized 'set -gF @resized "#{hook_window_name} #{window_width}x#{window_height}"'
amux resize-window -t s:1 -x 100 -y 30
hook_ok "resize-window" @resized "named 100x30"

# Pane hooks: a program that ends, with and without remain-on-exit, and a title.
amux new-window -d -t s:3 -n panes /bin/sh
P3=$(amux display -p -t s:3 '#{pane_id}')
expect_ok "pane-title-changed on a pane" "" set-hook -p -t "$P3" pane-title-changed 'set -gF @title "#{hook_pane} #{pane_title}"'
expect_ok "show-hooks -p" 'pane-title-changed[0] set-option -Fg @title "#{hook_pane} #{pane_title}"' show-hooks -p -t "$P3"
amux send-keys -t "$P3" "printf '\\033]2;building\\007'" Enter
hook_ok "the title changed" @title "$P3 building"
expect_ok "pane-exited" "" set-hook -g pane-exited 'set -gF @exited "#{hook} #{hook_pane} #{hook_window_name}"'
amux split-window -d -t s:3 /bin/sh
P4=$(amux display -p -t s:3.1 '#{pane_id}')
amux send-keys -t "$P4" 'exit' Enter
hook_ok "pane-exited ran" @exited "pane-exited $P4 panes"
expect_ok "remain-on-exit" "" set-option -w -t s:3 remain-on-exit on
expect_ok "pane-died on the window" "" set-hook -w -t s:3 pane-died 'set -gF @died "#{hook} #{hook_pane} #{pane_dead}"'
amux send-keys -t "$P3" 'exit 3' Enter
hook_ok "pane-died ran, the pane is there dead" @died "pane-died $P3 1"

# Clients: a control client attaching, switching and leaving.
amux set-hook -g client-attached 'set -gaF @clients "attached:#{hook_session_name} "'
amux set-hook -g client-session-changed 'set -gaF @clients "changed:#{hook_session_name} "'
amux set-hook -g client-detached 'set -gaF @clients "detached:#{hook_session_name} "'
printf 'switch-client -t t\n' | amux -C attach -t s >/dev/null
hook_ok "client hooks in order" @clients "changed:s attached:s changed:t detached:t "
run show-hooks -g -F '#{hook_name}'
expect_eq "client hooks are session hooks" "client-attached client-detached client-session-changed" "$(echo "$OUT" | tr '\n' ' ' | sed 's/ $//')"
for h in client-attached client-session-changed client-detached; do amux set-hook -gu $h; done

# tmuxp's way: a session hook whose commands remove it.
expect_ok "a hook that removes itself" "" set-hook -t t client-attached "set -g @once yes; set-hook -u -t $TID client-attached; selectw -p"
printf '' | amux -C attach -t t >/dev/null
hook_ok "it ran" @once "yes"
expect_ok "and is gone" "" show-hooks -t t

# Hooks fire no hooks: after-set-option runs once per set, not for its own set.
expect_ok "after-set-option" "" set-hook -g after-set-option 'set -ga @n x'
amux set-option -g @trigger 1
hook_ok "ran once" @n "x"
amux set-option -g @trigger 2
hook_ok "once again, not for its own set" @n "xx"
amux set-hook -gu after-set-option

# -R runs a hook now, for the target.
expect_ok "a hook to run" "" set-hook -t t session-created 'set -gF @ran "#{hook} #{hook_session_name}"'
expect_ok "set-hook -R" "" set-hook -R -t t session-created
hook_ok "-R ran it" @ran "session-created t"

# Errors change nothing.
expect_error "unknown hook" "unknown hook: nosuch" set-hook -g nosuch 'display x'
expect_error "after an unknown command" "unknown hook: after-nosuch" set-hook -g after-nosuch 'display x'
expect_error "an alias is no hook name" "unknown hook: after-neww" set-hook -g after-neww 'display x'
expect_error "bad index" "bad hook index: window-linked[-1]" set-hook -g 'window-linked[-1]' 'display x'
expect_error "no command" "no command given for hook window-linked" set-hook -g window-linked
expect_error "unknown command" "unknown command: nosuch" set-hook -g window-linked nosuch
expect_error "bad flag in the command" "command select-window: unknown flag -x" set-hook -g window-linked 'select-window -x'
expect_error "-R with a command" "-R takes no command" set-hook -R -g window-linked 'display x'
expect_error "-u with a command" "-u takes no command" set-hook -gu window-linked 'display x'
expect_error "no such session" "can't find session: nosuch" set-hook -t nosuch session-created 'display x'
expect_error "no such pane" "can't find pane: %99" set-hook -p -t %99 pane-exited 'display x'
expect_error "show-hooks unknown" "unknown hook: nosuch" show-hooks -g nosuch
expect_ok "nothing was set: the name alone, as tmux" "window-linked" show-hooks -g window-linked
expect_alive "server alive"

finish
