#!/usr/bin/env bash
# Conflicts are events: a refused alock (the path is held), a refused ashare -c (a version
# mismatch, set or unset) and a refused join (no or a wrong join key, a full group) each
# add a conflict event to the group, as a line, JSON and formats, and run agent-conflict.
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s dev1 -G development cat
amux new-session -d -s dev2 -G react cat
amux new-session -d -s late -G testing cat
amux ajoin -t dev1 build >/dev/null
amux ajoin -t dev2 build >/dev/null
amux set-hook -g agent-conflict 'set-buffer -b last "#{event_session} #{event_value} #{event_key} #{event_data}"'
last_is() { [ "$(amux show-buffer -b last 2>/dev/null)" = "$1" ]; }

amux alock -t dev1 src/x.cc >/dev/null
run alock -t dev2 src/x.cc
expect_eq "lock refused" "1||path 'src/x.cc' is locked by session 'dev1' (expires in Ns)" "$RC|$OUT|$(mask_secs "$ERR")"
expect_secs "its remaining time" 1 3600 "$ERR"
expect_ok "lock conflict event" "5 conflict dev2 lock src/x.cc: held by dev1 (fence 1)" aevents -t dev1 -s 4
wait_until 10 last_is "dev2 lock src/x.cc held by dev1 (fence 1)"
expect_ok "the hook ran" "dev2 lock src/x.cc held by dev1 (fence 1)" show-buffer -b last
run alock -t dev2 'src/*'
expect_eq "a glob refused too" "1||path 'src/x.cc' is locked by session 'dev1' (expires in Ns)" "$RC|$OUT|$(mask_secs "$ERR")"
expect_ok "glob conflict names the request" "6 conflict dev2 lock src/*: held by dev1 (fence 1)" aevents -t dev1 -s 5
run alock -w -T 1 -t dev2 src/x.cc
expect_eq "a wait is no conflict" "2 timed out|6" "$RC $ERR|$(amux aevents -t dev1 | tail -1 | cut -d' ' -f1)"

amux ashare -t dev1 k=1 >/dev/null
expect_error "cas refused" "version mismatch: key k is at version 3" ashare -c 0 -t dev2 k=2
expect_ok "cas conflict event" "8 conflict dev2 cas k: at version 3, expected 0" aevents -t dev1 -s 7
expect_error "cas unset refused" "version mismatch: key k is at version 3" ashare -u -c 4 -t dev2 k
expect_ok "cas unset conflict" "9 conflict dev2 cas k: at version 3, expected 4" aevents -t dev1 -s 8
run aevents -J -t dev1 -s 8
expect_eq "conflict JSON" '{"seq":9,"group":"build","kind":"conflict","session":"dev2","key":"k","value":"cas","data":"at version 3, expected 4"}' "$(sed -E 's/,"time":[0-9]+//' <<<"$OUT")"
expect_ok "conflict formats" "conflict|dev2|cas|k|at version 3, expected 4" aevents -t dev1 -s 8 -F '#{event_kind}|#{event_session}|#{event_value}|#{event_key}|#{event_data}'
expect_ok "a good cas is none" "Shared with group 'build': k=2" ashare -c 3 -t dev2 k=2

amux agopt build join-key s3cret
expect_error "join without key" "group 'build' needs a join key (ajoin -k key)" ajoin -t late build
expect_error "join with a wrong key" "wrong join key for group 'build'" ajoin -k nope -t late build
amux agopt -u build join-key
amux set -g agent-group-limit 2
expect_error "join of a full group" "group 'build' is full (2 members)" ajoin -t late build
expect_ok "join conflicts" "11 conflict late join: no join key
12 conflict late join: wrong join key
13 conflict late join: group full (2 members)" aevents -t dev1 -s 10
expect_error "not in another's group: no event" "session 'dev1' is already in group 'build'" ajoin -t dev1 other
expect_eq "still 13" "13" "$(amux aevents -t dev1 | tail -1 | cut -d' ' -f1)"
expect_alive "server alive"
finish
