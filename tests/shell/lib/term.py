"""Drives a real amux client in a pseudo-terminal and reads its screen through pyte.

Every wait is for a condition on the screen, bounded by AMUX_TEST_SLACK times a base
timeout; nothing asserts that something did not happen after a sleep.
"""
import os
import re
import subprocess
import sys
import time

import pexpect
import pyte

SLACK = float(os.environ.get("AMUX_TEST_SLACK", "6"))
AMUX_BIN = os.path.realpath(os.environ.get("AMUX_BIN", "build/amux"))


class Suite:
    """Counts passes and failures; prints the closing line as the shell tests do."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.dir = os.environ["TEST_DIR"]
        self.sock = os.path.join(self.dir, "sock")

    def amux(self, *args, input=None):
        # Bounded, so that a stalled server fails the test instead of hanging it.
        try:
            p = subprocess.run([AMUX_BIN, "-S", self.sock, "-f", "/dev/null", *args],
                               capture_output=True, text=True, input=input,
                               stdin=None if input is not None else subprocess.DEVNULL,
                               timeout=30 * SLACK)
        except subprocess.TimeoutExpired:
            return -1, "", "timed out: the server did not answer"
        return p.returncode, p.stdout, p.stderr

    def out(self, *args):
        return self.amux(*args)[1].rstrip("\n")

    def check(self, name, expected, actual):
        if expected == actual:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {name}\n  expected: {expected!r}\n  actual:   {actual!r}")

    def ok(self, name, cond, detail=""):
        self.check(name, True, bool(cond)) if cond else (
            setattr(self, "failed", self.failed + 1),
            print(f"FAIL: {name}\n  {detail}"))

    def wait_until(self, fn, seconds=10):
        end = time.monotonic() + seconds * SLACK
        while time.monotonic() < end:
            v = fn()
            if v:
                return v
            time.sleep(0.02)
        return fn()

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)


class Client:
    """One attached client: `amux ARGS` on a pty of cols x rows, its screen in pyte."""

    def __init__(self, suite, args, cols=80, rows=24, env=None, under_shell=False):
        self.suite = suite
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        e = dict(os.environ)
        e.pop("AMUX", None)
        e.pop("AMUX_PANE", None)
        e["TERM"] = "xterm-256color"
        e.update(env or {})
        argv = [AMUX_BIN, "-S", suite.sock, "-f", "/dev/null", *args]
        if under_shell:  # a shell leads the terminal's session: the client is not its leader
            argv = ["/bin/sh", "-c", " ".join(f"'{a}'" for a in argv) + "; sleep 600"]
        self.child = pexpect.spawn(argv[0], argv[1:], dimensions=(rows, cols), env=e)
        self.raw = b""

    def pump(self, timeout=0.05):
        """Reads what the client wrote so far into the screen; False at EOF."""
        try:
            while True:
                data = self.child.read_nonblocking(65536, timeout=timeout)
                self.raw += data
                self.stream.feed(data)
                timeout = 0
        except pexpect.TIMEOUT:
            return True
        except pexpect.EOF:
            return False

    def lines(self):
        return [l.rstrip() for l in self.screen.display]

    def line(self, y):
        return self.screen.display[y]

    def text(self):
        return "\n".join(self.lines())

    def wait(self, name, predicate, seconds=10):
        """Waits until predicate(self) holds; a failure shows the screen."""
        end = time.monotonic() + seconds * SLACK
        while True:
            alive = self.pump()
            if predicate(self):
                self.suite.passed += 1
                return True
            if time.monotonic() > end or not alive:
                self.suite.failed += 1
                print(f"FAIL: {name}\n  screen:\n" +
                      "\n".join("  |" + l for l in self.lines()))
                return False

    def wait_line(self, name, y, expected, seconds=10):
        return self.wait(name, lambda c: c.line(y).rstrip() == expected.rstrip(), seconds)

    def send(self, data):
        self.child.send(data)

    def keys(self, *names):
        """Sends keys by name: C-b, Enter, Up, or literal text."""
        table = {"Enter": "\r", "Escape": "\x1b", "Up": "\x1b[A", "Down": "\x1b[B",
                 "Right": "\x1b[C", "Left": "\x1b[D", "PPage": "\x1b[5~", "NPage": "\x1b[6~",
                 "BSpace": "\x7f", "Space": " "}
        for n in names:
            if n in table:
                self.send(table[n])
            elif len(n) == 3 and n.startswith("C-"):
                self.send(chr(ord(n[2]) & 0x1f))
            else:
                self.send(n)

    def resize(self, cols, rows):
        self.child.setwinsize(rows, cols)
        self.screen.resize(rows, cols)

    def wait_exit(self, seconds=10):
        """Waits for the client to exit; returns (status, everything it printed)."""
        end = time.monotonic() + seconds * SLACK
        while self.pump() and time.monotonic() < end:
            pass
        self.child.close()
        return self.child.exitstatus, self.raw.decode("utf-8", "replace")
