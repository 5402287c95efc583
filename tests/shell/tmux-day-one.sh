#!/usr/bin/env bash
# tmux's day one, as today's tools and a person's tmux.conf use it: Claude Code's agent-teams
# sequence through the `tmux` on PATH, select-pane's title and input flags, remain-on-exit
# failed, a window or pane id where a session is wanted, session listings that carry the
# current window's and active pane's formats, the pane flags libtmux reads, hooks shown
# parsed, and a configuration file's ~ and \; (each compared with tmux 3.3a by hand).
. "$(dirname "$0")/lib/test-lib.sh"
TMUX_BIN=$(dirname "$AMUX_BIN")/tmux

amux new-session -d -s main -x 200 -y 50 cat

# Claude Code's agent teams spawn a teammate with exactly these lines, run by the tmux on
# PATH from inside a pane (TMUX set, no -S): the teammate here is a fake that prints its
# name and waits.
mkdir -p "$TEST_DIR/bin"
ln -s "$TMUX_BIN" "$TEST_DIR/bin/tmux"
cat >"$TEST_DIR/spawn" <<'EOF'
set -e
id=$(tmux split-window -d -t %0 -h -l 70% -P -F '#{pane_id}' -- cat)
tmux select-pane -t "$id" -T researcher
tmux set-option -p -t "$id" remain-on-exit failed
tmux respawn-pane -k -t "$id" -- 'sh -c "echo teammate researcher up; exec cat"'
echo "$id" >"$1.id"
echo done >"$1"
EOF
amux new-window -d -t main:1 -n lead "PATH=$TEST_DIR/bin:\$PATH sh $TEST_DIR/spawn $TEST_DIR/spawned 2>$TEST_DIR/spawn.err; exec cat"
wait_until 10 test -s "$TEST_DIR/spawned"
expect_eq "the spawn sequence ran" "done" "$(cat "$TEST_DIR/spawned")"
expect_eq "no errors" "" "$(cat "$TEST_DIR/spawn.err")"
TEAM=$(cat "$TEST_DIR/spawned.id")
expect_eq "a pane id came back" "%2" "$TEAM"
expect_ok "its title, width (70%) and remain-on-exit" "researcher 140 failed" display -p -t "$TEAM" '#{pane_title} #{pane_width} #{remain-on-exit}'
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t '$TEAM' | grep -q 'teammate researcher up'"
expect_eq "the teammate runs" "teammate researcher up" "$(amux capture-pane -p -t "$TEAM" | head -1)"
expect_ok "send-keys to it" "" send-keys -t "$TEAM" 'hello teammate' Enter
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t '$TEAM' | grep -q 'hello teammate'"
expect_eq "it got the keys" "hello teammate" "$(amux capture-pane -p -t "$TEAM" | sed -n 2p)"
expect_ok "list-panes -F" "%0 $(hostname)
$TEAM researcher" list-panes -t main:0 -F '#{pane_id} #{pane_title}'
expect_ok "kill-pane" "" kill-pane -t "$TEAM"
expect_ok "gone" "%0" list-panes -t main:0 -F '#{pane_id}'

# A new pane's title is the host's name, as tmux's.
expect_ok "default title" "$(hostname)" display -p -t main:1 '#{pane_title}'
expect_ok "#{host} #{host_short}" "$(hostname) $(hostname | cut -d. -f1)" display -p '#{host} #{host_short}'

# remain-on-exit failed: a pane whose program fails stays (dead); one that succeeds goes.
amux set-option -w -t main:0 remain-on-exit failed
amux split-window -d -t main:0 'exit 3'
amux split-window -d -t main:0 'exit 0'
wait_until 5 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' list-panes -t main:0 -F '#{pane_dead}' | tr -d '\n')\" = 01 ]"
expect_ok "the failed one stays, dead with its status" "0 
1 3" list-panes -t main:0 -F '#{pane_dead} #{pane_dead_status}'
expect_error "a bad value" "invalid value for remain-on-exit: sometimes" set-option -w -t main:0 remain-on-exit sometimes
amux kill-pane -t main:0.1
amux set-option -w -t main:0 remain-on-exit off

