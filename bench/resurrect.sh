#!/usr/bin/env bash
# The cost of resurrection's saving on pane creation: ROUNDS times, a command list that
# makes a window with three panes and kills it, timed with session-resurrect on (each
# turn's changed sessions written to the state file in its commit) and off, and the same
# list on tmux beside them. The share path does not touch the saved sessions: its figure
# is bench/coordination.sh's (shares a second with the state file on). Not a test.
# Usage: bench/resurrect.sh [rounds]   (AMUX_BIN defaults to build/amux)
ROUNDS=${1:-100}
. "$(dirname "$0")/lib/common.sh"
export SHELL=/bin/sh

now_ms() { date +%s%3N; }
# run_rounds CLIENT: the rounds, each one command list, on CLIENT (amux or tmx).
run_rounds() {
  local client=$1 start end
  start=$(now_ms)
  for ((i = 0; i < ROUNDS; i++)); do
    "$client" new-window -d -t bench:9 cat \; split-window -d -t bench:9 cat \; \
      split-window -d -t bench:9 cat \; kill-window -t bench:9
  done
  end=$(now_ms)
  echo $((end - start))
}

amux new-session -d -s bench -x 120 -y 40 cat
tmx new-session -d -s bench -x 120 -y 40 cat
on=$(run_rounds amux)
amux set-option -g session-resurrect off
off=$(run_rounds amux)
tmux_ms=$(run_rounds tmx)
echo "window with three panes made and killed, $ROUNDS rounds (one client each):"
echo "  amux, session-resurrect on:  $on ms ($(ratio "$on" "$tmux_ms") of tmux)"
echo "  amux, session-resurrect off: $off ms ($(ratio "$off" "$tmux_ms") of tmux)"
echo "  tmux:                        $tmux_ms ms"
echo "  saving costs: $(ratio "$on" "$off") of the time without it"
