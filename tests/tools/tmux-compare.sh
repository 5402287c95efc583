#!/usr/bin/env bash
# Runs the same command lines against tmux and amux, each on a private server, and prints
# where their output or exit status differ: a measuring tool for "behaves as tmux 3.3a",
# not a test (README's Differences from tmux lists where they differ on purpose).
# Usage: tests/tools/tmux-compare.sh LINES_FILE [AMUX_BIN]
#   LINES_FILE: one command line a line (shell words, as typed after `tmux`); # comments.
#   Needs tmux on PATH (apt-get install -y tmux). Exit 0 when every line matched.
set -u
[ $# -ge 1 ] || { echo "usage: $0 LINES_FILE [AMUX_BIN]" >&2; exit 2; }
lines=$1
amux_bin=$(realpath "${2:-build/amux}")
command -v tmux >/dev/null || { echo "tmux not found" >&2; exit 2; }
dir=$(mktemp -d)
trap 'tmux -S "$dir/t" kill-server 2>/dev/null; "$amux_bin" -S "$dir/a" kill-server 2>/dev/null; rm -rf "$dir"' EXIT
run() {  # run BIN SOCKET: each line's "[status] output" on one line
  local bin=$1 sock=$2 line out rc
  while IFS= read -r line; do
    case "$line" in '' | '#'*) continue ;; esac
    out=$(eval "\"$bin\" -S \"$sock\" -f /dev/null $line" 2>&1)
    rc=$?
    printf '%s\n  -> [%s] %s\n' "$line" "$rc" "$(printf '%s' "$out" | tr '\n' '|')"
  done <"$lines"
}
run tmux "$dir/t" >"$dir/tmux.out"
run "$amux_bin" "$dir/a" >"$dir/amux.out"
if diff -u --label tmux --label amux "$dir/tmux.out" "$dir/amux.out"; then
  echo "every line matched ($(grep -c -- '->' "$dir/tmux.out") lines)"
else
  exit 1
fi
