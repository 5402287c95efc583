// The attached client's own terminal: raw mode and the alternate screen while attached,
// and drawing screen updates with the terminal's terminfo entry (TERM): cursor motion,
// attributes, 8/16/256 colours, and 24-bit colour where the terminal has it.
#pragma once

#include <termios.h>

#include <string>
#include <string_view>

#include "amux/term/canvas.h"

namespace amux {

class Tty {
 public:
  // Loads the terminfo entry for term; false with *error when there is none.
  bool open(const std::string& term, std::string* error);
  // Raw mode, alternate screen, cleared; restore() undoes all of it (idempotent).
  bool start(int in_fd, int out_fd, std::string* error);
  void restore();
  // Draws an update; false when it is malformed.
  bool draw(std::string_view update);
  int colors() const { return colors_; }
  bool truecolor() const { return truecolor_; }
  // The escape sequence for a style under this terminal (tests and draw()).
  std::string style_sequence(const Style& s) const;

 private:
  struct Caps {
    std::string cup, clear, el, sgr0, bold, sitm, smul, blink, rev, smxx, setaf, setab;
    std::string civis, cnorm, smcup, rmcup;
  };
  std::string color_sequence(uint32_t color, bool fg) const;
  void move(int x, int y);
  void flush();

  Caps caps_;
  int colors_ = 8;
  bool truecolor_ = false;
  int in_fd_ = -1, out_fd_ = -1;
  bool started_ = false;
  struct termios saved_ {};
  std::string out_;
  int cx_ = -1, cy_ = -1;  // where the cursor is (-1: unknown)
  Style pen_;
  bool pen_known_ = false;
  uint8_t modes_ = 0;  // kUpdatePaste / kUpdateMouse as the terminal has them now
};

}  // namespace amux
