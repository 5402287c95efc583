// Target resolution for -t: session:window.pane, $session, @window, %pane, window by
// index, name (=exact), id or ^ $ + -, pane by index or id, and the caller's own pane when no
// target is given.
#include <cctype>

#include "amux/server/cmd.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

namespace {

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!isdigit(static_cast<unsigned char>(c))) return false;
  return s.size() < 9;
}

Window* find_window_in(Server& server, Session& s, const std::string& w) {
  if (w.empty()) return s.current;
  if (w == "!") return s.last;
  if (s.windows.empty()) return nullptr;
  if (w == "^") return s.windows.begin()->second.get();
  if (w == "$") return s.windows.rbegin()->second.get();
  if ((w == "+" || w == "-") && s.current != nullptr) {  // next, previous, wrapping
    auto it = s.windows.find(s.current->index);
    if (w == "+")
      return ++it == s.windows.end() ? s.windows.begin()->second.get() : it->second.get();
    return it == s.windows.begin() ? s.windows.rbegin()->second.get() : std::prev(it)->second.get();
  }
  if (w[0] == '@') {  // a window id, which must be in this session
    long long id;
    Window* win = parse_int(std::string_view(w).substr(1), 0, INT32_MAX, &id)
                      ? server.sessions().find_window(static_cast<int>(id))
                      : nullptr;
    return win != nullptr && win->session == &s ? win : nullptr;
  }
  if (all_digits(w)) {
    auto it = s.windows.find(std::stoi(w));
    return it == s.windows.end() ? nullptr : it->second.get();
  }
  bool exact = w[0] == '=';
  std::string name = exact ? w.substr(1) : w;
  Window* found = nullptr;
  for (auto& [index, win] : s.windows)
    if (win->name == name) return win.get();
  if (exact) return nullptr;
  for (auto& [index, win] : s.windows) {
    if (!starts_with(win->name, name)) continue;
    if (found != nullptr) return nullptr;
    found = win.get();
  }
  return found;
}

Pane* find_pane_in(Window& w, const std::string& p) {
  if (p.empty()) return w.active;
  if ((p == "+" || p == "-") && w.active != nullptr && !w.panes.empty()) {  // next, previous
    size_t n = w.panes.size(), i = static_cast<size_t>(w.pane_index(w.active));
    return w.panes[(p == "+" ? i + 1 : i + n - 1) % n].get();
  }
  if (p[0] == '%') {  // a pane id, which must be in this window
    for (auto& pane : w.panes)
      if ("%" + std::to_string(pane->id) == p) return pane.get();
    return nullptr;
  }
  if (!all_digits(p)) return nullptr;
  long long i = std::stoi(p) - w.options.number("pane-base-index");  // pane-base-index counts 1st
  return i >= 0 && i < static_cast<long long>(w.panes.size()) ? w.panes[i].get() : nullptr;
}

// A window name as errors give it: without the '=' that asks for an exact match.
std::string unexact(const std::string& name) {
  return !name.empty() && name[0] == '=' ? name.substr(1) : name;
}

bool fill_from_window(Window* w, Target* out) {
  if (w == nullptr) return false;
  out->window = w;
  out->session = w->session;
  out->pane = w->active;
  return true;
}

bool by_id(Server& server, const std::string& t, Target* out, std::string* error) {
  long long id;
  if (!parse_int(std::string_view(t).substr(1), 0, INT32_MAX, &id)) id = -1;
  if (t[0] == '%') {
    Pane* p = server.sessions().find_pane(static_cast<int>(id));
    if (p == nullptr) return *error = "can't find pane: " + t, false;
    out->pane = p;
    out->window = p->window;
    out->session = p->window->session;
    return true;
  }
  if (!fill_from_window(server.sessions().find_window(static_cast<int>(id)), out))
    return *error = "can't find window: " + t, false;
  return true;
}

}  // namespace

