#!/usr/bin/env bash
# Scripting commands: send-keys (names, C-/M-, -l, -H), paste buffers (capture-pane
# without -p, set/show/save/list/delete/paste-buffer), wait-for (-S -L -U, parked),
# pipe-pane, display-message pane formats, set-option/show-options.
. "$(dirname "$0")/lib/test-lib.sh"

# keys N ARGS...: send-keys ARGS to a raw pane that hex-dumps the first N bytes it reads.
keys() {
  local count=$1 k
  shift
  k=$(($(cat "$TEST_DIR/keycount" 2>/dev/null || echo 0) + 1))
  echo $k >"$TEST_DIR/keycount"
  amux new-session -d -s "k$k" "sh -c 'stty raw -echo; \"$AMUX_BIN\" wait-for -S raw$k; head -c $count | od -An -tx1 -v | tr -s \" \\n\" \"  \" >$TEST_DIR/keys$k; \"$AMUX_BIN\" wait-for -S keys$k; exec cat'"
  amux wait-for "raw$k"  # the terminal is raw before the keys go in
  amux send-keys -t "k$k" "$@"
  amux wait-for "keys$k"
  sed 's/^ //; s/ $//' "$TEST_DIR/keys$k"
}

amux new-session -d -s keeper cat
expect_eq "named keys" "0d 1b 09 7f 20 1b 5b 41 1b 5b 42 1b 5b 43 1b 5b 44" "$(keys 17 Enter Escape Tab BSpace Space Up Down Right Left)"
expect_eq "home end pages" "1b 5b 31 7e 1b 5b 34 7e 1b 5b 35 7e 1b 5b 36 7e" "$(keys 16 Home End PageUp PageDown)"
expect_eq "function keys" "1b 4f 50 1b 4f 53 1b 5b 31 35 7e 1b 5b 32 34 7e" "$(keys 16 F1 F4 F5 F12)"
expect_eq "control and meta" "03 1a 00 1b 78 1b 01" "$(keys 7 C-c C-z C-Space M-x M-C-a)"
expect_eq "unknown names are literal" "68 69 20 46 6f 6f 42 61 72" "$(keys 9 'hi ' FooBar)"
expect_eq "-l is literal" "45 6e 74 65 72" "$(keys 5 -l Enter)"
expect_eq "-H hex bytes" "01 ff 41" "$(keys 3 -H 01 0xff 41)"
expect_eq "UTF-8 text" "c3 a9" "$(keys 2 é)"
expect_error "bad hex" "invalid hex byte: zz" send-keys -t keeper -H zz
expect_error "-l with -H" "-l and -H cannot be used together" send-keys -l -H -t keeper 41
expect_error "send-keys missing pane" "can't find pane: %99" send-keys -t %99 x

# Typing into a shell and reading the result.
amux new-session -d -s sh -x 40 -y 5 "sh"
amux send-keys -t sh 'echo typed-$((6*7))' Enter
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t sh | grep -q 'typed-42$'"
expect_eq "shell ran typed command" "typed-42" "$(amux capture-pane -p -t sh | grep -o 'typed-42$')"

