// Terminal emulation glue: libvterm state callbacks write into amux grids. Whole-screen
// scrolls rotate the grid's ring (lines go to history); other rectangles are copied.
#include "amux/terminal.h"

#include <vterm.h>

#include <algorithm>
#include <cstring>

namespace amux {

namespace {

Terminal* self(void* user) { return static_cast<Terminal*>(user); }

int cb_putglyph(VTermGlyphInfo* info, VTermPos pos, void* user) {
  self(user)->put_glyph(info->chars, info->width, pos.row, pos.col);
  return 1;
}
int cb_movecursor(VTermPos pos, VTermPos, int visible, void* user) {
  self(user)->move_cursor(pos.row, pos.col, visible != 0);
  return 1;
}
int cb_scrollrect(VTermRect r, int down, int right, void* user) {
  self(user)->scroll_rect(r.start_row, r.end_row, r.start_col, r.end_col, down, right);
  return 1;
}
int cb_moverect(VTermRect dest, VTermRect src, void* user) {
  self(user)->move_rect(dest.start_row, dest.start_col, src.start_row, src.start_col,
                        src.end_row - src.start_row, src.end_col - src.start_col);
  return 1;
}
int cb_erase(VTermRect r, int, void* user) {
  self(user)->erase_rect(r.start_row, r.end_row, r.start_col, r.end_col);
  return 1;
}
int cb_initpen(void* user) {
  self(user)->pen() = Style{};
  return 1;
}
int cb_setpenattr(VTermAttr attr, VTermValue* val, void* user) {
  self(user)->set_pen_attr(attr, val);
  return 1;
}
int cb_settermprop(VTermProp prop, VTermValue* val, void* user) {
  self(user)->set_prop(prop, val);
  return 1;
}
int cb_resize(int, int, VTermPos* delta, void* user) {
  self(user)->resized(delta);
  return 1;
}
int cb_osc(const char* command, size_t len, void* user) {
  self(user)->osc(std::string_view(command, len));
  return 1;
}
void cb_output(const char* s, size_t len, void* user) { self(user)->reply(s, len); }

const VTermStateCallbacks kStateCallbacks = {
    cb_putglyph, cb_movecursor, cb_scrollrect, cb_moverect, cb_erase, cb_initpen,
    cb_setpenattr, cb_settermprop, nullptr, cb_resize, nullptr};

const VTermParserCallbacks kFallbacks = {nullptr, nullptr, nullptr, nullptr,
                                         cb_osc,  nullptr, nullptr};

uint32_t convert_color(const VTermColor* c) {
  if (VTERM_COLOR_IS_DEFAULT_FG(c) || VTERM_COLOR_IS_DEFAULT_BG(c)) return kColorDefault;
  if (VTERM_COLOR_IS_INDEXED(c)) return kColorIndexed | c->indexed.idx;
  return kColorRgb | (uint32_t{c->rgb.red} << 16) | (uint32_t{c->rgb.green} << 8) | c->rgb.blue;
}

}  // namespace

Terminal::Terminal(int cols, int rows, size_t history_limit)
    : vt_(vterm_new(std::max(rows, 1), std::max(cols, 1))),
      state_(vterm_obtain_state(vt_)),
      primary_(cols, rows, history_limit) {
  vterm_set_utf8(vt_, 1);
  vterm_output_set_callback(vt_, cb_output, this);
  vterm_state_set_callbacks(state_, &kStateCallbacks, this);
  vterm_state_set_unrecognised_fallbacks(state_, &kFallbacks, this);
  vterm_state_set_bold_highbright(state_, 0);
  vterm_state_reset(state_, 1);
}

Terminal::~Terminal() { vterm_free(vt_); }

// libvterm 0.1.4 writes CSI parameters into a fixed array without a bound, so a
// sequence with many ';' or ':' separators corrupts its memory. Separators beyond the
// array are dropped here before the parser sees them; the sequence still ends normally.
void Terminal::write(const char* data, size_t len) {
  constexpr int kMaxSeparators = 15;  // libvterm keeps 16 arguments
  size_t start = 0;
  size_t i = 0;
  while (i < len) {
    if (csi_state_ == CsiState::kGround) {
      const void* esc = memchr(data + i, 0x1b, len - i);
      if (esc == nullptr) break;
      i = static_cast<size_t>(static_cast<const char*>(esc) - data) + 1;
      csi_state_ = CsiState::kEscape;
      continue;
    }
    auto c = static_cast<unsigned char>(data[i]);
    if (c == 0x1b) {
      csi_state_ = CsiState::kEscape;
    } else if (c == 0x18 || c == 0x1a) {
      csi_state_ = CsiState::kGround;
    } else if (c < 0x20) {
      // Other C0 controls run inside a sequence without ending it.
    } else if (csi_state_ == CsiState::kEscape) {
      csi_state_ = c == '[' ? CsiState::kCsi : CsiState::kGround;
      csi_separators_ = 0;
    } else if (c >= 0x40 && c <= 0x7e) {
      csi_state_ = CsiState::kGround;
    } else if ((c == ';' || c == ':') && ++csi_separators_ > kMaxSeparators) {
      if (i > start) vterm_input_write(vt_, data + start, i - start);
      start = i + 1;
    }
    i++;
  }
  if (start < len) vterm_input_write(vt_, data + start, len - start);
}

Style Terminal::blank() const {
  Style s;
  s.bg = pen_.bg;
  return s;
}

void Terminal::put_glyph(const uint32_t* chars, int width, int row, int col) {
  Grid& g = grid();
  if (row < 0 || row >= g.rows() || col < 0 || col >= g.cols() || width <= 0) return;
  if (wrap_row_ >= 0 && col == 0 && row == wrap_row_ + 1) g.line(wrap_row_).wrapped = true;
  Line& l = g.line(row);
  if (l.glyph(col) == kGlyphWidePad && col > 0) l.set(col - 1, 0, l.style(col - 1));
  if (width == 1 && l.glyph(col + 1) == kGlyphWidePad) l.set(col + 1, 0, l.style(col + 1));
  // libvterm passes through what malformed UTF-8 decodes to: keep only real characters.
  auto valid = [](uint32_t c) { return c < 0xd800 || (c > 0xdfff && c <= 0x10ffff) ? c : 0xfffd; };
  if (chars[0] != 0 && chars[1] != 0) {
    std::string cluster;
    for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && chars[i] != 0; i++) append_utf8(cluster, valid(chars[i]));
    l.set_cluster(col, cluster, pen_);
  } else {
    l.set(col, valid(chars[0]), pen_);
  }
  if (width == 2 && col + 1 < g.cols()) l.set(col + 1, kGlyphWidePad, pen_);
  wrap_row_ = col + width >= g.cols() ? row : -1;
}

