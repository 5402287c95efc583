// A pane's terminal emulator: libvterm's parser and state layer interpret the program's
// output; the results are kept in amux's own grids (primary with history, alternate).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "amux/grid.h"

struct VTerm;
struct VTermState;

namespace amux {

class Terminal {
 public:
  Terminal(int cols, int rows, size_t history_limit);
  ~Terminal();
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  void write(const char* data, size_t len);
  void resize(int cols, int rows);
  Grid& grid() { return alt_ ? *alt_ : primary_; }
  const Grid& grid() const { return alt_ ? *alt_ : primary_; }
  Grid& primary() { return primary_; }
  bool alternate() const { return alt_ != nullptr; }
  int cursor_x() const { return cx_; }
  int cursor_y() const { return cy_; }
  bool cursor_visible() const { return cursor_visible_; }
  const std::string& title() const { return title_; }
  // Bytes the program asked for (cursor reports, device attributes) to write back.
  std::string take_replies() { return std::move(replies_); }
  // Called with the text of OSC sequences libvterm does not handle ("1337;...").
  std::function<void(std::string_view)> on_osc;

  // libvterm callbacks (terminal.cc).
  void put_glyph(const uint32_t* chars, int width, int row, int col);
  void move_cursor(int row, int col, bool visible);
  void scroll_rect(int top, int bottom, int left, int right, int down, int rightward);
  void erase_rect(int top, int bottom, int left, int right);
  void move_rect(int dtop, int dleft, int stop, int sleft, int rows, int cols);
  void set_pen_attr(int attr, const void* value);
  void set_prop(int prop, const void* value);
  void resized(void* delta);
  void reply(const char* bytes, size_t len) { replies_.append(bytes, len); }
  void osc(std::string_view text);
  Style& pen() { return pen_; }

 private:
  Style blank() const;
  VTerm* vt_;
  VTermState* state_;
  Grid primary_;
  std::unique_ptr<Grid> alt_;
  Style pen_;
  int cx_ = 0, cy_ = 0;
  bool cursor_visible_ = true;
  std::string title_;
  std::string replies_;
  int wrap_row_ = -1;  // row whose last column was just written (a soft wrap may follow)
  int resize_dx_ = 0, resize_dy_ = 0;
  template <typename Flush>
  bool csi_filter(unsigned char c, size_t i, Flush& flush);
  void repeat_last(long count);
  // Where libvterm's parser is, as far as write() must know (see terminal.cc).
  enum class CsiState { kGround, kEscape, kEscapeIntermediate, kCsi } csi_state_ = CsiState::kGround;
  struct CsiScan {
    int length = 0, separators = 0, digits = 0;
    long arg0 = 0;
    bool private_marker = false, intermediate = false;
  } csi_;
  bool held_c2_ = false;  // a 0xc2 byte held back: it may start a C1 control
  uint32_t last_glyph_[6] = {};  // the last character printed, for REP
  int last_glyph_count_ = 0;
};

}  // namespace amux
