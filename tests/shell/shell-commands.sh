#!/usr/bin/env bash
# run-shell and if-shell: shell commands outside any pane (output, exit status, formats
# and directory of the target, -b in the background), if-shell's choice by exit status or
# -F format, and hooks that run programs with the event in their environment.
. "$(dirname "$0")/lib/test-lib.sh"

mkdir -p "$TEST_DIR/work"
amux new-session -d -s a -G development -c "$TEST_DIR/work" cat
amux new-session -d -s b -G testing cat

expect_ok "run-shell prints the output" "hi" run-shell 'echo hi'
run run-shell 'echo out; echo err >&2; exit 3'
expect_eq "a failing command" "1|out
err|'echo out; echo err >&2; exit 3' returned 3" "$RC|$OUT|$ERR"
expect_ok "the target's formats and directory" "a $TEST_DIR/work" run-shell -t a 'echo #{session_name} $PWD'
expect_eq "the target's AMUX" "$(amux display -p -t b '#{session_id}' | tr -d '$')" \
  "$(amux run-shell -t b 'echo "$AMUX"' | cut -d, -f3)"
expect_ok "run-shell -b returns at once" "" run-shell -b "sleep 0.2; echo done >$TEST_DIR/bg"
wait_until 10 test -s "$TEST_DIR/bg"
expect_eq "and runs" "done" "$(cat "$TEST_DIR/bg")"
expect_ok "no command and no delay: nothing to do, as tmux" "" run-shell
expect_error "bad target" "can't find pane: nosuch" run-shell -t nosuch true
expect_ok "output kept as it is" "a	b" run-shell "printf 'a\\tb\\n'"

expect_ok "if-shell true" "yes" if-shell true 'display -p yes' 'display -p no'
expect_ok "if-shell false" "no" if-shell 'exit 1' 'display -p yes' 'display -p no'
expect_ok "if-shell false, no else" "" if-shell false 'display -p yes'
expect_ok "if-shell -F true" "yes" if-shell -F -t a '#{session_name}' 'display -p yes' 'display -p no'
expect_ok "if-shell -F 0" "no" if-shell -F 0 'display -p yes' 'display -p no'
expect_ok "if-shell -F empty" "no" if-shell -F '' 'display -p yes' 'display -p no'
expect_ok "if-shell runs a list" "one
two" if-shell true 'display -p one ; display -p two'
expect_error "the chosen command fails" "can't find session: nosuch" if-shell true 'kill-session -t nosuch'
expect_error "an unknown command" "unknown command: frobnicate" if-shell true frobnicate
expect_ok "if-shell -b" "" if-shell -b true 'set-buffer -b ifb chosen'
buffer_is() { [ "$(amux show-buffer -b "$1" 2>/dev/null)" = "$2" ]; }
wait_until 10 buffer_is ifb chosen
expect_ok "if-shell -b ran it" "chosen" show-buffer -b ifb
expect_error "too few arguments" "command if-shell: too few arguments (need at least 2)" if-shell true

# A hook that runs a program: the event is in its environment, never in its words.
amux ajoin -t a team >/dev/null
amux ajoin -t b team >/dev/null
amux set-hook -g agent-shared "run-shell -b 'echo \"\$AMUX_HOOK \$AMUX_EVENT_SEQ \$AMUX_EVENT_SESSION \$AMUX_EVENT_GROUP \$AMUX_EVENT_KEY=\$AMUX_EVENT_VALUE\" >>$TEST_DIR/events'"
amux ashare -t a plan=ship >/dev/null
amux ashare -t b 'evil=$(touch '"$TEST_DIR"'/pwned); `touch '"$TEST_DIR"'/pwned2`' >/dev/null
lines_are() { [ "$(wc -l <"$TEST_DIR/events" 2>/dev/null)" = "$1" ]; }
wait_until 10 lines_are 2
expect_eq "the hook wrote each event" "agent-shared 4 a team plan=ship
agent-shared 5 b team evil=\$(touch $TEST_DIR/pwned); \`touch $TEST_DIR/pwned2\`" "$(sort "$TEST_DIR/events")"
expect_eq "a value is never run" "none" "$(ls "$TEST_DIR"/pwned* 2>/dev/null || echo none)"
amux set-hook -g agent-joined 'run-shell "echo #{hook_event} #{event_session} $AMUX_EVENT_TYPE >'"$TEST_DIR"'/joined"'
amux new-session -d -s c -G react -g team cat
wait_until 10 test -s "$TEST_DIR/joined"
expect_eq "hook formats and the join's type" "agent-joined c react" "$(cat "$TEST_DIR/joined")"
expect_alive "server alive"
finish
