#!/usr/bin/env bash
# Panes: split-window (-h -v -l -d -P), select-pane (directions), kill-pane, list-panes
# (-a -s -F -J), resize-window/-pane, select-layout presets with exact geometry,
# respawn-pane, remain-on-exit and the pane lifecycle (SIGHUP, no zombies, no fd leaks,
# the last pane ending a session that leaves its group).
. "$(dirname "$0")/lib/test-lib.sh"
F='#{pane_index}:#{pane_id} #{pane_left},#{pane_top} #{pane_width}x#{pane_height}#{?pane_active, *,}'
geometry() { amux list-panes -t "$1" -F "$F" | tr '\n' '|' | sed 's/|$//'; }

amux new-session -d -s keeper cat
amux new-session -d -s w -x 81 -y 25 cat
expect_ok "split-window -P" "w:0.1" split-window -P -t w cat
expect_ok "split-window -h -F" "%3 2" split-window -h -P -F '#{pane_id} #{pane_index}' -t w cat
expect_ok "split -l 30% -d" "" split-window -h -d -l 30% -t w:0.0 cat
expect_eq "split geometry" "0:%1 0,0 56x12|1:%4 57,0 24x12|2:%2 0,13 40x12|3:%3 41,13 40x12 *" "$(geometry w)"
expect_ok "split -l cells" "" split-window -v -d -l 3 -t w:0.3 cat
expect_eq "split by cells" "3:%3 41,13 40x8 *|4:%5 41,22 40x3" "$(geometry w | tr '|' '\n' | tail -2 | tr '\n' '|' | sed 's/|$//')"
# A size larger than there is room for shrinks to leave the old pane one line, as tmux.
expect_ok "split -l too large" "" split-window -v -d -t w:0.4 -l 2 cat
expect_eq "clamped" "4:%5 41,22 40x1|5:%6 41,24 40x1" "$(geometry w | tr '|' '\n' | tail -2 | tr '\n' '|' | sed 's/|$//')"
expect_error "no space" "no space for new pane" split-window -v -t w:0.5 cat
amux kill-pane -t w:0.5
expect_error "bad size" "invalid size: 0" split-window -t w -l 0 cat
expect_error "bad percent" "invalid size: 150%" split-window -t w -l 150% cat
expect_error "both -h -v" "-h and -v cannot be used together" split-window -h -v -t w cat
expect_error "split missing pane" "can't find pane: 9" split-window -t w:0.9 cat
amux kill-pane -t w:0.4
expect_eq "kill-pane gives space back" "3:%3 41,13 40x12 *" "$(geometry w | tr '|' '\n' | tail -1)"

# Presets.
amux select-layout -t w even-horizontal
expect_eq "even-horizontal" "0:%1 0,0 19x25|1:%4 20,0 19x25|2:%2 40,0 19x25|3:%3 60,0 21x25 *" "$(geometry w)"
amux select-layout -t w even-vertical
expect_eq "even-vertical" "0:%1 0,0 81x5|1:%4 0,6 81x5|2:%2 0,12 81x5|3:%3 0,18 81x7 *" "$(geometry w)"
amux select-layout -t w main-vertical
# main-pane-width is 80, as tmux: the other column keeps one cell of the 81.
expect_eq "main-vertical, 80 wide" "0:%1 0,0 79x25|1:%4 80,0 1x7|2:%2 80,8 1x7|3:%3 80,16 1x9 *" "$(geometry w)"
amux set-option -w -t w main-pane-width 40
amux select-layout -t w main-vertical
expect_eq "main-vertical" "0:%1 0,0 40x25|1:%4 41,0 40x7|2:%2 41,8 40x7|3:%3 41,16 40x9 *" "$(geometry w)"
amux select-layout -t w tiled
expect_eq "tiled" "0:%1 0,0 40x12|1:%4 41,0 40x12|2:%2 0,13 40x12|3:%3 41,13 40x12 *" "$(geometry w)"
expect_error "unknown layout" "invalid layout: spiral" select-layout -t w spiral
expect_eq "pane tty size follows" "12 40" "$(amux display -p -t w:0.0 '#{pane_height} #{pane_width}')"

