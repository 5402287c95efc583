#!/usr/bin/env bash
# Builds amux with warnings as errors (installing missing Debian packages first) and runs
# every Check suite and shell test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAMUX_WERROR=ON
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure -j2 "$@"
