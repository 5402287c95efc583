# Shared helpers for the shell tests: a private server socket under a temporary directory,
# exact-output assertions, and a closing "N passed, N failed" line. Source, don't run.
set -u
: "${AMUX_BIN:=build/amux}"
AMUX_BIN=$(realpath "$AMUX_BIN")
: "${AMUX_RAWCLIENT:=$(dirname "$AMUX_BIN")/amux-rawclient}"
unset AMUX AMUX_PANE TMUX TMUX_PANE
TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/amux-test.XXXXXX")
SOCK=$TEST_DIR/sock
PASS=0
FAIL=0

amux() { "$AMUX_BIN" -S "$SOCK" -f /dev/null "$@"; }

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

# wait_until SECONDS COMMAND...: retries a condition (a test, not a timing assertion).
wait_until() {
  local limit=$(($1 * 20))
  shift
  for ((i = 0; i < limit; i++)); do
    "$@" && return 0
    sleep 0.05
  done
  return 1
}

finish() {
  echo "$PASS passed, $FAIL failed"
  [ "$FAIL" -eq 0 ]
  exit $?
}
