// The modes an attached client opens over its window: copy mode (scroll back through a
// pane's history and search it), a view of lines of text (list-keys, command output) and
// the group board.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "amux/server/attached.h"

namespace amux {

class Server;
class Pane;
struct Window;
class Grid;
class Line;
class FormatContext;
struct Launch;
struct SpawnSpec;

// Keys every mode shares: q, Escape and C-c leave; Up/k and Down/j move by one (-1, +1).
bool mode_leave_key(KeyCode key);
int mode_line_step(KeyCode key);
// Moves a position within [0, count) by the step the key means.
int mode_move(int pos, KeyCode key, int count);

class CopyMode : public Overlay {
 public:
  CopyMode(Server& server, uint64_t client, Pane& pane);
  bool key(KeyCode key) override;
  void draw(Canvas& c, int x, int y, int w, int h) override;
  bool pane_only() const override { return true; }
  // Scrolls up (n > 0) or down; false when scrolled past the bottom (the mode ends).
  bool scroll(int n);
  // Finds text from the cursor, upwards or down; moves there. False when not found.
  bool search(const std::string& text, bool up);
  int pane_id() const { return pane_id_; }
  // The cursor to a cell of the view (a mouse drag), kept within it.
  void set_cursor(int x, int y);
  // The formats tmux gives a pane in copy mode: copy_cursor_x/y/word/line,
  // scroll_position, selection_present, search_present.
  void formats(FormatContext& ctx) const;
  // A copy-mode command (send-keys -X, copy-mode-commands.cc) with its arguments, done
  // count times. kLeave: the mode ends; kUnknown: no such command (error set).
  enum class Result { kStay, kLeave, kUnknown };
  Result command(const std::string& name, const std::vector<std::string>& args, int count,
                 std::string* error);
  // copy-mode -e: scrolling down to the bottom leaves; -H: no position indicator.
  void set_exit_at_bottom(bool on) { exit_at_bottom_ = on; }
  void set_hide_position(bool on) { hide_position_ = on; }
  // Every command name, in order (list-commands' and completion's source).
  static const std::vector<std::string>& command_names();

 private:
  using Step = Result (CopyMode::*)(const std::vector<std::string>& args);
  struct Command {
    const char* name;
    Step step;
    int args;  // how many arguments it takes
  };
  static const std::vector<Command>& commands();
  // The commands, one step each (copy-mode-commands.cc).
  Result up(const std::vector<std::string>&);
  Result down(const std::vector<std::string>&);
  Result left(const std::vector<std::string>&);
  Result right(const std::vector<std::string>&);
  Result line_start(const std::vector<std::string>&);
  Result line_end(const std::vector<std::string>&);
  Result indentation(const std::vector<std::string>&);
  Result page_up(const std::vector<std::string>&);
  Result page_down(const std::vector<std::string>&);
  Result halfpage_up(const std::vector<std::string>&);
  Result halfpage_down(const std::vector<std::string>&);
  Result scroll_up(const std::vector<std::string>&);
  Result scroll_down(const std::vector<std::string>&);
  Result history_top(const std::vector<std::string>&);
  Result history_bottom(const std::vector<std::string>&);
  Result top_line(const std::vector<std::string>&);
  Result middle_line(const std::vector<std::string>&);
  Result bottom_line(const std::vector<std::string>&);
  Result begin_selection(const std::vector<std::string>&);
  Result clear_selection(const std::vector<std::string>&);
  Result select_line(const std::vector<std::string>&);
  Result select_word(const std::vector<std::string>&);
  Result other_end(const std::vector<std::string>&);
  Result copy(const std::vector<std::string>&);
  Result copy_and_cancel(const std::vector<std::string>&);
  Result copy_line_end(const std::vector<std::string>&);
  Result copy_line_end_and_cancel(const std::vector<std::string>&);
  Result append_and_cancel(const std::vector<std::string>&);
  Result cancel(const std::vector<std::string>&);
  Result search_forward(const std::vector<std::string>&);
  Result search_backward(const std::vector<std::string>&);
  Result search_again(const std::vector<std::string>&);
  Result search_reverse(const std::vector<std::string>&);
  Result next_word(const std::vector<std::string>&);
  Result next_word_end(const std::vector<std::string>&);
  Result previous_word(const std::vector<std::string>&);
  Result next_space(const std::vector<std::string>&);
  Result next_space_end(const std::vector<std::string>&);
  Result previous_space(const std::vector<std::string>&);
  Result goto_line(const std::vector<std::string>&);
  Result jump_forward(const std::vector<std::string>&);
  Result jump_backward(const std::vector<std::string>&);
  Result jump_to_forward(const std::vector<std::string>&);
  Result jump_to_backward(const std::vector<std::string>&);
  Result jump_again(const std::vector<std::string>&);
  Result jump_reverse(const std::vector<std::string>&);
  Result set_mark(const std::vector<std::string>&);
  Result jump_to_mark(const std::vector<std::string>&);
  Result nothing(const std::vector<std::string>&);
  // Helpers.
  int abs_line() const;      // the cursor's line counted from the top of the history
  void go_to(int a, int x);  // the cursor to line a, cell x, scrolling as needed
  int cell_class(int a, int x, bool spaces_only) const;
  Result word_step(bool forward, bool to_end, bool spaces_only);
  Result jump(char kind, const std::string& what);
  void search_failed(const std::string& text);

