#!/usr/bin/env bash
# State an agent reports itself: what a fake agent prints in its pane (OSC 133 shell marks,
# OSC 9;4 progress, desktop notifications and the bell) becomes command, progress and
# notify events and moves its presence; astatus -m numbers.
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s lead -G research cat
amux set-option -g agent-idle-time 300
amux new-session -d -s work -x 100 -y 30 cat
work=$(amux display -p -t work '#{pane_id}')
amux ajoin -t lead team >/dev/null
amux ajoin -t "$work" -G claude -n agent team >/dev/null
last_seq() { amux aevents -t lead | tail -1 | cut -d' ' -f1; }
# events_after SEQ KINDS: the events of those kinds after SEQ, durations masked.
events_after() { amux aevents -t lead -s "$1" -k "$2" | sed -E 's/ [0-9]+\.[0-9]{2}s$/ Ns/'; }

# A fake agent: a prompt, a command that runs until told to end, then its end with status
# 3; the pane is working from C to D whatever it prints, idle after.
cat >"$TEST_DIR/agent.sh" <<EOF
printf '\033]133;A\007\$ \033]133;B\007'
printf '\033]133;C\007'
"$AMUX_BIN" -S "$SOCK" wait-for go
printf 'output\n\033]133;D;3\007\033]133;A\007\$ '
exec cat
EOF
seq=$(last_seq)
amux respawn-pane -k -t "$work" "sh $TEST_DIR/agent.sh"
expect_eq "C: working" "state agent working" "$(amux await -t lead -p agent -S working -s "$seq" -T 60 | cut -d' ' -f2-)"
amux wait-for -S go
expect_eq "D: idle" "state agent idle" "$(amux await -t lead -p agent -S idle -s "$seq" -T 60 | cut -d' ' -f2-)"
expect_eq "a command event with its status and duration" "command agent 3 Ns" "$(events_after "$seq" command | cut -d' ' -f2-)"
run aevents -t lead -s "$seq" -k command -J
expect_eq "command JSON" '"kind":"command","session":"agent",' "$(echo "$OUT" | grep -oE '"kind":"command","session":"agent",')"
expect_eq "command formats" "3" "$(amux aevents -t lead -s "$seq" -k command -F '#{event_status}')"
expect_eq "a duration" "1" "$(amux aevents -t lead -s "$seq" -k command -F '#{event_duration}' | grep -cE '^[0-9]+\.[0-9]{2}s$')"

# Output no longer decides once marks came: text after D leaves it idle.
amux send-keys -t "$work" "typed after the prompt" Enter
wait_until 10 sh -c "'$AMUX_BIN' -S '$SOCK' capture-pane -p -t '$work' | grep -q '^typed after the prompt$'"
expect_eq "presence by marks" "idle" "$(amux apeers -t lead -F '#{peer_state}')"

# A D with no status, and marks that make no command (D before C): no event.
seq=$(last_seq)
amux respawn-pane -k -t "$work" "printf '\033]133;D\007\033]133;C\007\033]133;D\007\033]133;Z\007'; exec cat"
expect_eq "D without a status" "command agent Ns" "$(amux await -t lead -k command -s "$seq" -T 60 | cut -d' ' -f2- | sed -E 's/ [0-9]+\.[0-9]{2}s$/ Ns/')"
expect_eq "one command event" "1" "$(amux aevents -t lead -s "$seq" -k command | wc -l)"

# Progress (OSC 9;4): an event when the state changes or the percent enters another tenth.
seq=$(last_seq)
amux respawn-pane -k -t "$work" "printf '\033]9;4;1;5\007\033]9;4;1;7\007\033]9;4;1;15\007\033]9;4;3\007\033]9;4;2;40\007\033]9;4;9;1\007\033]9;4;1;101\007\033]9;4;x\007\033]9;4;0\007'; exec cat"
expect_eq "last progress" "progress agent clear" "$(amux await -t lead -k progress -K clear -s "$seq" -T 60 | cut -d' ' -f2-)"
expect_eq "progress events" "progress agent set 5
progress agent set 15
progress agent indeterminate
progress agent error 40
progress agent clear" "$(events_after "$seq" progress | cut -d' ' -f2-)"
expect_eq "progress is not a notification" "" "$(events_after "$seq" notify)"