# Paste buffers.
amux new-session -d -s buf -x 20 -y 3 "printf 'one\\ntwo'; '$AMUX_BIN' wait-for -S buf; exec cat"
amux wait-for buf
expect_ok "capture to a buffer" "" capture-pane -t buf
expect_ok "list-buffers" 'buffer0: 7 bytes: "one\ntwo"' list-buffers
expect_ok "show-buffer" "one
two" show-buffer
expect_ok "named buffer" "" set-buffer -b mine "hello world"
expect_ok "show named" "hello world" show-buffer -b mine
expect_eq "newest first" "mine buffer0" "$(amux list-buffers -F '#{buffer_name}' | tr '\n' ' ' | sed 's/ $//')"
expect_ok "list-buffers -J" '[{"buffer_name":"mine","buffer_size":11,"buffer_sample":"hello world"},{"buffer_name":"buffer0","buffer_size":7,"buffer_sample":"one\\ntwo"}]' list-buffers -J
expect_ok "save-buffer" "" save-buffer -b mine "$TEST_DIR/saved"
expect_eq "saved file" "hello world" "$(cat "$TEST_DIR/saved")"
expect_ok "save-buffer -a" "" save-buffer -a -b mine "$TEST_DIR/saved"
expect_eq "appended" "hello worldhello world" "$(cat "$TEST_DIR/saved")"
expect_ok "save-buffer to stdout" "hello world" save-buffer -b mine -
expect_error "save to a bad path" "/nonexistent/x: No such file or directory" save-buffer -b mine /nonexistent/x
printf 'from\na file' >"$TEST_DIR/load"
expect_ok "load-buffer -b" "" load-buffer -b loaded "$TEST_DIR/load"
expect_ok "loaded, newlines kept" "from
a file" show-buffer -b loaded
(cd "$TEST_DIR" && "$AMUX_BIN" -S "$SOCK" load-buffer load)
expect_ok "relative to the client's directory, a new buffer" "from
a file" show-buffer
expect_ok "delete it" "" delete-buffer
expect_error "load a missing file" "$TEST_DIR/none: No such file or directory" load-buffer "$TEST_DIR/none"
expect_error "load a directory" "not a regular file: $TEST_DIR" load-buffer "$TEST_DIR"
expect_error "load stdin" "load-buffer: reading stdin is not supported" load-buffer -
expect_ok "no buffer was added" "loaded mine buffer0" display -p "$(amux list-buffers -F '#{buffer_name}' | tr '\n' ' ' | sed 's/ $//')"
amux delete-buffer -b loaded
amux new-session -d -s paste -x 30 -y 3 "sh -c 'stty -echo; \"$AMUX_BIN\" wait-for -S paste-ready; cat'"
amux wait-for paste-ready
expect_ok "paste-buffer" "" paste-buffer -b mine -t paste
expect_ok "paste-buffer -d" "" paste-buffer -d -b buffer0 -t paste
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t paste | grep -q one"
expect_eq "pasted text, newline as Enter" "hello worldone" "$(amux capture-pane -p -t paste)"
amux send-keys -t paste Enter
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t paste | grep -q two"
expect_eq "rest of the paste" "hello worldone
two" "$(amux capture-pane -p -t paste)"
expect_error "deleted by -d" "no buffer buffer0" show-buffer -b buffer0
expect_ok "delete-buffer" "" delete-buffer -b mine
expect_error "no buffers" "no buffers" show-buffer
expect_error "delete missing" "unknown buffer: nope" delete-buffer -b nope
expect_error "paste missing" "no buffers" paste-buffer -t paste

# wait-for: a signal before the wait is kept; waits are parked; locks queue.
expect_ok "signal with no waiter" "" wait-for -S early
expect_ok "wait returns at once" "" wait-for early
amux wait-for chan >"$TEST_DIR/w1" 2>&1 &
w1=$!
amux wait-for chan >"$TEST_DIR/w2" 2>&1 &
w2=$!
wait_parked 2
expect_ok "signal wakes all" "" wait-for -S chan
wait $w1; r1=$?
wait $w2; r2=$?
expect_eq "waiters woke with status 0" "0 0" "$r1 $r2"
expect_ok "lock" "" wait-for -L lk
amux wait-for -L lk &
locker=$!
wait_parked 1
expect_ok "unlock hands over" "" wait-for -U lk
wait $locker
expect_eq "second locker got it" "0" "$?"
expect_ok "unlock again" "" wait-for -U lk
expect_error "unlock unlocked" "channel lk not locked" wait-for -U lk
"$AMUX_BIN" -S "$SOCK" wait-for gone &
gone=$!
wait_parked 1
kill $gone
wait $gone 2>/dev/null
wait_parked 0
expect_ok "killed waiter does not break the channel" "" wait-for -S gone
expect_ok "signal kept for the next wait" "" wait-for gone
expect_error "two modes" "only one of -L, -S, -U" wait-for -L -U x