void Terminal::move_cursor(int row, int col, bool visible) {
  if (wrap_row_ >= 0 && !(row == wrap_row_ && col == grid().cols() - 1)) wrap_row_ = -1;
  cx_ = col;
  cy_ = row;
  cursor_visible_ = visible;
}

void Terminal::scroll_rect(int top, int bottom, int left, int right, int down, int rightward) {
  Grid& g = grid();
  if (rightward == 0 && left == 0 && right == g.cols()) {
    VTermPos pos;
    vterm_state_get_cursorpos(state_, &pos);
    bool save = !alt_ && top == 0 && bottom == g.rows() && pos.row == g.rows() - 1;
    if (down > 0) {
      g.scroll_up(top, bottom - 1, down, save, blank());
      if (wrap_row_ >= top && wrap_row_ < bottom) wrap_row_ -= down;
    } else if (down < 0) {
      g.scroll_down(top, bottom - 1, -down, blank());
      wrap_row_ = -1;
    }
    return;
  }
  VTermRect rect = {top, bottom, left, right};
  vterm_scroll_rect(rect, down, rightward, cb_moverect, cb_erase, this);
}

void Terminal::erase_rect(int top, int bottom, int left, int right) {
  grid().erase(left, top, right, bottom, blank());
}

void Terminal::move_rect(int dtop, int dleft, int stop, int sleft, int rows, int cols) {
  grid().move_rect(dleft, dtop, sleft, stop, cols, rows);
}

