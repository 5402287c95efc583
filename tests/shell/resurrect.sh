#!/usr/bin/env bash
# Resurrection: sessions saved in the state file as they change come back after kill -9
# with their names, window indexes, layouts, directories, titles, options, environment,
# a tail -f started again, agent metadata and memberships (a pane member too, its inbox
# kept, rejoining in their join order, each record continued; resurrect-history lines
# shown again). kill-server is a clean end (nothing restored; amux resurrect does it on demand),
# session-resurrect off saves nothing, a gone directory falls back to HOME, a newer
# schema is refused and left untouched.
. "$(dirname "$0")/lib/test-lib.sh"

export SHELL=/bin/sh HOME=$TEST_DIR/home
mkdir -p "$HOME" "$TEST_DIR/src" "$TEST_DIR/docs" "$TEST_DIR/gone"
STATE=$XDG_STATE_HOME/amux/$(printf '%s' "$SOCK" | tr / %).db
echo first >"$TEST_DIR/log"
server_pid() { amux display -p '#{pid}'; }
kill_hard() {
  local pid
  pid=$(server_pid)
  kill -9 "$pid"
  wait_until 10 sh -c "! kill -0 $pid 2>/dev/null"
}
F='#{session_name}|#{window_index}|#{window_name}|#{window_layout}|#{window_active}|#{pane_index}|#{pane_active}|#{pane_current_path}|#{pane_title}'
# panes FORMAT: every pane; a layout's pane ids (and so its checksum) are new after a
# restore, so they are masked: the cells, their sizes and order are compared.
panes() { amux list-panes -a -F "$F" | sed -E 's/\|[0-9a-f]{4},/|/; s/([0-9]+x[0-9]+,[0-9]+,[0-9]+),[0-9]+/\1/g'; }

# Three sessions: split windows with their own layouts and directories, a tail -f, a
# pane member and an agent session in a group, options and environment.
amux new-session -d -s one -x 120 -y 40 -c "$TEST_DIR/src" -n edit
amux split-window -h -t one:0 -c "$TEST_DIR/docs" "tail -f $TEST_DIR/log"
amux split-window -v -t one:0.0 -c "$TEST_DIR/gone"
amux select-layout -t one:0 main-vertical
amux select-pane -t one:0.2 -T follower
amux new-window -d -t one:4 -n build -c "$TEST_DIR"
amux new-session -d -s two -x 100 -y 30 -G claude -o "fix the parser" -c "$TEST_DIR/src"
amux ajoin -t two team >/dev/null
amux ajoin -t one:0.0 -G codex -n alice team >/dev/null
amux asend -t two alice "review when back" >/dev/null
amux new-session -d -s three -c "$TEST_DIR"
amux set-option -t three status-left "[three] "
amux set-environment -t three PROJECT amux
amux select-window -t one:0
wait_until 20 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t one:0.2 | grep -qx first"
before=$(panes)
expect_eq "saved as they changed" "one three two" "$(sqlite3 "$STATE" "SELECT name FROM sessions ORDER BY name" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "not a clean end yet" "0" "$(sqlite3 "$STATE" "SELECT value FROM meta WHERE key = 'clean'")"

kill_hard
rmdir "$TEST_DIR/gone"
amux start-server
expect_eq "every pane back, as it was" "$(echo "$before" | sed "s|$TEST_DIR/gone|$HOME|")" "$(panes)"
wait_until 20 sh -c "'$AMUX_BIN' -S '$SOCK' list-panes -t one:0 -F '#{pane_current_command}' | grep -qx tail"
expect_eq "tail -f started again in its pane" "tail" "$(amux display -p -t one:0.2 '#{pane_current_command}')"
expect_eq "a gone directory: HOME, and a message" "1" "$(amux show-messages | grep -c "resurrect: one:0.1: directory $TEST_DIR/gone is gone, using $HOME")"
run show-messages
expect_eq "the restore in the log" "Restored session 'one': 2 windows, 4 panes
Restored session 'three': 1 window, 1 pane
Restored session 'two': 1 window, 1 pane" "$(echo "$OUT" | grep -o 'Restored session.*')"
expect_ok "options" "[three] " show-options -v -t three status-left
expect_ok "environment" "PROJECT=amux" show-environment -t three PROJECT
expect_ok "agent metadata" "claude|fix the parser" display -p -t two '#{agent_type}|#{agent_objective}'
expect_ok "both in the group again" "team 2" lsag -F '#{group_name} #{group_members}'
run apeers -t two -F '#{peer_name} #{peer_id} #{peer_type}'
expect_eq "the pane member back by name, its type" "alice %0 codex" "$OUT"
expect_ok "its inbox kept" "two: review when back" ainbox -t one:0.0 -F '#{message_from}: #{message_text}'
# Sessions come back in name order (one before two), but members rejoin in the order they
# had joined: two is the coordinator still, and each record goes on (no past members).
expect_ok "the coordinator as before" "two" lsag -F '#{group_coordinator}'
expect_ok "two's record continued" "two coordinator 1" apeers -a -t one:0.0 -F '#{peer_name} #{peer_role} #{record_number}'
expect_ok "alice's record continued" "alice member 2" apeers -a -t two -F '#{peer_name} #{peer_role} #{record_number}'

