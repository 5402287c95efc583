// Lines and the grid: cell packing, the screen ring, history, scrolling, erasing and
// resize with reflow of soft-wrapped lines.
#include "amux/term/grid.h"

#include <algorithm>

namespace amux {

static const Style kDefaultStyle;

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

static void append_color(std::string& out, uint32_t c, bool fg) {
  uint32_t v = c & 0xffffff;
  if ((c & 0xff000000) == kColorIndexed) {
    if (v < 8)
      out += ";" + std::to_string((fg ? 30 : 40) + v);
    else if (v < 16)
      out += ";" + std::to_string((fg ? 90 : 100) + v - 8);
    else
      out += std::string(fg ? ";38;5;" : ";48;5;") + std::to_string(v);
  } else if ((c & 0xff000000) == kColorRgb) {
    out += std::string(fg ? ";38;2;" : ";48;2;") + std::to_string(v >> 16) + ";" +
           std::to_string((v >> 8) & 0xff) + ";" + std::to_string(v & 0xff);
  }
}

std::string style_sgr(const Style& s) {
  std::string out = "\033[0";
  for (const SgrAttr& a : kSgrAttrs)
    if (s.attrs & a.bit) out += std::string(";") + a.code;
  append_color(out, s.fg, true);
  append_color(out, s.bg, false);
  return out + "m";
}

const Style& Line::style(int x) const {
  if (compact_ || x < 0 || static_cast<size_t>(x) >= cells_.size()) return kDefaultStyle;
  uint32_t idx = cells_[static_cast<size_t>(x)] >> kGlyphBits;
  return idx == 0 ? kDefaultStyle : extra_->styles[idx - 1];
}

std::string Line::text(int x) const {
  uint32_t g = glyph(x);
  if (g == 0) return " ";
  if (g == kGlyphWidePad) return "";
  if (g >= kGlyphCluster) return extra_->clusters[g - kGlyphCluster];
  std::string out;
  append_utf8(out, g);
  return out;
}

uint32_t Line::style_index(const Style& s) {
  if (s.is_default()) return 0;
  if (!extra_) extra_ = std::make_unique<Extra>();
  auto& styles = extra_->styles;
  for (size_t i = styles.size(); i > 0; i--)
    if (styles[i - 1] == s) return static_cast<uint32_t>(i);
  if (styles.size() >= kMaxLineStyles) return 0;  // a pathological line loses styles
  styles.push_back(s);
  return static_cast<uint32_t>(styles.size());
}

void Line::set(int x, uint32_t glyph, const Style& style) {
  expand();
  if (x < 0 || x >= size()) return;
  allocate();
  cells_[static_cast<size_t>(x)] = (glyph & kGlyphMask) | (style_index(style) << kGlyphBits);
  version_ = next_line_version();
  if (x >= hwm_) hwm_ = x + 1;
}

void Line::put_slow(int x, uint32_t glyph, const Style& style) {
  if (this->glyph(x) == kGlyphWidePad && x > 0) set(x - 1, 0, this->style(x - 1));
  if (this->glyph(x + 1) == kGlyphWidePad) set(x + 1, 0, this->style(x + 1));
  set(x, glyph, style);
}

void Line::set_cluster(int x, const std::string& utf8, const Style& style) {
  expand();
  if (!extra_) extra_ = std::make_unique<Extra>();
  auto& clusters = extra_->clusters;
  if (clusters.size() >= kGlyphWidePad - kGlyphCluster) return;
  if (clusters.size() > cells_.size() * 2) {  // drop clusters no cell refers to
    std::vector<std::string> kept;
    for (auto& c : cells_) {
      uint32_t g = c & kGlyphMask;
      if (g < kGlyphCluster || g == kGlyphWidePad) continue;
      kept.push_back(std::move(clusters[g - kGlyphCluster]));
      c = (c & ~kGlyphMask) | static_cast<uint32_t>(kGlyphCluster + kept.size() - 1);
    }
    clusters = std::move(kept);
  }
  clusters.push_back(utf8);
  set(x, static_cast<uint32_t>(kGlyphCluster + clusters.size() - 1), style);
}

void Line::clear(int from, int to, const Style& bg) {
  expand();
  from = std::max(from, 0);
  to = std::min(to, size());
  if (from >= to || (cells_.empty() && bg.is_default())) return;
  allocate();
  uint32_t cell = style_index(bg) << kGlyphBits;
  std::fill(cells_.begin() + from, cells_.begin() + to, cell);
  version_ = next_line_version();
  if (cell != 0 && to > hwm_) hwm_ = to;
}

void Line::resize(int cols) {
  expand();
  version_ = next_line_version();
  width_ = cols;
  if (!cells_.empty()) cells_.resize(static_cast<size_t>(cols), 0);
  hwm_ = std::min(hwm_, cols);
}

void Line::reset(int cols) {
  if (!compact_ && cells_.size() == static_cast<size_t>(cols))
    std::fill(cells_.begin(), cells_.begin() + std::min(hwm_, cols), 0);  // keep the buffer
  else
    std::vector<uint32_t>().swap(cells_);
  width_ = cols;
  hwm_ = 0;
  version_ = next_line_version();
  extra_.reset();
  ascii_ = std::string();
  compact_ = false;
  wrapped = false;
}

int Line::used() const {
  if (compact_) return static_cast<int>(ascii_.size());
  for (size_t i = std::min(static_cast<size_t>(hwm_), cells_.size()); i > 0; i--)
    if (cells_[i - 1] != 0) return static_cast<int>(i);
  return 0;
}

// The line as one byte a cell, if it is default-style printable ASCII.
// (Branch-free loops, so the compiler vectorizes them: this runs for every line that
// scrolls into history.)
static bool ascii_text(const std::vector<uint32_t>& cells, int n, std::string* out) {
  const uint32_t* c = cells.data();
  uint32_t bad = 0;
  for (int x = 0; x < n; x++)
    bad |= static_cast<uint32_t>(c[x] != 0) & static_cast<uint32_t>((c[x] - 0x20u) > 0x5eu);
  if (bad != 0) return false;  // styled, wide or non-ASCII
  out->resize(static_cast<size_t>(n));
  char* o = out->data();
  for (int x = 0; x < n; x++) o[x] = static_cast<char>(c[x] == 0 ? ' ' : c[x]);
  return true;
}

void Line::compact() {
  if (compact_) return;
  std::string text;
  if (!ascii_text(cells_, used(), &text)) return;
  ascii_ = std::move(text);
  std::vector<uint32_t>().swap(cells_);
  extra_.reset();
  compact_ = true;
}

Line Line::take_for_history() {
  Line out;
  if (!compact_ && ascii_text(cells_, used(), &out.ascii_)) {
    out.compact_ = true;
    out.wrapped = wrapped;
    return out;
  }
  return std::move(*this);
}

void Line::expand() {
  if (!compact_) return;
  width_ = static_cast<int>(ascii_.size());
  cells_.resize(ascii_.size());
  for (size_t x = 0; x < ascii_.size(); x++) cells_[x] = static_cast<unsigned char>(ascii_[x]);
  hwm_ = width_;
  ascii_ = std::string();
  compact_ = false;
}

size_t Line::memory() const {
  size_t n = sizeof(Line) + cells_.capacity() * sizeof(uint32_t);
  if (ascii_.capacity() > 15) n += ascii_.capacity() + 1;
  if (extra_) {
    n += sizeof(Extra) + extra_->styles.capacity() * sizeof(Style);
    for (const auto& c : extra_->clusters) n += sizeof(std::string) + c.capacity();
  }
  return n;
}

Grid::Grid(int cols, int rows, size_t history_limit)
    : cols_(std::max(cols, 1)), rows_(std::max(rows, 1)), history_limit_(history_limit) {
  screen_.reserve(static_cast<size_t>(rows_));
  for (int y = 0; y < rows_; y++) screen_.emplace_back(cols_);
}

void Grid::set_history_limit(size_t limit) {
  history_limit_ = limit;
  while (history_.size() > history_limit_) history_.pop_front();
}

void Grid::push_history(Line&& l) {
  pushed_++;
  if (history_limit_ == 0) return;
  l.compact();
  history_.push_back(std::move(l));
  if (history_.size() > history_limit_) history_.pop_front();
}

void Grid::scroll_up(int top, int bottom, int n, bool save, const Style& bg) {
  n = std::min(n, bottom - top + 1);
  if (n <= 0) return;
  if (top == 0 && bottom == rows_ - 1) {
    for (int i = 0; i < n; i++) {
      Line& l = screen_[top_];
      if (save && history_limit_ > 0) push_history(l.take_for_history());
      l.reset(cols_);
      if (!bg.is_default()) l.clear(0, cols_, bg);
      top_ = (top_ + 1) % screen_.size();
    }
    return;
  }
  for (int y = top; y + n <= bottom; y++) std::swap(line(y), line(y + n));
  for (int y = bottom - n + 1; y <= bottom; y++) {
    line(y).reset(cols_);
    if (!bg.is_default()) line(y).clear(0, cols_, bg);
  }
}

void Grid::scroll_down(int top, int bottom, int n, const Style& bg) {
  n = std::min(n, bottom - top + 1);
  if (n <= 0) return;
  for (int y = bottom; y - n >= top; y--) std::swap(line(y), line(y - n));
  for (int y = top; y < top + n; y++) {
    line(y).reset(cols_);
    if (!bg.is_default()) line(y).clear(0, cols_, bg);
  }
}

void Grid::erase(int x0, int y0, int x1, int y1, const Style& bg) {
  for (int y = std::max(y0, 0); y < std::min(y1, rows_); y++) {
    line(y).clear(x0, x1, bg);
    if (x1 >= cols_) line(y).wrapped = false;
  }
}

static void copy_cell(Line& dst, int dx, const Line& src, int sx) {
  uint32_t g = src.glyph(sx);
  if (g >= kGlyphCluster && g != kGlyphWidePad)
    dst.set_cluster(dx, src.text(sx), src.style(sx));
  else
    dst.set(dx, g, src.style(sx));
}

void Grid::move_rect(int dx, int dy, int sx, int sy, int w, int h) {
  std::vector<Line> copy;
  copy.reserve(static_cast<size_t>(h));
  for (int y = 0; y < h; y++) {
    copy.emplace_back(w);
    for (int x = 0; x < w; x++) copy_cell(copy.back(), x, line(sy + y), sx + x);
  }
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) copy_cell(line(dy + y), dx + x, copy[static_cast<size_t>(y)], x);
}