void Terminal::set_pen_attr(int attr, const void* value) {
  const auto* v = static_cast<const VTermValue*>(value);
  auto flag = [&](uint16_t bit, bool on) {
    pen_.attrs = static_cast<uint16_t>(on ? (pen_.attrs | bit) : (pen_.attrs & ~bit));
  };
  switch (attr) {
    case VTERM_ATTR_BOLD: flag(kAttrBold, v->boolean); break;
    case VTERM_ATTR_ITALIC: flag(kAttrItalic, v->boolean); break;
    case VTERM_ATTR_BLINK: flag(kAttrBlink, v->boolean); break;
    case VTERM_ATTR_REVERSE: flag(kAttrReverse, v->boolean); break;
    case VTERM_ATTR_STRIKE: flag(kAttrStrike, v->boolean); break;
    case VTERM_ATTR_UNDERLINE:
      flag(kAttrUnderline, v->number == 1);
      flag(kAttrDoubleUnderline, v->number == 2);
      flag(kAttrCurlyUnderline, v->number == 3);
      break;
    case VTERM_ATTR_FOREGROUND: pen_.fg = convert_color(&v->color); break;
    case VTERM_ATTR_BACKGROUND: pen_.bg = convert_color(&v->color); break;
    default: break;
  }
}

void Terminal::set_prop(int prop, const void* value) {
  const auto* v = static_cast<const VTermValue*>(value);
  switch (prop) {
    case VTERM_PROP_ALTSCREEN:
      if (v->boolean && !alt_)
        alt_ = std::make_unique<Grid>(primary_.cols(), primary_.rows(), 0);
      else if (!v->boolean)
        alt_.reset();
      wrap_row_ = -1;
      break;
    case VTERM_PROP_TITLE: title_ = v->string ? v->string : ""; break;
    case VTERM_PROP_CURSORVISIBLE: cursor_visible_ = v->boolean != 0; break;
    default: break;
  }
}

void Terminal::resize(int cols, int rows) {
  cols = std::max(cols, 1);
  rows = std::max(rows, 1);
  if (cols == grid().cols() && rows == grid().rows()) return;
  int cx = cx_, cy = cy_;
  if (alt_) {
    alt_->resize(cols, rows, &cx, &cy, false);
    int px = 0, py = primary_.rows() - 1;
    primary_.resize(cols, rows, &px, &py, true);
  } else {
    primary_.resize(cols, rows, &cx, &cy, true);
  }
  resize_dx_ = cx - cx_;
  resize_dy_ = cy - cy_;
  wrap_row_ = -1;
  vterm_set_size(vt_, rows, cols);
  cx_ = cx;
  cy_ = cy;
  // As tmux does, a resize resets the scroll region (libvterm 0.1.4 would otherwise keep
  // margins beyond the new size and corrupt memory); the cursor stays where it was.
  std::string reset = "\033[r\033[" + std::to_string(cy + 1) + ";" + std::to_string(cx + 1) + "H";
  vterm_input_write(vt_, reset.data(), reset.size());
  csi_state_ = CsiState::kGround;  // the reset's ESC also ended any sequence in progress
}

void Terminal::resized(void* delta) {
  auto* d = static_cast<VTermPos*>(delta);
  d->row = resize_dy_;
  d->col = resize_dx_;
}

void Terminal::osc(std::string_view text) {
  if (on_osc) on_osc(text);
}

}  // namespace amux