# select-pane: -T (format-expanded), -d/-e (input off: keys, pastes and send-keys dropped
# without an error, as tmux), -l, -Z.
expect_ok "-T" "" select-pane -t %0 -T 'built #{session_name}'
expect_ok "title set" "built main" display -p -t %0 '#{pane_title}'
amux new-window -d -t main:2 -n input cat
P=$(amux display -p -t main:2 '#{pane_id}')
expect_ok "-d" "" select-pane -d -t "$P"
expect_ok "input off" "1" display -p -t "$P" '#{pane_input_off}'
expect_ok "send-keys is dropped" "" send-keys -t "$P" dropped Enter
amux set-buffer pasted
expect_ok "so is a paste" "" paste-buffer -t "$P"
expect_ok "-e" "" select-pane -e -t "$P"
expect_ok "send-keys again" "" send-keys -t "$P" kept Enter
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t '$P' | grep -q kept"
expect_eq "only what came with input on" "kept
kept" "$(amux capture-pane -p -t "$P" | grep .)"
expect_error "-d and -e" "only one of -d, -e" select-pane -d -e -t "$P"
expect_error "no last pane" "no last pane" select-pane -l -t main:2
amux split-window -d -t main:2 cat
Q=$(amux display -p -t main:2.1 '#{pane_id}')
amux select-pane -t "$Q"
amux select-pane -t "$P"
expect_ok "-l: the last active pane" "" select-pane -l -t main:2
expect_ok "it is active" "$Q" display -p -t main:2 '#{pane_id}'
amux resize-pane -Z -t "$Q"
expect_ok "-Z keeps the window zoomed" "" select-pane -Z -t "$P"
expect_ok "zoomed, on the new pane" "1 $P" display -p -t main:2 '#{window_zoomed_flag} #{pane_id}'
expect_ok "without -Z it unzooms" "" select-pane -t "$Q"
expect_ok "unzoomed" "0" display -p -t main:2 '#{window_zoomed_flag}'

# A window or pane id where a session is wanted: the session it is in (libtmux lists a
# session's windows with list-windows -t @N).
W=$(amux display -p -t main:1 '#{window_id}')
expect_eq "list-windows -t @N lists the session" "0 1 2" "$(amux list-windows -t "$W" -F '#{window_index}' | tr '\n' ' ' | sed 's/ $//')"
expect_eq "has-session -t %N" "0" "$(amux has-session -t "$P"; echo $?)"
expect_error "an unknown window" "can't find window: @99" list-windows -t @99
expect_error "an unknown pane" "can't find pane: %99" list-windows -t %99

# list-sessions carries the current window's and the active pane's formats.
expect_ok "ls -F" "main 200 $(amux display -p -t main '#{pane_id}')" list-sessions -F '#{session_name} #{window_width} #{pane_id}'

# The pane flags libtmux reads, as tmux sets them from what the program printed.
amux new-session -d -s flags -x 40 -y 10 "printf '\\033[?7l\\033[4h\\033=\\033[?6h\\033[2;8r'; exec cat"
wait_until 5 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' display -p -t flags '#{wrap_flag}')\" = 0 ]"
expect_ok "wrap insert keypad origin region alternate" "0 1 1 1 1 7 0 4294967295 4294967295" display -p -t flags '#{wrap_flag} #{insert_flag} #{keypad_flag} #{origin_flag} #{scroll_region_upper} #{scroll_region_lower} #{alternate_on} #{alternate_saved_x} #{alternate_saved_y}'
amux new-window -d -t flags:1 "printf 'abc\\033[3;5H\\033[?1049h'; exec cat"
wait_until 5 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' display -p -t flags:1 '#{alternate_on}')\" = 1 ]"
expect_ok "the cursor saved for the alternate screen" "1 4 2" display -p -t flags:1 '#{alternate_on} #{alternate_saved_x} #{alternate_saved_y}'
amux new-window -d -t flags:2 "seq 1 30; exec cat"
wait_until 5 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' display -p -t flags:2 '#{history_size}')\" = 21 ]"
expect_ok "history_bytes: the history's text" "33" display -p -t flags:2 '#{history_bytes}'
expect_ok "version: the tmux amux speaks" "3.4" display -p '#{version}'
amux kill-session -t flags

