"""libtmux (Debian's python3-libtmux 0.21) drives amux through the tmux name, unchanged:
Server/Session/Window/Pane create, split, send_keys, capture_pane, rename, options,
environment, move and kill, each result asserted. Run by libtmux.sh with PATH leading to
the tmux link and a socket name of the test's own."""
import os
import sys
import time

import libtmux

sock = sys.argv[1]
config = sys.argv[2]  # /bin/sh with PS1 "> ": the user's own shell start-up stays out
failures = []


def check(name, expected, actual):
    if expected != actual:
        failures.append(f"FAIL: {name}\n  expected: {expected!r}\n  actual:   {actual!r}")


def wait_for(fn, what):
    # The bound only ends a failing wait (slow machines get their time).
    for _ in range(600):
        if fn():
            return
        time.sleep(0.05)
    failures.append(f"FAIL: timed out waiting for {what}")


server = libtmux.Server(socket_name=sock, config_file=config)
check("version", "3.4", str(libtmux.common.get_version()))
s = server.new_session(session_name="alpha", window_name="editor", x=100, y=30)
check("session name", "alpha", s.name)
check("session id", "$0", s.id)
check("has-session", True, server.has_session("alpha"))
check("has-session of none", False, server.has_session("nope"))

w = s.attached_window
check("window name", "editor", w.name)
check("window size", ("100", "30"), (w.width, w.height))
p0 = w.attached_pane
p1 = w.split_window(attach=False, vertical=True)
check("two panes", [p0.pane_id, p1.pane_id], [p.pane_id for p in w.panes])
p2 = p1.split_window(attach=False, vertical=False)
check("three panes", 3, len(w.panes))
w.select_layout("even-horizontal")
w.refresh()
widths = [int(p.pane_width) for p in w.panes]
check("even-horizontal", [32, 32, 34], widths)
check("window_layout", True, w.window_layout.count(",") > 10 and w.window_layout[4] == ",")

wait_for(lambda: p0.capture_pane() == [">"], "the prompt")  # no typeahead before it
p0.send_keys("echo hello-from-libtmux", enter=True)
wait_for(lambda: "hello-from-libtmux" in p0.capture_pane(), "echo output")
check("capture_pane", ["> echo hello-from-libtmux", "hello-from-libtmux", ">"], p0.capture_pane())
check("display_message", ["%s" % p0.pane_id], p0.display_message("#{pane_id}", get_text=True))

w.rename_window("renamed")
check("rename_window", "renamed", w.name)
s.rename_session("beta")
check("rename_session", "beta", s.name)
check("rename seen by server", ["beta"], [x.name for x in server.sessions])

w2 = s.new_window(window_name="second", attach=False)
check("new_window", ["renamed", "second"], [x.name for x in s.windows])
check("new window index", "1", w2.index)

s.set_option("history-limit", 5000)
check("session option", 5000, s.show_option("history-limit"))
s.set_option("@agent", "claude")
check("user option", "claude", s.show_option("@agent"))
w.set_window_option("automatic-rename", "off")
check("window option", "off", w.show_window_option("automatic-rename"))
check("global window option", 0, w.show_window_option("pane-base-index", g=True))

s.set_environment("PROJECT", "amux")
check("set_environment", "amux", s.show_environment().get("PROJECT"))
s.unset_environment("PROJECT")
check("unset_environment", None, s.show_environment().get("PROJECT"))
s.set_environment("REMOVED", "x")
s.remove_environment("REMOVED")
check("remove_environment", ["-REMOVED"], s.cmd("show-environment", "REMOVED").stdout)

p2.resize_pane(width=20)
w.refresh()
check("resize_pane", [32, 46, 20], [int(p.pane_width) for p in w.panes])

w2.move_window("5")
check("move_window", "5", w2.index)
w2.kill_window()
check("kill_window", ["renamed"], [x.name for x in s.windows])

s2 = server.new_session(session_name="gamma")
check("two sessions", ["beta", "gamma"], sorted(x.name for x in server.sessions))
s2.kill_session()
check("kill_session", ["beta"], [x.name for x in server.sessions])
server.kill_server()
check("kill_server", False, server.is_alive())

if failures:
    print("\n".join(failures))
print(f"libtmux: {len(failures)} failed")
sys.exit(1 if failures else 0)
