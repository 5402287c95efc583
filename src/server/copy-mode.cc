// Copy mode: a client's view of a pane scrolled back through its history, with a cursor,
// search, and a selection copied to a paste buffer; its commands are in
// copy-mode-commands.cc. The pane goes on running underneath; the view is kept relative
// to the bottom.
#include <algorithm>

#include "amux/server/client-hub.h"
#include "amux/server/modes.h"
#include "amux/server/paste-buffers.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

namespace {

// A line's text by cells: the text and, for each cell, where its text starts.
std::string line_text(const Line& l, std::vector<size_t>* starts) {
  std::string out;
  for (int x = 0; x < l.size(); x++) {
    if (starts != nullptr) starts->push_back(out.size());
    out += l.text(x);
  }
  return out;
}

int cell_of(const std::vector<size_t>& starts, size_t byte) {
  auto it = std::upper_bound(starts.begin(), starts.end(), byte);
  return static_cast<int>(it - starts.begin()) - 1;
}

}  // namespace

bool mode_leave_key(KeyCode key) {
  return key == 'q' || key == kKeyEscape || key == ('c' | kKeyCtrl);
}

int mode_line_step(KeyCode key) {
  if (key == kKeyUp || key == 'k') return -1;
  if (key == kKeyDown || key == 'j') return 1;
  return 0;
}

int mode_move(int pos, KeyCode key, int count) {
  return std::clamp(pos + mode_line_step(key), 0, std::max(0, count - 1));
}

CopyMode::CopyMode(Server& server, uint64_t client, Pane& pane)
    : server_(server), client_(client), pane_id_(pane.id) {
  if (pane.term) {
    cx_ = pane.term->cursor_x();
    cy_ = pane.term->cursor_y();
  }
}

Pane* CopyMode::pane() const {
  return server_.sessions().find_pane(pane_id_);
}

int CopyMode::history() const {
  Pane* p = pane();
  return p != nullptr && p->term ? static_cast<int>(p->term->grid().history_size()) : 0;
}

int CopyMode::rows() const {
  Pane* p = pane();
  return p != nullptr && p->term ? p->term->grid().rows() : 1;
}

const Line* CopyMode::line_at(int r) const {
  Pane* p = pane();
  if (p == nullptr || !p->term) return nullptr;
  const Grid& g = p->term->grid();
  int a = history() - offset_ + r;
  if (a < 0) return nullptr;
  if (a < history()) return &g.history_line(static_cast<size_t>(a));
  return a - history() < g.rows() ? &g.line(a - history()) : nullptr;
}

bool CopyMode::scroll(int n) {
  if (n < 0 && offset_ == 0) return false;
  offset_ = std::clamp(offset_ + n, 0, history());
  return true;
}

void CopyMode::cursor_up(int n) {
  for (int i = 0; i < n; i++) {
    if (cy_ > 0)
      cy_--;
    else if (offset_ < history())
      offset_++;
  }
}

void CopyMode::cursor_down(int n) {
  for (int i = 0; i < n; i++) {
    if (cy_ < rows() - 1)
      cy_++;
    else if (offset_ > 0)
      offset_--;
  }
}

bool CopyMode::search(const std::string& text, bool up) {
  if (text.empty()) return false;
  last_search_ = text;
  last_up_ = up;
  Pane* p = pane();
  if (p == nullptr || !p->term) return false;
  const Grid& g = p->term->grid();
  int hist = history(), total = hist + g.rows();
  int cur = hist - offset_ + cy_;
  for (int step = 0; step <= total; step++) {
    int a = up ? cur - step : cur + step;
    if (a < 0 || a >= total) break;
    const Line& l = a < hist ? g.history_line(static_cast<size_t>(a)) : g.line(a - hist);
    std::vector<size_t> starts;
    std::string s = line_text(l, &starts);
    size_t found = std::string::npos;
    if (step == 0) {  // the cursor's line: only before (up) or after (down) the cursor
      size_t at =
          cx_ < static_cast<int>(starts.size()) ? starts[static_cast<size_t>(cx_)] : s.size();
      if (up)
        found = at == 0 ? std::string::npos : s.rfind(text, at - 1);
      else
        found = s.find(text, at + 1);
    } else {
      found = up ? s.rfind(text) : s.find(text);
    }
    if (found == std::string::npos) continue;
    cx_ = cell_of(starts, found);
    int row = a - hist + offset_;
    if (row < 0 || row >= g.rows()) {
      offset_ = std::clamp(hist - a + g.rows() / 2, 0, hist);
      row = a - hist + offset_;
    }
    cy_ = row;
    return true;
  }
  return false;
}

