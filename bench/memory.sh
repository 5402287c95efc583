#!/usr/bin/env bash
# Server memory, amux beside tmux in the same run: RSS with 1000 idle sessions, and the
# cost of one pane holding a full 50,000-line history of 80-column text (bytes a line).
# Prints both and the ratio amux/tmux. Not a test.
# Usage: bench/memory.sh [sessions] [history-lines]   (AMUX_BIN defaults to build/amux)
SESSIONS=${1:-1000}
LINES=${2:-50000}
. "$(dirname "$0")/lib/common.sh"

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# 1. Idle sessions, each running cat in an 80x24 pane.
amux new-session -d -s s0 cat
tmx new-session -d -s s0 cat
apid=$(amux display -p '#{pid}')
tpid=$(tmx display -p '#{pid}')
for ((i = 1; i < SESSIONS; i++)); do
  amux new-session -d -s "s$i" cat
  tmx new-session -d -s "s$i" cat
done
a_idle=$(rss_kb "$apid")
t_idle=$(rss_kb "$tpid")
printf '%-40s %12s %12s %10s\n' "" "amux" "tmux" "amux/tmux"
printf '%-40s %9s KB %9s KB %10s\n' "RSS with $SESSIONS idle sessions" "$a_idle" "$t_idle" "$(ratio "$a_idle" "$t_idle")"
amux kill-server
tmx kill-server
while kill -0 "$apid" 2>/dev/null || kill -0 "$tpid" 2>/dev/null; do sleep 0.1; done

# 2. One pane with a full history: RSS after minus RSS before, per history line.
awk -v n=$((LINES + 24)) 'BEGIN {
  for (i = 0; i < n; i++) { s = sprintf("%08d ", i); while (length(s) < 80) s = s "abcdefghij"; print substr(s, 1, 80) }
}' >"$dir/text"
amux start-server
amux set-option -g history-limit "$LINES"
amux new-session -d -s keep cat
tmx new-session -d -s keep cat
tmx set-option -g history-limit "$LINES"
apid=$(amux display -p '#{pid}')
tpid=$(tmx display -p '#{pid}')
a0=$(rss_kb "$apid")
t0=$(rss_kb "$tpid")
amux new-session -d -s h -x 80 -y 24 "cat $dir/text; '$AMUX_BIN' wait-for -S shown; exec cat"
tmx new-session -d -s h -x 80 -y 24 "cat $dir/text; tmux -S '$dir/tmux' wait-for -S shown; exec cat"
amux wait-for shown
tmx wait-for shown
a_hist=$(amux display -p -t h '#{history_size}')
t_hist=$(tmx display -p -t h '#{history_size}')
a1=$(rss_kb "$apid")
t1=$(rss_kb "$tpid")
a_line=$(( (a1 - a0) * 1024 / a_hist ))
t_line=$(( (t1 - t0) * 1024 / t_hist ))
printf '%-40s %12s %12s %10s\n' "history lines held" "$a_hist" "$t_hist" ""
printf '%-40s %9s B  %9s B  %10s\n' "bytes a history line (80 columns)" "$a_line" "$t_line" "$(ratio "$a_line" "$t_line")"
echo "targets: amux/tmux at most 1.00 for both"
