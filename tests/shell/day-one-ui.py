"""tmux's day-one keys and screens, attached: exact screens, every wait for the event."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from term import AMUX_BIN, SLACK, Client, Suite  # noqa: E402

s = Suite()


def status(c):
    return c.line(c.screen.lines - 1).rstrip()


def fmt(f, target="main"):
    return s.out("display", "-p", "-t", target, f)


c = Client(s, ["new-session", "-s", "main", "sh", "-c", "seq -f n%g 1 100; exec cat"])
c.wait("attached", lambda c: status(c).startswith("[main] 0:"))
c.wait("output", lambda c: c.line(21).rstrip() == "n100")

# --- copy mode, emacs keys (mode-keys emacs, the default) --------------------------------
c.keys("C-b", "[")
c.wait("copy mode", lambda c: fmt("#{pane_in_mode} #{pane_mode}") == "1 copy-mode")
c.keys("C-p", "C-p")
s.wait_until(lambda: fmt("#{copy_cursor_y}") == "20")
s.check("C-p C-p: two lines up", "20 0", fmt("#{copy_cursor_y} #{scroll_position}"))
c.keys("C-a", "C-f", "C-f")
s.wait_until(lambda: fmt("#{copy_cursor_x}") == "2")
s.check("C-a then C-f C-f", "2", fmt("#{copy_cursor_x}"))
c.keys("C-e")
s.wait_until(lambda: fmt("#{copy_cursor_x}") == "2")
s.check("C-e: the line's last character", "2", fmt("#{copy_cursor_x}"))
c.keys("C-a", "\x00", "C-e", "\x1bw")  # C-Space, C-e, M-w: a line copied, the mode ends
c.wait("M-w copies and leaves", lambda c: fmt("#{pane_in_mode}") == "0")
s.check("the selection went to a buffer", "n99", s.out("show-buffer"))
c.keys("C-b", "[")
c.wait("copy mode again", lambda c: fmt("#{pane_in_mode}") == "1")
c.keys("C-r", "n7", "Enter")
c.wait("C-r searches up: n79, the top row",
       lambda c: c.screen.cursor.y == 0 and c.line(0).startswith("n79 "))
s.check("the search is kept", "1 n7", fmt("#{search_present} #{pane_search_string}"))
c.keys("n")
c.wait("n: again, the same way", lambda c: c.line(c.screen.cursor.y).rstrip() == "n78")
c.keys("\x1b<")  # M-<
c.wait("M-< to the top of the history",
       lambda c: fmt("#{scroll_position} #{copy_cursor_y}") == "78 0")
c.keys("C-g", "q")
c.wait("q leaves", lambda c: fmt("#{pane_in_mode}") == "0")

# --- copy mode, vi keys: / searches down and ? up, as tmux --------------------------------
s.amux("set-option", "-w", "mode-keys", "vi")
c.keys("C-b", "[")
c.wait("vi copy mode", lambda c: fmt("#{pane_in_mode}") == "1")
c.keys("g")
c.wait("g: history top", lambda c: fmt("#{scroll_position}") == "78")
c.keys("/", "n5", "Enter")
c.wait("/ searches down", lambda c: c.line(c.screen.cursor.y).rstrip() == "n5")
c.keys("?", "n3", "Enter")
c.wait("? searches up", lambda c: c.line(c.screen.cursor.y).rstrip() == "n3")
c.keys("w")
s.wait_until(lambda: fmt("#{copy_cursor_y}") == "3")
s.check("w: the next word (next line)", "0 3", fmt("#{copy_cursor_x} #{copy_cursor_y}"))
c.keys("V", "j", "Enter")
c.wait("V j Enter copies two lines", lambda c: fmt("#{pane_in_mode}") == "0")
s.check("two lines copied", "n4\nn5", s.out("show-buffer"))
c.keys("C-b", "[")
c.wait("vi copy mode again", lambda c: fmt("#{pane_in_mode}") == "1")
c.keys("k", "k", "f", "9")
s.wait_until(lambda: fmt("#{copy_cursor_x}") == "1")
s.check("f 9 jumps to the 9 on the line (n98)", "1 20", fmt("#{copy_cursor_x} #{copy_cursor_y}"))
s.check("send-keys -X from outside: the mode of the pane", (0, "", ""),
        s.amux("send-keys", "-X", "-N", "3", "cursor-up"))
s.check("-N 3", "17", fmt("#{copy_cursor_y}"))
s.check("an unknown copy-mode command", (1, "", "unknown command: fly\n"),
        s.amux("send-keys", "-X", "fly"))
s.check("a command without its argument", (1, "", "missing argument for search-forward\n"),
        s.amux("send-keys", "-X", "search-forward"))
s.amux("send-keys", "-X", "cancel")
c.wait("cancel from outside", lambda c: fmt("#{pane_in_mode}") == "0")
s.check("not in a mode", (1, "", "not in a mode\n"), s.amux("send-keys", "-X", "cancel"))
s.amux("set-option", "-w", "-u", "mode-keys")

# --- bind -r: a repeating key runs again without the prefix within repeat-time ------------
s.amux("set-option", "-g", "repeat-time", "60000")  # long enough for any machine
s.amux("split-window", "-h", "cat")
s.amux("split-window", "-h", "cat")
s.amux("select-pane", "-t", "main:0.0")
c.keys("C-b", "Right")
s.wait_until(lambda: fmt("#{pane_index}") == "1")
c.keys("Right")
s.wait_until(lambda: fmt("#{pane_index}") == "2")
s.check("Right again, without the prefix: repeated", "2", fmt("#{pane_index}"))
c.keys("x")  # not a repeating key: it ends the repeat and goes to the pane
c.keys("Right")  # the repeat has ended: typed into the pane
c.wait("the pane got x and the arrow", lambda c: "x" in c.text())
s.check("repeat over: still pane 2", "2", fmt("#{pane_index}"))
s.amux("bind-key", "-r", "Z", "select-pane", "-t", ":.-")
s.check("list-keys shows -r", "bind-key -r -T prefix Z select-pane -t :.-",
        s.out("list-keys", "-T", "prefix", "Z"))
c.keys("C-b", "Z")
s.wait_until(lambda: fmt("#{pane_index}") == "1")
c.keys("Z")
s.wait_until(lambda: fmt("#{pane_index}") == "0")
s.check("a user's -r binding repeats", "0", fmt("#{pane_index}"))
c.keys("C-b", "o")  # a key after the prefix ends any repeat
s.wait_until(lambda: fmt("#{pane_index}") == "1")
s.amux("kill-pane", "-a")
s.amux("set-option", "-g", "-u", "repeat-time")

# --- command-prompt: several prompts, -1, -N, Tab --------------------------------------------
s.amux("command-prompt", "-p", "first,second", "-I", "a,#{session_name}",
       "set-buffer -b two '%1-%2'")
c.wait("first prompt, its initial text", lambda c: status(c) == "first a")
c.keys("Enter")
c.wait("second prompt, a format expanded", lambda c: status(c) == "second main")
c.keys("x", "Enter")
s.wait_until(lambda: s.out("show-buffer", "-b", "two"))
s.check("both answers in the template", "a-mainx", s.out("show-buffer", "-b", "two"))
s.amux("command-prompt", "-1", "-p", "key", "set-buffer -b one '%%'")
c.wait("-1 prompt", lambda c: status(c) == "key")
c.keys("q")
s.wait_until(lambda: s.out("show-buffer", "-b", "one"))
s.check("one key answered", "q", s.out("show-buffer", "-b", "one"))
s.amux("command-prompt", "-N", "-p", "n", "set-buffer -b num '%%'")
c.wait("-N prompt", lambda c: status(c) == "n")
c.keys("4", "x", "2", "Enter")
s.wait_until(lambda: s.out("show-buffer", "-b", "num"))
s.check("-N: digits only", "42", s.out("show-buffer", "-b", "num"))
s.check("a bad type", (1, "", "unknown type: colour\n"),
        s.amux("command-prompt", "-T", "colour"))
c.keys("C-b", ":")
c.wait("the prompt", lambda c: status(c) == ":")
c.keys("rename-w", "\t")
c.wait("Tab completes a command", lambda c: status(c) == ":rename-window")
c.keys("-t ma", "\t")
c.wait("Tab completes a target", lambda c: status(c) == ":rename-window -t main:")
c.keys("C-u", "set -g status-l", "\t")
c.wait("Tab completes what several options share, and lists them",
       lambda c: status(c) == ":set -g status-left  status-left status-left-length status-left-style")
c.keys("-s", "\t")
c.wait("then one", lambda c: status(c) == ":set -g status-left-style")
c.keys("Escape")
c.wait("Escape leaves", lambda c: status(c).startswith("[main]"))

# --- confirm-before, display-panes, clock-mode ----------------------------------------------
s.amux("split-window", "-h", "cat")
c.keys("C-b", "x")
c.wait("C-b x asks", lambda c: status(c) == "kill-pane 1? (y/n)")
c.keys("n")
c.wait("n: the prompt goes", lambda c: status(c).startswith("[main]"))
s.check("and the pane stays", "2", fmt("#{window_panes}"))
s.amux("confirm-before", "-c", "k", "-p", "sure #{session_name}?", "set-buffer -b conf yes")
c.wait("-p is a format", lambda c: status(c) == "sure main?")
c.keys("y")  # not the -c key
c.wait("y is not k", lambda c: status(c).startswith("[main]"))
s.check("nothing ran", (1, "", "no buffer conf\n"), s.amux("show-buffer", "-b", "conf"))
s.amux("confirm-before", "-y", "set-buffer -b conf yes")
c.wait("the default prompt", lambda c: status(c) == "Confirm 'set-buffer'? (y/n)")
c.keys("Enter")
s.wait_until(lambda: s.out("show-buffer", "-b", "conf"))
s.check("-y: Enter confirms", "yes", s.out("show-buffer", "-b", "conf"))
s.check("a bad confirm key", (1, "", "invalid confirm key: yes\n"),
        s.amux("confirm-before", "-c", "yes", "kill-pane"))
s.check("a bad command", (1, "", "unknown command: frobnicate\n"),
        s.amux("confirm-before", "frobnicate"))


def cells(c, colour, x0, x1):
    """How many cells of columns [x0, x1) have that background."""
    return sum(1 for y in range(c.screen.lines - 1) for x in range(x0, x1)
               if c.screen.buffer[y][x].bg == colour)


s.amux("select-pane", "-t", "main:0.0")
c.keys("C-b", "q")
c.wait("C-b q: each pane's index, large; the active in red, the other blue",
       lambda c: cells(c, "red", 0, 40) > 0 and cells(c, "blue", 41, 80) > 0)
c.keys("1")
s.wait_until(lambda: fmt("#{pane_index}") == "1")
s.check("a digit selects that pane", "1", fmt("#{pane_index}"))
c.wait("and the numbers go", lambda c: cells(c, "red", 0, 80) + cells(c, "blue", 0, 80) == 0)
s.amux("display-panes", "-d", "0", "set-buffer -b dp 'pane %%'")
c.wait("display-panes -d 0 stays", lambda c: cells(c, "blue", 0, 40) > 0)
c.keys("0")
s.wait_until(lambda: s.out("show-buffer", "-b", "dp"))
s.check("the template ran with the index", "pane 0", s.out("show-buffer", "-b", "dp"))
s.amux("display-panes", "-d", "50")
c.wait("a duration ends it by itself", lambda c: cells(c, "blue", 0, 80) + cells(c, "red", 0, 80) == 0)
s.check("a bad duration", (1, "", "invalid duration: soon\n"),
        s.amux("display-panes", "-d", "soon"))
s.amux("set-option", "-w", "clock-mode-colour", "green")
c.keys("C-b", "t")
c.wait("C-b t: the clock over the active pane, in clock-mode-colour",
       lambda c: cells(c, "green", 41, 80) > 0 and cells(c, "green", 0, 40) == 0)
c.keys("a")
c.wait("a key leaves it", lambda c: cells(c, "green", 0, 80) == 0)
s.check("clock-mode of a pane not shown",
        (1, "", f"pane {fmt('#{pane_id}', 'main:0.0')} is not the active pane on a client\n"),
        s.amux("clock-mode", "-t", "main:0.0"))
s.amux("kill-pane", "-t", "main:0.1")

# --- choose-tree (C-b s, C-b w) and find-window (C-b f) ---------------------------------------
s.amux("new-session", "-d", "-s", "other", "cat")
s.amux("new-window", "-d", "-t", "main:5", "-n", "logs", "sh", "-c", "echo needle-in-logs; exec cat")
c.keys("C-b", "s")
c.wait("C-b s: sessions, collapsed; a preview box below",
       lambda c: c.lines()[:2] == ["(0) + main: 2 windows (attached)", "(1) + other: 1 windows"]
       and c.line(11).startswith("\u250c\u2500 main: \u2500"))
c.keys("Right")
c.wait("Right opens a session",
       lambda c: c.lines()[:4] == ["(0) - main: 2 windows (attached)", "(1) \u251c\u2500> 0: cat*",
                                  "(2) \u2514\u2500> 5: logs", "(3) + other: 1 windows"])
c.keys("Left", "j", "Enter")  # closed again, down to other, Enter: switch-client
c.wait("Enter switches to the session chosen", lambda c: status(c).startswith("[other] "))
c.keys("C-b", "w")
c.wait("C-b w: windows shown, the current one chosen",
       lambda c: c.lines()[4] == "(4) \u2514\u2500> 0: cat*" and c.screen.buffer[4][0].bg == "brown")  # pyte names yellow "brown"
c.keys("1")
c.wait("a digit chooses its item: main's window 0", lambda c: status(c).startswith("[main] 0:"))
c.keys("C-b", "f")
c.wait("C-b f prompts", lambda c: status(c) == "(find-window)")
c.keys("needle", "Enter")
c.wait("find-window: only the windows that match",
       lambda c: c.lines()[:2] == ["(0) - main: 2 windows (attached)", "(1) \u2514\u2500> 5: logs"]
       and c.lines()[2] == "")
c.keys("1")
c.wait("and its digit goes there", lambda c: status(c).startswith("[main] 0:cat- 5:logs*"))
s.amux("find-window", "-N", "-i", "-r", "^LOG")
c.wait("-N -i -r: names by a regular expression, ignoring case",
       lambda c: c.lines()[:3] == ["(0) - main: 2 windows (attached)", "(1) \u2514\u2500> 5: logs*", ""])
c.keys("q")
c.wait("q leaves the tree", lambda c: c.lines()[0] != "(0) - main: 2 windows (attached)")
s.check("a bad regular expression", (1, "", "invalid regular expression: (\n"),
        s.amux("find-window", "-r", "("))
s.check("one that would take regcomp gigabytes", (1, "", "invalid regular expression: a++++\n"),
        s.amux("find-window", "-r", "a++++"))
s.amux("new-session", "-d", "-s", "third", "cat")
s.amux("new-session", "-d", "-s", "alpha", "cat")
s.amux("choose-tree", "-s", "-O", "name", "-F", "#{?session_format,[#{session_windows}],}",
       "-K", "#{?#{e|<:#{line},3},#{e|+:#{line},1},}")
c.wait("-O name -F -K: sessions by name, the text a format, keys a format of #{line}",
       lambda c: c.lines()[:5] == ["(1) + alpha: [1]", "(2) + main: [2]", "(3) + other: [1]",
                                  "    + third: [1]", ""])
c.keys("r")
c.wait("r reverses the order", lambda c: c.lines()[0] == "(1) + third: [1]")
c.keys("g", "t", "t")
c.wait("t tags an item and moves on: tagged items are bright",
       lambda c: c.screen.buffer[0][6].bold and c.screen.buffer[1][6].bold
       and not c.screen.buffer[2][6].bold and c.screen.buffer[2][0].bg == "brown")
c.keys("X")
c.wait("X asks first", lambda c: "Kill 2 tagged? (y/n)" in c.text())
c.keys("n")
c.wait("n: nothing killed", lambda c: "Kill 2 tagged?" not in c.text() and c.lines()[1] == "(2) + other: [1]")
c.keys("X", "y")
c.wait("X, y: the tagged sessions killed, the tree still open",
       lambda c: c.lines()[:3] == ["(1) + main: [2]", "(2) + alpha: [1]", ""])
s.check("they are gone", "alpha main", " ".join(sorted(s.out("list-sessions", "-F", "#S").split())))
c.keys("x")
c.wait("x asks about the chosen item", lambda c: "Kill session alpha:? (y/n)" in c.text())
c.keys("y")
c.wait("and kills it", lambda c: c.lines()[:2] == ["(1) + main: [2]", ""])
c.keys("q")
c.wait("q leaves the tree", lambda c: c.lines()[0] != "(1) + main: [2]")
s.amux("kill-window", "-t", "main:5")

# --- attach -r: a read-only client sees and types nothing into the pane -------------------
ro = Client(s, ["attach-session", "-r", "-t", "main"])
ro.wait("attached read-only", lambda c: status(c).startswith("[main]"))
s.check("its flags", ["0 attached,UTF-8", "1 attached,read-only,UTF-8"],
        sorted(s.out("list-clients", "-F", "#{client_readonly} #{client_flags}").splitlines()))
windows = fmt("#{session_windows}")
ro.keys("typed-by-ro", "Enter")
ro.keys("C-b", "c")  # new-window: a change, not run for it
ro.keys("C-b", "d")  # detach: allowed
st, printed = ro.wait_exit()
s.check("C-b d detaches it", 0, st)
s.check("its keys reached no pane and made no window", (False, windows),
        ("typed-by-ro" in s.out("capture-pane", "-p", "-t", "main"), fmt("#{session_windows}")))

# --- window-size: resize-window makes it manual; unset, the client sizes the window again ---
s.amux("resize-window", "-t", "main", "-x", "40", "-y", "10")
s.check("resize-window: manual", "manual 40x10",
        fmt("#{window-size} #{window_width}x#{window_height}"))
c.wait("the client shows the smaller window", lambda c: c.line(10).startswith("\u2500" * 40)
       or len(c.line(0).rstrip()) <= 40)
s.amux("set-option", "-w", "-u", "-t", "main", "window-size")
s.wait_until(lambda: fmt("#{window_width}x#{window_height}") == "80x23")
s.check("unset: the client's size again", "latest 80x23",
        fmt("#{window-size} #{window_width}x#{window_height}"))
s.amux("set-option", "-g", "-w", "window-size", "manual")
c.resize(70, 20)
c.wait("a terminal resize redraws", lambda c: len(c.line(19)) == 70 and status(c).startswith("[main]"))
s.check("manual: the terminal's size does not move it", "80x23",
        fmt("#{window_width}x#{window_height}"))
s.amux("set-option", "-g", "-w", "-u", "window-size")
s.wait_until(lambda: fmt("#{window_width}x#{window_height}") == "70x19")
s.check("unset globally: the client's size", "70x19", fmt("#{window_width}x#{window_height}"))
c.resize(80, 24)
s.wait_until(lambda: fmt("#{window_width}x#{window_height}") == "80x23")

# --- #(command) in the status line: the last line it printed, run again each status-interval
s.amux("set-option", "status-right", "<#(echo first; echo #{session_name}-last)>")
c.wait("#(command) shows its last line, its formats expanded", lambda c: status(c).endswith("<main-last>"))
s.amux("set-option", "status-right", "<#(exit 3)|#(echo 'a(b)c')|#(unclosed>")
c.wait("nothing from a command that prints nothing; parentheses nest; an unclosed one is text",
       lambda c: status(c).endswith("<|a(b)c|#(unclosed>"))
s.check("not run for display -p, as tmux", "<>", s.out("display", "-p", "<#(echo x)>"))
s.amux("set-option", "-u", "status-right")

# --- the mouse: a click on a window in the status line selects it --------------------------
s.amux("set-option", "mouse", "on")
s.amux("new-window", "-t", "main:3", "-n", "three", "cat")
c.wait("window three current", lambda c: "3:three*" in status(c))
col = status(c).index("0:") + 1  # SGR mouse columns count from 1
c.send(f"\x1b[<0;{col};24M\x1b[<0;{col};24m")
c.wait("clicked: window 0 is current", lambda c: "3:three-" in status(c))
s.check("and so for the server", "0", fmt("#{window_index}"))
s.amux("kill-window", "-t", "main:3")
s.amux("set-option", "-u", "mouse")

# --- the mouse: dragging the border between two panes resizes them --------------------------
s.amux("set-option", "mouse", "on")
s.amux("split-window", "-h", "-t", "main", "cat")
s.check("two panes side by side", ["40", "39"],
        s.out("list-panes", "-t", "main", "-F", "#{pane_width}").split())
c.send("\x1b[<0;41;5M")  # press on the border (column 40, zero-based)
c.send("\x1b[<32;31;5M\x1b[<32;21;6M")  # drag left with the button held
c.send("\x1b[<0;21;6m")  # release
s.wait_until(lambda: s.out("list-panes", "-t", "main", "-F", "#{pane_width}").split() == ["20", "59"])
s.check("the border followed the mouse", ["20", "59"],
        s.out("list-panes", "-t", "main", "-F", "#{pane_width}").split())
c.send("\x1b[<0;21;5M\x1b[<32;1;5M\x1b[<0;1;5m")  # as far as it goes: one cell stays
s.wait_until(lambda: s.out("list-panes", "-t", "main", "-F", "#{pane_width}").split() == ["1", "78"])
s.check("each pane keeps a cell", ["1", "78"],
        s.out("list-panes", "-t", "main", "-F", "#{pane_width}").split())
s.amux("kill-pane", "-t", "main:0.1")
s.amux("set-option", "-u", "mouse")

# --- the mouse: dragging over text selects it; the release copies it ----------------------
s.amux("set-option", "mouse", "on")
s.amux("new-window", "-t", "main:4", "-n", "words", "sh", "-c", "printf 'alpha beta\\ngamma delta\\n'; exec cat")
c.wait("the words", lambda c: c.lines()[:2] == ["alpha beta", "gamma delta"])
c.send("\x1b[<0;7;1M")  # the button down on the b of beta
c.send("\x1b[<32;5;2M")  # dragged to the second a of gamma
c.wait("the drag opened copy mode with a selection",
       lambda c: fmt("#{pane_in_mode} #{selection_present}") == "1 1")
c.send("\x1b[<0;5;2m")  # released
c.wait("the release copies and leaves", lambda c: fmt("#{pane_in_mode}") == "0")
s.check("what was dragged over", "beta\ngamma", s.out("show-buffer"))

# --- the mouse through key tables, as tmux's defaults bind it -------------------------------
# A middle click on the status line (bound to nothing) ends any click sequence: the next
# press is a first one, whenever the last was.
other = "\x1b[<1;80;24M\x1b[<1;80;24m"
s.amux("delete-buffer")
c.send(other + "\x1b[<0;8;1M\x1b[<0;8;1m\x1b[<0;8;1M\x1b[<0;8;1m")  # a double click on beta
s.wait_until(lambda: s.out("show-buffer") == "beta")
s.check("DoubleClick1Pane: select-word, then copied after run-shell -d 0.3", "beta",
        s.out("show-buffer"))
c.wait("and copy mode left", lambda c: fmt("#{pane_in_mode}") == "0")
s.amux("delete-buffer")
c.send(other + "\x1b[<0;3;2M\x1b[<0;3;2m" * 3)  # a triple click on gamma's line
s.wait_until(lambda: s.out("show-buffer") == "gamma delta")
s.check("TripleClick1Pane: the line", "gamma delta", s.out("show-buffer"))
c.wait("copy mode left again", lambda c: fmt("#{pane_in_mode}") == "0")
c.send(other + "\x1b[<2;41;6M\x1b[<2;41;6m")  # a right click on nothing: tmux's pane menu
title = "0 (" + fmt("#{pane_id}") + ")"
left = (23 - len(title)) // 2  # as tmux: centred over the inside and the corner
c.wait("the pane menu, centred across the mouse, its top at it, its title centred",
       lambda c: c.line(5)[28:52] == "\u250c" + "\u2500" * left + title +
       "\u2500" * (22 - len(title) - left) + "\u2510")
s.check("no word items, no leading separator", "\u2502 Horizontal Split (h) \u2502",
        c.line(6)[28:52])
s.check("a disabled item: no key", "\u2502 Swap Up              \u2502", c.line(9)[28:52])
c.keys("Escape")
c.wait("Escape closes it", lambda c: "\u250c" not in c.line(5))
c.send(other + "\x1b[<2;8;1M\x1b[<2;8;1m")  # a right click on beta
c.wait("the menu with the word's items first",
       lambda c: "Search For beta" in c.line(1) and "Copy Line" in c.line(4))
s.check("a word item underlined (#[underscore])", True, c.screen.buffer[1][15].underscore)
c.keys("c")
s.wait_until(lambda: s.out("show-buffer") == "beta")
s.check("its key: Copy beta (the command a format of the mouse's word)", "beta",
        s.out("show-buffer"))
c.send(other + "\x1b[<2;9;2M\x1b[<2;9;2m")
c.wait("the menu again, over delta", lambda c: "Copy Line" in c.line(5))
c.send("\x1b[<0;8;6M\x1b[<0;8;6m")  # a click on Copy Line
s.wait_until(lambda: s.out("show-buffer") == "gamma delta")
s.check("an item chosen with the mouse", "gamma delta", s.out("show-buffer"))
c.wait("the menu closed", lambda c: c.lines()[:2] == ["alpha beta", "gamma delta"])
s.amux("bind-key", "-n", "MouseDown1Pane",
       "display-message '#{mouse_x},#{mouse_y}:#{mouse_word}|#{mouse_line}'")
c.send(other + "\x1b[<0;9;2M\x1b[<0;9;2m")
c.wait("a binding of its own: the mouse_* formats", lambda c: status(c) == "8,1:delta|gamma delta")
s.check("select-pane -t = outside a mouse binding", (1, "", "no mouse target\n"),
        s.amux("select-pane", "-t", "="))
s.check("send-keys -M likewise", (1, "", "no mouse target\n"), s.amux("send-keys", "-M"))
s.amux("bind-key", "-n", "MouseDown1Pane", "select-pane -t = ; send-keys -M")
s.amux("new-window", "-t", "main:5", "-n", "app", "sh", "-c",
       "printf '\\033[?1000h\\033[?1006h'; exec cat -v")
c.wait("the app window", lambda c: "5:app*" in status(c))
s.wait_until(lambda: fmt("#{mouse_any_flag}") == "1")
c.send(other + "\x1b[<0;5;2M\x1b[<0;5;2m")
c.wait("a program that asked for the mouse gets the press (send-keys -M) and the release",
       lambda c: "^[[<0;5;2M^[[<0;5;2m" in c.text())
col = status(c).index("4:") + 1
c.send(f"\x1b[<64;{col};24M")
c.wait("WheelUpStatus: previous-window", lambda c: "4:words*" in status(c))
c.send(f"\x1b[<65;{col};24M")
c.wait("WheelDownStatus: next-window", lambda c: "5:app*" in status(c))
col = status(c).index("4:") + 1
c.send(other + f"\x1b[<2;{col};24M\x1b[<2;{col};24m")
c.wait("a right click on a window's entry: its menu", lambda c: "4:words" in c.text() and
       "New At End" in c.text())
c.keys("W")
c.wait("New At End: new-window, at the first free index", lambda c: " 1:" in status(c))
s.amux("kill-window", "-t", "main:1")
s.amux("kill-window", "-t", "main:5")
s.amux("kill-window", "-t", "main:4")
s.amux("new-window", "-t", "main:4", "-n", "lines", "sh", "-c", "seq -f w%g 1 60; exec cat")
c.wait("a window with a history", lambda c: fmt("#{window_name} #{history_size}") == "lines 38")
c.send("\x1b[<64;5;5M")
c.wait("WheelUpPane: copy-mode -e", lambda c: fmt("#{pane_in_mode} #{scroll_position}") == "1 0")
c.send("\x1b[<64;5;5M")
c.wait("the wheel in copy mode: five lines", lambda c: fmt("#{scroll_position}") == "5")
c.send("\x1b[<65;5;5M")
c.wait("scrolled back to the bottom: -e leaves", lambda c: fmt("#{pane_in_mode}") == "0")
s.amux("kill-window", "-t", "main:4")
s.amux("set-option", "-u", "mouse")

# --- display-popup: a program in a box, the keys its; the client that ran it waits ------------
def popup(*args):
    return subprocess.Popen([AMUX_BIN, "-S", s.sock, "display-popup", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def popup_open(c):
    return any("\u250c" in l for l in c.lines())


p = popup("-T", "#[align=centre]Title", "printf hello; exit 3")
c.wait("tmux's default box: half the client each way, centred as tmux centres it",
       lambda c: c.line(5)[19:59] == "\u250c" + "\u2500" * 17 + "Title" + "\u2500" * 16 + "\u2510"
       and c.line(6)[19:25] == "\u2502hello" and c.line(16)[19] == "\u2514")
c.keys("Escape")
c.wait("the program gone, Escape closes it", lambda c: not popup_open(c))
s.check("the client waited for it and exits with the program's status", (3, "", ""),
        (p.wait(timeout=30 * SLACK),) + p.communicate())
p = popup("-E", "-w", "30", "-h", "5", "cat")
c.wait("-E: a box 30x5", lambda c: popup_open(c) and c.line(9)[24:54] == "\u250c" + "\u2500" * 28 + "\u2510")
c.keys("a", "b", "C-b", "Enter")
c.wait("every key is the program's, the prefix too", lambda c: c.line(10)[25:29] == "ab^B")
c.keys("C-d")
s.check("-E: it closed when the program exited", (0, "", ""),
        (p.wait(timeout=30 * SLACK),) + p.communicate())
c.wait("gone from the screen", lambda c: not popup_open(c))
p = popup("-B", "-w", "10", "-h", "3", "-x", "0", "-y", "0", "-EE", "echo hi; exec cat")
c.wait("-B: no border, at 0,0", lambda c: c.line(0)[:10] == "hi        ")
s.check("-C closes it; the program hung up", (0, "", ""), s.amux("display-popup", "-C"))
s.check("the waiting client: 129", 129, p.wait(timeout=30 * SLACK))
p = popup("-EE", "-w", "20", "-h", "4", "exit 5")
c.wait("-EE: a failing program leaves it open", lambda c: popup_open(c))
c.keys("C-c")
c.wait("C-c closes it", lambda c: not popup_open(c))
s.check("its status", 5, p.wait(timeout=30 * SLACK))
for args, error in [(["-w", "0"], "width too small"), (["-w", "abc"], "width invalid"),
                    (["-w", "200%"], "width too large"), (["-h", "100"], "height too large"),
                    (["-x", "left"], "invalid position: left"), (["-s", "fg=nope"], "invalid style: fg=nope")]:
    s.check(f"display-popup {' '.join(args)}", (1, "", error + "\n"),
            s.amux("display-popup", *args, "true"))
s.check("no popup open: -C does nothing", (0, "", ""), s.amux("display-popup", "-C"))

# --- the status line's styles and justification (placed as tmux 3.3a places them) ---------
status_opts = [("status-left", "#[fg=red,bold]<#S>#[default] "), ("status-right", "#[bg=cyan]R"),
               ("status-justify", "centre"), ("window-status-current-format", "#I"),
               ("window-status-current-style", "bg=yellow")]
for k, v in status_opts:
    s.amux("set-option", k, v)
# The text is final before the last option (the current window's style) is drawn: the
# wait is for that too.
c.wait("centred as tmux: left part, room / 2 - list / 2, the right part at the edge",
       lambda c: status(c) == "<main>" + " " * 37 + "0" + " " * 35 + "R"
       and c.screen.buffer[23][43].bg == "brown")
row = c.screen.buffer[23]
s.check("inline #[fg=red,bold], then #[default] back to status-style",
        [("red", True), ("black", False)], [(row[0].fg, row[0].bold), (row[6].fg, row[6].bold)])
s.check("the current window's style and status-right's inline style",
        ["brown", "green", "cyan"], [row[43].bg, row[44].bg, row[79].bg])
for k, _ in status_opts:
    s.amux("set-option", "-u", k)

# --- display-menu: items by key or Up/Down and Enter; separators; disabled items -----------
menu = ["display-menu", "-T", "Menu #{session_name}", "First", "f", "set-buffer -b menu first",
        "", "-Off", "o", "set-buffer -b menu off", "Second", "s", "set-buffer -b menu second"]
s.amux(*menu)
c.wait("a box with its title and items, centred",
       lambda c: any("Menu main" in l for l in c.lines()) and any("First" in l and "(f)" in l
                                                                  for l in c.lines()))
c.keys("s")
s.wait_until(lambda: s.out("show-buffer", "-b", "menu"))
s.check("an item's key runs it", "second", s.out("show-buffer", "-b", "menu"))
s.amux("delete-buffer", "-b", "menu")
s.amux(*menu)
c.wait("again", lambda c: any("Menu main" in l for l in c.lines()))
c.keys("Down", "Enter")  # past the separator and the disabled item
s.wait_until(lambda: s.out("show-buffer", "-b", "menu"))
s.check("Down skips what cannot be chosen", "second", s.out("show-buffer", "-b", "menu"))
s.amux("delete-buffer", "-b", "menu")
s.amux(*menu)
c.wait("and again", lambda c: any("Menu main" in l for l in c.lines()))
c.keys("Enter")  # the first item is chosen first
s.wait_until(lambda: s.out("show-buffer", "-b", "menu"))
s.check("Enter runs the chosen item", "first", s.out("show-buffer", "-b", "menu"))
c.wait("the menu is gone", lambda c: not any("Menu main" in l for l in c.lines()))
s.check("a key for a missing command", (1, "", "not enough arguments for menu item: A\n"),
        s.amux("display-menu", "A", "a"))
s.check("a bad key", (1, "", "unknown key: NoSuchKey\n"),
        s.amux("display-menu", "A", "NoSuchKey", "kill-pane"))
s.check("a bad command", (1, "", "unknown command: nope\n"), s.amux("display-menu", "A", "a", "nope"))
c.keys("C-b", ">")
c.wait("C-b >: the pane menu", lambda c: any("Horizontal Split" in l for l in c.lines()))
c.keys("Escape")
c.wait("Escape closes it", lambda c: not any("Horizontal Split" in l for l in c.lines()))

# --- switch-client -T: the next key from another key table (modal bindings) ---------------
s.amux("bind-key", "-T", "mine", "a", "set-buffer -b kt from-mine")
s.amux("bind-key", "-n", "M-a", "switch-client -T mine")
c.send("\x1ba")  # M-a
s.wait_until(lambda: s.out("list-clients", "-F", "#{client_key_table}") == "mine")
s.check("the client's key table", "mine", s.out("list-clients", "-F", "#{client_key_table}"))
c.keys("a")
s.wait_until(lambda: s.out("show-buffer", "-b", "kt"))
s.check("the key ran from that table", "from-mine", s.out("show-buffer", "-b", "kt"))
s.check("then root again", "root", s.out("list-clients", "-F", "#{client_key_table}"))
s.check("a table that does not exist", (1, "", "table nosuch doesn't exist\n"),
        s.amux("switch-client", "-T", "nosuch"))
s.amux("unbind-key", "-n", "M-a")

s.check("server alive", (0, "main\n", ""), s.amux("list-sessions", "-F", "#{session_name}"))
s.amux("kill-server")
s.finish()