# kill-server is a clean end: the next server restores nothing; amux resurrect does.
amux kill-server
expect_eq "a clean end" "1" "$(sqlite3 "$STATE" "SELECT value FROM meta WHERE key = 'clean'")"
amux start-server
expect_ok "nothing restored after a clean end" "" list-sessions -F '#{session_name}'
run resurrect -n
expect_eq "resurrect -n" "Session 'one': 2 windows, 4 panes
  one:0.0 in $TEST_DIR/src: a shell
  one:0.1 in $HOME: a shell
  one:0.2 in $TEST_DIR/docs: tail -f $TEST_DIR/log (started again)
  one:4.0 in $TEST_DIR: a shell" "$(echo "$OUT" | sed -n '1,5p')"
expect_ok "-n made nothing" "" list-sessions -F '#{session_name}'
expect_ok "resurrect" "Restored session 'one': 2 windows, 4 panes
Restored session 'three': 1 window, 1 pane
Restored session 'two': 1 window, 1 pane" resurrect
expect_ok "again: they exist" "Session 'one' exists: not restored
Session 'three' exists: not restored
Session 'two' exists: not restored" resurrect
expect_error "resurrect takes no argument" "command resurrect: too many arguments (need at most 0)" resurrect x

# Agents resumed: a pane member whose agent reported a conversation is started again with
# its type's resume command (the configuration file's agent-resume-command; the id is one
# quoted word: it came from a hook's payload), is the same member, and the group sees a
# resumed event; one with no resume command for its type comes back as a shell, noted.
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"%s/fake-args"\nexec cat\n' "$TEST_DIR" >"$TEST_DIR/fake-agent"
chmod +x "$TEST_DIR/fake-agent"
printf 'agent-resume-command fake "%s/fake-agent --resume #{agent_conversation_id}"\n' "$TEST_DIR" >"$TEST_DIR/agents.conf"
amux new-session -d -s agents -x 100 -y 30
amux split-window -t agents
amux ajoin -t agents:0.0 -G fake -n resumer team >/dev/null
amux ajoin -t agents:0.1 -G plain -n shelly team >/dev/null
echo '{"hook_event_name":"SessionStart","session_id":"conv 42;$(touch pwned)","transcript_path":"/t/42.jsonl"}' |
  "$AMUX_BIN" -S "$SOCK" agent-report -t agents:0.0 claude
