#!/usr/bin/env bash
# README's command reference lists exactly what `amux list-commands` prints, row for row,
# and every option in the option table.
. "$(dirname "$0")/lib/test-lib.sh"
README=$(dirname "$0")/../../README.md

readme_usages=$(grep -E '^\| `[a-z]+(-[a-z]+)*( |`)' "$README" | grep -v '^| `[a-z-]*` | [a-z]* | ' |
  sed -E 's/^\| `(([^`\\]|\\.)*)` \|.*/\1/; s/\\\|/|/g')
expect_eq "command reference matches list-commands" "$(amux list-commands)" "$readme_usages"
amux new-session -d -s x cat
for option in $( (amux show-options -g; amux show-options -gw; amux show-options -s) | cut -d' ' -f1 | sed 's/\[[0-9]*\]$//' | sort -u); do
  if grep -q "^| \`$option\` |" "$README"; then pass; else fail "option $option missing from README"; fi
done

finish
