"""Attach: rendering, keys, status line, group messages, prompt, copy mode, board, sizes,
detach and reattach, slow and killed clients. Exact screens; every wait is for the event."""
import os
import re
import signal
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from term import AMUX_BIN, Client, Suite  # noqa: E402

# Under AddressSanitizer freed memory waits in a quarantine (256 MiB by default) before
# reuse, which would hide what the memory check below measures: the server's own queues.
# A small quarantine keeps the check meaningful there; plain builds ignore the variable.
os.environ["ASAN_OPTIONS"] = os.environ.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=4"

s = Suite()
W = 80


def status(c):
    return c.line(c.screen.lines - 1).rstrip()


def last_line(printed):
    """The last line a client printed, escape sequences removed."""
    parts = re.split(r"\x1b\[[0-9;?]*[a-zA-Z]|\x1b\([B0]", printed)
    lines = [l for l in parts[-1].replace("\r", "").split("\n") if l.strip()]
    return lines[-1] if lines else ""


def clear_message(c):
    """C-b K: a key clears a message (display-time 0); K is bound to nothing after the
    prefix. Not Escape: held for escape-time, a late Escape would clear the next message."""
    c.send("\x02K")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


# --- refusals -------------------------------------------------------------------------
s.check("new-session from a non-terminal", (1, "", "open terminal failed: not a terminal\n"),
        s.amux("new-session", "-s", "x", "cat"))
s.check("nothing was created", "", s.out("list-sessions"))
nested = Client(s, ["new-session", "cat"], env={"AMUX": "/tmp/elsewhere,1,0"})
st, printed = nested.wait_exit()
s.check("nesting refused", (1, "sessions should be nested with care, unset $AMUX to force"),
        (st, last_line(printed)))
s.amux("new-session", "-d", "-s", "peer", "cat")
s.check("attach from a non-terminal", (1, "", "open terminal failed: not a terminal\n"),
        s.amux("attach-session", "-t", "peer"))
s.check("attach to a missing session", (1, "", "can't find session: nosuch\n"),
        s.amux("attach-session", "-t", "nosuch"))
s.check("detach with no client", (1, "", "no current client\n"), s.amux("detach-client"))
s.check("switch with no client", (1, "", "no current client\n"),
        s.amux("switch-client", "-t", "peer"))
s.check("list-clients with none", "", s.out("list-clients"))

# --- a session attached: status line, typing, the size from the terminal ----------------
c = Client(s, ["new-session", "-s", "main", "cat"], env={"LC_ALL": "C.UTF-8"})
c.wait("status line", lambda c: status(c) == "[main] 0:cat*")
s.check("window takes the terminal's size", "80x23",
        s.out("display", "-p", "-t", "main", "#{window_width}x#{window_height}"))
c.keys("hello", "Enter")
c.wait("typed text reaches the pane", lambda c: c.lines()[:3] == ["hello", "hello", ""])
s.check("list-clients -F", "main 80x24 xterm-256color 1",
        s.out("list-clients", "-F",
              "#{client_session} #{client_width}x#{client_height} #{client_termname} "
              "#{session_attached}"))
s.check("ls marks the attached session, as tmux", ["main: 1 windows (attached)", "peer: 1 windows"],
        [re.sub(r" \(created [^)]*\)", "", l) for l in s.out("list-sessions").splitlines()])
s.check("list-clients", "/dev/pts/N: main [80x24 xterm-256color] (attached,UTF-8)",
        re.sub(r"/dev/pts/\d+", "/dev/pts/N", s.out("list-clients")))
s.check("list-clients, tmux's client formats", "attached,UTF-8|1|0|0|root|1|main|",
        s.out("list-clients", "-F",
              "#{client_flags}|#{client_utf8}|#{client_control_mode}|#{client_readonly}|"
              "#{client_key_table}|#{==:#{client_uid},#{uid}}|#{client_session}|"
              "#{client_last_session}"))

# --- split: borders, both panes, the active border highlighted ---------------------------
s.amux("split-window", "-h", "-t", "main", "cat")
c.wait("split draws a border", lambda c: all(c.line(y)[40] == "\u2502" for y in range(23)))
c.keys("right", "Enter")
c.wait("both panes' text", lambda c: c.lines()[:2] == ["hello" + " " * 35 + "\u2502right"] * 2)
s.check("active border is green", "green", c.screen.buffer[5][40].fg)
s.check("status-style: black on green", ("black", "green"),
        (c.screen.buffer[23][0].fg, c.screen.buffer[23][0].bg))
