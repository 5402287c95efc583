#!/usr/bin/env bash
# Wake-up through MCP beside the command line and tmux, same machine, same run: p50/p99
# over ROUNDS of
#  - an agent's `wait` tool call (amux mcp, the official TypeScript SDK client over stdio)
#    answered after another agent's `share` tool call, from the share call leaving until
#    the wait's answer arrives (two MCP hops and the server between);
#  - the same through one-shot clients: `amux ashare` until a parked `amux await` process
#    exits (coord-bench);
#  - tmux: `tmux wait-for -S` until a waiting `tmux wait-for` process exits (what scripts
#    and the tmux MCP servers that poll have at best).
# Target: MCP wake-up p50 within 1.5x of the one-shot clients'. Not a test.
# Usage: bench/mcp.sh [rounds]   (AMUX_BIN defaults to build/amux; needs tests/mcp's SDK:
# (cd tests/mcp && npm ci))
ROUNDS=${1:-200}
. "$(dirname "$0")/lib/common.sh"
BENCH=$(dirname "$AMUX_BIN")/coord-bench
[ -x "$BENCH" ] || { echo "build coord-bench first (cmake --build build)" >&2; exit 1; }
[ -d tests/mcp/node_modules/@modelcontextprotocol/sdk ] || (cd tests/mcp && npm ci --no-audit --no-fund >/dev/null)

amux new-session -d -s waiter -G development cat
amux new-session -d -s sharer -G development cat
amux ajoin -t waiter benchgroup >/dev/null
amux ajoin -t sharer benchgroup >/dev/null
tmx new-session -d -s bench cat

# The MCP client lives beside the SDK it imports (tests/mcp).
read -r m50 m99 < <(cd tests/mcp && node mcp-wake.mjs "$AMUX_BIN" "$dir/amux" "$ROUNDS")
read -r p50 p99 < <("$BENCH" amux-wake-process "$AMUX_BIN" "$dir/amux" waiter sharer "$ROUNDS")
read -r t50 t99 < <("$BENCH" tmux-wake-process tmux "$dir/tmux" bench "$ROUNDS")
echo "wake-up latency, us ($ROUNDS rounds): p50 p99"
echo "  amux mcp: share tool call -> wait tool answer    $m50 $m99"
echo "  amux ashare -> await process exited             $p50 $p99"
echo "  tmux wait-for -S -> wait-for process exited      $t50 $t99"
echo "  mcp/one-shot p50 $(ratio "$m50" "$p50") (target <= 1.5), mcp/tmux p50 $(ratio "$m50" "$t50")"
