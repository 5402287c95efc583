#!/usr/bin/env bash
# What answers at a Redis address may not be a Redis, or may misbehave: a stream of
# replies nobody asked for (it once aborted the server inside hiredis), two replies to
# each request, an error to everything, or nothing at all (it once hung ajoin -r for
# ever), an HTTP server, a malformed message on a subscribed connection (behind a proxy to
# a real Redis). Each is a clear error for the request, or a dropped connection, and the
# server goes on.
. "$(dirname "$0")/lib/test-lib.sh"

FAKE=$(dirname "$0")/../tools/fake-redis.py
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; cleanup' EXIT
port_file() { [ -s "$TEST_DIR/$1.port" ]; }
for mode in flood double error silent http; do
  python3 "$FAKE" "$mode" "$TEST_DIR/$mode.port" &
  pids+=($!)
done
for mode in flood double error silent http; do wait_until 10 port_file "$mode"; done
url() { echo "redis://127.0.0.1:$(cat "$TEST_DIR/$1.port")"; }

amux new-session -d -s a -G claude cat
expect_error "replies nobody asked for" "redis: unexpected reply (is it a Redis server?)" ajoin -r "$(url flood)" -t a team
expect_error "two replies a request" "redis: unexpected reply (is it a Redis server?)" ajoin -r "$(url double)" -t a team2
expect_error "an error to everything" "redis: ERR nope" ajoin -r "$(url error)" -t a team3
expect_error "not a Redis at all" 'redis: protocol error, got "H" as reply type byte' ajoin -r "$(url http)" -t a team5
expect_error "no reply at all: a deadline" "redis: no reply in 10 s" ajoin -r "$(url silent)" -t a team4
# The flood goes on at the first address (the link is tried again with back-off).
expect_error "again, while it floods" "redis: unexpected reply (is it a Redis server?)" ajoin -r "$(url flood)" -t a team
expect_ok "not a member of any" "Agent Coordination Groups: 0" lsag
expect_ok "local groups still work" "Session 'a' joined group 'local'
First session in group (coordinator)" ajoin -t a local

# A real Redis behind a proxy that pushes a malformed message on each of the first four
# subscribed connections (too few elements, a number where the kind or the channel goes):
# hiredis 0.14 asserts on each, so each must end that connection, not the server. The
# fifth subscription holds, and another server's shares reach this one.
command -v redis-server >/dev/null || { echo "redis-server is not installed (scripts/test.sh installs it)"; exit 1; }
REDIS_SOCK=$TEST_DIR/redis.sock
SOCK_B=$TEST_DIR/sock-b
b() { "$AMUX_BIN" -S "$SOCK_B" -f /dev/null "$@"; }
trap 'kill "${pids[@]}" 2>/dev/null; redis-cli -s "$REDIS_SOCK" shutdown >/dev/null 2>&1
      b kill-server >/dev/null 2>&1; cleanup' EXIT
redis-server --port 0 --unixsocket "$REDIS_SOCK" --dir "$TEST_DIR" --save "" --appendonly no \
  --daemonize yes --pidfile "$TEST_DIR/redis.pid" --logfile "$TEST_DIR/redis.log"
wait_until 10 redis-cli -s "$REDIS_SOCK" ping >/dev/null
python3 "$FAKE" subpush "$TEST_DIR/subpush.port" "$REDIS_SOCK" &
pids+=($!)
wait_until 10 port_file subpush
subscriptions() { [ "$(cat "$TEST_DIR/subpush.port.subs" 2>/dev/null || echo 0)" -ge "$1" ]; }
amux new-session -d -s p -G claude cat
expect_ok "ajoin -r through the proxy" "Session 'p' joined group 'pushed'
First session in group (coordinator)" ajoin -r "$(url subpush)" -t p pushed
wait_until 20 subscriptions 5
expect_eq "each malformed message ended its connection: a fifth subscription" "yes" \
  "$(subscriptions 5 && echo yes)"
expect_alive "server alive after four malformed messages"
b new-session -d -s b1 -G codex cat
expect_eq "another server joins at Redis itself" "Session 'b1' joined group 'pushed'
Discovered 1 peer: p" "$(b ajoin -r "redis+unix://$REDIS_SOCK" -t b1 pushed 2>&1)"
b ashare -t b1 heard=yes >/dev/null
wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' aget -t p heard 2>/dev/null)\" = yes ]"
expect_ok "its share is here" "yes" aget -t p heard
expect_alive "server alive at the end"
finish
