#!/usr/bin/env bash
# Coordination groups: ajoin/aleave/ashare/apeers/lsag/agent-delete-group, their exact
# human output, -F and -J, coordinator hand-over, limits and every error text.
. "$(dirname "$0")/lib/test-lib.sh"

for s in r1:research r2:development r3:testing r4:writing; do
  amux new-session -d -s "${s%%:*}" -G "${s##*:}" -o "Objective of ${s%%:*}" cat
done
amux new-session -d -s regular cat

expect_ok "first join" "Session 'r1' joined group 'oauth-team'
First session in group (coordinator)" ajoin -t r1 oauth-team
expect_ok "second join" "Session 'r2' joined group 'oauth-team'
Discovered 1 peer: r1" agent-join-group -t r2 oauth-team
expect_ok "third join" "Session 'r3' joined group 'oauth-team'
Discovered 2 peers: r1, r2" ajoin -t r3 oauth-team
expect_error "already in a group" "session 'r3' is already in group 'oauth-team'" ajoin -t r3 other
expect_error "already in this group" "session 'r3' is already in group 'oauth-team'" ajoin -t r3 oauth-team
expect_error "no agent metadata" "session 'regular' has no agent metadata" ajoin -t regular oauth-team
expect_error "-o alone gives no type" "session 'regular' has no agent metadata" ajoin -o "Fix it" -t regular oauth-team
expect_error "-G checked first" "invalid agent type: Bad (a lowercase letter, then up to 31 of a-z 0-9 _ . -)" ajoin -G Bad -t regular oauth-team
expect_error "-o checked first" "invalid objective: not UTF-8 text" ajoin -G dev -o "$(printf 'a\377')" -t regular oauth-team
expect_error "refused: the metadata stays as it was" "session 'regular' has no agent metadata" show-agent -t regular
amux new-session -d -s keyed cat
amux set-agent -G planner -t keyed
amux ajoin -t keyed locked-team >/dev/null
amux agent-group-option locked-team join-key k3y
expect_error "a join refused by the group" "wrong join key for group 'locked-team'" ajoin -G dev -o "Try" -k nope -t regular locked-team
expect_error "puts the new metadata back" "session 'regular' has no agent metadata" show-agent -t regular
amux kill-session -t keyed
amux agent-delete-group locked-team >/dev/null
expect_ok "-G and -o: an ordinary session joins in one step" "Session 'regular' joined group 'solo'
First session in group (coordinator)" ajoin -G reviewer -o "Review the flows" -t regular solo
expect_ok "with that metadata" "reviewer|Review the flows" display -p -t regular '#{agent_type}|#{agent_objective}'
amux aleave -t regular >/dev/null
amux agent-delete-group solo >/dev/null
expect_error "invalid group name" "invalid group name: bad name" ajoin -t r4 'bad name'
expect_error "group name too long" "invalid group name: $(printf 'g%.0s' $(seq 65))" ajoin -t r4 "$(printf 'g%.0s' $(seq 65))"
expect_error "join missing session" "can't find session: nobody" ajoin -t nobody oauth-team

expect_ok "share" "Shared with group 'oauth-team': finding=Pattern X discovered" ashare -t r2 "finding=Pattern X discovered"
expect_ok "share several" "Shared with group 'oauth-team': a=1
Shared with group 'oauth-team': b=two words" agent-share -t r1 a=1 "b=two words"
expect_ok "share replaces" "Shared with group 'oauth-team': a=2" ashare -t r3 a=2
expect_ok "share empty value" "Shared with group 'oauth-team': empty=" ashare -t r3 empty=
expect_ok "share newline shown escaped" "Shared with group 'oauth-team': multi=line1\\nline2" ashare -t r3 "multi=line1
line2"
expect_ok "value with equals" "Shared with group 'oauth-team': url=a=b" ashare -t r3 "url=a=b"
expect_error "share outside group" "session 'r4' is not in a coordination group" ashare -t r4 k=v
expect_error "share bad format" "invalid format, use: key=value" ashare -t r1 novalue
expect_error "share empty key" "invalid format, use: key=value" ashare -t r1 =v
expect_error "share bad key" "invalid key: bad key" ashare -t r1 "bad key=v"
expect_error "share key too long" "invalid key: $(printf 'k%.0s' $(seq 129))" ashare -t r1 "$(printf 'k%.0s' $(seq 129))=v"
expect_error "all or nothing" "invalid key: bad!" ashare -t r1 good=1 'bad!=2'

