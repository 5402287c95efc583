#!/usr/bin/env bash
# Attached clients, driven for real: each client runs in a pseudo-terminal
# (python3-pexpect) and its screen is read back through a terminal emulator (python3-pyte).
. "$(dirname "$0")/lib/test-lib.sh"
export TEST_DIR AMUX_BIN
/usr/bin/python3 "$(dirname "$0")/attach.py"
