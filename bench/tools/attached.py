"""Measures an attached client from the outside, through a pseudo-terminal as a user's
terminal would see it (a bench helper, not a test).

  attached.py latency CLIENT-ARGV...     keystroke-to-echo in microseconds, one a line
                                         (with STAMPS=FILE, also each key's sent and
                                         echoed CLOCK_MONOTONIC ns there, a line each)
  attached.py drain COLS ROWS CLIENT-ARGV...   runs the client and reads everything it
                                               writes as fast as it comes, until killed
The client's program in the pane is `cat`; for `latency`, CLIENT-ARGV may be `cat` itself
(a bare PTY, the baseline)."""
import os
import pty
import select
import sys
import time
import termios
import struct
import fcntl

SAMPLES = int(os.environ.get("SAMPLES", "300"))


def spawn(argv, cols, rows):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    return pid, fd


def read_until(fd, byte, deadline):
    buf = b""
    while time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            data = os.read(fd, 65536)
            buf += data
            if byte in data:
                return True
    return False


def drain(fd, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], max(0, end - time.monotonic()))
        if r:
            try:
                os.read(fd, 65536)
            except OSError:
                return


def latency(argv):
    pid, fd = spawn(argv, 80, 24)
    drain(fd, 1.5)  # the client attaches and draws
    letters = b"xyzw"
    stamps = open(os.environ["STAMPS"], "w") if os.environ.get("STAMPS") else None
    for i in range(SAMPLES):
        c = letters[i % 4:i % 4 + 1]
        t0 = time.monotonic_ns()
        os.write(fd, c)
        if not read_until(fd, c, time.monotonic() + 5):
            print("lost", file=sys.stderr)
            break
        t1 = time.monotonic_ns()
        print((t1 - t0) // 1000)
        if stamps:
            stamps.write("%d %d\n" % (t0, t1))
        drain(fd, 0.004)
        if i % 60 == 59:
            os.write(fd, b"\r")
            drain(fd, 0.02)
    if stamps:
        stamps.close()
    os.kill(pid, 9)


def drain_forever(cols, rows, argv):
    pid, fd = spawn(argv, cols, rows)
    while True:
        r, _, _ = select.select([fd], [], [])
        try:
            if not os.read(fd, 1 << 20):
                break
        except OSError:
            break


if __name__ == "__main__":
    if sys.argv[1] == "latency":
        latency(sys.argv[2:])
    else:
        drain_forever(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:])
