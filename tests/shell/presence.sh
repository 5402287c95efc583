#!/usr/bin/env bash
# Presence: working (pane output within agent-idle-time), idle, dead (remain-on-exit),
# explicit states with agent-status; state events, await -p/-S, apeers/show-agent/formats.
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s a -G research cat
amux set-option -g agent-idle-time 300
amux new-session -d -s w -G development cat
amux new-session -d -s loner -G custom cat
amux ajoin -t a team >/dev/null
amux ajoin -t w team >/dev/null

expect_ok "starts idle" "idle||" display -p -t w '#{agent_state}|#{agent_note}|#{agent_last_output}'
expect_ok "peer formats" "w idle agent-join-group" apeers -t a -F '#{peer_name} #{peer_state} #{peer_last_command}'
run apeers -t a
expect_eq "apeers presence line" "  w (Member, development): General session work
    State: idle, last output never, last command agent-join-group" "$(echo "$OUT" | sed -n '4,5p')"

# Explicit states.
expect_ok "astatus" "State of session 'w': blocked (waiting for review), last output never, last command agent-status" astatus -t w blocked "waiting for review"
expect_ok "state event" "4 state w blocked waiting for review" aevents -t a -s 3
expect_ok "state formats" "blocked|waiting for review|agent-status" display -p -t w '#{agent_state}|#{agent_note}|#{agent_last_command}'
expect_ok "astatus without note" "State of session 'w': done, last output never, last command agent-status" agent-status -t w done
expect_ok "astatus -u" "State of session 'w': idle, last output never, last command agent-status" astatus -u -t w
expect_ok "events" "5 state w done
6 state w idle" aevents -t a -s 4
expect_ok "outside a group: no event" "State of session 'loner': busy, last output never, last command agent-status" astatus -t loner busy
expect_ok "no state: the state as it is" "State of session 'w': idle, last output never, last command agent-status" astatus -t w
expect_error "bad state" "invalid state: two words" astatus -t w "two words"
expect_error "dead is computed" "state 'dead' is set by amux when the pane's program exits" astatus -t w dead
expect_error "-u with a state" "-u takes no state" astatus -u -t w idle
expect_error "note on two lines" "invalid note: one line of at most 1024 bytes" astatus -t w blocked "a
b"
expect_error "missing session" "can't find session: zz" astatus -t zz blocked
expect_error "too many arguments" "command agent-status: too many arguments (need at most 2)" astatus -t w a b c
expect_ok "errors changed nothing" "idle" display -p -t w '#{agent_state}'
expect_error "idle time too small" "invalid value for agent-idle-time: 5" set-option -g agent-idle-time 5

# Output makes the session working; agent-idle-time of quiet makes it idle again.
# (Waits after a sequence number cannot miss an event that comes before they park.)
last_seq() { amux aevents -t a | tail -1 | cut -d' ' -f1; }
seq=$(last_seq)
"$AMUX_BIN" -S "$SOCK" await -t a -p w -S working -s "$seq" -T 60 >"$TEST_DIR/working" 2>&1 &
waiter=$!
amux send-keys -t w: hello Enter
wait $waiter
expect_eq "await -p -S working" "7 state w working" "$(cat "$TEST_DIR/working")"
expect_ok "await -p -S idle wakes when quiet" "8 state w idle" await -t a -p w -S idle -s 7 -T 60
expect_ok "already in the state: at once" "8 state w idle" await -t a -p w -S idle -T 60
run display -p -t w '#{agent_last_output}'
expect_eq "last output is a time" "1" "$(echo "$OUT" | grep -cE '^[0-9]{10}$')"
run apeers -t a
expect_eq "apeers shows the output" "1" "$(echo "$OUT" | grep -cE '^    State: idle, last output [0-9]+ seconds? ago, last command agent-status$')"
run show-agent -J -t w
expect_eq "show-agent -J presence" '"state":"idle","note":"","last_output":N,' "$(echo "$OUT" | grep -oE '"state":"idle","note":"","last_output":[0-9]+,' | sed -E 's/[0-9]+,$/N,/')"

