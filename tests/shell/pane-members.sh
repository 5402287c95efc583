#!/usr/bin/env bash
# Pane members: ajoin -t %N makes a pane a member of its own (two teammates in two panes
# of one window are two members), named by -n, its title or session.%N. Every agent
# command takes a pane target and acts as it; a command run inside a member pane acts as
# the pane; presence, leases, typed messages, waiting, hooks, events, the roster and a
# restart all work for pane members.
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s main -x 120 -y 40 cat
amux set-option -g agent-idle-time 300
amux split-window -t main cat
amux split-window -t main cat
amux new-session -d -s lead -G research cat
ids=$(amux list-panes -t main -F '#{pane_id}' | tr '\n' ' ')
expect_eq "three panes" "%0 %1 %2 " "$ids"

# Joining, and the errors of a pane join.
expect_error "no metadata" "pane %0 has no agent metadata (give -G agent-type)" ajoin -t %0 team
expect_error "session join keeps its text" "session 'main' has no agent metadata" ajoin -t main team
expect_error "-n without a pane" "-n names a pane member: give -t %pane" ajoin -t lead -n x team
expect_error "no such pane" "can't find pane: %9" ajoin -t %9 -G claude team
expect_error "bad name" "invalid member name: control characters" ajoin -t %0 -G claude -n "$(printf 'a\tb')" team
expect_error "empty name" "invalid member name: empty" ajoin -t %0 -G claude -n "" team
expect_ok "lead joins first" "Session 'lead' joined group 'team'
First session in group (coordinator)" ajoin -t lead team
expect_ok "pane with -n" "Member 'alice' joined group 'team'
Discovered 1 peer: lead" ajoin -t %0 -G claude -o "the parser" -n alice team
expect_error "a name taken" "name 'alice' is taken in group 'team' (give -n name)" ajoin -t %1 -G codex -n alice team
expect_error "a session's name taken" "name 'lead' is taken in group 'team' (give -n name)" ajoin -t %1 -G codex -n lead team
amux select-pane -t %1 -T bob
expect_ok "pane named by its title, target s:w.p" "Member 'bob' joined group 'team'
Discovered 2 peers: lead, alice" ajoin -t main:0.1 -G codex team
expect_ok "default name session.%N" "Member 'main.%2' joined group 'team'
Discovered 3 peers: lead, alice, bob" ajoin -t %2 -G gemini team
expect_error "already a member" "member 'alice' is already in group 'team'" ajoin -t %0 -G claude other
expect_error "the session itself still has none" "session 'main' has no agent metadata" ajoin -t main other
expect_ok "lsag counts four" "4" lsag -F '#{group_members}'

# Views: each pane is a peer with its own type, objective and id.
expect_ok "apeers -F" "lead \$1 research coordinator idle
bob %1 codex member idle
main.%2 %2 gemini member idle" apeers -t %0 -F '#{peer_name} #{peer_id} #{peer_type} #{peer_role} #{peer_state}'
expect_ok "peer_session and peer_pane" "lead lead|
bob main|%1
main.%2 main|%2" apeers -t %0 -F '#{peer_name} #{peer_session}|#{peer_pane}'
run apeers -t %1
expect_eq "apeers human" "Coordination Group: team
Role: Member
Peers: 3 members
  lead (Coordinator, research): General session work
    State: idle, last output never, last command agent-join-group
  alice (Member, claude): the parser
    State: idle, last output never, last command none
  main.%2 (Member, gemini): General session work
    State: idle, last output never, last command none
Shared Context: None" "$(echo "$OUT" | sed -n '1,10p')"
run apeers -t %0 -J
expect_eq "apeers -J names the caller" '"session":"alice","role":"member"' "$(echo "$OUT" | grep -oE '"session":"alice","role":"member"')"
expect_eq "apeers -J pane id" '"name":"bob","id":"%1"' "$(echo "$OUT" | grep -oE '"name":"bob","id":"%1"')"

