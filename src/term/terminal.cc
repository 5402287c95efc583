// Terminal emulation: libvterm's parser feeds this state machine, which keeps cursor,
// modes, pen, margins, tabs and charsets and writes into amux grids. Whole-screen
// scrolls rotate the grid's ring (lines go to history); text runs are placed directly.
#include "amux/term/terminal.h"

#include <locale.h>
#include <vterm.h>
#include <wchar.h>

#include <algorithm>
#include <cstring>

namespace amux {

namespace {

Terminal* self(void* user) {
  return static_cast<Terminal*>(user);
}

int cb_text(const char* bytes, size_t len, void* user) {
  size_t n = 0;  // a text run ends at a control character
  while (n < len && static_cast<unsigned char>(bytes[n]) >= 0x20 && bytes[n] != 0x7f) n++;
  if (n == 0) return 1;
  self(user)->text(bytes, n);
  return static_cast<int>(n);
}
int cb_control(unsigned char c, void* user) {
  self(user)->control(c);
  return 1;
}
int cb_escape(const char* bytes, size_t len, void* user) {
  self(user)->escape(std::string_view(bytes, len));
  return 1;
}
int cb_csi(const char* leader, const long args[], int argc, const char* intermed, char command,
           void* user) {
  self(user)->csi(leader, args, argc, intermed, command);
  return 1;
}

// No OSC or DCS callbacks: string sequences are kept from libvterm (see write()).
const VTermParserCallbacks kCallbacks = {cb_text, cb_control, cb_escape, cb_csi,
                                         nullptr, nullptr,    nullptr};

// VT100 special graphics for 0x5f-0x7e (ESC ( 0).
const uint32_t kDecGraphics[32] = {0x00a0, 0x25c6, 0x2592, 0x2409, 0x240c, 0x240d, 0x240a, 0x00b0,
                                   0x00b1, 0x2424, 0x240b, 0x2518, 0x2510, 0x250c, 0x2514, 0x253c,
                                   0x23ba, 0x23bb, 0x2500, 0x23bc, 0x23bd, 0x251c, 0x2524, 0x2534,
                                   0x252c, 0x2502, 0x2264, 0x2265, 0x03c0, 0x2260, 0x00a3, 0x00b7};

long arg(const long* args, int argc, int i, long fallback) {
  if (i >= argc) return fallback;
  long v = CSI_ARG(args[i]);
  return v == CSI_ARG_MISSING ? fallback : v;
}

// Counts default to 1 and 0 means 1, as for cursor movement.
int count(const long* args, int argc, int i) {
  long v = arg(args, argc, i, 1);
  return static_cast<int>(std::clamp(v, 1L, 100000L));
}

}  // namespace

Terminal::Terminal(int cols, int rows, size_t history_limit)
    : vt_(vterm_new(std::max(rows, 1), std::max(cols, 1))), primary_(cols, rows, history_limit) {
  vterm_set_utf8(vt_, 1);
  vterm_parser_set_callbacks(vt_, &kCallbacks, this);
  reset();
}

Terminal::~Terminal() {
  vterm_free(vt_);
}

void Terminal::reset() {
  pen_ = Style{};
  cx_ = cy_ = 0;
  pending_wrap_ = false;
  top_ = 0;
  bottom_ = grid().rows() - 1;
  tabs_.assign(static_cast<size_t>(grid().cols()), false);
  for (size_t x = 8; x < tabs_.size(); x += 8) tabs_[x] = true;
  origin_ = insert_ = bracketed_paste_ = app_cursor_ = app_keypad_ = mouse_sgr_ = false;
  mouse_mode_ = 0;
  autowrap_ = cursor_visible_ = true;
  g0_graphics_ = g1_graphics_ = shift_out_ = false;
  saved_ = saved_alt_ = Saved{};
  last_x_ = last_y_ = -1;
  last_width_ = 0;
}

void Terminal::write(const char* data, size_t len) {
  filter_.write(data, len, *this);
}

void Terminal::parse(const char* data, size_t len) {
  vterm_input_write(vt_, data, len);
}

Style Terminal::blank() const {
  Style s;
  s.bg = pen_.bg;
  return s;
}

int Terminal::width_of(uint32_t cp) const {
  if (cp < 0x300) return cp >= 0x80 && cp < 0xa0 ? -1 : 1;
  static locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
  if (utf8 == nullptr) return 1;
  locale_t old = uselocale(utf8);
  int w = wcwidth(static_cast<wchar_t>(cp));
  uselocale(old);
  if (w < 0) return (cp >= 0xe000 && cp <= 0x10ffff) ? 1 : -1;  // unassigned: one cell
  return w;
}

void Terminal::text(const char* bytes, size_t len) {
  Grid& g = grid();
  bool runs = true;  // a run that could not go in at once: the rest byte by byte
  for (size_t i = 0; i < len; i++) {
    auto b = static_cast<unsigned char>(bytes[i]);
    if (utf8_need_ == 0 && b < 0x80) {
      // The common case: a printable ASCII character with nothing special in force.
      if (!pending_wrap_ && !insert_ && !(shift_out_ ? g1_graphics_ : g0_graphics_) &&
          cx_ < g.cols() - 1) {
        // A run of them up to the line's last cell goes in at once when the pen is plain.
        size_t n = 1;
        size_t room = static_cast<size_t>(g.cols() - 1 - cx_);
        while (n < room && i + n < len && static_cast<unsigned char>(bytes[i + n]) < 0x80) n++;
        if (n > 1 && runs && pen_.is_default() &&
            (runs = g.line(cy_).put_ascii(cx_, bytes + i, static_cast<int>(n)))) {
          cx_ += static_cast<int>(n);
          last_x_ = cx_ - 1;
          last_y_ = cy_;
          last_cp_ = static_cast<unsigned char>(bytes[i + n - 1]);
          last_width_ = 1;
          i += n - 1;
          continue;
        }
        g.line(cy_).put(cx_, b, pen_);
        last_x_ = cx_++;
        last_y_ = cy_;
        last_cp_ = b;
        last_width_ = 1;
        continue;
      }
      print(b);
      continue;
    }
    if (utf8_need_ > 0) {
      if ((b & 0xc0) == 0x80) {
        utf8_cp_ = (utf8_cp_ << 6) | (b & 0x3f);
        if (--utf8_need_ == 0) {
          bool ok = utf8_cp_ >= utf8_min_ && utf8_cp_ <= 0x10ffff &&
                    !(utf8_cp_ >= 0xd800 && utf8_cp_ <= 0xdfff);
          print(ok ? utf8_cp_ : 0xfffd);
        }
        continue;
      }
      utf8_need_ = 0;
      print(0xfffd);  // a sequence cut short; this byte starts afresh
    }
    if (b >= 0xc2 && b <= 0xdf) {
      utf8_cp_ = b & 0x1f, utf8_need_ = 1, utf8_min_ = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      utf8_cp_ = b & 0x0f, utf8_need_ = 2, utf8_min_ = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      utf8_cp_ = b & 0x07, utf8_need_ = 3, utf8_min_ = 0x10000;
    } else if (b < 0x80) {
      print(b);
    } else {
      print(0xfffd);
    }
  }
}

void Terminal::print(uint32_t cp) {
  if ((shift_out_ ? g1_graphics_ : g0_graphics_) && cp >= 0x5f && cp <= 0x7e)
    cp = kDecGraphics[cp - 0x5f];
  int w = width_of(cp);
  if (w < 0) return;  // C1 controls and the like take no cell
  if (w == 0) {       // a combining mark joins the character before it
    Grid& g = grid();
    if (last_y_ < 0 || last_y_ >= g.rows() || last_x_ >= g.cols()) return;
    Line& l = g.line(last_y_);
    std::string cluster = l.text(last_x_);
    if (cluster.size() + 4 > 32) return;  // keep clusters bounded
    append_utf8(cluster, cp);
    l.set_cluster(last_x_, cluster, l.style(last_x_));
    return;
  }
  put_char(cp, std::min(w, 2));
}

void Terminal::put_char(uint32_t cp, int width) {
  Grid& g = grid();
  if (width > g.cols()) return;
  if (pending_wrap_ && autowrap_) {
    g.line(cy_).wrapped = true;
    linefeed();
    cx_ = 0;
  }
  pending_wrap_ = false;
  if (cx_ + width > g.cols()) {
    if (autowrap_) {
      g.line(cy_).wrapped = true;
      linefeed();
      cx_ = 0;
    } else {
      cx_ = g.cols() - width;
    }
  }
  Line& l = g.line(cy_);
  if (insert_) insert_chars(width);
  if (l.glyph(cx_) == kGlyphWidePad && cx_ > 0) l.set(cx_ - 1, 0, l.style(cx_ - 1));
  if (l.glyph(cx_ + width) == kGlyphWidePad) l.set(cx_ + width, 0, l.style(cx_ + width));
  l.set(cx_, cp, pen_);
  if (width == 2) l.set(cx_ + 1, kGlyphWidePad, pen_);
  last_x_ = cx_;
  last_y_ = cy_;
  last_cp_ = cp;
  last_width_ = width;
  cx_ += width;
  if (cx_ >= g.cols()) {
    cx_ = g.cols() - 1;
    pending_wrap_ = autowrap_;
  }
}

void Terminal::repeat_last(long n) {
  if (last_width_ == 0) return;  // nothing printed yet: REP does nothing
  n = std::clamp(n, 1L, static_cast<long>(grid().cols()) * grid().rows());
  for (long k = 0; k < n; k++) put_char(last_cp_, last_width_);
}

void Terminal::linefeed() {
  Grid& g = grid();
  if (cy_ == bottom_) {
    bool save = !alt_ && top_ == 0 && bottom_ == g.rows() - 1;
    g.scroll_up(top_, bottom_, 1, save, blank());
    if (last_y_ >= top_ && last_y_ <= bottom_) last_y_--;
  } else if (cy_ < g.rows() - 1) {
    cy_++;
  }
}

void Terminal::reverse_index() {
  if (cy_ == top_) {
    grid().scroll_down(top_, bottom_, 1, blank());
    last_y_ = -1;
  } else if (cy_ > 0) {
    cy_--;
  }
}

void Terminal::carriage_return() {
  cx_ = 0;
  pending_wrap_ = false;
}

void Terminal::move_to(int x, int y) {
  Grid& g = grid();
  int min_y = origin_ ? top_ : 0, max_y = origin_ ? bottom_ : g.rows() - 1;
  cx_ = std::clamp(x, 0, g.cols() - 1);
  cy_ = std::clamp(y, min_y, max_y);
  pending_wrap_ = false;
}

void Terminal::control(unsigned char c) {
  Grid& g = grid();
  switch (c) {
    case 0x07:  // BEL
      if (on_bell) on_bell();
      break;
    case 0x08:  // BS
      if (cx_ > 0) cx_--;
      pending_wrap_ = false;
      break;
    case 0x09: {  // HT
      int x = cx_ + 1;
      while (x < g.cols() - 1 && !tabs_[static_cast<size_t>(x)]) x++;
      cx_ = std::min(x, g.cols() - 1);
      pending_wrap_ = false;
      break;
    }
    case 0x0a:
    case 0x0b:
    case 0x0c:
      linefeed();
      pending_wrap_ = false;
      break;
    case 0x0d: carriage_return(); break;
    case 0x0e: shift_out_ = true; break;
    case 0x0f: shift_out_ = false; break;
    // ESC D, E, H and M reach here as C1 controls (the parser folds ESC 0x40-0x5f).
    case 0x84: linefeed(); break;
    case 0x85:
      linefeed();
      carriage_return();
      break;
    case 0x88:
      if (cx_ < static_cast<int>(tabs_.size())) tabs_[static_cast<size_t>(cx_)] = true;
      break;
    case 0x8d: reverse_index(); break;
    default: break;  // BEL and the rest
  }
}

void Terminal::escape(std::string_view seq) {
  if (seq.empty()) return;
  if (seq.size() == 2 && (seq[0] == '(' || seq[0] == ')')) {
    (seq[0] == '(' ? g0_graphics_ : g1_graphics_) = seq[1] == '0';
    return;
  }
  if (seq == "#8") {  // DECALN: fill the screen with E
    Grid& g = grid();
    for (int y = 0; y < g.rows(); y++)
      for (int x = 0; x < g.cols(); x++) g.line(y).set(x, 'E', Style{});
    return;
  }
  if (seq.size() != 1) return;
  switch (seq[0]) {
    case '7': save_cursor(saved_); break;
    case '8': restore_cursor(saved_); break;
    case '=': app_keypad_ = true; break;   // DECKPAM
    case '>': app_keypad_ = false; break;  // DECKPNM
    case 'c':
      alt_.reset();
      reset();
      grid().erase(0, 0, grid().cols(), grid().rows(), Style{});
      break;
    default: break;
  }
}

void Terminal::save_cursor(Saved& s) const {
  s.x = cx_;
  s.y = cy_;
  s.pen = pen_;
  s.origin = origin_;
  s.autowrap = autowrap_;
  s.pending_wrap = pending_wrap_;
  s.g0_graphics = g0_graphics_;
  s.g1_graphics = g1_graphics_;
  s.shift_out = shift_out_;
}

void Terminal::restore_cursor(const Saved& s) {
  Grid& g = grid();
  cx_ = std::clamp(s.x, 0, g.cols() - 1);
  cy_ = std::clamp(s.y, 0, g.rows() - 1);
  pen_ = s.pen;
  origin_ = s.origin;
  autowrap_ = s.autowrap;
  pending_wrap_ = s.pending_wrap;
  g0_graphics_ = s.g0_graphics;
  g1_graphics_ = s.g1_graphics;
  shift_out_ = s.shift_out;
}

void Terminal::erase_display(int mode) {
  Grid& g = grid();
  Style b = blank();
  if (mode == 0) {
    g.erase(cx_, cy_, g.cols(), cy_ + 1, b);
    g.erase(0, cy_ + 1, g.cols(), g.rows(), b);
  } else if (mode == 1) {
    g.erase(0, 0, g.cols(), cy_, b);
    g.erase(0, cy_, cx_ + 1, cy_ + 1, b);
  } else if (mode == 2) {
    g.erase(0, 0, g.cols(), g.rows(), b);
  } else if (mode == 3 && !alt_) {
    primary_.clear_history();
  }
  pending_wrap_ = false;
}

void Terminal::erase_line(int mode) {
  Grid& g = grid();
  if (mode == 0) g.erase(cx_, cy_, g.cols(), cy_ + 1, blank());
  if (mode == 1) g.erase(0, cy_, cx_ + 1, cy_ + 1, blank());
  if (mode == 2) g.erase(0, cy_, g.cols(), cy_ + 1, blank());
  pending_wrap_ = false;
}

void Terminal::insert_chars(int n) {
  Grid& g = grid();
  n = std::min(n, g.cols() - cx_);
  g.move_rect(cx_ + n, cy_, cx_, cy_, g.cols() - cx_ - n, 1);
  g.erase(cx_, cy_, cx_ + n, cy_ + 1, blank());
  g.line(cy_).wrapped = false;
}

void Terminal::delete_chars(int n) {
  Grid& g = grid();
  n = std::min(n, g.cols() - cx_);
  g.move_rect(cx_, cy_, cx_ + n, cy_, g.cols() - cx_ - n, 1);
  g.erase(g.cols() - n, cy_, g.cols(), cy_ + 1, blank());
  pending_wrap_ = false;
}

void Terminal::insert_lines(int n) {
  if (cy_ < top_ || cy_ > bottom_) return;
  grid().scroll_down(cy_, bottom_, n, blank());
  cx_ = 0;
  pending_wrap_ = false;
}

void Terminal::delete_lines(int n) {
  if (cy_ < top_ || cy_ > bottom_) return;
  grid().scroll_up(cy_, bottom_, n, false, blank());
  cx_ = 0;
  pending_wrap_ = false;
}

void Terminal::set_alternate(bool on, bool clear) {
  if (on == (alt_ != nullptr)) {
    if (on && clear) alt_->erase(0, 0, alt_->cols(), alt_->rows(), Style{});
    return;
  }
  if (on) {
    alt_ = std::make_unique<Grid>(primary_.cols(), primary_.rows(), 0);
  } else {
    alt_.reset();
  }
  last_y_ = -1;
  pending_wrap_ = false;
}

void Terminal::set_mode(const char* leader, long mode, bool on) {
  if (leader[0] == 0) {
    if (mode == 4) insert_ = on;
    return;
  }
  if (leader[0] != '?') return;
  switch (mode) {
    case 6:
      origin_ = on;
      move_to(0, origin_ ? top_ : 0);
      break;
    case 7: autowrap_ = on; break;
    case 25: cursor_visible_ = on; break;
    case 47:
    case 1047:
      if (!on && mode == 1047 && alt_) alt_->erase(0, 0, alt_->cols(), alt_->rows(), Style{});
      set_alternate(on, false);
      break;
    case 1048:
      if (on)
        save_cursor(saved_);
      else
        restore_cursor(saved_);
      break;
    case 1049:
      if (on) {
        save_cursor(saved_alt_);
        set_alternate(true, true);
      } else {
        set_alternate(false, false);
        restore_cursor(saved_alt_);
      }
      break;
    case 2004: bracketed_paste_ = on; break;
    case 1: app_cursor_ = on; break;
    case 1000:
    case 1002:
    case 1003: mouse_mode_ = on ? static_cast<int>(mode) : 0; break;
    case 1006: mouse_sgr_ = on; break;
    default: break;
  }
}

static uint32_t extended_color(const long* args, int argc, int* i) {
  // 38;5;n / 38;2;r;g;b, or with colons 38:5:n / 38:2::r:g:b / 38:2:r:g:b.
  bool colon = CSI_ARG_HAS_MORE(args[*i]);
  long kind = arg(args, argc, *i + 1, -1);
  if (kind == 5) {
    long n = arg(args, argc, *i + 2, 0);
    *i += 2;
    return kColorIndexed | static_cast<uint32_t>(std::clamp(n, 0L, 255L));
  }
  if (kind == 2) {
    int first = *i + 2;
    int sub = 0;  // colon forms may carry a colour-space id before r:g:b
    for (int k = *i + 1; k < argc && CSI_ARG_HAS_MORE(args[k]); k++) sub++;
    if (colon && sub >= 4) first++;
    auto c = [&](int k) {
      return static_cast<uint32_t>(std::clamp(arg(args, argc, k, 0), 0L, 255L));
    };
    uint32_t rgb = (c(first) << 16) | (c(first + 1) << 8) | c(first + 2);
    *i = first + 2;
    return kColorRgb | rgb;
  }
  *i += 1;
  return kColorDefault;
}

// SGR colour parameters: 30-39 foreground, 40-49 background (x8 extended, x9 default),
// 90-97 and 100-107 the bright eight; false for anything else.
bool Terminal::sgr_color(long v, const long* args, int argc, int* i) {
  bool bright = v >= 90;
  long base = bright ? v - 60 : v;  // 90-107 as 30-47
  if (base < 30 || base > 49 || (bright && base % 10 > 7)) return false;
  uint32_t& color = base >= 40 ? pen_.bg : pen_.fg;
  long n = base % 10;
  if (n <= 7)
    color = kColorIndexed | static_cast<uint32_t>(n + (bright ? 8 : 0));
  else if (n == 8)
    color = extended_color(args, argc, i);
  else
    color = kColorDefault;
  return true;
}

void Terminal::sgr(const long* args, int argc) {
  if (argc == 0) {
    pen_ = Style{};
    return;
  }
  auto flag = [&](uint16_t bit, bool on) {
    pen_.attrs = static_cast<uint16_t>(on ? (pen_.attrs | bit) : (pen_.attrs & ~bit));
  };
  for (int i = 0; i < argc; i++) {
    long v = arg(args, argc, i, 0);
    if (v == 0) {
      pen_ = Style{};
    } else if (v == 4) {  // 4:N picks the underline's style (0 none, 1 single, 2 double, 3+ curly)
      long style = CSI_ARG_HAS_MORE(args[i]) ? arg(args, argc, ++i, 1) : 1;
      flag(kAttrUnderlines, false);
      if (style > 0)
        flag(style == 1   ? kAttrUnderline
             : style == 2 ? kAttrDoubleUnderline
                          : kAttrCurlyUnderline,
             true);
    } else if (v == 6) {
      flag(kAttrBlink, true);  // rapid blink is blink
    } else if (!sgr_color(v, args, argc, &i)) {
      for (const SgrAttr& a : kSgrAttrs) {
        if (v == a.on && (a.bit & kAttrUnderlines) != 0) flag(kAttrUnderlines, false);
        if (v == a.on) flag(a.bit, true);
        if (v == a.off) flag(a.bit, false);
      }
    }
    while (i < argc && CSI_ARG_HAS_MORE(args[i]) && v != 38 && v != 48 && v != 4) i++;
  }
}

void Terminal::csi(const char* leader_in, const long* args, int argc, const char* intermed_in,
                   char command) {
  const char* leader = leader_in ? leader_in : "";
  const char* intermed = intermed_in ? intermed_in : "";
  Grid& g = grid();
  if (intermed[0] == '!' && command == 'p') {  // DECSTR soft reset
    pen_ = Style{};
    origin_ = insert_ = false;
    autowrap_ = cursor_visible_ = true;
    top_ = 0;
    bottom_ = g.rows() - 1;
    return;
  }
  if (intermed[0] != 0) return;
  if (leader[0] == '?' && (command == 'h' || command == 'l')) {
    for (int i = 0; i < argc; i++) set_mode(leader, arg(args, argc, i, 0), command == 'h');
    return;
  }
  if (leader[0] == '>' && command == 'c') return reply("\033[>0;10;1c");
  if (leader[0] == '?' && command == 'J')
    return erase_display(static_cast<int>(arg(args, argc, 0, 0)));
  if (leader[0] == '?' && command == 'K')
    return erase_line(static_cast<int>(arg(args, argc, 0, 0)));
  if (leader[0] != 0) return;
  int n = count(args, argc, 0);
  int row_base = origin_ ? top_ : 0;
  switch (command) {
    case '@': insert_chars(n); break;
    case 'A': move_to(cx_, std::max(cy_ - n, cy_ >= top_ ? top_ : 0)); break;
    case 'B': move_to(cx_, std::min(cy_ + n, cy_ <= bottom_ ? bottom_ : g.rows() - 1)); break;
    case 'C':
    case 'a': move_to(cx_ + n, cy_); break;
    case 'D': move_to(cx_ - n, cy_); break;
    case 'E': move_to(0, cy_ + n); break;
    case 'F': move_to(0, cy_ - n); break;
    case 'G':
    case '`': move_to(n - 1, cy_); break;
    case 'H':
    case 'f': move_to(count(args, argc, 1) - 1, row_base + n - 1); break;
    case 'd': move_to(cx_, row_base + n - 1); break;
    case 'e': move_to(cx_, cy_ + n); break;
    case 'I':
      for (int k = 0; k < n; k++) control(0x09);
      break;
    case 'Z':
      for (int k = 0; k < n && cx_ > 0; k++) {
        cx_--;
        while (cx_ > 0 && !tabs_[static_cast<size_t>(cx_)]) cx_--;
      }
      pending_wrap_ = false;
      break;
    case 'J': erase_display(static_cast<int>(arg(args, argc, 0, 0))); break;
    case 'K': erase_line(static_cast<int>(arg(args, argc, 0, 0))); break;
    case 'L': insert_lines(n); break;
    case 'M': delete_lines(n); break;
    case 'P': delete_chars(n); break;
    case 'S': g.scroll_up(top_, bottom_, n, false, blank()); break;
    case 'T': g.scroll_down(top_, bottom_, n, blank()); break;
    case 'X': g.erase(cx_, cy_, std::min(cx_ + n, g.cols()), cy_ + 1, blank()); break;
    case 'b': repeat_last(n); break;
    case 'c':
      if (arg(args, argc, 0, 0) == 0) reply("\033[?1;2c");
      break;
    case 'g':
      if (arg(args, argc, 0, 0) == 0 && cx_ < static_cast<int>(tabs_.size()))
        tabs_[static_cast<size_t>(cx_)] = false;
      if (arg(args, argc, 0, 0) == 3) std::fill(tabs_.begin(), tabs_.end(), false);
      break;
    case 'h':
    case 'l':
      for (int i = 0; i < argc; i++) set_mode(leader, arg(args, argc, i, 0), command == 'h');
      break;
    case 'm': sgr(args, argc); break;
    case 'n':
      if (arg(args, argc, 0, 0) == 5) reply("\033[0n");
      if (arg(args, argc, 0, 0) == 6)
        reply("\033[" + std::to_string(cy_ - row_base + 1) + ";" + std::to_string(cx_ + 1) + "R");
      break;
    case 'r': {
      int top = static_cast<int>(arg(args, argc, 0, 1)) - 1;
      int bottom = static_cast<int>(arg(args, argc, 1, g.rows())) - 1;
      top = std::clamp(top, 0, g.rows() - 1);
      bottom = std::clamp(bottom, 0, g.rows() - 1);
      if (bottom <= top) break;
      top_ = top;
      bottom_ = bottom;
      move_to(0, origin_ ? top_ : 0);
      break;
    }
    case 's': save_cursor(saved_); break;
    case 'u': restore_cursor(saved_); break;
    default: break;
  }
}

void Terminal::osc(std::string_view text) {
  size_t semi = text.find(';');
  std::string_view command = text.substr(0, semi);
  if ((command == "0" || command == "2") && semi != std::string_view::npos) {
    std::string_view title = text.substr(semi + 1);
    if (title == title_) return;
    title_ = std::string(title);
  }
  if (on_osc) on_osc(text);
}

void Terminal::resize(int cols, int rows) {
  cols = std::max(cols, 1);
  rows = std::max(rows, 1);
  if (cols == grid().cols() && rows == grid().rows()) return;
  int cx = cx_, cy = cy_;
  if (alt_) {
    alt_->resize(cols, rows, &cx, &cy, false);
    int px = saved_alt_.x, py = saved_alt_.y;
    primary_.resize(cols, rows, &px, &py, true);
    saved_alt_.x = px;
    saved_alt_.y = py;
  } else {
    primary_.resize(cols, rows, &cx, &cy, true);
  }
  cx_ = cx;
  cy_ = cy;
  pending_wrap_ = false;
  top_ = 0;  // as tmux does, a resize resets the scroll region
  bottom_ = rows - 1;
  size_t old = tabs_.size();
  tabs_.resize(static_cast<size_t>(cols), false);
  for (size_t x = (old + 7) / 8 * 8; x < tabs_.size(); x += 8) tabs_[x] = true;
  last_y_ = -1;
  vterm_set_size(vt_, rows, cols);
}

}  // namespace amux
