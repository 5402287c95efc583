#!/usr/bin/env bash
# Options as tmux keeps them: server (-s), session, window (-w) and pane (-p) levels, user
# options (@name), -A, -a, -o, -F, -q, -u/-U, quoting, setw/showw, options in formats, and
# the tmux options amux acts on (pane-base-index, renumber-windows, buffer-limit,
# synchronize-panes, default-terminal, exit-empty, main-pane-*).
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s s -x 40 -y 20 cat
amux split-window -d -t s cat
P0=$(amux display -p -t s:0.0 '#{pane_id}')
P1=$(amux display -p -t s:0.1 '#{pane_id}')

# User options, a level each.
expect_ok "session user option" "" set-option -t s @who 'Ada Lovelace'
expect_ok "shown quoted" '@who "Ada Lovelace"' show-options -t s @who
expect_ok "-v unquoted" "Ada Lovelace" show-options -v -t s @who
expect_ok "window user option" "" set-option -w -t s @w 1
expect_ok "pane user option" "" set-option -p -t "$P1" @p x
expect_ok "server user option" "" set-option -s @srv on
expect_ok "global user option" "" set-option -g @g 7
expect_ok "show session level" '@who "Ada Lovelace"' show-options -t s
expect_ok "show window level" "@w 1" show-options -w -t s
expect_ok "show pane level" "@p x" show-options -p -t "$P1"
expect_ok "show server level" "@srv on" show-options -s @srv
expect_error "not at this level" "invalid option: @g" show-options -t s @g
expect_ok "-A: inherited, marked" "@g* 7" show-options -A -t s @g
expect_ok "in formats, most specific first" "Ada Lovelace|1|x|on|7|" display -p -t "$P1" '#{@who}|#{@w}|#{@p}|#{@srv}|#{@g}|#{@none}'
expect_ok "known options in formats" "2000|0|10" display -p -t s '#{history-limit}|#{pane-base-index}|#{escape-time}'
expect_ok "-a appends" "" set-option -a -t s @who ' (1815)'
expect_ok "appended" "Ada Lovelace (1815)" show-options -v -t s @who
expect_error "-o refuses a set value" "already set: @who" set-option -o -t s @who other
expect_ok "-oq is quiet" "" set-option -oq -t s @who other
expect_ok "-o sets an unset one" "" set-option -o -t s @new first
expect_ok "-F expands" "" set-option -F -t s @name '#{session_name}:#{window_index}'
expect_ok "expanded value" "s:0" show-options -v -t s @name
expect_ok "-u unsets" "" set-option -u -t s @new
expect_error "unset is gone" "invalid option: @new" show-options -v -t s @new
expect_error "unknown option" "invalid option: nope" set-option nope 1
expect_ok "a unique prefix names the option" "" set-option -g history-lim 3000
expect_ok "set under its whole name" "history-limit 3000" show-options -g history-limit
expect_ok "show by a prefix" "3000" show-options -gv history-l
expect_error "an ambiguous prefix" "ambiguous option: status-l" set-option -g status-l x
expect_error "shown neither" "ambiguous option: status-l" show-options -g status-l
expect_ok "-q: ambiguous is no error" "" set-option -gq status-l x
expect_ok "back to the default" "" set-option -gu history-limit
expect_ok "-q: unknown is no error" "" set-option -q nope 1
expect_error "bad choice" "invalid value for mode-keys: emacsish" set-option -w mode-keys emacsish
expect_error "user option needs a value" "missing value for option: @x" set-option @x
# A known option goes to its own level whatever the flags say, as tmux.
expect_ok "set -w of a session option" "" set-option -w -t s history-limit 3000
expect_ok "it went to the session" "history-limit 3000" show-options -t s history-limit
expect_ok "set -g of a server option" "" set-option -g escape-time 20
expect_ok "it went to the server" "20" show-options -sv escape-time
# Pane level: a window option set on one pane; -U clears it from the panes too.
expect_ok "pane remain-on-exit" "" set-option -p -t "$P1" remain-on-exit on
expect_ok "pane has it" "remain-on-exit on" show-options -p -t "$P1" remain-on-exit
expect_ok "window does not" "" show-options -w -t s remain-on-exit
expect_ok "pane -A inherits the window's" "remain-on-exit* off" show-options -A -p -t "$P0" remain-on-exit
expect_ok "-U" "" set-option -U -t s remain-on-exit
expect_ok "pane cleared" "" show-options -p -t "$P1" remain-on-exit
# setw and showw are set-option -w and show-options -w.
expect_ok "setw" "" set-window-option -t s automatic-rename off
expect_ok "showw" "@w 1
automatic-rename off" show-window-options -t s
expect_ok "showw -g" "0" show-window-options -gv pane-base-index
expect_ok "setw of a user option" "" setw -t s @viaw yes
expect_ok "it is a window option" "@viaw yes" showw -t s @viaw
expect_ok "set empty" "" set-option -t s @e ''
expect_ok "empty shown as ''" "@e ''" show-options -t s @e

