#!/usr/bin/env bash
# amux under the name tmux: -V, tmux's global flags, TMUX and TMUX_PANE in panes (a tool
# that knows only those finds the server and its pane), the nesting guard, and tmux's
# target forms (=name, @id and %id inside session:window.pane, ^ $ + -).
. "$(dirname "$0")/lib/test-lib.sh"
TMUX_BIN=$(dirname "$AMUX_BIN")/tmux
tmux_() { "$TMUX_BIN" -S "$SOCK" -f /dev/null "$@"; }

expect_eq "tmux link" "amux" "$(readlink "$TMUX_BIN")"
expect_eq "tmux -V" "tmux 3.4" "$("$TMUX_BIN" -V)"
expect_eq "amux -V" "amux 0.1.0" "$("$AMUX_BIN" -V)"
expect_eq "-u -2 -l -v accepted" "0" "$(tmux_ -u -2 -l -v -T RGB start-server; echo $?)"
expect_eq "-c runs a shell command" "hi from -c" "$("$TMUX_BIN" -c 'echo hi from -c')"
OUT=$("$TMUX_BIN" -c 'echo x' extra 2>&1)
expect_eq "-c takes no command" "1 usage: tmux [-2CDluNVv] [-c shell-command] [-f file] [-L socket-name] [-S socket-path] [-T features] [command [flags] [args]]" "$? $(echo "$OUT" | head -1)"
amux kill-server >/dev/null 2>&1
OUT=$(tmux_ -N new-session -d -s n 2>&1)
expect_eq "-N never starts a server" "1 no server running on $SOCK" "$? $OUT"

# A pane's program sees TMUX (socket,pid,session) and TMUX_PANE beside AMUX and AMUX_PANE.
tmux_ new-session -d -s e -x 40 -y 5 "printf '%s|%s|%s|%s' \"\$TMUX\" \"\$TMUX_PANE\" \"\$AMUX\" \"\$AMUX_PANE\" >$TEST_DIR/env; exec cat"
wait_until 5 test -s "$TEST_DIR/env"
PID=$(amux display -p '#{pid}')
expect_eq "TMUX and TMUX_PANE" "$SOCK,$PID,0|%0|$SOCK,$PID,0|%0" "$(cat "$TEST_DIR/env")"
# With only TMUX and TMUX_PANE (AMUX unset), the tmux name finds the server and its pane.
amux new-window -d -t e:5 "env -u AMUX -u AMUX_PANE '$TMUX_BIN' display -p '#{session_name} #{pane_id}' >$TEST_DIR/found 2>&1; exec cat"
wait_until 5 test -s "$TEST_DIR/found"
expect_eq "found through TMUX" "e %1" "$(cat "$TEST_DIR/found")"
amux new-window -d -t e:6 "env -u AMUX -u AMUX_PANE '$TMUX_BIN' new-session -s nested >$TEST_DIR/nest 2>&1; exec cat"
wait_until 5 test -s "$TEST_DIR/nest"
expect_eq "nesting guard names TMUX" "sessions should be nested with care, unset \$TMUX to force" "$(cat "$TEST_DIR/nest")"
amux new-window -d -t e:7 "'$AMUX_BIN' new-session -s nested >$TEST_DIR/nest2 2>&1; exec cat"
wait_until 5 test -s "$TEST_DIR/nest2"
expect_eq "nesting guard names AMUX" "sessions should be nested with care, unset \$AMUX to force" "$(cat "$TEST_DIR/nest2")"
# The tmux name follows TMUX to the socket; amux does not (TMUX may be a real tmux's).
OUT=$(AMUX_TMPDIR=$TEST_DIR TMUX="$SOCK,$PID,0" "$TMUX_BIN" display -p '#{session_name}' 2>&1)
expect_eq "tmux follows TMUX" "0 e" "$? $OUT"
OUT=$(AMUX_TMPDIR=$TEST_DIR TMUX="$SOCK,$PID,0" "$AMUX_BIN" display -p x 2>&1)
RC=$?
expect_eq "amux does not follow TMUX" "1 no server running on $TEST_DIR/amux-$(id -u)/default" "$RC $OUT"

# Targets.
amux new-session -d -s alpha -n one -x 40 -y 10 cat
amux new-window -d -t alpha -n two cat
amux new-window -d -t alpha -n three cat
amux split-window -d -t alpha:two cat
S=$(amux display -p -t alpha '#{session_id}')
W2=$(amux display -p -t alpha:two '#{window_id}')
P=$(amux display -p -t alpha:two.1 '#{pane_id}')
expect_ok "\$id:@id.index" "two $P" display -p -t "$S:$W2.1" '#{window_name} #{pane_id}'
expect_ok "session:@id.%id" "two $P" display -p -t "alpha:$W2.$P" '#{window_name} #{pane_id}'
expect_error "@id of another session" "can't find window: @0" display -p -t "alpha:@0" x
expect_error "%id of another window" "can't find pane: %0" display -p -t "alpha:two.%0" x
expect_ok "=exact session" "alpha" display -p -t "=alpha" '#{session_name}'
expect_error "=exact session, no prefix" "can't find session: =alp" has-session -t "=alp"
expect_ok "=exact window" "1" display -p -t "alpha:=two" '#{window_index}'
expect_error "=exact window, no prefix" "can't find window: tw" display -p -t "alpha:=tw" x
expect_ok "^ first window" "one" display -p -t "alpha:^" '#{window_name}'
expect_ok "\$ last window" "three" display -p -t 'alpha:$' '#{window_name}'
expect_ok "+ next window" "two" display -p -t "alpha:+" '#{window_name}'
expect_ok "- previous window wraps" "three" display -p -t "alpha:-" '#{window_name}'
expect_alive "server alive"
finish
