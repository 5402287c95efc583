#!/usr/bin/env bash
# Messages with ids, a priority (asend -P; the inbox lists high first), a reply-to
# (asend -r) and a receipt: reading (ainbox -c) is a read event the sender can await.
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s a -G rust cat
amux new-session -d -s b -G go cat
amux ajoin -t a team >/dev/null
amux ajoin -t b team >/dev/null
# 1 join a, 2 coordinator a, 3 join b.

expect_ok "normal" "Message 4 sent to b" asend -t a b "first"
expect_ok "low" "Message 5 sent to b" asend -t a -P low b "whenever"
expect_ok "high" "Message 6 sent to b" asend -t a -P high b "urgent"
expect_ok "a reply" "Message 7 sent to a" asend -t b -r 4 a "re: first"
run ainbox -t b
expect_eq "high first, then oldest first" "0|6 T a: urgent (high)
4 T a: first
5 T a: whenever (low)" "$RC|$(sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}/T/' <<<"$OUT")"
expect_ok "-F priority and reply" "7 team b normal 4" ainbox -t a -F '#{message_seq} #{message_group} #{message_from} #{message_priority} #{message_reply_to}'
run ainbox -J -t a
expect_eq "-J" '[{"message_seq":7,"message_from":"b","message_text":"re: first","message_priority":"normal","message_reply_to":4}]' "$(sed -E 's/,"message_time":[0-9]+//' <<<"$OUT")"
expect_ok "message events" "4 message a -> b: first
5 message a -> b: whenever (low)
6 message a -> b: urgent (high)
7 message b -> a: re: first (re 4)" aevents -t a -k message
run aevents -J -t a -s 6 -n 1
expect_eq "message event -J" '{"seq":7,"group":"team","kind":"message","session":"b","value":"re: first","target":"a","reply_to":4,"priority":"normal"}' "$(sed -E 's/,"time":[0-9]+//' <<<"$OUT")"

expect_error "bad priority" "invalid priority: urgent (high, normal or low)" asend -t a -P urgent b x
expect_error "reply to nothing" "invalid message id: 99" asend -t a -r 99 b x
expect_error "reply to zero" "invalid message id: 0" asend -t a -r 0 b x
expect_error "reply to a join" "event 3 is not a message" asend -t a -r 3 b x
expect_ok "nothing sent by the errors" "7" aevents -t a -n 1 -F '#{event_seq}'

# Reading is the receipt: the sender awaits it.
"$AMUX_BIN" -S "$SOCK" await -t a -k read -T 60 >"$TEST_DIR/receipt" 2>&1 &
WAITER=$!
wait_parked 1
run ainbox -c -t b
expect_eq "ainbox -c lists all three" "0 3" "$RC $(wc -l <<<"$OUT")"
wait $WAITER
expect_eq "the sender's await woke on the first receipt" "0 8 read b 6 from a" "$? $(cat "$TEST_DIR/receipt")"
expect_ok "a read event for each, in the order listed" "8 read b 6 from a
9 read b 4 from a
10 read b 5 from a" aevents -t a -k read
run aevents -J -t a -k read -n 1
expect_eq "read event -J" '{"seq":10,"group":"team","kind":"read","session":"b","target":"a","message":5}' "$(sed -E 's/,"time":[0-9]+//' <<<"$OUT")"
expect_ok "read formats" "read b a 5" aevents -t a -k read -n 1 -F '#{event_kind} #{event_session} #{event_target} #{event_ref}'
expect_ok "the inbox is empty" "" ainbox -t b
amux asend -t b a "unread" >/dev/null
amux aleave -t a >/dev/null
expect_ok "leaving drops unread messages: no receipt" "11 message b -> a: unread
12 leave a
13 coordinator b" aevents -t b -s 10
expect_alive "server alive"
finish
