#!/usr/bin/env bash
# Installs the Debian packages amux needs to build and test, when any is missing.
# Sourced by run.sh and test.sh; extra package names may be passed as arguments.
set -euo pipefail
packages=(build-essential cmake pkg-config libevent-dev libncurses-dev libcjson-dev
  libvterm-dev libsqlite3-dev libhiredis-dev check ninja-build lld "$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
fi