c.keys("\x02", "z")
c.wait("zoom shows the active pane alone",
       lambda c: status(c) == "[main] 0:cat*Z" and c.lines()[:2] == ["right", "right"])
c.keys("\x02", "z")
c.wait("unzoom puts the layout back", lambda c: c.line(0).rstrip() == "hello" + " " * 35 + "\u2502right")
c.keys("\x02", "Left")
c.keys("left", "Enter")
c.wait("C-b Left selects the left pane",
       lambda c: c.lines()[2:4] == ["left" + " " * 36 + "\u2502"] * 2)

# --- bracketed paste and the mouse ---------------------------------------------------------
c.keys("\x1b[200~pasted\x1b[201~", "Enter")
c.wait("a paste arrives as typed when the program did not ask for brackets",
       lambda c: c.lines()[4:6] == ["pasted" + " " * 34 + "\u2502"] * 2)
s.amux("new-window", "-t", "main", "-n", "bp", "sh", "-c", "printf '\\033[?2004h'; exec cat -v")
c.wait("bp window", lambda c: status(c) == "[main] 0:cat- 1:bp*")
c.keys("\x1b[200~pasted\x1b[201~", "Enter")
c.wait("bracketed paste passes through when the program asked for it",
       lambda c: c.line(1).rstrip() == "^[[200~pasted^[[201~")
s.amux("kill-window", "-t", "main:bp")
c.wait("back to window 0", lambda c: status(c) == "[main] 0:cat*")
c.keys("\x1b[<0;60;10M\x1b[<0;60;10m")
s.check("mouse off by default: a click selects nothing", "0",
        s.out("display", "-p", "-t", "main", "#{pane_index}"))
s.amux("set-option", "-t", "main", "mouse", "on")
c.keys("\x1b[<0;60;10M\x1b[<0;60;10m")
s.wait_until(lambda: s.out("display", "-p", "-t", "main", "#{pane_index}") == "1")
s.check("with mouse on a click selects the pane", "1",
        s.out("display", "-p", "-t", "main", "#{pane_index}"))
c.keys("\x1b[<64;60;10M")
c.wait("the wheel scrolls back in copy mode", lambda c: c.line(0).rstrip().endswith("[0/0]"))
c.keys("q")
c.keys("\x1b[<0;5;10M\x1b[<0;5;10m")
s.wait_until(lambda: s.out("display", "-p", "-t", "main", "#{pane_index}") == "0")
s.amux("set-option", "-t", "main", "mouse", "off")
c.wait("copy mode left", lambda c: c.line(0).rstrip() == "hello" + " " * 35 + "\u2502right")

# --- detach and reattach: the same screen ----------------------------------------------
before = c.lines()
c.keys("\x02", "d")
st, printed = c.wait_exit()
s.check("C-b d detaches", (0, "[detached (from session main)]"), (st, last_line(printed)))
s.check("the session survives", "0", str(s.amux("has-session", "-t", "main")[0]))
c = Client(s, ["attach-session", "-t", "main"])
c.wait("reattach shows the same screen", lambda c: c.lines() == before)

# --- full-screen programs: less on the alternate screen, cursor visibility, colours ------
path = os.path.join(s.dir, "file.txt")
with open(path, "w") as f:
    f.write("".join(f"line {i}\n" for i in range(1, 101)))
s.amux("new-window", "-t", "main", "-n", "pager", "sh", "-c",
       f"printf 'before\\n'; less {path}; printf 'after\\n'; cat")
c.wait("less fills the window", lambda c: c.lines()[:22] == [f"line {i}" for i in range(1, 23)]
       and status(c) == "[main] 0:cat- 1:pager*")
c.keys("q")
c.wait("leaving less restores the primary screen", lambda c: c.lines()[:3] == ["before", "after", ""])
s.amux("new-window", "-t", "main", "-n", "hidden", "sh", "-c",
       "printf 'hidden\\033[?25l'; printf '\\033[38;5;196mred\\033[38;2;1;2;3mrgb\\033[m'; cat")
c.wait("a hidden cursor stays hidden", lambda c: c.line(0).rstrip() == "hiddenredrgb"
       and c.screen.cursor.hidden)
