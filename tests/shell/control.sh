#!/usr/bin/env bash
# Control mode: amux -C driven through a pipe, a line at a time, each answer awaited.
# The blocks and notifications are asserted byte for byte (times masked); %output data,
# whose chunking is the kernel's, is asserted joined. Also: a parked command holds its
# block open and notifications wait for its %end; pause/continue; pause-after's
# %extended-output; %agent-event; a stream inside its block; errors; an empty line; -CC's
# wrapping; EOF; a session killed under the client.
. "$(dirname "$0")/lib/test-lib.sh"
mkfifo "$TEST_DIR/in"
OUTF=$TEST_DIR/out

start() {  # start ARGS...: amux -C ARGS reading the fifo, its output in $OUTF
  : >"$OUTF"
  LC_ALL=C.UTF-8 amux "$@" <"$TEST_DIR/in" >"$OUTF" 2>&1 &
  CPID=$!
  exec 3>"$TEST_DIR/in"
}
send() { printf '%s\n' "$1" >&3; }
# The output with times masked, %output and %extended-output lines left out.
blocks() {
  sed -E "s/^$(printf '\033')P1000p/<DCS>/; s/^(<DCS>)?(%begin|%end|%error) [0-9]+ /\1\2 T /; /^%(extended-)?output /d" "$OUTF"
}
# The same with block numbers masked too, and without presence (state) events, whose
# timing is the machine's.
later_blocks() { blocks | sed -E 's/^(<DCS>)?(%begin|%end|%error) T [0-9]+ /\1\2 T N /; /^%agent-event [0-9]+ state /d'; }
# The data of a pane's %output lines, joined.
output_of() { sed -n "s/^%output $1 //p" "$OUTF" | tr -d '\n'; }
has() { grep -qF -- "$1" "$OUTF"; }
# ended N: block N (a command from the client) has ended.
ended() { grep -qE "^%(end|error) [0-9]+ $1 1\$" "$OUTF"; }

start -C new-session -s c -G dev -x 80 -y 24 cat
wait_until 10 has '%session-changed'
expect_eq "the first command's block, then the session" '%begin T 1 0
%end T 1 0
%window-add @0
%sessions-changed
%session-changed $0 c' "$(blocks)"
send "list-windows"
wait_until 10 ended 2
# A control client is listed as tmux lists one: client-PID, no tty, its flags.
run list-clients
expect_eq "list-clients shows the control client" "client-N: c [0x0 ] (attached,control-mode,UTF-8)" "$(sed -E 's/^client-[0-9]+:/client-N:/' <<<"$OUT")"
expect_ok "named by its pid, no tty" "1|1|" list-clients -F '#{==:#{client_name},client-#{client_pid}}|#{client_control_mode}|#{client_tty}'
expect_ok "among its session's clients" "1" list-clients -t c -F '#{client_control_mode}'
send "new-window -n x cat"
wait_until 10 has '%session-window-changed $0 @1'
send "rename-window -t x y"
wait_until 10 has '%window-renamed @1 y'
send "split-window -t y cat"
wait_until 10 has '%window-pane-changed @1 %2'
send "nosuch"
wait_until 10 has '%error'
send "display -p hi"
wait_until 10 has 'hi'
L=$(amux display -p -t c:y '#{window_layout}')
expect_eq "blocks and notifications" '%begin T 1 0
%end T 1 0
%window-add @0
%sessions-changed
%session-changed $0 c
%begin T 2 1
0: cat* (1 panes) [80x24] [layout b25d,80x24,0,0,0] @0 (active)
%end T 2 1
%begin T 3 1
%end T 3 1
%window-add @1
%session-window-changed $0 @1
%begin T 4 1
%end T 4 1
%window-renamed @1 y
%begin T 5 1
%end T 5 1
%layout-change @1 '"$L $L"' *
%window-pane-changed @1 %2
%begin T 6 1
parse error: unknown command: nosuch
%error T 6 1
%begin T 7 1
hi
%end T 7 1' "$(blocks)"

