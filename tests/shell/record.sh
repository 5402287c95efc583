#!/usr/bin/env bash
# The coordination record: each member's record (final state, note, times, leases,
# shares, messages) and the roster of past members (apeers -a), astatus done|failed
# finishing a task, and astats after a scripted scenario: 3 members, 2 done, 1 failed, 4
# conflicts. Counts are compared exactly; durations only within bounds. The record
# survives a restart.
. "$(dirname "$0")/lib/test-lib.sh"
no_resurrect

START=$(date +%s)
amux new-session -d -s a -G rust -o "parser" cat
amux new-session -d -s b -G go -o "server" cat
amux new-session -d -s c -G react -o "ui" cat
amux new-session -d -s loner -G docs cat
for s in a b c; do amux ajoin -t $s team >/dev/null; done

# 1 share; 2 CAS conflicts; 2 lock conflicts; 1 lease wait; 1 message sent and read.
amux ashare -t a k=1 >/dev/null
amux ashare -t b -c 0 k=2 2>/dev/null
amux ashare -t c -c 5 k=3 2>/dev/null
amux alock -t a src/x.cc >/dev/null
amux alock -t b src/x.cc 2>/dev/null
amux alock -t c 'src/*' 2>/dev/null
"$AMUX_BIN" -S "$SOCK" alock -w -t b src/x.cc >"$TEST_DIR/wait" 2>&1 &
wait_parked 1
amux aunlock -t a src/x.cc >/dev/null
wait
amux aunlock -t b >/dev/null
amux asend -t a b hello >/dev/null
amux ainbox -c -t b >/dev/null
amux astatus -t b blocked "waiting on review" >/dev/null
expect_ok "astatus done" "State of session 'a': done (shipped), last output never, last command agent-status" astatus -t a done shipped
amux astatus -t b done >/dev/null
expect_ok "astatus failed" "State of session 'c': failed (tests red), last output never, last command agent-status" astatus -t c failed "tests red"
expect_ok "state events" "state b done
state c failed tests red" aevents -t a -n 2 -F '#{event_kind} #{event_session} #{event_value}#{?event_data, ,}#{event_data}' 
amux aleave -t c >/dev/null

GROUP_F='#{group_name}: #{stats_members_now} now #{stats_members_ever} ever, #{stats_done} done #{stats_failed} failed #{stats_success}%, #{stats_shares} shares, #{stats_cas_conflicts} cas #{stats_lock_conflicts} lock, #{stats_lease_waits} waits, #{stats_messages_sent} sent #{stats_messages_read} read'
expect_ok "astats -F" "team: 2 now 3 ever, 2 done 1 failed 67%, 1 shares, 2 cas 2 lock, 1 waits, 1 sent 1 read" astats -g team -F "$GROUP_F"
MEMBER_F='#{record_number} #{record_name} #{record_type} #{record_state}: #{stats_done} done #{stats_failed} failed, #{record_shares} shares, #{record_cas_conflicts} cas #{record_lock_conflicts} lock, #{stats_lease_waits} waits, #{record_leases} leases, #{record_messages_sent} sent #{record_messages_read} read, left #{?record_left,yes,no}'
expect_ok "astats -m -F" "1 a rust done: 1 done 0 failed, 1 shares, 0 cas 0 lock, 0 waits, 1 leases, 1 sent 0 read, left no
2 b go done: 1 done 0 failed, 0 shares, 1 cas 1 lock, 1 waits, 1 leases, 0 sent 1 read, left no
3 c react failed: 0 done 1 failed, 0 shares, 1 cas 1 lock, 0 waits, 0 leases, 0 sent 0 read, left yes" astats -g team -m -F "$MEMBER_F"

# Durations are bounded by the test's own run time, never compared exactly.
# Each duration is within the test's run time (measured after the query, so a late
# machine only widens the bound); the group's time in each state sums three members'.
# bounded NAME FACTOR COUNT ARGS...: COUNT numbers, each in [0, FACTOR x run time].
bounded() {
  local name=$1 factor=$2 count=$3 n ok=1
  shift 3
  run "$@"
  local limit=$((factor * ($(date +%s) - START + 1)))
  for n in $OUT; do { [ "$n" -ge 0 ] && [ "$n" -le "$limit" ]; } || ok=0; done
  expect_eq "$name ($OUT, at most $limit)" "1 $count" "$ok $(wc -w <<<"$OUT")"
}
bounded "durations bounded" 1 4 astats -g team -F '#{stats_task_mean} #{stats_task_median} #{stats_lease_wait_p50} #{stats_lease_wait_max}'
bounded "state times bounded" 3 3 astats -g team -F '#{stats_working} #{stats_idle} #{stats_blocked}'
bounded "each member's state times bounded" 1 9 astats -g team -m -F '#{stats_working} #{stats_idle} #{stats_blocked}'

# The whole view, durations masked.
secs() { sed -E 's/[0-9]+s\b/Ns/g'; }
run astats -t a
expect_eq "astats" "0|Group: team
Members: 2 now, 3 ever
Tasks: 2 done, 1 failed, success 67%, mean Ns, median Ns
Activity: 1 shares, 2 cas and 2 lock conflicts, 1 lease waits (p50 Ns, max Ns), 1 sent and 1 read messages, Ns working, Ns idle, Ns blocked
  a (1, done, task Ns): 1 shares, 0 cas and 0 lock conflicts, 0 lease waits (p50 -, max -), 1 sent and 0 read messages, Ns working, Ns idle, Ns blocked
  b (2, done, task Ns): 0 shares, 1 cas and 1 lock conflicts, 1 lease waits (p50 Ns, max Ns), 0 sent and 1 read messages, Ns working, Ns idle, Ns blocked
  c (3, failed, left, task Ns): 0 shares, 1 cas and 1 lock conflicts, 0 lease waits (p50 -, max -), 0 sent and 0 read messages, Ns working, Ns idle, Ns blocked" "$RC|$(secs <<<"$OUT")"
