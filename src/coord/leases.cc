// Leases on paths: advisory, exclusive or shared, scoped to a group. A grant takes the
// group's next fencing number; a conflict refuses the whole request; waiters (alock -w)
// are parked and granted, in arrival order, by the release that frees their paths. A
// lease ends with its holder (session end, leaving the group, the pane's program
// exiting) or at its expiry, which also messages the holder.
#include <event2/event.h>
#include <fnmatch.h>

#include <algorithm>

#include "amux/server/server.h"

namespace amux {

static bool paths_overlap(const std::string& a, const std::string& b) {
  return a == b || fnmatch(a.c_str(), b.c_str(), FNM_PATHNAME) == 0 ||
         fnmatch(b.c_str(), a.c_str(), FNM_PATHNAME) == 0;
}

const Lease* lease_conflict(const Group& g, int session_id, const std::string& path, bool shared) {
  for (const Lease& l : g.leases)
    if (l.holder != session_id && !(shared && l.shared) && paths_overlap(l.path, path)) return &l;
  return nullptr;
}

std::string lease_remaining(const Lease& l, time_t now) {
  return std::to_string(l.expires > now ? l.expires - now : 0) + "s";
}

std::string lease_conflict_error(const Lease& l, const std::string& holder, time_t now) {
  return "path '" + l.path + "' is locked by session '" + holder + "' (expires in " +
         lease_remaining(l, now) + ")";
}

std::string Server::grant_leases(Group& g, Session& s, const LeaseRequest& req) {
  std::string out;
  time_t t = now();
  for (const std::string& path : req.paths) {
    // Asking again renews: the old grant (of this session, on this exact path) goes.
    std::erase_if(g.leases, [&](const Lease& l) { return l.holder == s.id && l.path == path; });
    Lease l;
    l.path = path;
    l.holder = s.id;
    l.holder_name = s.name;
    l.pane_id = req.pane_id;
    l.shared = req.shared;
    l.fence = ++g.lease_fence;
    l.expires = t + req.seconds;
    g.leases.push_back(l);
    GroupEvent e;
    e.kind = "lock";
    e.session_id = s.id;
    e.session = s.name;
    e.key = path;
    e.fence = l.fence;
    e.data = l.shared ? "shared" : "exclusive";
    emit(g, std::move(e));
    out += "Locked in group '" + g.name + "': " + path + " (" + (l.shared ? "shared, " : "") +
           "fence " + std::to_string(l.fence) + ", expires in " + lease_remaining(l, t) + ")\n";
  }
  schedule_expiry();
  return out;
}

void Server::release_leases(Group& g, const std::function<bool(const Lease&)>& which,
                            const std::string& kind, std::string* out) {
  std::vector<Lease> gone;
  for (auto it = g.leases.begin(); it != g.leases.end();) {
    if (which(*it)) {
      gone.push_back(std::move(*it));
      it = g.leases.erase(it);
    } else {
      ++it;
    }
  }
  for (const Lease& l : gone) {
    GroupEvent e;
    e.kind = kind;
    e.session_id = l.holder;
    e.session = session_name(l.holder, l.holder_name);
    e.key = l.path;
    e.fence = l.fence;
    emit(g, std::move(e));
    if (out != nullptr)
      *out += "Unlocked in group '" + g.name + "': " + l.path + " (fence " +
              std::to_string(l.fence) + ")\n";
    if (kind == "expire")
      if (Session* holder = sessions.find_id(l.holder))
        send_message(g, -1, "amux", *holder,
                     "lease on '" + l.path + "' expired (fence " + std::to_string(l.fence) + ")",
                     false, nullptr);
  }
  if (!gone.empty()) wake_lock_waiters(g);
}

void Server::release_pane_leases(Pane& p) {
  Session& s = *p.window->session;
  if (Group* g = group_of(s))
    release_leases(*g, [&](const Lease& l) { return l.holder == s.id && l.pane_id == p.id; },
                   "unlock", nullptr);
}

void Server::add_lock_waiter(LockWaiter w, long timeout_seconds) {
  uint64_t id = w.client_id;
  if (find_client(id) == nullptr) return;
  lock_waiters[id] = std::move(w);
  park(id, timeout_seconds, [this, id] { lock_waiters.erase(id); });
}

void Server::wake_lock_waiters(Group& g) {
  // In arrival order (client ids grow); a grant may block the waiters after it.
  std::vector<uint64_t> ids;
  for (auto& [id, w] : lock_waiters)
    if (w.group_id == g.id) ids.push_back(id);
  for (uint64_t id : ids) {
    auto it = lock_waiters.find(id);
    if (it == lock_waiters.end()) continue;
    Session* s = sessions.find_id(it->second.session_id);
    if (s == nullptr) continue;
    const LeaseRequest& req = it->second.request;
    bool free = std::none_of(req.paths.begin(), req.paths.end(), [&](const std::string& p) {
      return lease_conflict(g, s->id, p, req.shared) != nullptr;
    });
    if (!free) continue;
    LeaseRequest granted = req;
    lock_waiters.erase(it);
    resume_client(id, 0, grant_leases(g, *s, granted), "");
  }
}

void Server::end_lock_waiters(Session& s, const std::string& why) {
  std::vector<uint64_t> ids;
  for (auto& [id, w] : lock_waiters)
    if (w.session_id == s.id) ids.push_back(id);
  for (uint64_t id : ids) {
    lock_waiters.erase(id);
    resume_client(id, 1, "", why);
  }
}

static void on_expiry(evutil_socket_t, short, void* arg) { static_cast<Server*>(arg)->run_expiry(); }

void Server::schedule_expiry() {
  time_t next = 0;
  auto consider = [&](time_t t) {
    if (t != 0 && (next == 0 || t < next)) next = t;
  };
  for (Group* g : groups.list()) {
    for (const Lease& l : g->leases) consider(l.expires);
    for (const auto& [key, e] : g->context) consider(e.expires);
  }
  if (!expiry_timer_) expiry_timer_.reset(evtimer_new(base_, on_expiry, this));
  if (next == 0) {
    evtimer_del(expiry_timer_.get());
    return;
  }
  time_t t = now();
  struct timeval tv = {next > t ? next - t : 0, 0};
  evtimer_add(expiry_timer_.get(), &tv);
}

void Server::run_expiry() {
  time_t t = now();
  for (Group* g : groups.list()) {
    uint64_t gid = g->id;
    release_leases(*g, [&](const Lease& l) { return l.expires <= t; }, "expire", nullptr);
    g = groups.find(gid);
    if (g == nullptr) continue;
    std::vector<std::string> keys;
    for (const auto& [key, e] : g->context)
      if (e.expires != 0 && e.expires <= t) keys.push_back(key);
    for (const auto& key : keys) {
      int author = g->context[key].author_id;
      groups.unset(*g, {key}, t);
      GroupEvent e;
      e.kind = "unset";
      e.session_id = author;
      e.session = session_name(author);
      e.key = key;
      e.data = "expired";
      emit(*g, std::move(e));
    }
  }
  schedule_expiry();
}

}  // namespace amux
