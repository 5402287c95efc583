#!/usr/bin/env bash
# Groups on Redis: a real redis-server on a Unix socket and two amux servers (A: $SOCK, B:
# $SOCK_B). Joins from both, shares both ways, an await on one woken by the other, a
# compare-and-set race across both, messages, presence, a lease conflict across servers
# and its release when the holder's server is killed, Redis restarted mid-test, and the
# errors (bad URL, Redis down, name clashes, what remote groups do not do).
. "$(dirname "$0")/lib/test-lib.sh"

if ! command -v redis-server >/dev/null; then
  echo "redis-server is not installed (scripts/test.sh installs it)"
  exit 1
fi
REDIS_SOCK=$TEST_DIR/redis.sock
URL=redis+unix://$REDIS_SOCK
SOCK_B=$TEST_DIR/sock-b
HOST=$(hostname)
b() { "$AMUX_BIN" -S "$SOCK_B" -f /dev/null "$@"; }
# The append-only file keeps the groups across the restart below.
start_redis() {
  redis-server --port 0 --unixsocket "$REDIS_SOCK" --dir "$TEST_DIR" --save "" \
    --appendonly yes --appendfsync always --daemonize yes --pidfile "$TEST_DIR/redis.pid" \
    --logfile "$TEST_DIR/redis.log"
  wait_until 10 redis-cli -s "$REDIS_SOCK" ping >/dev/null
}
stop_redis() {
  redis-cli -s "$REDIS_SOCK" shutdown >/dev/null 2>&1
  wait_until 10 sh -c "! redis-cli -s '$REDIS_SOCK' ping >/dev/null 2>&1"
}
trap 'stop_redis; redis-cli -s "$TEST_DIR/pw.sock" -a s3cret shutdown >/dev/null 2>&1
      "$AMUX_BIN" -S "$SOCK_B" kill-server >/dev/null 2>&1; cleanup' EXIT
start_redis

amux new-session -d -s a1 -G claude -o "plan the API" cat
amux new-session -d -s a2 -G aider -o "write tests" cat
b new-session -d -s b1 -G codex -o "build the client" cat
b new-session -d -s b2 -G codex -o "review" cat

# Errors before anything reaches Redis, and Redis not there.
expect_error "bad url" "invalid redis url: http://x (redis://host:port[/db] or redis+unix:///path)" ajoin -r http://x -t a1 team
expect_error "bad port" "invalid redis url: redis://h:99999 (redis://host:port[/db] or redis+unix:///path)" ajoin -r redis://h:99999 -t a1 team
expect_error "join key" "-k: join keys are not supported for remote groups" ajoin -r "$URL" -k s -t a1 team
expect_error "no redis there" "redis: connection refused" ajoin -r "redis+unix://$TEST_DIR/none.sock" -t a1 team
expect_ok "still in no group" "" lsag -F '#{group_name}'

# Joins from both servers: one group, the first member coordinator.
expect_ok "ajoin -r on A" "Session 'a1' joined group 'team'
First session in group (coordinator)" ajoin -r "$URL" -t a1 team
B_OUT=$(b ajoin -r "$URL" -t b1 team 2>&1)
expect_eq "ajoin -r on B" "Session 'b1' joined group 'team'
Discovered 1 peer: a1" "$B_OUT"
# A group this server has joins its members there without -r.
expect_ok "second member on A" "Session 'a2' joined group 'team'
Discovered 2 peers: a1, b1" ajoin -t a2 team
expect_ok "lsag on A" "Agent Coordination Groups: 1
Group: team
  Remote: $URL
  Members: 3
  Coordinator: a1
  Shared Context: 0 keys (0 bytes)" lsag
wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK_B' apeers -t b1 -F '#{peer_name}' | paste -sd,)\" = a1,a2 ]"
expect_eq "B sees A's members" "a1 coordinator claude plan the API|a2 member aider write tests" "$(b apeers -t b1 -F '#{peer_name} #{peer_role} #{peer_type} #{peer_objective}' | paste -sd'|')"
expect_eq "A sees B's member (join order)" "b1 member|a2 member" "$(amux apeers -t a1 -F '#{peer_name} #{peer_role}' | paste -sd'|')"
run apeers -t a1
expect_eq "apeers on A" "Coordination Group: team
Role: Coordinator
Peers: 2 sessions
  b1 (Member, codex): build the client
    State: idle, on $HOST
  a2 (Member, aider): write tests