run apeers -t r1
expect_eq "apeers coordinator" "Coordination Group: oauth-team
Role: Coordinator
Peers: 2 sessions
  r2 (Member, development): Objective of r2
  r3 (Member, testing): Objective of r3
Shared Context: 6 keys
a=2
b=two words
empty=
finding=Pattern X discovered
multi=line1\\nline2
url=a=b" "$(echo "$OUT" | grep -v -e '^Last Coordination: ' -e '^    State: ')"
expect_eq "last coordination line" "1" "$(echo "$OUT" | grep -cE '^Last Coordination: [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} \([0-9]+ seconds? ago\)$')"
run apeers -t r2
expect_eq "apeers member" "Role: Member
Peers: 2 sessions
  r1 (Coordinator, research): Objective of r1" "$(echo "$OUT" | grep -v '^    State: ' | sed -n '2,4p')"
expect_ok "apeers -F" "r1 coordinator research oauth-team 3
r3 member testing oauth-team 3" apeers -t r2 -F '#{peer_name} #{peer_role} #{peer_type} #{group_name} #{group_members}'
expect_error "apeers outside group" "session 'r4' is not in a coordination group" apeers -t r4
run apeers -J -t r3
expect_eq "apeers -J" '{"group":"oauth-team","session":"r3","role":"member","peers":[{"name":"r1","id":"$0","role":"coordinator","type":"research","objective":"Objective of r1"},{"name":"r2","id":"$1","role":"member","type":"development","objective":"Objective of r2"}],"context":[{"key":"a","value":"2","author":"r3","version":7}' "$(echo "$OUT" | sed -E 's/,"state":"[a-z]+","note":"","last_output":(null|[0-9]+),"last_command":(null|"[a-z-]+")//g' | cut -d'}' -f1-3 | sed -E 's/,"time":[0-9]+//')}"

# lsag: counts, coordinator, context size (key and value bytes).
amux ajoin -t r4 docs >/dev/null
expect_ok "lsag" "Agent Coordination Groups: 2
Group: docs
  Members: 1
  Coordinator: r4
  Shared Context: 0 keys (0 bytes)
Group: oauth-team
  Members: 3
  Coordinator: r1
  Shared Context: 6 keys (66 bytes)" lsag
expect_ok "lsag -F" "docs 1 r4 0 0
oauth-team 3 r1 6 66" list-agent-groups -F '#{group_name} #{group_members} #{group_coordinator} #{group_context_keys} #{group_context_bytes}'
run lsag -J
expect_eq "lsag -J" '[{"name":"docs","members":[{"name":"r4","id":"$3","role":"coordinator","type":"writing","objective":"Objective of r4"}],"coordinator":"r4","remote":null,"context_keys":0,"context_bytes":0,"version":1' "$(echo "$OUT" | sed -E 's/,"state":"[a-z]+","note":"","last_output":(null|[0-9]+),"last_command":(null|"[a-z-]+")//g' | cut -d, -f1-11)"

# Rename shows everywhere; leaving hands over coordination to the oldest member.
amux rename-session -t r1 lead
expect_eq "renamed in peers" "lead coordinator" "$(amux apeers -t r2 -F '#{peer_name} #{peer_role}' | head -1)"
expect_ok "member leaves" "Session 'r2' left group 'oauth-team'
Removed from 2 peers" aleave -t r2
expect_error "leave twice" "session 'r2' is not in a coordination group" aleave -t r2
expect_ok "rejoin goes last" "Session 'r2' joined group 'oauth-team'
Discovered 2 peers: lead, r3" ajoin -t r2 oauth-team
expect_ok "coordinator leaves" "Session 'lead' left group 'oauth-team'
Removed from 2 peers
Coordinator is now r3" agent-leave-group -t lead
expect_ok "new coordinator role" "coordinator" display -p -t r3 '#{agent_role}'
amux kill-session -t r3
expect_ok "killed coordinator hands over" "r2 coordinator 0" display -p -t r2 '#{session_name} #{agent_role} #{agent_peers}'
amux ashare -t r2 x=y >/dev/null
expect_eq "context survives members" "a=2" "$(amux apeers -t r2 | grep '^a=')"
expect_ok "last member leaves" "Session 'r2' left group 'oauth-team'
Removed from 0 peers" aleave -t r2
expect_eq "empty group listed" "oauth-team 0 7" "$(amux lsag -F '#{group_name} #{group_members} #{group_context_keys}' | grep oauth)"
expect_error "delete non-empty" "group 'docs' still has 1 member" agent-delete-group docs
expect_error "delete missing" "can't find group: nope" agent-delete-group nope
expect_ok "delete empty" "" agent-delete-group oauth-team
expect_eq "deleted" "docs" "$(amux lsag -F '#{group_name}')"
expect_ok "rejoin after delete starts fresh" "Session 'r2' joined group 'oauth-team'
First session in group (coordinator)" ajoin -t r2 oauth-team
expect_eq "no old context" "oauth-team 0" "$(amux lsag -F '#{group_name} #{group_context_keys}' | grep oauth)"

