# Shared set-up of the benchmarks: tmux installed, amux built, a private directory with
# an amux and a tmux socket, the amux/tmx helpers and clean-up. Source, don't run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
AMUX_BIN=$(realpath "${AMUX_BIN:-build/amux}")
command -v tmux >/dev/null || { apt-get update -qq && apt-get install -y -qq tmux >/dev/null; }
[ -x "$AMUX_BIN" ] || { echo "build amux first (scripts/run.sh)" >&2; exit 1; }

dir=$(mktemp -d)
export XDG_STATE_HOME="$dir/state"  # the state file (amux keeps groups durable) stays in here
unset TMUX AMUX AMUX_PANE
amux() { "$AMUX_BIN" -S "$dir/amux" -f /dev/null "$@"; }
tmx() { tmux -S "$dir/tmux" -f /dev/null "$@"; }
trap 'amux kill-server 2>/dev/null; tmx kill-server 2>/dev/null; rm -rf "$dir"' EXIT
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
