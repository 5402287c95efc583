#!/usr/bin/env bash
# wait-output: parked until a pane has a matching line (on screen, or scrolled into
# history since the wait began, soft-wrapped lines joined), is quiet, or prints at all;
# -T times out with status 2; the pane exiting ends it with status 1; every error. Each
# wait is seen parked before the pane is made to print, and no check depends on timing.
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s w -x 40 -y 5 "PS1='$ ' exec /bin/sh"
P=$(amux display -p -t w '#{pane_id}')
OUTF=$TEST_DIR/out
ERRF=$TEST_DIR/err

# start_wait ARGS...: wait-output ARGS in the background, its output in $OUTF/$ERRF.
start_wait() {
  ("$AMUX_BIN" -S "$SOCK" -f /dev/null wait-output "$@" >"$OUTF" 2>"$ERRF") &
  WPID=$!
}
# end_wait NAME STATUS OUT ERR: the background wait ended so.
end_wait() {
  wait "$WPID"
  local rc=$?
  expect_eq "$1" "$2|$3|$4" "$rc|$(cat "$OUTF")|$(cat "$ERRF")"
}

# prompt_of SESSION: its shell's first prompt is there (keys typed before it would be
# echoed ahead of it, on the line the output then follows).
prompt_of() { expect_ok "the prompt of $1" "$" wait-output -t "$1" -r '^[$]$' -T 60; }

# A line that comes later: the wait parks, the pane prints, the line is printed.
prompt_of w
start_wait -t w -r '^ready [0-9]+$'
wait_parked 1
amux send-keys -t w 'echo ready 42' Enter
end_wait "a matching line wakes it" 0 "ready 42" ""
wait_parked 0

# Already on the screen: at once.
expect_ok "already there" "ready 42" wait-output -t w -r '^ready [0-9]+$'
expect_ok "the typed command matches too" "$ echo ready 42" wait-output -t "$P" -r '^\$ echo ready'

# A line that scrolls off the 5-line screen in the same burst is found in history.
start_wait -t w -r '^found [0-9]+$'
wait_parked 1
amux send-keys -t w "printf 'found 7\\n'; seq 1 20" Enter
end_wait "scrolled into history" 0 "found 7" ""

# A soft-wrapped line is one line.
amux new-session -d -s narrow -x 10 -y 4 "PS1='$ ' exec /bin/sh"
prompt_of narrow
start_wait -t narrow -r 'abcdefghij0123456789XYZ'
wait_parked 1
# (The typed command must not hold the text itself: it wraps too, part of it into history.)
amux send-keys -t narrow "clear; printf 'abcdefghij%s\\n' 0123456789XYZ" Enter
end_wait "wrapped lines joined" 0 "abcdefghij0123456789XYZ" ""

# No -r or -q: any output.
start_wait -t w
wait_parked 1
amux send-keys -t w 'echo hi' Enter
end_wait "any output wakes it" 0 "" ""

# -q: quiet for that long (the pane prints nothing more).
expect_ok "quiet" "" wait-output -t w -q 50

# -T: gives up with status 2.
run wait-output -t w -r never -T 0
expect_eq "timed out" "2||timed out" "$RC|$OUT|$ERR"
wait_parked 0

# The pane's program ends: status 1.
amux new-session -d -s gone "PS1='$ ' exec /bin/sh"
G=$(amux display -p -t gone '#{pane_id}')
prompt_of gone
start_wait -t gone -r never
wait_parked 1
amux send-keys -t gone 'exit' Enter
end_wait "the pane exits" 1 "" "pane $G exited"
# With remain-on-exit the last output is still looked at, then the dead pane ends it.
amux new-session -d -s dead "PS1='$ ' exec /bin/sh"
amux set-option -w -t dead remain-on-exit on
D=$(amux display -p -t dead '#{pane_id}')
prompt_of dead
start_wait -t dead -r '^bye$'
wait_parked 1
amux send-keys -t dead 'echo bye; exit' Enter
end_wait "last words match" 0 "bye" ""
expect_error "a dead pane" "pane $D exited" wait-output -t dead -r never
# A killed pane ends its waits too.
amux new-window -d -t w:1 cat
start_wait -t w:1 -r never
wait_parked 1
K=$(amux display -p -t w:1 '#{pane_id}')
amux kill-window -t w:1
end_wait "a killed pane" 1 "" "pane $K exited"

# A client that goes away while waiting: nothing is left behind.
exec "$AMUX_BIN" -S "$SOCK" -f /dev/null wait-output -t w -r never &
WPID=$!
wait_parked 1
kill "$WPID"
wait "$WPID" 2>/dev/null
wait_parked 0

# Errors change nothing.
expect_error "bad regex" "invalid regex: Unmatched ( or \\(" wait-output -t w -r '('
expect_error "bad timeout" "invalid timeout: x" wait-output -t w -T x
expect_error "bad quiet time" "invalid quiet time: -1" wait-output -t w -q -1
expect_error "no such pane" "can't find pane: %99" wait-output -t %99
expect_error "no such window" "can't find window: 9" wait-output -t w:9
expect_alive "server alive"

finish
