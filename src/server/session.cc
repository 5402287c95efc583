// The session registry: creation, lookup by id, name and target string.
#include "amux/server/session.h"

#include <event2/event.h>

#include <algorithm>

namespace amux {

bool valid_agent_type(std::string_view type) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  return !type.empty() && type.size() <= 32 && lower(type[0]) &&
         std::all_of(type.begin(), type.end(), [&](char c) {
           return lower(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
         });
}

std::string agent_type_error(std::string_view type) {
  return "invalid agent type: " + std::string(type) +
         " (a lowercase letter, then up to 31 of a-z 0-9 _ . -)";
}

std::string sanitize_session_name(std::string_view name) {
  std::string out(name);
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == ':' || c == '.'; }, '_');
  return out;
}

Session& SessionRegistry::add(std::string name, time_t now) {
  auto s = std::make_unique<Session>();
  s->id = next_session_id_++;
  s->name = name.empty() ? std::to_string(s->id) : std::move(name);
  s->created = s->activity = now;
  s->last_use = ++use_counter_;
  Session& ref = *s;
  sessions_.emplace(s->id, std::move(s));
  return ref;
}

void SessionRegistry::remove(int id) {
  sessions_.erase(id);
}

void SessionRegistry::touch(Session& s, time_t now) {
  s.activity = now;
  s.last_use = ++use_counter_;
}

const Session* SessionRegistry::find_id(int id) const {
  auto it = sessions_.find(id);
  return it == sessions_.end() ? nullptr : it->second.get();
}

Session* SessionRegistry::find_name(std::string_view name) {
  for (auto& [id, s] : sessions_)
    if (s->name == name) return s.get();
  return nullptr;
}

Pane* SessionRegistry::find_pane(int pane_id) {
  for (auto& [id, s] : sessions_)
    for (auto& [index, w] : s->windows)
      for (auto& p : w->panes)
        if (p->id == pane_id) return p.get();
  return nullptr;
}

Window* SessionRegistry::find_window(int window_id) {
  for (auto& [id, s] : sessions_)
    for (auto& [index, w] : s->windows)
      if (w->id == window_id) return w.get();
  return nullptr;
}

int Window::pane_index(const Pane* p) const {
  for (size_t i = 0; i < panes.size(); i++)
    if (panes[i].get() == p) return static_cast<int>(i);
  return -1;
}

Pane* Window::last_pane() const {
  Pane* last = nullptr;
  for (auto& p : panes)
    if (p.get() != active && p->active_point > 0 &&
        (last == nullptr || p->active_point > last->active_point))
      last = p.get();
  return last;
}

Options& Window::options_of(const Pane& p) {
  auto [it, added] = pane_options.try_emplace(p.id);
  if (added) it->second.set_parent(&options);
  return it->second;
}

const Options& Window::effective_options(const Pane& p) const {
  auto it = pane_options.find(p.id);
  return it != pane_options.end() ? it->second : options;
}

static Session* most_recent(std::map<int, std::unique_ptr<Session>>& sessions) {
  Session* best = nullptr;
  for (auto& [id, s] : sessions)
    if (best == nullptr || s->last_use > best->last_use) best = s.get();
  return best;
}

Session* SessionRegistry::resolve(std::string_view target, int current, std::string* error) {
  if (target.empty()) {
    Session* s = find_id(current);
    if (s == nullptr) s = most_recent(sessions_);
    if (s == nullptr) *error = "no current session";
    return s;
  }
  std::string_view name = target.substr(0, target.find(':'));
  Session* found = nullptr;
  long long id;
  if (name.size() > 1 && name[0] == '$' && parse_int(name.substr(1), 0, INT32_MAX, &id)) {
    found = find_id(static_cast<int>(id));
  } else if (!name.empty() && (name[0] == '@' || name[0] == '%')) {
    // A window or pane id where a session is wanted: the session it is in, as tmux.
    bool window = name[0] == '@';
    if (!parse_int(name.substr(1), 0, INT32_MAX, &id)) id = -1;
    int n = static_cast<int>(id);
    if (Window* w = window ? find_window(n) : nullptr) return w->session;
    if (Pane* p = window ? nullptr : find_pane(n)) return p->window->session;
    *error = std::string(window ? "can't find window: " : "can't find pane: ") + std::string(name);
    return nullptr;
  } else if (!name.empty() && name[0] == '=') {
    found = find_name(name.substr(1));
  } else if ((found = find_name(name)) == nullptr && !name.empty()) {
    for (auto& [sid, s] : sessions_) {
      if (!starts_with(s->name, name)) continue;
      if (found != nullptr) {
        found = nullptr;  // ambiguous prefix
        break;
      }
      found = s.get();
    }
  }
  if (found == nullptr) *error = "can't find session: " + std::string(name);
  return found;
}

std::vector<Session*> SessionRegistry::list() {
  std::vector<Session*> out;
  for (auto& [id, s] : sessions_) out.push_back(s.get());
  std::sort(out.begin(), out.end(), [](Session* a, Session* b) { return a->name < b->name; });
  return out;
}

}  // namespace amux
