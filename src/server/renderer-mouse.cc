// The mouse of an attached client, as tmux's: each event becomes a key (MouseDown1Pane,
// WheelUpStatus, DoubleClick1Pane, MouseDragEnd1Border, ...) looked up in the client's
// key table (copy mode's table when the pane under it is in copy mode), and its binding
// runs with the event as its mouse target ("=", the mouse_* formats). A drag a binding
// claimed (copy-mode -M, resize-pane -M) takes the motion until the release; an unbound
// event on a pane goes to the program in it when that program asked for the mouse.
#include <event2/event.h>

#include "amux/server/client-hub.h"
#include "amux/server/key-bindings.h"
#include "amux/server/modes.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

namespace {

constexpr long long kClickTimeMs = 300;  // tmux's: the next press within it is a double

void on_click_end(evutil_socket_t, short, void* arg) noexcept {
  guarded("click-time", [arg] {
    auto* c = static_cast<ClientConn*>(arg);
    if (c->attached) c->attached->clicks = 0;
  });
}

bool inside(const Pane& p, int x, int y) {
  return x >= p.xoff && x < p.xoff + p.sx && y >= p.yoff && y < p.yoff + p.sy;
}

// The pane a border cell belongs to (on its right or below it); nullptr if not a border.
// *vertical (if given): the border is on the pane's right.
Pane* border_pane(Window& w, int x, int y, bool* vertical = nullptr) {
  if (w.zoomed || w.panes.size() < 2 || x >= w.sx || y >= w.sy) return nullptr;
  for (auto& p : w.panes)
    if (inside(*p, x, y)) return nullptr;
  for (auto& p : w.panes) {
    bool right = x == p->xoff + p->sx && y >= p->yoff && y < p->yoff + p->sy;
    bool below = y == p->yoff + p->sy && x >= p->xoff && x < p->xoff + p->sx;
    if (right || below) {
      if (vertical != nullptr) *vertical = right;
      return p.get();
    }
  }
  return nullptr;
}

}  // namespace

const MouseEvent* Renderer::mouse_for(const ClientInfo& info) {
  if (info.attached_client == 0) return nullptr;
  ClientConn* c = server_.clients().find_client(info.attached_client);
  if (c == nullptr || !c->attached || !c->attached->mouse.valid) return nullptr;
  return &c->attached->mouse;
}

// Where on the client's screen (x, y) is, and what it names.
void Renderer::mouse_place(ClientConn& c, Session& s, int x, int y, MouseEvent* m) {
  Attached& a = *c.attached;
  Window& w = *s.current;
  m->x = x;
  m->y = y;
  m->window = w.id;
  m->pane = -1;
  bool status = s.options.flag("status") && a.terminal.rows > 1;
  if (status && y == a.terminal.rows - 1) {
    m->where = MouseWhere::kStatusDefault;
    for (const auto& entry : a.status_windows)
      if (x >= entry.x0 && x < entry.x1) {
        m->where = MouseWhere::kStatus;
        m->window = entry.window;
      }
    if (m->where == MouseWhere::kStatusDefault && x < a.status_left_end)
      m->where = MouseWhere::kStatusLeft;
    if (m->where == MouseWhere::kStatusDefault && x >= a.status_right_start)
      m->where = MouseWhere::kStatusRight;
    if (Window* named = server_.sessions().find_window(m->window); named && named->active)
      m->pane = named->active->id;
    return;
  }
  m->where = MouseWhere::kPane;
  for (auto& p : w.panes)
    if (inside(*p, x, y) && (!w.zoomed || p.get() == w.active)) m->pane = p->id;
  if (m->pane < 0)
    if (Pane* p = border_pane(w, x, y)) {
      m->where = MouseWhere::kBorder;
      m->pane = p->id;
    }
}

