#!/usr/bin/env bash
# Leases: the coordinator breaks a lease (aunlock -f), a waiter asks the holder for a
# path (alock -w -r), the holder hands it over (agive), and alock -n only checks.
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s a -G rust cat
amux new-session -d -s b -G go cat
amux new-session -d -s c -G react cat
amux new-session -d -s outside -G docs cat
for s in a b c; do amux ajoin -t $s team >/dev/null; done

# alock -n: check only.
amux alock -t b src/x.cc >/dev/null
run alock -n -t c src/x.cc src/y.cc 'src/*'
expect_eq "alock -n prints the conflicts, exit 1" "1|path 'src/x.cc' is locked by session 'b' (expires in Ns)
path 'src/x.cc' is locked by session 'b' (expires in Ns)|" "$RC|$(mask_secs "$OUT")|$ERR"
expect_ok "alock -n free: nothing, exit 0" "" alock -n -t c src/y.cc
expect_ok "alock -n took nothing" "src/x.cc exclusive b fence 1" alocks -t a -F '#{lock_path} #{lock_mode} #{lock_holder} fence #{lock_fence}'
expect_ok "alock -n is no conflict event" "5 lock b src/x.cc fence 1 exclusive" aevents -t a -n 1
expect_error "-n with -w" "-n cannot be used with -w" alock -n -w -t c src/x.cc
expect_error "-r without -w" "-r goes with -w" alock -r why -t c src/x.cc
expect_error "empty reason" "invalid reason: one line of at most 1024 bytes" alock -w -r '' -t c src/x.cc

# aunlock -f: only the coordinator (a), only others' leases.
expect_error "a member cannot break" "permission denied: only the coordinator can break a lease" aunlock -f -t c src/x.cc
expect_error "-f needs a path" "-f needs a path" aunlock -f -t a
expect_error "nothing to break" "path 'src/y.cc' is not locked by another session" aunlock -f -t a src/y.cc
amux alock -t a own.txt >/dev/null
expect_error "its own lease is no break" "path 'own.txt' is not locked by another session" aunlock -f -t a own.txt
expect_ok "break" "Broke in group 'team': src/x.cc held by b (fence 1, fence now 3)" aunlock -f -t a src/x.cc
expect_ok "break event and message" "7 break a -> b: src/x.cc fence 1
8 message a -> b: lease on 'src/x.cc' (fence 1) broken by a" aevents -t a -s 6
expect_ok "the holder's inbox" "a: lease on 'src/x.cc' (fence 1) broken by a" ainbox -t b -F '#{message_from}: #{message_text}'
run alock -t c src/x.cc
expect_eq "the next grant's fence is past the break" "Locked in group 'team': src/x.cc (fence 4, expires in Ns)" "$(mask_secs "$OUT")"

# alock -w -r: one message to each holder in the way, then the wait.
amux alock -t b docs/a.md >/dev/null
"$AMUX_BIN" -S "$SOCK" alock -w -r "need it for the release" -t a src/x.cc docs/a.md >"$TEST_DIR/wait" 2>&1 &
WAITER=$!
wait_parked 1
expect_ok "the holder of src/x.cc asked once" "a: a asks for src/x.cc: need it for the release" ainbox -t c -F '#{message_from}: #{message_text}'
expect_eq "the holder of docs/a.md asked once" "a: a asks for docs/a.md: need it for the release" "$(amux ainbox -t b -F '#{message_from}: #{message_text}' | tail -1)"

# agive: hands a held lease to a member waiting for it; all of its request or nothing.
expect_error "agive: not held" "path 'src/y.cc' is not locked by session 'c'" agive -t c src/y.cc a
expect_error "agive: not waiting" "session 'b' is not waiting for 'src/x.cc'" agive -t c src/x.cc b
expect_error "agive: rest still held" "session 'a' also waits for 'docs/a.md' (locked by session 'b')" agive -t c src/x.cc a
expect_error "agive to itself" "session 'c' cannot give a lease to itself" agive -t c src/x.cc c
expect_error "agive outside the group" "session 'outside' is not in group 'team'" agive -t c src/x.cc outside
expect_error "agive to nobody" "can't find session: nope" agive -t c src/x.cc nope
expect_ok "the failed gives changed nothing" "own.txt a 2
src/x.cc c 4
docs/a.md b 5" alocks -t a -F '#{lock_path} #{lock_holder} #{lock_fence}'
amux aunlock -t b docs/a.md >/dev/null 2>&1
# b's unlock freed docs/a.md, but a still waits for src/x.cc, held by c.
wait_parked 1
expect_ok "agive" "Gave in group 'team': src/x.cc to a (fence 6)" agive -t c src/x.cc a
wait $WAITER
expect_eq "the waiter got its whole request" "Locked in group 'team': src/x.cc (fence 6, expires in Ns)
Locked in group 'team': docs/a.md (fence 7, expires in Ns)" "$(mask_secs "$(cat "$TEST_DIR/wait")")"
expect_ok "give and lock events" "give c -> a: src/x.cc fence 4
lock a src/x.cc fence 6 exclusive
lock a docs/a.md fence 7 exclusive" aevents -t a -k give,lock -n 3 -F '#{event_kind} #{event_session}#{?event_target, -> #{event_target}:,} #{event_key} fence #{event_fence}#{?#{==:#{event_kind},lock}, #{event_data},}' 
expect_ok "c holds nothing now" "own.txt a 2
src/x.cc a 6
docs/a.md a 7" alocks -t a -F '#{lock_path} #{lock_holder} #{lock_fence}'
expect_alive "server alive"
finish
