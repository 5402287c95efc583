#!/usr/bin/env bash
# What answers at a Redis address may not be a Redis, or may misbehave: a stream of
# replies nobody asked for (it once aborted the server inside hiredis), two replies to
# each request, an error to everything, or nothing at all (it once hung ajoin -r for
# ever), an HTTP server. Each is a clear error for the request, and the server goes on.
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
finish
