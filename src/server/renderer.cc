// Composing what an attached client sees: the current window's panes (or the zoomed one),
// the borders between them with the active pane's highlighted, a mode drawn over the
// window, and the status line (formats, the window list, a message or the prompt).
#include "amux/server/renderer.h"

#include <algorithm>

#include "amux/coord/coordinator.h"
#include "amux/server/agent.h"
#include "amux/server/client-hub.h"
#include "amux/server/jobs.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

namespace {

Style option_style(const Options& o, const char* name) {
  Style s;
  parse_style(o.get(name), &s);
  return s;
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

constexpr size_t kMaxReusedClusters = 4096;  // a canvas kept longer would only grow

// Copies a pane's rows onto the canvas; with reuse, rows whose line (and its version) is
// what the canvas already shows are left alone. Rows copied are marked changed.
void draw_pane(Canvas& cv, const Pane& p, int x, int y, int w, int h, Attached& a, bool reuse) {
  if (!p.term) return;
  const Grid& g = p.term->grid();
  auto& keys = a.pane_rows[p.id];
  int n = std::min(h, g.rows());
  keys.resize(static_cast<size_t>(std::max(n, 0)));
  for (int r = 0; r < n; r++) {
    const Line& line = g.line(r);
    std::pair<const void*, uint64_t> key{&line, line.version()};
    if (reuse && keys[static_cast<size_t>(r)] == key) continue;
    keys[static_cast<size_t>(r)] = key;
    cv.copy_line(x, y + r, line, 0, std::min(w, g.cols()));
    if (y + r < static_cast<int>(a.changed_rows.size()))
      a.changed_rows[static_cast<size_t>(y + r)] = true;
  }
}

// What the screen's composition depends on beside the panes' lines.
std::string layout_key(const Window& w, const Attached& a, int cols, int rows, bool status) {
  std::string k = std::to_string(w.id) + (w.zoomed ? "z" : "") + "/" + std::to_string(cols) + "x" +
                  std::to_string(rows) + (status ? "s" : "") +
                  (w.active != nullptr ? "a" + std::to_string(w.active->id) : "");
  for (const auto& p : w.panes)
    k += ";" + std::to_string(p->id) + "," + std::to_string(p->xoff) + "," +
         std::to_string(p->yoff) + "," + std::to_string(p->sx) + "," + std::to_string(p->sy) +
         (p->term && p->term->alternate() ? "A" : "");
  if (a.mode) k += ";mode";
  return k;
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

Canvas Renderer::compose(ClientConn& c) {
  Attached& a = *c.attached;
  int cols = std::clamp(a.terminal.cols, 1, kMaxCanvasCols);
  int rows = std::clamp(a.terminal.rows, 1, kMaxCanvasRows);
  Session* s = server_.sessions().find_id(a.session);
  if (s == nullptr || s->current == nullptr) {
    a.changed_rows.assign(static_cast<size_t>(rows), true);
    return Canvas(cols, rows);
  }
  Window& w = *s->current;
  bool status = s->options.flag("status") && rows > 1;
  int wrows = rows - (status ? 1 : 0);
  Pane* active = w.active;
  // With the same layout and no mode, the screen shown is the start and only rows whose
  // lines changed are copied (and compared by the update).
  std::string layout = layout_key(w, a, cols, rows, status);
  bool reuse = a.have_shown && a.shown.cols() == cols && a.shown.rows() == rows &&
               a.layout == layout && !a.mode && a.shown.cluster_count() < kMaxReusedClusters;
  Canvas cv;
  if (reuse && a.spare.cols() == cols && a.spare.rows() == rows &&
      a.spare_rows.size() == static_cast<size_t>(rows) &&
      a.spare.cluster_count() < kMaxReusedClusters) {
    cv = std::move(a.spare);  // made equal to shown where it differs
    for (int r = 0; r < rows; r++)
      if (a.spare_rows[static_cast<size_t>(r)]) cv.copy_row(r, a.shown, r);
    cv.cursor_x = a.shown.cursor_x;
    cv.cursor_y = a.shown.cursor_y;
    cv.cursor_visible = a.shown.cursor_visible;
  } else if (reuse) {
    cv = a.shown;
  } else {
    cv = Canvas(cols, rows);
    a.pane_rows.clear();
  }
  a.layout = layout;
  a.changed_rows.assign(static_cast<size_t>(rows), !reuse);
  if (w.zoomed && active != nullptr) {
    draw_pane(cv, *active, 0, 0, std::min(w.sx, cols), std::min(w.sy, wrows), a, reuse);
  } else {
    for (const auto& p : w.panes)
      draw_pane(cv, *p, p->xoff, p->yoff, std::min(p->sx, cols - p->xoff),
                std::min(p->sy, wrows - p->yoff), a, reuse);
    if (w.panes.size() > 1 && !reuse) draw_borders(cv, w, w.options);
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
  if (status) {
    draw_status(cv, c, *s, rows - 1);
    a.changed_rows[static_cast<size_t>(rows - 1)] = true;
  }
  return cv;
}

void Renderer::draw_status(Canvas& cv, ClientConn& c, Session& s, int row) {
  Attached& a = *c.attached;
  int cols = cv.cols();
  if (a.prompt) {
    Style ps = option_style(s.options, "message-style");
    cv.fill(0, row, cols, 1, ' ', ps);
    int x = cv.print(0, row, a.prompt->label, ps);
    x += cv.print(x, row, a.prompt->text, ps);
    if (!a.prompt->hint.empty()) cv.print(x + 2, row, a.prompt->hint, ps);
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
  if (!a.status_valid || a.status_line.cols() != cols) {
    a.status_line = Canvas(cols, 1);
    a.status_windows.clear();
    expand_status(a.status_line, s, 0, &a);
    a.status_valid = true;
  }
  cv.copy_row(row, a.status_line, 0);
}

// agent-status-waiting: who waits in the groups the session takes part in, reversed, with
// '#' doubled in names (a name cannot add styles); "" when none does.
std::string Renderer::waiting_text(Session& s) {
  if (!s.options.flag("agent-status-waiting") || server_.coord().group_count() == 0) return "";
  std::vector<std::string> names;
  for (const WaitingMember& w : waiting_members(server_)) {
    Group* g = server_.coord().group_of(w.id);
    if (g == nullptr || !session_in_group(server_, *g, s.id)) continue;
    std::string name;
    for (char ch : w.name) name += ch == '#' ? std::string("##") : std::string(1, ch);
    names.push_back(name);
  }
  if (names.empty()) return "";
  return "#[reverse] " + std::to_string(names.size()) + " waiting: " + join(names, ", ") +
         " #[noreverse] ";
}

void Renderer::expand_status(Canvas& cv, Session& s, int row, Attached* where) {
  int cols = cv.cols();
  Style base = option_style(s.options, "status-style");
  Style colour;  // status-fg and status-bg, when set, over status-style
  if (parse_style("fg=" + s.options.get("status-fg"), &colour) && colour.fg != kColorDefault)
    base.fg = colour.fg;
  if (parse_style("bg=" + s.options.get("status-bg"), &colour) && colour.bg != kColorDefault)
    base.bg = colour.bg;
  cv.fill(0, row, cols, 1, ' ', base);
  FormatContext fc;
  if (s.current != nullptr && s.current->active != nullptr)
    server_.pane_formats(fc, *s.current->active);
  else
    server_.session_formats(fc, s);
  long long interval = s.options.number("status-interval");
  auto shell = [this, interval](const std::string& command) {
    return server_.jobs().format_output(command, interval);
  };
  fc.set_shell(shell);
  // As tmux: strftime(3) first (%H:%M in a status format), then the format; inline
  // #[styles] then draw over each part's own style.
  time_t now = server_.now();
  auto expand = [&](const std::string& text, FormatContext& ctx) {
    return format_expand(format_strftime(text, now), ctx);
  };
  Style left_style = base, right_style = base;
  style_over(s.options.get("status-left-style"), base, &left_style);
  style_over(s.options.get("status-right-style"), base, &right_style);
  std::string left = expand(s.options.get("status-left"), fc);
  int left_max = std::min<int>(cols, static_cast<int>(s.options.number("status-left-length")));
  int x = print_styled(cv, 0, row, left, left_style, left_max);
  std::string right = expand(s.options.get("status-right"), fc);
  int right_max = std::min<int>(cols, static_cast<int>(s.options.number("status-right-length")));
  // Members that wait for a person, before status-right: " 2 waiting: alice, bob ".
  if (std::string w = waiting_text(s); !w.empty()) {
    right = w + right;
    right_max = std::min(cols, right_max + styled_width(w));
  }
  int rw = std::min(styled_width(right), right_max);
  // The window list, each entry in its style (measured first: status-justify places it
  // between the left and right parts).
  int room = std::max(0, cols - x - rw);
  struct Entry {
    std::string separator, text;
    Style style;
    int window;
  };
  std::vector<Entry> entries;
  int total = 0;
  for (auto& [index, w] : s.windows) {
    FormatContext wf;
    server_.window_formats(wf, *w);
    wf.set_shell(shell);
    bool is_current = w.get() == s.current;
    Entry e{entries.empty() ? "" : expand(w->options.get("window-status-separator"), wf), "", base,
            w->id};
    // As tmux's status-format: the current window's style, else the others' (and the
    // last window's over it).
    if (is_current) {
      style_over(w->options.get("window-status-current-style"), base, &e.style);
    } else {
      style_over(w->options.get("window-status-style"), base, &e.style);
      if (w.get() == s.last)
        style_over(w->options.get("window-status-last-style"), e.style, &e.style);
    }
    e.text = expand(
        w->options.get(is_current ? "window-status-current-format" : "window-status-format"), wf);
    total += styled_width(e.separator) + styled_width(e.text);
    entries.push_back(std::move(e));
  }
  int used = std::min(total, room), offset = x;
  std::string justify = s.options.get("status-justify");
  if (justify == "centre") offset = x + room / 2 - used / 2;  // as tmux rounds
  if (justify == "absolute-centre")
    offset = std::max(x, std::min(cols / 2 - used / 2, cols - rw - used));
  if (justify == "right") offset = x + room - used;
  int at = offset, end = offset + used;
  for (const Entry& e : entries) {
    at += print_styled(cv, at, row, e.separator, base, end);
    int start = at;
    at += print_styled(cv, at, row, e.text, e.style, end);
    if (where != nullptr && at > start) where->status_windows.push_back({start, at, e.window});
  }
  if (rw > 0 && cols - rw >= offset + used) print_styled(cv, cols - rw, row, right, right_style);
  if (where != nullptr) {
    where->status_left_end = x;
    where->status_right_start = rw > 0 && cols - rw >= offset + used ? cols - rw : cols;
  }
}

}  // namespace amux
