#!/usr/bin/env bash
# The layer rule, checked: a file of a lower layer never includes a higher one. Layers,
# lowest first: base, term, pane, coord, server, mcp, client. commands/ may include anything.
# Runs on the source tree alone (no server).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
layers=(base term pane coord server mcp client)
rank() {
  local i
  for i in "${!layers[@]}"; do [ "${layers[$i]}" = "$1" ] && echo "$i" && return; done
  echo -1
}
bad=0 files=0
for layer in "${layers[@]}"; do
  own=$(rank "$layer")
  for f in "$root"/src/"$layer"/*.cc "$root"/include/amux/"$layer"/*.h; do
    [ -e "$f" ] || continue
    files=$((files + 1))
    while IFS= read -r used; do
      r=$(rank "$used")
      if [ "$r" -lt 0 ] || [ "$r" -gt "$own" ]; then
        echo "FAIL: ${f#"$root"/} ($layer) includes amux/$used/"
        bad=$((bad + 1))
      fi
    done < <(sed -nE 's|^#include "amux/([a-z]+)/.*|\1|p' "$f" | sort -u)
  done
done
if [ "$files" -lt 50 ]; then
  echo "FAIL: only $files files found under $root"
  bad=$((bad + 1))
fi
echo "$files files checked, $bad includes going up"
[ "$bad" -eq 0 ]
