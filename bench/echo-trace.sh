#!/usr/bin/env bash
# Where a keystroke's echo spends its time in amux (not a test): SAMPLES (300) keys
# through an attached client whose pane runs `cat`, the server started with AMUX_TRACE
# (include/amux/base/trace.h) marking each stage, the keys' send and echo times taken by
# bench/tools/attached.py on the same clock. Prints the median and p90 of each step:
#   key sent -> tty-read       the terminal's bytes reach the server (kernel, wake-up)
#   tty-read -> key-parsed     the terminal's bytes parsed into keys
#   key-parsed -> key-bound    the key tables (prefix, bindings), the key's bytes for the pane
#   key-bound -> pane-write    written to the pane's tty (the write system call)
#   pane-write -> pane-read    the tty's echo and cat's output come back (kernel, cat)
#   pane-read -> parsed        the bytes through the pane's terminal emulator
#   parsed -> draw             until the frame is drawn (rest of the loop turn)
#   draw -> composed           the client's screen composed from its panes
#   composed -> encoded        the difference from the last frame, as terminal bytes
#   encoded -> written         written to the terminal
#   written -> echo seen       the terminal's reader wakes and reads it
# Usage: bench/echo-trace.sh   (AMUX_BIN defaults to build/amux)
. "$(dirname "$0")/lib/common.sh"
PY=/usr/bin/python3
HELPER=$PWD/bench/tools/attached.py

AMUX_TRACE=$dir/trace amux new-session -d -s lat cat
STAMPS=$dir/stamps $PY "$HELPER" latency "$AMUX_BIN" -S "$dir/amux" attach -t lat >"$dir/amux.txt"
amux kill-server
for _ in $(seq 50); do [ -s "$dir/trace" ] && break; sleep 0.1; done
$PY - "$dir/stamps" "$dir/trace" <<'PYEOF'
import bisect, sys
stamps = [tuple(map(int, l.split())) for l in open(sys.argv[1])]
marks = []
for l in open(sys.argv[2]):
    t, stage = l.split()
    marks.append((int(t), stage))
marks.sort()
times = [m[0] for m in marks]
order = ["tty-read", "key-parsed", "key-bound", "pane-write", "pane-read", "parsed", "draw", "composed", "encoded", "written"]
steps = {}
for sent, seen in stamps:
    i = bisect.bisect_left(times, sent)
    got = [("key sent", sent)]
    for stage in order:
        while i < len(marks) and marks[i][0] < seen and marks[i][1] != stage:
            i += 1
        if i >= len(marks) or marks[i][0] >= seen:
            got = None
            break
        got.append((stage, marks[i][0]))
        i += 1
    if got is None:
        continue
    got.append(("echo seen", seen))
    for (a, ta), (b, tb) in zip(got, got[1:]):
        steps.setdefault(a + " -> " + b, []).append((tb - ta) / 1000)
    steps.setdefault("total", []).append((seen - sent) / 1000)
def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * p / 100))]
print("%-28s %8s %8s   (%d of %d keys traced whole)" % ("step (us)", "p50", "p90", len(steps.get("total", [])), len(stamps)))
for name, v in steps.items():
    print("%-28s %8.1f %8.1f" % (name, pct(v, 50), pct(v, 90)))
PYEOF
