// The Coordinator's core: membership, shared context, the event log and what it wakes
// (waiters, streams, hooks), and presence. Leases and messages are in their own files.
#include "amux/coord/coordinator.h"

#include <fnmatch.h>

#include <algorithm>

#include "amux/base/util.h"
#include "amux/coord/apply.h"

namespace amux {

Group* Coordinator::group_of(int session_id) {
  auto it = member_of_.find(session_id);
  return it == member_of_.end() ? nullptr : groups_.find(it->second);
}

std::string Coordinator::name_of(int session_id, const std::string& fallback) const {
  if (const RemotePeer* p = remote_peer(session_id)) return p->name;
  std::string name = session_id >= 0 ? host_.current_name(session_id) : "";
  return name.empty() ? fallback : name;
}

std::string Coordinator::who(int session_id, const std::string& fallback) const {
  return (is_pane_member(session_id) ? "member '" : "session '") + name_of(session_id, fallback) +
         "'";
}

Actor Coordinator::actor(int session_id, const std::string& fallback) const {
  return {session_id, name_of(session_id, fallback)};
}

// Compares every byte whatever differs first, so the time taken tells nothing of the key.
static bool same_key(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); i++)
    diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.size() + 1)]);
  return diff == 0;
}

bool Coordinator::join(int session_id, const std::string& name, std::string* error,
                       const std::string& key, uint64_t guesser) {
  if (Group* current = group_of(session_id)) {
    *error = who(session_id) + " is already in group '" + current->name + "'";
    return false;
  }
  Group* existing = groups_.find(name);
  if (existing != nullptr && !existing->join_key.empty()) {
    if (key.empty()) {
      *error = "group '" + name + "' needs a join key (ajoin -k key)";
      return conflict(*existing, session_id, "join", "", "no join key"), false;
    }
    auto who = std::make_pair(name, guesser);
    if (auto it = guesses_.find(who); it != guesses_.end()) {
      time_t left = it->second.locked_until - host_.now();
      if (left > 0) {
        *error = "too many wrong join keys for group '" + name + "': try again in " +
                 std::to_string(left) + "s";
        return false;
      }
    }
    if (!same_key(key, existing->join_key)) {
      *error = "wrong join key for group '" + name + "'";
      if (guesses_.size() >= 10000) guesses_.clear();  // bounded: a lockout may end early
      Guesses& g = guesses_[who];
      bool first = ++g.wrong == 1;
      if (g.wrong >= kJoinGuesses) g = {0, host_.now() + kJoinLockout};
      if (first) conflict(*existing, session_id, "join", "", "wrong join key");
      return false;
    }
    guesses_.erase(who);
  }
  if (existing != nullptr && existing->members.size() >= member_limit_) {
    std::string full = "full (" + std::to_string(member_limit_) + " members)";
    *error = "group '" + name + "' is " + full;
    return conflict(*existing, session_id, "join", "", "group " + full), false;
  }
  Group& g = groups_.get_or_create(name, host_.now());
  member_of_[session_id] = g.id;
  open_record(g, session_id);
  auto [type, objective] = host_.agent_meta(session_id);
  emit(g, GroupEvent::join(actor(session_id), type, objective));
  if (auto held = g.held_inbox.find(name_of(session_id)); held != g.held_inbox.end()) {
    g.inbox[session_id] = std::move(held->second);
    g.held_inbox.erase(held);
  }
  if (g.coordinator() == session_id) emit(g, GroupEvent::coordinator(actor(session_id)));
  return true;
}

// What a session leaves behind in its group goes first: its parked alock -w, its leases
// (other waiters wake), its ephemeral keys, its inbox and pending typing.
void Coordinator::drop_member_state(Group& g, int session_id) {
  // Its own parked alock -w ends first: the release below must not grant it a lease.
  end_lock_waiters(session_id,
                   who(session_id) + " left group '" + g.name + "'\n");
  release_leases(
      g, [&](const Lease& l) { return l.holder == session_id; }, EventKind::kUnlock, nullptr);
  std::vector<GroupEvent> gone;
  for (const auto& [key, e] : g.context)
    if (e.ephemeral && e.author_id == session_id)
      gone.push_back(GroupEvent::unset(actor(session_id), key, "ephemeral"));
  emit_all(g, std::move(gone));
  clear_inbox(g, session_id);
  host_.cancel_typing(session_id);
}