Shared Context: None" "$(grep -v '^Last Coordination\|last output' <<<"$OUT")"
expect_error "already in a group" "session 'a1' is already in group 'team'" ajoin -r "$URL" -t a1 other

# Shares both ways: what one server writes, the other reads once the event arrives.
expect_ok "ashare on A" "Shared with group 'team': api=rest" ashare -t a1 api=rest
wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK_B' aget -t b1 api 2>/dev/null)\" = rest ]"
expect_eq "aget on B" "rest" "$(b aget -t b1 api)"
expect_eq "ashare on B" "Shared with group 'team': db=sqlite" "$(b ashare -t b1 db=sqlite)"
wait_until 10 sh -c "'$AMUX_BIN' -S '$SOCK' aget -t a1 db >/dev/null 2>&1"
expect_eq "aget -v on A" "Key: db
Value: sqlite
Version: 2
Author: b1" "$(amux aget -v -t a1 db | grep -v ^Time)"
expect_ok "a server reads its own write at once" "Shared with group 'team': own=1
1" ashare -t a2 own=1 \; aget -t a2 own
# Compare-and-set and unset are decided in Redis, with the local texts.
expect_error "cas mismatch" "version mismatch: key api is at version 1" ashare -c 5 -t a1 api=grpc
expect_ok "cas match" "Shared with group 'team': api=grpc" ashare -c 1 -t a1 api=grpc
expect_error "unset a missing key" "no such key: nokey" ashare -u -t a1 nokey
expect_ok "unset" "Unset in group 'team': own" ashare -u -t a2 own
expect_ok "conflict event" "conflict a1 cas api: at version 1, expected 5" aevents -t a1 -k conflict -F '#{event_kind} #{event_session} #{event_value} #{event_key}: #{event_data}'

# A command list's shares go to Redis as one script (seen in MONITOR: one EVALSHA has
# every key), each all or none and in order; the first refused ends the list.
redis-cli -s "$REDIS_SOCK" monitor >"$TEST_DIR/monitor.all" 2>&1 &
MONITOR=$!
wait_until 10 grep -q OK "$TEST_DIR/monitor.all"
scripts() { grep -E '"EVALSHA"|"EVAL"' "$TEST_DIR/monitor.all" >"$TEST_DIR/monitor"; }
expect_ok "a list of shares" "Shared with group 'team': g1=1
Shared with group 'team': g2=2
Unset in group 'team': g1
g2=2 a1" ashare -t a1 g1=1 \; ashare -c 0 -t a1 g2=2 \; ashare -u -t a1 g1 \; aget -t a1 -p g -F '#{key_name}=#{key_value} #{key_author}'
if wait_until 10 grep -q '"g2"' "$TEST_DIR/monitor.all"; then pass; else fail "the list reached Redis"; fi
scripts
expect_eq "one script for the list" "1|1" "$(grep -c '"g1"' "$TEST_DIR/monitor")|$(grep -c '"g1" "1" .*"g2" "2" .*"g1"' "$TEST_DIR/monitor")"
run ashare -t a1 h1=1 \; ashare -c 7 -t a1 h2=2 \; ashare -t a1 h3=3
expect_eq "the first refused ends the list" "Shared with group 'team': h1=1|version mismatch: key h2 is at version 0|1" "$OUT|$(cat "$TEST_DIR/stderr")|$RC"
expect_eq "what went before it stays, nothing after" "1|no such key: h2|no such key: h3" "$(amux aget -t a1 h1)|$(amux aget -t a1 h2 2>&1)|$(amux aget -t a1 h3 2>&1)"
run ashare -t a1 i1=1 \; ashare -t a1 'bad key=1' \; ashare -t a1 i3=3
expect_eq "a share that does not parse runs on its own, after" "Shared with group 'team': i1=1|invalid key: bad key|1|no such key: i3" "$OUT|$(cat "$TEST_DIR/stderr")|$RC|$(amux aget -t a1 i3 2>&1)"
expect_ok "another member's share is its own request" "Shared with group 'team': j1=1
Shared with group 'team': j2=2
Shared with group 'team': j3=3" ashare -t a1 j1=1 \; ashare -t a2 j2=2 \; ashare -t a1 j3=3
wait_until 10 grep -q '"j3"' "$TEST_DIR/monitor.all"
scripts
expect_eq "three scripts, in order" "j1|j2|j3" "$(grep -o '"j[123]"' "$TEST_DIR/monitor" | tr -d '"' | paste -sd'|')"
# 2500 shares: scripts of at most 1000, each line printed, every key there (on B too).
list=()
for i in $(seq 1 2500); do list+=(ashare -t a1 "n$i=$i" \;); done
unset 'list[-1]'
amux "${list[@]}" >"$TEST_DIR/list.out"
expect_eq "2500 shares in one list" "0|2500|Shared with group 'team': n2500=2500" "$?|$(wc -l <"$TEST_DIR/list.out")|$(tail -1 "$TEST_DIR/list.out")"
wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK_B' aget -t b1 n2500 2>/dev/null)\" = 2500 ]"
expect_eq "every key there, on B too" "1|1250|2500" "$(b aget -t b1 n1)|$(b aget -t b1 n1250)|$(b aget -t b1 n2500)"
wait_until 10 grep -q '"n2500"' "$TEST_DIR/monitor.all"
scripts
expect_eq "in three scripts" "3" "$(grep -cE '"n[0-9]+" "[0-9]+"' "$TEST_DIR/monitor")"
kill $MONITOR 2>/dev/null
wait $MONITOR 2>/dev/null
# -e: the key goes when its author leaves (below); -x: it expires, within a heartbeat.
expect_ok "ashare -e" "Shared with group 'team': eph=1" ashare -e -t a2 eph=1
expect_ok "ashare -x" "Shared with group 'team': short=1" ashare -x 1 -t a2 short=1
wait_until 20 sh -c "! '$AMUX_BIN' -S '$SOCK_B' aget -t b1 short >/dev/null 2>&1"
expect_eq "-x: gone on B" "no such key: short" "$(b aget -t b1 short 2>&1)"
wait_until 10 sh -c "'$AMUX_BIN' -S '$SOCK' aevents -t a1 -k unset -K short | grep -q expired"
expect_ok "-x: the unset event" "unset a2 short expired" aevents -t a1 -k unset -K short -F '#{event_kind} #{event_session} #{event_key} #{event_data}'

