#!/usr/bin/env bash
# Sessions: new-session flags (names, -c, -e, -x/-y, -G/-o, command), the pane
# environment, has/kill/rename-session, list-sessions, program exit, set/show-agent.
. "$(dirname "$0")/lib/test-lib.sh"

out=$TEST_DIR/out
mkdir -p "$TEST_DIR/work"
amux new-session -d -s envs -c "$TEST_DIR/work" -e FOO=bar -e "SPACED=a b" -x 100 -y 30 \
  "sh -c 'pwd; echo \$FOO; echo \$SPACED; stty size; echo \$TERM; echo \$AMUX_PANE; echo \$AMUX' >$out; exec cat"
wait_until 10 sh -c "[ -f $out ] && [ \$(wc -l <$out) -ge 7 ]"
term=screen-256color
for d in /usr/share/terminfo /lib/terminfo /etc/terminfo; do
  [ -e "$d/t/tmux-256color" ] && term=tmux-256color
done
pid=$(amux display -p '#{pid}')
expect_eq "pane environment" "$TEST_DIR/work
bar
a b
30 100
$term
%0
$SOCK,$pid,0" "$(cat "$out")"
expect_ok "-e is the session's environment too" "FOO=bar
SPACED=a b" show-environment -t envs

expect_ok "default name is the id" "1:" new-session -d -P cat
expect_ok "name with colon and dot" "a_b_c:" new-session -d -P -s 'a:b.c' cat
expect_error "duplicate" "duplicate session: envs" new-session -d -s envs cat
expect_error "empty name" "invalid session name: " new-session -d -s '' cat
expect_error "bad width" "invalid width: 0" new-session -d -x 0 cat
expect_error "bad height" "invalid height: tall" new-session -d -y tall cat
expect_error "too many cells" "window too large: 10000x10000 (at most 1000000 cells)" new-session -d -x 10000 -y 10000 cat
expect_ok "at the bound" "" new-session -d -s big -x 10000 -y 100 cat
amux kill-session -t big
expect_error "bad environment" "invalid environment: NOEQUALS" new-session -d -e NOEQUALS cat
expect_error "bad agent type" "invalid agent type: Robot (a lowercase letter, then up to 31 of a-z 0-9 _ . -)" new-session -d -G Robot cat
expect_error "agent type too long" "invalid agent type: a23456789012345678901234567890123 (a lowercase letter, then up to 31 of a-z 0-9 _ . -)" new-session -d -G a23456789012345678901234567890123 cat
expect_ok "a free-form agent type" "csharp" new-session -d -s cs -G csharp -P -F '#{agent_type}' cat
run new-session -d -s pf -P -F '#{session_name}|#{window_index}|#{pane_index}|#{pane_id}' cat
expect_eq "-P -F has the new pane's formats" "pf|0|0|$(amux display -p -t pf '#{pane_id}')" "$OUT"
amux kill-session -t pf
amux kill-session -t cs
expect_error "nothing created by bad input" "can't find session: \$3" has-session -t '$3'
expect_ok "list-sessions -F" "1
a_b_c
envs" list-sessions -F '#{session_name}'
run list-sessions
created=$(amux list-sessions -F '#{session_name} #{session_created}' | awk '$1 == "1" {print $2}')
expect_eq "list-sessions default" "1: 1 windows (created $(date -d "@$created" '+%a %b %e %H:%M:%S %Y'))" "$(echo "$OUT" | grep '^1:')"

# Default command: the user's shell, started as a login shell in a PTY.
SHELL=/bin/sh amux new-session -d -s shell
expect_ok "default shell window name" "sh" display -p -t shell '#{window_name}'
amux kill-session -t shell

# rename-session and kill-session.
expect_ok "rename" "" rename-session -t a_b_c renamed
expect_ok "renamed lists" "renamed" display -p -t renamed '#{session_name}'
expect_error "old name gone" "can't find session: a_b_c" has-session -t a_b_c
expect_error "rename to duplicate" "duplicate session: envs" rename-session -t renamed envs
expect_ok "rename to itself" "" rename-session -t renamed renamed
expect_error "rename missing" "can't find session: nope" rename-session -t nope x
expect_ok "kill-session" "" kill-session -t renamed
expect_error "killed is gone" "can't find session: renamed" has-session -t renamed

# A session ends when its program exits.
amux new-session -d -s brief "sleep 0.2"
wait_until 10 sh -c "! '$AMUX_BIN' -S '$SOCK' has-session -t brief 2>/dev/null"
expect_error "exited program ends session" "can't find session: brief" has-session -t brief
amux new-session -d -s missing-program "/nonexistent/program"
wait_until 10 sh -c "! '$AMUX_BIN' -S '$SOCK' has-session -t missing-program 2>/dev/null"
expect_error "failed exec ends session" "can't find session: missing-program" has-session -t missing-program

# Agent metadata.
expect_error "show-agent without metadata" "session 'envs' has no agent metadata" show-agent -t envs
expect_ok "set-agent makes an agent" "" set-agent -t envs
expect_ok "defaults" "custom|General session work" display -p -t envs '#{agent_type}|#{agent_objective}'
expect_ok "set-agent type and objective" "" set-agent -t envs -G debugging -o "Fix flaky test"
run show-agent -t envs
expect_eq "show-agent" "Session: envs
Type: debugging
Objective: Fix flaky test
Group: none
Role: none" "$(echo "$OUT" | grep -v -e '^Created: ' -e '^Last Activity: ' -e '^State: ')"
expect_eq "show-agent state" "1" "$(echo "$OUT" | grep -cE '^State: (working|idle), last output (never|[0-9]+ seconds? ago), last command show-agent$')"
expect_eq "show-agent times" "2" "$(echo "$OUT" | grep -cE '^(Created|Last Activity): [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}$')"
expect_error "set-agent bad type" "invalid agent type: no pe (a lowercase letter, then up to 31 of a-z 0-9 _ . -)" set-agent -t envs -G 'no pe'
expect_ok "set-agent free-form type" "react" set-agent -t envs -G react \; display -p -t envs '#{agent_type}'
amux set-agent -t envs -G debugging
expect_ok "bad type changed nothing" "debugging" display -p -t envs '#{agent_type}'
expect_error "set-agent missing session" "can't find session: zz" set-agent -t zz -G research
amux ajoin -t envs squad >/dev/null
run show-agent -J -t envs
expect_eq "show-agent -J" '{"session":"envs","id":"$0","type":"debugging","objective":"Fix flaky test","group":"squad","role":"coordinator"}' "$(echo "$OUT" | sed -E 's/"created":[0-9]+,"last_activity":[0-9]+,//; s/"state":"[a-z]+","note":"","last_output":(null|[0-9]+),"last_command":"show-agent",//')"
run list-sessions -J
expect_eq "list-sessions -J" '[{"name":"1","id":"$1","windows":1,"agent_type":null,"agent_objective":null,"agent_group":null,"agent_role":null},{"name":"envs","id":"$0","windows":1,"agent_type":"debugging","agent_objective":"Fix flaky test","agent_group":"squad","agent_role":"coordinator"}]' "$(echo "$OUT" | sed -E 's/"created":[0-9]+,//g')"
expect_eq "list-sessions shows agent" "envs: 1 windows [debugging, group squad (coordinator)]" "$(amux list-sessions | grep '^envs' | sed -E 's/ \(created [^)]*\)//')"

finish
