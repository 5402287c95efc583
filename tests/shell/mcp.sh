#!/usr/bin/env bash
# amux mcp through the official MCP TypeScript SDK client (tests/mcp/mcp-client.mjs): two
# clients in two sessions, every tool, structured results, tool errors, a wait woken by
# the other client's share, a wait for a pane's output, malformed JSON-RPC.
# scripts/test.sh installs node (Debian's, when none is there) and the SDK (npm ci).
. "$(dirname "$0")/lib/test-lib.sh"
MCP_DIR=$(cd "$(dirname "$0")/../mcp" && pwd)
if [ ! -d "$MCP_DIR/node_modules/@modelcontextprotocol/sdk" ]; then
  fail "SDK installed" "run: (cd tests/mcp && npm ci)"
  finish
fi

amux new-session -d -s a -G research cat
amux new-session -d -s b -G development cat
OUT=$(cd "$MCP_DIR" && timeout 300 node mcp-client.mjs "$AMUX_BIN" "$SOCK" 2>&1)
RC=$?
expect_eq "MCP client" "0 mcp: 0 failed" "$RC $(echo "$OUT" | tail -1)"
[ $RC -eq 0 ] || echo "$OUT" | grep -v '^ok '
expect_alive "server alive"

# Run in a pane, it acts as the pane (its AMUX and AMUX_PANE name the server and pane): its
# join makes the pane a member of its own, typed by the client's name from initialize
# (else its session's type), so two agents in two panes of one window are two members.
# in-pane.sh OUT [INITIALIZE]: the join (after the initialize line, if given) into OUT.
cat >"$TEST_DIR/in-pane.sh" <<EOF
{ [ -n "\$2" ] && printf '%s\n' "\$2"
  printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"join","arguments":{"group":"pg"}}}'; } |
  "$AMUX_BIN" mcp >"\$1" 2>&1
"$AMUX_BIN" wait-for -S mcp-done
exec cat
EOF
amux new-session -d -s inpane -G research "sh $TEST_DIR/in-pane.sh $TEST_DIR/pane-out"
amux wait-for mcp-done
pane1=$(amux display -p -t inpane '#{pane_id}')
amux split-window -t inpane "sh $TEST_DIR/in-pane.sh $TEST_DIR/pane-out2 '{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"claude-code\",\"version\":\"1\"}}}'"
amux wait-for mcp-done
pane2=$(amux display -p -t inpane '#{pane_id}')
JOINED="Member 'inpane.$pane1' joined group 'pg'\\nFirst member in group (coordinator)"
expect_eq "in a pane: as the pane" "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"$JOINED\"}],\"structuredContent\":{\"output\":\"$JOINED\"},\"isError\":false}}" "$(cat "$TEST_DIR/pane-out")"
expect_ok "two panes, two members, the second typed by its client" "inpane.$pane1 research
inpane.$pane2 claude-code" aevents -g pg -k join -F '#{event_session} #{event_type}'
expect_error "the session itself is no member" "session 'inpane' is not in a coordination group" apeers -t inpane

# join in a session with no agent metadata: the type is the client's name (initialize's
# clientInfo.name); a session with a type keeps it.
amux new-session -d -s plainmcp cat
amux new-session -d -s typedmcp -G research cat
for who in plainmcp typedmcp; do
  printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"Test Agent 2","version":"1"}}}' \
    '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"join","arguments":{"group":"typed"}}}' |
    "$AMUX_BIN" -S "$SOCK" mcp -t "$who" >"$TEST_DIR/$who-out" 2>&1
done
expect_eq "joined" "2" "$(cat "$TEST_DIR/plainmcp-out" "$TEST_DIR/typedmcp-out" | grep -c 'joined group .typed.')"
expect_ok "no metadata: the client's name as the type" "test-agent-2" display -p -t plainmcp '#{agent_type}'
expect_ok "a type given before stays" "research" display -p -t typedmcp '#{agent_type}'
amux kill-session -t plainmcp
amux kill-session -t typedmcp
amux agent-delete-group typed >/dev/null

# Outside any pane and without -t: a session of its own, named, ended with it.
OUT=$(printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"status","arguments":{}}}' |
  env -u AMUX -u TMUX -u AMUX_PANE -u TMUX_PANE "$AMUX_BIN" -S "$SOCK" mcp 2>"$TEST_DIR/own-err")
OWN=$(sed -n "s/^amux mcp: acting as a new session '\(.*\)'$/\1/p" "$TEST_DIR/own-err")
expect_eq "says which session it made" "amux mcp: acting as a new session 'mcp-N'" "$(sed 's/mcp-[0-9]*/mcp-N/' "$TEST_DIR/own-err")"
expect_eq "status with no arguments reads that session's state" "State of session '$OWN': idle" "$(grep -o "State of session '[^']*': [a-z]*" <<<"$OUT" | head -1)"
expect_error "the session ended with it" "can't find session: $OWN" has-session -t "$OWN"

