#!/usr/bin/env bash
# Bad input never crashes or stalls the server: oversize keys and values, bad UTF-8,
# garbage and truncated frames, other protocol versions, clients that vanish mid-command.
. "$(dirname "$0")/lib/test-lib.sh"
raw() { "$AMUX_RAWCLIENT" "$SOCK" "$@"; }

amux new-session -d -s a -G research cat
amux ajoin -t a team >/dev/null

big=$(head -c 65537 /dev/zero | tr '\0' v)
expect_error "value too long" "value too long for key: k" ashare -t a "k=$big"
expect_eq "value at the limit" "0" "$(amux ashare -t a "k=${big:1}" >/dev/null; echo $?)"
expect_eq "64 KiB value stored" "65537" "$(amux lsag -F '#{group_context_bytes}')"
expect_error "bad UTF-8" "invalid value for key: u (not UTF-8 text)" ashare -t a "u=$(printf 'ok\xff\xfe')"
expect_error "overlong UTF-8" "invalid value for key: u (not UTF-8 text)" ashare -t a "u=$(printf '\xc0\xaf')"
expect_error "surrogate UTF-8" "invalid value for key: u (not UTF-8 text)" ashare -t a "u=$(printf '\xed\xa0\x80')"
expect_ok "valid UTF-8" "Shared with group 'team': u=café ✓" ashare -t a "u=café ✓"
expect_error "bad UTF-8 in key" "invalid key: $(printf 'k\xff')" ashare -t a "$(printf 'k\xff')=v"
expect_error "unknown command with junk" "unknown command: $(printf '\x01\x02')" "$(printf '\x01\x02')"
expect_error "unknown flag" "command agent-share: unknown flag -%" ashare -% k=v

# Raw protocol abuse: each gets an error frame (or is dropped) and the server serves on.
expect_eq "garbage" "stderr: protocol error: not an amux message
exit: 1
closed" "$(raw garbage)"
expect_alive "after garbage"
expect_eq "other version" "stderr: protocol version mismatch (peer 99, this 2)
exit: 1
closed" "$(raw version)"
expect_eq "oversize frame" "stderr: protocol error: message too large (2147483647 bytes)
exit: 1
closed" "$(raw oversize)"
expect_eq "wrong message type" "stderr: protocol error: unknown message type 2
exit: 1
closed" "$(raw badtype)"
expect_eq "malformed payload" "stderr: protocol error: malformed command message
exit: 1
closed" "$(raw malformed)"
expect_eq "raw command works" "stdout: a
exit: 0
closed" "$(raw command display -p -t a '#{session_name}')"
expect_eq "raw parse error" "stderr: unknown command: nope
exit: 1
closed" "$(raw command nope)"
raw truncated
expect_alive "after truncated frame"
raw noread ashare -t a after=noread
expect_eq "noread command applied" "after=noread" "$(amux apeers -t a | grep '^after=')"

# A client holding a half-sent frame does not block anyone else.
"$AMUX_RAWCLIENT" "$SOCK" truncated-hold 60 >"$TEST_DIR/held" &
holder=$!
wait_until 10 grep -q sent "$TEST_DIR/held"
expect_ok "served while a frame is pending" "a" display -p -t a '#{session_name}'
expect_eq "the holder was still connected" "running" "$(kill -0 $holder && echo running)"
kill $holder
wait $holder 2>/dev/null

# A client killed while the server is busy with it (server stopped, then resumed).
pid=$(amux display -p '#{pid}')
kill -STOP "$pid"
"$AMUX_RAWCLIENT" "$SOCK" sent ashare -t a killed=mid >"$TEST_DIR/mid" 2>&1 &
client=$!
wait_until 10 grep -q sent "$TEST_DIR/mid"  # the command is in the stopped server's socket
kill -9 $client
kill -CONT "$pid"
wait $client 2>/dev/null
expect_alive "after client killed mid-command"
expect_ok "still serving" "team" display -p -t a '#{agent_group}'

# Many connections at once that send nothing, then a normal command.
idle=()
for i in $(seq 1 50); do "$AMUX_RAWCLIENT" "$SOCK" truncated-hold 60 >"$TEST_DIR/idle$i" & idle+=($!); done
wait_until 10 sh -c "[ \$(cat $TEST_DIR/idle* | grep -c sent) -eq 50 ]"
expect_eq "50 idle connections open" "50" "$(cat "$TEST_DIR"/idle* | grep -c sent)"
expect_ok "served among idle connections" "a" display -p -t a '#{session_name}'
kill "${idle[@]}"
wait 2>/dev/null

# One set of limits at every door: what a command takes, the state file's loader takes
# back (an over-long objective or name, or one not UTF-8, once lost every group at the
# next start).
long_name=$(head -c 1025 /dev/zero | tr '\0' n)
expect_error "session name too long" "invalid session name: longer than 1024 bytes" new-session -d -s "$long_name"
expect_ok "a name at the limit" "" new-session -d -s "${long_name:1}" cat
amux kill-session -t "${long_name:1}"
expect_error "session name not UTF-8" "invalid session name: not UTF-8 text" new-session -d -s $'bad\xffname'
expect_error "renamed to a name not UTF-8" "invalid session name: not UTF-8 text" rename-session -t a $'bad\xffname'
expect_error "renamed to a name too long" "invalid session name: longer than 1024 bytes" rename-session -t a "$long_name"
objective=$(head -c 4097 /dev/zero | tr '\0' o)
expect_error "objective too long" "invalid objective: longer than 4096 bytes" new-session -d -s o -G research -o "$objective"
expect_error "set-agent objective too long" "invalid objective: longer than 4096 bytes" set-agent -t a -o "$objective"
expect_error "objective not UTF-8" "invalid objective: not UTF-8 text" set-agent -t a -o $'x\xfey'
expect_ok "an objective at the limit" "" set-agent -t a -o "${objective:1}"
expect_error "note not UTF-8" "invalid note: not UTF-8 text" astatus -t a blocked $'x\xfey'
expect_eq "nothing made" "a" "$(amux ls -F '#{session_name}')"
# JSON out is valid whatever bytes a name holds (a program may name its window).
amux rename-window -t a $'win\xffdow'
expect_eq "a window name not UTF-8, in JSON" "win\ufffddow" \
  "$(amux list-windows -J -t a | python3 -c 'import json, sys; print(ascii(json.load(sys.stdin)[0]["window_name"])[1:-1])')"

finish
