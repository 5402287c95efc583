#!/usr/bin/env bash
# The board's BRANCH column on a real attached client (python3-pexpect) read back through
# a terminal emulator (python3-pyte): worktree-board.py.
. "$(dirname "$0")/lib/test-lib.sh"
export TEST_DIR AMUX_BIN
/usr/bin/python3 "$(dirname "$0")/worktree-board.py"
