// The canvas a client's screen is composed on, and the update codec: the cells that
// changed between two canvases, as runs of one style, in a compact binary form.
#include "amux/term/canvas.h"

#include <wchar.h>

#include <algorithm>
#include <clocale>
#include <cstring>

namespace amux {

namespace {

bool is_cluster(uint32_t g) {
  return g >= kGlyphCluster && g != kGlyphWidePad;
}

void put_u16(std::string& out, int v) {
  auto u = static_cast<uint16_t>(v);
  out.append(reinterpret_cast<const char*>(&u), 2);
}
void put_u32(std::string& out, uint32_t v) {
  out.append(reinterpret_cast<const char*>(&v), 4);
}

struct Cursor {
  std::string_view data;
  bool u16(int* v) {
    if (data.size() < 2) return false;
    uint16_t u;
    memcpy(&u, data.data(), 2);
    data.remove_prefix(2);
    *v = u;
    return true;
  }
  bool u32(uint32_t* v) {
    if (data.size() < 4) return false;
    memcpy(v, data.data(), 4);
    data.remove_prefix(4);
    return true;
  }
};

}  // namespace

int glyph_width(uint32_t cp) {
  if (cp < 0x300) return 1;
  static locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
  if (utf8 == nullptr) return 1;
  locale_t old = uselocale(utf8);
  int w = wcwidth(static_cast<wchar_t>(cp));
  uselocale(old);
  return w < 0 ? 1 : w;
}

Canvas::Canvas(int cols, int rows)
    : cells_(static_cast<size_t>(cols) * static_cast<size_t>(rows)), cols_(cols), rows_(rows) {}

std::string Canvas::text(int x, int y) const {
  uint32_t g = at(x, y).glyph;
  if (g == kGlyphWidePad) return "";
  if (is_cluster(g)) return clusters_[g - kGlyphCluster];
  std::string out;
  append_utf8(out, g == 0 ? ' ' : g);
  return out;
}

bool Canvas::same(const Canvas& other, int x, int y) const {
  const CanvasCell& a = at(x, y);
  const CanvasCell& b = other.at(x, y);
  if (!(a == b)) {
    if (!is_cluster(a.glyph) || !is_cluster(b.glyph) || !(a.style == b.style)) return false;
  } else if (!is_cluster(a.glyph)) {
    return true;
  }
  return clusters_[a.glyph - kGlyphCluster] == other.clusters_[b.glyph - kGlyphCluster];
}

void Canvas::fill(int x, int y, int w, int h, uint32_t glyph, const Style& style) {
  for (int j = y; j < y + h; j++)
    for (int i = x; i < x + w; i++)
      if (inside(i, j)) cells_[index(i, j)] = CanvasCell{glyph, style};
}

void Canvas::set(int x, int y, uint32_t glyph, const Style& style) {
  if (!inside(x, y)) return;
  size_t i = index(x, y);
  // Half a wide character overwritten: its other half becomes a space.
  if (cells_[i].glyph == kGlyphWidePad && glyph != kGlyphWidePad && x > 0)
    cells_[i - 1].glyph = ' ';
  if (x + 1 < cols_ && cells_[i + 1].glyph == kGlyphWidePad) cells_[i + 1].glyph = ' ';
  cells_[i] = CanvasCell{glyph, style};
}

void Canvas::copy_row(int y, const Canvas& src, int sy) {
  if (y < 0 || y >= rows_ || sy < 0 || sy >= src.rows()) return;
  for (int x = 0; x < std::min(cols_, src.cols()); x++) {
    CanvasCell cell = src.at(x, sy);
    if (is_cluster(cell.glyph)) {
      cell.glyph = kGlyphCluster + static_cast<uint32_t>(clusters_.size());
      clusters_.push_back(src.text(x, sy));
    }
    cells_[index(x, y)] = cell;
  }
}

void Canvas::frame(int x, int y, int w, int h, const Style& style) {
  if (w < 2 || h < 2) return;
  for (int i = 1; i < w - 1; i++) {
    set(x + i, y, 0x2500, style);  // ─
    set(x + i, y + h - 1, 0x2500, style);
  }
  for (int r = 1; r < h - 1; r++) {
    set(x, y + r, 0x2502, style);  // │
    set(x + w - 1, y + r, 0x2502, style);
  }
  set(x, y, 0x250c, style);  // ┌ ┐ └ ┘
  set(x + w - 1, y, 0x2510, style);
  set(x, y + h - 1, 0x2514, style);
  set(x + w - 1, y + h - 1, 0x2518, style);
}

void Canvas::restyle(int x, int y, int w, int h, const Style& style) {
  for (int j = y; j < y + h; j++)
    for (int i = x; i < x + w; i++)
      if (inside(i, j)) cells_[index(i, j)].style = style;
}

// The printable character at s[*i] (a cut sequence or a control is '?'); advances *i.
static uint32_t next_glyph(std::string_view s, size_t* i) {
  auto c = static_cast<unsigned char>(s[*i]);
  uint32_t cp = c;
  size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
  if (len > 1 && *i + len <= s.size()) {
    cp = c & (0x7f >> len);
    for (size_t k = 1; k < len; k++)
      cp = (cp << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3f);
  } else if (len > 1) {
    cp = '?';
    len = 1;
  }
  *i += len;
  return cp < 0x20 || cp == 0x7f ? '?' : cp;
}

int text_width(std::string_view s) {
  int w = 0;
  for (size_t i = 0; i < s.size();) w += glyph_width(next_glyph(s, &i));
  return w;
}

int Canvas::print(int x, int y, std::string_view s, const Style& style, int max_x) {
  if (max_x < 0 || max_x > cols_) max_x = cols_;
  int start = x;
  size_t i = 0;
  while (i < s.size() && x < max_x) {
    uint32_t cp = next_glyph(s, &i);
    int w = glyph_width(cp);
    if (w == 0) continue;
    if (x + w > max_x) break;
    set(x, y, cp, style);
    if (w == 2) set(x + 1, y, kGlyphWidePad, style);
    x += w;
  }
  return x - start;
}

void Canvas::copy_line(int x, int y, const Line& line, int sx, int w) {
  if (!inside(x, y)) return;
  if (x + w > cols_) w = cols_ - x;
  for (int i = 0; i < w; i++) {
    uint32_t g = line.glyph(sx + i);
    const Style& st = line.style(sx + i);
    CanvasCell& cell = cells_[index(x + i, y)];
    if (g == 0) {
      cell = CanvasCell{' ', st};
    } else if (g == kGlyphWidePad) {
      cell =
          CanvasCell{i == 0 ? ' ' : kGlyphWidePad, i == 0 ? st : cells_[index(x + i - 1, y)].style};
    } else if (is_cluster(g)) {
      cell = CanvasCell{kGlyphCluster + static_cast<uint32_t>(clusters_.size()), st};
      clusters_.push_back(line.text(sx + i));
    } else {
      cell = CanvasCell{g, st};
    }
    // A wide character cut by the right edge shows as a space.
    if (i == w - 1 && g != kGlyphWidePad && line.glyph(sx + i + 1) == kGlyphWidePad)
      cell.glyph = ' ';
  }
}

std::string encode_update(const Canvas* old, const Canvas& now, uint8_t flags,
                          const std::vector<bool>* rows) {
  bool full = old == nullptr || old->cols() != now.cols() || old->rows() != now.rows();
  std::string out;
  put_u16(out, now.cols());
  put_u16(out, now.rows());
  put_u16(out, now.cursor_x);
  put_u16(out, now.cursor_y);
  flags |= now.cursor_visible ? kUpdateCursor : 0;
  flags |= full ? kUpdateClear : 0;
  out += static_cast<char>(flags);
  std::string text;
  for (int y = 0; y < now.rows(); y++) {
    if (!full && rows != nullptr && static_cast<size_t>(y) < rows->size() && !(*rows)[y]) continue;
    int x = 0;
    while (x < now.cols()) {
      if (!full && now.same(*old, x, y)) {
        x++;
        continue;
      }
      if (now.at(x, y).glyph == kGlyphWidePad && x > 0) x--;
      const Style& style = now.at(x, y).style;
      int col = x, cells = 0;
      text.clear();
      while (x < now.cols()) {
        const CanvasCell& c = now.at(x, y);
        bool pad = c.glyph == kGlyphWidePad;
        if (!pad && (!(c.style == style) || (cells > 0 && !full && now.same(*old, x, y)))) break;
        text += now.text(x, y);
        cells++;
        x++;
      }
      put_u16(out, y);
      put_u16(out, col);
      put_u16(out, cells);
      put_u32(out, style.fg);
      put_u32(out, style.bg);
      put_u16(out, style.attrs);
      put_u32(out, static_cast<uint32_t>(text.size()));
      out += text;
    }
  }
  return out;
}

bool decode_update(std::string_view data, UpdateHeader* h,
                   const std::function<void(const UpdateRun&)>& run) {
  Cursor c{data};
  if (!c.u16(&h->cols) || !c.u16(&h->rows) || !c.u16(&h->cursor_x) || !c.u16(&h->cursor_y) ||
      c.data.empty())
    return false;
  h->flags = static_cast<uint8_t>(c.data[0]);
  c.data.remove_prefix(1);
  while (!c.data.empty()) {
    UpdateRun r;
    int attrs;
    uint32_t len;
    if (!c.u16(&r.row) || !c.u16(&r.col) || !c.u16(&r.cells) || !c.u32(&r.style.fg) ||
        !c.u32(&r.style.bg) || !c.u16(&attrs) || !c.u32(&len) || c.data.size() < len)
      return false;
    if (r.row >= h->rows || r.col + r.cells > h->cols) return false;
    r.style.attrs = static_cast<uint16_t>(attrs);
    r.text = c.data.substr(0, len);
    c.data.remove_prefix(len);
    run(r);
  }
  return true;
}

}  // namespace amux

