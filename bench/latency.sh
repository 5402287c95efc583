#!/usr/bin/env bash
# Attached clients, amux beside tmux in the same run (not a test):
# - keystroke-to-echo latency through an attached client whose pane runs `cat`, and
#   through a bare PTY running `cat` (the floor): p50 and p99 of 5 rounds of SAMPLES (300)
#   keys, the three taking turns;
# - throughput of `cat` of MB (100) megabytes in an attached 200x50 window whose
#   terminal is read as fast as it comes (a fast sink), timed from the start of the cat to
#   its end (wait-for), beside the same cat on a bare PTY (the kernel's own floor).
# Usage: bench/latency.sh [megabytes]   (AMUX_BIN defaults to build/amux)
MB=${1:-100}
command -v script >/dev/null || { apt-get update -qq && apt-get install -y -qq bsdutils >/dev/null; }
. "$(dirname "$0")/lib/common.sh"
PY=/usr/bin/python3
HELPER=$PWD/bench/tools/attached.py

pct() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int(NR*p/100); if (i<1) i=1; printf "%.0f", a[i]}'; }

amux new-session -d -s lat cat
tmx new-session -d -s lat cat
# Five rounds of SAMPLES keys each, the three in turn, so that the machine's changes of
# speed fall on all three alike.
: >"$dir/bare.txt" >"$dir/amux.txt" >"$dir/tmux.txt"
for _ in 1 2 3 4 5; do
  $PY "$HELPER" latency cat >>"$dir/bare.txt"
  $PY "$HELPER" latency "$AMUX_BIN" -S "$dir/amux" attach -t lat >>"$dir/amux.txt"
  $PY "$HELPER" latency tmux -S "$dir/tmux" attach -t lat >>"$dir/tmux.txt"
done
printf '%-28s %10s %10s %10s\n' "keystroke to echo (us)" "bare PTY" "amux" "tmux"
for p in 50 99; do
  b=$(pct $p <"$dir/bare.txt") a=$(pct $p <"$dir/amux.txt") t=$(pct $p <"$dir/tmux.txt")
  printf '%-28s %10s %10s %10s   amux adds %s us, tmux adds %s us\n' "p$p ($(wc -l <"$dir/amux.txt") samples)" \
    "$b" "$a" "$t" "$((a - b))" "$((t - b))"
done

bytes=$((MB * 1000 * 1000))
head -c $((bytes * 3 / 4)) /dev/urandom | base64 -w 76 >"$dir/big.txt"
truncate -s "$bytes" "$dir/big.txt"
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'; }
rate() { awk -v s="$1" -v b="$bytes" 'BEGIN {printf "%.1f", b / 1000000 / s}'; }

# The pane waits for `go`, cats, then signals `done`; the client is attached meanwhile.
attached_run() {  # attached_run amux|tmux -> seconds
  local tool=$1 sock=$dir/$1 cli=amux bin=$AMUX_BIN
  [ "$tool" = tmux ] && cli=tmx bin=tmux
  $cli new-session -d -s tp -x 200 -y 50 "$bin -S $sock wait-for go; cat $dir/big.txt; $bin -S $sock wait-for -S done"
  $PY "$HELPER" drain 200 51 "$bin" -S "$sock" attach -t tp &
  local reader=$!
  until [ "$($cli list-clients -t tp 2>/dev/null | wc -l)" -ge 1 ]; do sleep 0.05; done
  local t0=$EPOCHREALTIME
  $cli wait-for -S go
  $cli wait-for done
  elapsed "$t0" "$EPOCHREALTIME"
  kill "$reader" 2>/dev/null
  wait "$reader" 2>/dev/null || true
  $cli kill-session -t tp 2>/dev/null || true
}
# The floor: the same cat on a bare PTY whose reader (script(1)) throws the bytes away.
bare_run() {
  local t0=$EPOCHREALTIME
  script -qfc "stty cols 200 rows 50; cat $dir/big.txt" /dev/null >/dev/null </dev/null
  elapsed "$t0" "$EPOCHREALTIME"
}
a=$(attached_run amux)
t=$(attached_run tmux)
b=$(bare_run)
printf '\n%-28s %10s %10s %10s %10s\n' "attached cat ($MB MB)" "amux MB/s" "tmux MB/s" "bare PTY" \
  "amux/tmux"
printf '%-28s %10s %10s %10s %10s\n' "200x50, fast terminal" "$(rate "$a")" "$(rate "$t")" \
  "$(rate "$b")" "$(awk -v a="$a" -v t="$t" 'BEGIN {printf "%.2fx", t / a}')"
echo "targets: amux adds no more latency than tmux; attached throughput at least 2x tmux"