bool resolve_target(Server& server, const ClientInfo& client, const std::string& t, TargetKind kind,
                    Target* out, std::string* error) {
  if (t == "~" || t == "{marked}") {
    Pane* p = server.marked_pane();
    if (p == nullptr) {
      *error = "no marked target";
      return false;
    }
    out->pane = p;
    out->window = p->window;
    out->session = p->window->session;
    return true;
  }
  if (t == "=" || t == "{mouse}") {  // what the mouse of the command's binding is over
    const MouseEvent* m = server.renderer().mouse_for(client);
    Window* w = m != nullptr ? server.sessions().find_window(m->window) : nullptr;
    if (w == nullptr) {
      *error = "no mouse target";
      return false;
    }
    Pane* p = server.sessions().find_pane(m->pane);
    out->pane = p != nullptr && p->window == w ? p : w->active;
    out->window = w;
    out->session = w->session;
    return true;
  }
  Pane* own = client.env.empty() ? nullptr : server.client_pane(client);
  if (t.empty() && own != nullptr) {
    out->pane = own;
    out->window = own->window;
    out->session = own->window->session;
    return true;
  }
  if (!t.empty() && (t[0] == '%' || t[0] == '@')) return by_id(server, t, out, error);
  size_t colon = t.find(':');
  if (kind == TargetKind::kSession || t.empty() || (t[0] == '$' && colon == std::string::npos)) {
    Session* s = server.sessions().resolve(t, server.current_session_for(client), error);
    return s != nullptr && fill_from_window(s->current, out);
  }
  std::string session_part, window_part = t, pane_part;
  bool has_colon = colon != std::string::npos;
  if (has_colon) {
    session_part = t.substr(0, colon);
    window_part = t.substr(colon + 1);
  }
  size_t dot = window_part.rfind('.');
  if (kind == TargetKind::kPane && dot != std::string::npos) {
    pane_part = window_part.substr(dot + 1);
    window_part = window_part.substr(0, dot);
  }
  std::string ignored;
  Session* s = server.sessions().resolve(session_part, server.current_session_for(client),
                                         has_colon ? error : &ignored);
  if (s == nullptr && has_colon) return false;
  if (!has_colon && dot == std::string::npos && s != nullptr) {
    // A bare word: a pane index in the current window, a window, then a session.
    if (kind == TargetKind::kPane && s->current != nullptr)
      if (Pane* p = find_pane_in(*s->current, window_part); p != nullptr && all_digits(window_part))
        return out->session = s, out->window = s->current, out->pane = p, true;
    if (fill_from_window(find_window_in(server, *s, window_part), out)) return true;
  }
  if (!has_colon && dot == std::string::npos) {
    Session* named = server.sessions().resolve(window_part, -1, &ignored);
    if (named != nullptr) return fill_from_window(named->current, out);
    // tmux's words: a bare word that names nothing is the kind of thing looked for.
    *error =
        (kind == TargetKind::kPane ? "can't find pane: " : "can't find window: ") + window_part;
    return false;
  }
  if (s == nullptr) return *error = "no current session", false;
  Window* w = find_window_in(server, *s, window_part);
  if (w == nullptr) return *error = "can't find window: " + unexact(window_part), false;
  fill_from_window(w, out);
  if (kind != TargetKind::kPane) return true;
  out->pane = find_pane_in(*w, pane_part);
  if (out->pane == nullptr) return *error = "can't find pane: " + pane_part, false;
  return true;
}

bool resolve_destination(Server& server, const ClientInfo& client, const std::string& t,
                         Session** session, int* index, std::string* error) {
  size_t colon = t.find(':');
  std::string session_part = colon == std::string::npos ? "" : t.substr(0, colon);
  std::string window_part = colon == std::string::npos ? t : t.substr(colon + 1);
  std::string ignored;
  int current = server.current_session_for(client);
  if (colon == std::string::npos && !window_part.empty() && !all_digits(window_part) &&
      window_part[0] != '@')
    if (Session* named = server.sessions().resolve(window_part, -1, &ignored)) {
      *session = named;  // a bare session name
      *index = -1;
      return true;
    }
  *session = server.sessions().resolve(session_part, current, error);
  if (*session == nullptr) return false;
  if (window_part.empty()) return *index = -1, true;
  if (all_digits(window_part)) return *index = std::stoi(window_part), true;
  Window* w = find_window_in(server, **session, window_part);
  if (w == nullptr) return *error = "can't find window: " + unexact(window_part), false;
  *index = w->index;
  return true;
}

}  // namespace amux
