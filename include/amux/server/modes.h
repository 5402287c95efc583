// The modes an attached client opens over its window: copy mode (scroll back through a
// pane's history and search it), a view of lines of text (list-keys, command output) and
// the group board.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "amux/server/attached.h"

namespace amux {

class Server;
class Pane;
class Grid;
class Line;

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

 private:
  Pane* pane() const;
  const Line* line_at(int view_row) const;  // a row of the view (history then screen)
  int history() const;
  int rows() const;
  void cursor_up(int n);
  void cursor_down(int n);
  void copy_selection();

  Server& server_;
  uint64_t client_;
  int pane_id_;
  int offset_ = 0;  // lines scrolled back from the bottom
  int cx_ = 0, cy_ = 0;
  std::string last_search_;
  bool last_up_ = true;
  bool selecting_ = false;
  int sel_line_ = 0, sel_x_ = 0;  // where the selection started (absolute line, cell)
};

std::unique_ptr<Overlay> make_copy_mode(Server& server, uint64_t client, Pane& pane);
// A scrollable view of lines; q or Escape leaves it.
std::unique_ptr<Overlay> make_view_mode(std::vector<std::string> lines);
// The group board (board.cc).
std::unique_ptr<Overlay> make_board(Server& server, uint64_t client);

}  // namespace amux
