#!/usr/bin/env python3
# A peer at a Redis address that is not a well-behaved Redis, for tests/shell/remote-peer.sh.
# fake-redis.py MODE PORTFILE: listens on 127.0.0.1 (a free port, written to PORTFILE) and
# answers each connection as MODE says:
#   flood   a stream of +OK whether asked or not
#   silent  accepts, reads, never answers
#   error   -ERR to every request
#   double  two +OK to every request
#   http    an HTTP server's answer to every request
#   subpush a proxy to the real Redis at UPSTREAM (a Unix socket: fake-redis.py subpush
#           PORTFILE UPSTREAM) that, on each of the first connections to subscribe, pushes
#           one malformed message right after Redis confirms the subscription (hiredis
#           0.14 asserts on such a push); PORTFILE.subs counts the subscribed connections
import os
import socket
import sys
import threading
import time

mode, portfile = sys.argv[1], sys.argv[2]


def requests(data):
    """How many whole RESP arrays (requests) data holds, and what is left over."""
    n = 0
    while data.startswith(b"*"):
        end = data.find(b"\r\n")
        if end < 0:
            break
        count, pos, whole = int(data[1:end]), end + 2, True
        for _ in range(count):
            end = data.find(b"\r\n", pos)
            if end < 0 or data[pos:pos + 1] != b"$":
                whole = False
                break
            size = int(data[pos + 1:end])
            if len(data) < end + 2 + size + 2:
                whole = False
                break
            pos = end + 2 + size + 2
        if not whole:
            break
        data, n = data[pos:], n + 1
    return n, data


# What the first subscribed connections get, one each, after the confirmation. The first
# three abort a server whose hiredis reads them (one element; a number where the kind goes;
# an array where the channel goes); the last, two elements, hiredis takes as a message
# without its payload, and amux refuses too.
MALFORMED = [b"*1\r\n$7\r\nmessage\r\n",
             b"*3\r\n:1\r\n$1\r\nx\r\n$1\r\ny\r\n",
             b"*3\r\n$7\r\nmessage\r\n*0\r\n$1\r\ny\r\n",
             b"*2\r\n$7\r\nmessage\r\n$1\r\nx\r\n"]
subscribed = 0
lock = threading.Lock()


def relay(src, dst, seen=None):
    """Copies src to dst until either ends; seen(chunk) after each chunk copied."""
    try:
        while True:
            chunk = src.recv(65536)
            if not chunk:
                break
            dst.sendall(chunk)
            if seen:
                seen(chunk)
    except OSError:
        pass
    finally:
        src.close()
        dst.close()


def proxy(conn):
    up = socket.socket(socket.AF_UNIX)
    up.connect(sys.argv[3])

    def confirmed(chunk):
        global subscribed
        if b"$9\r\nsubscribe\r\n" not in chunk:
            return
        with lock:
            n, subscribed = subscribed, subscribed + 1
            with open(portfile + ".subs", "w") as f:
                f.write(str(subscribed))
        if n < len(MALFORMED):
            conn.sendall(MALFORMED[n])
    threading.Thread(target=relay, args=(conn, up), daemon=True).start()
    relay(up, conn, confirmed)


def serve(conn):
    if mode == "subpush":
        return proxy(conn)
    try:
        if mode == "flood":
            while True:
                conn.sendall(b"+OK\r\n" * 64)
                time.sleep(0.01)
        pending = b""
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                return
            if mode == "silent":
                continue
            pending += chunk
            n, pending = requests(pending)
            reply = {"error": b"-ERR nope\r\n", "double": b"+OK\r\n+OK\r\n",
                     "http": b"HTTP/1.0 400 Bad Request\r\n\r\n"}[mode]
            if n:
                conn.sendall(reply * n)
    except OSError:
        pass
    finally:
        conn.close()


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
with open(portfile + ".tmp", "w") as f:
    f.write(str(listener.getsockname()[1]))

os.rename(portfile + ".tmp", portfile)
while True:
    c, _ = listener.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