# Option values and hooks tmux 3.3a has.
expect_ok "remain-on-exit failed" "" set-option -g remain-on-exit failed
expect_ok "tmux's after-queue hook" "" set-hook -g after-queue 'display test'
expect_ok "shown parsed, as tmux" "after-queue[0] display-message test" show-hooks -g 'after-queue'
expect_ok "flags together, values quoted as needed" "" set-hook -g after-split-window "set -gF @x '#{pane_id}' ; set -ga @y a\\\"b ; display ''"
expect_ok "as tmux prints them" "after-split-window[0] set-option -Fg @x \"#{pane_id}\" ; set-option -ag @y 'a\"b' ; display-message ''" show-hooks -g after-split-window

# Formats: tmux's short forms and modifiers on a live server, and strftime in a status
# format (#{T:...} goes the way the status line does).
amux new-session -d -s fmt -x 80 -y 10 cat
expect_ok "#S #I #P #W #D" "fmt 0 0 cat $(amux display -p -t fmt '#{pane_id}')" display -p -t fmt '#S #I #P #W #D'
expect_ok "modifiers" "fm fmt  | 3 sock 1" display -p -t fmt '#{=2:session_name} #{p5:session_name}| #{e|+:1,2} #{b:socket_path} #{m:f*,#S}'
amux set-option -t fmt status-right '%Y #{session_name}'
expect_ok "strftime, then the format" "$(date +%Y) fmt" display -p -t fmt '#{T:status-right}'
amux kill-session -t fmt

# -c is a format: a split opens where the pane is (bind | split-window -c "#{pane_current_path}").
mkdir -p "$TEST_DIR/work dir"
amux new-session -d -s cwd -x 80 -y 24 -c "$TEST_DIR/work dir" cat
wait_until 5 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' display -p -t cwd '#{pane_current_path}')\" = '$TEST_DIR/work dir' ]"
expect_ok "split-window -c #{pane_current_path}" "" split-window -d -t cwd -c '#{pane_current_path}' cat
wait_until 5 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' display -p -t cwd:0.1 '#{pane_current_path}')\" = '$TEST_DIR/work dir' ]"
expect_ok "it opened there" "$TEST_DIR/work dir" display -p -t cwd:0.1 '#{pane_current_path}'
expect_ok "new-window -c #{pane_current_path}" "" new-window -d -t cwd:5 -c '#{pane_current_path}' cat
wait_until 5 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' display -p -t cwd:5 '#{pane_current_path}')\" = '$TEST_DIR/work dir' ]"
expect_ok "so did the window" "$TEST_DIR/work dir" display -p -t cwd:5 '#{pane_current_path}'
amux kill-session -t cwd

