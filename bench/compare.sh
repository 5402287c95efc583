#!/usr/bin/env bash
# Two builds of amux side by side, in one run: each benchmark (command-rtt, coordination,
# throughput, latency) with the BEFORE binary, then the AFTER one, then again in the other
# order, each beside tmux as it always is. For a change that must not move the figures
# (a restructuring): compare the amux/tmux ratios of the two. Not a test.
# Usage: bench/compare.sh BEFORE_AMUX AFTER_AMUX [rounds]
#   (each binary's directory also holds its amux-server and coord-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bench/compare.sh BEFORE_AMUX AFTER_AMUX [rounds]" >&2; exit 1; }
before=$(realpath "$1") after=$(realpath "$2") rounds=${3:-2}
run() {  # run NAME BIN BENCH ARGS...: the bench's lines, each prefixed with NAME
  local name=$1 bin=$2
  shift 2
  AMUX_BIN=$bin bash "$@" 2>&1 | sed "s/^/[$name] /"
}
for ((r = 1; r <= rounds; r++)); do
  order=(before after)
  ((r % 2 == 0)) && order=(after before)
  for b in "bench/command-rtt.sh 300" "bench/coordination.sh 300 30000" "bench/throughput.sh 20" \
    "bench/latency.sh 20"; do
    for name in "${order[@]}"; do
      bin=$before
      [ "$name" = after ] && bin=$after
      echo "== round $r, $name: $b"
      # shellcheck disable=SC2086
      run "$name" "$bin" $b
    done
  done
done
