#!/usr/bin/env bash
# Coordination speed beside tmux (and redis for scale), same machine, same run:
#  - shares a second, pipelined over one connection (one command list of N ashare; tmux:
#    N `set -g @k v` over one control-mode client; redis-benchmark SET -P 100 over a Unix
#    socket);
#  - wake-up latency, p50/p99 over ROUNDS: from ashare leaving one connection until an
#    await parked on another has its answer; and, in the one form tmux can be measured in
#    (its wait-for does not block on a control connection), until a one-shot waiting
#    client process (`amux await` / `tmux wait-for`) has exited.
# amux runs twice: with its state file (the default: every turn's changes committed to
# SQLite before the replies go) and with persistence off (agent-state-file -).
# A group on Redis (ajoin -r, the same redis-server on its Unix socket) is measured too:
# shares a second as one command list (one script in Redis a 1000), with the CPU spent
# beside redis-benchmark's pipelined SET; one at a time (each answered before the next)
# beside redis-benchmark -c1; and the wake-up of an await on one amux server by an ashare
# on another.
# Targets: >= 100,000 shares/s pipelined with persistence; wake-up p50 < 200 us; remote
# one at a time >= 0.35 of redis SET -c1; remote pipelined per CPU-second >= 0.5 of
# redis SET -P100's; cross-server wake-up p50 < 300 us. Not a test.
# Usage: bench/coordination.sh [rounds] [shares]   (AMUX_BIN defaults to build/amux)
ROUNDS=${1:-1000}
SHARES=${2:-50000}
. "$(dirname "$0")/lib/common.sh"
BENCH=$(dirname "$AMUX_BIN")/coord-bench
[ -x "$BENCH" ] || { echo "build coord-bench first (cmake --build build)" >&2; exit 1; }
command -v redis-server >/dev/null ||
  { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }

amux new-session -d -s waiter -G development cat
amux new-session -d -s sharer -G development cat
amux ajoin -t waiter benchgroup >/dev/null
amux ajoin -t sharer benchgroup >/dev/null
# The same on a second server that keeps no state file.
off() { "$AMUX_BIN" -S "$dir/amux-off" -f /dev/null "$@"; }
off start-server \; set -g agent-state-file - \; new-session -d -s waiter -G development cat
off new-session -d -s sharer -G development cat
off ajoin -t waiter benchgroup >/dev/null
off ajoin -t sharer benchgroup >/dev/null
tmx new-session -d -s bench cat
redis-server --port 0 --unixsocket "$dir/redis" --save '' --appendonly no --daemonize yes \
  --pidfile "$dir/redis.pid" >/dev/null
trap 'amux kill-server 2>/dev/null; off kill-server 2>/dev/null; tmx kill-server 2>/dev/null;
      kill "$(cat "$dir/redis.pid" 2>/dev/null)" 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do [ -S "$dir/redis" ] && break; sleep 0.1; done

# Two servers in one group on Redis.
rem() { "$AMUX_BIN" -S "$dir/amux-r1" -f /dev/null "$@"; }
rem2() { "$AMUX_BIN" -S "$dir/amux-r2" -f /dev/null "$@"; }
rem start-server \; set -g agent-state-file - \; new-session -d -s waiter -G development cat
rem2 start-server \; set -g agent-state-file - \; new-session -d -s sharer -G development cat
rem ajoin -r "redis+unix://$dir/redis" -t waiter remote >/dev/null
rem2 ajoin -r "redis+unix://$dir/redis" -t sharer remote >/dev/null
trap 'amux kill-server 2>/dev/null; off kill-server 2>/dev/null; tmx kill-server 2>/dev/null;
      rem kill-server 2>/dev/null; rem2 kill-server 2>/dev/null;
      kill "$(cat "$dir/redis.pid" 2>/dev/null)" 2>/dev/null; rm -rf "$dir"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Pipelined shares: five runs each, alternating, median.
