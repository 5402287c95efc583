#!/usr/bin/env bash
# Versioned keys: agent-get (value, -v, -J), compare-and-set with ashare -c (0: only if
# absent; several pairs succeed or fail together) and ashare -u (unset).
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s a -G research cat
amux new-session -d -s b -G development cat
amux new-session -d -s loner -G testing cat
amux ajoin -t a team >/dev/null
amux ajoin -t b team >/dev/null

expect_ok "share" "Shared with group 'team': k=one" ashare -t a k=one
expect_ok "aget from a peer" "one" aget -t b k
amux ashare -t a "multi=line1
line2" >/dev/null
expect_eq "raw value keeps newlines" "line1
line2" "$(amux agent-get -t b multi)"
run aget -v -t b k
expect_eq "aget -v" "Key: k
Value: one
Version: 3
Author: a" "$(echo "$OUT" | grep -v '^Time: ')"
expect_eq "aget -v time" "1" "$(echo "$OUT" | grep -cE '^Time: [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}$')"
run aget -J -t b k
expect_eq "aget -J" '{"key":"k","value":"one","version":3,"author":"a","ephemeral":false,"expires":null}' "$(echo "$OUT" | sed -E 's/,"time":[0-9]+//')"
expect_error "no such key" "no such key: nope" aget -t b nope
expect_error "bad key" "invalid key: bad key" aget -t b "bad key"
expect_error "aget outside a group" "session 'loner' is not in a coordination group" aget -t loner k
expect_error "aget missing session" "can't find session: zz" aget -t zz k

# Compare-and-set.
expect_ok "cas at the right version" "Shared with group 'team': k=two" ashare -c 3 -t b k=two
expect_error "cas at a stale version" "version mismatch: key k is at version 5" ashare -c 3 -t a k=three
expect_ok "stale cas changed nothing" "two" aget -t a k
expect_ok "version 0: only if absent" "Shared with group 'team': fresh=1" ashare -c 0 -t a fresh=1
expect_error "version 0 when present" "version mismatch: key fresh is at version 6" ashare -c 0 -t b fresh=2
expect_error "pairs fail together" "version mismatch: key k is at version 5" ashare -c 0 -t a new1=x k=y
expect_error "nothing of a failed set" "no such key: new1" aget -t a new1
expect_error "bad version" "invalid version: x" ashare -c x -t a k=1
expect_error "negative version" "invalid version: -1" ashare -c -1 -t a k=1

# Unset.
expect_ok "unset" "Unset in group 'team': fresh" ashare -u -t b fresh
expect_error "unset key gone" "no such key: fresh" aget -t a fresh
expect_error "unset missing key" "no such key: fresh" ashare -u -t a fresh
expect_error "unset is all or nothing" "no such key: missing" ashare -u -t a k missing
expect_ok "k kept" "two" aget -t a k
expect_error "unset with stale cas" "version mismatch: key k is at version 5" ashare -u -c 1 -t a k
expect_ok "unset with cas" "Unset in group 'team': k" ashare -u -c 5 -t a k
expect_ok "lsag after unset" "1" lsag -F '#{group_context_keys}'
expect_error "unset bad key" "invalid key: a b" ashare -u -t a "a b"

# Twenty clients racing compare-and-set increments end with exactly their total.
amux ashare -t a counter=0 >/dev/null
increment() {
  local done=0 v ver
  while [ $done -lt 10 ]; do
    read -r v ver < <(amux aget -J -t a counter | sed -E 's/.*"value":"([0-9]+)","version":([0-9]+).*/\1 \2/')
    if amux ashare -c "$ver" -t a "counter=$((v + 1))" >/dev/null 2>&1; then done=$((done + 1)); fi
  done
}
for i in $(seq 1 20); do increment & done
wait
expect_ok "parallel compare-and-set" "200" aget -t a counter

finish