 private:
  Pane* pane() const;
  const Line* line_at(int view_row) const;  // a row of the view (history then screen)
  int history() const;
  int rows() const;
  void cursor_up(int n);
  void cursor_down(int n);
  std::string selection_text() const;

  Server& server_;
  uint64_t client_;
  int pane_id_;
  int offset_ = 0;  // lines scrolled back from the bottom
  int cx_ = 0, cy_ = 0;
  std::string last_search_;
  bool last_up_ = true;
  bool selecting_ = false;
  int sel_line_ = 0, sel_x_ = 0;  // where the selection started (absolute line, cell)
  char jump_kind_ = 0;            // f, F, t or T: the last jump, for jump-again
  std::string jump_char_;
  int mark_line_ = -1, mark_x_ = 0;
  bool exit_at_bottom_ = false, hide_position_ = false;
};

std::unique_ptr<Overlay> make_copy_mode(Server& server, uint64_t client, Pane& pane);
// A scrollable view of lines; q or Escape leaves it.
std::unique_ptr<Overlay> make_view_mode(std::vector<std::string> lines);
// display-panes (ui-modes.cc): each pane's index drawn large over it; a digit key ends
// it with template (%% the index) as its command; after ms milliseconds (0: never) it
// closes by itself.
std::unique_ptr<Overlay> make_display_panes(Server& server, uint64_t client, std::string tmpl,
                                            long long ms, bool keys);
// display-menu (ui-modes.cc): a box of items, each chosen by its key or Up/Down and
// Enter; the chosen item's command ends it. An empty name is a separator; a name
// starting with '-' is shown but cannot be chosen.
struct MenuItem {
  std::string name, key, command;
};
struct MenuPlace {
  // A column/row, or C (centre), R (right), P (the pane), M (the mouse), W (the window's
  // entry in the status line; as y, like S: the status line).
  std::string x = "C", y = "C";
  std::string title;
  int mouse_x = -1, mouse_y = -1, window_x = -1, status_y = -1;  // what M, W and S mean
  int pane = -1;     // the pane its commands run for (-t)
  MouseEvent mouse;  // the mouse event that opened it, for its commands ("=")
};
std::unique_ptr<Overlay> make_menu(Server& server, uint64_t client, std::vector<MenuItem> items,
                                   MenuPlace place);
// clock-mode: the time drawn large over the pane until a key.
std::unique_ptr<Overlay> make_clock(Server& server, Pane& pane);
// choose-tree (choose-tree.cc): sessions, windows and panes as a tree; Enter or an
// item's digit ends it with tmpl (%% the item's target) as its command.
struct TreeOptions {
  std::string tmpl = "switch-client -t '%%'";
  bool sessions_closed = false;  // -s: sessions start collapsed
  bool windows_closed = false;   // -w: windows start collapsed
  bool preview = true;           // -N: none
  // Only the windows it passes (-f, find-window); all of them open.
  std::function<bool(Window&)> filter;
  std::string format;           // -F: each item's text after its name ("" tmux's default)
  std::string key_format;       // -K: each item's key, a format of #{line} ("" 0-9, M-a..M-z)
  std::string order = "index";  // -O: index, name or time (most recently used first)
  bool reversed = false;        // -r
};
std::unique_ptr<Overlay> make_choose_tree(Server& server, uint64_t client, const TreeOptions& o);
// display-popup (popup.cc): a program in a box over the window, taking the keys.
struct PopupSpec {
  int inner_w = 0, inner_h = 0;  // the program's size
  int x = -1, y = -1;            // the box's corner in the window area (-1: centred)
  bool border = true;            // -B: none
  std::string title, style, border_style;
  int close_on_exit = 0;  // -E: 1 (when the program exits), -EE: 2 (when it exits with 0)
};
// nullptr with *error when the program cannot start.
std::unique_ptr<Overlay> make_popup(Server& server, uint64_t client, PopupSpec spec,
                                    const Launch& how, const SpawnSpec& spawn, std::string* error);
bool is_popup(const Overlay* mode);
// The client that ran display-popup, resumed when the popup closes.
void set_popup_waiter(Overlay* mode, uint64_t client);
// The group board (board.cc).
std::unique_ptr<Overlay> make_board(Server& server, uint64_t client);

}  // namespace amux
