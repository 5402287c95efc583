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

const Lease* lease_conflict(const Group& g, int session_id, const std::string& path, bool shared,
                            const Lease* ignore) {
  for (const Lease& l : g.leases)
    if (&l != ignore && l.holder != session_id && !(shared && l.shared) &&
        paths_overlap(l.path, path))
      return &l;
  return nullptr;
}

std::string lease_remaining(const Lease& l, time_t now) {
  return std::to_string(l.expires > now ? l.expires - now : 0) + "s";
}

std::string lease_conflict_error(const Lease& l, const std::string& holder, time_t now) {
  return "path '" + l.path + "' is locked by " + holder + " (expires in " +
         lease_remaining(l, now) + ")";
}

std::string Coordinator::grant_leases(Group& g, int session_id, const LeaseRequest& req) {
  std::string out;
  time_t t = host_.now();
  Actor who = actor(session_id);
  for (const std::string& path : req.paths) {
    // Asking again renews: the lock event replaces the old grant (of this session, on
    // this exact path), which the store is told of here.
    for (const Lease& l : g.leases)
      if (l.holder == who.id && l.path == path && stored(g)) store_->lease_removed(g, l);
    GroupEvent e = GroupEvent::lock(who, path, g.lease_fence + 1, req.shared);
    e.expires = t + req.seconds;
    e.pane_id = req.pane_id;
    emit(g, e);
    const Lease& l = g.leases.back();
    out += "Locked in group '" + g.name + "': " + path + " (" + (l.shared ? "shared, " : "") +
           "fence " + std::to_string(l.fence) + ", expires in " + lease_remaining(l, t) + ")\n";
  }
  tally(g, session_id, [&](MemberRecord& r) { r.leases += req.paths.size(); });
  schedule_expiry();
  return out;
}

void Coordinator::release_leases(Group& g, const std::function<bool(const Lease&)>& which,
                                 EventKind kind, std::string* out) {
  std::vector<Lease> gone;
  std::copy_if(g.leases.begin(), g.leases.end(), std::back_inserter(gone), which);
  for (const Lease& l : gone) {
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
  if (Group* g = group_of(session_id); g != nullptr && !g->remote.empty()) {
    if (remote_ != nullptr) remote_->pane_gone(*g, session_id, pane_id);
  } else if (g != nullptr) {
    release_leases(
        *g, [&](const Lease& l) { return l.holder == session_id && l.pane_id == pane_id; },
        EventKind::kUnlock, nullptr);
  }
}

void Coordinator::add_lock_waiter(LockWaiter w, long timeout_seconds) {
  uint64_t id = w.client_id;
  w.since = host_.now();
  if (host_.park(id, timeout_seconds, [this, id] { lock_waiters_.erase(id); }))
    lock_waiters_[id] = std::move(w);
}

// A parked alock -w was granted: how long it waited goes into the member's record.
void Coordinator::record_wait(Group& g, int session_id, time_t since) {
  int64_t waited = std::max<int64_t>(0, host_.now() - since);
  tally(g, session_id, [&](MemberRecord& r) {
    if (r.waits.size() >= kMaxRecordWaits) r.waits.erase(r.waits.begin());
    r.waits.push_back(waited);
  });
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
    record_wait(g, session_id, it->second.since);
    lock_waiters_.erase(it);
    host_.resume(id, 0, grant_leases(g, session_id, granted), "");
  }
}

bool Coordinator::break_leases(Group& g, int by, const std::string& path, std::string* out,
                               std::string* error) {
  std::vector<Lease> broken;
  for (const Lease& l : g.leases)
    if (l.path == path && l.holder != by) broken.push_back(l);
  if (broken.empty()) return *error = "path '" + path + "' is not locked by another session", false;
  // The counter moves past every fence handed out: a storage that checks fences refuses
  // the old holder's writes from now on.
  uint64_t fence = g.lease_fence + 1;
  Actor breaker = actor(by);
  for (const Lease& l : broken) {
    Actor holder = actor(l.holder, l.holder_name);
    GroupEvent e = GroupEvent::lease_break(breaker, holder, l.path, l.fence);
    e.fence_counter = fence;
    emit(g, std::move(e));
    if (g.has_member(l.holder))
      send_message(g, breaker, l.holder,
                   "lease on '" + l.path + "' (fence " + std::to_string(l.fence) + ") broken by " +
                       breaker.name);
    *out += "Broke in group '" + g.name + "': " + l.path + " held by " + holder.name + " (fence " +
            std::to_string(l.fence) + ", fence now " + std::to_string(fence) + ")\n";
  }
  changed(g);
  wake_lock_waiters(g);
  schedule_expiry();
  return true;
}

bool Coordinator::give_lease(Group& g, int from, const std::string& path, int to, std::string* out,
                             std::string* error) {
  auto held = std::find_if(g.leases.begin(), g.leases.end(),
                           [&](const Lease& l) { return l.holder == from && l.path == path; });
  if (held == g.leases.end())
    return *error = "path '" + path + "' is not locked by " + who(from), false;
  auto waiter = std::find_if(lock_waiters_.begin(), lock_waiters_.end(), [&](const auto& kv) {
    const LockWaiter& w = kv.second;
    return w.group_id == g.id && w.session_id == to &&
           std::any_of(w.request.paths.begin(), w.request.paths.end(),
                       [&](const std::string& p) { return paths_overlap(p, path); });
  });
  if (waiter == lock_waiters_.end())
    return *error = who(to) + " is not waiting for '" + path + "'", false;
  const LeaseRequest& req = waiter->second.request;
  for (const std::string& p : req.paths)
    if (const Lease* l = lease_conflict(g, to, p, req.shared, &*held))
      return *error = who(to) + " also waits for '" + p +
                      "' (locked by " + who(l->holder, l->holder_name) + ")",
             false;
  Lease given = *held;
  emit(g, GroupEvent::give(actor(from), actor(to), given.path, given.fence));
  uint64_t client = waiter->first;
  LeaseRequest granted = req;
  record_wait(g, to, waiter->second.since);
  lock_waiters_.erase(waiter);
  std::string lines = grant_leases(g, to, granted);
  uint64_t fence = 0;
  for (const Lease& l : g.leases)
    if (l.holder == to && paths_overlap(l.path, path)) fence = std::max(fence, l.fence);
  *out += "Gave in group '" + g.name + "': " + path + " to " + name_of(to) + " (fence " +
          std::to_string(fence) + ")\n";
  host_.resume(client, 0, lines, "");
  return true;
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
    if (!g->remote.empty()) continue;  // Redis expires a remote group's leases and keys
    for (const Lease& l : g->leases) consider(l.expires);
    for (const auto& [key, e] : g->context) consider(e.expires);
  }
  host_.arm_expiry(next);
}

void Coordinator::run_expiry() {
  time_t t = host_.now();
  for (Group* g : groups_.list()) {
    if (!g->remote.empty()) continue;
    uint64_t gid = g->id;
    release_leases(
        *g, [&](const Lease& l) { return l.expires <= t; }, EventKind::kExpire, nullptr);
    g = groups_.find(gid);
    if (g == nullptr) continue;
    std::vector<GroupEvent> gone;
    for (const auto& [key, e] : g->context)
      if (e.expires != 0 && e.expires <= t)
        gone.push_back(GroupEvent::unset(actor(e.author_id, e.author_name), key, "expired"));
    for (GroupEvent& e : gone) emit(*g, std::move(e));
  }
  schedule_expiry();
}

}  // namespace amux