# Notifications: a notify event (its source and text), then the state waiting; a bell
# while waiting adds nothing; the same notification again adds nothing.
seq=$(last_seq)
amux respawn-pane -k -t "$work" "printf '\033]777;notify;Claude Code;needs approval\007\007\033]777;notify;Claude Code;needs approval\007'; exec cat"
expect_eq "waiting" "state agent waiting Claude Code: needs approval" "$(amux await -t lead -p agent -S waiting -s "$seq" -T 60 | cut -d' ' -f2-)"
expect_eq "one notify event" "notify agent osc777 Claude Code: needs approval" "$(events_after "$seq" notify | cut -d' ' -f2-)"
run aevents -t lead -s "$seq" -k notify -J
expect_eq "notify JSON" '"key":"osc777","value":"Claude Code: needs approval"' "$(echo "$OUT" | grep -oE '"key":"osc777","value":"Claude Code: needs approval"')"
expect_eq "one waiting state" "1" "$(events_after "$seq" state | grep -c waiting)"
amux send-keys -t "$work" x
wait_until 20 sh -c "[ \"\$('$AMUX_BIN' -S '$SOCK' apeers -t lead -F '#{peer_state}')\" != waiting ]"
expect_eq "input ends waiting" "1" "$([ "$(amux apeers -t lead -F '#{peer_state}')" != waiting ] && echo 1)"
seq=$(last_seq)
amux respawn-pane -k -t "$work" "printf '\033]9;build finished\007'; exec cat"
expect_eq "OSC 9" "notify agent osc9 build finished" "$(amux await -t lead -k notify -s "$seq" -T 60 | cut -d' ' -f2-)"
expect_error "event kinds listed" "unknown event kind: nope (kinds: join, leave, coordinator, share, unset, message, lock, unlock, expire, state, objective, conflict, read, break, give, notify, command, progress, resumed, merged, merge-conflict)" aevents -t lead -k nope

# Numbers an agent reports: astatus -m, shown by apeers, show-agent and astats.
amux astatus -t "$work" idle >/dev/null
expect_eq "astatus -m" "State of member 'agent': idle, last output T, last command none" "$(amux astatus -t "$work" -m context=73% -m cost=1.20 | sed -E 's/last output [^,]*/last output T/')"
expect_ok "apeers -F metrics" "context=73% cost=1.20|73%" apeers -t lead -F '#{peer_metrics}|#{peer_metric_context}'
run apeers -t lead -J
expect_eq "apeers -J metrics" '"metrics":{"context":"73%","cost":"1.20"}' "$(echo "$OUT" | grep -oE '"metrics":\{[^}]*\}')"
run apeers -t lead
expect_eq "apeers human metrics" "    Metrics: context=73% cost=1.20" "$(echo "$OUT" | grep 'Metrics:')"
run astats -t lead
expect_eq "astats metrics" "    Metrics: context=73% cost=1.20" "$(echo "$OUT" | grep 'Metrics:')"
expect_ok "astats -m record_metrics" "lead:
agent:context=73% cost=1.20" astats -t lead -m -F '#{record_name}:#{record_metrics}'
amux astatus -t "$work" -m context= >/dev/null
expect_ok "an empty value removes one" "cost=1.20" apeers -t lead -F '#{peer_metrics}'
expect_error "bad metric" "invalid metric: nope (name=value)" astatus -t "$work" -m nope
expect_error "bad metric name" "invalid metric: a b=1 (name=value)" astatus -t "$work" -m "a b=1"
expect_error "metric on two lines" "invalid metric value: one line of at most 256 bytes" astatus -t "$work" -m "a=x
y"
amux new-session -d -s plain cat
expect_error "metrics need metadata" "session 'plain' has no agent metadata" astatus -t plain -m a=1
args=(); for i in $(seq 1 33); do args+=(-m "m$i=1"); done
expect_error "too many metrics" "too many metrics (at most 32)" astatus -t "$work" "${args[@]}"
expect_ok "a refused -m changed nothing" "cost=1.20" apeers -t lead -F '#{peer_metrics}'

