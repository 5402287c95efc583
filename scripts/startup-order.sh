#!/usr/bin/env bash
# Writes src/client/startup-order.txt: the functions and objects a one-shot client touches
# from exec to exit, for lld to lay side by side (CMakeLists.txt). Run it after a change
# that moves the client's start-up much (a new library, a new path through main, another
# way of compiling the core: the unity build inlines differently), from a default build; a
# stale list still links, the client only faults in more pages (a list made from the
# build before unity cost the one-shot client about 5%).
# Usage: scripts/startup-order.sh [BUILD_DIR]   (default build/; needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$(realpath "$build/amux")
command -v valgrind >/dev/null || bash scripts/deps.sh valgrind
dir=$(mktemp -d)
trap '"$bin" -S "$dir/s" kill-server 2>/dev/null; rm -rf "$dir"' EXIT
export XDG_STATE_HOME=$dir/state
unset TMUX AMUX AMUX_PANE
amux() { "$bin" -S "$dir/s" -f /dev/null "$@"; }
amux new-session -d -s one -G development cat
amux ajoin -t one team >/dev/null

# The commands traced: the common one-shot forms, a listing, a share and an error.
commands=(
  "display-message -p #{session_name}"
  "list-sessions"
  "send-keys -t one x"
  "has-session -t one"
  "ashare -t one k=v"
  "has-session -t nosuch"
)
n=0
for c in "${commands[@]}"; do
  n=$((n + 1))
  # shellcheck disable=SC2086 # the command's words
  valgrind -q --tool=callgrind --demangle=no --callgrind-out-file="$dir/cg.$n" \
    "$bin" -S "$dir/s" $c >/dev/null 2>&1 || true
  # shellcheck disable=SC2086
  valgrind -q --tool=lackey --trace-mem=yes --log-file="$dir/mem.$n" \
    "$bin" -S "$dir/s" $c >/dev/null 2>&1 || true
done

python3 - "$bin" "$dir" "$n" >src/client/startup-order.txt <<'EOF'
import bisect, re, subprocess, sys
binary, dir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
# Functions: every fn= and cfn= that callgrind names (addresses and "(below main)" are not
# symbols).
functions = []
for i in range(1, n + 1):
    for line in open(f"{dir}/cg.{i}"):
        m = re.match(r"c?fn=\(\d+\)(?: (.*))?$", line.rstrip("\n"))
        if m and m.group(1) and not m.group(1).startswith(("0x", "(below")):
            functions.append(re.sub(r"'\d+$", "", m.group(1)))  # 'N: a recursion's depth
# Objects: each address lackey saw loaded or stored, named by the symbol holding it.
objects = []
syms = []
for line in subprocess.run(["nm", "-S", "-n", "--defined-only", binary],
                           capture_output=True, text=True).stdout.splitlines():
    p = line.split()
    if len(p) == 4 and p[2].lower() in "bdrv":
        syms.append((int(p[0], 16), int(p[1], 16), p[3]))
syms.sort()
starts = [s[0] for s in syms]
for i in range(1, n + 1):
    for line in open(f"{dir}/mem.{i}"):
        if line[:3] in (" L ", " S ", " M "):
            a = int(line[3:].split(",")[0], 16)
            k = bisect.bisect_right(starts, a) - 1
            if k >= 0 and syms[k][0] <= a < syms[k][0] + max(syms[k][1], 1):
                objects.append(syms[k][2])
# Under valgrind glibc picks other variants of its string functions (valgrind's CPU has no
# AVX-512) than it does on the machine: each one seen brings in its siblings.
all_names = [s[2] for s in syms] + subprocess.run(
    ["nm", "--defined-only", "-f", "just-symbols", binary],
    capture_output=True, text=True).stdout.split()
variants = []
for name in functions:
    m = re.match(r"(__(?:mem|str|stp|wmem|wcs|raw)[a-z]*_)(?:sse|avx|evex|erms)", name)
    if m:
        variants += [v for v in all_names if v.startswith(m.group(1))]
seen = set()
for name in functions + variants + objects:
    if name not in seen:
        seen.add(name)
        print(name)
EOF
echo "src/client/startup-order.txt: $(wc -l <src/client/startup-order.txt) symbols" >&2