# An await on B is woken by a share on A.
("$AMUX_BIN" -S "$SOCK_B" -f /dev/null await -t b1 -k share -K wake -T 60 >"$TEST_DIR/await.out" 2>&1; echo $? >"$TEST_DIR/await.rc") &
AWAIT=$!
wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK_B' display -p '#{server_parked_clients}')\" = 1 ]"
amux ashare -t a2 wake=now >/dev/null
wait $AWAIT
expect_eq "await across servers" "0|share a2 wake=now" "$(cat "$TEST_DIR/await.rc")|$(cut -d' ' -f2- "$TEST_DIR/await.out")"

# aevents -f on A follows what B does.
("$AMUX_BIN" -S "$SOCK" -f /dev/null aevents -f -t a1 -k share -F '#{event_session} #{event_key}' >"$TEST_DIR/follow.out" 2>&1) &
FOLLOW=$!
wait_parked 1
b ashare -t b1 f1=x >/dev/null
wait_until 10 grep -q "b1 f1" "$TEST_DIR/follow.out"
kill $FOLLOW 2>/dev/null
wait $FOLLOW 2>/dev/null
expect_eq "aevents -f across servers (after the history)" "b1 f1" "$(tail -1 "$TEST_DIR/follow.out")"

# Twenty clients, half on each server, 20 compare-and-set increments each: exactly 400.
rounds=${AMUX_CAS_ROUNDS:-20}
amux ashare -t a1 counter=0 >/dev/null
wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK_B' aget -t b1 counter 2>/dev/null)\" = 0 ]"
for i in $(seq 1 10); do
  cas_increments "$rounds" "$TEST_DIR/tries.a$i" a1 "$AMUX_BIN" -S "$SOCK" &
  cas_increments "$rounds" "$TEST_DIR/tries.b$i" b1 "$AMUX_BIN" -S "$SOCK_B" &