# tmux 3.3a's options: every one is known (most kept for configuration files and tools),
# choices as tmux has them, and arrays by index.
expect_ok "visual-activity both" "" set-option -g visual-activity both
expect_ok "status-justify's default" "status-justify left" show-options -g status-justify
expect_ok "status-justify centre" "" set-option -g status-justify centre
expect_ok "set" "status-justify centre" show-options -g status-justify
expect_error "a value it does not have" "invalid value for status-justify: middle" set-option -g status-justify middle
expect_ok "unchanged" "centre" show-options -gv status-justify
expect_ok "pane-border-status top" "" set-option -g pane-border-status top
expect_ok "mode-style" "" set-option -g mode-style 'bg=blue,fg=white'
expect_ok "allow-passthrough" "" set-option -g allow-passthrough on
expect_ok "repeat-time" "" set-option -g repeat-time 600
expect_error "a colour option takes a colour" "bad colour: notacolour" set-option -g display-panes-colour notacolour
expect_ok "prefix2 is None" "None" show-options -gv prefix2
expect_ok "an array, empty" "terminal-overrides" show-options -s terminal-overrides
expect_ok "set splits on commas, empty items dropped" "" set-option -s terminal-overrides ',xterm*:Tc'
expect_ok "-a appends" "" set-option -sa terminal-overrides ',screen*:RGB'
expect_ok "shown an item a line" "terminal-overrides[0] xterm*:Tc
terminal-overrides[1] screen*:RGB" show-options -s terminal-overrides
expect_ok "an index" "" set-option -s 'terminal-overrides[5]' 'foo:bar'
expect_ok "one item" "terminal-overrides[5] foo:bar" show-options -s 'terminal-overrides[5]'
expect_ok "-u an index" "" set-option -su 'terminal-overrides[0]'
expect_ok "-v values only" "screen*:RGB
foo:bar" show-options -sv terminal-overrides
expect_ok "update-environment's default" "update-environment[0] DISPLAY" show-options -g 'update-environment[0]'
expect_ok "split on blanks" "" set-option -g update-environment 'A B'
expect_ok "replaced" "update-environment[0] A
update-environment[1] B" show-options -g update-environment
expect_ok "an array in a format is empty, as tmux" "" display -p '#{update-environment}'
expect_ok "-u: the default again" "" set-option -gu update-environment
expect_ok "eight names" "8" display -p "$(amux show-options -g update-environment | wc -l)"
expect_error "an index on a plain option" "not an array: status-left[0]" set-option -g 'status-left[0]' x
expect_error "a bad index" "bad option index: terminal-overrides[x]" set-option -s 'terminal-overrides[x]' x
expect_error "a newline in an item" "invalid value for terminal-overrides: a newline" set-option -s terminal-overrides "$(printf 'a\nb')"

# A configuration file: ~ at a word's start is the home directory; \; hands the rest of the
# line to bind-key as one more command of the binding.
mkdir -p "$TEST_DIR/home"
echo 'set -g @from-home yes' >"$TEST_DIR/home/extra.conf"
cat >"$TEST_DIR/day-one.conf" <<'EOF'
source-file ~/extra.conf
bind r source-file ~/extra.conf \; display "Reloaded"
EOF
HOME=$TEST_DIR/home amux kill-server
HOME=$TEST_DIR/home "$AMUX_BIN" -S "$SOCK" -f "$TEST_DIR/day-one.conf" new-session -d -s conf cat
expect_ok "source-file ~/..." "yes" show-options -gv @from-home
expect_eq "the binding holds both commands" "bind-key -T prefix r source-file $TEST_DIR/home/extra.conf \\; display Reloaded" "$(amux list-keys -T prefix | grep ' prefix r ')"

# Commands of the configuration at a server's start run as tmux runs them: new-session with
# no client to attach is made detached, and what follows acts on it.
amux kill-server
printf 'new -sfoo\nneww\nset -g nope 1\n' >"$TEST_DIR/start.conf"
"$AMUX_BIN" -S "$SOCK" -f "$TEST_DIR/start.conf" start-server
expect_ok "the configuration's session" "foo 2" list-sessions -F '#{session_name} #{session_windows}'
expect_eq "its errors name their lines in show-messages" "$TEST_DIR/start.conf:3: invalid option: nope" "$(amux show-messages | sed 's/^.*: \//\//')"
expect_ok "source-file /dev/null: an empty file" "" source-file /dev/null