# An explicit state stays through output; a dead program overrides everything.
amux astatus -t w blocked >/dev/null
amux send-keys -t w: more Enter
# Once the echo is on the screen the server has taken the output that would have changed
# the state.
wait_until 10 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t w: | grep -q '^more$'"
expect_ok "explicit state kept through output" "blocked" display -p -t w '#{agent_state}'
amux set-option -w -t w: remain-on-exit on
seq=$(last_seq)
"$AMUX_BIN" -S "$SOCK" await -t a -p w -S dead -s "$seq" -T 60 >"$TEST_DIR/dead" 2>&1 &
waiter=$!
amux send-keys -t w: C-d
wait $waiter
expect_eq "await dead" "state w dead" "$(cut -d' ' -f2- "$TEST_DIR/dead")"
run apeers -t a
expect_eq "apeers dead" "1" "$(echo "$OUT" | grep -cE '^    State: dead, last output [0-9]+ seconds? ago, last command ')"
amux respawn-pane -t w: cat
expect_ok "respawned: back to the explicit state" "blocked" display -p -t w '#{agent_state}'

# An agent that asks for a person (a desktop notification, the bell) is waiting, with the
# message as its note, until input reaches its pane. A fake agent prints what agents print.
cat >"$TEST_DIR/notifier.sh" <<'EOF2'
read -r kind
case $kind in
  osc9) printf '\033]9;Claude needs your permission to use Bash\007' ;;
  osc777) printf '\033]777;notify;Codex;Approve the patch?\033\\' ;;
  osc99) printf '\033]99;i=1:d=0;Gemini is waiting\033\\' ;;
  progress) printf '\033]9;4;1;50\007' ;;
  bell) printf '\007' ;;
esac
exec sh "$0"
EOF2
amux new-session -d -s notif -G coder "sh $TEST_DIR/notifier.sh"
amux ajoin -t notif team >/dev/null
for case in "osc9|Claude needs your permission to use Bash" "osc777|Codex: Approve the patch?" \
  "osc99|Gemini is waiting" "bell|bell"; do
  kind=${case%%|*} note=${case#*|}
  seq=$(last_seq)
  amux send-keys -t notif: "$kind" Enter  # input first: it also ends any waiting before
  expect_eq "$kind: waiting" "state notif waiting $note" "$(amux await -t a -p notif -S waiting -s "$seq" -T 60 | cut -d' ' -f2-)"
  expect_ok "$kind: the note" "waiting|$note" display -p -t notif '#{agent_state}|#{agent_note}'
done
amux send-keys -t notif: x
expect_ok "input reached the pane: waiting ends" "1" display -p -t notif '#{?#{==:#{agent_state},waiting},0,1}'
seq=$(last_seq)
amux send-keys -t notif: Enter progress Enter
amux send-keys -t notif: bell Enter
expect_eq "a progress report (OSC 9;4) is not a notification: the bell after it is the first" "state notif waiting bell" "$(amux await -t a -p notif -S waiting -s "$seq" -T 60 | cut -d' ' -f2-)"
amux new-session -d -s plainbell "printf 'rang\\007'; exec cat"
wait_until 10 sh -c "\"$AMUX_BIN\" -S \"$SOCK\" capture-pane -p -t plainbell | grep -q rang"
expect_ok "an ordinary shell's bell (taken with its output) changes nothing" "not waiting|" display -p -t plainbell '#{?#{==:#{agent_state},waiting},waiting,not waiting}|#{agent_note}'
amux kill-session -t plainbell
amux kill-session -t notif

# Errors of await -p.
expect_error "-p without -S" "-p and -S go together" await -t a -p w
expect_error "-S without -p" "-p and -S go together" await -t a -S idle
expect_error "peer outside the group" "session 'loner' is not in group 'team'" await -t a -p loner -S idle
expect_error "missing peer" "can't find session: zz" await -t a -p zz -S idle
"$AMUX_BIN" -S "$SOCK" await -t a -p w -S finished >"$TEST_DIR/gone" 2>&1 &
waiter=$!
wait_parked 1
amux aleave -t w >/dev/null
wait $waiter
expect_eq "peer leaving ends the wait" "1 session 'w' left group 'team'" "$? $(cat "$TEST_DIR/gone")"
expect_alive "server alive"

finish
