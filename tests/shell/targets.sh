#!/usr/bin/env bash
# Session targets: $id, =exact, exact name, unique prefix, the caller's own session inside
# a pane (AMUX/AMUX_PANE) and the most recently used session outside one.
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s alpha cat
amux new-session -d -s alpine cat
amux new-session -d -s beta cat

expect_ok "exact name" "alpha" display -p -t alpha '#{session_name}'
expect_ok "id" "alpine" display -p -t '$1' '#{session_name}'
expect_ok "session id format" '$2' display -p -t beta '#{session_id}'
expect_ok "unique prefix" "beta" display -p -t be '#{session_name}'
expect_ok "exact only" "beta" display -p -t =beta '#{session_name}'
expect_ok "window part ignored" "beta" display -p -t beta:0 '#{session_name}'
expect_error "ambiguous prefix" "can't find session: alp" has-session -t alp
expect_error "exact only refuses prefix" "can't find session: =bet" has-session -t =bet
expect_error "ambiguous as a pane target" "can't find pane: alp" display -p -t alp x
expect_error "missing id" "can't find session: \$9" has-session -t '$9'
expect_error "missing name" "can't find session: gamma" has-session -t gamma
expect_error "kill missing" "can't find session: gamma" kill-session -t gamma

# With no -t, the most recently used session.
expect_ok "most recent is newest" "beta" display -p '#{session_name}'
amux has-session -t alpha
expect_ok "use makes it current" "alpha" display -p '#{session_name}'

# Inside a pane, commands without -t go to the pane's own session, whatever is current.
cat >"$TEST_DIR/inner.sh" <<INNER
while [ ! -f "$TEST_DIR/go" ]; do sleep 0.05; done
"$AMUX_BIN" display -p '#{session_name} #{agent_role}' >"$TEST_DIR/inner.out" 2>&1
"$AMUX_BIN" ajoin crew >>"$TEST_DIR/inner.out" 2>&1
echo "\$AMUX_PANE" >>"$TEST_DIR/inner.out"
touch "$TEST_DIR/done"
exec cat
INNER
amux new-session -d -s inner -G testing "sh $TEST_DIR/inner.sh"
amux has-session -t beta
touch "$TEST_DIR/go"
wait_until 10 test -f "$TEST_DIR/done"
expect_eq "pane finds its own session" "inner 
Session 'inner' joined group 'crew'
First session in group (coordinator)
%3" "$(cat "$TEST_DIR/inner.out")"
expect_ok "outside a pane: most recent" "beta" display -p '#{session_name}'

# A stale AMUX (another server) is ignored: the most recent session is used.
OUT=$(AMUX="/nonexistent/sock,1,0" AMUX_PANE=%0 "$AMUX_BIN" -S "$SOCK" display -p '#{session_name}')
expect_eq "foreign AMUX ignored" "beta" "$OUT"

amux kill-server
amux start-server
expect_error "no sessions" "no current session" has-session

finish
