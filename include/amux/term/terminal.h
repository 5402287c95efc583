// A pane's terminal emulator. libvterm's parser splits the program's output into text
// runs, controls, escape, CSI and OSC sequences; this class is the state machine behind
// them (cursor, modes, pen, margins, tabs, charsets, alternate screen) writing into
// amux's own grids. Text runs are placed directly, which keeps output fast.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "amux/term/grid.h"
#include "amux/term/vterm-filter.h"

struct VTerm;

namespace amux {

class Terminal final : private VtermFilter::Sink {
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
  bool bracketed_paste() const { return bracketed_paste_; }
  bool app_cursor() const { return app_cursor_; }  // DECCKM: cursor keys send ESC O x
  bool app_keypad() const { return app_keypad_; }  // DECKPAM (ESC =)
  bool autowrap() const { return autowrap_; }
  bool insert_mode() const { return insert_; }
  bool origin_mode() const { return origin_; }
  int scroll_top() const { return top_; }
  int scroll_bottom() const { return bottom_; }
  // Where the cursor was when the alternate screen was entered (1049); x -1 when not on it.
  std::pair<int, int> alternate_saved() const {
    return alt_ ? std::pair{saved_alt_.x, saved_alt_.y} : std::pair{-1, -1};
  }
  // Mouse reporting the program asked for: 0 none, else 1000/1002/1003; sgr: mode 1006.
  int mouse_mode() const { return mouse_mode_; }
  bool mouse_sgr() const { return mouse_sgr_; }
  const std::string& title() const { return title_; }
  void set_title(std::string title) { title_ = std::move(title); }
  // Bytes the program asked for (cursor reports, device attributes) to write back.
  std::string take_replies() { return std::move(replies_); }
  // Called with the text of OSC sequences ("1337;..."); a title ("2;text") only when it
  // changes the title.
  std::function<void(std::string_view)> on_osc;
  std::function<void()> on_bell;  // BEL outside a string sequence

  // Parser callbacks (terminal.cc).
  void text(const char* bytes, size_t len);
  void control(unsigned char c);
  void escape(std::string_view seq);
  void csi(const char* leader, const long* args, int argc, const char* intermed, char command);
  void osc(std::string_view text) override;

 private:
  void parse(const char* data, size_t len) override;  // filtered bytes to libvterm

  struct Saved {
    int x = 0, y = 0;
    Style pen;
    bool origin = false, autowrap = true, pending_wrap = false;
    bool g0_graphics = false, g1_graphics = false, shift_out = false;
  };
  Style blank() const;
  int width_of(uint32_t cp) const;
  void print(uint32_t cp);
  void put_char(uint32_t cp, int width);
  void linefeed();
  void reverse_index();
  void carriage_return();
  void move_to(int x, int y);
  void erase_display(int mode);
  void erase_line(int mode);
  void insert_chars(int n);
  void delete_chars(int n);
  void insert_lines(int n);
  void delete_lines(int n);
  void set_mode(const char* leader, long mode, bool on);
  void set_alternate(bool on, bool clear);
  void save_cursor(Saved& s) const;
  void restore_cursor(const Saved& s);
  void sgr(const long* args, int argc);
  bool sgr_color(long v, const long* args, int argc, int* i);
  void reset();
  void reply(const std::string& s) { replies_ += s; }
  void repeat_last(long count);

  VTerm* vt_;
  Grid primary_;
  std::unique_ptr<Grid> alt_;
  Style pen_;
  int cx_ = 0, cy_ = 0;
  bool pending_wrap_ = false;  // the last column was written; the next character wraps
  int top_ = 0, bottom_ = 0;   // scroll region, inclusive
  std::vector<bool> tabs_;
  bool origin_ = false, autowrap_ = true, insert_ = false, cursor_visible_ = true;
  bool bracketed_paste_ = false;
  bool app_cursor_ = false;
  bool app_keypad_ = false;
  int mouse_mode_ = 0;
  bool mouse_sgr_ = false;
  bool g0_graphics_ = false, g1_graphics_ = false, shift_out_ = false;
  Saved saved_, saved_alt_;
  std::string title_;
  std::string replies_;
  // UTF-8 decoding across text runs.
  uint32_t utf8_cp_ = 0;
  int utf8_need_ = 0;
  uint32_t utf8_min_ = 0;
  // The cell the last character went to (combining marks join it) and that character.
  int last_x_ = -1, last_y_ = -1;
  uint32_t last_cp_ = 0;
  int last_width_ = 0;
  VtermFilter filter_;  // guards libvterm's parser; its sink is this terminal
};

}  // namespace amux
