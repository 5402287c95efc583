#!/usr/bin/env bash
# Hooks: set-hook -g for every agent event kind, run as the event's session with the
# event in formats; values cannot inject commands; hook commands fire no hooks; show-hooks,
# -u, and every error.
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s a -G research cat
amux new-session -d -s b -G development cat
amux new-session -d -s loner -G custom cat
amux ajoin -t a team >/dev/null

buffer_is() { [ "$(amux show-buffer -b "$1" 2>/dev/null)" = "$2" ]; }
# hook_ok NAME BUFFER EXPECTED: the hook wrote EXPECTED into BUFFER.
hook_ok() {
  if wait_until 5 buffer_is "$2" "$3"; then pass; else
    fail "$1" "expected: $3" "actual:   $(amux show-buffer -b "$2" 2>&1)"
  fi
}

expect_ok "set-hook agent-joined" "" set-hook -g agent-joined 'set-buffer -b joined "#{event_seq} #{event_kind} #{event_group} #{event_session}"'
expect_ok "set-hook agent-shared" "" set-hook -g agent-shared 'set-buffer -b shared "#{event_session} #{event_key}=#{event_value}"'
expect_ok "set-hook agent-message" "" set-hook -g agent-message 'set-buffer -b message "#{event_session}>#{event_target} #{event_value}"'
expect_ok "set-hook agent-locked" "" set-hook -g agent-locked 'set-buffer -b locked "#{event_key} #{event_fence}"'
expect_ok "set-hook agent-unlocked" "" set-hook -g agent-unlocked 'set-buffer -b unlocked "#{event_kind} #{event_key} #{event_fence}"'
expect_ok "set-hook agent-state-changed" "" set-hook -g agent-state-changed 'set-buffer -b state "#{event_session} #{event_value} #{event_data}"'
expect_ok "set-hook coordinator-changed" "" set-hook -g coordinator-changed 'set-buffer -b coordinator #{event_session}'
expect_ok "set-hook agent-left" "" set-hook -g agent-left 'set-buffer -b left "#{event_session} left #{event_group}"'
expect_eq "show-hooks: parsed, as tmux shows hooks" 'agent-joined[0] set-buffer -b joined "#{event_seq} #{event_kind} #{event_group} #{event_session}"
agent-left[0] set-buffer -b left "#{event_session} left #{event_group}"
agent-locked[0] set-buffer -b locked "#{event_key} #{event_fence}"
agent-message[0] set-buffer -b message "#{event_session}>#{event_target} #{event_value}"
agent-shared[0] set-buffer -b shared "#{event_session} #{event_key}=#{event_value}"
agent-state-changed[0] set-buffer -b state "#{event_session} #{event_value} #{event_data}"
agent-unlocked[0] set-buffer -b unlocked "#{event_kind} #{event_key} #{event_fence}"
coordinator-changed[0] set-buffer -b coordinator "#{event_session}"' "$(amux show-hooks -g | grep -F '[')"

run show-hooks -gJ
expect_eq "show-hooks -J" '{"hook_name":"coordinator-changed","hook_index":0,"hook_command":"set-buffer -b coordinator \"#{event_session}\""}]' "$(echo "$OUT" | grep -oE '\{"hook_name":"coordinator-changed"[^]]*\]')"
expect_eq "show-hooks -F" "coordinator-changed|0|set-buffer -b coordinator \"#{event_session}\"" "$(amux show-hooks -g -F '#{hook_name}|#{hook_index}|#{hook_command}' | tail -1)"
expect_ok "no session hooks yet" "" show-hooks -t a

amux ajoin -t b team >/dev/null
hook_ok "agent-joined ran" joined "3 join team b"
amux ashare -t b 'k=a value' >/dev/null
hook_ok "agent-shared ran" shared "b k=a value"
amux asend -t a b "hi there" >/dev/null
hook_ok "agent-message ran" message "a>b hi there"
amux alock -t b src/x.cc >/dev/null
hook_ok "agent-locked ran" locked "src/x.cc 1"
amux aunlock -t b >/dev/null
hook_ok "agent-unlocked ran" unlocked "unlock src/x.cc 1"
amux astatus -t b blocked "on review" >/dev/null
hook_ok "agent-state-changed ran" state "b blocked on review"
amux set-hook -g agent-waiting 'set-buffer -b waiting "#{hook_event}: #{event_session} #{event_data}"'
amux astatus -t b waiting "approve the plan" >/dev/null
hook_ok "agent-waiting ran for a state event to waiting" waiting "agent-waiting: b approve the plan"
hook_ok "and agent-state-changed too" state "b waiting approve the plan"
amux set-hook -gu agent-waiting
amux aleave -t a >/dev/null
hook_ok "agent-left ran" left "a left team"
hook_ok "coordinator-changed ran" coordinator "b"

# A value is one word however it is quoted: nothing it holds runs.
amux ashare -t b 'evil=x" ; kill-server ; set-buffer -b pwned "y' >/dev/null
hook_ok "value stays data" shared 'b evil=x" ; kill-server ; set-buffer -b pwned "y'
expect_alive "injection did not run"
expect_error "no pwned buffer" "no buffer pwned" show-buffer -b pwned

# Hook commands run as the event's session and fire no hooks of their own.
expect_ok "replace a hook" "" set-hook -g agent-shared 'ashare echo=#{event_value}'
amux ashare -t b k=2 >/dev/null
wait_until 5 sh -c "'$AMUX_BIN' -S '$SOCK' aget -t b echo >/dev/null 2>&1"
expect_ok "hook ran as the sharer" "Author: b" display -p "$(amux aget -v -t b echo | grep Author)"
# Hooks run in the order of their events: once the hook of a later event (a state note)
# has run, any hook the earlier events would have caused has run too.
barrier() {
  amux astatus -t b blocked "barrier $1" >/dev/null
  hook_ok "barrier $1" state "b blocked barrier $1"
}
barrier 1
expect_ok "no hook loop" "1" display -p "$(amux aevents -t b | grep -c 'share b echo=')"
expect_ok "set-hook -u" "" set-hook -gu agent-shared
amux ashare -t b k=3 >/dev/null
barrier 2
expect_ok "removed hook does not run" "2" aget -t b echo

# A session's own hook (set-hook -t) stands before the global one, for that session only.
amux ajoin -t a team >/dev/null
expect_ok "global hook again" "" set-hook -g agent-shared 'set-buffer -b shared "global #{event_session} #{event_key}"'
expect_ok "session hook" "" set-hook -t a agent-shared 'set-buffer -b shared "own #{event_session} #{event_key}"'
expect_ok "show-hooks -t" 'agent-shared[0] set-buffer -b shared "own #{event_session} #{event_key}"' show-hooks -t a
amux ashare -t a k5=1 >/dev/null
hook_ok "the session's hook ran" shared "own a k5"
amux ashare -t b k6=1 >/dev/null
hook_ok "the global hook for the others" shared "global b k6"
# A hook command that fails says so in show-messages.
expect_ok "failing hook" "" set-hook -t a agent-shared 'select-window -t nosuch'
amux ashare -t a k7=1 >/dev/null
logged() { amux show-messages | grep -q "hook agent-shared: can't find window: nosuch"; }
if wait_until 5 logged; then pass; else fail "hook error logged" "$(amux show-messages)"; fi
expect_ok "-u the session's hook" "" set-hook -u -t a agent-shared
expect_ok "session hooks gone" "" show-hooks -t a

# A peer's value in a hook's shell command is one quoted word, never shell code; in
# if-shell's branches (command strings parsed again) it stays one argument (after --, as a
# value starting with - needs there); in a plain command a value
# that looks like a flag or holds a ';' stays a value.
LOG=$TEST_DIR/hook.log
amux set-hook -g agent-shared "run-shell \"printf '%s\\\\n' #{event_value} >>$LOG\""
amux set-hook -ga agent-shared "if-shell -t a true \"set-buffer -b branch -- #{event_value}\""
amux set-hook -ga agent-shared 'set-buffer -b plain #{event_value}'
for v in '$(touch P1)' "a'b; touch P2 #" '`touch P3`' '-b x ; kill-server'; do
  amux ashare -t a "hv=$v" >/dev/null
  wait_until 10 sh -c "[ \"\$(tail -1 '$LOG' 2>/dev/null)\" = \"\$1\" ]" _ "$v"
  expect_eq "run-shell got the value as it is: $v" "$v" "$(tail -1 "$LOG")"
  wait_until 10 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' show-buffer -b branch)\" = \"\$1\" ]" _ "$v"
  expect_ok "if-shell's branch got it as one argument: $v" "$v" show-buffer -b branch
  expect_ok "and a plain command: $v" "$v" show-buffer -b plain
done
expect_eq "no value ran" "" "$(cd "$TEST_DIR" && ls P1 P2 P3 2>/dev/null; ls P1 P2 P3 2>/dev/null)"
expect_ok "-u" "" set-hook -gu agent-shared

# Errors change nothing.
expect_error "unknown hook" "unknown hook: nope" set-hook -g nope 'display x'
expect_error "no command" "no command given for hook agent-left" set-hook -g agent-left
expect_error "-u with a command" "-u takes no command" set-hook -gu agent-left 'display x'
expect_error "unknown command" "unknown command: nosuch" set-hook -g agent-left nosuch
expect_error "unterminated quote" "unterminated quote" set-hook -g agent-left 'display "x'
expect_error "empty command" "empty hook command" set-hook -g agent-left ''
expect_error "bad index" "bad hook index: agent-left[x]" set-hook -g 'agent-left[x]' 'display x'
expect_error "unknown session" "can't find session: nosuch" set-hook -t nosuch agent-left 'display x'
expect_eq "errors kept the old hook" "agent-left[0] set-buffer -b left \"#{event_session} left #{event_group}\"" "$(amux show-hooks -g | grep '^agent-left')"
expect_alive "server alive"

finish