# pipe-pane.
amux new-session -d -s pp -x 20 -y 3 "sh -c 'stty -echo; \"$AMUX_BIN\" wait-for -S pp-ready; exec cat'"
amux wait-for pp-ready
expect_ok "pipe-pane" "" pipe-pane -t pp "cat >$TEST_DIR/piped"
amux send-keys -t pp -l "piped text"
amux send-keys -t pp Enter
wait_until 5 sh -c "grep -q 'piped text' $TEST_DIR/piped 2>/dev/null"
expect_eq "pipe-pane copies output" "piped text" "$(tr -d '\r' <"$TEST_DIR/piped")"
expect_ok "pipe-pane -o toggles off" "" pipe-pane -o -t pp "cat >$TEST_DIR/other"
amux send-keys -t pp -l "after" \; send-keys -t pp Enter
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t pp | grep -q after"
expect_eq "not copied after closing" "piped text" "$(tr -d '\r' <"$TEST_DIR/piped")"
expect_eq "-o did not open a new pipe" "no" "$([ -e "$TEST_DIR/other" ] && echo yes || echo no)"
expect_ok "pipe-pane with no command closes" "" pipe-pane -t pp
expect_error "pipe-pane missing pane" "can't find pane: %99" pipe-pane -t %99 cat
expect_error "clear-history missing pane" "can't find pane: %99" clear-history -t %99
expect_error "display-message missing pane" "can't find pane: %99" display-message -p -t %99 x

# display-message pane formats.
pane_pid=$(amux display -p -t keeper '#{pane_pid}')
expect_eq "pane_pid is the program" "cat" "$(cat /proc/"$pane_pid"/comm)"
expect_ok "pane formats" "%0 0 1 cat 80x24 @0 0 0 1 0 0" display -p -t keeper '#{pane_id} #{pane_index} #{pane_active} #{pane_current_command} #{pane_width}x#{pane_height} #{window_id} #{window_index} #{pane_dead} #{window_panes} #{cursor_x} #{cursor_y}'
expect_ok "pane_tty" "$(readlink /proc/"$pane_pid"/fd/0)" display -p -t keeper '#{pane_tty}'
expect_ok "pane_current_path" "$PWD" display -p -t keeper '#{pane_current_path}'

