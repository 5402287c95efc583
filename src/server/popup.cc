// display-popup's box: a program on a PTY of its own, drawn in a box over the client's
// window, taking the client's keys while it is open. The program is a pane that belongs
// to no window: the popup owns it and hears its output and its end (PaneOwner).
#include <event2/event.h>

#include <csignal>

#include "amux/base/util.h"
#include "amux/server/client-hub.h"
#include "amux/server/modes.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

namespace {

class Popup : public Overlay, private PaneOwner {
 public:
  Popup(Server& server, uint64_t client, PopupSpec spec)
      : server_(server), client_(client), spec_(std::move(spec)) {}
  ~Popup() override {
    int status = 0;
    if (pane_) {
      server_.forget_popup_pane(*pane_);
      status = exited_ ? pane_->dead_status : 128 + SIGHUP;  // closed while it ran: hung up
      pane_->stop(SIGHUP);
    }
    if (waiter_ != 0) {  // the client that ran display-popup exits with the program's status
      Server& server = server_;
      uint64_t id = waiter_;
      server.defer([&server, id, status] { server.clients().resume_client(id, status, "", ""); });
    }
  }
  void set_waiter(uint64_t id) { waiter_ = id; }

  bool start(const Launch& how, const SpawnSpec& spawn, std::string* error) {
    PaneOwner& owner = *this;
    pane_ = std::make_unique<Pane>(server_.next_popup_id(), owner, nullptr);
    pane_->sx = spec_.inner_w;
    pane_->sy = spec_.inner_h;
    if (!pane_->start(how, spawn, 0, error)) return false;
    server_.watch_popup_pane(*pane_);
    return true;
  }

  bool key(KeyCode key) override {
    if (exited_)  // as tmux: the program is gone; Escape or C-c close the box
      return !(key == kKeyEscape || key == ('c' | kKeyCtrl));
    std::string error;
    if (pane_ && pane_->term)
      pane_->write_input(key_encode(key, pane_->term->app_cursor()), &error);
    return true;
  }

  void draw(Canvas& cv, int x, int y, int w, int h) override {
    bool border = spec_.border;
    int bw = std::min(w, spec_.inner_w + (border ? 2 : 0));
    int bh = std::min(h, spec_.inner_h + (border ? 2 : 0));
    int bx = x + std::clamp(spec_.x < 0 ? (w - bw) / 2 : spec_.x, 0, std::max(0, w - bw));
    int by = y + std::clamp(spec_.y < 0 ? (h - bh) / 2 : spec_.y, 0, std::max(0, h - bh));
    int iw = bw - (border ? 2 : 0), ih = bh - (border ? 2 : 0);
    if (iw < 1 || ih < 1) return;
    if (pane_ && (iw != pane_->sx || ih != pane_->sy) && !exited_) {
      pane_->sx = iw;  // the client got smaller: the program is told
      pane_->sy = ih;
      pane_->apply_size();
    }
    Style style, border_style;
    parse_style(spec_.style, &style);
    border_style = style;
    parse_style(spec_.border_style, &border_style);
    cv.fill(bx, by, bw, bh, ' ', style);
    if (border) {
      cv.frame(bx, by, bw, bh, border_style);
      if (!spec_.title.empty()) frame_title(cv, bx, by, bw, spec_.title, border_style);
    }
    int ix = bx + (border ? 1 : 0), iy = by + (border ? 1 : 0);
    cv.cursor_visible = false;
    if (!pane_ || !pane_->term) return;
    const Grid& g = pane_->term->grid();
    for (int r = 0; r < ih && r < g.rows(); r++)
      cv.copy_line(ix, iy + r, g.line(r), 0, std::min(iw, pane_->sx));
    if (!exited_ && pane_->term->cursor_visible() && pane_->term->cursor_x() < iw &&
        pane_->term->cursor_y() < ih) {
      cv.cursor_x = ix + pane_->term->cursor_x();
      cv.cursor_y = iy + pane_->term->cursor_y();
      cv.cursor_visible = true;
    }
  }

 private:
  struct event_base* base() const override {
    return server_.base();
  }
  void pane_output(Pane&) override { redraw(); }
  void pane_closed(Pane& p) override {
    p.stop(0);
    exited_ = true;
    // -E closes the box when the program exits, -EE when it exits with 0; once the
    // pane's callback is done (the pane may not go while it runs).
    if (spec_.close_on_exit == 1 || (spec_.close_on_exit == 2 && p.dead_status == 0)) {
      Server& server = server_;
      uint64_t id = client_;
      const Overlay* self = this;
      server.defer([&server, id, self] { server.renderer().close_mode(id, self); });
    }
    redraw();
  }
  void pane_osc(Pane&, std::string_view) override {}
  void pane_idle_timer(Pane&) override {}
  void redraw() {
    if (ClientConn* c = server_.clients().find_client(client_); c && c->attached)
      server_.renderer().redraw(server_.sessions().find_id(c->attached->session), false);
  }

  Server& server_;
  uint64_t client_;
  PopupSpec spec_;
  std::unique_ptr<Pane> pane_;
  bool exited_ = false;
  uint64_t waiter_ = 0;
};

}  // namespace

std::unique_ptr<Overlay> make_popup(Server& server, uint64_t client, PopupSpec spec,
                                    const Launch& how, const SpawnSpec& spawn, std::string* error) {
  auto popup = std::make_unique<Popup>(server, client, std::move(spec));
  if (!popup->start(how, spawn, error)) return nullptr;
  return popup;
}

bool is_popup(const Overlay* mode) {
  return dynamic_cast<const Popup*>(mode) != nullptr;
}

void set_popup_waiter(Overlay* mode, uint64_t client) {
  if (auto* popup = dynamic_cast<Popup*>(mode)) popup->set_waiter(client);
}

}  // namespace amux