# select-pane by index, id and direction (wrapping).
amux select-pane -t w:0.0
dirs=""
for d in R R L U D; do amux select-pane -$d -t w; dirs="$dirs$d$(amux display -p -t w '#{pane_index}') "; done
expect_eq "directions" "R1 R0 L1 U3 D1 " "$dirs"
expect_ok "select-pane by id" "" select-pane -t %2
expect_ok "active by id" "2 1" display -p -t w '#{pane_index} #{pane_active}'
expect_error "two directions" "only one of -L, -R, -U, -D" select-pane -L -R -t w
expect_error "missing pane id" "can't find pane: %77" select-pane -t %77

# list-panes variants.
expect_ok "list-panes default" "0: [40x12] [history 0/2000] %1
1: [40x12] [history 0/2000] %4
2: [40x12] [history 0/2000] %2 (active)
3: [40x12] [history 0/2000] %3" list-panes -t w
expect_eq "list-panes -s" "0.0 0.1 0.2 0.3" "$(amux list-panes -s -t w -F '#{window_index}.#{pane_index}' | tr '\n' ' ' | sed 's/ $//')"
expect_eq "list-panes -a" "keeper:0.0 w:0.0 w:0.1 w:0.2 w:0.3" "$(amux list-panes -a -F '#{session_name}:#{window_index}.#{pane_index}' | tr '\n' ' ' | sed 's/ $//')"
run list-panes -J -t keeper
expect_eq "list-panes -J" '[{"session_name":"keeper","window_index":0,"pane_id":"%0","pane_index":0,"pane_active":1,"pane_pid":' "$(echo "$OUT" | sed -E 's/"pane_pid":[0-9]+.*/"pane_pid":/')"
expect_error "-a with -s" "-a and -s cannot be used together" list-panes -a -s
expect_error "list-panes missing window" "can't find window: 7" list-panes -t w:7
expect_error "kill-pane missing" "can't find pane: %99" kill-pane -t %99
expect_error "select-layout missing window" "can't find window: 7" select-layout -t w:7 tiled
expect_error "resize-pane missing" "can't find pane: 8" resize-pane -t w:0.8 -x 3
expect_error "respawn-pane missing" "can't find pane: %99" respawn-pane -t %99

# Resizing.
amux resize-window -t w -x 61 -y 21
expect_eq "resize-window" "0:%1 0,0 30x10|1:%4 31,0 30x10|2:%2 0,11 30x10 *|3:%3 31,11 30x10" "$(geometry w)"
expect_ok "window size" "61x21" display -p -t w '#{window_width}x#{window_height}'
amux resize-pane -t w:0.0 -x 40
expect_eq "resize-pane -x" "0:%1 0,0 40x10|1:%4 41,0 20x10" "$(geometry w | cut -d'|' -f1-2)"
amux resize-pane -t w:0.0 -y 5
expect_eq "resize-pane -y" "0:%1 0,0 40x5" "$(geometry w | cut -d'|' -f1)"
expect_error "bad width" "invalid width: 0" resize-window -t w -x 0
# What a pane's screen may cost is bounded: at most 1,000,000 cells a window.
expect_error "too many cells" "window too large: 10000x101 (at most 1000000 cells)" resize-window -t w -x 10000 -y 101
expect_eq "size unchanged" "61x21" "$(amux display -p -t w '#{window_width}x#{window_height}')"
expect_error "bad pane height" "invalid height: abc" resize-pane -t w -y abc

