// Rendering a grid's lines as text for capture-pane: line ranges reaching into history,
// trailing blanks trimmed or kept, wrapped lines joined, SGR escapes kept on request.
#pragma once

#include <string>

#include "amux/term/grid.h"

namespace amux {

struct CaptureRange {
  // Line numbers as tmux counts them: 0 is the top visible line, -1 the newest history
  // line. from_history_start / to_screen_end stand for "-".
  long start = 0;
  long end = -1;  // -1 with end_default: the last visible line
  bool end_default = true;
  bool from_history_start = false;
  bool to_screen_end = false;
};

struct CaptureOptions {
  CaptureRange range;
  bool join = false;           // -J
  bool escapes = false;        // -e
  bool keep_trailing = false;  // -N
  bool written_only = false;   // -T: cells never written are not trailing spaces
};

std::string capture_grid(const Grid& g, const CaptureOptions& opts);
// One line's text; escapes adds SGR sequences (reset at the end of a styled line);
// written_only stops at the last cell written (spaces a program wrote are kept).
std::string render_line(const Line& l, int width, bool escapes, bool trim,
                        bool written_only = false);

}  // namespace amux
