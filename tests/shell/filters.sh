#!/usr/bin/env bash
# Subscriptions: aevents and await filter by kind (-k), author (-a), key glob (-K) and
# leave out the caller's own events (-o); aevents -n shows the last N; a read cursor per
# session (aevents -u, await -u) survives a restart.
. "$(dirname "$0")/lib/test-lib.sh"
no_resurrect

amux new-session -d -s a -G rust cat
amux new-session -d -s b -G go cat
amux new-session -d -s outside -G docs cat
amux ajoin -t a team >/dev/null
amux ajoin -t b team >/dev/null
amux ashare -t a solution:parser=done plan=v1 >/dev/null
amux ashare -t b solution:lexer=wip >/dev/null
amux alock -t b src/x.cc >/dev/null
# 1 join a, 2 coordinator a, 3 join b, 4-5 shares of a, 6 share of b, 7 lock of b.

expect_ok "-k" "4 share a solution:parser=done
5 share a plan=v1
6 share b solution:lexer=wip
7 lock b src/x.cc fence 1 exclusive" aevents -t a -k share,lock
expect_ok "-a" "3 join b
6 share b solution:lexer=wip
7 lock b src/x.cc fence 1 exclusive" aevents -t a -a b
expect_ok "-K glob" "4 share a solution:parser=done
6 share b solution:lexer=wip" aevents -t a -K 'solution:*'
expect_ok "-K without wildcards: one key" "5 share a plan=v1" aevents -t a -K plan
expect_ok "-K on a path" "7 lock b src/x.cc fence 1 exclusive" aevents -t a -K 'src/*'
expect_ok "-o" "3 join b
6 share b solution:lexer=wip
7 lock b src/x.cc fence 1 exclusive" aevents -t a -o
expect_ok "filters together" "6 share b solution:lexer=wip" aevents -t a -o -k share -K 'solution:*'
expect_ok "-n" "6 share b solution:lexer=wip
7 lock b src/x.cc fence 1 exclusive" aevents -t a -n 2
expect_ok "-n after filters" "5 share a plan=v1" aevents -t a -k share -a a -n 1
expect_ok "-n 0" "" aevents -t a -n 0
expect_ok "-F and -J pass through filters" "lock|src/x.cc" aevents -t a -k lock -F '#{event_kind}|#{event_key}'

KINDS="join, leave, coordinator, share, unset, message, lock, unlock, expire, state, objective, conflict, read, break, give, notify, command, progress, resumed, merged, merge-conflict"
expect_error "unknown kind" "unknown event kind: shares (kinds: $KINDS)" aevents -t a -k share,shares
expect_error "empty kind" "unknown event kind:  (kinds: $KINDS)" aevents -t a -k ''
expect_error "empty author" "empty author" aevents -t a -a ''
expect_error "empty key pattern" "empty key pattern" aevents -t a -K ''
expect_error "bad count" "invalid count: -1" aevents -t a -n -1
expect_error "-u with -s" "-u cannot be used with -s, -g or -f" aevents -t a -u -s 3
expect_error "-u with -g" "-u cannot be used with -s, -g or -f" aevents -g team -u
expect_error "-o outside a group" "session 'outside' is not in a coordination group" aevents -t outside -o

# The read cursor: what this session has not read yet.
expect_ok "-u: everything at first" "1 join a
2 coordinator a
3 join b
4 share a solution:parser=done
5 share a plan=v1
6 share b solution:lexer=wip
7 lock b src/x.cc fence 1 exclusive" aevents -t a -u
expect_ok "-u: nothing new" "" aevents -t a -u
amux ashare -t b k=1 >/dev/null
amux ashare -t a own=1 >/dev/null
expect_ok "-u with a filter shows what passes, reads all" "8 share b k=1" aevents -t a -u -o
expect_ok "-u: read up to the newest" "" aevents -t a -u
expect_ok "b's cursor is its own" "9 share a own=1" aevents -t b -u -n 1
expect_ok "-s still reads any range" "8 share b k=1" aevents -t a -s 7 -n 1 -a b

# await with filters: the events before the match do not wake it.
"$AMUX_BIN" -S "$SOCK" await -t a -k share -a b -K 'result:*' -T 60 >"$TEST_DIR/w1" 2>&1 &
W1=$!
wait_parked 1
amux ashare -t a result:x=1 >/dev/null     # wrong author
amux ashare -t b other=1 >/dev/null        # wrong key
amux ashare -t b -u other >/dev/null       # wrong kind
amux ashare -t b result:y=2 >/dev/null     # the match
wait $W1
expect_eq "await -k -a -K woken by the one match" "0 13 share b result:y=2" "$? $(cat "$TEST_DIR/w1")"
"$AMUX_BIN" -S "$SOCK" await -t a -o -T 60 >"$TEST_DIR/w2" 2>&1 &
W2=$!
wait_parked 1
amux ashare -t a mine=1 >/dev/null
amux ashare -t b theirs=1 >/dev/null
wait $W2
expect_eq "await -o: not its own" "0 15 share b theirs=1" "$? $(cat "$TEST_DIR/w2")"
expect_error "await unknown kind" "unknown event kind: nope (kinds: $KINDS)" await -t a -k nope
expect_error "await -u with -s" "-s and -u cannot be used together" await -t a -u -s 1

# await -u: the first unread event that passes, and the cursor moves to it.
expect_ok "await -u: the next unread share" "10 share a result:x=1" await -t a -u -k share -K 'result:*'
expect_ok "await -u again: the one after" "13 share b result:y=2" await -t a -u -k share -K 'result:*'
"$AMUX_BIN" -S "$SOCK" await -t a -u -k share -K 'result:*' -T 60 >"$TEST_DIR/w3" 2>&1 &
W3=$!
wait_parked 1
amux ashare -t b result:z=3 >/dev/null
wait $W3
expect_eq "await -u parks when all is read" "0 16 share b result:z=3" "$? $(cat "$TEST_DIR/w3")"
expect_ok "the cursor moved to the event that woke it" "" aevents -t a -u -k share -K 'result:*'

# The cursor survives a restart (kill -9): only what came after it is unread.
amux aevents -t b -u >/dev/null
kill -9 "$(amux display -p '#{pid}')"
wait_until 10 sh -c "! '$AMUX_BIN' -S '$SOCK' has-session 2>/dev/null"
amux new-session -d -s b -G go cat
amux ajoin -t b team >/dev/null
expect_ok "after a restart: the cursor held" "17 leave a
18 expire b src/x.cc fence 1
19 leave b
20 join b
21 coordinator b" aevents -t b -u
expect_alive "server alive"
finish