# Acting as a pane member: shares, messages, leases and states are the pane's.
expect_ok "share as alice" "Shared with group 'team': k=1" ashare -t %0 k=1
expect_ok "author is alice" "k alice" aget -t lead -p k -F '#{key_name} #{key_author}'
expect_ok "message by name" "Message 7 sent to bob" asend -t %0 bob "take the tests"
expect_ok "message by pane" "Message 8 sent to main.%2" asend -t %0 %2 "docs please"
expect_error "to itself" "member 'alice' cannot send a message to itself" asend -t %0 alice hi
expect_error "not a member" "session 'main' is not in group 'team'" asend -t %0 main hi
expect_ok "bob's inbox" "7 alice: take the tests" ainbox -t %1 -F '#{message_seq} #{message_from}: #{message_text}'
expect_ok "alice's inbox is empty" "" ainbox -t %0
expect_ok "lock as bob" "Locked in group 'team': src/x.cc (fence 1, expires in 3600s)" alock -t %1 src/x.cc
run alock -t %0 src/x.cc
expect_eq "conflict names the member" "path 'src/x.cc' is locked by member 'bob' (expires in Ns)" "$(mask_secs "$ERR")"
expect_ok "state of a member" "State of member 'bob': blocked (review), last output never, last command none" astatus -t %1 blocked review
# peer_state NAME: a peer's state as lead sees it.
peer_state() { amux apeers -t lead -F '#{peer_name} #{peer_state}' | sed -n "s/^$1 //p"; }
expect_eq "the other pane is untouched" "idle" "$(peer_state alice)"
expect_ok "events name members" "9 lock bob src/x.cc
10 conflict alice src/x.cc
11 state bob" aevents -t lead -s 8 -F '#{event_seq} #{event_kind} #{event_session}#{?event_key, #{event_key},}'

# Read commands take a pane target too.
expect_ok "aget as a pane" "1" aget -t %0 k
expect_ok "alocks as a pane" "src/x.cc bob" alocks -t %0 -F '#{lock_path} #{lock_holder}'
run show-agent -t %0
expect_eq "show-agent of a pane member" "Member: alice
Type: claude
Objective: the parser" "$(echo "$OUT" | head -3)"
expect_eq "show-agent -J id" '"session":"alice","id":"%0"' "$(amux show-agent -J -t %0 | grep -oE '"session":"alice","id":"%0"')"
expect_error "show-agent of the session" "session 'main' has no agent metadata" show-agent -t main

# A command run inside a member pane acts as the pane (AMUX_PANE), and an ordinary
# pane of the same session as its session.
cat >"$TEST_DIR/inside.sh" <<EOF
amux() { "$AMUX_BIN" -S "$SOCK" "\$@"; }
amux wait-for go
amux ashare from=inside >"$TEST_DIR/inside.out" 2>&1
amux astatus >>"$TEST_DIR/inside.out" 2>&1
amux wait-for -S done
exec cat
EOF
amux respawn-pane -k -t %2 "sh $TEST_DIR/inside.sh"
amux wait-for -S go
amux wait-for done
expect_eq "inside the pane" "Shared with group 'team': from=inside
State of member 'main.%2': idle, last output never, last command none" "$(cat "$TEST_DIR/inside.out")"
expect_ok "authored by the pane member" "from main.%2" aget -t lead -p from -F '#{key_name} #{key_author}'

# Presence is each pane's own: output in bob's pane makes bob working, not alice.
amux astatus -u -t %1 >/dev/null
last_seq() { amux aevents -t lead | tail -1 | cut -d' ' -f1; }
seq=$(last_seq)
"$AMUX_BIN" -S "$SOCK" await -t lead -p bob -S working -s "$seq" -T 60 >"$TEST_DIR/working" 2>&1 &
waiter=$!
amux send-keys -t %1 hello Enter
wait $waiter
expect_eq "bob working" "state bob working" "$(cut -d' ' -f2- "$TEST_DIR/working")"
expect_eq "alice still idle" "idle" "$(peer_state alice)"

