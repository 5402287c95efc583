#!/usr/bin/env bash
# tmux's day-one keys and screens, attached for real (python3-pexpect, python3-pyte):
# repeating bindings, copy mode's emacs and vi tables, the command prompt's flags and Tab.
. "$(dirname "$0")/lib/test-lib.sh"
export TEST_DIR AMUX_BIN
/usr/bin/python3 "$(dirname "$0")/day-one-ui.py"