s.check("256 colours pass through", "ff0000", c.screen.buffer[0][6].fg)
s.check("24-bit colour is mapped to the nearest of 256 without Tc/RGB/COLORTERM", "black",
        c.screen.buffer[0][9].fg)
tc = Client(s, ["attach-session", "-t", "main"], env={"COLORTERM": "truecolor"})
tc.wait("24-bit colour with COLORTERM=truecolor", lambda c: c.screen.buffer[0][9].fg == "010203")
tc.keys("\x02", "d")
tc.wait_exit()
s.amux("kill-window", "-t", "main:hidden")
s.amux("kill-window", "-t", "main:pager")

# --- the status line and group events ----------------------------------------------------
s.amux("set-option", "-g", "display-time", "0")  # messages stay until a key
s.amux("set-agent", "-t", "main", "-G", "development")
s.amux("set-agent", "-t", "peer", "-G", "research")
s.amux("ajoin", "-t", "main", "team")
c.wait("joining shows", lambda c: status(c) == "[team] main is now coordinator")
clear_message(c)
c.wait("status shows group, coordinator, peers",
       lambda c: status(c) == "[main] 0:cat*" + " " * 52 + "[team* 0 peers]")
s.amux("ajoin", "-t", "peer", "team")
c.wait("a peer joining shows at once", lambda c: status(c) == "[team] peer joined")
clear_message(c)
c.wait("the peer count", lambda c: status(c).endswith("[team* 1 peers]"))
s.amux("ashare", "-t", "peer", "finding=Pattern X discovered")
c.wait("a peer's share shows at once",
       lambda c: status(c) == "[team] peer shared finding=Pattern X discovered")
s.amux("display-message", "-t", "main", "hello from #{session_name}")
c.wait("display-message shows on the status line", lambda c: status(c) == "hello from main")
msgs = [re.sub(r"^.*?: ", "", l, count=1) for l in s.out("show-messages").split("\n")]
s.check("show-messages", ["[team] main joined", "[team] main is now coordinator",
                          "[team] peer joined", "[team] peer shared finding=Pattern X discovered",
                          "hello from main"], msgs)
s.amux("aleave", "-t", "main")
c.wait("leaving shows", lambda c: status(c) == "[team] main left")
clear_message(c)
c.wait("status without a group", lambda c: status(c) == "[main] 0:cat*")
s.amux("ajoin", "-t", "main", "team")
clear_message(c)
c.wait("member, not coordinator", lambda c: status(c).endswith("[team 1 peers]"))

# --- the command prompt ----------------------------------------------------------------
c.keys("\x02", ":")
c.wait("the prompt opens", lambda c: status(c) == ":")
c.keys("ashare status=blocked", "Enter")
c.wait("the prompt's command ran, its output shown",
       lambda c: status(c) == "Shared with group 'team': status=blocked")
