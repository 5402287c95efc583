#!/usr/bin/env bash
# Windows and panes changing place: move-window (-a -b -k -d -r, to another session),
# swap-window, swap-pane (-s/-t, -U/-D, between windows), break-pane, join-pane and
# move-pane, last-pane, last-window; select-layout with tmux layout strings, -n/-p and
# no name; #{window_layout} as tmux writes it.
. "$(dirname "$0")/lib/test-lib.sh"

windows() { amux list-windows -t "$1" -F '#{window_index}:#{window_name}#{?window_active,*,}' | tr '\n' ' '; }
amux new-session -d -s a -n one -x 80 -y 24 cat
amux new-window -t a -n two cat
amux new-window -t a -n three cat
expect_eq "start" "0:one 1:two 2:three* " "$(windows a)"
expect_error "index in use" "index in use: 2" move-window -s a:1 -t a:2
expect_ok "move to a free index" "" move-window -s a:1 -t a:7
expect_eq "moved and current" "0:one 2:three 7:two* " "$(windows a)"
expect_ok "-d keeps the current window" "" move-window -d -s a:0 -t a:9
expect_eq "moved, not current" "2:three 7:two* 9:one " "$(windows a)"
expect_ok "-r renumbers" "" move-window -r -t a
expect_eq "renumbered" "0:three 1:two* 2:one " "$(windows a)"
expect_ok "-k replaces" "" move-window -k -s a:2 -t a:0
expect_eq "replaced" "0:one* 1:two " "$(windows a)"
amux new-window -d -t a:2 -n three cat
expect_ok "-a after" "" move-window -a -s a:2 -t a:0
expect_eq "after 0, the rest along" "0:one 1:three* 2:two " "$(windows a)"
expect_ok "-b before" "" move-window -b -d -s a:2 -t a:0
expect_eq "before 0" "0:two 1:one 2:three* " "$(windows a)"
expect_error "no such window" "can't find window: nosuch" move-window -s a:nosuch -t a:5
expect_error "no such session" "can't find session: nope" move-window -s a:0 -t nope:5
amux new-session -d -s b -n bone cat
expect_ok "to another session" "" move-window -s b:0 -t a:
expect_eq "in a" "0:two 1:one 2:three 3:bone* " "$(windows a)"
expect_error "b ended with its last window" "can't find session: b" has-session -t b
expect_ok "swap-window" "" swap-window -s a:0 -t a:2
expect_eq "swapped; the current index stays current" "0:three 1:one 2:two 3:bone* " "$(windows a)"
expect_ok "last-window" "" last-window -t a
expect_eq "last window" "0:three 1:one 2:two* 3:bone " "$(windows a)"
amux new-session -d -s lone cat
expect_error "no last window" "no last window" last-window -t lone

# Panes.
panes() { amux list-panes -t "$1" -F '#{pane_index}:#{pane_id}#{?pane_active,*,}' | tr '\n' ' '; }
amux new-session -d -s p -x 80 -y 24 cat
amux split-window -t p cat
amux split-window -t p cat
P=($(amux list-panes -t p -F '#{pane_id}'))
expect_eq "three panes" "0:${P[0]} 1:${P[1]} 2:${P[2]}* " "$(panes p)"
expect_ok "swap-pane -s -t" "" swap-pane -s "${P[0]}" -t "${P[2]}"
# As tmux: the active place stays active, now holding the other pane.
expect_eq "swapped" "0:${P[2]}* 1:${P[1]} 2:${P[0]} " "$(panes p)"
expect_ok "swap-pane -U" "" swap-pane -U -t "${P[1]}"
expect_eq "with the one before" "0:${P[1]}* 1:${P[2]} 2:${P[0]} " "$(panes p)"
expect_ok "swap-pane -D wraps" "" swap-pane -D -t "${P[0]}"
expect_eq "with the first" "0:${P[0]}* 1:${P[2]} 2:${P[1]} " "$(panes p)"
expect_ok "last-pane" "" last-pane -t p
expect_eq "last pane" "0:${P[0]} 1:${P[2]} 2:${P[1]}* " "$(panes p)"
expect_ok "break-pane -P" "p:1.0" break-pane -P -s "${P[2]}"
expect_eq "one pane less" "0:${P[0]} 1:${P[1]}* " "$(panes p:0)"
# (The name follows the pane's program, which a loaded machine may still be starting.)
wait_until 20 sh -c "'$AMUX_BIN' -S '$SOCK' display -p -t p '#{window_name}' | grep -qx cat"
expect_eq "new window, current" "${P[2]} cat" "$(amux display -p -t p '#{pane_id} #{window_name}')"
expect_ok "break-pane -d -n -t" "p:5.0" break-pane -d -P -n named -s "${P[1]}" -t p:5
expect_ok "named, not current" "named 0" display -p -t p:5 '#{window_name} #{window_active}'
expect_error "break to a used index" "index in use: 5" break-pane -s "${P[0]}" -t p:5
expect_ok "join-pane -h" "" join-pane -h -s "${P[1]}" -t "${P[0]}"
expect_eq "joined, window 5 gone" "0 1" "$(amux list-windows -t p -F '#{window_index}' | tr '\n' ' ' | sed 's/ $//')"
expect_eq "beside" "${P[0]} 0,0 40x24|${P[1]} 41,0 39x24|" "$(amux list-panes -t p:0 -F '#{pane_id} #{pane_left},#{pane_top} #{pane_width}x#{pane_height}|' | tr -d '\n')"
expect_ok "move-pane -b -l" "" move-pane -b -l 5 -s "${P[2]}" -t "${P[0]}"
expect_eq "above, 5 lines" "${P[2]} 0,0 40x5|${P[0]} 0,6 40x18|${P[1]} 41,0 39x24|" "$(amux list-panes -t p:0 -F '#{pane_id} #{pane_left},#{pane_top} #{pane_width}x#{pane_height}|' | tr -d '\n')"
expect_error "same window" "source and target panes must be different windows" join-pane -s "${P[0]}" -t "${P[1]}"
amux new-window -d -t p:3 cat
# -l larger than the room: the target keeps one line, as tmux does.
P3=$(amux display -p -t p:3 '#{pane_id}')
expect_ok "join-pane -l too large" "" join-pane -d -l 30 -s p:3 -t "${P[2]}"
expect_eq "clamped" "${P[2]} 0,0 40x1|$P3 0,2 40x3|" "$(amux list-panes -t p:0 -F '#{pane_id} #{pane_left},#{pane_top} #{pane_width}x#{pane_height}|' | head -2 | tr -d '\n')"
amux new-window -d -t p:3 cat
expect_error "no space" "no space for new pane" join-pane -s p:3 -t "${P[2]}"
expect_error "no such pane" "can't find pane: %99" join-pane -s %99 -t "${P[0]}"

