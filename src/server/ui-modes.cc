// Modes of the client's screen: display-panes (each pane's index over it, large; a digit
// chooses the pane), clock-mode (the time over a pane) and display-menu (a box of items).
// The digits are a 5x5 block font of our own; where a pane is too small for them the
// number is drawn as text.
#include <event2/event.h>

#include <ctime>

#include "amux/base/util.h"
#include "amux/server/client-hub.h"
#include "amux/server/modes.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

namespace {

// 0-9 and ':', five rows of five cells each; '#' is a filled cell.
constexpr const char* kDigits[11][5] = {
    {"#####", "#...#", "#...#", "#...#", "#####"}, {"....#", "....#", "....#", "....#", "....#"},
    {"#####", "....#", "#####", "#....", "#####"}, {"#####", "....#", "#####", "....#", "#####"},
    {"#...#", "#...#", "#####", "....#", "....#"}, {"#####", "#....", "#####", "....#", "#####"},
    {"#####", "#....", "#####", "#...#", "#####"}, {"#####", "....#", "....#", "....#", "....#"},
    {"#####", "#...#", "#####", "#...#", "#####"}, {"#####", "#...#", "#####", "....#", "#####"},
    {".....", "..#..", ".....", "..#..", "....."},
};

Style colour_style(const std::string& colour, bool background) {
  Style st;
  parse_style((background ? "bg=" : "fg=") + colour, &st);
  return st;
}

// Draws text (digits and ':') centred in the box: large when it fits, else as text.
void draw_big(Canvas& cv, int x, int y, int w, int h, const std::string& text,
              const std::string& colour) {
  int width = static_cast<int>(text.size()) * 6 - 1;
  if (w < width || h < 5) {
    int tx = x + std::max(0, (w - static_cast<int>(text.size())) / 2);
    cv.print(tx, y + h / 2, text, colour_style(colour, false), x + w);
    return;
  }
  int ox = x + (w - width) / 2, oy = y + (h - 5) / 2;
  Style fill = colour_style(colour, true);
  for (size_t i = 0; i < text.size(); i++) {
    int d = text[i] == ':' ? 10 : text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : -1;
    if (d < 0) continue;
    for (int r = 0; r < 5; r++)
      for (int col = 0; col < 5; col++)
        if (kDigits[d][r][col] == '#')
          cv.set(ox + static_cast<int>(i) * 6 + col, oy + r, ' ', fill);
  }
}

// Ends the client's mode if it is still `mode` (a timer's end).
void close_mode(Server& server, uint64_t client, const Overlay* mode) {
  ClientConn* c = server.clients().find_client(client);
  if (c == nullptr || !c->attached || c->attached->mode.get() != mode) return;
  c->attached->mode.reset();
  server.renderer().redraw(server.sessions().find_id(c->attached->session));
}

class DisplayPanes : public Overlay {
 public:
  DisplayPanes(Server& server, uint64_t client, std::string tmpl, long long ms, bool keys)
      : server_(server), client_(client), tmpl_(std::move(tmpl)), keys_(keys) {
    if (ms <= 0) return;
    timer_.reset(evtimer_new(server.base(), on_timer, this));
    struct timeval tv = ms_timeval(ms);
    evtimer_add(timer_.get(), &tv);
  }
  bool key(KeyCode key) override {
    if (!keys_ || key < '0' || key > '9') return false;
    Window* w = window();
    if (w == nullptr) return false;
    long long base = w->options.number("pane-base-index");
    long long n = key - '0' - base;
    if (n < 0 || n >= static_cast<long long>(w->panes.size())) return false;
    command_ = fill_percent(tmpl_, std::to_string(key - '0'));
    return false;
  }
  std::string take_command() override { return std::move(command_); }
  void draw(Canvas& cv, int x, int y, int w, int h) override {
    Window* win = window();
    if (win == nullptr) return;
    const Options& o = win->session->options;
    long long base = win->options.number("pane-base-index");
    for (size_t i = 0; i < win->panes.size(); i++) {
      const Pane& p = *win->panes[i];
      if (win->zoomed && &p != win->active) continue;
      int px = win->zoomed ? x : x + p.xoff, py = win->zoomed ? y : y + p.yoff;
      int pw = std::min(win->zoomed ? w : p.sx, x + w - px),
          ph = std::min(win->zoomed ? h : p.sy, y + h - py);
      if (pw <= 0 || ph <= 0) continue;
      std::string colour =
          o.get(&p == win->active ? "display-panes-active-colour" : "display-panes-colour");
      draw_big(cv, px, py, pw, ph, std::to_string(static_cast<long long>(i) + base), colour);
    }
    cv.cursor_visible = false;
  }