done
wait
wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK_B' aget -t b1 counter)\" = $((20 * rounds)) ]"
expect_ok "compare-and-set race across servers" "$((20 * rounds))" aget -t a1 counter
expect_eq "the same on B" "$((20 * rounds))" "$(b aget -t b1 counter)"
expect_eq "in Redis" "$((20 * rounds))" "$(redis-cli -s "$REDIS_SOCK" hget 'amux:{team}:ctx' counter)"
echo "remote compare-and-set: $(cat "$TEST_DIR"/tries.* | awk '{ n += $1 } END { print n }') attempts for $((20 * rounds)) increments"

# Messages across servers, read receipts back.
expect_ok "asend to B's member" "Message $(($(amux aevents -t a1 -n 1 -F '#{event_seq}') + 1)) sent to b1" asend -t a1 b1 "take the client"
wait_until 10 sh -c "'$AMUX_BIN' -S '$SOCK_B' ainbox -t b1 | grep -q 'take the client'"
expect_eq "ainbox on B" "a1: take the client" "$(b ainbox -t b1 -F '#{message_from}: #{message_text}')"
b ainbox -c -t b1 >/dev/null
expect_eq "ainbox -c emptied it" "" "$(b ainbox -t b1)"
wait_until 10 sh -c "'$AMUX_BIN' -S '$SOCK' aevents -t a1 -k read -F '#{event_session} #{event_target}' | grep -q 'b1 a1'"
expect_ok "read receipt on A" "b1 a1" aevents -t a1 -k read -F '#{event_session} #{event_target}'
expect_error "asend to no member" "can't find session: nobody" asend -t a1 nobody hi

# Presence: a state set on B shows on A.
b astatus -t b1 blocked "waiting on api" >/dev/null
wait_until 10 sh -c "'$AMUX_BIN' -S '$SOCK' apeers -t a1 -F '#{peer_name} #{peer_state} #{peer_note}' | grep -q 'b1 blocked'"
expect_eq "state across servers" "b1 blocked waiting on api" "$(amux apeers -t a1 -F '#{peer_name} #{peer_state} #{peer_note}' | grep ^b1)"

# await -p on B for A's member reaching a state.
("$AMUX_BIN" -S "$SOCK_B" -f /dev/null await -t b1 -p a2 -S done -T 60 >"$TEST_DIR/peer.out" 2>&1; echo $? >"$TEST_DIR/peer.rc") &
PEERW=$!
wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK_B' display -p '#{server_parked_clients}')\" = 1 ]"
amux astatus -t a2 done "tests written" >/dev/null
wait $PEERW
expect_eq "await -p across servers" "0|state a2 done tests written" "$(cat "$TEST_DIR/peer.rc")|$(cut -d' ' -f2- "$TEST_DIR/peer.out")"
expect_eq "await -p: no such member" "can't find session: ghost" "$(b await -t b1 -p ghost -S done 2>&1)"

# Leases: a conflict across servers, exact in Redis; a glob overlaps. A grant states the
# lease time Redis granted (not a countdown), so it is exact on any machine; conflicts,
# which count down, are masked.
expect_ok "alock on A" "Locked in group 'team': src/api.rs (fence 1, expires in 3600s)" alock -t a1 src/api.rs
run2=$(b alock -t b1 'src/*.rs' 2>&1)
expect_eq "conflict on B" "path 'src/api.rs' is locked by session 'a1' (expires in Ns)" "$(mask_secs "$run2")"
expect_ok "shared lease" "Locked in group 'team': docs/x (shared, fence 2, expires in 3600s)" alock -s -t a2 docs/x
expect_eq "shared with shared on B" "Locked in group 'team': docs/x (shared, fence 3, expires in 3600s)" "$(b alock -s -t b1 docs/x)"
expect_eq "B unlocks" "Unlocked in group 'team': docs/x (fence 3)" "$(b aunlock -t b1 docs/x)"
expect_eq "B unlocks nothing held" "path 'src/api.rs' is not locked by session 'b1'" "$(b aunlock -t b1 src/api.rs 2>&1)"
expect_eq "the lease key in Redis" "a1 1" "$(redis-cli -s "$REDIS_SOCK" get 'amux:{team}:lease:src/api.rs')"
("$AMUX_BIN" -S "$SOCK" -f /dev/null alock -w -t a2 src/api.rs >"$TEST_DIR/w2.out" 2>&1; echo $? >"$TEST_DIR/w2.rc") &
W2=$!
wait_parked 1
amux aleave -t a2 >/dev/null
wait $W2
expect_eq "a parked alock -w ends when its session leaves" "1|session 'a2' left group 'team'" "$(cat "$TEST_DIR/w2.rc")|$(cat "$TEST_DIR/w2.out")"
wait_until 10 sh -c "! '$AMUX_BIN' -S '$SOCK_B' aget -t b1 eph >/dev/null 2>&1"
expect_eq "-e: gone with its author" "no such key: eph|unset a2 eph ephemeral" "$(b aget -t b1 eph 2>&1)|$(b aevents -t b1 -k unset -K eph -F '#{event_kind} #{event_session} #{event_key} #{event_data}')"
amux ajoin -t a2 team >/dev/null
expect_error "aunlock -f" "agent-unlock: not supported for remote group 'team'" aunlock -f -t a1 src/x
expect_error "agive" "agent-give: not supported for remote group 'team'" agive -t a1 src/api.rs a2
expect_error "astats" "agent-stats: not supported for remote group 'team'" astats -t a1