# A session whose program exits leaves its group.
amux new-session -d -s shortlived -G testing "sh -c 'while [ ! -f $TEST_DIR/stop ]; do sleep 0.05; done'"
amux ajoin -t shortlived oauth-team >/dev/null
expect_eq "two members" "1" "$(amux display -p -t r2 '#{agent_peers}')"
touch "$TEST_DIR/stop"
wait_until 10 sh -c "! '$AMUX_BIN' -S '$SOCK' has-session -t shortlived 2>/dev/null"
expect_eq "exited member left" "0" "$(amux display -p -t r2 '#{agent_peers}')"

# new-session -g: a member from the start; the join event carries type and objective.
expect_ok "new-session -g" "gnew" new-session -d -P -F '#{session_name}' -s gnew -G react -o "Build the UI" -g ui cat
expect_eq "a member at once" "ui 1 gnew" "$(amux lsag -F '#{group_name} #{group_members} #{group_coordinator}' | grep '^ui ')"
run aevents -J -g ui
expect_eq "join event in JSON" '{"seq":1,"group":"ui","kind":"join","session":"gnew","type":"react","objective":"Build the UI"}' "$(head -1 <<<"$OUT" | sed -E 's/,"time":[0-9]+//')"
expect_eq "join event formats" "react|Build the UI" "$(amux aevents -g ui -F '#{event_type}|#{event_objective}' | head -1)"
expect_eq "join line stays short" "1 join gnew" "$(amux aevents -g ui | head -1)"
amux set-agent -t gnew -o "Ship the UI"
expect_ok "objective event" "3 objective gnew Ship the UI" aevents -g ui -s 2
expect_eq "objective formats" "objective|Ship the UI|Ship the UI" "$(amux aevents -g ui -s 2 -F '#{event_kind}|#{event_value}|#{event_objective}')"
expect_ok "-g alone implies agent metadata" "custom ui" new-session -d -P -F '#{agent_type} #{agent_group}' -s gplain -g ui cat
amux agopt ui join-key k3y
expect_error "a group that refuses" "group 'ui' needs a join key (ajoin -k key)" new-session -d -s grefused -g ui cat
expect_error "no session left behind" "can't find session: grefused" has-session -t grefused
expect_error "bad group name" "invalid group name: a b" new-session -d -s gbad -g 'a b' cat
expect_error "nor for a bad name" "can't find session: gbad" has-session -t gbad

# 200 members in one group (the limit is agent-group-limit, 256 unless set).
list=()
for i in $(seq 1 200); do list+=(new-session -d -s "m$i" -G custom cat \; ajoin -t "m$i" big \;); done
run "${list[@]}"
expect_eq "200 joined" "0 200" "$RC $(grep -c "^Session 'm[0-9]*' joined group 'big'" <<<"$OUT")"
expect_eq "200 members" "big 200 m1" "$(amux lsag -F '#{group_name} #{group_members} #{group_coordinator}' | grep '^big ')"
expect_eq "199 peers each" "199" "$(amux display -p -t m200 '#{agent_peers}')"
expect_ok "limit lowered" "" set -g agent-group-limit 200
amux new-session -d -s m201 -G custom cat
expect_error "group full" "group 'big' is full (200 members)" ajoin -t m201 big
expect_error "limit bounds" "invalid value for agent-group-limit: 0" set -g agent-group-limit 0
amux set -g agent-group-limit 201
run ajoin -t m201 big
expect_eq "limit raised" "0 Session 'm201' joined group 'big'" "$RC $(head -1 <<<"$OUT")"
expect_eq "201 members" "big 201" "$(amux lsag -F '#{group_name} #{group_members}' | grep '^big ')"

finish
