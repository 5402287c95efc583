// A client's terminal through terminfo: what the entry for TERM says to send for cursor
// motion, clearing, attributes and colours; colours the terminal lacks are mapped to the
// nearest it has. The entry's strings are copied out once, so clients with different
// TERMs share nothing.
#include "amux/term/tty-writer.h"

#include <curses.h>
#include <term.h>

#include <cstdlib>
#include <cstring>

namespace amux {

namespace {

std::string cap(const char* name) {
  char* s = tigetstr(name);
  if (s == nullptr || s == reinterpret_cast<char*>(-1)) return "";
  return s;
}

// The xterm palette: 16 basic colours, a 6x6x6 cube, then 24 greys.
void palette_rgb(int i, int* r, int* g, int* b) {
  static const int kBasic[16][3] = {{0, 0, 0},       {205, 0, 0},   {0, 205, 0},   {205, 205, 0},
                                    {0, 0, 238},     {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
                                    {127, 127, 127}, {255, 0, 0},   {0, 255, 0},   {255, 255, 0},
                                    {92, 92, 255},   {255, 0, 255}, {0, 255, 255}, {255, 255, 255}};
  if (i < 16) {
    *r = kBasic[i][0], *g = kBasic[i][1], *b = kBasic[i][2];
  } else if (i < 232) {
    static const int kLevel[6] = {0, 95, 135, 175, 215, 255};
    i -= 16;
    *r = kLevel[i / 36], *g = kLevel[(i / 6) % 6], *b = kLevel[i % 6];
  } else {
    *r = *g = *b = 8 + (i - 232) * 10;
  }
}

// The nearest of the first count palette entries to an RGB colour.
int nearest(int r, int g, int b, int count) {
  int best = 0;
  long best_d = -1;
  for (int i = 0; i < count; i++) {
    int pr, pg, pb;
    palette_rgb(i, &pr, &pg, &pb);
    long d = (pr - r) * (pr - r) + (pg - g) * (pg - g) + (pb - b) * (pb - b);
    if (best_d < 0 || d < best_d) best = i, best_d = d;
  }
  return best;
}

}  // namespace

bool TtyWriter::open(const std::string& term, const std::string& colorterm, std::string* error) {
  int err = 0;
  TERMINAL* previous = cur_term;
  if (term.empty() || setupterm(term.c_str(), -1, &err) != OK) {
    set_curterm(previous);
    *error = "open terminal failed: missing or unsuitable terminal: " + term;
    return false;
  }
  struct Release {  // the entry is only read here: its strings are copied out
    TERMINAL* previous;
    ~Release() { del_curterm(set_curterm(previous)); }
  } release{previous};
  caps_.cup = cap("cup");
  if (caps_.cup.empty()) {
    *error = "open terminal failed: terminal does not support cursor addressing: " + term;
    return false;
  }
  caps_.clear = cap("clear");
  caps_.el = cap("el");
  caps_.sgr0 = cap("sgr0");
  caps_.bold = cap("bold");
  caps_.sitm = cap("sitm");
  caps_.smul = cap("smul");
  caps_.blink = cap("blink");
  caps_.rev = cap("rev");
  caps_.smxx = cap("smxx");
  caps_.setaf = cap("setaf");
  caps_.setab = cap("setab");
  caps_.civis = cap("civis");
  caps_.cnorm = cap("cnorm");
  caps_.smcup = cap("smcup");
  caps_.rmcup = cap("rmcup");
  int n = tigetnum("colors");
  colors_ = n > 0 ? n : 0;
  truecolor_ = tigetflag("Tc") == 1 || tigetflag("RGB") == 1 || colorterm == "truecolor" ||
               colorterm == "24bit";
  if (colors_ >= 16777216) truecolor_ = true;
  return true;
}

std::string TtyWriter::start() {
  cx_ = cy_ = -1;
  pen_known_ = false;
  cursor_on_ = -1;
  modes_ = 0;
  return caps_.smcup + caps_.sgr0 + caps_.clear;
}

std::string TtyWriter::restore() {
  std::string out = caps_.sgr0;
  if (modes_ & kUpdatePaste) out += "\033[?2004l";
  if (modes_ & kUpdateMouse) out += "\033[?1006l\033[?1002l\033[?1000l";
  modes_ = 0;
  return out + caps_.cnorm + caps_.clear + caps_.rmcup;
}

std::string TtyWriter::color_sequence(uint32_t color, bool fg) const {
  const std::string& set = fg ? caps_.setaf : caps_.setab;
  if (color == kColorDefault || colors_ == 0) return "";
  int index;
  if ((color & kColorRgb) != 0) {
    int r = (color >> 16) & 0xff, g = (color >> 8) & 0xff, b = color & 0xff;
    if (truecolor_)
      return "\033[" + std::string(fg ? "38" : "48") + ";2;" + std::to_string(r) + ";" +
             std::to_string(g) + ";" + std::to_string(b) + "m";
    index = nearest(r, g, b, colors_ >= 256 ? 256 : colors_ >= 16 ? 16 : 8);
  } else {
    index = static_cast<int>(color & 0xff);
    if (index >= colors_) {
      int r, g, b;
      palette_rgb(index, &r, &g, &b);
      index = index < 16 ? index % 8 : nearest(r, g, b, colors_ >= 16 ? 16 : 8);
    }
  }
  if (set.empty()) return "";
  return tiparm(set.c_str(), index);
}

std::string TtyWriter::style_sequence(const Style& s) const {
  std::string out = caps_.sgr0;
  if (s.attrs & kAttrBold) out += caps_.bold;
  if (s.attrs & kAttrItalic) out += caps_.sitm;
  if (s.attrs & kAttrUnderlines) out += caps_.smul;
  if (s.attrs & kAttrBlink) out += caps_.blink;
  if (s.attrs & kAttrReverse) out += caps_.rev;
  if (s.attrs & kAttrStrike) out += caps_.smxx;
  out += color_sequence(s.fg, true);
  out += color_sequence(s.bg, false);
  return out;
}

void TtyWriter::move(int x, int y) {
  if (x == cx_ && y == cy_) return;
  out_ += tiparm(caps_.cup.c_str(), y, x);
  cx_ = x;
  cy_ = y;
  moves_++;
}

// A frame is the changed runs, then the cursor put where the screen has it. The cursor is
// hidden while the frame jumps about (a clear, or a run away from where the cursor is);
// a frame that only writes where the cursor stands (a keystroke's echo) is written as it
// is, as a program writing to the terminal would.
std::string TtyWriter::draw(std::string_view update) {
  UpdateHeader h;
  out_.clear();
  moves_ = 0;
  wide_ = false;
  bool cleared = false;
  bool ok = decode_update(update, &h, [this, &h, &cleared](const UpdateRun& r) {
    if (!cleared && (h.flags & kUpdateClear)) {
      out_ += caps_.sgr0 + caps_.clear;
      pen_known_ = false;
      cx_ = cy_ = -1;
      moves_++;
    }
    cleared = true;
    move(r.col, r.row);
    if (!pen_known_ || !(pen_ == r.style)) {
      out_ += style_sequence(r.style);
      pen_ = r.style;
      pen_known_ = true;
    }
    out_.append(r.text);
    for (char ch : r.text)  // a width the terminal may see otherwise: no guessing after it
      if (static_cast<unsigned char>(ch) >= 0x80) wide_ = true;
    cx_ = r.col + r.cells;
    if (cx_ >= h.cols) cx_ = cy_ = -1;  // the terminal may wrap or hold: unknown
  });
  bool hide = moves_ > 0 && cursor_on_ != 0;
  if (hide) {
    out_.insert(0, caps_.civis);
    cursor_on_ = 0;
  }
  if (!ok) {  // what was drawn of it stands; where the cursor and pen are is not known
    cx_ = cy_ = -1;
    pen_known_ = false;
    cursor_on_ = -1;
    return std::move(out_);
  }
  uint8_t modes = h.flags & (kUpdatePaste | kUpdateMouse);
  if ((modes ^ modes_) & kUpdatePaste)
    out_ += (modes & kUpdatePaste) ? "\033[?2004h" : "\033[?2004l";
  if ((modes ^ modes_) & kUpdateMouse)
    out_ += (modes & kUpdateMouse) ? "\033[?1000h\033[?1002h\033[?1006h"
                                   : "\033[?1006l\033[?1002l\033[?1000l";
  modes_ = modes;
  if (wide_) cx_ = cy_ = -1;  // after text not all ASCII, the cursor is put where it goes
  if (h.cursor_x < h.cols && h.cursor_y < h.rows) move(h.cursor_x, h.cursor_y);
  bool visible = (h.flags & kUpdateCursor) != 0;
  if (cursor_on_ != (visible ? 1 : 0)) {
    out_ += visible ? caps_.cnorm : caps_.civis;
    cursor_on_ = visible ? 1 : 0;
  }
  return std::move(out_);
}

}  // namespace amux
