#!/usr/bin/env bash
# Messages: agent-send (one member, -a everyone else, -p typed into the pane once idle),
# agent-inbox (-c, -J, -F), message events, await -m; every error path.
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s a -G research cat
amux set-option -g agent-idle-time 300
amux new-session -d -s b -G development cat
amux new-session -d -s c -G testing cat
amux new-session -d -s loner -G custom cat
amux new-session -d -s solo -G custom cat
for s in a b c; do amux ajoin -t $s team >/dev/null; done
amux ajoin -t solo alone >/dev/null

expect_ok "asend" "Message 5 sent to b" asend -t a b hello
expect_ok "the named target is current, not the recipient" "a" display -p '#{session_name}'
expect_ok "asend -a" "Message 6 sent to a
Message 7 sent to c" agent-send -t b -a "to all"
expect_ok "ainbox -F" "5 a: hello" ainbox -t b -F '#{message_seq} #{message_from}: #{message_text}'
run ainbox -t a
expect_eq "ainbox default line" "1" "$(echo "$OUT" | grep -cE '^6 [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} b: to all$')"
run ainbox -J -t c
expect_eq "ainbox -J" '[{"message_seq":7,"message_from":"b","message_text":"to all","message_priority":"normal","message_reply_to":""}]' "$(echo "$OUT" | sed -E 's/,"message_time":[0-9]+//')"
expect_ok "message event" "5 message a -> b: hello
6 message b -> a: to all
7 message b -> c: to all" aevents -t a -s 4
run aevents -J -t a -s 4
expect_eq "message event -J" '{"seq":5,"group":"team","kind":"message","session":"a","value":"hello","target":"b","priority":"normal"}' "$(echo "$OUT" | head -1 | sed -E 's/,"time":[0-9]+//')"
expect_ok "texts kept as they are" "Message 8 sent to b" asend -t a b "42"
run ainbox -J -t b
expect_eq "a number-like text stays a string" '"message_text":"42"' "$(echo "$OUT" | grep -o '"message_text":"42"')"
expect_ok "ainbox -c lists" "5 a: hello
8 a: 42" ainbox -c -t b -F '#{message_seq} #{message_from}: #{message_text}'
expect_ok "then they are read" "" ainbox -t b
expect_ok "others keep theirs" "6" ainbox -t a -F '#{message_seq}'
amux rename-session -t b bb
expect_ok "the sender by its current name" "bb" ainbox -t a -F '#{message_from}'
amux rename-session -t bb b

# Errors change nothing.
expect_error "no recipient" "no recipient given" asend -t a hello
expect_error "-a with a recipient" "-a takes the message only" asend -a -t a b hello
expect_error "to itself" "session 'a' cannot send a message to itself" asend -t a a hello
expect_error "recipient outside the group" "session 'loner' is not in group 'team'" asend -t a loner hello
expect_error "missing recipient" "can't find session: zz" asend -t a zz hello
expect_error "empty message" "empty message" asend -t a b ""
expect_error "message too long" "message too long (at most 65536 bytes)" asend -t a b "$(head -c 65537 /dev/zero | tr '\0' x)"
expect_error "sender outside a group" "session 'loner' is not in a coordination group" asend -t loner a hello
expect_error "nobody else" "no other members in group 'alone'" asend -a -t solo hello
expect_error "inbox outside a group" "session 'loner' is not in a coordination group" ainbox -t loner
expect_error "missing session" "can't find session: zz" ainbox -t zz
expect_ok "errors sent nothing" "" ainbox -t b

# A full inbox refuses, all or nothing.
args=()
for i in $(seq 1000); do args+=(asend -t a b "m$i" \;); done
amux "${args[@]}" >/dev/null
expect_ok "1000 unread" "1000" display -p "$(amux ainbox -t b -F x | wc -l)"
expect_error "inbox full" "inbox of session 'b' is full (1000 unread messages)" asend -t a b one-more
expect_error "-a refuses for all" "inbox of session 'b' is full (1000 unread messages)" asend -a -t c one-more
expect_ok "c got nothing new" "7" ainbox -t c -c -F '#{message_seq}'
amux ainbox -c -t b >/dev/null
big=$(head -c 65536 /dev/zero | tr '\0' x)
args=()
for i in $(seq 16); do args+=(asend -t a b "$big" \;); done
for i in 1 2 3 4; do amux "${args[@]}" >/dev/null; done
expect_error "inbox bytes bounded" "inbox of session 'b' is full (4 MiB of unread messages)" asend -t a b "$big"
expect_ok "64 kept" "64" display -p "$(amux ainbox -c -t b -F x | wc -l)"

