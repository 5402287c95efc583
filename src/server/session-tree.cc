// The session tree's lifecycle: sessions, windows and panes created and destroyed (each
// told to control clients and hooks), the current window and active pane, window sizes
// and zoom.
#include "amux/server/session-tree.h"

#include <algorithm>
#include <csignal>

#include "amux/coord/coordinator.h"
#include "amux/server/client-hub.h"
#include "amux/server/output-waits.h"
#include "amux/server/renderer.h"
#include "amux/server/resurrect.h"
#include "amux/server/server.h"

namespace amux {

Session* SessionTree::create_session(const std::string& name, const std::string& window_name,
                                     const SpawnSpec& spec, int sx, int sy, std::string* error) {
  Session& s = add(name, server_.now());
  s.cwd = spec.cwd;
  s.sx = sx;
  s.sy = sy;
  s.options.set_parent(&server_.global_options);
  if (create_window(s, -1, window_name, spec, error) == nullptr) {
    remove(s.id);
    return nullptr;
  }
  server_.clients().notify_sessions_changed();
  server_.hooks().fire("session-created", server_.hooks().target(&s));
  return &s;
}

std::unique_ptr<Pane> SessionTree::make_pane(Window& w) {
  return std::make_unique<Pane>(next_pane_id(), panes_, &w);
}

Window* SessionTree::create_window(Session& s, int index, const std::string& name,
                                   const SpawnSpec& spec, std::string* error) {
  if (index < 0) {
    index = static_cast<int>(s.options.number("base-index"));
    while (s.windows.count(index) > 0) index++;
  } else if (s.windows.count(index) > 0) {
    *error = "create window failed: index " + std::to_string(index) + " in use";  // tmux's words
    return nullptr;
  }
  auto w = std::make_unique<Window>();
  w->id = next_window_id();
  w->index = index;
  w->session = &s;
  w->name = name;
  w->sx = s.sx;
  w->sy = s.sy;
  w->options.set_parent(&server_.global_window_options);
  auto p = make_pane(*w);
  Pane& pane = *p;
  w->panes.push_back(std::move(p));
  w->active = &pane;
  w->layout.init(&pane, w->sx, w->sy);
  if (!start_pane(pane, spec, error)) return nullptr;
  Window& ref = *w;
  s.windows.emplace(index, std::move(w));
  if (s.current == nullptr) s.current = &ref;
  arm_name_check();
  pane.active_point = next_active_point();
  server_.clients().notify_window("window-add", ref);
  return &ref;
}

Pane* SessionTree::split_pane(Pane& target, bool left_right, int size, const SpawnSpec& spec,
                              std::string* error, bool before, bool full) {
  Window& w = *target.window;
  set_zoom(w, false);
  auto p = make_pane(w);
  Pane& pane = *p;
  if (!w.layout.split(&target, &pane, left_right, size, error, before, full)) return nullptr;
  if (!start_pane(pane, spec, error)) {
    w.layout.remove(&pane);
    return nullptr;
  }
  // In window order the new pane is beside its target (-b: before it), or first or last
  // for a full-size split.
  auto it =
      std::find_if(w.panes.begin(), w.panes.end(), [&](auto& q) { return q.get() == &target; });
  if (full)
    it = before ? w.panes.begin() : w.panes.end();
  else if (!before)
    ++it;
  w.panes.insert(it, std::move(p));
  sync_pane_sizes(w);
  return &pane;
}

bool SessionTree::respawn_pane(Pane& p, const SpawnSpec& spec, std::string* error) {
  p.stop(SIGKILL);
  server_.coord().release_pane_leases(server_.member_of(p), p.id);  // their program is gone
  p.pid = -1;
  p.dead = false;
  p.marks = p.in_command = false;  // a new program: its own marks, if any
  p.progress.clear();
  bool ok = start_pane(p, spec, error);
  server_.update_state(*p.window->session);
  return ok;
}

void SessionTree::retire_pane(Pane& p) {
  server_.coord().release_pane_leases(server_.member_of(p), p.id);
  server_.pane_gone(p);
  server_.output_waits().queue_check();
}

// Panes stop (SIGHUP to their programs) as their windows go.
void SessionTree::destroy_session(Session& s) {
  server_.resurrect().changed();
  for (ClientConn* c : server_.renderer().attached_clients(s.id))
    server_.renderer().detach(*c, "exited");
  for (auto& [index, w] : s.windows) server_.clients().notify_window("window-close", *w);
  server_.clients().notify_session_closed(s);
  server_.hooks().fire("session-closed", server_.hooks().target(&s));
  server_.coord().session_gone(s.id);
  for (auto& [index, w] : s.windows)
    for (auto& p : w->panes) server_.pane_gone(*p);
  server_.output_waits().queue_check();
  s.windows.clear();
  remove(s.id);
  server_.clients().notify_sessions_changed();
  server_.check_exit();
}

void SessionTree::destroy_window(Window& w) {
  server_.resurrect().changed();
  Session& s = *w.session;
  if (s.windows.size() == 1) {
    destroy_session(s);
    return;
  }
  server_.renderer().redraw(&s);
  server_.clients().notify_window("window-close", w);
  for (auto& p : w.panes) retire_pane(*p);
  if (s.last == &w) s.last = nullptr;
  if (s.current == &w) {
    auto it = s.windows.find(w.index);
    auto next = std::next(it) != s.windows.end() ? std::next(it) : std::prev(it);
    s.current = s.last != nullptr ? s.last : next->second.get();
    s.last = nullptr;
    server_.clients().notify_session_window(s);
  }
  s.windows.erase(w.index);
  if (s.options.flag("renumber-windows")) renumber_windows(s);
  server_.update_state(s);
}

int SessionTree::free_window_index(const Session& s) const {
  int index = static_cast<int>(s.options.number("base-index"));
  while (s.windows.count(index) > 0) index++;
  return index;
}

void SessionTree::renumber_windows(Session& s) {
  std::map<int, std::unique_ptr<Window>> renumbered;
  int index = static_cast<int>(s.options.number("base-index"));
  for (auto& [old, w] : s.windows) {
    w->index = index;
    renumbered.emplace(index++, std::move(w));
  }
  s.windows = std::move(renumbered);
}

void SessionTree::destroy_pane(Pane& p) {
  server_.resurrect().changed();
  Window& w = *p.window;
  if (w.panes.size() == 1) {
    destroy_window(w);
    return;
  }
  server_.renderer().redraw(w.session);
  retire_pane(p);
  w.pane_options.erase(p.id);
  unlink_pane(p);  // and the pane goes
  server_.update_state(*w.session);
}

void SessionTree::select_window(Session& s, Window& w) {
  if (s.current == &w) return;
  s.last = s.current;
  s.current = &w;
  server_.clients().notify_session_window(s);
}

void SessionTree::select_pane(Pane& p) {
  bool changed = p.window->active != &p;
  if (changed) set_zoom(*p.window, false);
  p.window->active = &p;
  p.active_point = next_active_point();
  if (changed) server_.clients().notify_window_pane(*p.window);
}

void SessionTree::set_pane_title(Pane& p, const std::string& title) {
  if (!p.term || p.term->title() == title) return;
  p.term->set_title(title);
  server_.resurrect().changed();
  if (server_.hooks().wanted())
    server_.hooks().fire("pane-title-changed", server_.hooks().target(nullptr, nullptr, &p));
  server_.renderer().redraw(p.window->session);
}

void SessionTree::resize_window(Window& w, int sx, int sy) {
  if (w.sx != sx || w.sy != sy)
    server_.hooks().fire("window-resized", server_.hooks().target(w.session, &w));
  w.sx = sx;
  w.sy = sy;
  w.layout.resize(sx, sy);
  if (w.zoomed && w.active != nullptr) {
    w.active->xoff = w.active->yoff = 0;
    w.active->sx = sx;
    w.active->sy = sy;
  }
  sync_pane_sizes(w);
  server_.renderer().redraw(w.session);
}

void SessionTree::set_zoom(Window& w, bool on) {
  if (w.zoomed == on || (on && (w.panes.size() < 2 || w.active == nullptr))) return;
  w.zoomed = on;
  if (on) {
    w.active->xoff = w.active->yoff = 0;
    w.active->sx = w.sx;
    w.active->sy = w.sy;
  } else {
    w.layout.apply();
  }
  sync_pane_sizes(w);
  server_.renderer().redraw(w.session);
}

void SessionTree::sync_pane_sizes(Window& w) {
  for (auto& p : w.panes) p->apply_size();
  server_.clients().notify_layout(w);
}

}  // namespace amux