# respawn-pane and remain-on-exit.
amux new-session -d -s r "sh -c 'exit 3'"
wait_until 5 sh -c "! '$AMUX_BIN' -S '$SOCK' has-session -t r 2>/dev/null"
expect_error "exited pane closes" "can't find session: r" has-session -t r
amux new-session -d -s r cat
amux set-option -t r:0 remain-on-exit on
amux respawn-pane -k -t r "sh -c 'echo bye; exit 3'"
wait_until 5 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' display -p -t r '#{pane_dead}')\" = 1 ]"
expect_ok "dead pane stays" "1 3" display -p -t r '#{pane_dead} #{pane_dead_status}'
expect_ok "dead pane listed" "0: [80x24] [history 0/2000] %9 (active) (dead)" list-panes -t r
expect_ok "dead pane screen kept" "bye" capture-pane -p -t r -E 0
expect_error "send to dead pane" "pane %9 is dead" send-keys -t r x
expect_ok "respawn dead pane" "" respawn-pane -t r "sh -c 'echo again; exec cat'"
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t r | grep -q again"
expect_ok "respawned" "0" display -p -t r '#{pane_dead}'
expect_error "respawn live pane" "pane %9 still active" respawn-pane -t r cat
amux set-option -t r:0 -u remain-on-exit
expect_ok "option unset: nothing set here" "" show-options -t r:0 remain-on-exit
expect_ok "option unset: -A shows the inherited value" "remain-on-exit* off" show-options -A -t r:0 remain-on-exit

# The last pane's exit ends the window, the session, and its group membership.
amux new-session -d -s lead -G research cat
amux new-session -d -s quick -G testing "sh -c 'while [ ! -f $TEST_DIR/go ]; do sleep 0.05; done'"
amux ajoin -t lead crew >/dev/null
amux ajoin -t quick crew >/dev/null
amux aleave -t lead >/dev/null
expect_ok "quick is coordinator" "coordinator" display -p -t quick '#{agent_role}'
amux ajoin -t lead crew >/dev/null
touch "$TEST_DIR/go"
wait_until 5 sh -c "! '$AMUX_BIN' -S '$SOCK' has-session -t quick 2>/dev/null"
expect_ok "group after exit" "crew 1 lead" list-agent-groups -F '#{group_name} #{group_members} #{group_coordinator}'

# Programs get SIGHUP when their pane is killed; no zombies; no leaked fds.
server=$(amux display -p '#{pid}')
fds_before=$(ls /proc/"$server"/fd | wc -l)
amux new-session -d -s hup "sh -c 'trap \"echo hup >$TEST_DIR/hup; exit\" HUP; \"$AMUX_BIN\" wait-for -S trapped; while :; do sleep 0.1; done'"
amux split-window -t hup cat
amux split-window -t hup "sleep 9733"
amux wait-for trapped
wait_until 10 pgrep -f '^sleep 9733$' >/dev/null
expect_eq "sleep 9733 running" "1" "$(pgrep -fc '^sleep 9733$')"
amux kill-pane -t hup:0.0
wait_until 5 test -f "$TEST_DIR/hup"
expect_eq "SIGHUP on kill-pane" "hup" "$(cat "$TEST_DIR/hup" 2>/dev/null)"
amux kill-session -t hup
wait_until 5 sh -c "! pgrep -f '^sleep 9733$' >/dev/null"
expect_eq "programs of a killed session end" "" "$(pgrep -f '^sleep 9733$')"
wait_until 10 sh -c "! ps -o stat= --ppid $server | grep -q '^Z'"  # reaped on SIGCHLD
zombies=$(ps -o stat= --ppid "$server" | grep -c '^Z')
expect_eq "no zombies" "0" "$zombies"
expect_eq "no leaked fds" "$fds_before" "$(ls /proc/"$server"/fd | wc -l)"
pane_pid=$(amux display -p -t keeper '#{pane_pid}')
expect_eq "pane fds are close-on-exec" "0" "$(ls -l /proc/"$pane_pid"/fd | grep -c 'socket:')"

finish