 private:
  static void on_timer(evutil_socket_t, short, void* arg) noexcept {
    guarded("display-panes", [arg] {
      auto* self = static_cast<DisplayPanes*>(arg);
      close_mode(self->server_, self->client_, self);
    });
  }
  Window* window() const {
    ClientConn* c = server_.clients().find_client(client_);
    if (c == nullptr || !c->attached) return nullptr;
    Session* s = server_.sessions().find_id(c->attached->session);
    return s != nullptr ? s->current : nullptr;
  }

  Server& server_;
  uint64_t client_;
  std::string tmpl_, command_;
  bool keys_;
  EventPtr timer_;
};

// The time, redrawn each second while shown.
class Clock : public Overlay {
 public:
  Clock(Server& server, Pane& pane) : server_(server), pane_id_(pane.id) {
    timer_.reset(event_new(server.base(), -1, EV_PERSIST, on_tick, this));
    struct timeval tv = ms_timeval(1000);
    evtimer_add(timer_.get(), &tv);
  }
  bool key(KeyCode) override { return false; }
  bool pane_only() const override { return true; }
  void draw(Canvas& cv, int x, int y, int w, int h) override {
    Pane* p = server_.sessions().find_pane(pane_id_);
    if (p == nullptr) return;
    cv.fill(x, y, w, h, ' ', Style{});
    const Options& o = p->window->options;
    time_t now = time(nullptr);
    struct tm tm {};
    localtime_r(&now, &tm);
    char text[16];
    bool twelve = o.get("clock-mode-style") == "12";
    int hour = twelve ? (tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12) : tm.tm_hour;
    snprintf(text, sizeof text, "%02d:%02d", hour, tm.tm_min);
    draw_big(cv, x, y, w, h, text, o.get("clock-mode-colour"));
    if (twelve && h >= 7)
      cv.print(x + (w + 29) / 2 - 2, y + (h - 5) / 2 + 5, tm.tm_hour < 12 ? "AM" : "PM",
               colour_style(o.get("clock-mode-colour"), false), x + w);
    cv.cursor_visible = false;
  }

 private:
  static void on_tick(evutil_socket_t, short, void* arg) noexcept {
    guarded("clock-mode", [arg] {
      auto* self = static_cast<Clock*>(arg);
      if (Pane* p = self->server_.sessions().find_pane(self->pane_id_))
        self->server_.renderer().redraw(p->window->session);
    });
  }

