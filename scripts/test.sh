#!/usr/bin/env bash
# Builds amux with warnings as errors (installing missing Debian packages first) and runs
# every Check suite and shell test through CTest, then all of them again in a build with
# AddressSanitizer and UndefinedBehaviorSanitizer (set AMUX_SKIP_SANITIZE=1 to skip).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAMUX_WERROR=ON
cmake --build build -j"$(nproc)"
(cd build && ctest --output-on-failure -j2 "$@")
if [ -z "${AMUX_SKIP_SANITIZE:-}" ]; then
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DAMUX_WERROR=ON -DAMUX_SANITIZE=ON
  cmake --build build-asan -j"$(nproc)"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  (cd build-asan && ctest --output-on-failure -j2 "$@")
fi
