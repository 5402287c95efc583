#!/usr/bin/env bash
# End-to-end walk through agent coordination: agent sessions, groups, coordinator
# hand-over, shared context, peers, waits, compare-and-set, messages, leases, presence and
# every error a script may meet. Uses its own
# socket, kills only its own server, and ends with "N passed, N failed".
set -u
AMUX_BIN=${AMUX_BIN:-build/amux}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/amux-example.XXXXXX")
SOCK=$WORK/socket
export XDG_STATE_HOME=$WORK/state  # where the server keeps its state file
unset AMUX AMUX_PANE
amux() { "$AMUX_BIN" -S "$SOCK" -f /dev/null "$@"; }
trap 'amux kill-server >/dev/null 2>&1; rm -rf "$WORK"' EXIT

passed=0 failed=0 cases=0 current=""
begin() { cases=$((cases + 1)); current=$1; echo "case $cases: $1"; }
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "  FAIL ($current): $*"; }
# has_line OUTPUT LINE: OUTPUT holds LINE as a whole line.
has_line() { if grep -qxF -- "$2" <<<"$1"; then ok; else bad "missing line '$2' in: $1"; fi; }
lacks() { if grep -qF -- "$2" <<<"$1"; then bad "unexpected '$2' in: $1"; else ok; fi; }
same() { if [ "$1" == "$2" ]; then ok; else bad "expected '$2', got '$1'"; fi; }
# fails EXPECTED-ERROR ARGS...: exit status 1 and exactly that error on stderr.
fails() {
  local want=$1 err rc
  shift
  err=$(amux "$@" 2>&1 >/dev/null)
  rc=$?
  if [ $rc -eq 1 ] && [ "$err" == "$want" ]; then ok; else bad "amux $*: rc=$rc err='$err' want '$want'"; fi
}

begin "create agent sessions"
amux new-session -d -s research1 -G research -o "Investigate OAuth flows" cat
amux new-session -d -s research2 -G research -o "Survey token storage" cat
amux new-session -d -s dev1 -G development -o "Implement OAuth" cat
amux new-session -d -s test1 -G testing -o "Write OAuth tests" cat
amux new-session -d -s regular cat
same "$(amux list-sessions -F '#{session_name}' | wc -l)" 5
same "$(amux display -p -t dev1 '#{agent_type}|#{agent_objective}')" "development|Implement OAuth"
same "$(amux display -p -t regular '[#{agent_type}]')" "[]"

begin "first member becomes coordinator"
out=$(amux ajoin -t research1 oauth-team)
has_line "$out" "Session 'research1' joined group 'oauth-team'"
has_line "$out" "First session in group (coordinator)"
same "$(amux display -p -t research1 '#{agent_role}')" "coordinator"

begin "peer discovery"
out=$(amux agent-join-group -t research2 oauth-team)
has_line "$out" "Session 'research2' joined group 'oauth-team'"
has_line "$out" "Discovered 1 peer: research1"
same "$(amux display -p -t research2 '#{agent_role} #{agent_peers}')" "member 1"

begin "group isolation"
amux ajoin -t test1 qa-team >/dev/null
out=$(amux apeers -t test1)
has_line "$out" "Coordination Group: qa-team"
has_line "$out" "Peers: None"
lacks "$out" "research1"

begin "sharing context"
out=$(amux ashare -t research2 "finding=Pattern X discovered")
has_line "$out" "Shared with group 'oauth-team': finding=Pattern X discovered"
out=$(amux ashare -t research1 status=active priority=high)
has_line "$out" "Shared with group 'oauth-team': status=active"
has_line "$out" "Shared with group 'oauth-team': priority=high"

begin "every member sees the context"
has_line "$(amux apeers -t research1)" "finding=Pattern X discovered"
has_line "$(amux apeers -t research2)" "status=active"
lacks "$(amux apeers -t test1)" "finding="

begin "peer listing"
out=$(amux apeers -t research2)
has_line "$out" "Role: Member"
has_line "$out" "Peers: 1 session"
has_line "$out" "  research1 (Coordinator, research): Investigate OAuth flows"

begin "four sessions in one group"
amux ajoin -t dev1 oauth-team >/dev/null
amux aleave -t test1 >/dev/null
out=$(amux ajoin -t test1 oauth-team)
has_line "$out" "Discovered 3 peers: research1, research2, dev1"
has_line "$(amux apeers -t research1)" "Peers: 3 sessions"

begin "group listing counts"
out=$(amux lsag)
has_line "$out" "Agent Coordination Groups: 2"
same "$(grep -A2 '^Group: oauth-team$' <<<"$out" | grep -c '^  Members: 4$')" 1
has_line "$out" "  Shared Context: 3 keys (51 bytes)"

