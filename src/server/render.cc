// Composing what an attached client sees: the current window's panes (or the zoomed one),
// the borders between them with the active pane's highlighted, a mode drawn over the
// window, and the status line (formats, the window list, a message or the prompt).
#include <algorithm>

#include "amux/server/server.h"

namespace amux {

namespace {

Style option_style(const Options& o, const char* name) {
  Style s;
  parse_style(o.get(name), &s);
  return s;
}

int text_width(std::string_view s) {
  Canvas scratch(1024, 1);
  return scratch.print(0, 0, s, Style{});
}

// Box-drawing characters by which neighbours are border cells too (up, down, left, right).
uint32_t border_glyph(bool u, bool d, bool l, bool r) {
  static const uint32_t kGlyphs[16] = {
      0x2500, 0x2500, 0x2500, 0x2500,  // none, r, l, lr: ─
      0x2502, 0x250c, 0x2510, 0x252c,  // d: │ ┌ ┐ ┬
      0x2502, 0x2514, 0x2518, 0x2534,  // u: │ └ ┘ ┴
      0x2502, 0x251c, 0x2524, 0x253c,  // ud: │ ├ ┤ ┼
  };
  return kGlyphs[(u ? 8 : 0) | (d ? 4 : 0) | (l ? 2 : 0) | (r ? 1 : 0)];
}

void draw_pane(Canvas& cv, const Pane& p, int x, int y, int w, int h) {
  if (!p.term) return;
  const Grid& g = p.term->grid();
  for (int r = 0; r < std::min(h, g.rows()); r++)
    cv.copy_line(x, y + r, g.line(r), 0, std::min(w, g.cols()));
}

void draw_borders(Canvas& cv, const Window& w, const Options& o) {
  int cols = std::min(w.sx, cv.cols()), rows = std::min(w.sy, cv.rows());
  std::vector<char> covered(static_cast<size_t>(cols * rows), 0);
  for (const auto& p : w.panes)
    for (int y = std::max(0, p->yoff); y < std::min(rows, p->yoff + p->sy); y++)
      for (int x = std::max(0, p->xoff); x < std::min(cols, p->xoff + p->sx); x++)
        covered[static_cast<size_t>(y * cols + x)] = 1;
  auto border = [&](int x, int y) {
    return x >= 0 && y >= 0 && x < cols && y < rows && !covered[static_cast<size_t>(y * cols + x)];
  };
  Style normal = option_style(o, "pane-border-style");
  Style active = option_style(o, "pane-active-border-style");
  const Pane* a = w.active;
  for (int y = 0; y < rows; y++)
    for (int x = 0; x < cols; x++) {
      if (!border(x, y)) continue;
      bool near = a != nullptr && x >= a->xoff - 1 && x <= a->xoff + a->sx && y >= a->yoff - 1 &&
                  y <= a->yoff + a->sy;
      cv.set(x, y,
             border_glyph(border(x, y - 1), border(x, y + 1), border(x - 1, y), border(x + 1, y)),
             near ? active : normal);
    }
}

}  // namespace

Canvas Server::compose(ClientConn& c) {
  Attached& a = *c.attached;
  int cols = std::clamp(a.terminal.cols, 1, kMaxCanvasCols);
  int rows = std::clamp(a.terminal.rows, 1, kMaxCanvasRows);
  Canvas cv(cols, rows);
  Session* s = sessions.find_id(a.session);
  if (s == nullptr || s->current == nullptr) return cv;
  Window& w = *s->current;
  bool status = s->options.flag("status") && rows > 1;
  int wrows = rows - (status ? 1 : 0);
  Pane* active = w.active;
  if (w.zoomed && active != nullptr) {
    draw_pane(cv, *active, 0, 0, std::min(w.sx, cols), std::min(w.sy, wrows));
  } else {
    for (const auto& p : w.panes)
      draw_pane(cv, *p, p->xoff, p->yoff, std::min(p->sx, cols - p->xoff),
                std::min(p->sy, wrows - p->yoff));
    if (w.panes.size() > 1) draw_borders(cv, w, w.options);
  }
  if (active != nullptr && active->term) {
    cv.cursor_x = active->xoff + active->term->cursor_x();
    cv.cursor_y = active->yoff + active->term->cursor_y();
    cv.cursor_visible = active->term->cursor_visible() && cv.cursor_x < cols && cv.cursor_y < wrows;
  }
  if (a.mode) {
    if (a.mode->pane_only() && active != nullptr)
      a.mode->draw(cv, active->xoff, active->yoff, std::min(active->sx, cols - active->xoff),
                   std::min(active->sy, wrows - active->yoff));
    else
      a.mode->draw(cv, 0, 0, cols, wrows);
  }
  if (status) draw_status(cv, c, *s, rows - 1);
  return cv;
}

void Server::draw_status(Canvas& cv, ClientConn& c, Session& s, int row) {
  Attached& a = *c.attached;
  int cols = cv.cols();
  Style base = option_style(s.options, "status-style");
  cv.fill(0, row, cols, 1, ' ', base);
  if (a.prompt) {
    Style ps = option_style(s.options, "message-style");
    cv.fill(0, row, cols, 1, ' ', ps);
    int x = cv.print(0, row, a.prompt->label, ps);
    x += cv.print(x, row, a.prompt->text, ps);
    cv.cursor_x = std::min(
        cols - 1, text_width(a.prompt->label) +
                      text_width(std::string_view(a.prompt->text).substr(0, a.prompt->cursor)));
    cv.cursor_y = row;
    cv.cursor_visible = true;
    return;
  }
  if (!a.message.empty()) {
    Style ms = option_style(s.options, "message-style");
    cv.fill(0, row, cols, 1, ' ', ms);
    cv.print(0, row, a.message, ms);
    return;
  }
  FormatContext fc;
  if (s.current != nullptr && s.current->active != nullptr)
    pane_formats(fc, *s.current->active);
  else
    session_formats(fc, s);
  std::string left = format_expand(s.options.get("status-left"), fc);
  int x = cv.print(0, row, left, base,
                   std::min<int>(cols, static_cast<int>(s.options.number("status-left-length"))));
  Style current = base;
  parse_style(s.options.get("window-status-current-style"), &current);
  for (auto& [index, w] : s.windows) {
    FormatContext wf;
    window_formats(wf, *w);
    bool is_current = w.get() == s.current;
    std::string text = format_expand(
        s.options.get(is_current ? "window-status-current-format" : "window-status-format"), wf);
    x += cv.print(x, row, text, is_current ? current : base);
    x += cv.print(x, row, " ", base);
  }
  std::string right = format_expand(s.options.get("status-right"), fc);
  int rw = text_width(right);
  if (rw > 0 && rw < cols && cols - rw >= x) cv.print(cols - rw, row, right, base);
}

}  // namespace amux
