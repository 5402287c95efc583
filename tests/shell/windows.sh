#!/usr/bin/env bash
# Windows: new-window (-n -d -t -P -F), select/next/previous-window, rename-window,
# kill-window (-a), list-windows (default, -a, -F, -J), base-index and window targets.
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s keeper cat
amux new-session -d -s s -n first cat
expect_ok "new-window -P" "s:1.0" new-window -P -t s -n second cat
expect_ok "new-window -d -F" "@3 third 0" new-window -d -P -F '#{window_id} #{window_name} #{window_active}' -t s -n third cat
expect_ok "current window" "second" display -p -t s '#{window_name}'
expect_ok "new-window at an index" "s:7" new-window -d -P -F '#{session_name}:#{window_index}' -t s:7 -n seventh cat
expect_error "index in use" "create window failed: index 7 in use" new-window -t s:7 cat
expect_error "bad index" "invalid index: x" new-window -t s:x cat
expect_error "new-window missing session" "can't find session: nope" new-window -t nope:1 cat
# tmux's default lines: flags (* current, - last) and the layout.
expect_ok "list-windows" "0: first- (1 panes) [80x24] [layout b25e,80x24,0,0,1] @1
1: second* (1 panes) [80x24] [layout b25f,80x24,0,0,2] @2 (active)
2: third (1 panes) [80x24] [layout b260,80x24,0,0,3] @3
7: seventh (1 panes) [80x24] [layout b261,80x24,0,0,4] @4" list-windows -t s
expect_eq "list-windows -F" "0:first:0 1:second:1 2:third:0 7:seventh:0" "$(amux list-windows -t s -F '#{window_index}:#{window_name}:#{window_active}' | tr '\n' ' ' | sed 's/ $//')"
run list-windows -t s -J
expect_eq "list-windows -J first" '[{"session_name":"s","window_id":"@1","window_index":0,"window_name":"first","window_active":0,"window_panes":1,"window_width":80,"window_height":24}' "$(echo "$OUT" | cut -d'}' -f1)}"

# Selecting windows.
expect_ok "select-window by index" "" select-window -t s:2
expect_ok "selected" "third" display -p -t s '#{window_name}'
expect_ok "select-window by name" "" select-window -t s:first
expect_ok "select-window -l" "" select-window -l -t s
expect_ok "last window" "third" display -p -t s '#{window_name}'
expect_ok "select-window by id" "" select-window -t @4
expect_ok "by id" "seventh" display -p -t s '#{window_name}'
expect_ok "next-window wraps" "" next-window -t s
expect_ok "wrapped to first" "first" display -p -t s '#{window_name}'
expect_ok "previous-window wraps" "" previous-window -t s
expect_ok "wrapped to last" "seventh" display -p -t s '#{window_name}'
expect_ok "window name prefix" "" select-window -t s:sec
expect_ok "prefix selected" "1" display -p -t s '#{window_index}'
# -n/-p step from the session's current window (here index 1), -T toggles to the last.
expect_ok "select-window -n" "" select-window -n -t s:7
expect_ok "next of the current" "2" display -p -t s '#{window_index}'
expect_ok "select-window -p" "" select-window -p -t s
expect_ok "previous of the current" "1" display -p -t s '#{window_index}'
expect_ok "select-window -T, another window" "" select-window -T -t s:7
expect_ok "-T selects it" "7" display -p -t s '#{window_index}'
expect_ok "select-window -T, the current one" "" select-window -T -t s:7
expect_ok "-T goes to the last" "1" display -p -t s '#{window_index}'
amux new-session -d -s solo cat
expect_error "select-window -n alone" "no next window" select-window -n -t solo
expect_error "select-window -p alone" "no previous window" select-window -p -t solo
amux kill-session -t solo
expect_error "missing window" "can't find window: 5" select-window -t s:5
expect_error "missing window name" "can't find window: nope" select-window -t s:nope
expect_error "missing window id" "can't find window: @99" select-window -t @99

# Renaming and killing.
expect_ok "rename-window" "" rename-window -t s:1 renamed
expect_ok "renamed" "renamed" display -p -t s:1 '#{window_name}'
expect_error "rename missing" "can't find window: 9" rename-window -t s:9 x
expect_ok "kill-window" "" kill-window -t s:1
expect_eq "remaining windows" "0 2 7" "$(amux list-windows -t s -F '#{window_index}' | tr '\n' ' ' | sed 's/ $//')"
expect_ok "kill-window -a" "" kill-window -a -t s:2
expect_eq "only one left" "2" "$(amux list-windows -t s -F '#{window_index}')"
amux kill-window -t s:2
expect_error "last window ends the session" "can't find session: s" has-session -t s

# base-index and list-windows -a.
amux set-option -g base-index 1
amux new-session -d -s b cat
amux new-window -d -t b cat
expect_eq "base-index" "b:1 b:2" "$(amux list-windows -a -t b -F '#{session_name}:#{window_index}' | grep '^b' | tr '\n' ' ' | sed 's/ $//')"
# (automatic-rename names a window after its program once it runs: waited for, as a slow
# machine may show the shell that starts it first)
wait_until 10 sh -c "! '$AMUX_BIN' -S '$SOCK' list-windows -a -F '#{window_name}' | grep -qvx cat"
expect_ok "list-windows -a" "b:1: cat* (1 panes) [80x24] 
b:2: cat (1 panes) [80x24] 
keeper:0: cat* (1 panes) [80x24] " list-windows -a
amux kill-window -t b:2
expect_error "no next window" "no next window" next-window -t b
expect_error "next-window missing session" "can't find session: zz" next-window -t zz
expect_error "previous-window missing session" "can't find session: zz" previous-window -t zz
expect_error "kill-window missing" "can't find window: 9" kill-window -t b:9
expect_error "list-windows missing session" "can't find session: zz" list-windows -t zz
expect_error "new-window bad environment" "invalid environment: X" new-window -t b -e X cat
expect_error "no previous window" "no previous window" previous-window -t b
expect_error "no last window" "no last window" select-window -l -t b

finish
