// An attached client as the server keeps it: its terminal (size, TERM, tty), what its
// screen shows now (for updates of only what changed), its key state, the message on its
// status line, and the mode it is in (a prompt, copy mode, a view, the group board).
#pragma once

#include <termios.h>

#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "amux/base/handles.h"
#include "amux/base/protocol.h"
#include "amux/term/canvas.h"
#include "amux/term/input.h"
#include "amux/term/tty-writer.h"

namespace amux {

class Server;
struct ClientConn;

// The largest canvas drawn for a client (an update then stays under a frame's limit).
constexpr int kMaxCanvasCols = 500;
constexpr int kMaxCanvasRows = 300;

// A mode drawn over the window area (copy mode, a view, the board): it takes the keys
// while it is open.
class Overlay {
 public:
  virtual ~Overlay() = default;
  // Handles a key; false when the mode ends.
  virtual bool key(KeyCode key) = 0;
  // Draws on the window area (x, y, w, h) of the client's canvas.
  virtual void draw(Canvas& c, int x, int y, int w, int h) = 0;
  // Whether it covers only the active pane (copy mode) or the whole window.
  virtual bool pane_only() const { return false; }
  // A command the mode chose as it ended (display-panes' digit, choose-tree's Enter),
  // run for the client once the mode is gone; "" for none.
  virtual std::string take_command() { return ""; }
};

// The command prompt on the status line: a line editor; Enter hands the text to done.
struct Prompt {
  std::string label;  // ":" or "(search) "
  std::string text;
  size_t cursor = 0;  // byte offset in text
  std::function<void(const std::string&)> done;
  // command-prompt -1: the first key answers; -k: as its key name; -N: digits only.
  bool single = false, key_name = false, numeric = false;
  std::string type = "command";  // -T: what Tab completes (command, search, target, ...)
  std::string hint;              // what Tab found when it could not choose, until a key
};

struct Attached {
  // The client's terminal, opened by the server from its path: keys are read from it and
  // the screen written to it directly (no hop through the client process).
  BufferEventPtr tty;
  TtyWriter writer;
  struct termios saved_modes {};
  int session = -1;
  int last_session = -1;  // switch-client -l
  TerminalInfo terminal;
  time_t created = 0, activity = 0;
  Canvas shown;  // what the client's terminal shows
  uint8_t shown_flags = 0;
  bool have_shown = false;
  bool dirty = true;
  // What the last composed screen was made of: the layout it had, and for each pane row
  // the line and its version; rows whose line did not change are not copied or compared.
  std::string layout;
  std::map<int, std::vector<std::pair<const void*, uint64_t>>> pane_rows;
  std::vector<bool> changed_rows;
  Canvas status_line;  // the status line as last expanded (pane output leaves it alone)
  struct StatusWindow {
    int x0, x1, window;  // the cells [x0, x1) of the status line show that window
  };
  std::vector<StatusWindow> status_windows;  // where a click selects a window
  // A border being dragged with the mouse: its column (vertical) or row, and where the
  // drag crosses it.
  struct BorderDrag {
    bool active = false, vertical = false;
    int pos = 0, cross = 0;
  } drag;
  // A text selection by mouse: where the first button went down (pane, cell), and whether
  // a drag from there has opened copy mode with a selection.
  struct SelectFrom {
    int pane = -1, x = 0, y = 0;
  } select_from;
  bool selecting = false;
  bool status_valid = false;
  InputParser input;
  EventPtr escape_timer;
  bool prefix = false;    // the prefix key was pressed: the next key is looked up in "prefix"
  std::string key_table;  // switch-client -T: the next key is looked up there ("" root)
  // A repeatable binding ran: until the timer fires, a key bound with -r in "prefix"
  // runs again without the prefix.
  bool repeating = false;
  EventPtr repeat_timer;
  std::string message;
  EventPtr message_timer;
  std::unique_ptr<Overlay> mode;
  std::unique_ptr<Prompt> prompt;
};

}  // namespace amux
