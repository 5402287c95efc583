#!/usr/bin/env bash
# The group event log: agent-events (-s -J -F -g, -f streaming, slow readers cut) and
# agent-wait (-k, -s, -T, -J; parked, woken by the event; leaving the group ends it).
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s a -G research cat
amux new-session -d -s b -G testing cat
amux new-session -d -s c -G writing cat
amux new-session -d -s loner -G custom cat
amux ajoin -t a team >/dev/null
amux ajoin -t b team >/dev/null
amux ashare -t a k=1 "m=two words" >/dev/null
amux ashare -u -t b m >/dev/null
amux ajoin -t c team >/dev/null
amux aleave -t a >/dev/null

expect_ok "aevents" "1 join a
2 coordinator a
3 join b
4 share a k=1
5 share a m=two words
6 unset b m
7 join c
8 leave a
9 coordinator b" aevents -t b
expect_ok "aevents -s" "8 leave a
9 coordinator b" agent-events -s 7 -t c
expect_ok "aevents -g" "9 coordinator b" aevents -g team -s 8
expect_eq "aevents -F" "share:k:1:team" "$(amux aevents -g team -s 3 -F '#{event_kind}:#{event_key}:#{event_value}:#{event_group}' | head -1)"
run aevents -J -s 4 -t b
expect_eq "aevents -J" '{"seq":5,"group":"team","kind":"share","session":"a","key":"m","value":"two words"}
{"seq":6,"group":"team","kind":"unset","session":"b","key":"m"}' "$(echo "$OUT" | head -2 | sed -E 's/,"time":[0-9]+//')"
expect_error "-t with -g" "-t and -g cannot be used together" aevents -t b -g team
expect_error "missing group" "can't find group: nope" aevents -g nope
expect_error "bad sequence" "invalid sequence: x" aevents -t b -s x
expect_error "aevents outside a group" "session 'loner' is not in a coordination group" aevents -t loner

# A follower sees new events as they happen, in order after the backlog.
"$AMUX_BIN" -S "$SOCK" aevents -f -s 9 -g team >"$TEST_DIR/follow" 2>&1 &
follower=$!
wait_parked 1
amux ashare -t b live=1 >/dev/null
amux ajoin -t loner team >/dev/null
wait_until 5 sh -c "[ \$(wc -l <$TEST_DIR/follow) -ge 2 ]"
expect_eq "followed events" "10 share b live=1
11 join loner" "$(cat "$TEST_DIR/follow")"
kill $follower
wait $follower 2>/dev/null
amux aleave -t loner >/dev/null
expect_alive "after the follower went away"

# A follower that never reads is cut; the server does not buffer for it without bound.
amux set-option -g agent-event-limit 10  # keep the log itself small for the measurement
# The reader stops itself before reading anything, and is continued at the end.
( "$AMUX_BIN" -S "$SOCK" aevents -f -g team 2>"$TEST_DIR/stuck.err" |
    { echo $BASHPID >"$TEST_DIR/reader.pid"; kill -STOP $BASHPID; cat >"$TEST_DIR/got"; }
  echo "${PIPESTATUS[0]}" >"$TEST_DIR/stuck.rc" ) &
follow_job=$!
wait_until 5 test -s "$TEST_DIR/reader.pid"
wait_parked 1
big=$(head -c 4000 /dev/zero | tr '\0' x)
for i in $(seq 1 30); do
  args=()
  for j in $(seq 1 50); do args+=(ashare -t b "bulk=$i.$j-$big" \;); done
  amux "${args[@]}" >/dev/null
done
# 6 MB of events were emitted; a stream that was cut holds back at most its 256 KiB
# backlog plus what the socket and the pipe buffer, so far less reaches the reader.
kill -CONT "$(cat "$TEST_DIR/reader.pid")"
wait $follow_job
expect_eq "stuck reader cut with a final line" "1 event stream cut: reader too slow" \
  "$(cat "$TEST_DIR/stuck.rc") $(cat "$TEST_DIR/stuck.err")"
got=$(stat -c %s "$TEST_DIR/got")
expect_eq "server held a bounded backlog for it (6 MB emitted)" "yes" \
  "$([ "$got" -lt 2000000 ] && echo yes || echo "no: $got bytes reached the reader")"
expect_alive "after cutting the stream"
amux ashare -u -t b bulk >/dev/null
amux set-option -g -u agent-event-limit

# agent-wait.
"$AMUX_BIN" -S "$SOCK" await -t c -K k >"$TEST_DIR/wait" 2>&1 &
waiter=$!
wait_parked 1
amux ashare -t b other=1 >/dev/null
# A wake happens inside the share, so the count read after it is the truth.
expect_ok "unrelated key does not wake" "1" display -p '#{server_parked_clients}'
expect_eq "nothing printed yet" "" "$(cat "$TEST_DIR/wait")"
amux ashare -t b k=new >/dev/null
wait $waiter
expect_eq "await -K woken by a share in another session" "0 share b k=new" "$? $(sed -E 's/^[0-9]+ //' "$TEST_DIR/wait")"
seq_now=$(amux aevents -t b | tail -1 | cut -d' ' -f1)
amux ashare -t b k=newer >/dev/null
expect_ok "await -s finds a past event at once" "$((seq_now + 1)) share b k=newer" await -t c -K k -s "$seq_now"
run await -J -t c -K k -s "$seq_now"
expect_eq "await -J" "{\"seq\":$((seq_now + 1)),\"group\":\"team\",\"kind\":\"share\",\"session\":\"b\",\"key\":\"k\",\"value\":\"newer\"}" "$(echo "$OUT" | sed -E 's/,"time":[0-9]+//')"
run await -t c -K k -T 1
expect_eq "await -T times out with status 2" "2 timed out" "$RC $ERR"
"$AMUX_BIN" -S "$SOCK" await -t c >"$TEST_DIR/any" 2>&1 &
anyw=$!
wait_parked 1
amux ajoin -t loner team >/dev/null
wait $anyw
expect_eq "await with no filter wakes on any event" "0 join loner" "$? $(sed -E 's/^[0-9]+ //' "$TEST_DIR/any")"
"$AMUX_BIN" -S "$SOCK" await -t loner -K never >"$TEST_DIR/left" 2>&1 &
leaver=$!
wait_parked 1
amux aleave -t loner >/dev/null
wait $leaver
expect_eq "leaving the group ends the wait" "1 session 'loner' left group 'team'" "$? $(cat "$TEST_DIR/left")"
"$AMUX_BIN" -S "$SOCK" await -t c -K never >"$TEST_DIR/killed" 2>&1 &
gone=$!
wait_parked 1
kill $gone
wait $gone 2>/dev/null
wait_parked 0
expect_alive "a killed waiter leaves the server serving"
expect_error "await unknown kind" "unknown event kind: a b (kinds: join, leave, coordinator, share, unset, message, lock, unlock, expire, state, objective, conflict, read, break, give, notify, command, progress, resumed, merged, merge-conflict)" await -t c -k "a b"
expect_error "await bad timeout" "invalid timeout: soon" await -t c -T soon
expect_error "await bad sequence" "invalid sequence: -2" await -t c -s -2
expect_error "await outside a group" "session 'loner' is not in a coordination group" await -t loner
expect_ok "event limit option" "" set-option -g agent-event-limit 3
amux ashare -t b x=1 \; ashare -t b x=2 \; ashare -t b x=3 \; ashare -t b x=4 >/dev/null
expect_eq "only the newest events kept" "3" "$(amux aevents -t b | wc -l)"

finish
