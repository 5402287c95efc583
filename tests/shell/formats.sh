#!/usr/bin/env bash
# Format variables and syntax through display-message, list-sessions -F and new-session -P.
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s lead -G research -o "Map the auth flow" cat
amux new-session -d -s helper -G development cat
amux new-session -d -s plain cat
amux ajoin -t lead team >/dev/null
amux ajoin -t helper team >/dev/null

expect_ok "session_name" "lead" display -p -t lead '#{session_name}'
expect_ok "session_id" '$0' display -p -t lead '#{session_id}'
expect_ok "session_windows" "1" display -p -t lead '#{session_windows}'
expect_ok "version: the tmux amux speaks" "3.4 0.1.0" display -p -t lead '#{version} #{amux_version}'
pid=$(amux display -p '#{pid}')
expect_eq "pid is the server" "$pid" "$(pgrep -f "amux-server $SOCK " | grep -x "$pid")"
expect_ok "no parked clients" "0" display -p '#{server_parked_clients}'
amux wait-for parked-one &
parked=$!
wait_parked 1
expect_ok "a parked wait-for counts" "1" display -p '#{server_parked_clients}'
amux wait-for -S parked-one
wait $parked
expect_ok "woken: none parked" "0" display -p '#{server_parked_clients}'
created=$(amux display -p -t lead '#{session_created}')
now=$(date +%s)
expect_eq "session_created is recent" "yes" "$([ "$created" -le "$now" ] && [ "$created" -gt $((now - 600)) ] && echo yes)"
expect_ok "t: modifier" "$(date -d "@$created" '+%a %b %e %H:%M:%S %Y')" display -p -t lead '#{t:session_created}'
expect_ok "agent_type" "research" display -p -t lead '#{agent_type}'
expect_ok "agent_objective" "Map the auth flow" display -p -t lead '#{agent_objective}'
expect_ok "default objective" "development General session work" display -p -t helper '#{agent_type} #{agent_objective}'
expect_ok "agent_group" "team" display -p -t helper '#{agent_group}'
expect_ok "agent_role coordinator" "coordinator" display -p -t lead '#{agent_role}'
expect_ok "agent_role member" "member" display -p -t helper '#{agent_role}'
expect_ok "agent_peers" "1" display -p -t lead '#{agent_peers}'
expect_ok "plain session agent vars" "[][][][]0" display -p -t plain '[#{agent_type}][#{agent_group}][#{agent_role}][#{agent_objective}]#{agent_peers}'
expect_ok "conditional true" "in team" display -p -t lead '#{?agent_group,in #{agent_group},alone}'
expect_ok "conditional false" "alone" display -p -t plain '#{?agent_group,in #{agent_group},alone}'
expect_ok "nested conditional" "lead-coord" display -p -t lead '#{?agent_group,#{?#{==:#{agent_role},coordinator},lead-coord,lead-member},none}'
expect_ok "escaped comma" "a,b" display -p -t lead '#{?agent_group,a#,b,c}'
expect_ok "literal hash" "#{session_name} # lead" display -p -t lead '##{session_name} ## #{session_name}'
expect_ok "unknown variable is empty" "<>" display -p -t lead '<#{no_such_var}>'
expect_ok "unterminated brace kept" "#{session_name" display -p -t lead '#{session_name'
expect_ok "comparison" "1 0" display -p -t lead '#{==:#{agent_type},research} #{!=:#{agent_type},research}'
expect_ok "list-sessions -F" "helper:member
lead:coordinator
plain:" list-sessions -F '#{session_name}:#{agent_role}'
expect_ok "new-session -P default" "pp:" new-session -d -P -s pp cat
expect_ok "new-session -P -F" "qq \$4 custom" new-session -d -P -F '#{session_name} #{session_id} #{agent_type}' -s qq -o "x" cat
expect_ok "window_name" "cat" display -p -t qq '#{window_name}'

finish