# The command line.
OUT=$("$AMUX_BIN" -S "$SOCK" mcp -x 2>&1 </dev/null); RC=$?
expect_eq "a bad flag" "1 usage: amux mcp [-t target-session]" "$RC $OUT"
OUT=$("$AMUX_BIN" -S "$SOCK" mcp -t nosuch 2>&1 </dev/null); RC=$?
expect_eq "no such session" "1 can't find session: nosuch" "$RC $OUT"
OUT=$("$AMUX_BIN" -S "$SOCK" mcp -t a 2>&1 </dev/null); RC=$?
expect_eq "stdin ends: done, nothing said" "0 " "$RC $OUT"
# A message past 64 MiB is refused whole, up to its newline: its tail (here a ping after
# 70 MB of spaces) is never read as a message of its own.
OUT=$({ head -c 70000000 /dev/zero | tr '\0' ' '
  printf '%s\n' '{"jsonrpc":"2.0","id":2,"method":"ping"}' '{"jsonrpc":"2.0","id":3,"method":"ping"}'
} | "$AMUX_BIN" -S "$SOCK" mcp -t a 2>&1); RC=$?
expect_eq "an over-long message" '0 {"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error: message too long"}}
{"jsonrpc":"2.0","id":3,"result":{}}' "$RC $OUT"
# A string holding NUL is refused, not read short ("a\u0000b" was stored as "a"); an
# argument that starts with - is an argument, not a flag ({"to":"-a"} went to everyone).
OUT=$(printf '%s\n' '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"share","arguments":{"key":"nk","value":"a\u0000b"}}}' \
  '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"send","arguments":{"to":"-a","message":"hi"}}}' \
  '{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"share","arguments":{"key":"-k","value":"x\\u0000"}}}' \
  '{"jsonrpc":"2.0","method":"notifications/x","params":{"v":"\u0000"}}' | "$AMUX_BIN" -S "$SOCK" mcp -t a 2>&1)
expect_eq "NUL and dashes" '{"jsonrpc":"2.0","id":4,"error":{"code":-32602,"message":"invalid params: a string holds NUL"}}
{"jsonrpc":"2.0","id":5,"result":{"content":[{"type":"text","text":"can'"'"'t find session: -a"}],"isError":true}}
{"jsonrpc":"2.0","id":6,"result":{"content":[{"type":"text","text":"Shared with group '"'"'team'"'"': -k=x\\u0000"}],"structuredContent":{"output":"Shared with group '"'"'team'"'"': -k=x\\u0000"},"isError":false}}' "$OUT"
expect_error "nothing stored for the refused share" "no such key: nk" aget -t a nk
expect_ok "a key that starts with -" 'x\u0000' aget -t a -- -k
# The methods the SDK client above does not call: each by its name in the method table.
OUT=$(printf '%s\n' '{"jsonrpc":"2.0","id":7,"method":"logging/setLevel","params":{"level":"warning"}}' \
  '{"jsonrpc":"2.0","id":8,"method":"logging/setLevel","params":{"level":"loud"}}' \
  '{"jsonrpc":"2.0","id":9,"method":"resources/templates/list"}' \
  '{"jsonrpc":"2.0","id":10,"method":"tools/call"}' \
  '{"jsonrpc":"2.0","id":11,"method":"Ping"}' | "$AMUX_BIN" -S "$SOCK" mcp -t a 2>&1)
expect_eq "setLevel, templates, errors" '{"jsonrpc":"2.0","id":7,"result":{}}
{"jsonrpc":"2.0","id":8,"error":{"code":-32602,"message":"invalid level"}}
{"jsonrpc":"2.0","id":9,"result":{"resourceTemplates":[{"uriTemplate":"amux://pane/{pane_id}","name":"a pane'"'"'s screen","mimeType":"text/plain"},{"uriTemplate":"amux://group/{group}/context","name":"a group'"'"'s shared context","mimeType":"application/json"}]}}
{"jsonrpc":"2.0","id":10,"error":{"code":-32602,"message":"tools/call needs params"}}
{"jsonrpc":"2.0","id":11,"error":{"code":-32601,"message":"method not found: Ping"}}' "$OUT"
OUT=$(echo '{"jsonrpc":"2.0","id":1,"method":"ping"}' | "$AMUX_BIN" -S "$TEST_DIR/other" mcp 2>&1); RC=$?
expect_eq "starts a server when none runs (and a session of its own)" "0 amux mcp: acting as a new session 'mcp-N'
{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}" "$RC $(sed 's/mcp-[0-9]*/mcp-N/' <<<"$OUT")"
expect_eq "its session gone, the server with it (exit-empty)" "1" "$("$AMUX_BIN" -S "$TEST_DIR/other" has-session 2>/dev/null; echo $?)"
expect_alive "server alive"

finish