begin "leaving"
out=$(amux aleave -t research2)
has_line "$out" "Session 'research2' left group 'oauth-team'"
has_line "$out" "Removed from 3 peers"
same "$(amux display -p -t research1 '#{agent_peers}')" 2

begin "rejoining"
out=$(amux ajoin -t research2 oauth-team)
has_line "$out" "Discovered 3 peers: research1, dev1, test1"
has_line "$(amux apeers -t research2)" "finding=Pattern X discovered"

begin "coordinator hand-over on leave"
out=$(amux aleave -t research1)
has_line "$out" "Coordinator is now dev1"
same "$(amux display -p -t dev1 '#{agent_role}')" "coordinator"

begin "rename of a member shows everywhere"
amux rename-session -t dev1 developer1
has_line "$(amux apeers -t test1)" "  developer1 (Coordinator, development): Implement OAuth"
same "$(amux lsag -F '#{group_name}:#{group_coordinator}' | grep '^oauth-team')" "oauth-team:developer1"

begin "kill of a member"
amux kill-session -t developer1
same "$(amux display -p -t test1 '#{agent_role}')" "coordinator"
lacks "$(amux apeers -t research2)" "developer1"

begin "a share wakes a waiting peer"
seq=$(amux aevents -t test1 | tail -1 | cut -d' ' -f1)
"$AMUX_BIN" -S "$SOCK" await -t research2 -K verdict -s "$seq" -T 60 >"$WORK/await" &
amux ashare -t test1 "verdict=tests green" >/dev/null
wait $!
same "$(cat "$WORK/await")" "$((seq + 1)) share test1 verdict=tests green"

begin "compare-and-set claims a task once"
has_line "$(amux ashare -c 0 -t test1 owner=test1)" "Shared with group 'oauth-team': owner=test1"
version=$(amux aget -v -t research2 owner | sed -n 's/^Version: //p')
fails "version mismatch: key owner is at version $version" ashare -c 0 -t research2 owner=research2
same "$(amux aget -t research2 owner)" "test1"
same "$(amux aevents -t test1 | tail -1)" "$((seq + 3)) conflict research2 cas owner: at version $version, expected 0"

begin "messages"
has_line "$(amux asend -t research2 test1 "PKCE is required")" "Message $((seq + 4)) sent to test1"
same "$(amux ainbox -c -t test1 -F '#{message_from}: #{message_text}')" "research2: PKCE is required"
same "$(amux ainbox -t test1)" ""

begin "leases"
has_line "$(amux alock -t test1 'tests/oauth/*')" "Locked in group 'oauth-team': tests/oauth/* (fence 1, expires in 3600s)"
err=$(amux alock -t research2 tests/oauth/login.sh 2>&1)
# The remaining time counts down while this runs: the text is compared with it masked,
# the number within a bound.
same "$? $(sed -E 's/expires in [0-9]+s/expires in Ns/' <<<"$err")" "1 path 'tests/oauth/*' is locked by session 'test1' (expires in Ns)"
left=$(grep -oE 'expires in [0-9]+s' <<<"$err" | tr -dc 0-9)
same "$([ "${left:-0}" -ge 3000 ] && [ "$left" -le 3600 ] && echo within)" "within"
has_line "$(amux aunlock -t test1)" "Unlocked in group 'oauth-team': tests/oauth/* (fence 1)"
has_line "$(amux alock -t research2 tests/oauth/login.sh)" "Locked in group 'oauth-team': tests/oauth/login.sh (fence 2, expires in 3600s)"

begin "presence"
has_line "$(amux astatus -t test1 blocked "waiting for review")" "State of session 'test1': blocked (waiting for review), last output never, last command agent-status"
same "$(amux apeers -t research2 -F '#{peer_name} #{peer_state} #{peer_note}')" "test1 blocked waiting for review"

begin "error: session without agent metadata"
fails "session 'regular' has no agent metadata" ajoin -t regular oauth-team

begin "error: not in a group"
fails "session 'research1' is not in a coordination group" aleave -t research1
fails "session 'research1' is not in a coordination group" ashare -t research1 k=v
fails "session 'research1' is not in a coordination group" apeers -t research1

begin "error: bad share format"
fails "invalid format, use: key=value" ashare -t test1 just-a-word

begin "error: bad group name"
fails "invalid group name: no spaces" ajoin -t research1 "no spaces"

begin "error: bad key"
fails "invalid key: bad key" ashare -t test1 "bad key=value"

begin "error: value too long"
fails "value too long for key: blob" ashare -t test1 "blob=$(head -c 70000 /dev/zero | tr '\0' x)"

begin "error: already in a group"
fails "session 'test1' is already in group 'oauth-team'" ajoin -t test1 qa-team

begin "server survives every error"
same "$(amux display -p -t test1 '#{agent_group}')" "oauth-team"

echo "$cases cases"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
