#!/usr/bin/env bash
# Side-by-side round-trip time of one-shot commands: amux against tmux, same machine, same
# run. Prints median and p90 per invocation and the ratio amux/tmux. Not a test.
# Usage: bench/command-rtt.sh [iterations]   (AMUX_BIN defaults to build/amux)
N=${1:-500}
. "$(dirname "$0")/lib/common.sh"

amux new-session -d -s bench -G development cat
amux ajoin -t bench benchgroup >/dev/null
tmx new-session -d -s bench cat

# One invocation, appending its time in microseconds to a file.
time_one() {
  local out=$1
  shift
  local t0=$EPOCHREALTIME
  "$@" >/dev/null
  local t1=$EPOCHREALTIME
  echo $((${t1/./} - ${t0/./})) >>"$out"
}

# "median p90" of a file of times.
stats() {
  sort -n "$1" | awk -v n="$N" '{a[NR]=$1} END {printf "%d %d\n", a[int(n*0.5)+1], a[int(n*0.9)+1]}'
}

# amux and tmux calls alternate, so both see the same machine at the same moments.
: >"$dir/a-display" >"$dir/t-display" >"$dir/a-share" >"$dir/t-set"
for ((i = 0; i < N; i++)); do
  time_one "$dir/a-display" amux display-message -p '#{session_name}'
  time_one "$dir/t-display" tmx display-message -p '#{session_name}'
done
for ((i = 0; i < N; i++)); do
  time_one "$dir/a-share" amux ashare -t bench k=v
  time_one "$dir/t-set" tmx set -g @k v
done
read -r a_med a_p90 < <(stats "$dir/a-display")
read -r t_med t_p90 < <(stats "$dir/t-display")
read -r s_med s_p90 < <(stats "$dir/a-share")
read -r o_med o_p90 < <(stats "$dir/t-set")


printf '%-34s %10s %10s\n' "one-shot command ($N runs)" "median us" "p90 us"
printf '%-34s %10d %10d\n' "amux display-message -p" "$a_med" "$a_p90"
printf '%-34s %10d %10d\n' "tmux display-message -p" "$t_med" "$t_p90"
printf '%-34s %10d %10d\n' "amux ashare k=v" "$s_med" "$s_p90"
printf '%-34s %10d %10d\n' "tmux set -g @k v" "$o_med" "$o_p90"
echo "ratio amux/tmux display-message: $(ratio "$a_med" "$t_med") (target <= 0.50)"
echo "ratio amux/tmux ashare vs set:   $(ratio "$s_med" "$o_med") (target <= 0.50)"
