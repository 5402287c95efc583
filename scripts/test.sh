#!/usr/bin/env bash
# The README's test command. `scripts/test.sh` installs what is missing (Debian packages,
# the MCP test's npm packages), builds amux in build/ with warnings as errors and runs every
# Check suite, shell test and the example once through CTest. `scripts/test.sh --full`
# (what .ci/run calls) also builds once more with clang in build-san/ (AddressSanitizer,
# UndefinedBehaviorSanitizer and libFuzzer's coverage, one compile serving both) before
# the tests, runs each fuzz target from its corpus beside the plain tests, then every test
# again in build-san/. Other arguments go to ctest.
# Each stage prints its wall time; a summary of them closes the run.
set -euo pipefail
cd "$(dirname "$0")/.."
full=0
if [ "${1:-}" = --full ]; then
  full=1
  shift
fi

stage_times=()
stage() {  # stage NAME COMMAND...: runs COMMAND, then prints how long it took
  local name=$1 start=$SECONDS
  shift
  echo "== $name"
  "$@"
  stage_times+=("$(printf '%-22s %5d s' "$name" $((SECONDS - start)))")
  echo "== $name: $((SECONDS - start)) s"
}
summary() {
  local rc=$?
  echo "== stage times"
  printf '%s\n' "${stage_times[@]}"
  [ $rc -eq 0 ] || echo "(stopped in the stage after the last one listed, exit $rc)"
}
trap summary EXIT

# The attach tests drive real clients in a pseudo-terminal (pexpect) and read their screens
# with a terminal emulator (pyte), and run less as a full-screen program; the durability
# test reads the state file with the sqlite3 shell; libtmux and tmuxp drive amux through its
# tmux link; the remote-group test runs a real redis-server; the completion test renders
# the man page with groff and runs the completion in bash and zsh. The MCP test drives amux mcp
# with the official TypeScript SDK client: node (Debian's, when the machine has none) and
# the SDK at the version tests/mcp/package-lock.json pins, from the npm registry. The
# worktree tests make git repositories.
install_deps() {
  local extra=(python3-pexpect python3-pyte python3-libtmux tmuxp less sqlite3 redis-server
    redis-tools groff-base zsh git)
  [ $full -eq 1 ] && extra+=(clang libclang-rt-14-dev)
  command -v node >/dev/null && command -v npm >/dev/null || extra+=(nodejs npm)
  bash scripts/deps.sh "${extra[@]}"
  (cd tests/mcp && npm ci --no-audit --no-fund --loglevel=error)
}

# configure DIR ARGS...: a build directory, with Ninja unless it was made with another.
configure() {
  local dir=$1 generator=(-G Ninja)
  shift
  [ -f "$dir/CMakeCache.txt" ] && generator=()
  cmake "${generator[@]}" -S . -B "$dir" -DAMUX_WERROR=ON "$@"
}

# Tests mostly wait on sockets, terminals and timers (a plain run keeps one of two cores
# busy, a sanitized one one and a half), so one more runs at once than there are cores:
# measured on 2 cores, the plain tests took 62-68 s against 83 s, the sanitized 144 s
# against 174 s. The longest start first (their COST in CMakeLists.txt).
jobs=${AMUX_TEST_JOBS:-$(($(nproc) + 1))}

# Line tables only (-g1): full debug information made this build a third slower, and no
# test reads it. For gdb, build -DCMAKE_BUILD_TYPE=Debug in a directory of its own.
plain_build() {
  configure build -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG" \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG"
  cmake --build build -j"$(nproc)"
}
plain_tests() { (cd build && ctest --output-on-failure -j"$jobs" "$@"); }

# One clang build for the sanitizer tests and the fuzz targets: -O1 with line tables keeps
# ASan's reports readable and its tests quick.
san_build() {
  CC=clang CXX=clang++ configure build-san -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" -DAMUX_FUZZ=ON
  cmake --build build-san -j"$(nproc)"
}
san_tests() {
  # Sanitized clients take ~40 ms each to start: the compare-and-set races (2 clients an
  # attempt) run 20 x 3 here (still twenty clients racing); the plain build ran 20 x 20.
  (cd build-san && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 AMUX_CAS_ROUNDS=3 \
    ctest --output-on-failure -j"$jobs" "$@")
}

# fuzz_one TARGET: AMUX_FUZZ_SECONDS (20) from its corpus in tests/fuzz/corpus/NAME; what it
# finds new stays in build-san/corpus/NAME; a finding is printed and fails.
fuzz_one() {
  local target=$1 name=${1#fuzz-} max_len=4096 seconds=${AMUX_FUZZ_SECONDS:-20}
  [ "$name" = state ] && max_len=65536  # a SQLite file is pages of 512 bytes or more
  mkdir -p "build-san/corpus/$name"
  if UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "build-san/$target" \
    -max_total_time="$seconds" -timeout=10 -max_len="$max_len" -print_final_stats=1 \
    "build-san/corpus/$name" "tests/fuzz/corpus/$name" >"build-san/$name.log" 2>&1; then
    echo "$target: $(grep -oE 'number_of_executed_units: [0-9]+' "build-san/$name.log" |
      grep -oE '[0-9]+') runs in $seconds s under ASan and UBSan without a finding"
  else
    tail -n 60 "build-san/$name.log"
    echo "$target: a finding (above; the input is in build-san/crash-*)"
    return 1
  fi
}
# The targets run as many at once as there are cores, each for its full time.
fuzz_all() {
  local target failed=0
  for src in tests/fuzz/fuzz-*.cc; do
    target=$(basename "$src" .cc)
    while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n || true; done
    { fuzz_one "$target" || touch "build-san/$target.failed"; } &
  done
  wait
  for src in tests/fuzz/fuzz-*.cc; do
    [ -e "build-san/$(basename "$src" .cc).failed" ] && failed=1
  done
  return $failed
}

# --full: the plain tests leave about one core idle (they wait on sockets and timers) and
# the fuzzers run for a set time whatever they get, so the two run side by side once the
# sanitizer build is there; the sanitized tests, which keep both cores busier, come last.
tests_and_fuzzing() {
  local rc=0 fuzz_rc=0 fuzzers
  fuzz_all &
  fuzzers=$!
  plain_tests "$@" || rc=$?
  wait $fuzzers || fuzz_rc=$?
  [ $rc -ne 0 ] && return $rc
  return $fuzz_rc
}

stage "dependencies" install_deps
stage "build" plain_build
if [ $full -eq 1 ]; then
  rm -f build-san/fuzz-*.failed
  stage "sanitizer build" san_build
  stage "tests and fuzzing" tests_and_fuzzing "$@"
  stage "sanitizer tests" san_tests "$@"
else
  stage "tests" plain_tests "$@"
fi