echo '{"hook_event_name":"SessionStart","session_id":"c-7"}' | "$AMUX_BIN" -S "$SOCK" agent-report -t agents:0.1 claude
expect_eq "a conversation kept" "resumer conv 42;\$(touch pwned)" "$(amux apeers -t agents:0.1 -F '#{peer_name} #{peer_conversation_id}' | grep '^resumer')"
record=$(amux apeers -a -t agents:0.1 -F '#{peer_name} #{peer_role} #{record_number}' | grep '^resumer')
expect_eq "its record" "resumer member" "$(echo "$record" | cut -d' ' -f1-2)"
kill_hard
(cd "$TEST_DIR" && "$AMUX_BIN" -S "$SOCK" -f "$TEST_DIR/agents.conf" start-server)
wait_until 20 test -s "$TEST_DIR/fake-args"
expect_eq "resumed with its conversation, one word" "--resume
conv 42;\$(touch pwned)" "$(cat "$TEST_DIR/fake-args")"
expect_eq "nothing ran from the id" "0" "$(ls "$TEST_DIR" | grep -c pwned)"
run aevents -g team -k resumed
expect_eq "a resumed event" "resumed resumer fake conv 42;\$(touch pwned)" "$(echo "$OUT" | cut -d' ' -f2-)"
expect_eq "the same member, by name" "resumer fake" "$(amux apeers -t agents:0.1 -F '#{peer_name} #{peer_type}' | grep '^resumer')"
expect_eq "its record continued" "$record" "$(amux apeers -a -t agents:0.1 -F '#{peer_name} #{peer_role} #{record_number}' | grep '^resumer')"
run apeers -t agents:0.0 -F '#{peer_name}|#{peer_state}|#{peer_note}'
expect_eq "not resumable: a shell, noted" "shelly|idle|restored as a shell: no resume command for its type" "$(echo "$OUT" | grep '^shelly')"
expect_ok "agent-resume-command lists" "claude claude --resume #{agent_conversation_id}
claude-code claude --resume #{agent_conversation_id}
codex codex resume #{agent_conversation_id}
fake $TEST_DIR/fake-agent --resume #{agent_conversation_id}
gemini gemini --resume #{agent_conversation_id}" agent-resume-command
expect_ok "-u" "" agent-resume-command -u fake
expect_error "-u again" "no resume command for fake" agent-resume-command -u fake
expect_error "unknown type" "no resume command for nope" agent-resume-command nope
expect_error "bad type" "invalid agent type: Bad Type (a lowercase letter, then up to 31 of a-z 0-9 _ . -)" agent-resume-command "Bad Type" x
expect_error "bad command" "invalid resume command: one line of at most 4096 bytes" agent-resume-command fake ""
amux kill-session -t agents
amux kill-session -t one
amux kill-session -t two
amux kill-session -t three

# resurrect-history: the last lines of each pane, saved when it goes quiet, shown again
# above the new prompt under a mark. (The prompt is the shell's: '$', '#' for root.)
amux new-session -d -s hist -x 80 -y 10
wait_until 20 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t hist | grep -q ."
P=$(amux capture-pane -p -t hist | head -1)
amux set-option -t hist resurrect-history 3
amux send-keys -t hist "printf 'h%s\\n' 1 2 3 4" Enter
wait_until 20 sh -c "sqlite3 '$STATE' \"SELECT data FROM sessions WHERE name = 'hist'\" | grep -qF 'h4\\n$P\\n'"
kill_hard
amux start-server
wait_until 20 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t hist | grep -v '^\$' | tail -1 | grep -qxF '$P'"
expect_eq "history shown again, marked" "h3
h4
$P
-- restored: 3 lines --
$P" "$(amux capture-pane -p -t hist | grep -v '^$')"
amux kill-server
amux start-server
expect_eq "resurrect -n counts it" "  hist:0.0 in $PWD: a shell, 3 lines of history" "$(amux resurrect -n | grep hist:)"
amux resurrect >/dev/null
expect_ok "history 0: nothing saved of the screen" "" set-option -t hist resurrect-history 0
if wait_until 20 sh -c "! sqlite3 '$STATE' \"SELECT data FROM sessions WHERE name = 'hist'\" | grep -qF '\"history\"'"; then
  pass
else
  fail "history 0: the screen no longer saved" "$(sqlite3 "$STATE" "SELECT data FROM sessions WHERE name = 'hist'")"
fi
expect_error "resurrect-history bounds" "invalid value for resurrect-history: 10001" set-option -t hist resurrect-history 10001
amux kill-session -t hist

# session-resurrect off: nothing is kept, nothing comes back.
amux set-option -g session-resurrect off
expect_eq "off: the saved sessions go" "0" "$(sqlite3 "$STATE" "SELECT count(*) FROM sessions")"
kill_hard
amux start-server
expect_ok "off: nothing restored" "" list-sessions -F '#{session_name}'
expect_error "nothing saved" "nothing saved to restore" resurrect
amux kill-server

# A state file from a newer amux is refused and left as it is.
sqlite3 "$STATE" "UPDATE meta SET value = '4' WHERE key = 'schema'"
amux new-session -d -s late
expect_error "newer schema refused" "state file unavailable: written by a newer amux (schema 4), left as it is: $STATE" ajoin -G x -t late team
expect_eq "left as it is" "4" "$(sqlite3 "$STATE" "SELECT value FROM meta WHERE key = 'schema'")"
expect_alive "server alive"
finish