# A name two servers have: the second joins as host:name.
amux new-session -d -s dup -G x cat
b new-session -d -s dup -G y cat
amux ajoin -t dup team >/dev/null
expect_eq "a clashing name" "Session '$HOST:dup' joined group 'team'" "$(b ajoin -t dup -r "$URL" team | head -1)"
expect_ok "aleave on A" "Session 'dup' left group 'team'
Removed from 4 peers" aleave -t dup

# B waits for A's lease; A's server is killed: its members go within the heartbeat's 10 s
# (and a beat), the lease with them, and B is granted. a1 was coordinator: b1 is now.
("$AMUX_BIN" -S "$SOCK_B" -f /dev/null alock -w -t b1 'src/*.rs' >"$TEST_DIR/wait.out" 2>&1; echo $? >"$TEST_DIR/wait.rc") &
WAITER=$!
wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK_B' display -p '#{server_parked_clients}')\" = 1 ]"
kill -9 "$(amux display -p '#{pid}')"
wait_until 60 test -s "$TEST_DIR/wait.rc"
wait $WAITER
expect_eq "granted when the holder's server died" "0|Locked in group 'team': src/*.rs (fence 4, expires in 3600s)" "$(cat "$TEST_DIR/wait.rc")|$(cat "$TEST_DIR/wait.out")"
expect_eq "A's members left, b1 coordinator" "b1 coordinator" "$(b apeers -t dup -F '#{peer_name} #{peer_role}')"
expect_eq "leave and hand-over events" "leave a2|leave dup|leave a1|coordinator b1|leave a2" "$(b aevents -t b1 -k leave,coordinator -F '#{event_kind} #{event_session}' | paste -sd'|')"

# Redis restarted: a request while it is down fails at once, local groups keep working,
# and the server reconnects by itself; the append-only file kept the group.
stop_redis
expect_eq "Redis down" "redis: connection refused|1" "$(b ashare -t b1 k=v 2>&1)|$(b ashare -t b1 k=v >/dev/null 2>&1; echo $?)"
b ajoin -t b2 local-team >/dev/null
b new-session -d -s b3 -G codex cat
expect_eq "-r to a local group's name: refused at once" "group 'local-team' is a local group of this server|1" "$(b ajoin -r "$URL" -t b3 local-team 2>&1)|$(b ajoin -r "$URL" -t b3 local-team >/dev/null 2>&1; echo $?)"
expect_eq "a local group meanwhile" "Shared with group 'local-team': x=1" "$(b ashare -t b2 x=1)"
start_redis
wait_until 30 sh -c "'$AMUX_BIN' -S '$SOCK_B' ashare -t b1 after=restart >/dev/null 2>&1"
expect_eq "kept across the restart" "grpc|restart" "$(b aget -t b1 api)|$(b aget -t b1 after)"
expect_eq "the lease too" "src/*.rs exclusive b1" "$(b alocks -t b1 -F '#{lock_path} #{lock_mode} #{lock_holder}')"
# A fresh server A joins again and both see each other's shares.
amux new-session -d -s a3 -G claude cat
expect_ok "A again" "Session 'a3' joined group 'team'
Discovered 2 peers: b1, $HOST:dup" ajoin -r "$URL" -t a3 team
b ashare -t b1 again=1 >/dev/null
wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' aget -t a3 again 2>/dev/null)\" = 1 ]"
expect_ok "B's share on the new A" "1" aget -t a3 again
# Each server hears the others' events on a channel of its own. Whatever else is published
# there (not JSON, not entries, an entry far ahead, one with an old number and a later id)
# changes nothing by itself: the server reads the stream instead, and goes on.
channels=$(redis-cli -s "$REDIS_SOCK" PUBSUB CHANNELS 'amux:{team}:to:*' | sort)
expect_eq "a channel for each server" "2" "$(wc -l <<<"$channels")"
for lie in 'not json' '[]' '[1,[2]]' '[["1-0",["seq"]]]' '[["9999999999999-0",["seq","99999","kind","share","actor","b1","key","lie","value","1"]]]' \
  '[["9999999999999-0",["seq","1","kind","share","actor","b1","key","lie","value","2"]]]'; do
  while read -r ch; do redis-cli -s "$REDIS_SOCK" PUBLISH "$ch" "$lie" >/dev/null; done <<<"$channels"
