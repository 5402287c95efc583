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

// libvterm 0.1.4 has bugs that program output can reach, so output passes this filter
// first. It follows the parser's escape states closely enough to know when a CSI is
// being read (erring towards "yes") and:
// - drops separators past the 16th argument and digits past the 6th of an argument
//   (libvterm stores arguments without a bound and accumulates digits without one);
// - turns REP (CSI n b) into CAN and repeats the last character itself (libvterm loops
//   forever when nothing was printed before);
// - drops UTF-8 encoded C1 controls, U+0080-U+009F (libvterm gives them width -1 and
//   moves the cursor left off the screen).
void Terminal::write(const char* data, size_t len) {
  size_t start = 0;  // first byte not yet handed to libvterm
  auto flush = [&](size_t end) {
    if (end > start) vterm_input_write(vt_, data + start, end - start);
    start = end;
  };
  size_t i = 0;
  if (held_c2_ && len > 0) {
    held_c2_ = false;
    auto n = static_cast<unsigned char>(data[0]);
    if (n >= 0x80 && n <= 0x9f)
      start = i = 1;
    else
      vterm_input_write(vt_, "\xc2", 1);
  }
  while (i < len) {
    auto c = static_cast<unsigned char>(data[i]);
    if (csi_state_ == CsiState::kGround) {
      while (i < len && data[i] != '\x1b' && data[i] != '\xc2') i++;
      if (i == len) break;
      if (data[i] == '\xc2') {
        if (i + 1 == len) {
          flush(i);
          start = len;
          held_c2_ = true;
          break;
        }
        auto n = static_cast<unsigned char>(data[i + 1]);
        if (n >= 0x80 && n <= 0x9f) {
          flush(i);
          start = i + 2;
        }
        i += 2;
        continue;
      }
      csi_state_ = CsiState::kEscape;
    } else if (c == 0x1b) {
      csi_state_ = CsiState::kEscape;
    } else if (c == 0x18 || c == 0x1a) {
      csi_state_ = CsiState::kGround;
    } else if (c < 0x20) {
      // Other C0 controls run inside a sequence without ending it.
    } else if (csi_state_ == CsiState::kCsi) {
      if (csi_filter(c, i, flush)) start = i + 1;
    } else if (c >= 0x20 && c <= 0x2f) {
      csi_state_ = CsiState::kEscapeIntermediate;
    } else if (c == '[') {  // libvterm 0.1.4 starts a CSI even after intermediates
      csi_state_ = CsiState::kCsi;
      csi_ = CsiScan{};
    } else if (c >= 0x30 && c <= 0x7e) {
      if (csi_state_ == CsiState::kEscape && c == 'c') last_glyph_count_ = 0;  // RIS
      csi_state_ = CsiState::kGround;
    }  // other bytes leave libvterm still inside the escape: so do we
    i++;
  }
  flush(len);
}

// One byte inside a CSI. Returns true when the byte must not reach libvterm (flush has
// already handed over everything before it).
template <typename Flush>
bool Terminal::csi_filter(unsigned char c, size_t i, Flush& flush) {
  constexpr int kMaxSeparators = 15;
  constexpr int kMaxDigits = 6;
  bool first = csi_.length++ == 0;
  if (first && c >= 0x3c && c <= 0x3f) {
    csi_.private_marker = true;
  } else if (c >= '0' && c <= '9') {
    if (++csi_.digits > kMaxDigits) return flush(i), true;
    if (csi_.separators == 0) csi_.arg0 = csi_.arg0 * 10 + (c - '0');
  } else if (c == ';' || c == ':') {
    if (++csi_.separators > kMaxSeparators) return flush(i), true;
    csi_.digits = 0;
  } else if (c >= 0x20 && c <= 0x2f) {
    csi_.intermediate = true;
  } else if (c >= 0x40 && c <= 0x7e) {
    csi_state_ = CsiState::kGround;
    if (c == 'b' && !csi_.private_marker && !csi_.intermediate) {
      flush(i);
      vterm_input_write(vt_, "\x18", 1);  // CAN: libvterm drops the sequence
      repeat_last(csi_.arg0);
      return true;
    }
  }
  return false;
}

void Terminal::repeat_last(long count) {
  if (last_glyph_count_ == 0) return;
  Grid& g = grid();
  count = std::clamp(count, 1L, static_cast<long>(g.cols()) * g.rows());
  std::string one;
  for (int k = 0; k < last_glyph_count_; k++) append_utf8(one, last_glyph_[k]);
  std::string text;
  text.reserve(one.size() * static_cast<size_t>(count));
  for (long k = 0; k < count; k++) text += one;
  vterm_input_write(vt_, text.data(), text.size());
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
  wrap_row_ = col + width >= g.cols() ? row : -1;
  Line& l = g.line(row);
  // libvterm passes through what malformed UTF-8 decodes to: keep only real characters.
  auto valid = [](uint32_t c) { return c < 0xd800 || (c > 0xdfff && c <= 0x10ffff) ? c : 0xfffd; };
  last_glyph_[0] = valid(chars[0]);
  last_glyph_count_ = 1;
  if (width == 1 && chars[1] == 0) {
    l.put(col, last_glyph_[0], pen_);
    return;
  }
  for (int i = 1; i < VTERM_MAX_CHARS_PER_CELL && chars[i] != 0; i++)
    last_glyph_[last_glyph_count_++] = valid(chars[i]);
  if (l.glyph(col) == kGlyphWidePad && col > 0) l.set(col - 1, 0, l.style(col - 1));
  if (width == 1 && l.glyph(col + 1) == kGlyphWidePad) l.set(col + 1, 0, l.style(col + 1));
  if (last_glyph_count_ > 1) {
    std::string cluster;
    for (int i = 0; i < last_glyph_count_; i++) append_utf8(cluster, last_glyph_[i]);
    l.set_cluster(col, cluster, pen_);
  } else {
    l.set(col, last_glyph_[0], pen_);
  }
  if (width == 2 && col + 1 < g.cols()) l.set(col + 1, kGlyphWidePad, pen_);
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