void Renderer::mouse_event(ClientConn& c, const InputEvent& ev) {
  Attached& a = *c.attached;
  Session* s = server_.sessions().find_id(a.session);
  if (s == nullptr || s->current == nullptr || !s->options.flag("mouse")) return;
  int b = ev.button;
  KeyCode mods = ((b & 4) != 0 ? kKeyShift : 0) | ((b & 8) != 0 ? kKeyMeta : 0) |
                 ((b & 16) != 0 ? kKeyCtrl : 0);
  bool motion = (b & 32) != 0, wheel = (b & 64) != 0;
  int button = (b & 3) + 1;
  // A drag under way: a claimed one takes the motion; the release ends it.
  if (a.drag_button != 0 && motion && !wheel) {
    if (a.drag_taker != Attached::DragTaker::kNone) return drag_motion(c, *s, ev.x, ev.y);
  } else if (a.drag_button != 0 && !wheel) {
    int dragged = a.drag_button;
    a.drag_button = 0;
    a.drag_taker = Attached::DragTaker::kNone;
    MouseEvent m;
    mouse_place(c, *s, ev.x, ev.y, &m);
    m.key = mouse_key(MouseKind::kDragEnd, dragged, m.where) | mods;
    m.button = b;
    m.release = true;
    return mouse_key_event(c, *s, m);
  }
  MouseEvent m;
  MouseKind kind;
  int x = ev.x, y = ev.y;
  if (wheel) {
    kind = (b & 1) == 0 ? MouseKind::kWheelUp : MouseKind::kWheelDown;
    button = 0;
  } else if (motion) {
    if (button == 4) return;  // motion with no button held
    kind = MouseKind::kDrag;
    if (a.drag_button == 0) {  // it starts where the button went down
      x = a.last_x;
      y = a.last_y;
    }
    a.drag_button = button;
  } else if (ev.release) {
    kind = MouseKind::kUp;
  } else {
    a.last_x = ev.x;
    a.last_y = ev.y;
    kind = MouseKind::kDown;
    if (a.clicks == 1 && a.click_button == button) {
      kind = MouseKind::kDoubleClick;
      a.clicks = 2;
    } else if (a.clicks == 2 && a.click_button == button) {
      kind = MouseKind::kTripleClick;
      a.clicks = 0;
    } else {
      a.clicks = 1;
    }
    a.click_button = button;
    a.click_timer.reset();
    if (a.clicks != 0) {
      a.click_timer.reset(evtimer_new(server_.base(), on_click_end, &c));
      struct timeval tv = ms_timeval(kClickTimeMs);
      evtimer_add(a.click_timer.get(), &tv);
    }
  }
  mouse_place(c, *s, x, y, &m);
  m.key = mouse_key(kind, button, m.where) | mods;
  m.button = b;
  m.release = ev.release;
  mouse_key_event(c, *s, m);
  // A drag its binding claimed (copy-mode -M, resize-pane -M) goes on to where the
  // pointer is now.
  if (kind == MouseKind::kDrag && c.attached &&
      c.attached->drag_taker != Attached::DragTaker::kNone)
    if (Session* now = server_.sessions().find_id(c.attached->session); now && now->current)
      drag_motion(c, *now, ev.x, ev.y);
}

// Looks the event's key up and runs its binding with the event as the mouse target.
void Renderer::mouse_key_event(ClientConn& c, Session& s, const MouseEvent& m) {
  Attached& a = *c.attached;
  std::string table = "root";
  if (!a.key_table.empty()) {
    table = std::move(a.key_table);
    a.key_table.clear();
  } else if (a.prefix) {
    table = "prefix";
    a.prefix = false;
  } else if (auto* copy = dynamic_cast<CopyMode*>(a.mode.get());
             copy != nullptr && copy->pane_id() == m.pane) {
    Window* w = s.current;
    table = w != nullptr && w->options.get("mode-keys") == "vi" ? "copy-mode-vi" : "copy-mode";
  } else if (a.mode && dynamic_cast<CopyMode*>(a.mode.get()) == nullptr) {
    // A view, a tree or a menu over the window: a press is the mode's (a menu's item).
    KeyCode kind = m.key & ~kKeyMods;
    if (kind != mouse_key(MouseKind::kDown, 1, m.where) &&
        kind != mouse_key(MouseKind::kDown, 3, m.where))
      return;
    if (!a.mode->mouse_press(m.x, m.y)) end_mode(c);
    redraw(&s);
    return;
  }
  // As tmux: a mouse binding's commands act on what the mouse is over by default.
  if (const KeyBinding* binding = server_.keys.find(table, m.key)) {
    std::string command = binding->command;  // the binding may go as it runs
    run_for_client(c, command, m.pane, &m);
  } else if (table == "root" && m.where == MouseWhere::kPane) {
    a.mouse = m;
    a.mouse.valid = true;
    mouse_send(c);
    a.mouse.valid = false;
  }
}