# Layout strings, as tmux writes and reads them (the same bytes tmux 3.3 prints).
amux new-session -d -s l -x 80 -y 24 cat
amux split-window -d -t l cat
I=($(amux list-panes -t l -F '#{pane_id}' | tr -d %))
layout() { amux display -p -t l '#{window_layout}' | sed "s/,${I[0]}\([],}]\)/,A\1/; s/,${I[1]}\([],}]\)/,B\1/"; }
expect_eq "window_layout" "$(amux display -p -t l '#{window_layout}' | cut -c1-4),80x24,0,0[80x12,0,0,A,80x11,0,13,B]" "$(layout)"
expect_ok "-n with no preset yet: the first" "" select-layout -n -t l
expect_eq "even-horizontal" "80x24,0,0{39x24,0,0,A,40x24,40,0,B}" "$(layout | cut -d, -f2-)"
amux select-layout -t l even-vertical
expect_ok "-p: the one before" "" select-layout -p -t l
expect_eq "even-horizontal again" "80x24,0,0{39x24,0,0,A,40x24,40,0,B}" "$(layout | cut -d, -f2-)"
amux resize-pane -t l:0.0 -x 20
expect_ok "no name: the last preset again" "" select-layout -t l
expect_eq "re-applied" "80x24,0,0{39x24,0,0,A,40x24,40,0,B}" "$(layout | cut -d, -f2-)"
amux resize-pane -t l:0.0 -x 20
SAVED=$(amux display -p -t l '#{window_layout}')
amux select-layout -t l tiled
expect_ok "a saved layout string" "" select-layout -t l "$SAVED"
expect_eq "restored" "$SAVED" "$(amux display -p -t l '#{window_layout}')"
expect_eq "geometry" "0,0 20x24|21,0 59x24|" "$(amux list-panes -t l -F '#{pane_left},#{pane_top} #{pane_width}x#{pane_height}|' | tr -d '\n')"
# A layout for another size is fitted to the window.
amux select-layout -t l "d463,159x48,0,0{79x48,0,0,0,79x48,80,0,1}"
expect_eq "fitted" "0,0 39x24|40,0 40x24|" "$(amux list-panes -t l -F '#{pane_left},#{pane_top} #{pane_width}x#{pane_height}|' | tr -d '\n')"
expect_error "bad checksum" "invalid layout: ffff,80x24,0,0{39x24,0,0,0,40x24,40,0,1}" select-layout -t l "ffff,80x24,0,0{39x24,0,0,0,40x24,40,0,1}"
expect_error "one pane short" "invalid layout: bb62,159x48,0,0{79x48,0,0,79x48,80,0}" select-layout -t l "bb62,159x48,0,0{79x48,0,0,79x48,80,0}"
expect_error "unknown name" "invalid layout: spiral" select-layout -t l spiral
expect_error "-n with a name" "usage: select-layout [-np] [-t target-window] [layout-name]" select-layout -n -t l tiled
expect_eq "unchanged by errors" "0,0 39x24|40,0 40x24|" "$(amux list-panes -t l -F '#{pane_left},#{pane_top} #{pane_width}x#{pane_height}|' | tr -d '\n')"
finish
