#!/usr/bin/env bash
# Builds amux (installing missing Debian packages first) and runs build/amux with the
# arguments given: `scripts/run.sh new-session -d -s work`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
cmake --build build -j"$(nproc)" >&2
exec build/amux "$@"