namespace amux {

namespace {

bool parse_color(std::string_view v, uint32_t* out) {
  static const char* const kNames[] = {"black", "red",     "green", "yellow",
                                       "blue",  "magenta", "cyan",  "white"};
  if (v == "default" || v == "terminal") return *out = kColorDefault, true;
  for (uint32_t i = 0; i < 8; i++) {
    if (v == kNames[i]) return *out = kColorIndexed | i, true;
    if (v.substr(0, 6) == "bright" && v.substr(6) == kNames[i])
      return *out = kColorIndexed | (i + 8), true;
  }
  auto number = [](std::string_view d, long max, long* n) {
    if (d.empty() || d.size() > 3) return false;
    *n = 0;
    for (char c : d) {
      if (c < '0' || c > '9') return false;
      *n = *n * 10 + (c - '0');
    }
    return *n <= max;
  };
  long n;
  for (std::string_view prefix : {"colour", "color"})
    if (v.substr(0, prefix.size()) == prefix && number(v.substr(prefix.size()), 255, &n))
      return *out = kColorIndexed | static_cast<uint32_t>(n), true;
  if (v.size() == 7 && v[0] == '#') {
    uint32_t rgb = 0;
    for (char c : v.substr(1)) {
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0) return false;
      rgb = rgb * 16 + static_cast<uint32_t>(d);
    }
    return *out = kColorRgb | rgb, true;
  }
  return false;
}

}  // namespace

