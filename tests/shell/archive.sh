#!/usr/bin/env bash
# aexport writes a group's whole state as one JSON document; aimport restores it into a
# group of that name (refused if it exists, unless -f). Round trip byte for byte, on the
# same server and on another; every bad file is refused and changes nothing.
. "$(dirname "$0")/lib/test-lib.sh"
no_resurrect

amux new-session -d -s a -G rust -o "parser" cat
amux new-session -d -s b -G go cat
amux ajoin -t a build >/dev/null
amux ajoin -t b build >/dev/null
amux ashare -t a plan=v1 >/dev/null
amux ashare -t b -c 3 plan=v2 >/dev/null
amux ashare -t a -x 3600 soon=x >/dev/null
amux ashare -t b -e mine=1 >/dev/null
amux asend -t a -P high b "review please" >/dev/null
amux aevents -t b -u >/dev/null
amux astatus -t a done shipped >/dev/null

# The group's members die with the server; what is left is the archive's subject.
kill -9 "$(amux display -p '#{pid}')"
wait_until 10 sh -c "! '$AMUX_BIN' -S '$SOCK' has-session 2>/dev/null"
amux start-server
amux aexport -g build >"$TEST_DIR/one.json"
expect_eq "aexport exit status" "0" "$?"
# Times masked by field; every other number exact.
mask() { sed -E 's/"(created|last_activity|time|expires|joined|left|finished|state_since|working|idle|blocked|task_mean|task_median)":[0-9]+/"\1":T/g' "$@"; }
expect_eq "aexport: the document" '{"amux_export":1,"group":"build","created":T,"last_activity":T,"version":7,"event_seq":12,"lease_fence":0,"context":[{"key":"plan","value":"v2","version":4,"author":"b","time":T,"ephemeral":false,"expires":T},{"key":"soon","value":"x","version":5,"author":"a","time":T,"ephemeral":false,"expires":T}],"events":[{"seq":1,"kind":"join","session":"a","time":T,"key":"","value":"rust","data":"parser","target":"","fence":0,"ref":0},{"seq":2,"kind":"coordinator","session":"a","time":T,"key":"","value":"","data":"","target":"","fence":0,"ref":0}' \
  "$(mask "$TEST_DIR/one.json" | grep -oE '^.*"ref":0\},\{"seq":2[^}]*\}')"
expect_eq "aexport: inbox, roster, cursors, statistics" '"inbox":[{"recipient":"b","seq":8,"from":"a","time":T,"text":"review please","priority":"high","reply_to":0}],"roster":[{"number":1,"name":"a","type":"rust","objective":"parser","state":"done","note":"shipped","joined":T,"left":T,"finished":T,"state_since":T,"leases":0,"shares":2,"messages_sent":1,"messages_read":0,"cas_conflicts":0,"lock_conflicts":0,"working":T,"idle":T,"blocked":T,"waits":[]},{"number":2,"name":"b","type":"go","objective":"General session work","state":"idle","note":"","joined":T,"left":T,"finished":T,"state_since":T,"leases":0,"shares":2,"messages_sent":0,"messages_read":0,"cas_conflicts":0,"lock_conflicts":0,"working":T,"idle":T,"blocked":T,"waits":[]}],"cursors":[{"session":"b","seq":8}],"statistics":{"members_now":0,"members_ever":2,"done":1,"failed":0,"success_percent":100,"task_mean":T,"task_median":T,"shares":4,"cas_conflicts":0,"lock_conflicts":0,"lease_waits":0,"lease_wait_p50":null,"lease_wait_max":null,"messages_sent":1,"messages_read":0,"working":T,"idle":T,"blocked":T}}' \
  "$(mask "$TEST_DIR/one.json" | grep -oE '"inbox":.*')"
expect_ok "the ephemeral key went with its author, as an event" "10 leave a
11 unset b mine ephemeral
12 leave b" aevents -g build -s 9

# Round trip on another server: import, export, the same bytes.
SOCK2=$TEST_DIR/sock2
other() { XDG_STATE_HOME=$TEST_DIR/state2 "$AMUX_BIN" -S "$SOCK2" -f /dev/null "$@"; }
other start-server
expect_eq "aimport" "Imported group 'build': 2 keys, 12 events, 2 members in the roster" "$(other aimport "$TEST_DIR/one.json")"
other aexport -g build >"$TEST_DIR/two.json"
expect_eq "round trip on another server: byte for byte" "same" "$(cmp -s "$TEST_DIR/one.json" "$TEST_DIR/two.json" && echo same)"
# and after that server restarts (the import was stored).
other kill-server
other start-server
other aexport -g build >"$TEST_DIR/three.json"
expect_eq "the import survives a restart" "same" "$(cmp -s "$TEST_DIR/one.json" "$TEST_DIR/three.json" && echo same)"
amux new-session -d -s b -G go cat
# A path relative to the client's directory.
cp "$TEST_DIR/one.json" "$TEST_DIR/rel.json"
expect_eq "a relative path" "Imported group 'build': 2 keys, 12 events, 2 members in the roster" "$(cd "$TEST_DIR" && other aimport -f rel.json)"
other new-session -d -s b -G go cat
other ajoin -t b build >/dev/null
expect_eq "the imported group works: b gets its inbox back" "8 a: review please (high)" "$(other ainbox -t b -F '#{message_seq} #{message_from}: #{message_text}#{message_extra}')"
other kill-server