done
b ashare -t b1 after.lies=1 >/dev/null
wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' aget -t a3 after.lies 2>/dev/null)\" = 1 ]"
expect_ok "shares still reach A" "1" aget -t a3 after.lies
expect_error "no lie became a key on A" "no such key: lie" aget -t a3 lie
expect_eq "nor on B" "no such key: lie|1" "$(b aget -t b1 lie 2>&1)|$(b aget -t b1 lie >/dev/null 2>&1; echo $?)"
amux ashare -t a3 from.a=2 >/dev/null
wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK_B' aget -t b1 from.a 2>/dev/null)\" = 2 ]"
expect_eq "and A's reach B" "2" "$(b aget -t b1 from.a)"

# Redis loses everything (FLUSHALL): the heartbeats register the members again and each
# replica follows what Redis holds now.
redis-cli -s "$REDIS_SOCK" flushall >/dev/null
BACK=$(printf '%s\n' a3 "$HOST:dup" | sort | paste -sd,)
wait_until 30 sh -c "! '$AMUX_BIN' -S '$SOCK_B' aget -t b1 api >/dev/null 2>&1"
wait_until 30 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK_B' apeers -t b1 -F '#{peer_name}' | sort | paste -sd,)\" = '$BACK' ]"
expect_eq "the context went with it" "no such key: api" "$(b aget -t b1 api 2>&1)"
expect_eq "the members are back" "$BACK" "$(b apeers -t b1 -F '#{peer_name}' | sort | paste -sd,)"
expect_ok "and shares go on" "Shared with group 'team': fresh=1" ashare -t a3 fresh=1
wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK_B' aget -t b1 fresh 2>/dev/null)\" = 1 ]"
expect_eq "seen on B" "1" "$(b aget -t b1 fresh)"