// A member's record: made on joining (the oldest past records beyond kMaxRoster go),
// closed on leaving with the time spent in its last state.
void Coordinator::open_record(Group& g, int session_id) {
  std::string name = name_of(session_id);
  auto retired = retired_.find({g.id, name});
  if (MemberRecord* r = retired != retired_.end() && continuing_
                            ? g.record_number(retired->second)
                            : nullptr;
      r != nullptr && r->left != 0) {
    // The same member, back after a restart: its record goes on from now (the time it
    // was gone counts in no state).
    retired_.erase(retired);
    const Presence& p = presence(session_id);
    r->left = 0;
    std::tie(r->type, r->objective) = host_.agent_meta(session_id);
    r->finished = finishing_state(p.state) ? r->finished : 0;
    r->state = p.state;
    r->note = p.note;
    r->state_since = host_.now();
    g.record_of[session_id] = r->number;
    if (stored(g)) store_->record_changed(g, *r);
    return;
  }
  while (g.roster.size() >= kMaxRoster && g.roster.front().left != 0) {
    if (stored(g)) store_->record_removed(g, g.roster.front().number);
    g.roster.pop_front();
  }
  MemberRecord r;
  r.number = g.roster.empty() ? 1 : g.roster.back().number + 1;
  r.name = name_of(session_id);
  std::tie(r.type, r.objective) = host_.agent_meta(session_id);
  const Presence& p = presence(session_id);
  r.state = p.state;
  r.note = p.note;
  r.joined = r.state_since = host_.now();  // a state it joins in finishes no task of its own
  g.record_of[session_id] = r.number;
  g.roster.push_back(std::move(r));
  if (stored(g)) store_->record_changed(g, g.roster.back());
}

void Coordinator::close_record(Group& g, MemberRecord& r) {
  r.settle(host_.now());
  r.left = host_.now();
  if (stored(g)) store_->record_changed(g, r);
}

LeaveResult Coordinator::leave(int session_id) {
  auto it = member_of_.find(session_id);
  if (it == member_of_.end()) return {};
  uint64_t gid = it->second;
  if (Group* g = groups_.find(gid); g != nullptr && !g->remote.empty()) {
    // The leave is Redis's to make (its parked alock -w end there); its event comes back
    // through the group's stream.
    member_of_.erase(it);
    host_.cancel_typing(session_id);
    if (remote_ != nullptr) remote_->session_left(*g, session_id);
    return {};
  }
  LeaveResult r;
  Group* g = groups_.find(gid);
  member_of_.erase(it);
  if (g == nullptr || !g->has_member(session_id)) return r;
  drop_member_state(*g, session_id);
  if (MemberRecord* rec = g->record(session_id)) close_record(*g, *rec);
  g->record_of.erase(session_id);
  r.group = g;
  r.was_coordinator = g->coordinator() == session_id;
  emit(*g, GroupEvent::leave(actor(session_id)));
  r.remaining = g->members.size();
  if (r.was_coordinator && !g->members.empty()) {
    r.new_coordinator = g->coordinator();
    emit(*g, GroupEvent::coordinator(actor(r.new_coordinator)));
  }
  return r;
}

bool Coordinator::delete_group(const std::string& name, std::string* error) {
  Group* g = groups_.find(name);
  if (g == nullptr) return *error = "can't find group: " + name, false;
  if (!g->members.empty()) {
    *error = "group '" + name + "' still has " + plural(g->members.size(), "member", "members");
    return false;
  }
  end_group_clients(g->id, "group '" + name + "' was deleted\n");
  if (store_ != nullptr) store_->group_removed(name);
  groups_.remove(name);
  return true;
}

void Coordinator::session_gone(int session_id) {
  leave(session_id);
  presence_.erase(session_id);
}

std::string Coordinator::check_versions(Group& g, const std::vector<std::string>& keys,
                                        uint64_t expected, int session_id) {
  for (const auto& key : keys) {
    auto it = g.context.find(key);
    uint64_t at = it == g.context.end() ? 0 : it->second.version;
    if (at == expected) continue;
    if (session_id >= 0)
      conflict(g, session_id, "cas", key,
               "at version " + std::to_string(at) + ", expected " + std::to_string(expected));
    return "version mismatch: key " + key + " is at version " + std::to_string(at);
  }
  return "";
}

void Coordinator::conflict(Group& g, int session_id, std::string what, std::string key,
                           std::string why) {
  tally(g, session_id, [&](MemberRecord& r) {
    if (what == "cas") r.cas_conflicts++;
    if (what == "lock") r.lock_conflicts++;
  });
  emit(g, GroupEvent::conflict(actor(session_id), std::move(what), std::move(key), std::move(why)));
}

void Coordinator::share(Group& g, int session_id, const KeyValues& pairs, ShareMode mode) {
  Actor who = actor(session_id);
  tally(g, session_id, [&](MemberRecord& r) { r.shares += pairs.size(); });
  auto event = [&](const std::pair<std::string, std::string>& pair) {
    GroupEvent e = GroupEvent::share(who, pair.first, pair.second);
    e.ephemeral = mode.ephemeral;
    e.expires = mode.expires;
    return e;
  };
  if (pairs.size() == 1) {  // the common case, without a list
    emit(g, event(pairs[0]));
  } else {
    std::vector<GroupEvent> events;
    for (const auto& pair : pairs) events.push_back(event(pair));
    emit_all(g, std::move(events));
  }
  if (mode.expires != 0) schedule_expiry();
}

