#!/usr/bin/env bash
# Builds amux with warnings as errors (installing missing Debian packages first) and runs
# every Check suite and shell test through CTest, then all of them again in a build with
# AddressSanitizer and UndefinedBehaviorSanitizer, then each libFuzzer target for 30 s
# (set AMUX_SKIP_SANITIZE=1 / AMUX_SKIP_FUZZ=1 to skip those stages).
set -euo pipefail
cd "$(dirname "$0")/.."
fuzz_packages=()
[ -z "${AMUX_SKIP_FUZZ:-}" ] && fuzz_packages=(clang libclang-rt-14-dev)
# The attach test drives real clients in a pseudo-terminal (pexpect) and reads their
# screens with a terminal emulator (pyte); it runs less as a full-screen program. The
# durability test reads the state file with the sqlite3 shell. libtmux and tmuxp drive
# amux through its tmux link. The remote-group test runs a real redis-server.
bash scripts/deps.sh python3-pexpect python3-pyte python3-libtmux tmuxp less sqlite3 redis-server \
  redis-tools "${fuzz_packages[@]}"
# The MCP test drives amux mcp with the official TypeScript SDK client: node (Debian's,
# when the machine has none) and the SDK at the version tests/mcp/package-lock.json pins.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then bash scripts/deps.sh nodejs npm; fi
(cd tests/mcp && npm ci --no-audit --no-fund)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAMUX_WERROR=ON
cmake --build build -j"$(nproc)"
(cd build && ctest --output-on-failure -j2 "$@")
if [ -z "${AMUX_SKIP_SANITIZE:-}" ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DAMUX_WERROR=ON -DAMUX_SANITIZE=ON
  cmake --build build-asan -j"$(nproc)"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  # Sanitized clients take ~40 ms each to start: the compare-and-set race (2 clients an
  # attempt) runs 20 x 10 here; the plain build above ran the full 20 x 50.
  export AMUX_CAS_ROUNDS=10
  (cd build-asan && ctest --output-on-failure -j2 "$@")
fi
if [ -z "${AMUX_SKIP_FUZZ:-}" ]; then
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DAMUX_FUZZ=ON -DBUILD_TESTING=OFF
  targets=()
  for src in tests/fuzz/fuzz-*.cc; do targets+=("$(basename "$src" .cc)"); done
  cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"
  # Each target runs AMUX_FUZZ_SECONDS (30) from its corpus in tests/fuzz/corpus/NAME; what
  # it finds new stays in build-fuzz/corpus/NAME. A finding stops the script (exit 1).
  for target in "${targets[@]}"; do
    name=${target#fuzz-}
    mkdir -p "build-fuzz/corpus/$name"
    max_len=4096
    [ "$name" = state ] && max_len=65536  # a SQLite file is pages of 512 bytes or more
    if ! UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "build-fuzz/$target" \
      -max_total_time="${AMUX_FUZZ_SECONDS:-30}" -timeout=10 -max_len="$max_len" -print_final_stats=1 \
      "build-fuzz/corpus/$name" "tests/fuzz/corpus/$name" >"build-fuzz/$name.log" 2>&1; then
      tail -n 60 "build-fuzz/$name.log"
      echo "$target: a finding (above; the input is in build-fuzz/crash-*)"
      exit 1
    fi
    grep -E "^stat::number_of_executed_units" "build-fuzz/$name.log"
    echo "$target: ${AMUX_FUZZ_SECONDS:-30} s under ASan and UBSan without a finding"
  done
fi
