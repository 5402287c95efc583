// The replica of a remote group (see remote.h): ids for the members of other servers,
// the event a stream entry records and its effect on the group (apply_entry), and the
// reset from a snapshot.
#include <hiredis/hiredis.h>

#include <algorithm>

#include "amux/base/json.h"
#include "amux/coord/redis-reply.h"
#include "amux/coord/remote.h"

namespace amux {

using namespace reply;  // NOLINT: the reply readers are this file's vocabulary

int RemoteGroups::id_for(Group& g, const std::string& name, const std::string& server, int sid) {
  if (server == server_id_) {
    auto f = followed_.find(g.name);
    if (f != followed_.end()) {
      auto it = f->second->local.find(sid);
      if (it != f->second->local.end() && it->second == name) return sid;
    }
  }
  auto it = g.remote_ids.find(name);
  if (it != g.remote_ids.end() && it->second >= kRemoteIdBase) return it->second;
  int id = next_id_++;
  peers_[id].name = name;
  return id;
}

int RemoteGroups::member_id(const Group& g, const std::string& name) const {
  auto it = g.remote_ids.find(name);
  return it == g.remote_ids.end() ? -1 : it->second;
}

std::string RemoteGroups::member_name(const Group& g, int session_id) const {
  auto f = followed_.find(g.name);
  if (f == followed_.end()) return "";
  auto it = f->second->local.find(session_id);
  return it == f->second->local.end() ? "" : it->second;
}

const RemotePeer* RemoteGroups::peer(int id) const {
  if (id < kRemoteIdBase) return nullptr;
  auto it = peers_.find(id);
  return it == peers_.end() ? nullptr : &it->second;
}

// The event a stream entry's fields record, its names resolved to replica ids.
bool RemoteGroups::event_of(const Group& g, const std::map<std::string, std::string>& f,
                            GroupEvent* e) const {
  if (!parse_event_kind(get(f, "kind"), &e->kind)) return false;
  e->seq = number(get(f, "seq"));
  e->time = static_cast<time_t>(number(get(f, "time")));
  e->session = get(f, "actor");
  e->session_id = member_id(g, e->session);
  e->key = get(f, "key");
  e->value = get(f, "value");
  e->data = get(f, "data");
  e->target = get(f, "target");
  e->target_id = e->target.empty() ? -1 : member_id(g, e->target);
  e->fence = number(get(f, "fence"));
  e->ref = number(get(f, "ref"));
  // The limits every other door keeps: names, keys, paths, values and texts as a command
  // here would have taken them (a lying peer's entry is passed over).
  return check_session_name(e->session).empty() &&
         (e->target.empty() || check_session_name(e->target).empty()) &&
         e->key.size() <= kMaxValueLength && e->value.size() <= kMaxValueLength &&
         e->data.size() <= kMaxValueLength && e->seq < static_cast<uint64_t>(kMaxCount) &&
         e->fence < static_cast<uint64_t>(kMaxCount);
}

void RemoteGroups::apply_tail(Group& g, redisReply* events) {
  std::string name = g.name;
  for (size_t i = 0; i < count(events); i++) {
    Group* cur = coord_.find_group(name);
    if (cur == nullptr || cur->remote.empty() || !apply_entry(*cur, events->element[i], true))
      return;
  }
}

// One stream entry: the event it records, its effect on the replica, and (deliver) what
// it wakes. An entry already applied is skipped; one beyond a gap (the stream was trimmed
// past what this server read) makes the replica start again from a snapshot.
bool RemoteGroups::apply_entry(Group& g, redisReply* entry, bool deliver) {
  std::string id = text_of(item(entry, 0));
  auto f = pairs_of(item(entry, 1));
  uint64_t seq = number(get(f, "seq"));
  if (seq <= g.event_seq) {
    // A later entry with an old number: Redis lost the group (FLUSHALL, a restart without
    // persistence) and it starts again. The replica follows what Redis holds now.
    if (deliver && later_id(id, g.remote_last)) {
      resync(g.name, true);
      return false;
    }
    return true;
  }
  if (deliver && seq != g.event_seq + 1) {
    resync(g.name, false);
    return false;
  }
  GroupEvent e;
  if (!event_of(g, f, &e)) {  // not an entry amux writes: passed over, the order kept
    if (seq < static_cast<uint64_t>(kMaxCount)) g.event_seq = seq;
    g.remote_last = id;
    return true;
  }
  bool evicted = false;
  g.event_seq = seq;
  g.remote_last = id;
  g.version = number(get(f, "gv"));
  g.last_activity = e.time;
  switch (e.kind) {
    case EventKind::kJoin: {
      int sid = static_cast<int>(number(get(f, "sid")));
      e.session_id = id_for(g, e.session, get(f, "server"), sid);
      g.remote_ids[e.session] = e.session_id;
      if (std::find(g.members.begin(), g.members.end(), e.session_id) == g.members.end())
        g.members.push_back(e.session_id);
      if (e.session_id >= kRemoteIdBase) {
        RemotePeer& p = peers_[e.session_id];
        p.name = e.session;
        p.type = e.value;
        p.objective = e.data;
        p.host = get(f, "host");
        Presence& pr = coord_.presence_[e.session_id];
        pr.state = get(f, "state").empty() ? "idle" : get(f, "state");
        pr.note = get(f, "note");
      }
      break;
    }
    case EventKind::kLeave:
      // A member of this server it did not take out: another server ended it.
      if (auto fl = followed_.find(g.name); deliver && fl != followed_.end())
        if (auto it = fl->second->local.find(e.session_id);
            it != fl->second->local.end() && it->second == e.session)
          evicted = true;
      std::erase(g.members, e.session_id);
      g.remote_ids.erase(e.session);
      g.inbox.erase(e.session_id);
      break;
    case EventKind::kShare: {
      ContextEntry& c = g.context[e.key];
      c.value = e.value;
      c.author_id = e.session_id;
      c.author_name = e.session;
      c.time = e.time;
      c.version = number(get(f, "ver"));
      c.ephemeral = get(f, "eph") == "1";
      c.expires = static_cast<time_t>(number(get(f, "exp")));
      break;
    }
    case EventKind::kUnset: g.context.erase(e.key); break;
    case EventKind::kMessage:
      if (e.target_id >= 0 && e.target_id < kRemoteIdBase) {
        Message m;
        m.seq = e.seq;
        m.from_id = e.session_id;
        m.from = e.session;
        m.time = e.time;
        m.text = e.value;
        if (!parse_priority(e.data.empty() ? "normal" : e.data, &m.priority))
          m.priority = Priority::kNormal;
        m.reply_to = e.ref;
        g.inbox[e.target_id].push_back(std::move(m));
        if (get(f, "paste") == "1") coord_.host_.type_into_pane(e.target_id, e.value);
      }
      break;
    case EventKind::kRead:
      if (auto it = g.inbox.find(e.session_id); it != g.inbox.end())
        std::erase_if(it->second, [&](const Message& m) { return m.seq == e.ref; });
      break;
    case EventKind::kLock: {
      std::erase_if(g.leases,
                    [&](const Lease& l) { return l.path == e.key && l.holder_name == e.session; });
      Lease l;
      l.path = e.key;
      l.holder = e.session_id;
      l.holder_name = e.session;
      l.shared = e.data == "shared";
      l.fence = e.fence;
      l.expires = static_cast<time_t>(number(get(f, "exp")));
      if (get(f, "server") == server_id_) l.pane_id = pane_number(get(f, "pane"));
      g.leases.push_back(l);
      g.lease_fence = std::max(g.lease_fence, e.fence);
      break;
    }
    case EventKind::kUnlock:
    case EventKind::kExpire:
    case EventKind::kBreak:
      std::erase_if(g.leases,
                    [&](const Lease& l) { return l.path == e.key && l.fence == e.fence; });
      break;
    case EventKind::kState:
      if (e.session_id >= kRemoteIdBase) {
        Presence& pr = coord_.presence_[e.session_id];
        pr.state = e.value;
        pr.note = e.data;
        pr.seq = e.seq;
      }
      break;
    case EventKind::kObjective:
      if (e.session_id >= kRemoteIdBase) peers_[e.session_id].objective = e.value;
      break;
    default: break;
  }
  if (!deliver) {
    g.events.push_back(e);
    while (g.events.size() > coord_.event_limit_) g.events.pop_front();
    return true;
  }
  std::string name = g.name;
  coord_.deliver(g, e);
  if (evicted)
    coord_.host_.notify(e.session_id,
                        "[" + name + "] " + e.session +
                            " was ended by another server: no heartbeat of this server reached "
                            "Redis in time. Its leases and ephemeral keys are gone; it joins "
                            "again at the next heartbeat");
  if (e.kind == EventKind::kUnlock || e.kind == EventKind::kExpire || e.kind == EventKind::kLeave ||
      e.kind == EventKind::kBreak)
    if (Group* cur = coord_.find_group(name)) retry_lock_waits(*cur);
  return true;
}

// The replica starts again from what Redis holds now: members, context, leases, the local
// members' inboxes and the recent events. Events this replica had not seen yet (it fell
// behind, or its connection dropped) then wake its waiters; older ones are history.
void RemoteGroups::reset(Group& g, redisReply* snap) {
  uint64_t seen = g.event_seq;
  auto info = pairs_of(item(snap, 0));
  const redisReply* members = item(snap, 1);
  const redisReply* peers = item(snap, 2);
  g.members.clear();
  g.remote_ids.clear();
  g.context.clear();
  g.leases.clear();
  g.inbox.clear();
  g.events.clear();
  g.created = static_cast<time_t>(number(get(info, "created")));
  g.last_activity = static_cast<time_t>(number(get(info, "activity")));
  g.version = number(get(info, "version"));
  for (size_t i = 0; i < count(members); i++) {
    std::string name = text_of(item(members, i));
    if (!check_session_name(name).empty()) continue;  // not a name amux writes
    JsonPtr p = parse_json(text_of(item(peers, i)));
    int id = id_for(g, name, json_field(p.get(), "server"),
                    static_cast<int>(number(json_field(p.get(), "sid"))));
    g.members.push_back(id);
    g.remote_ids[name] = id;
    if (id >= kRemoteIdBase) {
      RemotePeer& rp = peers_[id];
      rp.name = name;
      rp.type = json_field(p.get(), "type");
      rp.objective = json_field(p.get(), "objective");
      rp.host = json_field(p.get(), "host");
      if (!check_objective(rp.objective).empty()) rp.objective.clear();
      Presence& pr = coord_.presence_[id];
      pr.state = json_field(p.get(), "state");
      if (pr.state.empty()) pr.state = "idle";
      pr.note = json_field(p.get(), "note");
    }
  }
  auto ctx = pairs_of(item(snap, 3));
  auto meta = pairs_of(item(snap, 4));
  for (auto& [key, value] : ctx) {
    if (!valid_key(key) || !check_value(key, value).empty()) continue;  // not amux's
    JsonPtr m = parse_json(meta[key]);
    ContextEntry& c = g.context[key];
    c.value = value;
    c.author_name = json_field(m.get(), "a");
    c.author_id = member_id(g, c.author_name);
    c.time = static_cast<time_t>(number(json_field(m.get(), "t")));
    c.version = number(json_field(m.get(), "v"));
    c.ephemeral = json_field(m.get(), "e") == "1";
    c.expires = static_cast<time_t>(number(json_field(m.get(), "x")));
  }
  const redisReply* leases = item(snap, 5);
  for (size_t i = 0; i < count(leases); i++) {
    JsonPtr j = parse_json(text_of(item(leases, i)));
    Lease l;
    l.path = json_field(j.get(), "path");
    l.holder_name = json_field(j.get(), "holder");
    l.holder = member_id(g, l.holder_name);
    l.fence = number(json_field(j.get(), "fence"));
    l.shared = json_field(j.get(), "shared") == "1";
    l.expires = static_cast<time_t>(number(json_field(j.get(), "expires")));
    if (l.holder >= 0 && l.holder < kRemoteIdBase)
      l.pane_id = pane_number(json_field(j.get(), "pane"));
    g.lease_fence = std::max(g.lease_fence, l.fence);
    g.leases.push_back(l);
  }
  std::sort(g.leases.begin(), g.leases.end(),
            [](const Lease& a, const Lease& b) { return a.fence < b.fence; });
  const redisReply* boxes = item(snap, 6);
  for (size_t i = 0; i + 1 < count(boxes); i += 2) {
    int to = member_id(g, text_of(item(boxes, i)));
    const redisReply* entries = item(boxes, i + 1);
    for (size_t k = 0; to >= 0 && k < count(entries); k++) {
      auto f = pairs_of(item(item(entries, k), 1));
      Message m;
      m.seq = number(get(f, "seq"));
      m.from = get(f, "from");
      m.from_id = member_id(g, m.from);
      m.time = static_cast<time_t>(number(get(f, "time")));
      m.text = get(f, "text");
      if (!parse_priority(get(f, "priority").empty() ? "normal" : get(f, "priority"), &m.priority))
        m.priority = Priority::kNormal;
      m.reply_to = number(get(f, "reply"));
      g.inbox[to].push_back(std::move(m));
    }
  }
  const redisReply* events = item(snap, 7);  // newest first
  g.event_seq = 0;
  g.remote_last = "0";
  for (size_t i = count(events); i-- > 0;) {
    redisReply* entry = events->element[i];
    auto f = pairs_of(item(entry, 1));
    // History only: the state above already holds what these did.
    GroupEvent e;
    if (!event_of(g, f, &e)) continue;
    g.events.push_back(e);
    while (g.events.size() > coord_.event_limit_) g.events.pop_front();
    g.remote_last = text_of(item(entry, 0));
  }
  g.event_seq = number(get(info, "seq"));
  if (seen == 0) return;
  std::vector<GroupEvent> missed;
  for (const GroupEvent& e : g.events)
    if (e.seq > seen) missed.push_back(e);
  std::string name = g.name;
  for (const GroupEvent& e : missed)
    if (Group* cur = coord_.find_group(name)) coord_.wake(*cur, e);
}

}  // namespace amux