s.check("the share happened", "blocked", s.out("aget", "-t", "main", "status"))
c.keys("\x02", ":", "apeers", "Enter")
# The same lines as the command prints, the times masked (the two run at different moments
# and a slow machine may see another second).
def masked(lines):
    return [re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d|\d+ seconds? ago", "T", l) for l in lines]
peers = masked(s.out("apeers", "-t", "main").split("\n"))
c.wait("apeers output in a view",
       lambda c: masked(c.lines()[1:len(peers)]) == peers[1:] and
       masked([c.line(0)])[0].startswith(peers[0]))
c.keys("q")
c.keys("\x02", ":", "nosuchcmd", "Enter")
c.wait("a prompt error shows", lambda c: status(c) == "unknown command: nosuchcmd")
c.keys("\x02", ",")
c.wait("C-b , prompts with the window name", lambda c: status(c) == "(rename-window) cat")
c.keys("\x7f" * 3, "editor", "Enter")
clear_message(c)
c.wait("the window was renamed", lambda c: status(c).startswith("[main] 0:editor*"))

# --- copy mode: scroll back and search ----------------------------------------------------
s.amux("new-window", "-t", "main", "-n", "numbers", "sh", "-c", "seq -f n%g 1 200; cat")
c.wait("output at the bottom", lambda c: c.line(21).rstrip() == "n200")
c.keys("\x02", "[")
c.wait("copy mode shows its position", lambda c: c.line(0).rstrip().endswith("[0/178]"))
c.keys("PPage")
c.wait("PageUp scrolls back", lambda c: c.line(0).startswith("n157 ") and c.line(0).rstrip().endswith("[22/178]"))
c.keys("C-r", "n42", "Enter")  # emacs keys (mode-keys emacs, tmux's default): C-r searches up
c.wait("search finds the line", lambda c: c.line(c.screen.cursor.y).rstrip() == "n42")
c.keys("q")
c.wait("q leaves copy mode", lambda c: c.line(21).rstrip() == "n200")

# --- the default keys: windows, splits, panes, kill, rename session ----------------------
def panes():
    return s.out("list-panes", "-t", "main", "-F", "#{pane_index}#{?pane_active,*,}")


c.keys("\x02", "c")
c.wait("C-b c makes a window", lambda c: re.search(r" 2:\S+\*", status(c)))
c.keys("\x02", "p")
c.wait("C-b p", lambda c: "1:numbers*" in status(c))
c.keys("\x02", "n")
c.wait("C-b n", lambda c: re.search(r" 2:\S+\*", status(c)))
c.keys("\x02", "0")
c.wait("C-b 0", lambda c: "0:editor*" in status(c))
c.keys("\x02", "2")
c.wait("C-b 2", lambda c: re.search(r" 2:\S+\*", status(c)))
c.keys("\x02", "%")
s.wait_until(lambda: panes() == "0\n1*")
s.check("C-b % splits left-right", ("0\n1*", "40x23 39x23"),
        (panes(), s.out("list-panes", "-t", "main", "-F", "#{pane_width}x#{pane_height}").replace("\n", " ")))
c.keys("\x02", '"')
s.wait_until(lambda: panes() == "0\n1\n2*")
s.check("C-b \" splits top-bottom", "39x11 39x11",
        " ".join(s.out("list-panes", "-t", "main", "-F", "#{pane_width}x#{pane_height}").split("\n")[1:]))
c.keys("\x02", "o")
s.wait_until(lambda: panes() == "0*\n1\n2")
s.check("C-b o: the next pane (wrapping)", "0*\n1\n2", panes())
c.keys("\x02", "x")
c.wait("C-b x asks first, as tmux", lambda c: status(c) == "kill-pane 0? (y/n)")
c.keys("y")
s.wait_until(lambda: panes() == "0\n1*")
s.check("C-b x kills the pane; the one active before it is active", "0\n1*", panes())
c.keys("\x02", "&")
c.wait("C-b & asks first", lambda c: status(c).startswith("kill-window ") and status(c).endswith("? (y/n)"))
c.keys("y")
c.wait("C-b & kills the window", lambda c: "2:" not in status(c))
c.keys("\x02", "$")
c.wait("C-b $ prompts with the session name", lambda c: status(c) == "(rename-session) main")
c.keys("\x7f" * 4, "work", "Enter")
c.wait("the session was renamed", lambda c: status(c).startswith("[work] "))
s.amux("rename-session", "-t", "work", "main")
c.keys("\x02", "0")
c.wait("back on window 0", lambda c: status(c).startswith("[main] 0:editor*"))

# --- a root binding (-n) fires without the prefix ------------------------------------------
s.amux("bind-key", "-n", "F5", "display-message", "F5 pressed in #{session_name}")
c.keys("\x1b[15~")
c.wait("bind-key -n fires", lambda c: status(c) == "F5 pressed in main")
s.amux("unbind-key", "-n", "F5")
clear_message(c)

# --- list-keys on ? and the group board ----------------------------------------------------
c.keys("\x02", "?")
keys = s.out("list-keys").split("\n")
c.wait("C-b ? lists the keys", lambda c: c.lines()[1:5] == [k[:W].rstrip() for k in keys[1:5]])
c.keys("q")
c.keys("\x02", "g")
c.wait("the board lists the group",
       lambda c: re.fullmatch(r"team: 2 members, 2 keys, \d+ events", c.line(2).rstrip()))


def board_rows(c):  # state and seconds masked: they follow the clock
    return [(l[:29] + "STATE".ljust(10) + ("-" if l[39:49].strip() == "-" else "Ns ago").ljust(10) +
             l[49:]).rstrip() if i > 0 else l for i, l in enumerate(c.lines()[3:6])]


s.check("board members", [
    "  MEMBER        ROLE         STATE     OUTPUT    UNREAD  LEASES          NOTE",
    "> peer          coordinator  STATE     -         0       -",
    "  main          member       STATE     Ns ago    0       -"], board_rows(c))
s.amux("asend", "-t", "peer", "main", "please review")
c.wait("the board updates as events arrive",
       lambda c: board_rows(c)[2] == "  main          member       STATE     Ns ago    1       -" and
       any(re.fullmatch(r" +\d+ message peer -> main: please review", l) for l in c.lines()))
c.keys("q")
c.wait("q leaves the board", lambda c: not c.line(0).startswith("Group board"))
c.keys("\x02", "g")
c.wait("the board again", lambda c: c.line(0).startswith("Group board"))
s.amux("alock", "-t", "main", "src/x.cc")
c.wait("held leases show", lambda c: board_rows(c)[2] == "  main          member       STATE     Ns ago    1       src/x.cc")
c.keys("Enter")
c.wait("Enter switches to the member's session", lambda c: status(c).startswith("[peer] 0:cat*"))
s.amux("switch-client", "-t", "main")
c.wait("switch-client", lambda c: status(c).startswith("[main] "))

# --- sizes: resize, two clients, a killed client ----------------------------------------
c.resize(100, 30)
c.wait("resize follows the terminal", lambda c: len(c.line(29)) == 100 and status(c).startswith("[main]"))
s.check("window size after resize", "100x29", s.out("display", "-p", "-t", "main", "#{window_width}x#{window_height}"))
small = Client(s, ["attach-session", "-t", "main"], cols=60, rows=20)
small.wait("second client attaches", lambda c: status(c).startswith("[main]"))
s.check("the smallest client sets the size", "60x19",
        s.out("display", "-p", "-t", "main", "#{window_width}x#{window_height}"))
tty = s.out("list-clients", "-F", "#{client_tty} #{client_width}").split("\n")
small_tty = [l.split()[0] for l in tty if l.endswith(" 60")][0]
s.amux("detach-client", "-t", small_tty)
st, printed = small.wait_exit()
s.check("detach-client -t", (0, "[detached (from session main)]"), (st, last_line(printed)))
s.wait_until(lambda: s.out("display", "-p", "-t", "main", "#{window_width}x#{window_height}") == "100x29")
s.check("size back after the small client leaves", "100x29",
        s.out("display", "-p", "-t", "main", "#{window_width}x#{window_height}"))
other = Client(s, ["attach-session", "-t", "peer"])
other.wait("a client on peer", lambda c: status(c).startswith("[peer]"))
taker = Client(s, ["attach-session", "-d", "-t", "peer"])
st, printed = other.wait_exit()
s.check("attach -d detaches the session's other clients", (0, "[detached (from session peer)]"),
        (st, last_line(printed)))
taker.wait("the taker is attached", lambda c: status(c).startswith("[peer]"))
taker.keys("\x02", "d")
taker.wait_exit()
victim = Client(s, ["attach-session", "-t", "peer"])
victim.wait("victim attached", lambda c: status(c).startswith("[peer]"))
os.kill(victim.child.pid, signal.SIGKILL)
s.wait_until(lambda: len(s.out("list-clients").split("\n")) == 1)
s.check("a killed client is gone, server and session live", (1, 0),
        (len(s.out("list-clients").split("\n")), s.amux("has-session", "-t", "peer")[0]))

# --- a client that stops reading: memory stays bounded -----------------------------------
s.amux("new-session", "-d", "-s", "flood", "-x", "200", "-y", "50", "yes")
pid = int(s.out("display", "-p", "#{pid}"))
slow = Client(s, ["attach-session", "-t", "flood"], cols=200, rows=51)
slow.wait("flood attached", lambda c: status(c).startswith("[flood]"))
# Never read, under a shell: killing the client later leaves its terminal open and full.
stuck = Client(s, ["attach-session", "-t", "flood"], cols=200, rows=51, under_shell=True)
s.wait_until(lambda: len(s.out("list-clients", "-t", "flood").split("\n")) == 2)
base = rss_kib(pid)
deadline = __import__("time").monotonic() + 10  # the client reads nothing for 10 s
while __import__("time").monotonic() < deadline:
    s.out("display", "-p", "#{pid}")  # the server keeps answering meanwhile
    __import__("time").sleep(0.5)
grown = rss_kib(pid) - base
print(f"server RSS grew by {grown} KiB while the client read nothing for 10 s")
s.ok("server memory bounded while a client does not read", grown < 64 * 1024,
     f"grew by {grown} KiB")
# Its terminal full, the stuck client is killed: the server gives the terminal back
# without waiting for it to drain, and goes on answering.
pids = s.out("list-clients", "-t", "flood", "-F", "#{client_pid}").split("\n")
stuck_pid = [p for p in pids if int(p) != slow.child.pid][0]
os.kill(int(stuck_pid), signal.SIGKILL)
s.wait_until(lambda: len(s.out("list-clients", "-t", "flood").split("\n")) == 1)
s.check("a killed client whose terminal is full does not stall the server",
        (0, "/dev/pts/N: flood [200x51 xterm-256color] (FLAGS)\n", ""),
        (lambda r: (r[0], re.sub(r"\(attached[^)]*\)", "(FLAGS)",
                                 re.sub(r"/dev/pts/\d+", "/dev/pts/N", r[1])), r[2]))(
            s.amux("list-clients", "-t", "flood")))
s.amux("respawn-pane", "-k", "-t", "flood", "sh", "-c", "clear; echo done; cat")
slow.wait("the slow client catches up with the current screen",
          lambda c: status(c).startswith("[flood]") and c.lines()[:2] == ["done", ""], 30)
slow.keys("\x02", "d")
st, printed = slow.wait_exit()
s.check("and detaches", "[detached (from session flood)]", last_line(printed))
stuck.child.close(force=True)

# --- the terminal closing (SIGHUP) detaches; the session goes on -------------------------
hup = Client(s, ["attach-session", "-t", "peer"])
hup.wait("attached for SIGHUP", lambda c: status(c).startswith("[peer]"))
os.kill(hup.child.pid, signal.SIGHUP)
hup.wait_exit()
s.wait_until(lambda: "peer" not in s.out("list-clients", "-F", "#{session_name}"))
s.check("SIGHUP detaches, the session lives", ("", 0),
        (s.out("list-clients", "-t", "peer"), s.amux("has-session", "-t", "peer")[0]))

# --- amux with no command: a new session, attached ----------------------------------------
bare = Client(s, [])
bare.wait("amux alone attaches a new session", lambda c: re.fullmatch(r"\[\d+\] 0:\S+\*", status(c)))
bare.keys("\x02", "d")
st, printed = bare.wait_exit()
s.ok("and it detaches like any", re.fullmatch(r"\[detached \(from session \d+\)\]", last_line(printed)),
     last_line(printed))

# --- endings: kill-session and server exit tell the client why -------------------------
s.amux("kill-session", "-t", "main")
st, printed = c.wait_exit()
s.check("kill-session ends the client", (0, "[exited]"), (st, last_line(printed)))
last = Client(s, ["attach-session", "-t", "peer"])
last.wait("attached to peer", lambda c: status(c).startswith("[peer]"))
s.amux("kill-server")
st, printed = last.wait_exit()
s.check("server exit ends the client", (0, "[server exited]"), (st, last_line(printed)))

# --- configuration errors at start: the first client to attach is shown them, as tmux ----
conf = os.path.join(s.dir, "bad.conf")
with open(conf, "w") as f:
    f.write("set -g nope 1\nset -g status-left '[cfg] '\nbogus\n")
subprocess.run([AMUX_BIN, "-S", s.sock, "-f", conf, "new-session", "-d", "-s", "cfg", "cat"],
               check=True)
errors = [f"{conf}:1: invalid option: nope", f"{conf}:3: unknown command: bogus"]
view = Client(s, ["attach-session", "-t", "cfg"])
view.wait("the configuration's errors are shown on attach",
          lambda c: c.line(0).startswith(errors[0] + " ") and c.line(0).rstrip().endswith("[0/2]")
          and c.line(1).rstrip() == errors[1] and status(c).startswith("[cfg] "))
view.keys("q")
view.wait("q closes them", lambda c: c.line(0).strip() == "")
second = Client(s, ["attach-session", "-t", "cfg"])
second.wait("a second client is not shown them again",
            lambda c: status(c).startswith("[cfg] ") and c.line(0).strip() == "")
third = Client(s, ["new-session", "-A", "-s", "cfg", "cat"])
third.wait("new-session -A attaches the session of that name",
           lambda c: status(c).startswith("[cfg] "))
s.check("and makes none", "cfg", s.out("list-sessions", "-F", "#{session_name}"))
s.check("they are in show-messages", errors,
        [re.sub(r"^.*?: (/)", r"\1", l) for l in s.out("show-messages").splitlines()])
s.amux("kill-server")
s.finish()
