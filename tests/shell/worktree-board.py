"""The board with worktrees: a BRANCH column (branch, commits ahead and behind its base,
files not committed) when a member works in a worktree amux made, none otherwise. Read
on a real attached client through pyte."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from term import Client, Suite  # noqa: E402

s = Suite()
repo = os.path.join(s.dir, "repo")
env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t",
           GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")


def git(*args):
    subprocess.run(["git", *args], check=True, env=env, capture_output=True)


git("init", "-q", "-b", "main", repo)
git("-C", repo, "commit", "-q", "--allow-empty", "-m", "init")
s.amux("new-session", "-d", "-s", "lead", "-x", "120", "-y", "20", "-G", "research", "cat")
s.amux("ajoin", "-t", "lead", "team")
c = Client(s, ["attach-session", "-t", "lead"], cols=120, rows=20)
c.wait("attached", lambda c: c.line(19).startswith("[lead]"))
c.keys("\x02", "g")
c.wait("the board", lambda c: c.line(0).startswith("Group board"))
s.check("no worktree: no BRANCH column",
        "  MEMBER        ROLE         STATE     OUTPUT    UNREAD  LEASES          NOTE",
        c.line(3).rstrip())
c.keys("q")

s.amux("new-session", "-d", "-s", "alice", "-G", "claude", "-W", "-c", repo, "cat")
s.amux("ajoin", "-t", "alice", "team")
tree = os.path.join(s.dir, "repo.worktrees", "alice")
git("-C", tree, "commit", "-q", "--allow-empty", "-m", "one")
git("-C", tree, "commit", "-q", "--allow-empty", "-m", "two")
with open(os.path.join(tree, "wip.txt"), "w") as f:
    f.write("wip\n")
s.amux("list-worktrees")  # read now: the board shows what was last read
c.keys("\x02", "g")
c.wait("the board again", lambda c: c.line(0).startswith("Group board"))


def rows(c):
    return [re.sub(r"\d+s ago", "Ns ago", l.rstrip()) for l in c.lines()[3:6]]


c.wait("a BRANCH column", lambda c: rows(c) == [
    "  MEMBER        ROLE         STATE     OUTPUT    UNREAD  LEASES          BRANCH                  NOTE",
    "> lead          coordinator  idle      -         0       -               -",
    "  alice         member       idle      -         0       -               amux/alice +2 -0 ~1"])
c.keys("q")
s.amux("kill-server")
s.finish()