: >"$dir/a" >"$dir/o" >"$dir/t"
for _ in 1 2 3 4 5; do
  "$BENCH" amux-pipeline "$dir/amux" sharer "$SHARES" >>"$dir/a"
  "$BENCH" amux-pipeline "$dir/amux-off" sharer "$SHARES" >>"$dir/o"
  "$BENCH" tmux-pipeline tmux "$dir/tmux" bench "$SHARES" >>"$dir/t"
done
a_rate=$(median <"$dir/a")
o_rate=$(median <"$dir/o")
t_rate=$(median <"$dir/t")
r_rate=$(redis-benchmark -s "$dir/redis" -t set -n 500000 -P 100 -q 2>/dev/null |
  tr '\r' '\n' | awk '/^SET:/ {print int($2)}' | tail -1)
echo "pipelined shares/s ($SHARES a run, median of 5):"
printf '  amux ashare (state file)   %10d\n  amux ashare (no state file) %9d\n' "$a_rate" "$o_rate"
printf '  tmux set -g                %10d\n  redis SET -P100            %10d\n' "$t_rate" "$r_rate"
echo "  amux/tmux $(ratio "$a_rate" "$t_rate"), persistence on/off $(ratio "$a_rate" "$o_rate") (target: amux with its state file >= 100000/s)"
# Remote shares, with the CPU each side spent: the sharing amux server, the other amux
# server (it reads the group's stream too), Redis and the client; redis-benchmark's
# pipelined SET with Redis's and its own CPU. Figures per CPU-second spent.
REMOTE_SHARES=$SHARES
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # user + system, in clock ticks
HZ=$(getconf CLK_TCK)
redis_pid=$(cat "$dir/redis.pid")
r1_pid=$(rem display -p '#{pid}')
r2_pid=$(rem2 display -p '#{pid}')
TIMEFORMAT='%U %S'
: >"$dir/r"
for _ in 1 2 3; do
  before="$(ticks "$r2_pid") $(ticks "$r1_pid") $(ticks "$redis_pid")"
  { time "$BENCH" amux-pipeline "$dir/amux-r2" sharer "$REMOTE_SHARES" >"$dir/rate"; } 2>"$dir/ctime"
  # The other server is done once it has read the last share.
  for _ in $(seq 100); do [ "$(rem aget -t waiter k99 2>/dev/null)" = "$((REMOTE_SHARES - 1))" ] && break; sleep 0.05; done
  after="$(ticks "$r2_pid") $(ticks "$r1_pid") $(ticks "$redis_pid")"
  read -r s0 o0 d0 <<<"$before"
  read -r s1 o1 d1 <<<"$after"
  read -r cu cs <"$dir/ctime"
  echo "$(cat "$dir/rate") $(((s1 - s0) * 1000 / HZ)) $(((o1 - o0) * 1000 / HZ)) $(((d1 - d0) * 1000 / HZ)) $(awk -v u="$cu" -v s="$cs" 'BEGIN {printf "%d", (u + s) * 1000}')" >>"$dir/r"
  rem2 ashare -t sharer k99=reset >/dev/null
done
# The run with the median rate: rate, ms of CPU of the sharing server, the other, Redis, client.
read -r rr_rate r_sh r_ot r_db r_cl < <(sort -n "$dir/r" | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}')
r_cpu=$((r_sh + r_db + r_cl))
rr_core=$(awk -v n="$REMOTE_SHARES" -v ms="$r_cpu" 'BEGIN {printf "%d", n / (ms / 1000)}')
rr_core_all=$(awk -v n="$REMOTE_SHARES" -v ms="$((r_cpu + r_ot))" 'BEGIN {printf "%d", n / (ms / 1000)}')
# One at a time, each answered before the next is sent: on one control-mode connection
# (as a script driving amux -C does), and on a connection each.
: >"$dir/r1"
: >"$dir/r1c"
for _ in 1 2 3; do
  "$BENCH" amux-control "$dir/amux-r2" sharer "$((SHARES / 10))" >>"$dir/r1"
  "$BENCH" amux-serial "$dir/amux-r2" sharer "$((SHARES / 10))" >>"$dir/r1c"
