#!/usr/bin/env bash
# Attention for members waiting for a person, on a real attached client (python3-pexpect)
# read back through a terminal emulator (python3-pyte): attention.py.
. "$(dirname "$0")/lib/test-lib.sh"
export TEST_DIR AMUX_BIN
/usr/bin/python3 "$(dirname "$0")/attention.py"
