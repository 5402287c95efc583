// Durability in the Coordinator: what a restart restores (groups without members, their
// leases expired and ephemeral keys gone as events), how a failed write is undone (the
// stored state put back, matched to live sessions by name), and the few changes of
// stored state that do not pass through emit.
#include <algorithm>

#include "amux/coord/coordinator.h"

namespace amux {

void Coordinator::set_join_key(Group& g, std::string key) {
  g.join_key = std::move(key);
  changed(g);
}

void Coordinator::session_renamed(int session_id) {
  Group* g = group_of(session_id);
  if (g == nullptr) return;
  changed(*g, true);
  // The record and the read cursor follow the session to its new name.
  std::string name = name_of(session_id);
  if (MemberRecord* r = g->record(session_id); r != nullptr && r->name != name) {
    if (auto c = g->cursors.find(r->name); c != g->cursors.end()) {
      set_cursor(*g, session_id, c->second);
      if (store_ != nullptr) store_->cursor_removed(*g, r->name);
      g->cursors.erase(r->name);
    }
    tally(*g, session_id, [&](MemberRecord& rec) { rec.name = name; });
  }
  auto it = g->inbox.find(session_id);
  if (it != g->inbox.end() && store_ != nullptr)
    store_->messages_renamed(*g, name_of(session_id), it->second);
}

void Coordinator::end_group_clients(uint64_t group_id, const std::string& why) {
  std::vector<uint64_t> ids;
  for (auto& [id, w] : waiters_)
    if (w.group_id == group_id) ids.push_back(id);
  for (auto& [id, w] : lock_waiters_)
    if (w.group_id == group_id) ids.push_back(id);
  for (auto& [id, st] : streams_)
    if (st.group_id == group_id) ids.push_back(id);
  for (uint64_t id : ids) {
    waiters_.erase(id);
    lock_waiters_.erase(id);
    streams_.erase(id);
    host_.resume(id, 1, "", why);
  }
}

// What a member the restart took leaves behind, as if it had left: its leases expire, its
// ephemeral keys go, it leaves. name "": whatever no former member held.
static bool held_by(const std::string& holder, const std::string& name,
                    const std::vector<std::string>& members) {
  if (!name.empty()) return holder == name;
  return std::find(members.begin(), members.end(), holder) == members.end();
}

void Coordinator::retire_stored(Group& g, const std::string& name,
                                const std::vector<std::string>& members) {
  Actor who{-1, name};
  release_leases(
      g, [&](const Lease& l) { return held_by(l.holder_name, name, members); }, EventKind::kExpire,
      nullptr);
  std::vector<GroupEvent> gone;
  for (const auto& [key, e] : g.context)
    if (e.ephemeral && held_by(e.author_name, name, members))
      gone.push_back(GroupEvent::unset({-1, e.author_name}, key, "ephemeral"));
  for (GroupEvent& e : gone) emit(g, std::move(e));
  if (name.empty()) return;
  for (MemberRecord& r : g.roster)
    if (r.left == 0 && r.name == name) {
      close_record(g, r);
      retired_[{g.id, name}] = r.number;
    }
  emit(g, GroupEvent::leave(who));
}

uint64_t Coordinator::retired_record(const std::string& group, const std::string& name) {
  Group* g = groups_.find(group);
  auto it = g != nullptr ? retired_.find({g->id, name}) : retired_.end();
  return it != retired_.end() ? it->second : 0;
}

void Coordinator::restore(StoredState state, std::vector<std::string>* skipped) {
  for (StoredGroup& sg : state.groups) {
    if (groups_.find(sg.group.name) != nullptr) {
      skipped->push_back(sg.group.name);
      continue;
    }
    auto owned = std::make_unique<Group>(std::move(sg.group));
    owned->members.clear();
    owned->inbox.clear();
    owned->record_of.clear();
    while (owned->events.size() > event_limit_) owned->events.pop_front();
    Group& g = groups_.adopt(std::move(owned));
    changed(g, true);
    for (const std::string& name : sg.members) retire_stored(g, name, sg.members);
    retire_stored(g, "", sg.members);
    // Records left open by no stored member (a damaged file) are closed too.
    for (MemberRecord& r : g.roster)
      if (r.left == 0) close_record(g, r);
  }
  schedule_expiry();
}

// The stored group takes g's place, keeping g's id, its counters (never reused) and those
// of its members the store knew (by name, in the stored order); members that joined
// since are dropped.
void Coordinator::reload_group(Group& g, StoredGroup& sg) {
  std::map<std::string, int> live;
  for (int id : g.members) live[name_of(id)] = id;
  Group fresh = std::move(sg.group);
  fresh.id = g.id;
  // Numbers handed out in the failed turn are not handed out again.
  fresh.event_seq = std::max(fresh.event_seq, g.event_seq);
  fresh.version = std::max(fresh.version, g.version);
  fresh.lease_fence = std::max(fresh.lease_fence, g.lease_fence);
  fresh.members.clear();
  for (const std::string& name : sg.members)
    if (auto it = live.find(name); it != live.end()) {
      fresh.members.push_back(it->second);
      live.erase(it);
    }
  for (auto& [name, id] : live) member_of_.erase(id);
  std::map<std::string, int> by_name;
  for (int id : fresh.members) by_name[name_of(id)] = id;
  for (auto it = fresh.held_inbox.begin(); it != fresh.held_inbox.end();)
    if (auto m = by_name.find(it->first); m != by_name.end()) {
      fresh.inbox[m->second] = std::move(it->second);
      it = fresh.held_inbox.erase(it);
    } else {
      ++it;
    }
  fresh.record_of.clear();
  for (MemberRecord& r : fresh.roster)
    if (auto m = by_name.find(r.name); r.left == 0 && m != by_name.end())
      fresh.record_of[m->second] = r.number;
  std::erase_if(fresh.leases, [&](Lease& l) {
    auto m = by_name.find(l.holder_name);
    if (m != by_name.end()) l.holder = m->second;
    if (m == by_name.end() && store_ != nullptr) store_->lease_removed(fresh, l);
    return m == by_name.end();
  });
  g = std::move(fresh);
  changed(g, true);
}

bool Coordinator::import_group(std::unique_ptr<Group> g, bool replace, std::string* error) {
  if (groups_.find(g->name) != nullptr) {
    if (!replace) return *error = "group '" + g->name + "' exists (-f replaces it)", false;
    if (!delete_group(g->name, error)) return false;
  }
  while (g->events.size() > event_limit_) g->events.pop_front();
  Group& added = groups_.adopt(std::move(g));
  if (store_ != nullptr) store_->group_added(added);
  // As after a restart: the archive's members are not members here.
  for (MemberRecord& r : added.roster)
    if (r.left == 0) close_record(added, r);
  retire_stored(added, "", {});  // no one is a member: every ephemeral key goes
  schedule_expiry();
  return true;
}

void Coordinator::reload(StoredState state) {
  std::map<std::string, StoredGroup*> stored;
  for (StoredGroup& sg : state.groups) stored[sg.group.name] = &sg;
  for (Group* g : groups_.list()) {
    if (stored.count(g->name) != 0) continue;
    for (int id : g->members) member_of_.erase(id);
    end_group_clients(g->id, "group '" + g->name + "' was not saved\n");
    groups_.remove(g->name);
  }
  for (auto& [name, sg] : stored) {
    if (Group* g = groups_.find(name)) {
      reload_group(*g, *sg);
    } else {
      auto owned = std::make_unique<Group>(std::move(sg->group));
      owned->members.clear();
      changed(groups_.adopt(std::move(owned)), true);
    }
  }
  schedule_expiry();
}

}  // namespace amux
