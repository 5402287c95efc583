#!/usr/bin/env bash
# Builds amux with warnings as errors (installing missing Debian packages first) and runs
# every Check suite and shell test through CTest, then all of them again in a build with
# AddressSanitizer and UndefinedBehaviorSanitizer, then the libFuzzer target for 60 s
# (set AMUX_SKIP_SANITIZE=1 / AMUX_SKIP_FUZZ=1 to skip those stages).
set -euo pipefail
cd "$(dirname "$0")/.."
fuzz_packages=()
[ -z "${AMUX_SKIP_FUZZ:-}" ] && fuzz_packages=(clang libclang-rt-14-dev)
# The attach test drives real clients in a pseudo-terminal (pexpect) and reads their
# screens with a terminal emulator (pyte); it runs less as a full-screen program.
bash scripts/deps.sh python3-pexpect python3-pyte less "${fuzz_packages[@]}"
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
  cmake --build build-fuzz -j"$(nproc)" --target fuzz-terminal
  mkdir -p build-fuzz/corpus
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 build-fuzz/fuzz-terminal \
    -max_total_time="${AMUX_FUZZ_SECONDS:-60}" -timeout=10 -max_len=4096 -print_final_stats=1 \
    build-fuzz/corpus tests/fuzz/corpus 2>&1 | tail -n 12
  echo "fuzz-terminal: ${AMUX_FUZZ_SECONDS:-60} s under ASan and UBSan without a finding"
fi
