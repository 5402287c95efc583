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
expect_error "event kinds listed" "unknown event kind: nope (kinds: join, leave, coordinator, share, unset, message, lock, unlock, expire, state, objective, conflict, read, break, give, notify, command, progress)" aevents -t lead -k nope

expect_alive "server alive"
finish
