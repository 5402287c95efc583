#!/usr/bin/env bash
# Side-by-side round-trip time of one-shot commands: amux against tmux, same machine, same
# run. Prints median and p90 per invocation and the ratio amux/tmux. Not a test.
# Usage: bench/command-rtt.sh [iterations]   (AMUX_BIN defaults to build/amux)
N=${1:-500}
. "$(dirname "$0")/lib/common.sh"

amux new-session -d -s bench -G development cat
amux ajoin -t bench benchgroup >/dev/null
tmx new-session -d -s bench cat

SPAWN=$(dirname "$AMUX_BIN")/spawn-time
[ -x "$SPAWN" ] || { echo "build spawn-time first (cmake --build build)" >&2; exit 1; }
TMUX_BIN=$(command -v tmux)
# Each run is timed from posix_spawn to its exit (bench/tools/spawn-time.cc): the
# program's own start-up, connection, answer and exit, without a shell's fork around it.
# amux and tmux take turns, so both see the same machine at the same moments.
{
  read -r a_med a_p90
  read -r t_med t_p90
} < <("$SPAWN" "$N" "$AMUX_BIN" -S "$dir/amux" display-message -p '#{session_name}' \
  -- "$TMUX_BIN" -S "$dir/tmux" display-message -p '#{session_name}')
{
  read -r s_med s_p90
  read -r o_med o_p90
} < <("$SPAWN" "$N" "$AMUX_BIN" -S "$dir/amux" ashare -t bench k=v \
  -- "$TMUX_BIN" -S "$dir/tmux" set -g @k v)

printf '%-34s %10s %10s\n' "one-shot command ($N runs)" "median us" "p90 us"
printf '%-34s %10d %10d\n' "amux display-message -p" "$a_med" "$a_p90"
printf '%-34s %10d %10d\n' "tmux display-message -p" "$t_med" "$t_p90"
printf '%-34s %10d %10d\n' "amux ashare k=v" "$s_med" "$s_p90"
printf '%-34s %10d %10d\n' "tmux set -g @k v" "$o_med" "$o_p90"
echo "ratio amux/tmux display-message: $(ratio "$a_med" "$t_med") (target <= 0.35)"
echo "ratio amux/tmux ashare vs set:   $(ratio "$s_med" "$o_med") (target <= 0.35)"