# An agent joins through amux mcp's join tool with its redis argument.
amux new-session -d -s m1 -G claude cat
MCP_OUT=$(printf '%s\n' "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"join\",\"arguments\":{\"group\":\"viamcp\",\"redis\":\"$URL\"}}}" | "$AMUX_BIN" -S "$SOCK" mcp -t m1 2>&1)
expect_eq "mcp join with redis" '"text":"Session '"'"'m1'"'"' joined group '"'"'viamcp'"'"'\nFirst session in group (coordinator)"' "$(grep -o '"text":"[^"]*"' <<<"$MCP_OUT")"
expect_ok "on Redis" "team $URL
viamcp $URL" lsag -F "#{group_name} #{group_remote}"
amux aleave -t m1 >/dev/null

# agent-remote: where ajoin puts a group this server does not have.
expect_error "agent-remote: a bad url" "invalid redis url: bogus (redis://host:port[/db] or redis+unix:///path)" set -g agent-remote bogus
expect_ok "agent-remote unchanged" "" show -gv agent-remote
amux set -g agent-remote "$URL"
amux new-session -d -s o1 -G claude cat
expect_ok "ajoin with agent-remote" "Session 'o1' joined group 'byoption'
First session in group (coordinator)" ajoin -t o1 byoption
expect_ok "it is on Redis" "byoption $URL" lsag -F "#{?#{==:#{group_name},byoption},#{group_name} #{group_remote},}" 
amux aleave -t o1 >/dev/null
amux set -gu agent-remote

# Pane members in a remote group: a pane of A joins as a member of its own; B sees it,
# reads its share, messages it and conflicts with its lease; the pane's end takes its lease
# and membership with it.
amux new-session -d -s panes -G claude cat
amux split-window -t panes cat
rp=$(amux display -p -t panes '#{pane_id}')
expect_eq "a pane joins the remote group" "Member 'rp-alice' joined group 'team'" "$(amux ajoin -t "$rp" -n rp-alice team | head -1)"
wait_until 10 sh -c "'$AMUX_BIN' -S '$SOCK_B' apeers -t b1 -F '#{peer_name}' | grep -q '^rp-alice$'"
expect_eq "B sees the pane member" "rp-alice claude" "$(b apeers -t b1 -F '#{peer_name} #{peer_type}' | grep ^rp-alice)"
amux ashare -t "$rp" from.pane=1 >/dev/null
wait_until 10 sh -c "'$AMUX_BIN' -S '$SOCK_B' aget -t b1 from.pane >/dev/null 2>&1"
expect_eq "B reads its share" "from.pane rp-alice" "$(b aget -t b1 -p from.pane -F '#{key_name} #{key_author}')"
b asend -t b1 rp-alice "for the pane" >/dev/null
wait_until 10 sh -c "'$AMUX_BIN' -S '$SOCK' ainbox -t '$rp' | grep -q 'for the pane'"
expect_ok "the pane's inbox" "b1: for the pane" ainbox -t "$rp" -F '#{message_from}: #{message_text}'
expect_error "the session's inbox is not the pane's" "session 'panes' is not in a coordination group" ainbox -t panes
expect_ok "the pane locks" "Locked in group 'team': src/pane.rs (fence 1, expires in 3600s)" alock -t "$rp" src/pane.rs
run alock -t a3 src/pane.rs
expect_eq "a conflict names the member" "path 'src/pane.rs' is locked by member 'rp-alice' (expires in Ns)" "$(mask_secs "$ERR")"
amux kill-pane -t "$rp"
wait_until 10 sh -c "! '$AMUX_BIN' -S '$SOCK_B' apeers -t b1 -F '#{peer_name}' | grep -q '^rp-alice$'"
expect_eq "gone from B with its pane" "" "$(b apeers -t b1 -F '#{peer_name}' | grep ^rp-alice)"
expect_eq "its lease went with it" "" "$(redis-cli -s "$REDIS_SOCK" get 'amux:{team}:lease:src/pane.rs')"

# Leaving: the last member on a server stops following the group there. Who coordinates
# since the FLUSHALL is whichever server's heartbeat registered first: a3 leaving hands it
# on when it was a3.
handover=""
[ "$(amux lsag -F '#{group_coordinator}')" = a3 ] && handover="
Coordinator is now b1"
expect_ok "aleave" "Session 'a3' left group 'team'
Removed from 2 peers$handover" aleave -t a3
expect_ok "A follows no group" "" lsag -F '#{group_name}'
wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK_B' apeers -t b1 -F '#{peer_name}')\" = '$HOST:dup' ]"
expect_eq "B's view" "$HOST:dup" "$(b apeers -t b1 -F '#{peer_name}')"
# A Redis that wants a password: AUTH with the URL's, and Redis's own refusal.
redis-server --port 0 --unixsocket "$TEST_DIR/pw.sock" --requirepass s3cret --save "" \
  --daemonize yes --pidfile "$TEST_DIR/pw.pid" --logfile "$TEST_DIR/pw.log"
wait_until 10 test -S "$TEST_DIR/pw.sock"
expect_error "wrong password" "redis: WRONGPASS invalid username-password pair or user is disabled." ajoin -r "redis+unix://:nope@$TEST_DIR/pw.sock" -t a3 locked
expect_ok "password" "Session 'a3' joined group 'locked'
First session in group (coordinator)" ajoin -r "redis+unix://:s3cret@$TEST_DIR/pw.sock" -t a3 locked
expect_ok "the password is not shown" "locked redis+unix://:***@$TEST_DIR/pw.sock" lsag -F '#{group_name} #{group_remote}'
amux aleave -t a3 >/dev/null
redis-cli -s "$TEST_DIR/pw.sock" -a s3cret shutdown >/dev/null 2>&1
expect_alive "server A alive"
expect_eq "server B alive" "0" "$(b list-sessions >/dev/null 2>&1; echo $?)"

finish