run astats -J -g team
expect_eq "astats -J" '{"group":"team","members_now":2,"members_ever":3,"done":2,"failed":1,"success_percent":67,"shares":1,"cas_conflicts":2,"lock_conflicts":2,"lease_waits":1,"messages_sent":1,"messages_read":1,"members":[{"name":"a","number":1,"state":"done","left":false,"done":1,"failed":0,"success_percent":100,"shares":1,"cas_conflicts":0,"lock_conflicts":0,"lease_waits":0,"lease_wait_p50":null,"lease_wait_max":null,"messages_sent":1,"messages_read":0},{"name":"b","number":2,"state":"done","left":false,"done":1,"failed":0,"success_percent":100,"shares":0,"cas_conflicts":1,"lock_conflicts":1,"lease_waits":1,"messages_sent":0,"messages_read":1},{"name":"c","number":3,"state":"failed","left":true,"done":0,"failed":1,"success_percent":0,"shares":0,"cas_conflicts":1,"lock_conflicts":1,"lease_waits":0,"lease_wait_p50":null,"lease_wait_max":null,"messages_sent":0,"messages_read":0}]}' \
  "$(sed -E 's/,"(task_mean|task_median|lease_wait_p50|lease_wait_max|working|idle|blocked)":[0-9]+//g' <<<"$OUT")"

amux ajoin -t loner solo >/dev/null
expect_ok "nothing measured: empty" "0 done, success '', mean '', p50 ''" astats -t loner -F "#{stats_done} done, success '#{stats_success}', mean '#{stats_task_mean}', p50 '#{stats_lease_wait_p50}'"
expect_error "astats unknown group" "can't find group: nope" astats -g nope
expect_error "astats -t and -g" "-t and -g cannot be used together" astats -g team -t a
amux new-session -d -s outside -G docs cat
expect_error "astats outside a group" "session 'outside' is not in a coordination group" astats -t outside

# The roster: apeers -a adds past members.
times() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}/T/g; s/\([0-9]+ seconds? ago\)|\(now\)/(ago)/'; }
run apeers -a -t a
expect_eq "apeers -a" "0|Coordination Group: team
Role: Coordinator
Peers: 1 session
  b (Member, go): server
    State: done, last output never, last command agent-status
Shared Context: 1 key
k=1
Last Coordination: T (ago)
Past Members: 1
  c (react): failed (tests red), joined T, left T
    0 leases, 0 shares, 0 messages sent" "$RC|$(times <<<"$OUT")"
expect_ok "apeers -a -F" "b member done 0 2
c past failed 0 3" apeers -a -t a -F '#{peer_name} #{peer_role} #{peer_state} #{record_shares} #{record_number}'
expect_ok "apeers -F without -a: members only" "b member" apeers -t a -F '#{peer_name} #{peer_role}'
run apeers -a -J -t a
expect_eq "apeers -a -J past" '"past":[{"number":3,"name":"c","type":"react","objective":"ui","state":"failed","note":"tests red","joined":J,"left":L,"finished":F,"state_since":S,"leases":0,"shares":0,"messages_sent":0,"messages_read":0,"cas_conflicts":1,"lock_conflicts":1,"working":N,"idle":N,"blocked":N,"waits":[]}]}' \
  "$(grep -oE '"past":.*' <<<"$OUT" | sed -E 's/"joined":[0-9]+/"joined":J/; s/"left":[0-9]+/"left":L/; s/"finished":[0-9]+/"finished":F/; s/"state_since":[0-9]+/"state_since":S/; s/"(working|idle|blocked)":[0-9]+/"\1":N/g')"
run apeers -a -J -t a
left=$(grep -oE '"left":[0-9]+' <<<"$OUT" | cut -d: -f2)
joined=$(grep -oE '"joined":[0-9]+' <<<"$OUT" | cut -d: -f2)
ok=0; [ "$joined" -ge "$START" ] && [ "$left" -ge "$joined" ] && [ "$left" -le "$(date +%s)" ] && ok=1
expect_eq "join and leave times in order" "1" "$ok"

# A joining again is a new record; the old one stays in the roster.
amux ajoin -t c team >/dev/null
expect_ok "rejoin: a new record" "1 a rust done
2 b go done
3 c react failed
4 c react failed" astats -g team -m -F '#{record_number} #{record_name} #{record_type} #{record_state}'

# The record survives the server: kill -9, restart; the members are gone (their records
# closed), the counts stay.
kill -9 "$(amux display -p '#{pid}')"
wait_until 10 sh -c "! '$AMUX_BIN' -S '$SOCK' has-session 2>/dev/null"
amux start-server
expect_ok "after a restart" "team: 0 now 4 ever, 2 done 1 failed 67%, 1 shares, 2 cas 2 lock, 1 waits, 1 sent 1 read" astats -g team -F "$GROUP_F"
expect_ok "records after a restart" "1 a done yes
2 b done yes
3 c failed yes
4 c failed yes" astats -g team -m -F '#{record_number} #{record_name} #{record_state} #{?record_left,yes,no}'
expect_alive "server alive"
finish