# pane-base-index: indexes in formats and targets start there.
amux set-option -w -t s pane-base-index 1
expect_ok "pane_index from 1" "1 $P0
2 $P1" list-panes -t s -F '#{pane_index} #{pane_id}'
expect_ok "target .2" "$P1" display -p -t s:0.2 '#{pane_id}'
expect_error "target .0 is gone" "can't find pane: 0" display -p -t s:0.0 x
amux set-option -w -t s pane-base-index 0

# synchronize-panes: keys sent to one pane reach the others that have it on; -l does not.
amux set-option -w -t s synchronize-panes on
amux send-keys -t "$P0" sync-word Enter
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t '$P1' | grep -q sync-word"
expect_ok "pane 1 got the keys" "sync-word
sync-word" capture-pane -p -t "$P1" -E 1
amux set-option -p -t "$P1" synchronize-panes off
amux send-keys -t "$P0" only-zero Enter
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t '$P0' | grep -q only-zero"
amux send-keys -t "$P1" marker Enter
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t '$P1' | grep -q marker"
expect_ok "a pane with it off gets nothing" "sync-word
sync-word
marker
marker" capture-pane -p -t "$P1" -E 3

# main-horizontal and main-pane-height.
amux set-option -w -t s main-pane-height 6
amux select-layout -t s main-horizontal
expect_ok "main-horizontal" "0,0 40x6
0,7 40x13" list-panes -t s -F '#{pane_left},#{pane_top} #{pane_width}x#{pane_height}'

# renumber-windows: closing a window renumbers the rest from base-index.
amux new-session -d -s r cat
amux new-window -d -t r:3 cat
amux new-window -d -t r:7 cat
amux set-option -t r renumber-windows on
amux kill-window -t r:3
expect_ok "renumbered" "0
1" list-windows -t r -F '#{window_index}'

# buffer-limit: the oldest buffers go past it.
amux set-option -s buffer-limit 2
for b in one two three; do amux set-buffer "$b"; done
expect_ok "buffer-limit" "three
two" list-buffers -F '#{buffer_sample}'

# default-terminal: TERM for new panes.
amux set-option -s default-terminal screen
amux new-window -d -t s "printf '%s' \"\$TERM\" >$TEST_DIR/term; exec cat"
wait_until 5 test -s "$TEST_DIR/term"
expect_eq "default-terminal" "screen" "$(cat "$TEST_DIR/term")"

# exit-empty off: the server stays without sessions; on again, it exits.
amux set-option -s exit-empty off
amux kill-session -t s
amux kill-session -t r
expect_ok "still serving" "" list-sessions
amux set-option -s exit-empty on
wait_until 5 sh -c "! '$AMUX_BIN' -S '$SOCK' list-sessions 2>/dev/null"
expect_eq "exited once on" "1" "$(amux list-sessions >/dev/null 2>&1; echo $?)"
finish
