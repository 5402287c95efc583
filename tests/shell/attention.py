"""Attention: a member waiting for a person is on the status line (how many, who), first on
the board (with its message and for how long), one key away (C-b a: agent-next), and the
attached client hears a bell (visual-bell off) or sees a message (on). Read with pyte."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from term import Client, Suite  # noqa: E402

s = Suite()


def status(c):
    return c.line(c.screen.lines - 1).rstrip()


s.amux("new-session", "-d", "-s", "main", "-x", "100", "-y", "30", "cat")
s.amux("split-window", "-t", "main", "cat")
s.amux("new-session", "-d", "-s", "lead", "-G", "research", "cat")
s.amux("ajoin", "-t", "lead", "team")
s.amux("ajoin", "-t", "%0", "-G", "claude", "-n", "alice", "team")
s.amux("ajoin", "-t", "%1", "-G", "codex", "-n", "bob", "team")
s.amux("set-option", "-g", "status-right", "R")
s.amux("select-pane", "-t", "%0")
c = Client(s, ["attach-session", "-t", "main"], cols=100, rows=30)
c.wait("attached", lambda c: status(c).startswith("[main] 0:cat*"))
s.check("nothing waits: status-right alone", True, status(c).endswith(" R"))

# bob's agent asks for a person: the status line counts and names it, the client rings.
c.raw = b""
s.amux("astatus", "-t", "%1", "waiting", "approve the plan?")
c.wait("status line: who waits", lambda c: status(c).endswith(" 1 waiting: bob  R"))
c.wait("the waiting part is reversed", lambda c: c.screen.buffer[29][100 - 16].reverse)
c.wait("the bell reached the client (visual-bell off)", lambda c: b"\x07" in c.raw)
s.amux("astatus", "-t", "lead", "waiting", "review")
c.wait("two wait, the longest first", lambda c: status(c).endswith(" 2 waiting: bob, lead  R"))
s.amux("set-option", "-g", "agent-status-waiting", "off")
c.wait("agent-status-waiting off", lambda c: status(c).endswith(" R") and "waiting" not in status(c))
s.amux("set-option", "-g", "agent-status-waiting", "on")
c.wait("on again", lambda c: "2 waiting" in status(c))

# The board: waiting members first, with how long and their message; numbers shown.
s.amux("astatus", "-t", "%0", "-m", "context=73%")
c.keys("\x02", "g")
c.wait("the board", lambda c: c.line(0).startswith("Group board"))


def rows(c):
    return [re.sub(r"\(\d+s\)", "(Ns)", re.sub(r"\d+s ago", "Ns ago", l)) for l in c.lines()[3:7]]


c.wait("waiting first", lambda c: rows(c) == [
    "  MEMBER        ROLE         STATE     OUTPUT    UNREAD  LEASES          NOTE",
    "> lead          coordinator  waiting   -         0       -               (Ns) review",
    "  bob           member       waiting   -         0       -               (Ns) approve the plan?",
    "  alice         member       idle      -         0       -               [context=73%]"])
c.keys("Down", "Enter")
c.wait("Enter shows bob's pane", lambda c: status(c).startswith("[main] 0:cat*"))
s.check("bob's pane is active", "%1", s.out("display", "-p", "-t", "main", "#{pane_id}"))

# C-b a: the next waiting member after the pane shown (the longest waiting first).
c.keys("\x02", "a")
c.wait("C-b a: to lead", lambda c: status(c).startswith("[lead] 0:cat*"))
c.keys("\x02", "a")
c.wait("C-b a again: back to bob", lambda c: status(c).startswith("[main] 0:cat*"))
s.check("on bob's pane", "%1", s.out("display", "-p", "-t", "main", "#{pane_id}"))
s.amux("select-pane", "-t", "%0")
c.keys("\x02", "a")
c.wait("from alice's pane: the longest waiting (bob)",
       lambda c: s.out("display", "-p", "-t", "main", "#{pane_id}") == "%1")
s.check("C-b a is agent-next", "bind-key -T prefix a agent-next", s.out("list-keys", "-T", "prefix", "a"))

# visual-bell on: a message instead of the bell.
s.amux("astatus", "-t", "lead", "-u")
s.amux("astatus", "-t", "%1", "-u")
c.wait("nobody waits", lambda c: "waiting" not in status(c))
s.amux("set-option", "-g", "visual-bell", "on")
c.raw = b""
s.amux("astatus", "-t", "lead", "waiting", "look")
c.wait("visual-bell on: a message", lambda c: status(c) == "[team] lead is waiting: look")
s.check("and no bell", False, b"\x07" in c.raw)
s.amux("set-option", "-g", "bell-action", "none")
s.amux("astatus", "-t", "lead", "-u")
c.raw = b""
s.amux("astatus", "-t", "%0", "waiting", "quiet please")
c.wait("bell-action none: counted, not rung", lambda c: "1 waiting: alice" in status(c))
s.check("no bell with bell-action none", False, b"\x07" in c.raw)

# A person at a terminal is told how to give a session agent metadata (a script, reading
# stderr from a pipe, gets the one line it always did: tests/shell/groups.sh).
s.amux("new-session", "-d", "-s", "plain", "cat")
t = Client(s, ["ajoin", "-t", "plain", "team"])
st, printed = t.wait_exit()
s.check("the hint at a terminal", (1, ["session 'plain' has no agent metadata",
        "(give it a type as it joins: amux ajoin -G TYPE -t plain team; or amux set-agent -G TYPE -t plain)"]),
        (st, [l for l in printed.replace("\r", "").split("\n") if l]))

# agent-next with nobody waiting, and without an attached client.
s.amux("astatus", "-t", "%0", "-u")
c.wait("none waits", lambda c: "waiting" not in status(c))
rc, out, err = s.amux("agent-next")
s.check("agent-next: nobody waits", (1, "", "no member is waiting\n"), (rc, out, err))
s.amux("kill-server")
s.finish()
