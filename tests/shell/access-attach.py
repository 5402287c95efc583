"""A read-only user attached (run as that user by access.sh): it sees the session, its
typing reaches no pane, a binding that would change something is refused on its status
line, and it may detach itself."""
import sys

sys.path.insert(0, sys.argv[1])
from term import Client, Suite  # noqa: E402

s = Suite()
c = Client(s, ["attach", "-t", "main"])
c.wait("read-only client attached", lambda c: c.line(23).startswith("[main] 0:cat*"))
c.keys("typed by a guest")
c.keys("C-b", "c")
c.wait("a change is refused", lambda c: c.line(23).rstrip() == "access denied: read-only")
c.keys("C-b", "d")
status, out = c.wait_exit()
s.check("it detached itself", (0, True), (status, "[detached (from session main)]" in out))
s.finish()