# A notification in alice's pane makes alice waiting; keys to her pane end it.
seq=$(last_seq)
amux respawn-pane -k -t %0 "printf '\033]9;approve the plan?\007'; exec cat"
expect_eq "alice waiting" "state alice waiting approve the plan?" "$(amux await -t lead -p alice -S waiting -s "$seq" -T 60 | cut -d' ' -f2-)"
expect_eq "bob is not waiting" "1" "$([ "$(peer_state bob)" != waiting ] && echo 1)"
amux send-keys -t %0 y Enter
wait_until 20 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' apeers -t lead -F '#{peer_name} #{peer_state}' | sed -n 's/^alice //p')\" != waiting ]"
expect_eq "input ends waiting" "1" "$([ "$(peer_state alice)" != waiting ] && echo 1)"

# asend -p types into the member's own pane, not the session's active one.
amux select-pane -t %0
amux set-option -g agent-idle-time 100
amux respawn-pane -k -t %1 cat
# (the message's number depends on how many state events the quiet spells made)
expect_eq "typed message" "Message N sent to bob (typed into %1 when idle)" "$(amux asend -p -t lead bob "typed for bob" | sed -E 's/^Message [0-9]+/Message N/')"
wait_until 20 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t %1 | grep -q '^typed for bob$'"
expect_eq "typed into bob's pane" "typed for bob" "$(amux capture-pane -p -t %1 | grep -m1 '^typed for bob$')"
expect_eq "not into the active pane" "0" "$(amux capture-pane -p -t %0 | grep -c 'typed for bob')"

# A hook fired by a pane member's event runs with the pane as its target.
amux set-hook -g agent-shared "run-shell 'echo #{hook_pane} #{event_session} #{event_key} >>$TEST_DIR/hook.out'"
amux ashare -t %1 hooked=1 >/dev/null
wait_until 20 test -s "$TEST_DIR/hook.out"
expect_eq "hook as the member's pane" "%1 bob hooked" "$(cat "$TEST_DIR/hook.out")"
amux set-hook -gu agent-shared

# Its leases die with its pane; the member leaves with the pane.
amux alock -t %1 src/y.cc >/dev/null
seq=$(last_seq)
amux kill-pane -t %1
expect_ok "bob's lease and membership go" "unlock bob src/y.cc
leave bob" aevents -t lead -s "$seq" -k unlock,leave -F '#{event_kind} #{event_session}#{?event_key, #{event_key},}'
expect_ok "three members" "lead
main.%2" apeers -t %0 -F '#{peer_name}'
run apeers -t lead -a -F '#{peer_name} #{peer_role}'
expect_eq "bob is a past member" "bob past" "$(echo "$OUT" | grep '^bob ')"

# aleave as a pane: the pane acts as its session again.
expect_ok "alice leaves" "Member 'alice' left group 'team'
Removed from 2 peers" aleave -t %0
expect_error "then the pane is its session" "session 'main' is not in a coordination group" ashare -t %0 k=2
expect_error "leave twice" "session 'main' is not in a coordination group" aleave -t %0

# An archive holds pane members by name, as sessions: their keys, events and records.
run aexport -g team
expect_eq "archive: alice's share" '"key":"k","value":"1","version":5,"author":"alice"' "$(echo "$OUT" | grep -oE '"key":"k","value":"1","version":[0-9]+,"author":"alice"' | sed -E 's/"version":[0-9]+/"version":5/')"
expect_eq "archive: bob's record" '"name":"bob"' "$(echo "$OUT" | grep -oE '"name":"bob"' | head -1)"

# A restart: the group comes back without its members; a pane member's inbox is kept by
# name for the next member of that name.
amux asend -t lead main.%2 "after restart" >/dev/null
amux kill-server
amux new-session -d -s main cat
expect_ok "group back, no members" "team 0" lsag -F '#{group_name} #{group_members}'
amux new-session -d -s lead -G research cat
amux ajoin -t %0 -G gemini -n main.%2 team >/dev/null
expect_ok "its inbox by name" "docs please
after restart" ainbox -t %0 -F '#{message_text}'
expect_alive "server alive"
finish
