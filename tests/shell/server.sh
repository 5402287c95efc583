#!/usr/bin/env bash
# Server start, concurrent start (exactly one server), socket directory safety, stale
# sockets, exit when empty, kill-server and the -V/-f options.
. "$(dirname "$0")/lib/test-lib.sh"

expect_ok "version" "amux 0.1.0" -V
OUT=$("$AMUX_BIN" -x 2>&1); RC=$?
expect_eq "a bad flag prints usage" "1 usage: amux [-2CDluNVv] [-c shell-command] [-f file] [-L socket-name] [-S socket-path] [-T features] [command [flags] [args]]" "$RC $(echo "$OUT" | sed -n 2p)"
expect_eq "usage names the MCP server" "commands: amux list-commands; an MCP server on stdio: amux mcp [-t target-session]" "$(echo "$OUT" | tail -1)"
expect_error "no server" "no server running on $SOCK" list-sessions
expect_error "no server for ajoin" "no server running on $SOCK" ajoin team
OUT=$(amux 2>&1 </dev/null); RC=$?
expect_eq "no command: a new attached session, refused off a terminal" "1 open terminal failed: not a terminal" "$RC $OUT"
expect_ok "the refused session was not made" "" list-sessions
amux kill-server

# start-server keeps a server with nothing in it until kill-server.
expect_ok "start-server" "" start-server
expect_ok "empty list" "" list-sessions
pid=$(amux display -p '#{pid}')
expect_eq "server pid is a live process" "0" "$(kill -0 "$pid"; echo $?)"
expect_ok "start-server again is a no-op" "" start-server
expect_eq "same server" "$pid" "$(amux display -p '#{pid}')"
expect_ok "kill-server" "" kill-server
expect_error "killed" "no server running on $SOCK" list-sessions
expect_eq "socket removed" "no" "$([ -e "$SOCK" ] && echo yes || echo no)"

# Twelve clients racing to start a server end with one server holding all twelve sessions.
for i in $(seq 1 12); do amux new-session -d -s "race$i" "cat" & done
wait
expect_eq "all racing sessions exist" "12" "$(amux list-sessions -F x | wc -l)"
pids=$(for i in $(seq 1 12); do amux display -p -t "race$i" '#{pid}'; done | sort -u | wc -l)
expect_eq "one server" "1" "$pids"
amux kill-server

# Default socket directory: created 0700 under AMUX_TMPDIR, refused when unsafe.
export AMUX_TMPDIR=$TEST_DIR/tmp
mkdir -p "$AMUX_TMPDIR"
dir=$AMUX_TMPDIR/amux-$(id -u)
"$AMUX_BIN" -L t -f /dev/null start-server
expect_eq "socket dir mode" "700" "$(stat -c %a "$dir")"
expect_eq "named socket" "yes" "$([ -S "$dir/t" ] && echo yes)"
"$AMUX_BIN" -L t kill-server
chmod 755 "$dir"
OUT=$("$AMUX_BIN" -L t start-server 2>&1); RC=$?
expect_eq "unsafe dir refused" "1 directory $dir has unsafe permissions (mode 755)" "$RC $OUT"
chmod 700 "$dir"
OUT=$("$AMUX_BIN" -L a/b ls 2>&1); RC=$?
expect_eq "socket name with slash" "1 invalid socket name: a/b" "$RC $OUT"
unset AMUX_TMPDIR

# A stale socket (server killed hard) is reported, then replaced by a new server.
amux new-session -d -s stale cat
pid=$(amux display -p '#{pid}')
kill -9 "$pid"
wait_until 5 sh -c "! kill -0 $pid 2>/dev/null"
expect_error "stale socket" "no server running on $SOCK" list-sessions
expect_ok "new server over stale socket" "fresh:" new-session -d -P -s fresh cat
# The server killed hard did not end cleanly: the new one made its session again.
expect_ok "fresh server lists, the killed one's session restored" "fresh
stale" list-sessions -F '#{session_name}'