  Server& server_;
  int pane_id_;
  EventPtr timer_;
};

class Menu : public Overlay {
 public:
  Menu(Server& server, uint64_t client, std::vector<MenuItem> items, MenuPlace place)
      : server_(server), client_(client), items_(std::move(items)), place_(std::move(place)) {
    step(1, -1);  // the first item that may be chosen
  }
  bool key(KeyCode key) override {
    switch (key) {
      case kKeyEscape:
      case 'q':
      case 'c' | kKeyCtrl: return false;
      case kKeyUp:
      case 'k': step(-1, selected_); return true;
      case kKeyDown:
      case 'j': step(1, selected_); return true;
      case kKeyEnter: return selected_ >= 0 ? choose(static_cast<size_t>(selected_)) : false;
      default: break;
    }
    std::string name = key_name(key);
    for (size_t i = 0; i < items_.size(); i++)
      if (usable(i) && !items_[i].key.empty() && items_[i].key == name) return choose(i);
    return true;
  }
  std::string take_command() override { return std::move(command_); }
  int command_pane() const override { return place_.pane; }
  const MouseEvent* command_mouse() const override {
    return place_.mouse.valid ? &place_.mouse : nullptr;
  }
  bool mouse_press(int x, int y) override {  // an item chosen, or a click outside closes it
    int row = y - by_ - 1;
    if (x <= bx_ || x >= bx_ + bw_ - 1 || row < 0 || row >= static_cast<int>(items_.size()))
      return false;
    return usable(static_cast<size_t>(row)) ? choose(static_cast<size_t>(row)) : true;
  }
  void draw(Canvas& cv, int x, int y, int w, int h) override {
    int bw = styled_width(place_.title) + 4;
    for (const auto& it : items_)
      bw = std::max(bw, styled_width(it.name) +
                            (it.key.empty() ? 0 : static_cast<int>(text_width(it.key)) + 3) + 4);
    int bh = static_cast<int>(items_.size()) + 2;
    if (bw > w || bh > h) return;  // as tmux: a menu that does not fit is not shown
    int bx = place(place_.x, x, w, bw, true), by = place(place_.y, y, h, bh, false);
    bx_ = bx, by_ = by, bw_ = bw;
    Style box, chosen, dim;
    chosen.attrs = kAttrReverse;
    parse_style("dim", &dim);
    cv.fill(bx, by, bw, bh, ' ', box);
    cv.frame(bx, by, bw, bh, box);
    frame_title(cv, bx, by, bw, place_.title, box);
    for (size_t i = 0; i < items_.size(); i++) {
      int row = by + 1 + static_cast<int>(i);
      const MenuItem& it = items_[i];
      if (it.name.empty()) {  // a separator
        for (int c = 1; c < bw - 1; c++) cv.set(bx + c, row, 0x2500, box);
        cv.set(bx, row, 0x251c, box);
        cv.set(bx + bw - 1, row, 0x2524, box);
        continue;
      }
      bool on = static_cast<int>(i) == selected_;
      const Style& st = on ? chosen : usable(i) ? box : dim;
      if (on) cv.fill(bx + 1, row, bw - 2, 1, ' ', chosen);
      print_styled(cv, bx + 2, row, it.name[0] == '-' ? it.name.substr(1) : it.name, st,
                   bx + bw - 2);
      if (!it.key.empty() && usable(i)) {  // as tmux: a disabled item shows no key
        std::string k = "(" + it.key + ")";
        cv.print(bx + bw - 2 - static_cast<int>(text_width(k)), row, k, st, bx + bw - 1);
      }
    }
    cv.cursor_visible = false;
  }

 private:
  bool usable(size_t i) const { return !items_[i].name.empty() && items_[i].name[0] != '-'; }
  void step(int dir, int from) {
    int n = static_cast<int>(items_.size());
    for (int k = 1; k <= n; k++) {
      int i = ((from + dir * k) % n + n) % n;
      if (usable(static_cast<size_t>(i))) {
        selected_ = i;
        return;
      }
    }
    selected_ = -1;
  }
  bool choose(size_t i) {
    command_ = items_[i].command;
    return false;
  }
  // Where the box starts along one side: a number, C (centred), R (against the right or
  // bottom), P (the active pane's left or bottom).
  int place(const std::string& how, int start, int room, int size, bool across) {
    long long n;
    int at = start + (room - size) / 2;
    int mouse = across ? place_.mouse_x : place_.mouse_y;
    int status = across ? place_.window_x : place_.status_y - size;  // W, S: above it
    if (how == "R") {
      at = start + room - size;
    } else if (how == "M") {  // as tmux: centred across the mouse, its top at it
      at = mouse < 0 ? start : mouse - (across ? size / 2 : 0);
    } else if ((how == "W" || (how == "S" && !across)) && status >= 0) {
      at = status;
    } else if (how == "P") {
      ClientConn* c = server_.clients().find_client(client_);
      if (const Pane* p = c != nullptr ? server_.renderer().shown_pane(*c) : nullptr)
        at = across ? start + p->xoff : start + p->yoff + p->sy - size;
    } else if (parse_int(how, 0, 100000, &n)) {
      at = start + static_cast<int>(n);
    }
    return std::clamp(at, start, start + room - size);
  }

  Server& server_;
  uint64_t client_;
  std::vector<MenuItem> items_;
  MenuPlace place_;
  int selected_ = -1;
  std::string command_;
  int bx_ = 0, by_ = 0, bw_ = 0;  // where it was drawn (for the mouse)
};

}  // namespace

std::unique_ptr<Overlay> make_menu(Server& server, uint64_t client, std::vector<MenuItem> items,
                                   MenuPlace place) {
  return std::make_unique<Menu>(server, client, std::move(items), std::move(place));
}

std::unique_ptr<Overlay> make_display_panes(Server& server, uint64_t client, std::string tmpl,
                                            long long ms, bool keys) {
  return std::make_unique<DisplayPanes>(server, client, std::move(tmpl), ms, keys);
}

std::unique_ptr<Overlay> make_clock(Server& server, Pane& pane) {
  return std::make_unique<Clock>(server, pane);
}

}  // namespace amux
