// Copy mode's commands: what send-keys -X runs and the copy-mode (emacs) and copy-mode-vi
// key tables bind, named as tmux names them. Each moves the cursor, the view or the
// selection once; the caller repeats it (-N).
#include <algorithm>

#include "amux/base/format.h"
#include "amux/base/util.h"
#include "amux/server/client-hub.h"
#include "amux/server/modes.h"
#include "amux/server/paste-buffers.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

using R = CopyMode::Result;
using A = std::vector<std::string>;

// clang-format off
const std::vector<CopyMode::Command>& CopyMode::commands() {
  static const std::vector<Command> table = {
      {"append-selection-and-cancel", &CopyMode::append_and_cancel, 0},
      {"back-to-indentation", &CopyMode::indentation, 0},
      {"begin-selection", &CopyMode::begin_selection, 0},
      {"bottom-line", &CopyMode::bottom_line, 0},
      {"cancel", &CopyMode::cancel, 0},
      {"clear-selection", &CopyMode::clear_selection, 0},
      {"copy-end-of-line", &CopyMode::copy_line_end, 0},
      {"copy-end-of-line-and-cancel", &CopyMode::copy_line_end_and_cancel, 0},
      {"copy-pipe", &CopyMode::copy, 0},
      {"copy-pipe-and-cancel", &CopyMode::copy_and_cancel, 0},
      {"copy-pipe-end-of-line", &CopyMode::copy_line_end, 0},
      {"copy-pipe-end-of-line-and-cancel", &CopyMode::copy_line_end_and_cancel, 0},
      {"copy-selection", &CopyMode::copy, 0},
      {"copy-selection-and-cancel", &CopyMode::copy_and_cancel, 0},
      {"cursor-down", &CopyMode::down, 0},
      {"cursor-left", &CopyMode::left, 0},
      {"cursor-right", &CopyMode::right, 0},
      {"cursor-up", &CopyMode::up, 0},
      {"end-of-line", &CopyMode::line_end, 0},
      {"goto-line", &CopyMode::goto_line, 1},
      {"halfpage-down", &CopyMode::halfpage_down, 0},
      {"halfpage-up", &CopyMode::halfpage_up, 0},
      {"history-bottom", &CopyMode::history_bottom, 0},
      {"history-top", &CopyMode::history_top, 0},
      {"jump-again", &CopyMode::jump_again, 0},
      {"jump-backward", &CopyMode::jump_backward, 1},
      {"jump-forward", &CopyMode::jump_forward, 1},
      {"jump-reverse", &CopyMode::jump_reverse, 0},
      {"jump-to-backward", &CopyMode::jump_to_backward, 1},
      {"jump-to-forward", &CopyMode::jump_to_forward, 1},
      {"jump-to-mark", &CopyMode::jump_to_mark, 0},
      {"middle-line", &CopyMode::middle_line, 0},
      {"next-space", &CopyMode::next_space, 0},
      {"next-space-end", &CopyMode::next_space_end, 0},
      {"next-word", &CopyMode::next_word, 0},
      {"next-word-end", &CopyMode::next_word_end, 0},
      {"other-end", &CopyMode::other_end, 0},
      {"page-down", &CopyMode::page_down, 0},
      {"page-up", &CopyMode::page_up, 0},
      {"previous-space", &CopyMode::previous_space, 0},
      {"previous-word", &CopyMode::previous_word, 0},
      {"refresh-from-pane", &CopyMode::nothing, 0},  // the view is always the pane's
      {"scroll-down", &CopyMode::scroll_down, 0},
      {"scroll-up", &CopyMode::scroll_up, 0},
      {"search-again", &CopyMode::search_again, 0},
      {"search-backward", &CopyMode::search_backward, 1},
      {"search-backward-incremental", &CopyMode::search_backward, 1},
      {"search-forward", &CopyMode::search_forward, 1},
      {"search-forward-incremental", &CopyMode::search_forward, 1},
      {"search-reverse", &CopyMode::search_reverse, 0},
      {"select-line", &CopyMode::select_line, 0},
      {"select-word", &CopyMode::select_word, 0},
      {"set-mark", &CopyMode::set_mark, 0},
      {"start-of-line", &CopyMode::line_start, 0},
      {"top-line", &CopyMode::top_line, 0},
  };
  return table;
}
// clang-format on

const std::vector<std::string>& CopyMode::command_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& c : commands()) out.push_back(c.name);
    return out;
  }();
  return names;
}