# Commands and flags of tmux 3.3a a day one reaches for (each compared with tmux by hand).
amux new-session -d -s more -x 80 -y 24 cat
expect_ok "new-window -a: after the target" "" new-window -a -d -t more:0 -n aa cat
expect_ok "new-window -b: before it" "" new-window -b -d -t more:0 -n bb cat
expect_ok "the others moved along" "0 bb
1 cat
2 aa" list-windows -t more -F '#I #W'
expect_ok "new-window -S: the window of that name" "more:2.0" new-window -S -d -P -n aa -t more
expect_ok "no window was added" "3" display -p -t more '#{session_windows}'
expect_error "-a and -b" "-a and -b cannot be used together" new-window -a -b -t more:0
expect_ok "split-window -p: a percentage" "" split-window -d -p 30 -t more:1
expect_ok "30% of 24 lines" "16 7" display -p "$(amux list-panes -t more:1 -F '#{pane_height}' | tr '\n' ' ' | sed 's/ $//')"
expect_error "a bad percentage" "invalid size: 0" split-window -d -p 0 -t more:1
amux split-window -d -h -t more:1 cat
expect_ok "next-layout: even-horizontal first" "" next-layout -t more:1
layout() { amux list-panes -t more:1 -F '#{pane_left},#{pane_top} #{pane_width}x#{pane_height}' | sort -n | tr '\n' ' '; }
expect_eq "laid out as tmux lays it" "0,0 26x24 27,0 26x24 54,0 26x24 " "$(layout)"
expect_ok "previous-layout wraps round" "" previous-layout -t more:1
WRAPPED=$(layout)
amux select-layout -t more:1 tiled
expect_eq "to tiled" "$(layout)" "$WRAPPED"
expect_error "next-layout: an unknown window" "can't find window: 99" next-layout -t more:99
expect_error "previous-layout: an unknown session" "can't find session: nosuch" previous-layout -t nosuch:1
amux new-window -d -t more:7 -n rz cat
amux split-window -d -h -t more:7 cat
amux split-window -d -t more:7.0 cat
panes() { amux list-panes -t more:7 -F '#{pane_left},#{pane_top} #{pane_width}x#{pane_height}' | tr '\n' ' '; }
expect_ok "resize-pane -R 5" "" resize-pane -t more:7.0 -R 5
expect_eq "the border moved right" "0,0 45x12 0,13 45x11 46,0 34x24 " "$(panes)"
expect_ok "-L on the last pane moves the border before it" "" resize-pane -t more:7.2 -L 3
expect_eq "moved left" "0,0 42x12 0,13 42x11 43,0 37x24 " "$(panes)"
expect_ok "-U 2" "" resize-pane -t more:7.1 -U 2
expect_ok "-D (1)" "" resize-pane -t more:7.1 -D
expect_eq "up 2, then down 1 (the last pane's border is the one before it)" "0,0 42x11 0,12 42x12 43,0 37x24 " "$(panes)"
expect_ok "-L past the edge stops at one cell" "" resize-pane -t more:7.2 -L 1000
expect_eq "one cell left" "0,0 1x11 0,12 1x12 2,0 78x24 " "$(panes)"
expect_error "a bad adjustment" "adjustment invalid" resize-pane -t more:7.0 -R x
expect_ok "send-keys -N" "" send-keys -N 3 -t more:0 -l x
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t more:0 | grep -q xxx"
expect_eq "three times" "xxx" "$(amux capture-pane -p -t more:0 | grep -o 'x*' | head -1)"
expect_error "-N not a number" "repeat count invalid" send-keys -N x -t more:0 a
expect_error "-N 0" "repeat count too small" send-keys -N 0 -t more:0 a
expect_ok "list-keys -T table key" "bind-key -T prefix d detach-client" list-keys -T prefix d
expect_error "a key not bound" "unknown key: F12" list-keys -T prefix F12
expect_error "not a key" "invalid key: nosuchkey" list-keys -T prefix nosuchkey
expect_ok "new-session -A -d: the session is there, nothing more" "" new-session -A -d -s more
expect_eq "no second session of the name" "1" "$(amux list-sessions -F '#{session_name}' | grep -c '^more')"
expect_error "-A off a terminal, as attach-session" "open terminal failed: not a terminal" new-session -A -s more
amux kill-session -t more