// The motion of a claimed drag: a border follows it, or copy mode's selection does.
void Renderer::drag_motion(ClientConn& c, Session& s, int x, int y) {
  Attached& a = *c.attached;
  Window& w = *s.current;
  if (a.drag_taker == Attached::DragTaker::kBorder) {
    Attached::BorderDrag& d = a.border;
    int at;
    if (w.layout.drag_border(d.vertical ? d.pos : d.cross, d.vertical ? d.cross : d.pos, d.vertical,
                             d.vertical ? x : y, &at)) {
      d.pos = at;
      server_.sessions().sync_pane_sizes(w);
      redraw(&s);
    }
    return;
  }
  auto* copy = dynamic_cast<CopyMode*>(a.mode.get());
  Pane* p = copy != nullptr ? server_.sessions().find_pane(copy->pane_id()) : nullptr;
  if (p == nullptr) {
    a.drag_taker = Attached::DragTaker::kNone;
    return;
  }
  copy->set_cursor(x - p->xoff, y - p->yoff);
  redraw(&s);
}

bool Renderer::mouse_send(ClientConn& c) {
  const MouseEvent& m = c.attached->mouse;
  Pane* p = server_.sessions().find_pane(m.pane);
  if (!m.valid || p == nullptr || p->dead || !p->term || p->term->mouse_mode() == 0) return false;
  if (m.where != MouseWhere::kPane) return false;
  int mode = p->term->mouse_mode();
  bool motion = (m.button & 32) != 0;
  if (motion && mode < 1002) return true;  // the program asked for presses only
  int x = m.x - p->xoff + 1, y = m.y - p->yoff + 1;
  std::string bytes;
  if (p->term->mouse_sgr()) {
    bytes = "\033[<" + std::to_string(m.button) + ";" + std::to_string(x) + ";" +
            std::to_string(y) + (m.release ? "m" : "M");
  } else if (x < 224 && y < 224) {
    bytes = "\033[M";
    bytes += static_cast<char>((m.release ? 3 : m.button) + 32);
    bytes += static_cast<char>(x + 32);
    bytes += static_cast<char>(y + 32);
  }
  std::string error;
  if (!bytes.empty()) p->key_input(bytes, &error);
  return true;
}

bool Renderer::mouse_select(ClientConn& c, Pane& p) {
  Attached& a = *c.attached;
  if (!a.mouse.valid || a.mouse.pane != p.id) return false;
  auto* copy = dynamic_cast<CopyMode*>(a.mode.get());
  if (copy == nullptr || copy->pane_id() != p.id) {
    open_mode(c, make_copy_mode(server_, c.id, p));
    copy = static_cast<CopyMode*>(a.mode.get());
  }
  copy->set_cursor(a.mouse.x - p.xoff, a.mouse.y - p.yoff);
  std::string error;
  copy->command("begin-selection", {}, 1, &error);
  if (a.drag_button != 0) a.drag_taker = Attached::DragTaker::kSelect;
  redraw(p.window->session);
  return true;
}

bool Renderer::mouse_resize(ClientConn& c) {
  Attached& a = *c.attached;
  Session* s = server_.sessions().find_id(a.session);
  if (!a.mouse.valid || a.drag_button == 0 || s == nullptr || s->current == nullptr) return false;
  bool vertical;
  if (border_pane(*s->current, a.mouse.x, a.mouse.y, &vertical) == nullptr) return false;
  a.border = {vertical, vertical ? a.mouse.x : a.mouse.y, vertical ? a.mouse.y : a.mouse.x};
  a.drag_taker = Attached::DragTaker::kBorder;
  return true;
}

}  // namespace amux
