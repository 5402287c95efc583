#!/usr/bin/env bash
# Builds what running amux needs (amux and amux-server, in build/; Debian packages that are
# missing are installed first) and runs build/amux with the arguments given:
# `scripts/run.sh new-session -d -s work`. What it does while building goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "run.sh: $*" >&2; }
bash scripts/deps.sh >&2
if [ ! -f build/CMakeCache.txt ]; then
  say "configuring build/ (RelWithDebInfo, Ninja)"
  cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
fi
# Quiet when nothing is to be done, so that run.sh can stand in for amux in scripts.
if ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' build/CMakeCache.txt ||
  ninja -C build -n amux amux-server | grep -q '^\['; then
  say "building amux and amux-server (the first build compiles about 200 files in 25 batches:" \
    "about a minute and a half on 2 cores)"
  cmake --build build -j"$(nproc)" --target amux amux-server >&2
  say "built; running build/amux $*"
fi
exec build/amux "$@"