R CopyMode::command(const std::string& name, const A& args, int count, std::string* error) {
  const auto& table = commands();
  auto it =
      std::find_if(table.begin(), table.end(), [&](const Command& c) { return name == c.name; });
  if (it == table.end()) {
    *error = "unknown command: " + name;
    return R::kUnknown;
  }
  if (static_cast<int>(args.size()) < it->args) {
    *error = "missing argument for " + name;
    return R::kUnknown;
  }
  if (pane() == nullptr) return R::kLeave;
  for (int i = 0; i < std::max(count, 1); i++)
    if ((this->*(it->step))(args) == R::kLeave) return R::kLeave;
  return R::kStay;
}

void CopyMode::formats(FormatContext& ctx) const {
  ctx.set("pane_in_mode", "1");
  ctx.set("pane_mode", "copy-mode");
  ctx.set("copy_cursor_x", std::to_string(cx_));
  ctx.set("copy_cursor_y", std::to_string(cy_));
  ctx.set("scroll_position", std::to_string(offset_));
  ctx.set("selection_present", selecting_ ? "1" : "0");
  ctx.set("search_present", last_search_.empty() ? "0" : "1");
  ctx.set("pane_search_string", last_search_);
  std::string line, word;
  if (const Line* l = line_at(cy_)) {
    for (int x = 0; x < l->used(); x++) line += l->text(x);
    int a = abs_line(), from = cx_, to = cx_;
    if (cell_class(a, cx_, false) == 2) {
      while (from > 0 && cell_class(a, from - 1, false) == 2) from--;
      while (to + 1 < l->used() && cell_class(a, to + 1, false) == 2) to++;
      for (int x = from; x <= to; x++) word += l->text(x);
    }
  }
  ctx.set("copy_cursor_line", line);
  ctx.set("copy_cursor_word", word);
}

void CopyMode::set_cursor(int x, int y) {
  Pane* p = pane();
  cx_ = std::clamp(x, 0, p != nullptr ? std::max(0, p->sx - 1) : 0);
  cy_ = std::clamp(y, 0, std::max(0, rows() - 1));
}

int CopyMode::abs_line() const {
  return history() - offset_ + cy_;
}

void CopyMode::go_to(int a, int x) {
  int hist = history(), total = hist + rows();
  a = std::clamp(a, 0, total - 1);
  int row = a - hist + offset_;
  if (row < 0) {
    offset_ = hist - a;
    row = 0;
  } else if (row >= rows()) {
    offset_ = std::max(0, hist - a + rows() - 1);
    row = a - hist + offset_;
  }
  cy_ = row;
  Pane* p = pane();
  cx_ = std::clamp(x, 0, p != nullptr ? std::max(0, p->sx - 1) : 0);
}

// 0: blank, 1: a word separator, 2: a word character (spaces_only: 2 for any non-blank).
int CopyMode::cell_class(int a, int x, bool spaces_only) const {
  const Line* l = line_at(a - history() + offset_);
  if (l == nullptr || x >= l->used()) return 0;
  std::string t = l->text(x);
  if (t.empty() || t == " ") return 0;
  if (spaces_only) return 2;
  Pane* p = pane();
  std::string seps = p != nullptr ? p->window->session->options.get("word-separators") : "";
  return t.size() == 1 && seps.find(t[0]) != std::string::npos ? 1 : 2;
}

// Moves to the start of the next word (to_end: the end of this or the next word) or the
// start of this or the previous one, across lines.
R CopyMode::word_step(bool forward, bool to_end, bool spaces_only) {
  Pane* p = pane();
  int width = p->sx, total = history() + rows();
  int a = abs_line(), x = cx_;
  auto step = [&](int dir) {
    x += dir;
    if (x >= width) {
      if (a + 1 >= total) return x = width - 1, false;
      a++, x = 0;
    } else if (x < 0) {
      if (a == 0) return x = 0, false;
      a--, x = width - 1;
    }
    return true;
  };
  int cls = [&] { return cell_class(a, x, spaces_only); }();
  if (forward && !to_end) {
    int start = cls;
    while (cls == start && start != 0 && step(1)) cls = cell_class(a, x, spaces_only);
    while (cls == 0 && step(1)) cls = cell_class(a, x, spaces_only);
  } else if (forward) {
    if (!step(1)) return R::kStay;
    cls = cell_class(a, x, spaces_only);
    while (cls == 0 && step(1)) cls = cell_class(a, x, spaces_only);
    int start = cls;
    while (step(1)) {
      if (cell_class(a, x, spaces_only) != start) {
        step(-1);
        break;
      }
    }
  } else {
    if (!step(-1)) return R::kStay;
    cls = cell_class(a, x, spaces_only);
    while (cls == 0 && step(-1)) cls = cell_class(a, x, spaces_only);
    int start = cls;
    while (step(-1)) {
      if (cell_class(a, x, spaces_only) != start) {
        step(1);
        break;
      }
    }
  }
  go_to(a, x);
  return R::kStay;
}

