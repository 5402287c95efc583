// What an attached client's terminal shows: a canvas of cells the server composes (panes,
// borders, status line), and the update that turns one canvas into the next — only the
// cells that changed, as runs of one style — which travels to the client to be drawn.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "amux/term/grid.h"

namespace amux {

struct CanvasCell {
  uint32_t glyph = ' ';  // a code point, kGlyphWidePad, or kGlyphCluster + index
  Style style;
  bool operator==(const CanvasCell&) const = default;
};

class Canvas {
 public:
  Canvas() = default;
  Canvas(int cols, int rows);
  int cols() const { return cols_; }
  int rows() const { return rows_; }
  const CanvasCell& at(int x, int y) const { return cells_[index(x, y)]; }
  // The cell's text (UTF-8; "" for the right half of a wide character).
  std::string text(int x, int y) const;
  bool same(const Canvas& other, int x, int y) const;

  void fill(int x, int y, int w, int h, uint32_t glyph, const Style& style);
  void set(int x, int y, uint32_t glyph, const Style& style);
  // Writes UTF-8 text from x on row y, clipped at max_x (exclusive); returns the cells used.
  int print(int x, int y, std::string_view utf8, const Style& style, int max_x = -1);
  // Copies w cells of a grid line from column sx to (x, y).
  void copy_line(int x, int y, const Line& line, int sx, int w);
  // Copies row sy of src onto row y (as wide as both allow).
  void copy_row(int y, const Canvas& src, int sy);
  // Gives every cell in the rectangle the style's colours and attributes.
  void restyle(int x, int y, int w, int h, const Style& style);
  // A frame of line-drawing characters around the box (x, y, w, h), its inside untouched.
  void frame(int x, int y, int w, int h, const Style& style);

  size_t cluster_count() const { return clusters_.size(); }

  int cursor_x = 0, cursor_y = 0;
  bool cursor_visible = false;

 private:
  size_t index(int x, int y) const {
    return static_cast<size_t>(y) * static_cast<size_t>(cols_) + static_cast<size_t>(x);
  }
  bool inside(int x, int y) const { return x >= 0 && y >= 0 && x < cols_ && y < rows_; }
  std::vector<CanvasCell> cells_;
  std::vector<std::string> clusters_;
  int cols_ = 0, rows_ = 0;
};

// Display width of a code point (0 for combining marks, 2 for wide characters).
int glyph_width(uint32_t cp);
// Cells UTF-8 text takes as Canvas::print writes it.
int text_width(std::string_view utf8);

// Update flags: what the client's terminal is asked to do beside drawing cells.
enum UpdateFlags : uint8_t {
  kUpdateCursor = 1,  // the cursor is shown
  kUpdateClear = 2,   // clear the screen first (every cell follows)
  kUpdatePaste = 4,   // bracketed paste on
  kUpdateMouse = 8,   // mouse reporting on
  kUpdateFocus = 16,  // (reserved)
};

constexpr size_t kUpdateHeaderSize = 9;  // an update that changes no cell

// The update from old to now; old == nullptr or a different size draws everything. rows:
// when given, only the rows marked may differ (the others are not compared).
std::string encode_update(const Canvas* old, const Canvas& now, uint8_t mode_flags,
                          const std::vector<bool>* rows = nullptr);

struct UpdateHeader {
  int cols = 0, rows = 0, cursor_x = 0, cursor_y = 0;
  uint8_t flags = 0;
};
struct UpdateRun {
  int row = 0, col = 0, cells = 0;
  Style style;
  std::string_view text;
};
// Decodes an update, calling run for each run in order; false when it is malformed.
bool decode_update(std::string_view data, UpdateHeader* header,
                   const std::function<void(const UpdateRun&)>& run);

}  // namespace amux

namespace amux {

// Parses a style as tmux writes one ("bg=green,fg=black,bold", "fg=colour214",
// "bg=#1e1e2e", "default", "none"), applied over base; false on a word it does not know.
bool parse_style(std::string_view text, Style* style);

// A style option drawn over what it sits on: as parse_style, but "default" means base
// (tmux's status-left-style "default" is the status line's style); words it does not
// know are passed over.
void style_over(std::string_view text, const Style& base, Style* style);

// A title over the top line of a frame at (x, y) w cells wide, as tmux places one (styled
// text; centred over the inside and the right corner); the corners stay.
void frame_title(Canvas& cv, int x, int y, int w, std::string_view title, const Style& style);

// Text with tmux's inline styles, as a status line or a menu holds it after its formats
// are expanded: "#[fg=red,bold]" changes the style from there on, "#[default]" goes back
// to base, "#[align=left|centre|right]" places what follows in [x, max_x); "##[" is a
// literal "#[". Words a style cannot draw here (list=, range=, fill=, push-default...)
// are passed over. Returns the cells used from x (what right-aligned text reaches).
int print_styled(Canvas& cv, int x, int y, std::string_view text, const Style& base,
                 int max_x = -1);
// The cells print_styled would use (every part, whatever its alignment).
int styled_width(std::string_view text);
// The text without its #[...] styles.
std::string strip_styles(std::string_view text);

}  // namespace amux