void Coordinator::unset(Group& g, int session_id, const std::vector<std::string>& keys) {
  std::vector<GroupEvent> events;
  for (const auto& key : keys) events.push_back(GroupEvent::unset(actor(session_id), key));
  emit_all(g, std::move(events));
}

bool EventFilter::matches(const GroupEvent& e) const {
  if (kinds != 0 && (kinds & (1u << static_cast<unsigned>(e.kind))) == 0) return false;
  if (!author.empty() && e.session != author) return false;
  if (!own.empty() && e.session == own) return false;
  return key_glob.empty() || (!e.key.empty() && fnmatch(key_glob.c_str(), e.key.c_str(), 0) == 0);
}

bool EventFilter::set_kinds(const std::string& list, std::string* error) {
  kinds = 0;
  for (const std::string& name : split(list, ',')) {
    EventKind kind;
    if (!parse_event_kind(name, &kind))
      return *error = "unknown event kind: " + name + " (kinds: " + event_kind_names() + ")", false;
    kinds |= 1u << static_cast<int>(kind);
  }
  return true;
}

bool waiter_matches(const EventWaiter& w, const GroupEvent& e) {
  if (!w.filter.matches(e)) return false;
  if (w.messages && !(e.kind == EventKind::kMessage && e.target_id == w.session_id)) return false;
  return w.peer < 0 ||
         (e.kind == EventKind::kState && e.session_id == w.peer && e.value == w.state);
}

void Coordinator::emit(Group& g, GroupEvent e) {
  if (!g.remote.empty()) {  // Redis orders a remote group's events
    if (remote_ != nullptr) remote_->publish(g, e);
    return;
  }
  number_and_apply(g, e);
  deliver(g, e);
}

// Every event is numbered and applied before the first wakes anyone: a woken client that
// runs more commands sees all of them.
void Coordinator::emit_all(Group& g, std::vector<GroupEvent> events) {
  if (!g.remote.empty()) {
    for (const GroupEvent& e : events)
      if (remote_ != nullptr) remote_->publish(g, e);
    return;
  }
  for (GroupEvent& e : events) number_and_apply(g, e);
  for (const GroupEvent& e : events) deliver(g, e);
}

void Coordinator::number_and_apply(Group& g, GroupEvent& e) {
  e.seq = g.event_seq + 1;
  e.time = host_.now();
  e.version = g.version + (changes_version(g, e) ? 1 : 0);
  apply_event(g, e, event_limit_);
  stored_effect(g, e);
}

// What an applied event changed, told to the store (a lease renewed in place is told by
// grant_leases, which knows the grant it replaces).
void Coordinator::stored_effect(Group& g, const GroupEvent& e) {
  if (!stored(g)) return;
  switch (e.kind) {
    case EventKind::kJoin:
    case EventKind::kLeave: store_->group_changed(g, true); break;
    case EventKind::kShare: store_->key_written(g, e.key, g.context[e.key]); break;
    case EventKind::kUnset: store_->key_removed(g, e.key); break;
    case EventKind::kMessage:
      if (auto it = g.inbox.find(e.target_id); it != g.inbox.end() && !it->second.empty())
        store_->message_added(g, e.target, it->second.back());
      break;
    case EventKind::kRead: {
      Message read;
      read.seq = e.ref;
      store_->messages_removed(g, {read});
      break;
    }
    case EventKind::kLock: store_->lease_added(g, g.leases.back()); break;
    case EventKind::kUnlock:
    case EventKind::kExpire:
    case EventKind::kBreak:
    case EventKind::kGive: {
      Lease gone;
      gone.fence = e.fence;
      store_->lease_removed(g, gone);
      break;
    }
    default: break;
  }
}

void Coordinator::deliver(Group& g, const GroupEvent& e) {
  if (stored(g)) {
    store_->event_added(g, e);
    store_->group_changed(g);
    held_.push_back({g.id, e, hook_wanted(e)});
    return;
  }
  wake(g, e);
}

void Coordinator::turn_committed(bool ok) {
  // What a woken client runs next may make events of its own: they wait for their turn.
  std::vector<HeldEvent> held;
  held.swap(held_);
  if (!ok) return;
  for (const HeldEvent& h : held)
    if (Group* g = groups_.find(h.group_id)) wake(*g, h.event, h.hook);
}

