// Leases on paths: advisory, exclusive or shared, scoped to a group. A grant takes the
// group's next fencing number; a conflict refuses the whole request; waiters (alock -w)
// are parked and granted, in arrival order, by the release that frees their paths. A
// lease ends with its holder (session end, leaving the group, the pane's program
// exiting) or at its expiry, which also messages the holder. Expiring keys share the
// one expiry timer.
#include <fnmatch.h>

#include <algorithm>

#include "amux/coord/coordinator.h"

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

std::string Coordinator::grant_leases(Group& g, int session_id, const LeaseRequest& req) {
  std::string out;
  time_t t = host_.now();
  Actor who = actor(session_id);
  for (const std::string& path : req.paths) {
    // Asking again renews: the old grant (of this session, on this exact path) goes.
    std::erase_if(g.leases, [&](const Lease& l) {
      bool renewed = l.holder == who.id && l.path == path;
      if (renewed && store_ != nullptr) store_->lease_removed(g, l);
      return renewed;
    });
    Lease l;
    l.path = path;
    l.holder = who.id;
    l.holder_name = who.name;
    l.pane_id = req.pane_id;
    l.shared = req.shared;
    l.fence = ++g.lease_fence;
    l.expires = t + req.seconds;
    g.leases.push_back(l);
    if (store_ != nullptr) store_->lease_added(g, l);
    emit(g, GroupEvent::lock(who, path, l.fence, l.shared));
    out += "Locked in group '" + g.name + "': " + path + " (" + (l.shared ? "shared, " : "") +
           "fence " + std::to_string(l.fence) + ", expires in " + lease_remaining(l, t) + ")\n";
  }
  schedule_expiry();
  return out;
}

void Coordinator::release_leases(Group& g, const std::function<bool(const Lease&)>& which,
                                 EventKind kind, std::string* out) {
  std::vector<Lease> gone;
  auto keep = std::stable_partition(g.leases.begin(), g.leases.end(),
                                    [&](const Lease& l) { return !which(l); });
  std::move(keep, g.leases.end(), std::back_inserter(gone));
  g.leases.erase(keep, g.leases.end());
  for (const Lease& l : gone) {
    if (store_ != nullptr) store_->lease_removed(g, l);
    Actor holder = actor(l.holder, l.holder_name);
    emit(g, kind == EventKind::kExpire ? GroupEvent::expire(holder, l.path, l.fence)
                                       : GroupEvent::unlock(holder, l.path, l.fence));
    if (out != nullptr)
      *out += "Unlocked in group '" + g.name + "': " + l.path + " (fence " +
              std::to_string(l.fence) + ")\n";
    if (kind == EventKind::kExpire && g.has_member(l.holder))
      send_message(g, {-1, "amux"}, l.holder,
                   "lease on '" + l.path + "' expired (fence " + std::to_string(l.fence) + ")");
  }
  if (!gone.empty()) {
    wake_lock_waiters(g);
    schedule_expiry();
  }
}

void Coordinator::release_pane_leases(int session_id, int pane_id) {
  if (Group* g = group_of(session_id))
    release_leases(
        *g, [&](const Lease& l) { return l.holder == session_id && l.pane_id == pane_id; },
        EventKind::kUnlock, nullptr);
}

void Coordinator::add_lock_waiter(LockWaiter w, long timeout_seconds) {
  uint64_t id = w.client_id;
  if (host_.park(id, timeout_seconds, [this, id] { lock_waiters_.erase(id); }))
    lock_waiters_[id] = std::move(w);
}

void Coordinator::wake_lock_waiters(Group& g) {
  // In arrival order (client ids grow); a grant may block the waiters after it.
  std::vector<uint64_t> ids;
  for (auto& [id, w] : lock_waiters_)
    if (w.group_id == g.id) ids.push_back(id);
  for (uint64_t id : ids) {
    auto it = lock_waiters_.find(id);
    if (it == lock_waiters_.end()) continue;
    int session_id = it->second.session_id;
    const LeaseRequest& req = it->second.request;
    bool free = std::none_of(req.paths.begin(), req.paths.end(), [&](const std::string& p) {
      return lease_conflict(g, session_id, p, req.shared) != nullptr;
    });
    if (!free) continue;
    LeaseRequest granted = req;
    lock_waiters_.erase(it);
    host_.resume(id, 0, grant_leases(g, session_id, granted), "");
  }
}

void Coordinator::end_lock_waiters(int session_id, const std::string& why) {
  std::vector<uint64_t> ids;
  for (auto& [id, w] : lock_waiters_)
    if (w.session_id == session_id) ids.push_back(id);
  for (uint64_t id : ids) {
    lock_waiters_.erase(id);
    host_.resume(id, 1, "", why);
  }
}

void Coordinator::schedule_expiry() {
  time_t next = 0;
  auto consider = [&](time_t t) {
    if (t != 0 && (next == 0 || t < next)) next = t;
  };
  for (Group* g : groups_.list()) {
    for (const Lease& l : g->leases) consider(l.expires);
    for (const auto& [key, e] : g->context) consider(e.expires);
  }
  host_.arm_expiry(next);
}

void Coordinator::run_expiry() {
  time_t t = host_.now();
  for (Group* g : groups_.list()) {
    uint64_t gid = g->id;
    release_leases(
        *g, [&](const Lease& l) { return l.expires <= t; }, EventKind::kExpire, nullptr);
    g = groups_.find(gid);
    if (g == nullptr) continue;
    std::vector<std::string> keys;
    for (const auto& [key, e] : g->context)
      if (e.expires != 0 && e.expires <= t) keys.push_back(key);
    for (const auto& key : keys) {
      Actor author = actor(g->context[key].author_id, g->context[key].author_name);
      groups_.unset(*g, {key}, t);
      key_removed(*g, key);
      emit(*g, GroupEvent::unset(author, key, "expired"));
    }
  }
  schedule_expiry();
}

}  // namespace amux
