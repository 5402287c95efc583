#!/usr/bin/env bash
# Durable coordination state: the state file (where, its modes, readable with sqlite3),
# 5,000 pipelined shares surviving kill -9 with versions and sequence numbers going on,
# what a restart gives back (context, events, inboxes by name) and what it ends (leases,
# ephemeral keys, members, as events), a corrupt file moved aside, a failed write (a file
# size limit, and a full disk when the test may mount one) changing nothing, the
# agent-state-file option, and an await parked across a restart.
. "$(dirname "$0")/lib/test-lib.sh"
no_resurrect

STATE=$XDG_STATE_HOME/amux/$(printf '%s' "$SOCK" | tr / %).db
server_pid() { amux display -p '#{pid}'; }
# kill9: the server dies at once, as in a crash; waits until its socket refuses.
gone() { ! "$AMUX_BIN" -S "$SOCK" list-sessions >/dev/null 2>&1; }
kill9() {
  kill -9 "$(server_pid)"
  wait_until 10 gone
}
sql() { sqlite3 "$STATE" "$@"; }

amux new-session -d -s a -G development cat
amux new-session -d -s b -G testing cat

# The file: one a socket, under XDG_STATE_HOME, private.
expect_eq "state file made" "yes" "$([ -f "$STATE" ] && echo yes)"
expect_eq "file mode" "600" "$(stat -c %a "$STATE")"
expect_eq "directory mode" "700" "$(stat -c %a "$XDG_STATE_HOME/amux")"
expect_eq "WAL mode" "wal" "$(sql 'PRAGMA journal_mode')"

# 5,000 shares in one pipelined command list; acknowledged, then the server is killed.
amux ajoin -t a team >/dev/null
list=()
for i in $(seq 1 5000); do list+=(ashare -t a "key$i=value $i" \;); done
run "${list[@]}"
expect_eq "5000 shares acknowledged" "0 5000" "$RC $(grep -c '^Shared with group' <<<"$OUT")"
expect_ok "last event before" "5002 share a key5000=value 5000" aevents -t a -s 5001
kill9
amux new-session -d -s a -G development cat
expect_ok "the sequence goes on" "5003 leave a" aevents -g team -s 5002
expect_eq "sqlite3 reads it" "5000|5001|5003" "$(sql "SELECT count(*), max(version), (SELECT event_seq FROM groups WHERE name = 'team') FROM context WHERE grp = 'team'")"
amux ajoin -t a team >/dev/null
expected=$(for i in $(seq 1 5000); do
  printf '{"key":"key%d","value":"value %d","version":%d,"author":"a"}\n' "$i" "$i" $((i + 1))
done)
list=()
for i in $(seq 1 5000); do list+=(aget -J -t a "key$i" \;); done
OUT=$(amux "${list[@]}" 2>&1 | sed -E 's/,"time":[0-9]+,"ephemeral":false,"expires":null//')
expect_eq "every key back with its version and author" "$expected" "$OUT"
expect_ok "next share takes the next version" "Shared with group 'team': key1=again" ashare -t a key1=again
expect_eq "version after restart" "5003" "$(amux aget -v -t a key1 | sed -n 's/^Version: //p')"
expect_ok "its event" "5006 share a key1=again" aevents -t a -s 5005
amux aleave -t a >/dev/null
expect_ok "group deleted" "" agent-delete-group team
expect_eq "its rows gone" "0 0 0" "$(sql "SELECT (SELECT count(*) FROM groups), (SELECT count(*) FROM context), (SELECT count(*) FROM events)" | tr '|' ' ')"

# What a restart ends and what it gives back.
amux new-session -d -s b -G testing cat
amux ajoin -t a crew >/dev/null
amux ajoin -t b crew >/dev/null
amux ashare -t a plan=ship >/dev/null
amux ashare -e -t a draft=1 >/dev/null
amux alock -t a src/x.cc >/dev/null
amux asend -t a b "first" >/dev/null
amux asend -t b a "for a" >/dev/null
amux rename-session -t b bee
amux asend -t a bee "second" >/dev/null
amux agopt crew join-key sesame
expect_ok "before" "1 join a
2 coordinator a
3 join b
4 share a plan=ship
5 share a draft=1
6 lock a src/x.cc fence 1 exclusive
7 message a -> b: first
8 message b -> a: for a
9 message a -> bee: second" aevents -t a
expect_eq "stored members" "crew|0|a
crew|1|bee" "$(sql "SELECT * FROM members ORDER BY position")"
kill9
amux new-session -d -s bee -G testing cat
amux new-session -d -s other -G testing cat
expect_ok "restored group, no members" "Agent Coordination Groups: 1
Group: crew
  Members: 0
  Coordinator: none
  Shared Context: 1 key (8 bytes)" lsag