# Options.
# Global session options, as tmux shows them: quoted when empty or holding spaces or specials.
expect_ok "show-options -g" "activity-action other
agent-event-limit 1000
agent-group-limit 256
agent-idle-time 2000
agent-remote ''
agent-state-file ''
agent-status-waiting on
assume-paste-time 1
base-index 0
bell-action any
default-command ''
default-shell ''
default-size 80x24
destroy-unattached off
detach-on-destroy on
display-panes-active-colour red
display-panes-colour blue
display-panes-time 1000
display-time 750
history-limit 2000
key-table root
lock-after-time 0
lock-command \"lock -np\"
message-command-style bg=black,fg=yellow
message-style bg=yellow,fg=black
mouse off
prefix C-b
prefix2 None
renumber-windows off
repeat-time 500
resurrect-commands \"vi vim nvim emacs man less more tail top htop irssi weechat mutt\"
resurrect-history 0
session-resurrect on
set-titles off
set-titles-string \"#S:#I:#W - \\\"#T\\\" #{session_alerts}\"
silence-action other
status on
status-bg default
status-fg default
status-format
status-interval 15
status-justify left
status-keys emacs
status-left \"[#{session_name}] \"
status-left-length 10
status-left-style default
status-position bottom
status-right \"#{?agent_group,[#{agent_group}#{?agent_coordinator,*,} #{agent_peers} peers],}\"
status-right-length 40
status-right-style default
status-style bg=green,fg=black
update-environment[0] DISPLAY
update-environment[1] KRB5CCNAME
update-environment[2] SSH_ASKPASS
update-environment[3] SSH_AUTH_SOCK
update-environment[4] SSH_AGENT_PID
update-environment[5] SSH_CONNECTION
update-environment[6] WINDOWID
update-environment[7] XAUTHORITY
visual-activity off
visual-bell off
visual-silence off
word-separators \"!\\\"#\\\$%&'()*+,-./:;<=>?@[\\\\]^\`{|}~\"
worktree-dir \"#{worktree_repo}/../#{worktree_repo_name}.worktrees/#{worktree_name}\"
worktree-setup ''" show-options -g
expect_ok "show-options -gw" "aggressive-resize off
allow-passthrough off
allow-rename off
alternate-screen on
automatic-rename on
automatic-rename-format \"#{?pane_in_mode,[tmux],#{pane_current_command}}#{?pane_dead,[dead],}\"
clock-mode-colour blue
clock-mode-style 24
copy-mode-current-match-style bg=magenta,fg=black
copy-mode-mark-style bg=red,fg=black
copy-mode-match-style bg=cyan,fg=black
cursor-colour none
cursor-style default
fill-character ''
main-pane-height 24
main-pane-width 80
mode-keys emacs
mode-style bg=yellow,fg=black
monitor-activity off
monitor-bell on
monitor-silence 0
other-pane-height 0
other-pane-width 0
pane-active-border-style fg=green
pane-base-index 0
pane-border-format \"#{?pane_active,#[reverse],}#{pane_index}#[default] \\\"#{pane_title}\\\"\"
pane-border-indicators colour
pane-border-lines single
pane-border-status off
pane-border-style default
pane-colours
popup-border-lines single
popup-border-style default
popup-style default
remain-on-exit off
remain-on-exit-format \"Pane is dead (#{?#{!=:#{pane_dead_status},},status #{pane_dead_status},}#{?#{!=:#{pane_dead_signal},},signal #{pane_dead_signal},}, #{t:pane_dead_time})\"
scroll-on-clear on
synchronize-panes off
window-active-style default
window-size latest
window-status-activity-style reverse
window-status-bell-style reverse
window-status-current-format \"#{window_index}:#{window_name}#{?window_flags,#{window_flags}, }\"
window-status-current-style default
window-status-format \"#{window_index}:#{window_name}#{?window_flags,#{window_flags}, }\"
window-status-last-style default
window-status-separator \" \"
window-status-style default
window-style default
wrap-search on
xterm-keys on" show-options -gw
expect_ok "show-options -s" "backspace C-?
buffer-limit 50
command-alias[0] split-pane=split-window
command-alias[1] splitp=split-window
command-alias[2] \"server-info=show-messages -JT\"
command-alias[3] \"info=show-messages -JT\"
command-alias[4] \"choose-window=choose-tree -w\"
command-alias[5] \"choose-session=choose-tree -s\"
copy-command ''
default-terminal tmux-256color
editor /usr/bin/vi
escape-time 10
exit-empty on
exit-unattached off
extended-keys off
focus-events off
history-file ''
message-limit 1000
prompt-history-limit 100
set-clipboard external
terminal-features[0] xterm*:clipboard:ccolour:cstyle:focus:title
terminal-features[1] screen*:title
terminal-overrides
user-keys" show-options -s
expect_ok "set session option" "" set-option -t keeper history-limit 50
expect_ok "show session options" "history-limit 50" show-options -t keeper
expect_ok "show -v" "50" show-options -v -t keeper history-limit
expect_ok "global unchanged" "2000" show-options -g -v history-limit
expect_ok "flag toggle" "" set-option -g status
expect_ok "toggled" "off" show-options -g -v status
expect_ok "flag words" "" set-option -g status yes
expect_ok "flag normalized" "on" show-options -g -v status
expect_ok "window option" "" set-option -w -t keeper remain-on-exit on
expect_ok "show -w" "remain-on-exit on" show-options -w -t keeper
expect_error "unknown option" "invalid option: nope" set-option -g nope 1
expect_error "bad number" "invalid value for history-limit: lots" set-option -g history-limit lots
expect_error "negative number" "invalid value for base-index: -1" set-option -g base-index -1
expect_error "bad flag" "invalid value for status: maybe" set-option -g status maybe
expect_error "missing value" "missing value for option: history-limit" set-option -g history-limit
expect_error "show unknown" "invalid option: nope" show-options nope
amux set-option -g default-command "echo from-default; exec cat"
amux new-session -d -s dc -x 20 -y 2
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t dc | grep -q from-default"
expect_ok "default-command" "from-default" capture-pane -p -t dc -E 0
amux set-option -g default-command ""
amux set-option -g default-shell /bin/sh
amux new-session -d -s ds "echo \$0 >$TEST_DIR/shell; exec cat"
wait_until 5 test -s "$TEST_DIR/shell"
expect_eq "default-shell runs commands" "/bin/sh" "$(cat "$TEST_DIR/shell")"

finish
