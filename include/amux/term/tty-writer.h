// What an attached client's terminal is sent, by its terminfo entry (TERM): the start
// (alternate screen, cleared), screen updates as cursor motion, attributes and colours
// (8/16/256, and 24-bit where the terminal has it) for only the cells that changed, and
// the end that restores it. The bytes are returned; the caller writes them.
#pragma once

#include <string>
#include <string_view>

#include "amux/term/canvas.h"

namespace amux {

class TtyWriter {
 public:
  // Loads the terminfo entry for term; false with *error when there is none. colorterm:
  // the client's COLORTERM ("truecolor" or "24bit" says 24-bit colour works).
  bool open(const std::string& term, const std::string& colorterm, std::string* error);
  std::string start();    // alternate screen, cleared
  std::string restore();  // modes off, cursor on, normal screen
  // The bytes that draw an update (term/canvas.h); "" when it is malformed.
  std::string draw(std::string_view update);
  // The escape sequence for a style under this terminal (tests and draw()).
  std::string style_sequence(const Style& s) const;

 private:
  struct Caps {
    std::string cup, clear, el, sgr0, bold, sitm, smul, blink, rev, smxx, setaf, setab;
    std::string civis, cnorm, smcup, rmcup;
  };
  std::string color_sequence(uint32_t color, bool fg) const;
  void move(int x, int y);

  Caps caps_;
  int colors_ = 8;
  bool truecolor_ = false;
  std::string out_;
  int cx_ = -1, cy_ = -1;  // where the cursor is (-1: unknown)
  Style pen_;
  bool pen_known_ = false;
  int cursor_on_ = -1;  // whether the terminal shows its cursor (-1: unknown)
  int moves_ = 0;       // cursor movements written in this frame
  bool wide_ = false;   // this frame wrote text other than ASCII
  uint8_t modes_ = 0;  // kUpdatePaste / kUpdateMouse as the terminal has them now
};

}  // namespace amux