expect_error "join key kept" "group 'crew' needs a join key (ajoin -k key)" ajoin -t other crew
expect_ok "other joins" "Session 'other' joined group 'crew'
First session in group (coordinator)" ajoin -k sesame -t other crew
expect_ok "restart events" "10 expire a src/x.cc fence 1
11 unset a draft ephemeral
12 leave a
13 leave bee
14 conflict other join: no join key
15 join other
16 coordinator other" aevents -t other -s 9
expect_ok "no inbox for another name" "" ainbox -t other
amux ajoin -k sesame -t bee crew >/dev/null
expect_ok "inbox back under its name" "7 a: first
9 a: second" ainbox -t bee -F '#{message_seq} #{message_from}: #{message_text}'
expect_eq "value" "ship" "$(amux aget -t bee plan)"
expect_error "ephemeral key gone" "no such key: draft" aget -t bee draft
run alock -t bee src/x.cc
expect_eq "lease gone, fence goes on" "0|Locked in group 'crew': src/x.cc (fence 2, expires in Ns)" "$RC|$(mask_secs "$OUT")"
amux ainbox -c -t bee >/dev/null
expect_eq "read messages leave the file" "8|a" "$(sql "SELECT seq, recipient FROM inbox")"
expect_eq "a clean stop keeps members' inboxes as well" "0" "$(amux kill-server; echo $?)"
amux new-session -d -s a -G development cat
amux ajoin -k sesame -t a crew >/dev/null
expect_ok "a's inbox after kill-server" "8 b: for a" ainbox -t a -F '#{message_seq} #{message_from}: #{message_text}'

# A file that is not amux's is never taken over: the server starts, group commands fail
# with the reason until it can be opened, and the file is left as it was.
unavailable() { echo "state file unavailable: $1: $STATE"; }
amux kill-server
printf 'this is not a database, it is %04000d' 0 >"$STATE"
rm -f "$STATE-wal" "$STATE-shm"
before=$(md5sum <"$STATE")
expect_ok "starts on another program's file" "" new-session -d -s a -G development cat
expect_error "lsag says why" "$(unavailable "not an amux state file (left as it is)")" lsag
expect_error "ajoin refused" "$(unavailable "not an amux state file (left as it is)")" ajoin -t a g2
expect_error "aevents refused" "$(unavailable "not an amux state file (left as it is)")" aevents -g g2
expect_ok "other commands work" "a" list-sessions -F '#{session_name}'
expect_eq "the file untouched" "$before 0" "$(md5sum <"$STATE") $(ls "$XDG_STATE_HOME/amux" | grep -c corrupt)"
expect_eq "the reason in show-messages" "can't open state file: not an amux state file (left as it is): $STATE (agent group commands fail until it can be opened)" \
  "$(amux show-messages | sed -E 's/^.*[0-9]{4}: //')"
rm -f "$STATE"
sqlite3 "$STATE" "CREATE TABLE notes(text); INSERT INTO notes VALUES('mine')"
before=$(md5sum <"$STATE")
expect_error "another program's database" "$(unavailable "not an amux state file (left as it is)")" lsag
expect_eq "left as it was" "$before mine" "$(md5sum <"$STATE") $(sqlite3 "$STATE" "SELECT text FROM notes")"
rm -f "$STATE"
ln -s "$TEST_DIR/elsewhere.db" "$STATE"
expect_error "a symlink" "$(unavailable "Too many levels of symbolic links")" lsag
expect_eq "not followed" "no" "$([ -e "$TEST_DIR/elsewhere.db" ] && echo yes || echo no)"
rm -f "$STATE"
mkdir "$STATE"
expect_error "a directory" "$(unavailable "Is a directory")" ashare -t a x=1
rmdir "$STATE"
expect_ok "fixed: the next group command opens it" "Agent Coordination Groups: 0" lsag
expect_eq "amux's application id" "1634563448" "$(sql 'PRAGMA application_id')"
expect_eq "the opening logged" "state file opened: $STATE" "$(amux show-messages | tail -1 | sed -E 's/^.*[0-9]{4}: //')"
amux ajoin -t a g2 >/dev/null
amux ashare -t a good=1 >/dev/null
# An amux file that fails its checks goes aside, and a new one is started.
amux kill-server
head -c 8192 /dev/zero | tr '\0' '\377' | dd of="$STATE" bs=1024 seek=1 conv=notrunc status=none
expect_ok "starts on a corrupt amux file" "" new-session -d -s a -G development cat
expect_ok "lsag works" "Agent Coordination Groups: 0" lsag
aside=$(ls "$XDG_STATE_HOME/amux" | grep -c '\.corrupt-[0-9]\{8\}T[0-9]\{6\}$')
expect_eq "moved aside" "1" "$aside"
expect_eq "kept as it was" "SQLite format 3" "$(head -c 15 "$XDG_STATE_HOME"/amux/*.corrupt-*[0-9])"
expect_eq "the reason in show-messages" "state file $STATE not readable (...), moved to $STATE.corrupt-X" \
  "$(amux show-messages | sed -E 's/^.*[0-9]{4}: //; s/corrupt-[0-9T]+$/corrupt-X/; s/\(.*\)/(...)/')"
