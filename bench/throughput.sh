#!/usr/bin/env bash
# Pane output throughput, amux beside tmux in the same run: `cat` of ~100 MB (base64
# text, then `ls -lR /usr` output) into a detached 200x50 pane, timed until the program
# exits; plus the raw PTY rate with no emulator (script(1) copying to /dev/null).
# Prints MB/s for each and the ratio amux/tmux. Not a test.
# Usage: bench/throughput.sh [megabytes]   (AMUX_BIN defaults to build/amux)
MB=${1:-100}
command -v script >/dev/null || { apt-get update -qq && apt-get install -y -qq bsdutils >/dev/null; }
. "$(dirname "$0")/lib/common.sh"

bytes=$((MB * 1000 * 1000))
head -c $((bytes * 3 / 4)) /dev/urandom | base64 -w 76 >"$dir/base64.txt"
truncate -s "$bytes" "$dir/base64.txt"
ls -lR /usr 2>/dev/null >"$dir/ls1.txt" || true
: >"$dir/ls.txt"
while [ "$(stat -c %s "$dir/ls.txt")" -lt "$bytes" ]; do cat "$dir/ls1.txt" >>"$dir/ls.txt"; done
truncate -s "$bytes" "$dir/ls.txt"

# A session that outlives the measured ones keeps each server up between runs.
amux new-session -d -s keep cat
tmx new-session -d -s keep cat

# rate SECONDS -> MB/s
rate() { awk -v s="$1" -v b="$bytes" 'BEGIN {printf "%.1f", b / 1000000 / s}'; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'; }

run_amux() {
  local t0=$EPOCHREALTIME
  amux new-session -d -x 200 -y 50 "cat $1; '$AMUX_BIN' wait-for -S done-$2"
  amux wait-for "done-$2"
  elapsed "$t0" "$EPOCHREALTIME"
}
run_tmux() {
  local t0=$EPOCHREALTIME
  tmx new-session -d -x 200 -y 50 "cat $1; tmux -S '$dir/tmux' wait-for -S done-$2"
  tmx wait-for "done-$2"
  elapsed "$t0" "$EPOCHREALTIME"
}
run_raw() {
  local t0=$EPOCHREALTIME
  script -qfc "stty cols 200 rows 50; cat $1" /dev/null >/dev/null </dev/null
  elapsed "$t0" "$EPOCHREALTIME"
}

printf '%-12s %10s %10s %10s %14s\n' "input" "amux MB/s" "tmux MB/s" "raw MB/s" "amux/tmux"
for input in base64 ls; do
  a=$(run_amux "$dir/$input.txt" "$input")
  t=$(run_tmux "$dir/$input.txt" "$input")
  r=$(run_raw "$dir/$input.txt")
  printf '%-12s %10s %10s %10s %14s\n' "$input ($MB MB)" "$(rate "$a")" "$(rate "$t")" "$(rate "$r")" \
    "$(awk -v a="$a" -v t="$t" 'BEGIN {printf "%.2fx", t / a}')"
done
echo "target: amux at least 1.2x tmux"