# Output of the client's session's panes, escaped as tmux does (\ooo below space).
send "send-keys -t %2 hello Enter"
wait_until 10 sh -c "sed -n 's/^%output %2 //p' '$OUTF' | tr -d '\n' | grep -qF 'hello\\015\\012hello\\015\\012'"
expect_eq "%output" 'hello\015\012hello\015\012' "$(output_of %2)"
# Paused, the pane's output is dropped until continued.
send "refresh-client -A %2:pause"
wait_until 10 has '%pause %2'
send "send-keys -t %2 quiet Enter"
wait_until 10 ended 10
# The pane has shown it (so the server read it, and dropped it) before continuing.
if wait_until 10 sh -c "[ \$('$AMUX_BIN' -S '$SOCK' capture-pane -p -t %2 | grep -c quiet) = 2 ]"; then
  pass
else
  fail "the paused pane's output was read"
fi
send "refresh-client -A %2:continue"
wait_until 10 has '%continue %2'
send "send-keys -t %2 loud Enter"
wait_until 10 sh -c "sed -n 's/^%output %2 //p' '$OUTF' | tr -d '\n' | grep -qF 'loud\\015\\012loud\\015\\012'"
expect_eq "nothing while paused" 'hello\015\012hello\015\012loud\015\012loud\015\012' "$(output_of %2)"
# With pause-after, output comes as %extended-output with its age in milliseconds.
send "refresh-client -f pause-after=30"
send "send-keys -t %2 ext Enter"
wait_until 10 sh -c "grep -E '^%extended-output %2 [0-9]+ : ' '$OUTF' | sed -E 's/^[^:]*: //' | tr -d '\n' | grep -qF 'ext\\015\\012ext\\015\\012'"
expect_eq "%extended-output" 'ext\015\012ext\015\012' "$(grep -E '^%extended-output %2 [0-9]+ : ' "$OUTF" | sed -E 's/^[^:]*: //' | tr -d '\n')"
send "refresh-client -f !pause-after,no-output"
send "send-keys -t %2 silent Enter"
# The pane has shown it (so the server read it) before no-output goes off again.
wait_until 10 sh -c "[ \$('$AMUX_BIN' -S '$SOCK' capture-pane -p -t %2 | grep -c silent) = 2 ]"
send "refresh-client -f !no-output"
send "send-keys -t %2 again Enter"
wait_until 10 sh -c "sed -n 's/^%output %2 //p' '$OUTF' | tr -d '\n' | grep -qF 'again\015\012again\015\012'"
expect_eq "no-output drops, then output again" 'hello\015\012hello\015\012loud\015\012loud\015\012again\015\012again\015\012' "$(output_of %2)"

# Errors keep the client going.
send "refresh-client -f bogus"
wait_until 10 has 'invalid flag: bogus'
send "refresh-client -A %99:on"
wait_until 10 has "can't find pane: %99"
send "refresh-client -A %2:sideways"
wait_until 10 has 'bad pane argument: %2:sideways'
expect_eq "error blocks" "invalid flag: bogus
can't find pane: %99
bad pane argument: %2:sideways" "$(grep -E '^(invalid flag|can.t find pane|bad pane)' "$OUTF")"

# The group's events, as %agent-event lines; a parked await holds its block open and the
# notifications raised meanwhile follow its %end.
amux new-session -d -s peer -G dev cat
send "agent-join-group team"
wait_until 10 has '%agent-event 1 join c'
send "agent-wait -K done"
wait_until 10 sh -c "[ \$('$AMUX_BIN' -S '$SOCK' display -p '#{server_parked_clients}') = 1 ]"
amux agent-join-group -t peer team >/dev/null
amux agent-share -t peer done=yes >/dev/null
wait_until 10 has '%agent-event 4 share peer done=yes'
expect_eq "parked block, then what happened meanwhile" "%begin T N 1
Session 'c' joined group 'team'
First session in group (coordinator)
%end T N 1
%agent-event 1 join c
%agent-event 2 coordinator c
%begin T N 1
4 share peer done=yes
%end T N 1
%agent-event 3 join peer
%agent-event 4 share peer done=yes" "$(later_blocks | awk '/^Session .c. joined/{f=1} f' | sed '1i %begin T N 1')"

# A window closing; an empty line ends the client.
send "kill-window -t y"
wait_until 10 has '%window-close @1'
send ""
wait $CPID
expect_eq "exit status" "0" "$?"
exec 3>&-
expect_eq "the end" "%begin T N 1
%end T N 1
%window-close @1
%session-window-changed \$0 @0
%exit" "$(later_blocks | tail -5)"