# rotate-window, split-window -b/-f, new-window -k, respawn-window: layouts and active
# panes as tmux 3.3a gives them (tests/tools/day-one.lines compares them line for line).
amux new-session -d -s rot -x 200 -y 50 cat
amux split-window -d -h -t rot:0 cat
amux split-window -d -t rot:0.0 cat
F='#{pane_index}#{?pane_active,*,} #{pane_id} #{pane_left},#{pane_top}'
read -r P0 P1 P2 <<<"$(amux list-panes -t rot:0 -F '#{pane_id}' | tr '\n' ' ')"
expect_ok "three panes" "0* $P0 0,0
1 $P1 0,26
2 $P2 101,0" list-panes -t rot:0 -F "$F"
expect_ok "rotate-window (up)" "" rotate-window -t rot:0
expect_ok "each pane one place up; the active is the next" "0* $P1 0,0
1 $P2 0,26
2 $P0 101,0" list-panes -t rot:0 -F "$F"
expect_ok "rotate-window -D" "" rotate-window -D -t rot:0
expect_ok "back, the active the one before" "0* $P0 0,0
1 $P1 0,26
2 $P2 101,0" list-panes -t rot:0 -F "$F"
amux resize-pane -Z -t rot:0.0
amux rotate-window -Z -t rot:0
expect_ok "-Z keeps the zoom" "1" display -p -t rot:0 '#{window_zoomed_flag}'
amux rotate-window -t rot:0
expect_ok "without -Z it unzooms" "0" display -p -t rot:0 '#{window_zoomed_flag}'
expect_error "rotate-window: -U and -D" "-U and -D cannot be used together" rotate-window -U -D -t rot:0
expect_error "rotate-window: a missing window" "can't find session: nosuch" rotate-window -t nosuch:0
amux kill-pane -a -t rot:0.0
G='#{pane_index} #{pane_left},#{pane_top} #{pane_width}x#{pane_height}'
amux split-window -b -h -d -t rot:0 cat
expect_ok "split-window -b: the new pane left, the larger half" "0 0,0 100x50
1 101,0 99x50" list-panes -t rot:0 -F "$G"
amux split-window -f -d -t rot:0.0 cat
expect_ok "split-window -f: the whole window's width, below" "0 0,0 100x25
1 101,0 99x25
2 0,26 200x24" list-panes -t rot:0 -F "$G"
amux split-window -f -b -l 10 -d -t rot:0.2 cat
expect_ok "split-window -f -b -l 10: a full-width pane on top" "0 0,0 200x10
1 0,11 100x19
2 101,11 99x19
3 0,31 200x19" list-panes -t rot:0 -F "$G"
amux resize-window -t rot:0 -y 2
expect_error "split-window -f with no room" "no space for new pane" split-window -f -d -t rot:0.0 cat
amux resize-window -t rot:0 -y 50
expect_ok "nothing added" "4" display -p -t rot:0 '#{window_panes}'
amux new-window -d -t rot:5 -n five cat
expect_error "new-window on a used index" "create window failed: index 5 in use" new-window -d -t rot:5
expect_ok "new-window -k replaces it" "" new-window -d -k -t rot:5 -n fresh cat
expect_ok "one window at 5, the new one" "0 cat
5 fresh" list-windows -t rot -F '#I #W'
amux select-window -t rot:5
amux new-window -d -k -t rot:5 -n again cat
expect_ok "-k of the current window: the new one is current, -d or not" "5 again 1" display -p -t rot '#I #W #{window_active}'
expect_error "respawn-window of a live window" "respawn window failed: window rot:0 still active" respawn-window -t rot:0
expect_ok "respawn-window -k" "" respawn-window -k -t rot:0 'sh -c "echo respawned; exec cat"'
expect_ok "one pane, the whole window, the new command" "1 200x50" display -p -t rot:0 '#{window_panes} #{pane_width}x#{pane_height}'
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t rot:0 | grep -q respawned"
expect_eq "it runs" "respawned" "$(amux capture-pane -p -t rot:0 | head -1)"
amux set-option -w -t rot:0 remain-on-exit on
amux respawn-window -k -t rot:0 'exit 0'
wait_until 5 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' display -p -t rot:0 '#{pane_dead}')\" = 1 ]"
expect_ok "a dead window respawns without -k" "" respawn-window -t rot:0 cat
expect_ok "alive again" "0" display -p -t rot:0 '#{pane_dead}'
expect_error "respawn-window: a missing window" "can't find window: 9" respawn-window -t rot:9
amux kill-session -t rot

# capture-pane -T: with -N, the spaces a program wrote are kept, never-written cells not.
amux new-session -d -s cap -x 20 -y 3 "printf 'ab   \\n'; exec cat"
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t cap | grep -q ab"
expect_eq "-N: the whole width" "ab                  |" "$(amux capture-pane -p -N -t cap | head -1)|"
expect_eq "-N -T: what was written" "ab   |" "$(amux capture-pane -p -N -T -t cap | head -1)|"
expect_eq "-T alone trims as before" "ab|" "$(amux capture-pane -p -T -t cap | head -1)|"
amux kill-session -t cap