bool parse_style(std::string_view text, Style* style) {
  Style s = *style;
  while (!text.empty()) {
    size_t comma = text.find_first_of(", ");
    std::string_view word = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (word.empty()) continue;
    if (word == "default" || word == "none") {
      if (word == "default")
        s = Style{};
      else
        s.attrs = 0;
      continue;
    }
    if (word.substr(0, 3) == "fg=" || word.substr(0, 3) == "bg=") {
      if (!parse_color(word.substr(3), word[0] == 'f' ? &s.fg : &s.bg)) return false;
      continue;
    }
    bool off = word.substr(0, 2) == "no";
    std::string_view name = off ? word.substr(2) : word;
    uint16_t bit = name == "bold" || name == "bright" ? kAttrBold
                   : name == "italics"                ? kAttrItalic
                   : name == "underscore"             ? kAttrUnderline
                   : name == "blink"                  ? kAttrBlink
                   : name == "reverse"                ? kAttrReverse
                   : name == "strikethrough"          ? kAttrStrike
                                                      : 0;
    if (bit == 0) return false;
    s.attrs = off ? (s.attrs & ~bit) : (s.attrs | bit);
  }
  *style = s;
  return true;
}

namespace {

struct StyledRun {
  std::string text;
  Style style;
  int align = 0;  // 0 left, 1 centre, 2 right
};

// Splits styled text into runs of one style and alignment.
std::vector<StyledRun> styled_runs(std::string_view text, const Style& base) {
  std::vector<StyledRun> runs(1);
  runs.back().style = base;
  for (size_t i = 0; i < text.size(); i++) {
    if (text[i] == '#' && i + 2 < text.size() && text[i + 1] == '#' && text[i + 2] == '[') {
      runs.back().text += "#[";
      i += 2;
      continue;
    }
    size_t close = text[i] == '#' && i + 1 < text.size() && text[i + 1] == '['
                       ? text.find(']', i + 2)
                       : std::string_view::npos;
    if (close == std::string_view::npos) {
      runs.back().text += text[i];
      continue;
    }
    StyledRun next{"", runs.back().style, runs.back().align};
    std::string_view inside = text.substr(i + 2, close - i - 2);
    style_over(inside, base, &next.style);
    for (size_t at = inside.find("align="); at != std::string_view::npos;
         at = inside.find("align=", at + 1)) {
      std::string_view a = inside.substr(at + 6, inside.find_first_of(", ", at) - at - 6);
      next.align = a == "centre" || a == "center" ? 1 : a == "right" ? 2 : 0;
    }
    runs.push_back(std::move(next));
    i = close;
  }
  return runs;
}

}  // namespace