# agent-report: hook payloads (written from the agents' documented schemas) mapped to the
# member's state, note and conversation. It prints nothing (an agent reads a hook's stdout).
report() { "$AMUX_BIN" -S "$SOCK" agent-report -t "$work" "$@"; }
state_of_agent() { amux apeers -t lead -F '#{peer_state}|#{peer_note}'; }
expect_eq "SessionStart prints nothing" "" "$(echo '{"session_id":"9f3c-conv","transcript_path":"/home/u/.claude/projects/x/9f3c.jsonl","cwd":"/w","hook_event_name":"SessionStart","source":"startup"}' | report claude)"
expect_ok "conversation kept" "9f3c-conv" apeers -t lead -F '#{peer_conversation_id}'
expect_eq "SessionStart: idle" "idle|" "$(state_of_agent)"
echo '{"session_id":"9f3c-conv","hook_event_name":"UserPromptSubmit","prompt":"fix the parser"}' | report claude
expect_eq "UserPromptSubmit: working" "working|" "$(state_of_agent)"
echo '{"session_id":"9f3c-conv","hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"make test"}}' | report claude
expect_eq "PreToolUse: working, the tool" "working|Bash" "$(state_of_agent)"
echo '{"session_id":"9f3c-conv","hook_event_name":"Notification","message":"Claude needs your permission to use Bash;"}' | report claude
expect_eq "Notification: waiting, the message" "waiting|Claude needs your permission to use Bash;" "$(state_of_agent)"
echo '{"session_id":"9f3c-conv","hook_event_name":"Stop","stop_hook_active":false,"cost":{"total_cost_usd":0.4567}}' | report claude
expect_eq "Stop: idle" "idle|" "$(state_of_agent)"
expect_ok "cost from the payload" "cost=0.46" apeers -t lead -F '#{peer_metrics}'
echo '{"hook_event_name":"SubagentStop"}' | report claude
echo '{"hook_event_name":"SessionEnd","reason":"exit"}' | report claude
expect_eq "SessionEnd: what the pane does, no note" "1" "$([[ "$(state_of_agent)" =~ ^(idle|working)\|$ ]] && echo 1)"
echo '{"session_id":"g-1","transcript_path":"/t/g.json","hook_event_name":"BeforeTool","tool_name":"run_shell_command","timestamp":"2026-12-05T10:00:00Z"}' | report gemini
expect_eq "gemini BeforeTool" "working|run_shell_command" "$(state_of_agent)"
echo '{"hook_event_name":"Notification","notification_type":"ToolPermission","message":"Allow run_shell_command?"}' | report gemini
expect_eq "gemini Notification" "waiting|Allow run_shell_command?" "$(state_of_agent)"
echo '{"hook_event_name":"AfterAgent","prompt":"x","prompt_response":"y"}' | report gemini
expect_eq "gemini AfterAgent" "idle|" "$(state_of_agent)"
report codex '{"type":"agent-turn-complete","thread-id":"th-42","turn-id":"1","cwd":"/w","input-messages":["add tests"],"last-assistant-message":"-n Added 3 tests; all pass"}'
expect_eq "codex turn complete: idle with the last message" "idle|-n Added 3 tests; all pass" "$(state_of_agent)"
expect_ok "codex thread id" "th-42" apeers -t lead -F '#{peer_conversation_id}'
seq=$(last_seq)
run agent-report -t "$work" claude
expect_eq "empty payload" "1|agent-report: payload is not a JSON object" "$RC|$ERR"
for bad in '[1]' '{"hook_event_name":"PreCompact"}' '{"prompt":"x"}' 'not json'; do
  OUT=$(echo "$bad" | report claude 2>&1); echo "$bad => $? $OUT" >>"$TEST_DIR/bad.out"
done
expect_eq "bad payloads" '[1] => 1 agent-report: payload is not a JSON object
{"hook_event_name":"PreCompact"} => 1 agent-report: unknown claude hook event: PreCompact
{"prompt":"x"} => 1 agent-report: no hook_event_name in the claude payload
not json => 1 agent-report: payload is not a JSON object' "$(cat "$TEST_DIR/bad.out")"
OUT=$(report codex '{"type":"approval-requested"}' 2>&1)
expect_eq "codex: other notifications" "1|agent-report: unknown codex notification: approval-requested" "$?|$OUT"
expect_eq "unknown agent" "agent-report: unknown agent: aider (claude, codex or gemini)" "$(echo '{}' | report aider 2>&1)"
expect_eq "usage" "usage: amux agent-report [-t target-pane] claude|codex|gemini [payload]" "$("$AMUX_BIN" -S "$SOCK" agent-report 2>&1)"
expect_eq "bad payloads changed nothing" "$seq" "$(last_seq)"
expect_eq "outside any pane, no -t: nothing, exit 0" "0|" "$(echo '{"hook_event_name":"Stop"}' | "$AMUX_BIN" -S "$SOCK" agent-report claude; echo "$?|")"
expect_eq "still nothing" "$seq" "$(last_seq)"
# From inside the agent's pane (AMUX_PANE), as a hook runs: the pane member.
amux respawn-pane -k -t "$work" "echo '{\"hook_event_name\":\"Notification\",\"message\":\"from inside\"}' | '$AMUX_BIN' -S '$SOCK' agent-report claude; exec cat"
expect_eq "a hook run inside the pane" "state agent waiting from inside" "$(amux await -t lead -p agent -S waiting -s "$seq" -T 60 | cut -d' ' -f2-)"

# agent-next needs an attached client (tests/shell/attention.py drives one).
expect_error "agent-next without a client" "no current client" agent-next
expect_error "agent-next -c" "can't find client: /dev/nope" agent-next -c /dev/nope

expect_alive "server alive"
finish
