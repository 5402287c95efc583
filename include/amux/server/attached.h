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

// A mouse event as a key binding sees it (Attached::mouse; a menu keeps its own).
struct MouseEvent {
  bool valid = false;
  KeyCode key = kKeyNone;
  MouseWhere where = MouseWhere::kPane;
  int window = -1, pane = -1;  // what it landed on (a status entry: that window)
  int x = 0, y = 0;            // the client's cell (a drag's: where the button went down)
  int button = 0;              // as the terminal sent it (SGR)
  bool release = false;
};

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
  // The pane that command runs for (its default target) and the mouse event it runs
  // with (a menu the mouse opened); -1 and nullptr: the client's own.
  virtual int command_pane() const { return -1; }
  virtual const MouseEvent* command_mouse() const { return nullptr; }
  // A mouse press at a cell of the client's screen; false when the mode ends.
  virtual bool mouse_press(int /*x*/, int /*y*/) { return true; }
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
  // The frame before it, kept to compose the next one in: it differs from shown only in
  // the rows marked (so a keystroke's frame copies a row, not the screen).
  Canvas spare;
  std::vector<bool> spare_rows;
  int64_t shown_ms = 0;  // when it was drawn last (frames during a flood: renderer.h)
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
  std::vector<StatusWindow> status_windows;         // where a click selects a window
  int status_left_end = 0, status_right_start = 0;  // status-left's cells end, status-right's start
  // The mouse event a key binding runs for: target "=" ({mouse}), the mouse_* formats,
  // send-keys -M, copy-mode -M and resize-pane -M read it. Valid while its binding runs.
  MouseEvent mouse;
  // A drag under way: its button plus one (0: none), and what takes its motion (nothing:
  // each motion is a MouseDrag key again).
  int drag_button = 0;
  enum class DragTaker { kNone, kBorder, kSelect } drag_taker = DragTaker::kNone;
  struct BorderDrag {
    bool vertical = false;
    int pos = 0, cross = 0;  // the border's column (vertical) or row; where the drag crosses
  } border;
  int last_x = 0, last_y = 0;  // where the last press was (a drag starts there)
  // Clicks counted: 1 after a press (the next is a DoubleClick), 2 after a double (the
  // next is a TripleClick), until the timer ends the sequence.
  int clicks = 0, click_button = 0;
  EventPtr click_timer;
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