# Loops multiply (#{W:#{W:...}} is windows^depth): one expansion runs at most 256 of them,
# so a deep nest over many windows answers at once and the server goes on.
amux new-session -d -s loops cat
for i in 1 2 3 4 5 6 7 8; do amux new-window -d -t loops cat; done
F=x; for i in $(seq 40); do F="#{W:$F}"; done
expect_eq "a deep nest of loops ends" "0" "$(amux display -p -t loops "$F" >/dev/null; echo $?)"
expect_ok "two levels in full" "$(printf 'x%.0s' $(seq 81))" display -p -t loops '#{W:#{W:x}}'
amux kill-session -t loops

# automatic-rename: a window is named after what its active pane runs, checked every half
# second (wait for it); a name given by the user (-n, rename-window) turns it off.
amux new-session -d -s ren "sh -c 'read x; exec cat'"
# (A rename tick may catch the pane's shell before it has exec'd sh: wait for the name.)
wait_until 20 sh -c "'$AMUX_BIN' -S '$SOCK' display -p -t ren '#{window_name}' | grep -qx sh"
expect_ok "first the command's name" "sh on" display -p -t ren '#{window_name} #{automatic-rename}'
amux send-keys -t ren Enter
wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' display -p -t ren '#{window_name}')\" = cat ]"
expect_ok "then what runs now" "cat" display -p -t ren '#{window_name}'
amux set-option -w -t ren automatic-rename-format '#{pane_current_command}!'
wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' display -p -t ren '#{window_name}')\" = 'cat!' ]"
expect_ok "automatic-rename-format" "cat!" display -p -t ren '#{window_name}'
expect_ok "rename-window" "" rename-window -t ren mine
expect_ok "turns it off for the window" "mine off" display -p -t ren '#{window_name} #{automatic-rename}'
amux new-window -d -t ren:1 -n given "sh -c 'read x; exec cat'"
expect_ok "new-window -n: off too" "given off" display -p -t ren:1 '#{window_name} #{automatic-rename}'
amux kill-session -t ren

# bind with the command as one string, as tmux.conf files write it: parsed as a command
# string (a ; inside separates commands), checked when bound.
expect_ok "bind KEY \"command args\"" "" bind-key -n M-a "switch-client -T mine"
expect_ok "it is one command with its flags" "bind-key -T root M-a switch-client -T mine" list-keys -T root M-a
expect_ok "a ; inside separates two" "" bind-key F12 "display a; display b"
expect_ok "kept as written" "bind-key -T prefix F12 display a; display b" list-keys -T prefix F12
expect_error "a bad command in the string" "unknown command: nosuch" bind-key y "nosuch x"
amux unbind-key -n M-a
amux unbind-key F12

# The client's screens (day-one-ui.py drives them attached): without a client each says so.
expect_error "display-panes without a client" "no current client" display-panes
expect_error "display-menu without a client" "no current client" display-menu A a kill-pane
expect_error "choose-tree without a client" "no current client" choose-tree
expect_error "find-window without a client" "no current client" find-window logs
expect_error "find-window needs a match" "command find-window: too few arguments (need at least 1)" find-window
expect_error "confirm-before without a client" "no current client" confirm-before kill-pane
expect_error "confirm-before needs a command" "command confirm-before: too few arguments (need at least 1)" confirm-before
amux new-session -d -s clock cat
expect_error "clock-mode with nobody watching" "no client for session clock" clock-mode -t clock
amux kill-session -t clock
expect_eq "C-b x and & ask first, q t s w f are tmux's" 'bind-key -T prefix x confirm-before -p "kill-pane #P? (y/n)" kill-pane
bind-key -T prefix & confirm-before -p "kill-window #W? (y/n)" kill-window
bind-key -T prefix q display-panes
bind-key -T prefix t clock-mode
bind-key -T prefix s choose-tree -Zs
bind-key -T prefix w choose-tree -Zw' "$(for k in x '&' q t s w; do amux list-keys -T prefix "$k"; done)"

