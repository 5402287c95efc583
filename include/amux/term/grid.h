// The screen grid a pane's emulator writes into: a ring of lines (scrolling the whole
// screen is O(1)), a bounded history of lines scrolled off the top, and compact cells
// (4 bytes each on screen; plain-ASCII history lines shrink to one byte a cell).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace amux {

// Colours: 0 is the default; kColorIndexed|n is palette entry n; kColorRgb|0xRRGGBB.
constexpr uint32_t kColorDefault = 0;
constexpr uint32_t kColorIndexed = 1u << 24;
constexpr uint32_t kColorRgb = 2u << 24;

enum StyleAttr : uint16_t {
  kAttrBold = 1,
  kAttrItalic = 2,
  kAttrUnderline = 4,
  kAttrDoubleUnderline = 8,
  kAttrCurlyUnderline = 16,
  kAttrBlink = 32,
  kAttrReverse = 64,
  kAttrStrike = 128,
};

constexpr uint16_t kAttrUnderlines = kAttrUnderline | kAttrDoubleUnderline | kAttrCurlyUnderline;

// The one table of SGR attributes: the parameter that sets each (0: none alone; curly
// underline is only 4:3), the one that clears it, and how capture -e writes it.
struct SgrAttr {
  uint16_t bit;
  int on, off;
  const char* code;
};
inline constexpr SgrAttr kSgrAttrs[] = {
    {kAttrBold, 1, 22, "1"},
    {kAttrItalic, 3, 23, "3"},
    {kAttrUnderline, 4, 24, "4"},
    {kAttrDoubleUnderline, 21, 24, "4:2"},
    {kAttrCurlyUnderline, 0, 24, "4:3"},
    {kAttrBlink, 5, 25, "5"},
    {kAttrReverse, 7, 27, "7"},
    {kAttrStrike, 9, 29, "9"},
};

struct Style {
  uint32_t fg = kColorDefault;
  uint32_t bg = kColorDefault;
  uint16_t attrs = 0;
  bool is_default() const { return fg == 0 && bg == 0 && attrs == 0; }
  bool operator==(const Style&) const = default;
};

// A cell is 32 bits: the low 21 hold a glyph, the high 11 an index into the line's style
// table (0: default style). Glyph 0 is an empty cell; kGlyphWidePad is the right half of
// a wide character; glyphs from kGlyphCluster up index the line's combined clusters.
constexpr uint32_t kGlyphBits = 21;
constexpr uint32_t kGlyphMask = (1u << kGlyphBits) - 1;
constexpr uint32_t kGlyphCluster = 0x110000;
constexpr uint32_t kGlyphWidePad = kGlyphMask;
constexpr uint32_t kMaxLineStyles = (1u << (32 - kGlyphBits)) - 1;

// Every change to a line's cells gives it a new number, unique among all lines of the
// process: a line that still has the number it had shows the same cells (an attached
// client's view copies only lines whose number moved).
inline uint64_t line_version_counter = 0;
inline uint64_t next_line_version() {
  return ++line_version_counter;
}

class Line {
 public:
  Line() = default;
  // A blank line of cols cells; its cells are allocated when first written.
  explicit Line(int cols) : width_(cols) {}
  Line(Line&& o) noexcept
      : cells_(std::move(o.cells_)),
        extra_(std::move(o.extra_)),
        ascii_(std::move(o.ascii_)),
        width_(o.width_),
        hwm_(o.hwm_),
        compact_(o.compact_),
        version_(o.version_),
        wrapped(o.wrapped) {
    o.version_ = next_line_version();  // what is left behind is not what it was
  }
  Line& operator=(Line&& o) noexcept {
    cells_ = std::move(o.cells_);
    extra_ = std::move(o.extra_);
    ascii_ = std::move(o.ascii_);
    width_ = o.width_;
    hwm_ = o.hwm_;
    compact_ = o.compact_;
    version_ = o.version_;
    wrapped = o.wrapped;
    o.version_ = next_line_version();
    return *this;
  }
  uint64_t version() const { return version_; }

  int size() const { return compact_ ? static_cast<int>(ascii_.size()) : width_; }
  uint32_t glyph(int x) const {
    if (x < 0 || x >= size()) return 0;
    if (compact_) return static_cast<unsigned char>(ascii_[static_cast<size_t>(x)]);
    if (static_cast<size_t>(x) >= cells_.size()) return 0;
    return cells_[static_cast<size_t>(x)] & kGlyphMask;
  }
  const Style& style(int x) const;
  // The UTF-8 text of the cell at x ("" for the right half of a wide character).
  std::string text(int x) const;