done
rs_rate=$(median <"$dir/r1")
rc_rate=$(median <"$dir/r1c")
# Redis's own figure for one client that waits for each reply, as a lone ashare does.
r1_rate=$(redis-benchmark -s "$dir/redis" -t set -n 100000 -c 1 -P 1 -q 2>/dev/null |
  tr '\r' '\n' | awk '/^SET:/ {print int($2)}' | tail -1)
# Pipelined SET, with the CPU Redis and redis-benchmark spent.
d0=$(ticks "$redis_pid")
{ time redis-benchmark -s "$dir/redis" -t set -n 1000000 -P 100 -q >"$dir/rb" 2>/dev/null; } 2>"$dir/btime"
d1=$(ticks "$redis_pid")
rp_rate=$(tr '\r' '\n' <"$dir/rb" | awk '/^SET:/ {print int($2)}' | tail -1)
read -r bu bs <"$dir/btime"
rp_cpu=$(awk -v u="$bu" -v s="$bs" -v d="$(((d1 - d0) * 1000 / HZ))" 'BEGIN {printf "%d", (u + s) * 1000 + d}')
rp_core=$(awk -v n=1000000 -v ms="$rp_cpu" 'BEGIN {printf "%d", n / (ms / 1000)}')
echo "remote group (Redis on a Unix socket), shares/s ($REMOTE_SHARES a run as one command list, median of 3):"
printf '  amux ashare, remote group  %10d   per CPU-second %8d (sharer %d ms, Redis %d ms, client %d ms)\n' "$rr_rate" "$rr_core" "$r_sh" "$r_db" "$r_cl"
printf '    with the other server    %10s   per CPU-second %8d (other server %d ms)\n' "" "$rr_core_all" "$r_ot"
printf '  amux ashare one at a time  %10d   (one control connection; a connection each: %d)\n  redis SET -c1 -P1          %10d\n' "$rs_rate" "$rc_rate" "$r1_rate"
printf '  redis SET -P100            %10d   per CPU-second %8d (Redis + redis-benchmark %d ms)\n' "$rp_rate" "$rp_core" "$rp_cpu"
echo "  remote/local $(ratio "$rr_rate" "$o_rate"), one at a time/redis SET -c1 $(ratio "$rs_rate" "$r1_rate") (target >= 0.35), remote/redis SET pipelined per CPU-second $(ratio "$rr_core" "$rp_core") (target >= 0.5)"

# Wake-up latency.
read -r a50 a99 < <("$BENCH" amux-wake "$dir/amux" waiter sharer "$ROUNDS")
read -r o50 o99 < <("$BENCH" amux-wake "$dir/amux-off" waiter sharer "$ROUNDS")
read -r ap50 ap99 < <("$BENCH" amux-wake-process "$AMUX_BIN" "$dir/amux" waiter sharer "$ROUNDS")
read -r tp50 tp99 < <("$BENCH" tmux-wake-process tmux "$dir/tmux" bench "$ROUNDS")
echo "wake-up latency, us ($ROUNDS rounds): p50 p99"
echo "  amux ashare -> parked await (connection)   $a50 $a99   (target: p50 < 200)"
echo "    the same without a state file            $o50 $o99"
echo "  amux ashare -> await process exited        $ap50 $ap99"
echo "  tmux wait-for -S -> wait-for process exited $tp50 $tp99"
echo "  amux/tmux (process form) p50 $(ratio "$ap50" "$tp50"), p99 $(ratio "$ap99" "$tp99")"
read -r r50 r99 < <("$BENCH" amux-wake2 "$dir/amux-r1" waiter "$dir/amux-r2" sharer "$ROUNDS")
echo "  amux ashare on server 2 -> await on server 1, group on Redis   $r50 $r99"
echo "  cross-server/local p50 $(ratio "$r50" "$o50")"