# On the same server: refused while the group exists, -f replaces it.
expect_error "the group exists" "group 'build' exists (-f replaces it)" aimport "$TEST_DIR/one.json"
expect_ok "-f replaces" "Imported group 'build': 2 keys, 12 events, 2 members in the roster" aimport -f "$TEST_DIR/one.json"
amux aexport -g build >"$TEST_DIR/four.json"
expect_eq "round trip on the same server" "same" "$(cmp -s "$TEST_DIR/one.json" "$TEST_DIR/four.json" && echo same)"
amux ajoin -t b build >/dev/null
expect_error "-f refused while it has members" "group 'build' still has 1 member" aimport -f "$TEST_DIR/one.json"
amux aleave -t b >/dev/null

# Bad files change nothing.
BEFORE=$(amux aexport -g build)
echo '{"amux_export":1' >"$TEST_DIR/cut.json"
expect_error "not JSON" "can't import $TEST_DIR/cut.json: not JSON" aimport -f "$TEST_DIR/cut.json"
sed 's/"kind":"coordinator"/"kind":"party"/' "$TEST_DIR/one.json" >"$TEST_DIR/kind.json"
expect_error "a bad event" "can't import $TEST_DIR/kind.json: events[1]: invalid kind" aimport -f "$TEST_DIR/kind.json"
sed 's/"version":4,/"version":40,/' "$TEST_DIR/one.json" >"$TEST_DIR/version.json"
expect_error "a key beyond the group's version" "can't import $TEST_DIR/version.json: context[0]: invalid version" aimport -f "$TEST_DIR/version.json"
sed 's/"group":"build"/"group":"a b"/' "$TEST_DIR/one.json" >"$TEST_DIR/name.json"
expect_error "a bad group name" "can't import $TEST_DIR/name.json: invalid group" aimport -f "$TEST_DIR/name.json"
sed 's/,"cursors":\[[^]]*\]//' "$TEST_DIR/one.json" >"$TEST_DIR/nocursors.json"
expect_error "a missing field" "can't import $TEST_DIR/nocursors.json: missing cursors" aimport -f "$TEST_DIR/nocursors.json"
sed 's/"amux_export":1/"amux_export":2/' "$TEST_DIR/one.json" >"$TEST_DIR/format.json"
expect_error "an unknown format" "can't import $TEST_DIR/format.json: invalid amux_export" aimport -f "$TEST_DIR/format.json"
expect_error "no such file" "$TEST_DIR/none.json: No such file or directory" aimport "$TEST_DIR/none.json"
expect_error "a directory" "not a regular file: $TEST_DIR" aimport "$TEST_DIR"
expect_eq "nothing changed" "same" "$([ "$BEFORE" = "$(amux aexport -g build)" ] && echo same)"
# Counters at the limit an archive may bring (2^52) and one past it: at the limit the group
# goes on counting, and the state file keeps it across a restart (one past 2^53 once made
# the loader drop the group).
LIMIT=4503599627370496
for field in version event_seq lease_fence; do
  sed "s/\"$field\":[0-9]*,/\"$field\":$((LIMIT + 1)),/" "$TEST_DIR/one.json" >"$TEST_DIR/over.json"
  expect_error "$field one past the limit" "can't import $TEST_DIR/over.json: invalid $field" aimport -f "$TEST_DIR/over.json"
done
sed -E "s/\"group\":\"build\"/\"group\":\"edge\"/; s/\"(version|event_seq|lease_fence)\":[0-9]+,/\"\1\":$LIMIT,/g" "$TEST_DIR/one.json" >"$TEST_DIR/edge.json"
expect_ok "at the limit" "Imported group 'edge': 2 keys, 12 events, 2 members in the roster" aimport "$TEST_DIR/edge.json"
amux ajoin -t b edge >/dev/null
amux ashare -t b more=1 >/dev/null
run alock -t b f
expect_eq "a lease past it" "0|Locked in group 'edge': f (fence $((LIMIT + 1)), expires in Ns)" "$RC|$(mask_secs "$OUT")"
amux kill-server
amux new-session -d -s b cat
expect_eq "kept across a restart" "edge $((LIMIT + 2))" "$(amux lsag -F '#{group_name} #{group_version}' | grep edge)"
expect_eq "nothing left out" "" "$(amux show-messages | grep 'bad row')"
expect_error "aexport unknown group" "can't find group: nope" aexport -g nope
expect_error "aexport -t and -g" "-t and -g cannot be used together" aexport -g build -t b
expect_error "aexport outside a group" "session 'b' is not in a coordination group" aexport -t b
expect_alive "server alive"
finish