# The server exits when its last session ends and it holds no group.
amux kill-session -t stale
amux kill-session -t fresh
wait_until 5 sh -c "[ ! -S '$SOCK' ]"
expect_error "server exited when empty" "no server running on $SOCK" list-sessions

# -f runs a configuration file when the server starts.
printf 'new-session -d -s fromconf cat # comment\n\nbogus-command\n' >"$TEST_DIR/conf"
"$AMUX_BIN" -S "$SOCK" -f "$TEST_DIR/conf" start-server
expect_ok "config file ran" "fromconf" list-sessions -F '#{session_name}'
amux kill-server
(cd "$TEST_DIR" && "$AMUX_BIN" -S "$SOCK" -f conf start-server)
expect_ok "relative config path" "fromconf" list-sessions -F '#{session_name}'
expect_eq "server keeps no directory busy" "/" "$(readlink /proc/"$(amux display -p '#{pid}')"/cwd)"

# kill-server hangs up on pane programs.
amux new-session -d -s victim "sleep 9731"
wait_until 10 pgrep -f "^sleep 9731$" >/dev/null
victim=$(pgrep -f "^sleep 9731$" | head -1)
expect_eq "pane program running" "alive" "$([ -n "$victim" ] && kill -0 "$victim" 2>/dev/null && echo alive)"
amux kill-server
wait_until 10 sh -c "! kill -0 $victim 2>/dev/null"
expect_eq "pane program ended" "gone" "$([ -n "$victim" ] && ! kill -0 "$victim" 2>/dev/null && echo gone)"

# -S naming a file that is not a socket: refused, the file left as it was (it was deleted).
echo precious >"$TEST_DIR/file"
OUT=$("$AMUX_BIN" -S "$TEST_DIR/file" -f /dev/null new-session -d 2>&1); RC=$?
expect_eq "-S at a regular file" "1 can't listen on $TEST_DIR/file (not a socket)" "$RC $OUT"
expect_eq "the file kept" "precious" "$(cat "$TEST_DIR/file")"

# Right after kill -9 the dying server's socket may still take a connection and close it
# unanswered: a command that starts a server waits for it to go and starts one (it once
# said "server exited unexpectedly", about one time in three).
K=$TEST_DIR/killed
results=""
for i in $(seq 1 20); do
  "$AMUX_BIN" -S "$K" -f /dev/null new-session -d -s x cat
  kill -9 "$("$AMUX_BIN" -S "$K" display -p '#{pid}')"
  "$AMUX_BIN" -S "$K" -f /dev/null start-server 2>>"$TEST_DIR/killed.err"
  results+="$?"
  "$AMUX_BIN" -S "$K" kill-server 2>/dev/null
done
expect_eq "start-server after kill -9, 20 times" "00000000000000000000 " "$results $(cat "$TEST_DIR/killed.err")"

# AMUX_TRACE (bench/echo-trace.sh): the server marks each stage of a pane's output, in
# order, on the monotonic clock.
T=$TEST_DIR/traced
AMUX_TRACE=$TEST_DIR/trace "$AMUX_BIN" -S "$T" -f /dev/null new-session -d -s t "echo traced; cat"
if wait_until 10 sh -c "'$AMUX_BIN' -S '$T' capture-pane -p -t t | grep -q traced"; then pass; else fail "the traced pane printed"; fi
TPID=$("$AMUX_BIN" -S "$T" display -p '#{pid}')
"$AMUX_BIN" -S "$T" kill-server
# The marks are written as the server exits, which may be after kill-server's answer.
if wait_until 10 sh -c "! kill -0 $TPID 2>/dev/null"; then pass; else fail "the traced server exited"; fi
expect_eq "the stages marked, in time order" "pane-read parsed|sorted" "$(awk '{print $2}' "$TEST_DIR/trace" | grep -m2 -E '^(pane-read|parsed)$' | paste -sd' ')|$(awk '{print $1}' "$TEST_DIR/trace" | sort -c -n 2>&1 && echo sorted)"

finish