# The mouse's commands outside a mouse binding (day-one-ui.py clicks them), marked panes,
# run-shell -d and tmux's { } blocks.
expect_error "target = without a mouse" "no mouse target" select-pane -t =
expect_error "{mouse} likewise" "no mouse target" select-window -t '{mouse}'
expect_error "send-keys -M without a mouse" "no mouse target" send-keys -M
expect_ok "resize-pane -M with no drag: nothing to do, as tmux" "" resize-pane -M
expect_error "copy-mode -M without a client" "no current client" copy-mode -M
expect_error "no marked pane" "no marked target" swap-pane -s '{marked}'
amux new-session -d -s marks cat
amux split-window -d -t marks cat
expect_ok "select-pane -m" "" select-pane -m -t marks:0.0
expect_ok "the mark's formats" "1 1 0 1" display -p -t marks:0.0 '#{pane_marked} #{pane_marked_set} #{e|-:#{window_panes},2} #{window_marked_flag}'
expect_ok "another pane sees the mark set" "0 1" display -p -t marks:0.1 '#{pane_marked} #{pane_marked_set}'
first=$(amux display -p -t marks:0.0 '#{pane_id}')
expect_ok "swap-pane takes the marked pane as its source" "" swap-pane -t marks:0.1
expect_ok "so it moved" "$first" display -p -t marks:0.1 '#{pane_id}'
expect_ok "{marked} names it" "$first" display -p -t '{marked}' '#{pane_id}'
expect_ok "select-pane -m again unmarks" "" select-pane -m -t "$first"
expect_ok "no mark" "0" display -p -t marks '#{pane_marked_set}'
amux select-pane -m -t "$first"
expect_ok "select-pane -M clears it" "" select-pane -M
expect_error "and {marked} names nothing" "no marked target" display -p -t '~' x
amux kill-session -t marks
expect_ok "run-shell -d: it waits, then runs" "late" run-shell -d 0.1 'echo late'
expect_ok "run-shell -d alone only waits" "" run-shell -d 0
expect_error "a bad delay" "invalid delay time: soon" run-shell -d soon true
expect_ok "run-shell with nothing to do: nothing, as tmux" "" run-shell
cat > "$TEST_DIR/blocks.conf" <<'CONF'
bind-key -T blocks x {
  set -g @one 1 # a comment
  # a line of its own
  set -g @two 2
}
if -F 1 { set -g @three yes } { set -g @three no }
CONF
expect_ok "a { } block over several lines, and if's two blocks" "" source-file "$TEST_DIR/blocks.conf"
expect_ok "the block is one command string" "bind-key -T blocks x set -g @one 1 ; set -g @two 2" list-keys -T blocks
expect_ok "if's first block ran" "yes" show -gv @three
printf 'bind-key -T blocks y {\n  display x\n' > "$TEST_DIR/open.conf"
expect_error "a block left open" "$TEST_DIR/open.conf:1: unterminated {" source-file "$TEST_DIR/open.conf"
amux unbind-key -a -T blocks

# Day-one hygiene: no lock file left beside the socket; amux a is attach (the agent commands
# do not make tmux's prefixes ambiguous); ls marks attached sessions; --help is the usage.
expect_eq "no lock file left" "no" "$(test -e "$SOCK.lock" && echo yes || echo no)"
expect_error "amux a: attach-session" "can't find session: nosuch" a -t nosuch
expect_error "a prefix of several tmux commands" "ambiguous command: li, could be: list-agent-groups, list-buffers, list-clients, list-commands, list-keys, list-panes, list-sessions, list-windows, list-worktrees" li
expect_eq "--help" "0 usage: amux [-2CDluNVv] [-c shell-command] [-f file] [-L socket-name] [-S socket-path] [-T features] [command [flags] [args]]" "$("$AMUX_BIN" --help >"$TEST_DIR/help"; echo $?) $(head -1 "$TEST_DIR/help")"
expect_alive "server alive"

finish
