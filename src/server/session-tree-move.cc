// Windows and panes changing place (move-window, swap-window, swap-pane, break-pane,
// join-pane): ownership moves between sessions and windows and no program restarts. A
// pane that leaves its session gives up its leases (their holder was that session's pane).
#include "amux/server/session-tree.h"

#include <algorithm>

#include "amux/server/client-hub.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"

namespace amux {

// The session's current and last windows stop pointing at w, which is about to leave.
static void forget_window(Session& s, Window& w) {
  if (s.last == &w) s.last = nullptr;
  if (s.current != &w) return;
  s.current = s.last;
  s.last = nullptr;
  for (auto& [index, other] : s.windows)
    if (s.current == nullptr && other.get() != &w) s.current = other.get();
}

// The pane's own options go with it to its new window.
static void carry_pane_options(Window& from, Window& to, const Pane& p) {
  auto node = from.pane_options.extract(p.id);
  if (node.empty()) return;
  node.mapped().set_parent(&to.options);
  to.pane_options.insert(std::move(node));
}

std::unique_ptr<Window> SessionTree::unlink_window(Window& w) {
  Session& s = *w.session;
  forget_window(s, w);
  auto it = s.windows.find(w.index);
  std::unique_ptr<Window> owned = std::move(it->second);
  s.windows.erase(it);
  return owned;
}

Window& SessionTree::link_window(Session& s, int index, std::unique_ptr<Window> w) {
  Window& ref = *w;
  if (ref.session != &s)
    for (auto& p : ref.panes) retire_pane(*p);
  ref.session = &s;
  ref.index = index;
  s.windows.emplace(index, std::move(w));
  if (s.current == nullptr) s.current = &ref;
  if (ref.sx != s.sx || ref.sy != s.sy) resize_window(ref, s.sx, s.sy);
  return ref;
}

void SessionTree::open_window_index(Session& s, int index) {
  if (s.windows.count(index) == 0) return;
  std::vector<std::unique_ptr<Window>> shifted;
  for (auto it = s.windows.lower_bound(index); it != s.windows.end();) {
    shifted.push_back(std::move(it->second));
    it = s.windows.erase(it);
  }
  for (auto& w : shifted) {
    w->index++;
    s.windows.emplace(w->index, std::move(w));
  }
}

bool SessionTree::drop_window_at(Session& s, int index) {
  auto it = s.windows.find(index);
  if (it == s.windows.end()) return false;
  Window& old = *it->second;
  bool was_current = s.current == &old;
  server_.clients().notify_window("window-close", old);
  forget_window(s, old);
  for (auto& p : old.panes) retire_pane(*p);
  s.windows.erase(it);
  return was_current;
}

bool SessionTree::move_window(Window& w, Session& dst, int index, const MovePlace& how,
                              std::string* error) {
  if (how.after || how.before) {
    index += how.after ? 1 : 0;
    open_window_index(dst, index);
  } else if (auto it = dst.windows.find(index); it != dst.windows.end()) {
    if (it->second.get() == &w) return true;
    if (!how.kill) return *error = "index in use: " + std::to_string(index), false;
    drop_window_at(dst, index);
  }
  Session& src = *w.session;
  Window& moved = link_window(dst, index, unlink_window(w));
  // As tmux tells it: linked where it went, then unlinked where it was (a move inside a
  // session too).
  server_.clients().notify_window("window-add", moved);
  if (!how.detached) select_window(dst, moved);
  server_.renderer().redraw(&dst);
  server_.update_state(dst);
  server_.clients().notify_window("window-close", moved, "", &src);
  if (&src != &dst) {
    if (src.windows.empty()) {
      destroy_session(src);
    } else {
      server_.renderer().redraw(&src);
      server_.update_state(src);
    }
  }
  return true;
}

void SessionTree::swap_windows(Window& a, Window& b) {
  Session &sa = *a.session, &sb = *b.session;
  int ia = a.index, ib = b.index;
  std::unique_ptr<Window> oa = std::move(sa.windows[ia]), ob = std::move(sb.windows[ib]);
  bool a_current = sa.current == &a, b_current = sb.current == &b;
  bool a_last = sa.last == &a, b_last = sb.last == &b;
  sa.windows.erase(ia);
  sb.windows.erase(ib);
  if (a_current) sa.current = nullptr;
  if (b_current) sb.current = nullptr;
  if (a_last) sa.last = nullptr;
  if (b_last) sb.last = nullptr;
  link_window(sb, ib, std::move(oa));
  link_window(sa, ia, std::move(ob));
  // Each place keeps its role: the window now there is current (or last) if the old was.
  if (a_current) sa.current = &b;
  if (b_current) sb.current = &a;
  if (a_last) sa.last = &b;
  if (b_last) sb.last = &a;
  server_.renderer().redraw(&sa);
  server_.renderer().redraw(&sb);
  server_.update_state(sa);
  if (&sa != &sb) server_.update_state(sb);
}

std::unique_ptr<Pane> SessionTree::unlink_pane(Pane& p) {
  Window& w = *p.window;
  set_zoom(w, false);
  w.layout.remove(&p);
  if (w.active == &p) {
    Pane* best = nullptr;
    for (auto& q : w.panes)
      if (q.get() != &p && (best == nullptr || q->active_point > best->active_point))
        best = q.get();
    w.active = best;
  }
  auto it = std::find_if(w.panes.begin(), w.panes.end(), [&](auto& q) { return q.get() == &p; });
  std::unique_ptr<Pane> owned = std::move(*it);
  w.panes.erase(it);
  sync_pane_sizes(w);
  return owned;
}

bool SessionTree::join_pane(Pane& p, Pane& target, const JoinPlace& how, std::string* error) {
  Window& from = *p.window;
  Window& to = *target.window;
  if (&from == &to) return *error = "source and target panes must be different windows", false;
  set_zoom(to, false);
  int total = how.left_right ? target.sx : target.sy;
  int added = how.size >= 0 ? std::min(how.size, total - 2) : (total - 1) / 2;  // as split
  if (added < 1 || total - 1 - added < 1) return *error = "no space for new pane", false;
  std::unique_ptr<Pane> owned;
  if (from.panes.size() == 1) {
    // The source window goes with its last pane: take the pane, then drop the window.
    owned = std::move(from.panes.front());
    from.panes.clear();
  } else {
    owned = unlink_pane(p);
  }
  to.layout.split(&target, &p, how.left_right, how.size, error, how.before);  // room checked
  if (from.session != to.session) retire_pane(p);
  carry_pane_options(from, to, p);
  p.window = &to;
  auto at =
      std::find_if(to.panes.begin(), to.panes.end(), [&](auto& q) { return q.get() == &target; });
  to.panes.insert(how.before ? at : at + 1, std::move(owned));
  if (!how.detached) select_pane(p);
  sync_pane_sizes(to);
  if (from.panes.empty()) {
    Session& s = *from.session;
    server_.clients().notify_window("window-close", from);
    std::unique_ptr<Window> gone = unlink_window(from);
    server_.renderer().redraw(&s);
    if (s.windows.empty()) destroy_session(s);
  }
  server_.renderer().redraw(to.session);
  server_.update_state(*to.session);
  return true;
}

Window* SessionTree::break_pane(Pane& p, Session& dst, int index, const std::string& name,
                                bool detached, std::string* error) {
  Window& from = *p.window;
  if (index < 0) {
    index = static_cast<int>(dst.options.number("base-index"));
    while (dst.windows.count(index) > 0) index++;
  } else if (dst.windows.count(index) > 0) {
    *error = "index in use: " + std::to_string(index);
    return nullptr;
  }
  if (from.panes.size() == 1) {  // the whole window moves
    if (!name.empty()) from.name = name;
    MovePlace how;
    how.detached = detached;
    return move_window(from, dst, index, how, error) ? &from : nullptr;
  }
  std::unique_ptr<Pane> owned = unlink_pane(p);
  auto w = std::make_unique<Window>();
  w->id = next_window_id();
  w->name = name.empty() ? from.name : name;
  w->sx = from.sx;
  w->sy = from.sy;
  w->session = &dst;
  w->options.set_parent(&server_.global_window_options);
  carry_pane_options(from, *w, p);
  p.window = w.get();
  w->active = &p;
  w->layout.init(&p, w->sx, w->sy);
  w->panes.push_back(std::move(owned));
  Window& made = link_window(dst, index, std::move(w));
  sync_pane_sizes(made);
  server_.clients().notify_window("window-add", made);
  if (!detached) select_window(dst, made);
  server_.renderer().redraw(from.session);
  server_.renderer().redraw(&dst);
  server_.update_state(*from.session);
  if (&dst != from.session) server_.update_state(dst);
  return &made;
}

void SessionTree::swap_panes(Pane& a, Pane& b) {
  Window &wa = *a.window, &wb = *b.window;
  set_zoom(wa, false);
  set_zoom(wb, false);
  if (&wa == &wb) {
    wa.layout.swap(&a, &b);
  } else {
    wa.layout.replace(&a, &b);
    wb.layout.replace(&b, &a);
  }
  auto slot = [](Window& w, Pane* p) {
    return std::find_if(w.panes.begin(), w.panes.end(), [&](auto& q) { return q.get() == p; });
  };
  std::iter_swap(slot(wa, &a), slot(wb, &b));
  if (&wa != &wb) {
    if (wa.session != wb.session) {
      retire_pane(a);
      retire_pane(b);
    }
    carry_pane_options(wa, wb, a);
    carry_pane_options(wb, wa, b);
    std::swap(a.window, b.window);
    if (wa.active == &a) wa.active = &b;
    if (wb.active == &b) wb.active = &a;
  }
  wa.layout.apply();
  wb.layout.apply();
  sync_pane_sizes(wa);
  if (&wa != &wb) sync_pane_sizes(wb);
  server_.renderer().redraw(wa.session);
  if (wa.session != wb.session) server_.renderer().redraw(wb.session);
}

void SessionTree::rotate_panes(Window& w, bool down) {
  auto& panes = w.panes;
  if (panes.size() < 2) return;
  // Each pane takes the cell of the one before it (up) or after it (down): the pane that
  // falls off one end goes round to the other.
  if (down) {
    for (size_t i = panes.size() - 1; i-- > 0;) w.layout.swap(panes.back().get(), panes[i].get());
    std::rotate(panes.rbegin(), panes.rbegin() + 1, panes.rend());
  } else {
    for (size_t i = 1; i < panes.size(); i++) w.layout.swap(panes.front().get(), panes[i].get());
    std::rotate(panes.begin(), panes.begin() + 1, panes.end());
  }
  w.layout.apply();
  sync_pane_sizes(w);
  server_.renderer().redraw(w.session);
}

}  // namespace amux