# EOF ends it too; -CC wraps everything in tmux's DCS.
start -CC attach -t c
send "display -p wrapped"
wait_until 10 has 'wrapped'
exec 3>&-
wait $CPID
expect_eq "-CC" "<DCS>%begin T N 0|%end T N 0|%session-changed \$0 c|%begin T N 1|wrapped|%end T N 1|%exit|$(printf '\033\\')" "$(later_blocks | tr '\n' '|')"

# A first command that fails: its error block, then %exit.
start -C new-session -d -s c
exec 3>&-
wait $CPID
expect_eq "failed first command" "%begin T N 0
duplicate session: c
%error T N 0
%exit" "$(later_blocks)"

# A line past 1 MiB is refused whole, up to its newline: its tail is never a command (a
# payload of 1.2 MB, then 1.5 MB of spaces, then a command, once ran that command).
start -C attach -t c
wait_until 10 has '%session-changed'
{ printf "send-keys -l -t c '%s" "$(head -c 1200000 /dev/zero | tr '\0' A)"
  printf '%s' "$(head -c 1500000 /dev/zero | tr '\0' ' ')"
  printf "run-shell 'touch %s' #\n" "$TEST_DIR/PWNED"
  printf 'display -p next\n'; } >&3
wait_until 10 has 'next'
exec 3>&-
wait $CPID
expect_eq "an over-long line" "%begin T N 1|command line too long|%error T N 1|%begin T N 1|next|%end T N 1|%exit" "$(later_blocks | grep -Ev '^%(unlinked-)?window-renamed ' | sed 1,3d | paste -sd'|')"
expect_eq "its tail ran nothing" "no" "$([ -e "$TEST_DIR/PWNED" ] && echo yes || echo no)"
expect_alive "server alive after an over-long line"

# A control client that stops reading costs the server a bounded backlog: past it the
# client is ended (%exit too far behind), with what waited for it dropped (4000 shares of
# 60 KB once grew the server by 300 MB).
amux new-session -d -s slow -G dev cat
amux ajoin -t slow slowgroup >/dev/null
start -C attach -t slow
wait_until 10 has '%session-changed'
slow_pid=$(amux list-clients -t slow -F '#{client_pid}')
kill -STOP "$slow_pid"
v60k=$(head -c 60000 /dev/zero | tr '\0' v)
for n in 0 25 50 75; do  # four command lists of 1.5 MB (the kernel's limit on arguments)
  list=()
  for i in $(seq $((n + 1)) $((n + 25))); do list+=(ashare -t slow "k$i=$v60k" \;); done
  amux "${list[@]}" >/dev/null
done
kill -CONT "$slow_pid"
exec 3>&-
wait $CPID
expect_eq "too far behind" "%exit too far behind" "$(tail -1 "$OUTF")"
expect_eq "cut before the end" "0" "$(grep -c '^%agent-event [0-9]* share slow k100=' "$OUTF")"
expect_alive "server alive after a slow control client"

# A command that streams (agent-events -f) writes inside its open block: its %begin, then
# each event as it comes (the %begin goes out with the first of them).
amux new-session -d -s streamer -G dev cat
amux ajoin -t streamer streamgroup >/dev/null
start -C attach -t streamer
wait_until 10 has '%session-changed'
send "agent-events -f -n 0"
wait_until 10 sh -c "[ \$('$AMUX_BIN' -S '$SOCK' display -p '#{server_parked_clients}') = 1 ]"
amux ashare -t streamer first=1 >/dev/null
amux ashare -t streamer second=2 >/dev/null
wait_until 10 has 'second=2'
amux kill-session -t streamer
wait $CPID
exec 3>&-
expect_eq "a stream inside its block, its notifications held to the end" \
  "%begin T N 1|3 share streamer first=1|4 share streamer second=2|%agent-event 3 share streamer first=1|%agent-event 4 share streamer second=2|%exit" \
  "$(later_blocks | sed 1,3d | grep -v '^%session-window-changed\|^%window-close\|^%unlinked' | paste -sd'|')"

# The client's session killed: %exit.
start -C attach -t peer
wait_until 10 has '%session-changed'
amux kill-session -t peer
wait $CPID
exec 3>&-
expect_eq "session killed" "%exit" "$(blocks | tail -1)"
# The server killed under a client: %exit with the reason.
start -C attach -t c
wait_until 10 has '%session-changed'
amux kill-server
wait $CPID
exec 3>&-
expect_eq "server killed" "%exit server exited" "$(blocks | tail -1)"
finish