# await -m: woken by a message to this session, not to others.
seq=$(amux aevents -t a | tail -1 | cut -d' ' -f1)
"$AMUX_BIN" -S "$SOCK" await -m -t c -s "$seq" -T 60 >"$TEST_DIR/await" 2>&1 &
waiter=$!
amux asend -t a b "not for c" >/dev/null
amux asend -t a c ping >/dev/null
wait $waiter
expect_eq "await -m" "0 $((seq + 2)) message a -> c: ping" "$? $(cat "$TEST_DIR/await")"
run await -m -t b -T 1
expect_eq "await -m times out with 2" "2 timed out" "$RC $ERR"

# Leaving the group drops the inbox.
amux aleave -t c >/dev/null
amux ajoin -t c team >/dev/null
expect_ok "inbox gone with the membership" "" ainbox -t c

# asend -p: typed into the recipient's pane only once it has been quiet for
# agent-idle-time, whole, then Enter; one message a quiet spell. The pane stays busy
# under an idle time of an hour (no pause of a slow machine makes it idle) until the
# test lowers the option, which applies at once.
amux set-option -g agent-idle-time 3600000
cat >"$TEST_DIR/busy.sh" <<SCRIPT
stty -echo
echo busy
while [ ! -f $TEST_DIR/quiet ]; do sleep 0.05; done
read -r -t 0 && echo EARLY
echo quiet
SCRIPT
cat >>"$TEST_DIR/busy.sh" <<'SCRIPT'
IFS= read -r one; printf 'got[%s]\n' "$one"
printf '\033[?2004h'
IFS= read -r two; printf 'got[%q]\n' "$two"
sleep 100
SCRIPT
amux new-session -d -s p -G testing "bash $TEST_DIR/busy.sh"
amux ajoin -t p team >/dev/null
wait_until 10 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t p: | grep -q '^busy$'"
# (The pane's own state events interleave, so the sequence numbers are not fixed here.)
run asend -p -t a p "first message, one piece"
expect_eq "asend -p while busy" "0 1" "$RC $(echo "$OUT" | grep -cE '^Message [0-9]+ sent to p \(typed into %5 when idle\)$')"
run asend -p -t b p "second message"
expect_eq "second one queued" "0 1" "$RC $(echo "$OUT" | grep -cE '^Message [0-9]+ sent to p \(typed into %5 when idle\)$')"
touch "$TEST_DIR/quiet"
wait_until 10 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t p: | grep -q '^quiet$'"
amux set-option -g agent-idle-time 300
wait_until 10 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t p: | grep -q '^got\[\\$'"
run capture-pane -p -t p:
expect_eq "delivered after the quiet, whole, bracketed when asked" "quiet
got[first message, one piece]
got[\$'\\E[200~second message\\E[201~']" "$(echo "$OUT" | grep -v '^$' | tail -3)"
expect_eq "never while busy" "0" "$(echo "$OUT" | grep -c EARLY)"
expect_ok "also in the inbox" "a: first message, one piece
b: second message" ainbox -t p -F '#{message_from}: #{message_text}'

# A dead pane gets no delivery; the message waits in the inbox.
amux set-option -w -t c: remain-on-exit on
amux send-keys -t c: C-d
wait_until 5 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' display -p -t c: '#{pane_dead}')\" = 1 ]"
run asend -p -t a c "still kept"
expect_eq "to a dead pane: not typed" "0 1" "$RC $(echo "$OUT" | grep -cE '^Message [0-9]+ sent to c$')"
expect_ok "kept in the inbox" "still kept" ainbox -t c -F '#{message_text}'
expect_alive "server alive"

finish
