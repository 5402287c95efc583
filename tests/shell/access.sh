#!/usr/bin/env bash
# Access: the connecting user's uid (SO_PEERCRED) is checked on every command; other users
# are refused until server-access allows them, read-only or read-write, and again after
# -d. A second user is created for the test (useradd; the test needs root for that).
. "$(dirname "$0")/lib/test-lib.sh"

GUEST=amuxguest
if [ "$(id -u)" -ne 0 ]; then
  echo "access.sh needs root to create the user $GUEST (useradd)"
  exit 77
fi
id "$GUEST" >/dev/null 2>&1 || useradd -M -s /bin/sh "$GUEST"
chmod 755 "$TEST_DIR"
# The guest runs copies of the binaries from a directory of its own: the checkout (and its
# build) may sit under a directory other users cannot enter.
mkdir -m 755 "$TEST_DIR/bin"
cp "$AMUX_BIN" "$(dirname "$AMUX_BIN")/amux-server" "$TEST_DIR/bin/"
GUEST_BIN=$TEST_DIR/bin/amux
guest() {  # guest ARGS...: runs amux as the other user, setting OUT, ERR and RC
  OUT=$(runuser -u "$GUEST" -- "$GUEST_BIN" -S "$SOCK" "$@" 2>"$TEST_DIR/guest-err" </dev/null)
  RC=$?
  ERR=$(cat "$TEST_DIR/guest-err")
}
guest_bg() {  # guest_bg TAG ARGS...: in the background; guest_done TAG reads its result
  local tag=$1
  shift
  (runuser -u "$GUEST" -- "$GUEST_BIN" -S "$SOCK" "$@" >"$TEST_DIR/$tag.out" 2>"$TEST_DIR/$tag.err" </dev/null
    echo $? >"$TEST_DIR/$tag.rc") &
}
guest_done() {
  RC=$(cat "$TEST_DIR/$1.rc") OUT=$(cat "$TEST_DIR/$1.out") ERR=$(cat "$TEST_DIR/$1.err")
}
guest_is() {  # guest_is NAME "RC OUT ERR" ARGS...
  local name=$1 expected=$2
  shift 2
  guest "$@"
  expect_eq "$name" "$expected" "$RC|$OUT|$ERR"
}

amux new-session -d -s main cat
amux set-agent -t main -G development
amux ajoin -t main team >/dev/null
amux ashare -t main k=v >/dev/null
expect_eq "socket mode" "600" "$(stat -c %a "$SOCK")"
expect_eq "socket not reachable by others" "1" "$(runuser -u "$GUEST" -- sh -c "[ -w '$SOCK' ]"; echo $?)"
chmod 666 "$SOCK"  # even with the socket open to them, others are refused
guest_is "another user is refused" "1||access not allowed" list-sessions
chmod 600 "$SOCK"

expect_ok "list: the owner" "root (W)" server-access -l
expect_ok "allow read-only" "" server-access -a -r "$GUEST"
expect_eq "socket opened to others" "666" "$(stat -c %a "$SOCK")"
expect_ok "listed read-only" "root (W)
$GUEST (R)" server-access -l
guest_is "read-only lists" "0|main|" list-sessions -F '#{session_name}'
guest_is "read-only aget" "0|v|" aget -t main k
guest "apeers" -t main
expect_eq "read-only apeers" "0|Coordination Group: team|" "$RC|$(head -1 <<<"$OUT")|$ERR"
guest_is "read-only lsag" "0|team 1|" lsag -F '#{group_name} #{group_members}'
guest_is "read-only display -p" "0|01|" display -p -t main '#{pane_index}#{?pane_active,1,}'
guest "capture-pane" -p -t main
expect_eq "read-only capture-pane -p" "0" "$RC"
guest_is "read-only share refused" "1||access denied: read-only" ashare -t main k=w
# Reading the events is allowed; moving the owner's read cursor is not (-u).
cursor_before=$(amux aevents -t main | tail -1 | cut -d' ' -f1)
guest_is "read-only aevents -u refused" "1||access denied: read-only" aevents -u -t main
guest_is "read-only await -u refused" "1||access denied: read-only" await -u -t main -T 1
expect_eq "the cursor did not move" "$cursor_before" "$(amux aevents -u -t main | tail -1 | cut -d' ' -f1)"
guest_is "read-only kill refused" "1||access denied: read-only" kill-session -t main
guest_is "read-only capture into a buffer refused" "1||access denied: read-only" capture-pane -t main
guest_is "read-only attach -d refused" "1||access denied: read-only" attach -d -t main
guest_is "read-only detach of others refused" "1||access denied: read-only" detach-client -a
# Attached read-only, for real: in a terminal of the guest's own (pexpect run as the guest).
cp "$(dirname "$0")/lib/term.py" "$(dirname "$0")/access-attach.py" "$TEST_DIR/"
runuser -u "$GUEST" -- env TEST_DIR="$TEST_DIR" AMUX_BIN="$GUEST_BIN" HOME="$TEST_DIR" \
  /usr/bin/python3 "$TEST_DIR/access-attach.py" "$TEST_DIR" >"$TEST_DIR/ro-attach.log" 2>&1