expect_eq "a new file" "3" "$(sql "SELECT value FROM meta WHERE key = 'schema'")"
# A sound database with bad rows: each bad row is left out and named, every good group and
# row loads, and the file as it was is kept aside (once one over-long objective lost every
# group at the next start).
amux ajoin -t a g2 >/dev/null
amux ashare -t a good=1 >/dev/null
amux new-session -d -s o -G testing cat
amux ajoin -t o g4 >/dev/null
amux ashare -t o other=2 >/dev/null
amux kill-server
rm -f "$XDG_STATE_HOME"/amux/*.corrupt-*
sql "INSERT INTO context VALUES('g2', 'bad key', 'v', 1, 'a', 0, 0, 0);
     UPDATE roster SET objective = printf('%.5000c', 'o') WHERE grp = 'g4'"
amux new-session -d -s a -G development cat
expect_eq "the bad rows named" "state file $STATE: 2 bad rows left out (context row 1: invalid key; roster row 2: invalid objective), the file as it was kept as $STATE.corrupt-X" \
  "$(amux show-messages | sed -E 's/^.*[0-9]{4}: //; s/corrupt-[0-9T]+$/corrupt-X/')"
expect_eq "every group loaded, with its good rows" "g2 1|g4 1" "$(amux lsag -F '#{group_name} #{group_context_keys}' | paste -sd'|')"
amux ajoin -t a g2 >/dev/null
expect_ok "a good row's value" "1" aget -t a good
expect_eq "the copy aside has them" "1 1" "$(sqlite3 "$(ls "$XDG_STATE_HOME"/amux/*.corrupt-*[0-9])" "SELECT (SELECT count(*) FROM context WHERE key = 'bad key'), (SELECT count(*) FROM roster WHERE length(objective) = 5000)" | tr '|' ' ')"
expect_eq "the file has them no more" "0 0" "$(sql "SELECT (SELECT count(*) FROM context WHERE key = 'bad key'), (SELECT count(*) FROM roster WHERE length(objective) = 5000)" | tr '|' ' ')"
amux kill-server
rm -f "$XDG_STATE_HOME"/amux/*.corrupt-*
amux new-session -d -s a -G development cat
expect_eq "the next start is clean" "0 g2 g4" "$(ls "$XDG_STATE_HOME/amux" | grep -c corrupt) $(amux lsag -F '#{group_name}' | paste -sd' ')"
amux agent-delete-group g4 >/dev/null
amux agent-delete-group g2 >/dev/null

# agent-state-file: another file takes the current state; - turns it off.
amux ajoin -t a g3 >/dev/null
amux ashare -t a x=1 >/dev/null
expect_error "relative path" "agent-state-file must be an absolute path: rel.db" set -g agent-state-file rel.db
expect_ok "option unchanged" "" show -gv agent-state-file
expect_error "a directory" "can't open state file: Is a directory: $TEST_DIR" set -g agent-state-file "$TEST_DIR"
expect_ok "moved" "" set -g agent-state-file "$TEST_DIR/other.db"
expect_ok "shown" "$TEST_DIR/other.db" show -gv agent-state-file
expect_eq "written there" "g3|x|1" "$(sqlite3 "$TEST_DIR/other.db" "SELECT grp, key, value FROM context")"
expect_ok "off" "" set -g agent-state-file -
amux ashare -t a y=2 >/dev/null
expect_eq "nothing written when off" "x" "$(sqlite3 "$TEST_DIR/other.db" "SELECT key FROM context")"
# Two servers never share one file.
amux set -g agent-state-file "$TEST_DIR/other.db"
"$AMUX_BIN" -S "$TEST_DIR/sock2" -f /dev/null new-session -d -s z
OUT=$("$AMUX_BIN" -S "$TEST_DIR/sock2" set -g agent-state-file "$TEST_DIR/other.db" 2>&1)
expect_eq "file in use" "can't open state file: in use by another server: $TEST_DIR/other.db" "$OUT"
"$AMUX_BIN" -S "$TEST_DIR/sock2" kill-server
# A server that starts on a file in use: refused until the other lets it go, then restored.
echo "set -g agent-state-file $TEST_DIR/other.db" >"$TEST_DIR/other.conf"
"$AMUX_BIN" -S "$TEST_DIR/sock2" -f "$TEST_DIR/other.conf" new-session -d -s z -G testing cat
OUT=$("$AMUX_BIN" -S "$TEST_DIR/sock2" ajoin -t z g3 2>&1)
expect_eq "refused while in use" "1 state file unavailable: in use by another server: $TEST_DIR/other.db" "$? $OUT"
amux set -gu agent-state-file
OUT=$("$AMUX_BIN" -S "$TEST_DIR/sock2" lsag -F '#{group_name}' 2>&1)
expect_eq "let go: restored there" "0 g3" "$? $OUT"
"$AMUX_BIN" -S "$TEST_DIR/sock2" kill-server

# An await parked while the server restarts: it hears so, and the rest goes on.
amux new-session -d -s w -G testing cat
amux ajoin -t w g3 >/dev/null
"$AMUX_BIN" -S "$SOCK" await -t w -K never >"$TEST_DIR/await.out" 2>"$TEST_DIR/await.err" &
waiter=$!
wait_parked 1
amux kill-server
wait "$waiter"
expect_eq "await: server exited" "1 server exited" "$? $(cat "$TEST_DIR/await.err")"
amux new-session -d -s w -G testing cat
amux ajoin -t w g3 >/dev/null
expect_eq "key after restart" "1" "$(amux aget -t w x)"

# A failed write changes nothing: the file size limit stops the WAL growing.
amux kill-server
rm -f "$STATE" "$STATE-wal" "$STATE-shm"
(ulimit -S -f 400 && amux new-session -d -s a -G development cat)
amux ajoin -t a lim >/dev/null
big=$(head -c 30000 /dev/zero | tr '\0' x)
# fill PREFIX: shares 30 KB values as PREFIX1, PREFIX2... until one fails; n is its number.
fill() {
  n=0
  for i in $(seq 1 40); do
    amux ashare -t a "$1$i=$big" >/dev/null 2>"$TEST_DIR/share.err" || { n=$i; return; }
  done
}
fill k
expect_eq "a share fails" "can't save state: disk I/O error" "$(cat "$TEST_DIR/share.err")"
expect_error "the key is not set" "no such key: k$n" aget -t a "k$n"
expect_eq "nor its event" "share a k$((n - 1))" "$(amux aevents -t a | tail -1 | cut -d' ' -f2-4 | cut -d= -f1)"
expect_eq "logged" "state not saved: disk I/O error" "$(amux show-messages | tail -1 | sed -E 's/^.*[0-9]{4}: //')"
# Nothing of a turn that failed leaves the server: no await woken, no event streamed, no
# hook run (they each once saw the share that was then undone).
amux set-hook -g agent-shared "run-shell 'echo #{event_key} >> $TEST_DIR/hook.log'"
"$AMUX_BIN" -S "$SOCK" await -t a -K 'probe*' >"$TEST_DIR/await.out" 2>&1 &
waiter=$!
"$AMUX_BIN" -S "$SOCK" aevents -f -t a -K 'probe*' >"$TEST_DIR/follow.out" 2>&1 &
follower=$!
wait_parked 2
expect_error "a share fails again" "can't save state: disk I/O error" ashare -t a "probe1=$big"
prlimit --pid "$(server_pid)" --fsize=unlimited
expect_ok "works again with room" "Shared with group 'lim': k$n=x" ashare -t a "k$n=x"
seq_after=$(amux aevents -t a | tail -1 | cut -d' ' -f1)
expect_eq "no sequence number reused" "$((n + 4))" "$seq_after"
amux ashare -t a probe2=ok >/dev/null
wait "$waiter"
expect_eq "await woken by the share that was kept" "0 $((n + 5)) share a probe2=ok" "$? $(cat "$TEST_DIR/await.out")"
has_line() { grep -q "$1" "$2"; }
wait_until 10 has_line probe2 "$TEST_DIR/follow.out"
expect_eq "the stream has only what was kept" "$((n + 5)) share a probe2=ok" "$(cat "$TEST_DIR/follow.out")"
wait_until 10 has_line probe2 "$TEST_DIR/hook.log"
expect_eq "hooks ran for what was kept" "k$n probe2" "$(paste -sd' ' "$TEST_DIR/hook.log")"
kill "$follower"
amux set-hook -gu agent-shared
kill9
amux new-session -d -s a -G development cat
expect_eq "what was saved is what comes back" "k$n=x" "$(amux aevents -g lim -s $((seq_after - 1)) | head -1 | cut -d' ' -f4)"

# A full disk, on a small tmpfs (where the test may mount one).
MNT=$TEST_DIR/mnt
mkdir -p "$MNT"
if mount -t tmpfs -o size=256k tmpfs "$MNT" 2>/dev/null; then
  trap 'umount -l "$MNT" 2>/dev/null; cleanup' EXIT
  head -c 65536 /dev/zero >"$MNT/filler"
  amux agent-delete-group lim
  amux set -g agent-state-file "$MNT/state.db"
  amux ajoin -t a full >/dev/null
  fill f
  expect_eq "full disk" "can't save state: disk is full" "$(cat "$TEST_DIR/share.err")"
  expect_error "nothing changed" "no such key: f$n" aget -t a "f$n"
  rm "$MNT/filler"
  expect_ok "room again" "Shared with group 'full': f$n=y" ashare -t a "f$n=y"
  amux set -gu agent-state-file
else
  echo "note: no tmpfs could be mounted (not root?): the full-disk case is not run"
fi

# A state file of schema 1 (what the first durable amux wrote) is upgraded in place.
SOCK1=$TEST_DIR/sock1
V1=$TEST_DIR/v1/amux/$(printf '%s' "$SOCK1" | tr / %).db
mkdir -p "$(dirname "$V1")"
sqlite3 "$V1" "PRAGMA journal_mode = WAL;
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES('schema', '1');
CREATE TABLE groups(name TEXT PRIMARY KEY, created INTEGER NOT NULL, last_activity INTEGER NOT NULL, version INTEGER NOT NULL, event_seq INTEGER NOT NULL, lease_fence INTEGER NOT NULL, join_key TEXT NOT NULL);
CREATE TABLE members(grp TEXT NOT NULL, position INTEGER NOT NULL, session TEXT NOT NULL, PRIMARY KEY(grp, position));
CREATE TABLE context(grp TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, version INTEGER NOT NULL, author TEXT NOT NULL, time INTEGER NOT NULL, ephemeral INTEGER NOT NULL, expires INTEGER NOT NULL, PRIMARY KEY(grp, key)) WITHOUT ROWID;
CREATE TABLE events(grp TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, session TEXT NOT NULL, time INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, data TEXT NOT NULL, target TEXT NOT NULL, fence INTEGER NOT NULL, PRIMARY KEY(grp, seq)) WITHOUT ROWID;
CREATE TABLE inbox(grp TEXT NOT NULL, seq INTEGER NOT NULL, recipient TEXT NOT NULL, sender TEXT NOT NULL, time INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY(grp, seq)) WITHOUT ROWID;
CREATE TABLE leases(grp TEXT NOT NULL, fence INTEGER NOT NULL, path TEXT NOT NULL, holder TEXT NOT NULL, pane INTEGER NOT NULL, shared INTEGER NOT NULL, expires INTEGER NOT NULL, PRIMARY KEY(grp, fence)) WITHOUT ROWID;
INSERT INTO groups VALUES('old', 100, 100, 3, 4, 0, '');
INSERT INTO members VALUES('old', 0, 'a');
INSERT INTO context VALUES('old', 'plan', 'v1', 3, 'a', 100, 0, 0);
INSERT INTO events VALUES('old', 4, 'message', 'a', 100, '', 'hi', '', 'b', 0);
INSERT INTO inbox VALUES('old', 4, 'b', 'a', 100, 'hi');" >/dev/null
v1() { XDG_STATE_HOME=$TEST_DIR/v1 "$AMUX_BIN" -S "$SOCK1" -f /dev/null "$@"; }
v1 new-session -d -s b -G go cat
expect_eq "schema 1 upgraded to 3" "3" "$(sqlite3 "$V1" "SELECT value FROM meta WHERE key = 'schema'")"
v1 ajoin -t b old >/dev/null
expect_eq "its state restored" "v1 3 a" "$(v1 aget -t b -p plan -F '#{key_value} #{key_version} #{key_author}')"
expect_eq "its inbox given back, priority normal" "4 a: hi normal" "$(v1 ainbox -t b -F '#{message_seq} #{message_from}: #{message_text} #{message_priority}')"
expect_eq "its events continue" "5 leave a" "$(v1 aevents -g old -s 4 -n 1 -k leave)"
expect_eq "new tables written" "1" "$(sqlite3 "$V1" "SELECT count(*) FROM roster WHERE grp = 'old' AND session = 'b'")"
v1 kill-server
expect_alive "server alive at the end"

finish
