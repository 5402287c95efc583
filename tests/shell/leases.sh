#!/usr/bin/env bash
# Leases: agent-lock (exclusive, -s shared, globs, -x, -w parked, -T), agent-unlock,
# agent-locks (-g, -J, -F); fencing numbers; leases die with their holder (program
# exit, session end, leaving) and at expiry, which messages the holder.
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s a -G research cat
amux new-session -d -s b -G development cat
amux new-session -d -s c -G testing cat
amux new-session -d -s loner -G custom cat
for s in a b c; do amux ajoin -t $s team >/dev/null; done

# A grant states the lease time it was given (remaining and expiry come from the one
# clock reading of the grant), so those lines are exact on any machine; later listings
# and conflicts count down and are masked below.
expect_ok "alock" "Locked in group 'team': src/x.cc (fence 1, expires in 3600s)
Locked in group 'team': lib/* (fence 2, expires in 3600s)" alock -t a src/x.cc 'lib/*'
expect_ok "alock -s" "Locked in group 'team': docs/a.md (shared, fence 3, expires in 600s)" agent-lock -s -x 600 -t b docs/a.md
expect_ok "shared with shared" "Locked in group 'team': docs/a.md (shared, fence 4, expires in 3600s)" alock -s -t c docs/a.md
# Remaining times count down while the test runs: each is compared masked and bounded.
run alocks -t a
expect_eq "alocks" "src/x.cc exclusive a fence 1 expires in Ns
lib/* exclusive a fence 2 expires in Ns
docs/a.md shared b fence 3 expires in Ns
docs/a.md shared c fence 4 expires in Ns" "$(mask_secs "$OUT")"
expect_secs "alocks: an hour left" 3000 3600 "$(grep -v '^docs/a.md shared b' <<<"$OUT")"
expect_secs "alocks: ten minutes left" 1 600 "$(grep '^docs/a.md shared b' <<<"$OUT")"
expect_ok "alocks -F" "src/x.cc:exclusive:a:1:team
lib/*:exclusive:a:2:team
docs/a.md:shared:b:3:team
docs/a.md:shared:c:4:team" alocks -g team -F '#{lock_path}:#{lock_mode}:#{lock_holder}:#{lock_fence}:#{lock_group}'
run alocks -J -g team
expect_eq "alocks -J" '{"lock_path":"src/x.cc","lock_mode":"exclusive","lock_holder":"a","lock_pane":"","lock_fence":1}' "$(echo "$OUT" | sed -E 's/^\[//; s/,"lock_expires":[0-9]+,"lock_remaining":[0-9]+\}.*/}/')"
expect_ok "lock events" "5 lock a src/x.cc fence 1 exclusive
6 lock a lib/* fence 2 exclusive
7 lock b docs/a.md fence 3 shared
8 lock c docs/a.md fence 4 shared" aevents -t a -s 4

# Conflicts acquire nothing.
run alock -t b src/x.cc
expect_eq "conflict" "1 path 'src/x.cc' is locked by session 'a' (expires in Ns)" "$RC $(mask_secs "$ERR")"
expect_secs "conflict: time left" 3000 3600 "$ERR"
run alock -t b new.txt lib/util.c
expect_eq "glob conflict, all or nothing" "1 path 'lib/*' is locked by session 'a' (expires in Ns)" "$RC $(mask_secs "$ERR")"
expect_secs "glob conflict: time left" 3000 3600 "$ERR"
expect_ok "new.txt was not taken" "" alocks -g team -F '#{?#{==:#{lock_path},new.txt},taken,}' 
run alock -t a docs/a.md
expect_eq "exclusive over shared" "1 path 'docs/a.md' is locked by session 'b' (expires in Ns)" "$RC $(mask_secs "$ERR")"
expect_secs "exclusive over shared: time left" 1 600 "$ERR"
run alock -s -t b 'src/*.cc'
expect_eq "shared glob over exclusive" "1 path 'src/x.cc' is locked by session 'a' (expires in Ns)" "$RC $(mask_secs "$ERR")"
expect_secs "shared glob over exclusive: time left" 3000 3600 "$ERR"
expect_ok "renewing one's own lease: a new fence" "Locked in group 'team': src/x.cc (fence 5, expires in 100s)" alock -x 100 -t a src/x.cc
expect_ok "one lease per path and holder" "1" display -p "$(amux alocks -g team | grep -c '^src/x.cc ')"

# Errors.
expect_error "no path" "command agent-lock: too few arguments (need at least 1)" alock -t a
expect_error "bad lease time" "invalid lease time: 0" alock -x 0 -t a y
expect_error "bad lease time word" "invalid lease time: soon" alock -x soon -t a y
expect_error "-T without -w" "-T goes with -w" alock -T 1 -t a y
expect_error "bad timeout" "invalid timeout: x" alock -w -T x -t a y
expect_error "path with a newline" 'invalid path: a\nb' alock -t a "a
b"
expect_error "outside a group" "session 'loner' is not in a coordination group" alock -t loner y
expect_error "missing session" "can't find session: zz" alock -t zz y
expect_error "unlock not held" "path 'src/x.cc' is not locked by session 'b'" aunlock -t b src/x.cc
expect_error "unlock one held, one not: nothing" "path 'nope' is not locked by session 'a'" aunlock -t a src/x.cc nope
expect_error "unlock outside a group" "session 'loner' is not in a coordination group" aunlock -t loner
expect_error "alocks missing group" "can't find group: nope" alocks -g nope
expect_error "alocks outside a group" "session 'loner' is not in a coordination group" alocks -t loner
expect_ok "errors changed nothing" "4" display -p "$(amux alocks -g team | wc -l)"

# -w parks until the paths are free; unlock wakes it; -T gives up with 2.
run alock -w -T 1 -t b src/x.cc
expect_eq "alock -w -T" "2 timed out" "$RC $ERR"
"$AMUX_BIN" -S "$SOCK" alock -w -t b src/x.cc lib/a.c >"$TEST_DIR/w1" 2>&1 &
w1=$!
wait_parked 1
expect_ok "aunlock one" "Unlocked in group 'team': src/x.cc (fence 5)" aunlock -t a src/x.cc
# A wake happens inside the unlock, so the count read after it is the truth.
expect_ok "still parked: lib/* is held" "1" display -p '#{server_parked_clients}'
expect_eq "nothing printed yet" "" "$(cat "$TEST_DIR/w1")"
expect_ok "aunlock all" "Unlocked in group 'team': lib/* (fence 2)" aunlock -t a
wait $w1
expect_eq "waiter granted" "0 Locked in group 'team': src/x.cc (fence 6, expires in 3600s)
Locked in group 'team': lib/a.c (fence 7, expires in 3600s)" "$? $(cat "$TEST_DIR/w1")"
expect_error "a holds none now" "session 'a' holds no leases" aunlock -t a

# A lease dies with its holder's program: killed, the lease is freed and a parked alock -w
# gets it (woken by the exit, not by a timer: -T 60 only keeps a broken build from hanging).
amux new-session -d -s holder -G development cat
amux ajoin -t holder team >/dev/null
amux respawn-pane -k -t holder: "sh -c '\"$AMUX_BIN\" alock held.txt && exec sleep 100'"
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' alocks -g team | grep -q '^held.txt exclusive holder'"
expect_eq "held by the pane" "held.txt %4" "$(amux alocks -g team -F '#{lock_path} #{lock_pane}' | grep held)"
"$AMUX_BIN" -S "$SOCK" alock -w -T 60 -t c held.txt >"$TEST_DIR/w2" 2>&1 &
w2=$!
wait_parked 1
pid=$(amux display -p -t holder: '#{pane_pid}')
kill -9 "$pid"
wait $w2
expect_eq "waiter got the dead holder's lease" "0 held.txt exclusive c" "$? $(amux alocks -g team | grep '^held.txt' | cut -d' ' -f1-3)"

# Names are the holder's current one; respawning the pane's program releases its leases.
amux alock -t c renamed.txt >/dev/null
amux rename-session -t c cc
expect_eq "alocks shows the new name" "renamed.txt cc" "$(amux alocks -g team -F '#{lock_path} #{lock_holder}' | grep '^renamed.txt')"
run alock -t a renamed.txt
expect_eq "conflict names the new name" "path 'renamed.txt' is locked by session 'cc' (expires in Ns)" "$(mask_secs "$ERR")"
amux rename-session -t cc c
amux aunlock -t c renamed.txt >/dev/null
amux new-session -d -s again -G testing cat
amux ajoin -t again team >/dev/null
amux respawn-pane -k -t again: "sh -c '\"$AMUX_BIN\" alock respawn.txt && exec sleep 100'"
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' alocks -g team | grep -q '^respawn.txt exclusive again'"
amux respawn-pane -k -t again: cat
expect_ok "respawn releases" "" alocks -g team -F '#{?#{==:#{lock_holder},again},held,}'

# Leaving the group and ending the session release leases too.
amux alock -t b leave.txt >/dev/null
amux aleave -t b >/dev/null
expect_ok "leave releases" "" alocks -g team -F '#{?#{==:#{lock_holder},b},held,}'
amux alock -t c end.txt >/dev/null
amux kill-session -t c
expect_ok "session end releases" "" alocks -g team -F '#{lock_holder}'

# Expiry: an expire event and a message to the holder.
seq=$(amux aevents -t a | tail -1 | cut -d' ' -f1)  # before: a slow machine may expire it soon
amux alock -x 1 -t a brief.txt >/dev/null
# (Other sessions' state events may come in between: compare the lines without their numbers.)
run await -t a -m -s "$seq" -T 60
expect_eq "expiry message wakes await -m" "0 message amux -> a: lease on 'brief.txt' expired (fence 14)" "$RC $(echo "$OUT" | cut -d' ' -f2-)"
expect_eq "expire event" "lock a brief.txt fence 14 exclusive
expire a brief.txt fence 14
message amux -> a: lease on 'brief.txt' expired (fence 14)" "$(amux aevents -t a -s "$seq" | cut -d' ' -f2- | grep -v '^state ')"
expect_ok "gone" "" alocks -g team
expect_ok "in the inbox" "amux: lease on 'brief.txt' expired (fence 14)" ainbox -t a -F '#{message_from}: #{message_text}'
expect_alive "server alive"

finish