void style_over(std::string_view text, const Style& base, Style* style) {
  while (!text.empty()) {
    size_t comma = text.find_first_of(", ");
    std::string_view word = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    Style s = *style;
    if (word == "default")
      *style = base;
    else if (parse_style(word, &s))
      *style = s;  // other words (align=, list=, range=...): nothing to draw here
  }
}

int print_styled(Canvas& cv, int x, int y, std::string_view text, const Style& base, int max_x) {
  if (max_x < 0 || max_x > cv.cols()) max_x = cv.cols();
  std::vector<StyledRun> runs = styled_runs(text, base);
  int widths[3] = {0, 0, 0};
  for (const auto& r : runs) widths[r.align] += text_width(r.text);
  int start[3] = {x, x + std::max(0, (max_x - x - widths[1]) / 2), std::max(x, max_x - widths[2])};
  int at[3] = {start[0], start[1], start[2]}, end = x;
  for (const auto& r : runs) {
    at[r.align] += cv.print(at[r.align], y, r.text, r.style, max_x);
    end = std::max(end, at[r.align]);
  }
  return end - x;
}

void frame_title(Canvas& cv, int x, int y, int w, std::string_view title, const Style& style) {
  if (w < 3 || title.empty()) return;
  CanvasCell corner = cv.at(std::min(x + w - 1, cv.cols() - 1), y);
  print_styled(cv, x + 1, y, title, style, x + w);
  if (x + w - 1 < cv.cols()) cv.set(x + w - 1, y, corner.glyph, corner.style);
}

int styled_width(std::string_view text) {
  int w = 0;
  for (const auto& r : styled_runs(text, Style{})) w += text_width(r.text);
  return w;
}

std::string strip_styles(std::string_view text) {
  std::string out;
  for (const auto& r : styled_runs(text, Style{})) out += r.text;
  return out;
}

}  // namespace amux