R CopyMode::up(const A&) {
  cursor_up(1);
  return R::kStay;
}
R CopyMode::down(const A&) {
  cursor_down(1);
  return R::kStay;
}
R CopyMode::left(const A&) {
  cx_ = std::max(0, cx_ - 1);
  return R::kStay;
}
R CopyMode::right(const A&) {
  cx_ = std::min(pane()->sx - 1, cx_ + 1);
  return R::kStay;
}
R CopyMode::line_start(const A&) {
  cx_ = 0;
  return R::kStay;
}

R CopyMode::line_end(const A&) {
  if (const Line* l = line_at(cy_)) cx_ = std::max(0, l->used() - 1);
  return R::kStay;
}

R CopyMode::indentation(const A&) {
  cx_ = 0;
  if (const Line* l = line_at(cy_))
    while (cx_ < l->used() - 1 && (l->text(cx_).empty() || l->text(cx_) == " ")) cx_++;
  return R::kStay;
}

R CopyMode::page_up(const A&) {
  offset_ = std::min(history(), offset_ + std::max(1, rows() - 1));
  return R::kStay;
}

// Scrolling down past the bottom ends the mode, as tmux's default copy mode does when
// entered with -e; here it stays at the bottom.
R CopyMode::page_down(const A&) {
  offset_ = std::max(0, offset_ - std::max(1, rows() - 1));
  return exit_at_bottom_ && offset_ == 0 ? R::kLeave : R::kStay;
}

R CopyMode::halfpage_up(const A&) {
  offset_ = std::min(history(), offset_ + std::max(1, rows() / 2));
  return R::kStay;
}

R CopyMode::halfpage_down(const A&) {
  offset_ = std::max(0, offset_ - std::max(1, rows() / 2));
  return exit_at_bottom_ && offset_ == 0 ? R::kLeave : R::kStay;
}

// The view moves a line; the cursor stays on its text while it can.
R CopyMode::scroll_up(const A&) {
  if (offset_ < history()) {
    offset_++;
    cy_ = std::min(cy_ + 1, rows() - 1);
  }
  return R::kStay;
}

R CopyMode::scroll_down(const A&) {
  if (offset_ > 0) {
    offset_--;
    cy_ = std::max(cy_ - 1, 0);
  }
  return exit_at_bottom_ && offset_ == 0 ? R::kLeave : R::kStay;
}

R CopyMode::history_top(const A&) {
  offset_ = history();
  cy_ = 0;
  cx_ = 0;
  return R::kStay;
}

R CopyMode::history_bottom(const A&) {
  offset_ = 0;
  cy_ = rows() - 1;
  line_end({});
  return R::kStay;
}

R CopyMode::top_line(const A&) {
  cy_ = 0;
  cx_ = 0;
  return R::kStay;
}
R CopyMode::middle_line(const A&) {
  cy_ = (rows() - 1) / 2;
  cx_ = 0;
  return R::kStay;
}
R CopyMode::bottom_line(const A&) {
  cy_ = rows() - 1;
  cx_ = 0;
  return R::kStay;
}

R CopyMode::begin_selection(const A&) {
  selecting_ = true;
  sel_line_ = abs_line();
  sel_x_ = cx_;
  return R::kStay;
}

R CopyMode::clear_selection(const A&) {
  selecting_ = false;
  return R::kStay;
}

R CopyMode::select_line(const A&) {
  selecting_ = true;
  sel_line_ = abs_line();
  sel_x_ = 0;
  line_end({});
  return R::kStay;
}

R CopyMode::select_word(const A&) {
  if (cell_class(abs_line(), cx_, false) != 0) {
    int a = abs_line();
    while (cx_ > 0 && cell_class(a, cx_ - 1, false) == cell_class(a, cx_, false)) cx_--;
    begin_selection({});
    while (cx_ + 1 < pane()->sx && cell_class(a, cx_ + 1, false) == cell_class(a, cx_, false))
      cx_++;
  }
  return R::kStay;
}

R CopyMode::other_end(const A&) {
  if (!selecting_) return R::kStay;
  int a = abs_line(), x = cx_;
  go_to(sel_line_, sel_x_);
  sel_line_ = a;
  sel_x_ = x;
  return R::kStay;
}

R CopyMode::copy(const A&) {
  if (selecting_) server_.paste().add(selection_text());
  return R::kStay;
}