expect_eq "read-only attach (access-attach.py)" "3 passed, 0 failed" "$(tail -1 "$TEST_DIR/ro-attach.log")"
[ "$(tail -1 "$TEST_DIR/ro-attach.log")" = "3 passed, 0 failed" ] || cat "$TEST_DIR/ro-attach.log"
expect_eq "the guest's typing reached no pane" "" "$(amux capture-pane -p -t main | tr -d '\n')"
expect_ok "nor made a window" "1" display -p -t main '#{session_windows}'
guest_is "read-only display on a client refused" "1||access denied: read-only" display -t main hi
guest_is "read-only new-session refused" "1||access denied: read-only" new-session -d -s g cat
expect_ok "nothing changed" "v" aget -t main k
guest_bg w1 await -t main -K k -T 60
wait_parked 1
amux ashare -t main k=x >/dev/null
wait
guest_done w1
expect_eq "read-only await, woken by a share" "0|share main k=x|" "$RC|$(sed 's/^[0-9]* //' <<<"$OUT")|$ERR"
expect_ok "read-write" "" server-access -w "$GUEST"
expect_ok "listed read-write" "root (W)
$GUEST (W)" server-access -l
guest_is "read-write shares" "0|Shared with group 'team': k=guest|" ashare -t main k=guest
guest_bg w2 await -t main -K k -T 60
wait_parked 1
expect_ok "deny" "" server-access -d "$GUEST"
wait
guest_done w2
expect_eq "a parked guest command is ended when denied" "1||access not allowed" "$RC|$OUT|$ERR"
expect_eq "socket closed again" "600" "$(stat -c %a "$SOCK")"
guest_is "denied: the socket is closed to them" "1||error connecting to $SOCK (Permission denied)" list-sessions
chmod 666 "$SOCK"
guest_is "denied even through an open socket" "1||access not allowed" list-sessions
chmod 600 "$SOCK"

expect_error "unknown user" "unknown user: nosuchuser" server-access -a nosuchuser
expect_error "owner" "owner access can't be changed" server-access -d root
expect_error "no user" "missing user argument" server-access -a
expect_error "no action" "missing -a, -d, -r or -w" server-access "$GUEST"
expect_error "conflicting" "conflicting flags" server-access -r -w "$GUEST"
expect_error "not allowed yet" "user $GUEST not found" server-access -r "$GUEST"

# Group membership control: a join key.
amux new-session -d -s other -G research cat
expect_error "option of a missing group" "can't find group: nope" agent-group-option nope join-key s3cret
expect_error "unknown group option" "unknown group option: colour" agent-group-option team colour red
expect_error "empty key" "invalid value for join-key: empty" agent-group-option team join-key ''
expect_ok "no key yet" "join-key unset" agent-group-option team join-key
expect_ok "set a join key" "" agent-group-option team join-key s3cret
expect_ok "the key is not shown" "join-key set" agent-group-option team join-key
expect_error "join without the key" "group 'team' needs a join key (ajoin -k key)" ajoin -t other team
expect_error "join with a wrong key" "wrong join key for group 'team'" ajoin -k s3crex -t other team
expect_error "a longer wrong key" "wrong join key for group 'team'" ajoin -k s3cret0 -t other team
expect_ok "not a member after the refusals" "1" lsag -F '#{group_members}'
expect_ok "join with the key" "Session 'other' joined group 'team'
Discovered 1 peer: main" ajoin -k s3cret -t other team
expect_ok "the server goes on" "team 2" lsag -F '#{group_name} #{group_members}'
expect_error "value with -u" "value given with -u" agent-group-option -u team join-key x
expect_ok "unset" "" agent-group-option -u team join-key
amux aleave -t other >/dev/null
expect_ok "joins without a key again" "Session 'other' joined group 'team'
Discovered 1 peer: main" ajoin -t other team
# Guessing is throttled: five wrong keys in a row from one user lock that user's keyed
# joins to the group out for 60 s, and a run of wrong keys is one conflict event.
amux aleave -t other >/dev/null
amux agent-group-option team join-key s3cret
for i in 1 2 3 4 5; do run ajoin -k "guess$i" -t other team; done
expect_eq "five wrong keys" "1 wrong join key for group 'team'" "$RC $ERR"
run ajoin -k s3cret -t other team
expect_eq "then even the key is refused for a while" "1|too many wrong join keys for group 'team': try again in Ns" "$RC|$(sed -E 's/in [0-9]+s$/in Ns/' <<<"$ERR")"
expect_eq "one event a run of wrong keys" "2" "$(amux aevents -g team -k conflict | grep -c 'wrong join key')"
expect_ok "server alive" "main
other" list-sessions -F '#{session_name}'
finish
