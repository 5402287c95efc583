#!/usr/bin/env bash
# Liveness on Redis is measured in heartbeats Redis heard, not in its clock: a Redis that
# stalls (SIGSTOP 12 s, longer than a member's 10 s) ends nobody, while a server that was
# not heard from (its own SIGSTOP) has its members ended by the others, and is told so
# when it runs again (its lease is gone: unlocking it fails), then joins again.
. "$(dirname "$0")/lib/test-lib.sh"

REDIS_SOCK=$TEST_DIR/redis.sock
URL=redis+unix://$REDIS_SOCK
SOCK_B=$TEST_DIR/sock-b
b() { "$AMUX_BIN" -S "$SOCK_B" -f /dev/null "$@"; }
rcli() { redis-cli -s "$REDIS_SOCK" "$@"; }
redis-server --port 0 --unixsocket "$REDIS_SOCK" --dir "$TEST_DIR" --save "" --daemonize yes \
  --pidfile "$TEST_DIR/redis.pid" --logfile "$TEST_DIR/redis.log"
trap 'kill -CONT "$(cat "$TEST_DIR/redis.pid")" "$(b display -p "#{pid}" 2>/dev/null)" 2>/dev/null
      rcli shutdown >/dev/null 2>&1; b kill-server >/dev/null 2>&1; cleanup' EXIT
wait_until 10 rcli ping >/dev/null

amux new-session -d -s a1 -G claude cat
b new-session -d -s b1 -G codex cat
amux ajoin -r "$URL" -t a1 team >/dev/null
b ajoin -r "$URL" -t b1 team >/dev/null
b alock -t b1 src/x.cc >/dev/null
b ashare -e -t b1 draft=1 >/dev/null
redis_ms() { rcli TIME | paste -sd' ' | awk '{ printf "%d", $1 * 1000 + int($2 / 1000) }'; }
beat_after() { [ "$(rcli GET 'amux:{team}:beat')" -gt "$1" ]; }
leaves() { rcli XRANGE 'amux:{team}:events' - + | grep -cx leave; }
holders() { amux alocks -t a1 -F '#{lock_holder} #{lock_path}'; }

# Redis stops for longer than a member lives, then goes on: two heartbeats later (the
# first after the stall would have ended b1) nobody has left.
kill -STOP "$(cat "$TEST_DIR/redis.pid")"
sleep 12
kill -CONT "$(cat "$TEST_DIR/redis.pid")"
resumed=$(redis_ms)
wait_until 20 beat_after "$resumed"
wait_until 20 beat_after "$(rcli GET 'amux:{team}:beat')"
expect_eq "nobody left" "0" "$(leaves)"
expect_eq "b1 keeps its lease" "b1 src/x.cc" "$(holders)"
expect_eq "and its ephemeral key" "1" "$(rcli HGET 'amux:{team}:ctx' draft)"
run alock -t a1 src/x.cc
expect_eq "a1 is refused the path" "1|path 'src/x.cc' is locked by session 'b1' (expires in Ns)" "$RC|$(mask_secs "$ERR")"

# Server B stops instead: A's heartbeats end b1 (its lease and key go), and A gets the path.
pid_b=$(b display -p '#{pid}')
kill -STOP "$pid_b"
b1_gone() { [ "$(leaves)" = 1 ]; }
wait_until 30 b1_gone
expect_eq "b1 ended by A's heartbeat" "" "$(holders)"
run alock -t a1 src/x.cc
expect_eq "a1 gets the path" "0|Locked in group 'team': src/x.cc (fence 2, expires in Ns)" "$RC|$(mask_secs "$OUT")"
kill -CONT "$pid_b"
told() { b show-messages | grep -q 'was ended by another server'; }
wait_until 20 told
expect_eq "B says so" "[team] b1 was ended by another server: no heartbeat of this server reached Redis in time. Its leases and ephemeral keys are gone; it joins again at the next heartbeat" \
  "$(b show-messages | grep 'was ended' | sed -E 's/^.*[0-9]{4}: //')"
OUT=$(b aunlock -t b1 src/x.cc 2>&1)
expect_eq "b1's unlock fails" "1 path 'src/x.cc' is not locked by session 'b1'" "$? $OUT"
back() { amux apeers -t a1 -F '#{peer_name}' | grep -qx b1; }
wait_until 20 back
expect_eq "b1 is a member again" "a1" "$(b apeers -t b1 -F '#{peer_name}')"
finish
