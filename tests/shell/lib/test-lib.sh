# Shared helpers for the shell tests: a private server socket under a temporary directory,
# exact-output assertions, and a closing "N passed, N failed" line. Source, don't run.
set -u
: "${AMUX_BIN:=build/amux}"
AMUX_BIN=$(realpath "$AMUX_BIN")
: "${AMUX_RAWCLIENT:=$(dirname "$AMUX_BIN")/amux-rawclient}"
unset AMUX AMUX_PANE TMUX TMUX_PANE
TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/amux-test.XXXXXX")
SOCK=$TEST_DIR/sock
# The server keeps coordination state in a file under XDG_STATE_HOME: the test's own.
export XDG_STATE_HOME=$TEST_DIR/state
PASS=0
FAIL=0

amux() { "$AMUX_BIN" -S "$SOCK" -f /dev/null "$@"; }
# no_resurrect: the servers this test starts save no sessions, so a restart brings back
# only what a test of groups expects (tests/shell/resurrect.sh tests resurrection).
no_resurrect() {
  echo "set -g session-resurrect off" >"$TEST_DIR/no-resurrect.conf"
  amux() { "$AMUX_BIN" -S "$SOCK" -f "$TEST_DIR/no-resurrect.conf" "$@"; }
}

cleanup() {
  "$AMUX_BIN" -S "$SOCK" kill-server >/dev/null 2>&1
  rm -rf "$TEST_DIR"
}
trap cleanup EXIT

pass() { PASS=$((PASS + 1)); }
fail() {
  FAIL=$((FAIL + 1))
  echo "FAIL: $1"
  shift
  [ $# -gt 0 ] && printf '  %s\n' "$@"
}

# run ARGS...: runs amux, setting OUT, ERR and RC.
run() {
  OUT=$(amux "$@" 2>"$TEST_DIR/stderr")
  RC=$?
  ERR=$(cat "$TEST_DIR/stderr")
}

# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
  if [ "$2" == "$3" ]; then pass; else fail "$1" "expected: $2" "actual:   $3"; fi
}

# expect_ok NAME EXPECTED-STDOUT ARGS...: exit 0, exact stdout, nothing on stderr.
expect_ok() {
  local name=$1 expected=$2
  shift 2
  run "$@"
  if [ "$RC" -eq 0 ] && [ "$OUT" == "$expected" ] && [ -z "$ERR" ]; then
    pass
  else
    fail "$name" "command: amux $*" "rc=$RC stderr=$ERR" "expected: $expected" "actual:   $OUT"
  fi
}

# expect_error NAME EXPECTED-STDERR ARGS...: exit 1, exact stderr, no stdout, and a server
# that was running still answers.
expect_error() {
  local name=$1 expected=$2 alive=0
  shift 2
  amux list-sessions >/dev/null 2>&1 && alive=1
  run "$@"
  if [ "$RC" -eq 1 ] && [ "$ERR" == "$expected" ] && [ -z "$OUT" ]; then
    pass
  else
    fail "$name" "command: amux $*" "rc=$RC stdout=$OUT" "expected: $expected" "actual:   $ERR"
  fi
  [ $alive -eq 1 ] && expect_alive "$name (server alive)"
}

expect_alive() {
  if amux list-sessions >/dev/null 2>&1; then pass; else fail "$1" "server not answering"; fi
}

# cas_increments ROUNDS TRIES_FILE SESSION CLIENT...: one client of a compare-and-set race:
# ROUNDS increments of the key `counter`, each a read (aget -F) and an `ashare -c` with the
# version read, through CLIENT (a command and its socket flags) as SESSION; the attempts
# it took go to TRIES_FILE. A loser pauses before it reads again: random, up to its own
# attempt's time doubled for each loss in a row (at most 32 times, and 2 s), so that racing
# clients spread out over the slots a win takes on this machine (a sanitized client takes
# ten times a plain one) instead of spending it on attempts that lose. A read that answers
# nothing (the server is gone) ends the client: the count then fails, nothing spins on.
cas_increments() {
  local rounds=$1 file=$2 sess=$3 done=0 tries=0 lost=0 v ver start us delay
  shift 3
  while [ $done -lt "$rounds" ]; do
    start=${EPOCHREALTIME//[!0-9]/}
    read -r v ver <<<"$("$@" aget -F '#{key_value} #{key_version}' -t "$sess" counter)"
    [ -n "$ver" ] || break
    tries=$((tries + 1))
    if "$@" ashare -c "$ver" -t "$sess" "counter=$((v + 1))" >/dev/null 2>&1; then
      done=$((done + 1)) lost=0
      continue
    fi
    [ $lost -lt 5 ] && lost=$((lost + 1))
    us=$(((${EPOCHREALTIME//[!0-9]/} - start) << lost))
    [ "$us" -lt 1000 ] && us=1000
    [ "$us" -gt 2000000 ] && us=2000000
    us=$(((RANDOM << 15 | RANDOM) % us))
    printf -v delay '%d.%06d' $((us / 1000000)) $((us % 1000000))
    sleep "$delay"
  done
  echo "$tries" >"$file"
}

# wait_until SECONDS COMMAND...: retries a condition (a test, not a timing assertion).
# The bound only ends a failing wait; it is stretched AMUX_TEST_SLACK times (default 6)
# so that a loaded machine never fails a condition that is merely late.
wait_until() {
  local limit=$(($1 * 20 * ${AMUX_TEST_SLACK:-6}))
  shift
  for ((i = 0; i < limit; i++)); do
    "$@" && return 0
    sleep 0.05
  done
  return 1
}

# wait_parked N: waits until exactly N clients have a command parked in the server
# (wait-for, await, alock -w, aevents -f), so a test acts on a waiter that is waiting.
parked_is() { [ "$(amux display -p '#{server_parked_clients}' 2>/dev/null)" = "$1" ]; }
wait_parked() {
  if wait_until 10 parked_is "$1"; then pass; else
    fail "wait_parked $1" "parked: $(amux display -p '#{server_parked_clients}' 2>&1)"
  fi
}

# Remaining lease times ("expires in 3600s") count down while a slow machine runs the
# test: mask_secs shows each as "expires in Ns" for an exact comparison of the rest, and
# expect_secs checks each number separately within a bound.
mask_secs() { sed -E 's/expires in [0-9]+s/expires in Ns/g' <<<"$1"; }
# expect_secs NAME LOW HIGH TEXT: TEXT has a remaining time and each is in [LOW, HIGH].
expect_secs() {
  local name=$1 low=$2 high=$3 n bad="" found=0
  for n in $(grep -oE 'expires in [0-9]+s' <<<"$4" | grep -oE '[0-9]+'); do
    found=1
    { [ "$n" -ge "$low" ] && [ "$n" -le "$high" ]; } || bad="$bad $n"
  done
  if [ $found -eq 1 ] && [ -z "$bad" ]; then pass; else
    fail "$name" "expected remaining seconds in [$low, $high]" "actual:   $4"
  fi
}

finish() {
  echo "$PASS passed, $FAIL failed"
  [ "$FAIL" -eq 0 ]
  exit $?
}