R CopyMode::copy_and_cancel(const A&) {
  copy({});
  return R::kLeave;
}

R CopyMode::copy_line_end(const A&) {
  begin_selection({});
  line_end({});
  copy({});
  selecting_ = false;
  return R::kStay;
}

R CopyMode::copy_line_end_and_cancel(const A&) {
  copy_line_end({});
  return R::kLeave;
}

R CopyMode::append_and_cancel(const A&) {
  if (selecting_) {
    std::string text = selection_text();
    const PasteBuffer* top = server_.paste().find("");
    if (top != nullptr)
      server_.paste().add(top->data + text, top->name);
    else
      server_.paste().add(text);
  }
  return R::kLeave;
}

R CopyMode::cancel(const A&) {
  return R::kLeave;
}
R CopyMode::nothing(const A&) {
  return R::kStay;
}

void CopyMode::search_failed(const std::string& text) {
  if (ClientConn* c = server_.clients().find_client(client_))
    server_.renderer().show_message(*c, "search failed: " + text);
}

R CopyMode::search_forward(const A& args) {
  if (!search(args[0], false)) search_failed(args[0]);
  return R::kStay;
}

R CopyMode::search_backward(const A& args) {
  if (!search(args[0], true)) search_failed(args[0]);
  return R::kStay;
}

R CopyMode::search_again(const A&) {
  if (!last_search_.empty() && !search(last_search_, last_up_)) search_failed(last_search_);
  return R::kStay;
}

R CopyMode::search_reverse(const A&) {
  bool keep = last_up_;
  if (!last_search_.empty() && !search(last_search_, !last_up_)) search_failed(last_search_);
  last_up_ = keep;
  return R::kStay;
}

R CopyMode::next_word(const A&) {
  return word_step(true, false, false);
}
R CopyMode::next_word_end(const A&) {
  return word_step(true, true, false);
}
R CopyMode::previous_word(const A&) {
  return word_step(false, false, false);
}
R CopyMode::next_space(const A&) {
  return word_step(true, false, true);
}
R CopyMode::next_space_end(const A&) {
  return word_step(true, true, true);
}
R CopyMode::previous_space(const A&) {
  return word_step(false, false, true);
}

// goto-line N: line N of the history counted up from the screen's top (0: the top row).
R CopyMode::goto_line(const A& args) {
  long long n;
  if (!parse_int(args[0], 0, 100000000, &n)) return R::kStay;
  offset_ = std::min(history(), static_cast<int>(n));
  cy_ = 0;
  return R::kStay;
}

// f/F: to the next (previous) cell holding the text on this line; t/T: to the cell before
// (after) it.
R CopyMode::jump(char kind, const std::string& what) {
  const Line* l = line_at(cy_);
  if (l == nullptr || what.empty()) return R::kStay;
  jump_kind_ = kind;
  jump_char_ = what;
  bool forward = kind == 'f' || kind == 't';
  int start = cx_ + (forward ? 1 : -1);
  if (kind == 't') start++;
  if (kind == 'T') start--;
  for (int x = start; x >= 0 && x < l->used(); x += forward ? 1 : -1)
    if (l->text(x) == what) {
      cx_ = kind == 't' ? x - 1 : kind == 'T' ? x + 1 : x;
      return R::kStay;
    }
  return R::kStay;
}

R CopyMode::jump_forward(const A& args) {
  return jump('f', args[0]);
}
R CopyMode::jump_backward(const A& args) {
  return jump('F', args[0]);
}
R CopyMode::jump_to_forward(const A& args) {
  return jump('t', args[0]);
}
R CopyMode::jump_to_backward(const A& args) {
  return jump('T', args[0]);
}

R CopyMode::jump_again(const A&) {
  return jump_kind_ != 0 ? jump(jump_kind_, jump_char_) : R::kStay;
}

R CopyMode::jump_reverse(const A&) {
  if (jump_kind_ == 0) return R::kStay;
  char kind = jump_kind_;
  static const std::string from = "fFtT", to = "FfTt";
  jump(to[from.find(kind)], jump_char_);
  jump_kind_ = kind;
  return R::kStay;
}

R CopyMode::set_mark(const A&) {
  mark_line_ = abs_line();
  mark_x_ = cx_;
  return R::kStay;
}

R CopyMode::jump_to_mark(const A&) {
  if (mark_line_ < 0) return R::kStay;
  int a = abs_line(), x = cx_;
  go_to(mark_line_, mark_x_);
  mark_line_ = a;
  mark_x_ = x;
  return R::kStay;
}

}  // namespace amux