void Grid::resize(int cols, int rows, int* cx, int* cy, bool reflow_lines) {
  cols = std::max(cols, 1);
  rows = std::max(rows, 1);
  if (cols != cols_ && reflow_lines) {
    reflow(cols, rows, cx, cy);
    return;
  }
  std::rotate(screen_.begin(), screen_.begin() + static_cast<long>(top_), screen_.end());
  top_ = 0;
  int excess = rows_ - rows;
  while (excess > 0 && static_cast<int>(screen_.size()) - 1 > *cy && screen_.back().used() == 0) {
    screen_.pop_back();
    excess--;
  }
  for (; excess > 0; excess--) {
    if (reflow_lines) push_history(std::move(screen_.front()));
    screen_.erase(screen_.begin());
    (*cy)--;
  }
  int grow = rows - static_cast<int>(screen_.size());
  for (; grow > 0 && reflow_lines && !history_.empty(); grow--) {
    screen_.insert(screen_.begin(), std::move(history_.back()));
    history_.pop_back();
    (*cy)++;
  }
  while (static_cast<int>(screen_.size()) < rows) screen_.emplace_back(cols);
  for (auto& l : screen_) l.resize(cols);
  cols_ = cols;
  rows_ = rows;
  *cy = std::clamp(*cy, 0, rows_ - 1);
  *cx = std::clamp(*cx, 0, cols_ - 1);
}

