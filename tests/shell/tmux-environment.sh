#!/usr/bin/env bash
# set-environment and show-environment: global and session variables, removed (-r),
# hidden (-h) and unset (-u) ones, -F, -s; what new panes' programs get; every error.
. "$(dirname "$0")/lib/test-lib.sh"

amux new-session -d -s e -x 40 -y 5 cat
expect_ok "set a session variable" "" set-environment -t e PROJECT amux
expect_ok "set another" "" set-environment -t e SPACED 'a "b" $c'
expect_ok "remove one (-r)" "" set-environment -t e -r HOME
expect_ok "hide one (-h)" "" set-environment -t e -h SECRET s3
expect_ok "show the session's" "-HOME
PROJECT=amux
SPACED=a \"b\" \$c" show-environment -t e
expect_ok "one variable" "PROJECT=amux" show-environment -t e PROJECT
expect_ok "-s: shell commands" "unset HOME;
PROJECT=\"amux\"; export PROJECT;
SPACED=\"a \\\"b\\\" \\\$c\"; export SPACED;" show-environment -s -t e
expect_ok "-h: hidden ones" "SECRET=s3" show-environment -h -t e
expect_error "hidden is unknown without -h" "unknown variable: SECRET" show-environment -t e SECRET
expect_ok "-F expands" "" set-environment -F -t e WHERE '#{session_name}'
expect_ok "expanded" "WHERE=e" show-environment -t e WHERE
expect_ok "global" "" set-environment -g AMUX_GLOBAL_TEST yes
expect_ok "global shown" "AMUX_GLOBAL_TEST=yes" show-environment -g AMUX_GLOBAL_TEST
OUT=$(amux show-environment -g PATH)
expect_eq "the server's PATH" "PATH=$PATH" "$OUT"
expect_ok "global -r" "" set-environment -g -r LANG_TEST_REMOVED

# A new pane gets: the client's environment, the global changes, then the session's.
export FROM_CLIENT=client HOME=/home/test-home
amux new-window -d -t e "env >$TEST_DIR/env; exec cat"
wait_until 5 test -s "$TEST_DIR/env"
for line in PROJECT=amux 'SPACED=a "b" $c' WHERE=e AMUX_GLOBAL_TEST=yes FROM_CLIENT=client; do
  if grep -qxF "$line" "$TEST_DIR/env"; then pass; else fail "pane has $line"; fi
done
if grep -q '^HOME=' "$TEST_DIR/env"; then fail "removed HOME reached the pane"; else pass; fi
if grep -q '^SECRET=' "$TEST_DIR/env"; then fail "hidden SECRET reached the pane"; else pass; fi
expect_ok "unset" "" set-environment -u -t e PROJECT
expect_error "unset is unknown" "unknown variable: PROJECT" show-environment -t e PROJECT

expect_error "empty name" "empty variable name" set-environment -t e '' x
expect_error "name with =" "variable name contains =" set-environment -t e A=B x
expect_error "no value" "no value specified" set-environment -t e LONELY
expect_error "-u with a value" "can't specify a value with -u" set-environment -u -t e A x
expect_error "-r with a value" "can't specify a value with -r" set-environment -r -t e A x
expect_error "no such session" "can't find session: nope" set-environment -t nope A x
expect_error "show: no such session" "can't find session: nope" show-environment -t nope
finish
