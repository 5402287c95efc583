"""tmux's day-one keys and screens, attached: exact screens, every wait for the event."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from term import Client, Suite  # noqa: E402

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

s.check("server alive", (0, "main\n", ""), s.amux("list-sessions", "-F", "#{session_name}"))
s.amux("kill-server")
s.finish()