  void set(int x, uint32_t glyph, const Style& style);
  // The emulator's hot path: a narrow character at 0 <= x < size(), clearing the other
  // half of a wide character it overwrites.
  void put(int x, uint32_t glyph, const Style& style) {
    if (compact_ || !style.is_default() || x + 1 >= static_cast<int>(cells_.size()))
      return put_slow(x, glyph, style);  // also allocates the cells on first use
    uint32_t* c = cells_.data() + x;
    if (((c[0] | c[1]) & kGlyphMask) == kGlyphWidePad) return put_slow(x, glyph, style);
    c[0] = glyph;
    version_ = next_line_version();
    if (x >= hwm_) hwm_ = x + 1;
  }
  // n printable ASCII bytes in the default style at x.. (x + n before the line's last
  // cell): written at once, true; false (nothing written) when a cell there needs the
  // slow way (a compact line, a wide character's half).
  bool put_ascii(int x, const char* bytes, int n) {
    if (compact_ || n <= 0 || x + n >= width_) return false;
    allocate();
    uint32_t* c = cells_.data() + x;
    for (int k = 0; k < n; k++)
      if (((c[k] | c[k + 1]) & kGlyphMask) == kGlyphWidePad) return false;
    for (int k = 0; k < n; k++) c[k] = static_cast<unsigned char>(bytes[k]);
    version_ = next_line_version();
    if (x + n > hwm_) hwm_ = x + n;
    return true;
  }
  void set_cluster(int x, const std::string& utf8, const Style& style);
  void clear(int from, int to, const Style& bg);  // cells [from, to)
  void resize(int cols);
  void reset(int cols);  // an empty line of cols cells
  // Number of cells up to the last non-empty one.
  int used() const;
  // Turns a default-style printable-ASCII line into one byte a cell (history lines).
  void compact();
  // What goes to history when this screen line scrolls off: a compact copy when the
  // line allows one (this line keeps its cells for reuse), else the line itself.
  Line take_for_history();
  size_t memory() const;  // heap bytes held, for the memory benchmark

 private:
  void expand();
  void allocate() {
    if (cells_.size() < static_cast<size_t>(width_)) cells_.resize(static_cast<size_t>(width_), 0);
  }
  void put_slow(int x, uint32_t glyph, const Style& style);
  uint32_t style_index(const Style& s);
  struct Extra {
    std::vector<Style> styles;  // style index k is styles[k - 1]
    std::vector<std::string> clusters;
  };
  std::vector<uint32_t> cells_;
  std::unique_ptr<Extra> extra_;
  std::string ascii_;
  int width_ = 0;  // cells on screen; cells_ may be shorter (the rest are blank)
  int hwm_ = 0;    // no cell at or past this index was written since the last reset
  bool compact_ = false;
  uint64_t version_ = next_line_version();

 public:
  bool wrapped = false;  // the next line continues this one (soft wrap)
};

class Grid {
 public:
  Grid(int cols, int rows, size_t history_limit);
  int cols() const { return cols_; }
  int rows() const { return rows_; }
  Line& line(int y) { return screen_[ring(y)]; }
  const Line& line(int y) const { return screen_[ring(y)]; }
  size_t history_size() const { return history_.size(); }
  const Line& history_line(size_t i) const { return history_[i]; }  // 0 is the oldest
  size_t history_limit() const { return history_limit_; }
  // Lines that ever left the screen for history (kept or not): a reader that saw this
  // count before finds the lines since at the end of history (those still kept).
  uint64_t history_pushed() const { return pushed_; }
  void set_history_limit(size_t limit);
  void clear_history() { history_.clear(); }

  // Scrolls rows [top, bottom] up by n; lines leaving a region that starts at the top
  // of the screen go to history when save is set.
  void scroll_up(int top, int bottom, int n, bool save, const Style& bg);
  void scroll_down(int top, int bottom, int n, const Style& bg);
  void erase(int x0, int y0, int x1, int y1, const Style& bg);  // [x0,x1) x [y0,y1)
  void move_rect(int dx, int dy, int sx, int sy, int w, int h);
  // Resizes, rewrapping soft-wrapped lines when the width changes; keeps the cursor on
  // the same character.
  void resize(int cols, int rows, int* cx, int* cy, bool reflow);
  size_t memory() const;

 private:
  size_t ring(int y) const {
    size_t i = top_ + static_cast<size_t>(y);
    return i >= screen_.size() ? i - screen_.size() : i;
  }
  void push_history(Line&& l);
  void reflow(int cols, int rows, int* cx, int* cy);

  int cols_, rows_;
  size_t history_limit_;
  std::vector<Line> screen_;
  size_t top_ = 0;
  std::deque<Line> history_;
  uint64_t pushed_ = 0;
};

// Encodes a code point as UTF-8.
void append_utf8(std::string& out, uint32_t cp);
// SGR sequence that sets s from a reset state ("\033[0m" for the default style).
std::string style_sgr(const Style& s);

}  // namespace amux