void Coordinator::wake(Group& g, const GroupEvent& e, bool hook) {
  std::vector<uint64_t> woken, gone;
  for (auto& [id, w] : waiters_) {
    if (w.group_id != g.id) continue;
    if (e.kind == EventKind::kLeave && (e.session_id == w.session_id || e.session_id == w.peer))
      gone.push_back(id);
    else if (waiter_matches(w, e))
      woken.push_back(id);
  }
  std::vector<uint64_t> cut;
  for (auto& [id, st] : streams_)
    if (st.group_id == g.id && st.filter.matches(e) &&
        !host_.stream(id, event_line(g.name, e, st.json, st.format)))
      cut.push_back(id);
  for (uint64_t id : cut) streams_.erase(id);
  if (hook) queue_hook(g, e);
  host_.announce(g, e);
  // Resuming a client runs the rest of its command list, which may change the group:
  // everything needed is computed before the first resume.
  std::vector<std::pair<uint64_t, std::string>> replies;
  for (uint64_t id : woken) {
    replies.emplace_back(id, event_line(g.name, e, waiters_[id].json, ""));
    if (waiters_[id].cursor) set_cursor(g, waiters_[id].session_id, e.seq);
  }
  std::string left = (is_pane_member(e.session_id) ? "member '" : "session '") + e.session +
                     "' left group '" + g.name + "'\n";
  for (uint64_t id : woken) waiters_.erase(id);
  for (uint64_t id : gone) waiters_.erase(id);
  for (auto& [id, line] : replies) host_.resume(id, 0, line, "");
  for (uint64_t id : gone) host_.resume(id, 1, "", left);
}

void Coordinator::add_waiter(EventWaiter w, long timeout_seconds) {
  uint64_t id = w.client_id;
  if (host_.park(id, timeout_seconds, [this, id] { waiters_.erase(id); }))
    waiters_[id] = std::move(w);
}

void Coordinator::add_stream(EventStream s) {
  uint64_t id = s.client_id;
  if (host_.park(id, -1, [this, id] { streams_.erase(id); })) streams_[id] = std::move(s);
}

void Coordinator::forget_clients() {
  waiters_.clear();
  lock_waiters_.clear();
  streams_.clear();
}

static const Presence kNoPresence;

const Presence& Coordinator::presence(int session_id) const {
  auto it = presence_.find(session_id);
  return it == presence_.end() ? kNoPresence : it->second;
}

static std::string computed_state(const Presence& p) {
  if (p.activity == Activity::kDead) return "dead";
  if (!p.explicit_state.empty()) return p.explicit_state;
  return p.activity == Activity::kWorking ? "working" : "idle";
}

void Coordinator::announce_state(int session_id, bool always) {
  Presence& p = presence_[session_id];
  std::string state = computed_state(p);
  if (state == p.state && !always) return;
  p.state = state;
  if (Group* g = group_of(session_id)) {
    tally(*g, session_id, [&](MemberRecord& r) { r.enter_state(state, p.note, host_.now()); });
    emit(*g, GroupEvent::state(actor(session_id), state, p.note));
    p.seq = g->event_seq;
  }
}

void Coordinator::set_activity(int session_id, Activity activity) {
  presence_[session_id].activity = activity;
  announce_state(session_id, false);
}

void Coordinator::report(int session_id, GroupEvent e) {
  Group* g = group_of(session_id);
  if (g == nullptr) return;
  Actor who = actor(session_id);
  e.session_id = who.id;
  e.session = std::move(who.name);
  emit(*g, std::move(e));
}

void Coordinator::objective_changed(int session_id, const std::string& objective) {
  if (Group* g = group_of(session_id)) {
    tally(*g, session_id, [&](MemberRecord& r) { r.objective = objective; });
    emit(*g, GroupEvent::objective(actor(session_id), objective));
  }
}

Group& Coordinator::add_replica(const std::string& name, const std::string& url) {
  Group& g = groups_.get_or_create(name, host_.now());
  g.remote = url;
  return g;
}

void Coordinator::drop_replica(const std::string& name, const std::string& why) {
  if (Group* g = groups_.find(name); g != nullptr && !g->remote.empty()) {
    end_group_clients(g->id, why);
    groups_.remove(name);
  }
}

void Coordinator::replica_member(int session_id, const Group* g) {
  if (g != nullptr)
    member_of_[session_id] = g->id;
  else
    member_of_.erase(session_id);
}

void Coordinator::set_peer_presence(int id, std::string state, std::string note, uint64_t seq) {
  Presence& p = presence_[id];
  p.state = std::move(state);
  p.note = std::move(note);
  if (seq != 0) p.seq = seq;
}

void Coordinator::set_state(int session_id, std::string explicit_state, std::string note) {
  Presence& p = presence_[session_id];
  p.explicit_state = std::move(explicit_state);
  p.note = std::move(note);
  announce_state(session_id, true);
}

}  // namespace amux