void Grid::reflow(int cols, int rows, int* cx, int* cy) {
  // Every line, oldest first: history, then the screen down to its last used line.
  std::vector<Line> all(std::make_move_iterator(history_.begin()),
                        std::make_move_iterator(history_.end()));
  history_.clear();
  int last = *cy;
  for (int y = 0; y < rows_; y++)
    if (line(y).used() > 0) last = std::max(last, y);
  size_t cursor_line = all.size() + static_cast<size_t>(*cy);
  for (int y = 0; y <= last; y++) all.push_back(std::move(line(y)));

  std::vector<Line> out;
  size_t new_cursor_row = 0;
  int new_cx = 0;
  for (size_t i = 0; i < all.size();) {
    size_t first_out = out.size();
    out.emplace_back(cols);
    int ox = 0;
    long offset = -1;  // the cursor's position within this logical line
    long consumed = 0;
    for (;; i++) {
      const Line& src = all[i];
      if (i == cursor_line) offset = consumed + *cx;
      int n = src.wrapped ? src.size() : src.used();
      for (int x = 0; x < n; x++) {
        uint32_t g = src.glyph(x);
        if (g == kGlyphWidePad) continue;
        int width = src.glyph(x + 1) == kGlyphWidePad ? 2 : 1;
        if (ox + width > cols) {
          out.back().wrapped = true;
          out.emplace_back(cols);
          ox = 0;
        }
        copy_cell(out.back(), ox, src, x);
        if (width == 2 && ox + 1 < cols) out.back().set(ox + 1, kGlyphWidePad, src.style(x));
        ox += width;
      }
      consumed += src.size();
      if (!src.wrapped || i + 1 == all.size()) {
        i++;
        break;
      }
    }
    if (offset >= 0) {
      new_cursor_row = first_out + static_cast<size_t>(offset / cols);
      new_cx = static_cast<int>(offset % cols);
      while (out.size() <= new_cursor_row) out.emplace_back(cols);
    }
  }
  if (out.empty()) out.emplace_back(cols);
  size_t start =
      out.size() > static_cast<size_t>(rows) ? out.size() - static_cast<size_t>(rows) : 0;
  start = std::min(start, new_cursor_row);
  for (size_t k = 0; k < start; k++) push_history(std::move(out[k]));
  screen_.clear();
  for (size_t k = start; k < out.size() && screen_.size() < static_cast<size_t>(rows); k++)
    screen_.push_back(std::move(out[k]));
  while (screen_.size() < static_cast<size_t>(rows)) screen_.emplace_back(cols);
  top_ = 0;
  cols_ = cols;
  rows_ = rows;
  *cy = static_cast<int>(new_cursor_row - start);
  *cx = std::min(new_cx, cols - 1);
}

size_t Grid::memory() const {
  size_t n = sizeof(Grid);
  for (const auto& l : screen_) n += l.memory();
  for (const auto& l : history_) n += l.memory();
  return n;
}

}  // namespace amux
