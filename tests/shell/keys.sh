#!/usr/bin/env bash
# Versioned keys: agent-get (value, -v, -J), compare-and-set with ashare -c (0: only if
# absent; several pairs succeed or fail together; 20 racing clients), ashare -u (unset),
# -e (ephemeral), -x (expiry), and OSC 1337 SetUserVar from a program in a pane.
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
expect_ok "aget -F" "one 3 a 0" aget -F '#{key_value} #{key_version} #{key_author} #{key_ephemeral}' -t b k
expect_error "no such key" "no such key: nope" aget -t b nope
expect_error "aget -F, no such key" "no such key: nope" aget -F '#{key_version}' -t b nope
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

# Ephemeral keys go when their author leaves; -x keys expire; a plain share clears both.
expect_ok "ashare -e" "Shared with group 'team': eph=1" ashare -e -t b eph=1
expect_eq "aget -v ephemeral" "Ephemeral: until b leaves" "$(amux aget -v -t a eph | grep Ephemeral)"
run aget -J -t a eph
expect_eq "aget -J ephemeral" '"ephemeral":true,"expires":null}' "$(echo "$OUT" | grep -oE '"ephemeral".*')"
seq=$(amux aevents -t a | tail -1 | cut -d' ' -f1)
amux aleave -t b >/dev/null
expect_ok "ephemeral unset when the author leaves" "$((seq + 1)) unset b eph ephemeral
$((seq + 2)) leave b" aevents -t a -s "$seq"
expect_error "ephemeral gone" "no such key: eph" aget -t a eph
amux ajoin -t b team >/dev/null
seq=$(amux aevents -t a | tail -1 | cut -d' ' -f1)  # before: a slow machine may expire tmp soon
expect_ok "ashare -x" "Shared with group 'team': tmp=1" ashare -x 1 -t a tmp=1
expect_eq "aget -v expiry" "1" "$(amux aget -v -t a tmp | grep -cE '^Expires: [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}$')"
amux ashare -x 1 -t a kept=1 >/dev/null
amux ashare -t a kept=2 >/dev/null
run await -K tmp -t b -s "$((seq + 1))" -T 60  # (when it expires among the shares varies)
expect_eq "expiry wakes await -k" "0 unset a tmp expired" "$RC $(echo "$OUT" | cut -d' ' -f2-)"
expect_error "expired" "no such key: tmp" aget -t a tmp
expect_ok "a plain share cleared the expiry" "2" aget -t a kept
expect_error "bad expiry" "invalid expiry: 0" ashare -x 0 -t a k=1
expect_error "bad expiry word" "invalid expiry: soon" ashare -x soon -t a k=1
expect_error "-u with -e" "-u does not take -e or -x" ashare -u -e -t a kept
expect_ok "kept kept" "2" aget -t a kept

# A program in a pane shares by printing OSC 1337 SetUserVar (base64 value); a peer reads it.
amux new-session -d -s osc -G development cat
amux ajoin -t osc team >/dev/null
amux respawn-pane -k -t osc: "sh -c 'printf \"\\033]1337;SetUserVar=status=%s\\007\" \$(printf \"tests pass: 12/12\" | base64); printf \"\\033]1337;SetUserVar=bad=@@@\\007\"; exec cat'"
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' aget -t a status >/dev/null 2>&1"
expect_ok "OSC 1337 in aget of a peer" "tests pass: 12/12" aget -t a status
expect_eq "shared as the pane's session" "Author: osc" "$(amux aget -v -t a status | grep Author)"
expect_error "bad base64 ignored" "no such key: bad" aget -t a bad
amux new-session -d -s plain -G custom "sh -c 'printf \"\\033]1337;SetUserVar=lost=eA==\\007after\"; exec cat'"
# Output is taken in order: once "after" is on the screen, the OSC before it was seen.
wait_until 10 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t plain: | grep -q '^after$'"
expect_error "outside a group: nothing shared" "no such key: lost" aget -t a lost
expect_alive "server alive"

# Twenty clients each doing 20 compare-and-set increments of one counter in parallel end
# with exactly 400; a loser (version mismatch) reads again and retries after a random
# pause that grows with its losses in a row (cas_increments in test-lib.sh), so that twenty
# clients do not spend the machine on attempts that lose (the race stays real: the tries
# are printed).
# AMUX_CAS_ROUNDS lowers the 20 for sanitizer builds, whose every client start is slow.
rounds=${AMUX_CAS_ROUNDS:-20}
amux ashare -t a counter=0 >/dev/null
for i in $(seq 1 20); do cas_increments "$rounds" "$TEST_DIR/tries.$i" a amux & done
wait
expect_ok "parallel compare-and-set" "$((20 * rounds))" aget -t a counter
echo "compare-and-set: $(cat "$TEST_DIR"/tries.* | awk '{ n += $1 } END { print n }') attempts for $((20 * rounds)) increments"

# aget -p: the keys under a prefix, with versions and authors.
amux new-session -d -s p1 -G research cat \; new-session -d -s p2 -G research cat
amux ajoin -t p1 pfx >/dev/null
amux ajoin -t p2 pfx >/dev/null
amux ashare -t p1 solution:api=rest solution:db=postgres soltice=x k=1 >/dev/null
amux ashare -t p2 solution:db=sqlite >/dev/null
expect_ok "aget -p" "solution:api=rest (version 3, p1)
solution:db=sqlite (version 7, p2)" aget -p solution: -t p2
expect_eq "aget -p -F" "solution:api 3|solution:db 7" "$(amux aget -p solution: -F '#{key_name} #{key_version}' -t p1 | paste -sd'|')"
expect_ok "aget -p, nothing under it" "" aget -p nothing: -t p1
run aget -p solution:d -J -t p1
expect_eq "aget -p -J" '[{"key_name":"solution:db","key_value":"sqlite","key_version":7,"key_author":"p2"}]' "$(sed -E 's/,"key_time":[0-9]+//' <<<"$OUT")"
expect_eq "aget -p '' lists every key" "k soltice solution:api solution:db" "$(amux aget -p '' -F '#{key_name}' -t p1 | tr '\n' ' ' | sed 's/ $//')"
expect_error "aget -p with a key" "a key given with -p" aget -t p1 -p s k
expect_error "aget without a key" "missing key (or -p prefix)" aget -t p1

finish