// Keys reach copy mode through its key tables (copy-mode, copy-mode-vi) as send-keys -X
// commands; a key bound to nothing there does nothing.
bool CopyMode::key(KeyCode) {
  return pane() != nullptr;
}

std::string CopyMode::selection_text() const {
  Pane* p = pane();
  if (p == nullptr || !p->term) return "";
  const Grid& g = p->term->grid();
  int hist = history();
  int a0 = sel_line_, x0 = sel_x_, a1 = hist - offset_ + cy_, x1 = cx_;
  if (a1 < a0 || (a1 == a0 && x1 < x0)) std::swap(a0, a1), std::swap(x0, x1);
  std::string out;
  for (int a = a0; a <= a1 && a < hist + g.rows(); a++) {
    const Line& l = a < hist ? g.history_line(static_cast<size_t>(a)) : g.line(a - hist);
    int from = a == a0 ? x0 : 0, to = a == a1 ? x1 + 1 : l.size();
    std::string text;
    for (int x = from; x < std::min(to, l.size()); x++) text += l.text(x);
    if (a != a1) {
      while (!text.empty() && text.back() == ' ') text.pop_back();
      if (!l.wrapped) text += '\n';
    }
    out += text;
  }
  return out;
}

void CopyMode::draw(Canvas& c, int x, int y, int w, int h) {
  Pane* p = pane();
  if (p == nullptr || !p->term) return;
  Style blank;
  c.fill(x, y, w, h, ' ', blank);
  int hist = history();
  int cur = hist - offset_ + cy_;
  int a0 = sel_line_, x0 = sel_x_, a1 = cur, x1 = cx_;
  if (a1 < a0 || (a1 == a0 && x1 < x0)) std::swap(a0, a1), std::swap(x0, x1);
  Style selected;
  selected.attrs = kAttrReverse;
  for (int r = 0; r < h; r++) {
    const Line* l = line_at(r);
    if (l == nullptr) continue;
    c.copy_line(x, y + r, *l, 0, w);
    int a = hist - offset_ + r;
    if (selecting_ && a >= a0 && a <= a1) {
      int from = a == a0 ? x0 : 0, to = a == a1 ? x1 + 1 : w;
      c.restyle(x + from, y + r, std::min(to, w) - from, 1, selected);
    }
  }
  std::string where = "[" + std::to_string(offset_) + "/" + std::to_string(hist) + "]";
  Style mode;
  mode.fg = kColorIndexed | 0;
  mode.bg = kColorIndexed | 3;
  int len = static_cast<int>(where.size());
  if (len <= w && !hide_position_) c.print(x + w - len, y, where, mode);
  c.cursor_x = x + std::min(cx_, w - 1);
  c.cursor_y = y + std::min(cy_, h - 1);
  c.cursor_visible = true;
}

std::unique_ptr<Overlay> make_copy_mode(Server& server, uint64_t client, Pane& pane) {
  return std::make_unique<CopyMode>(server, client, pane);
}

// A view of lines of text (list-keys, a command's output).
class ViewMode : public Overlay {
 public:
  explicit ViewMode(std::vector<std::string> lines) : lines_(std::move(lines)) {}
  bool key(KeyCode key) override {
    int n = static_cast<int>(lines_.size());
    if (mode_leave_key(key)) return false;
    top_ = mode_move(top_, key, n);
    switch (key) {
      case kKeyPPage: top_ = std::max(0, top_ - page_); break;
      case kKeyNPage:
      case ' ': top_ = std::min(std::max(0, n - 1), top_ + page_); break;
      case 'g': top_ = 0; break;
      case 'G': top_ = std::max(0, n - page_); break;
      default: break;
    }
    return true;
  }
  void draw(Canvas& c, int x, int y, int w, int h) override {
    page_ = std::max(1, h - 1);
    c.fill(x, y, w, h, ' ', Style{});
    for (int r = 0; r < h && top_ + r < static_cast<int>(lines_.size()); r++)
      c.print(x, y + r, lines_[static_cast<size_t>(top_ + r)], Style{}, x + w);
    std::string where = "[" + std::to_string(top_) + "/" + std::to_string(lines_.size()) + "]";
    Style mode;
    mode.fg = kColorIndexed | 0;
    mode.bg = kColorIndexed | 3;
    int len = static_cast<int>(where.size());
    if (len <= w) c.print(x + w - len, y, where, mode);
    c.cursor_visible = false;
  }

 private:
  std::vector<std::string> lines_;
  int top_ = 0;
  int page_ = 1;
};

std::unique_ptr<Overlay> make_view_mode(std::vector<std::string> lines) {
  return std::make_unique<ViewMode>(std::move(lines));
}

}  // namespace amux
