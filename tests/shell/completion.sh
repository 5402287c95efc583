#!/usr/bin/env bash
# What tmux users reach for: amux(1), made at build time from the binary's command list
# and README's reference, and bash and zsh completion that ask the binary itself.
. "$(dirname "$0")/lib/test-lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MAN=$(dirname "$AMUX_BIN")/amux.1

# The man page: every command of list-commands with its text, every option, rendered by
# groff without an error.
expect_eq "built beside the binary" "yes" "$(test -s "$MAN" && echo yes)"
missing=""
while IFS= read -r usage; do
  grep -qxF ".B $(printf '%s' "$usage" | sed 's/\\/\\e/g; s/-/\\-/g')" "$MAN" || missing+="$usage|"
done < <(amux list-commands)
expect_eq "every command's usage is an entry" "" "$missing"
expect_eq "each with README's text" "0" "$(grep -c '(see README)' "$MAN")"
amux new-session -d -s main cat
missing=""
for option in $( (amux show-options -g; amux show-options -gw; amux show-options -s) | cut -d' ' -f1 | sed 's/\[[0-9]*\]$//' | sort -u); do
  grep -qxF ".B $(printf '%s' "$option" | sed 's/-/\\-/g')" "$MAN" || missing+="$option "
done
expect_eq "every option is an entry" "" "$missing"
groff -k -man -Tascii -P -cbou -ww "$MAN" >"$TEST_DIR/man.txt" 2>"$TEST_DIR/man.err"
expect_eq "groff renders it" "0 " "$? $(grep -v 'cannot adjust line' "$TEST_DIR/man.err")"
expect_eq "a command's text, rendered" "Ask on the client's status line before running a command" \
  "$(tr -s ' ' <"$TEST_DIR/man.txt" | grep -A2 -- '^ confirm-before (confirm)' | tail -1 | sed -E 's/^ //; s/ \(C-b x.*//')"

# bash: the completion function, as bash calls it.
amux new-session -d -s mine cat
comp() {
  bash -c '. "$0"; COMP_WORDS=("${@}"); COMP_CWORD=$(($# - 1)); _amux
    [ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
    "$ROOT/completion/amux.bash" "$@"
}
expect_eq "a command by its prefix" "rename-session rename-window " "$(comp "$AMUX_BIN" -S "$SOCK" rename-)"
expect_eq "an alias" "renamew " "$(comp "$AMUX_BIN" -S "$SOCK" renamew)"
expect_eq "a command's flags, from its usage" "-B -F -P -W -b -c -d -e -f -h -l -p -t -v -w " "$(comp "$AMUX_BIN" -S "$SOCK" split-window -)"
expect_eq "an alias's flags" "-B -F -P -W -b -c -d -e -f -h -l -p -t -v -w " "$(comp "$AMUX_BIN" -S "$SOCK" splitw -)"
expect_eq "targets after -t" "main main:0 mine mine:0 " "$(comp "$AMUX_BIN" -S "$SOCK" attach -t m)"
expect_eq "option names after set" "status-left status-left-length status-left-style " "$(comp "$AMUX_BIN" -S "$SOCK" set -g status-l)"
expect_eq "amux's own flags" "-L " "$(comp "$AMUX_BIN" -L)"
expect_eq "no server: commands still" "kill-pane kill-server kill-session kill-window " "$(comp "$AMUX_BIN" -S "$TEST_DIR/none" kill-)"
expect_eq "no server: no targets, no error" "" "$(comp "$AMUX_BIN" -S "$TEST_DIR/none" attach -t "" 2>&1)"

# zsh: the same script through bashcompinit, as its wrapper calls it (ksharrays, the word
# list); zsh's compadd then keeps the replies that start with the word, as this filter does.
if command -v zsh >/dev/null; then
  out=$(zsh -f -c 'autoload -U +X compinit && compinit -u -D; autoload -U +X bashcompinit && bashcompinit
    source "$1"; shift
    setopt ksharrays
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _amux
    print -l -- ${(M)COMPREPLY[@]:#${COMP_WORDS[COMP_CWORD]}*} | sort | tr "\n" " "' \
    zsh "$ROOT/completion/amux.bash" "$AMUX_BIN" -S "$SOCK" rename-)
  expect_eq "zsh: the same completion" "rename-session rename-window " "$out"
  expect_eq "zsh: _amux hands over to it" "0" "$(zsh -f -n "$ROOT/completion/_amux"; echo $?)"
else
  fail "zsh is not installed (scripts/test.sh installs it)"
fi
expect_alive "server alive"
finish
