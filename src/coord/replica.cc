// The replica of a remote group (see replica.h): ids for the members of other servers,
// the event a stream entry records and its effect on the group (apply_entry), and the
// reset from a snapshot.
#include <hiredis/hiredis.h>

#include <algorithm>
#include <cstring>

#include "amux/base/json.h"
#include "amux/coord/apply.h"
#include "amux/coord/records.h"
#include "amux/coord/redis-reply.h"
#include "amux/coord/replica.h"

namespace amux {

using namespace reply;  // NOLINT: the reply readers are this file's vocabulary

// A record's fields read from what Redis keeps (records.h); false when one is past its
// limits.
template <typename R, typename Lookup>
static bool redis_fields(void (*fields)(RecordReader&, R&), R& record, Lookup lookup) {
  RedisRecordReader reader(lookup);
  fields(reader, record);
  return reader.ok();
}

// Fields by name from a stream entry's or hash's pairs, or from a JSON object.
static auto from_map(const std::map<std::string, std::string>& f) {
  return [&f](const char* name, std::string* out) {
    auto it = f.find(name);
    if (it == f.end()) return false;
    *out = it->second;
    return true;
  };
}
static auto from_json(const cJSON* o) {
  return [o](const char* name, std::string* out) {
    *out = json_field(o, name);
    return true;
  };
}

int Replica::id_for(Group& g, const std::string& name, const std::string& server, int sid) {
  if (server == server_id_)
    if (const auto* local = local_(g.name))
      if (auto it = local->find(sid); it != local->end() && it->second == name) return sid;
  auto it = g.remote_ids.find(name);
  if (it != g.remote_ids.end() && it->second >= kRemoteIdBase) return it->second;
  int id = next_id_++;
  peers_[id].name = name;
  return id;
}

const RemotePeer* Replica::peer(int id) const {
  if (id < kRemoteIdBase) return nullptr;
  auto it = peers_.find(id);
  return it == peers_.end() ? nullptr : &it->second;
}

// The event a stream entry's fields record, its names resolved to replica ids.
bool Replica::event_of(const Group& g, const std::map<std::string, std::string>& f,
                       GroupEvent* e) const {
  // The limits every other door keeps (records.h): a lying peer's entry is passed over.
  if (!redis_fields(event_fields<RecordReader, GroupEvent>, *e, from_map(f))) return false;
  e->session_id = g.remote_id(e->session);
  e->target_id = e->target.empty() ? -1 : g.remote_id(e->target);
  // A lease dies with a pane of the server that asked for it.
  if (get(f, "server") == server_id_) e->pane_id = pane_number(get(f, "pane"));
  return true;
}

// One stream entry: the event it records, its effect on the replica, and what it wakes.
Replica::Step Replica::apply_entry(Group& g, const redisReply* entry, EventKind* kind) {
  return apply_fields(g, text_of(item(entry, 0)), pairs_of(item(entry, 1)), kind);
}

Replica::Step Replica::apply_fields(Group& g, const std::string& id,
                                    const std::map<std::string, std::string>& f, EventKind* kind) {
  uint64_t seq = number(get(f, "seq"));
  if (seq <= g.event_seq) return later_id(id, g.remote_last) ? Step::kLost : Step::kSeen;
  if (seq != g.event_seq + 1) return Step::kGap;
  GroupEvent e;
  if (!event_of(g, f, &e)) {  // not an entry amux writes: passed over, the order kept
    if (seq < static_cast<uint64_t>(kMaxCount)) g.event_seq = seq;
    g.remote_last = id;
    return Step::kPassed;
  }
  // What the replica keeps beside the group: the ids and presence of other servers'
  // members, and whether a member of this server was ended by another (one it took out
  // itself is no longer among its local members when the leave comes back).
  bool evicted = false;
  if (e.kind == EventKind::kJoin) {
    e.session_id = id_for(g, e.session, get(f, "server"), static_cast<int>(number(get(f, "sid"))));
    g.remote_ids[e.session] = e.session_id;
    if (e.session_id >= kRemoteIdBase)
      set_peer(e.session_id, e.session, e.value, e.data, get(f, "host"), get(f, "state"),
               get(f, "note"));
  } else if (e.kind == EventKind::kLeave) {
    if (const auto* local = local_(g.name))
      if (auto it = local->find(e.session_id); it != local->end() && it->second == e.session)
        evicted = true;
    g.remote_ids.erase(e.session);
  } else if (e.kind == EventKind::kState && e.session_id >= kRemoteIdBase) {
    coord_.set_peer_presence(e.session_id, e.value, e.data, e.seq);
  } else if (e.kind == EventKind::kObjective && e.session_id >= kRemoteIdBase) {
    peers_[e.session_id].objective = e.value;
  }
  g.remote_last = id;
  apply_event(g, e, coord_.event_limit());
  if (e.kind == EventKind::kMessage && e.paste && e.target_id >= 0 && e.target_id < kRemoteIdBase)
    coord_.host().type_into_pane(e.target_id, e.value);
  std::string name = g.name;
  coord_.replica_event(g, e);
  if (evicted)
    coord_.host().notify(e.session_id,
                         "[" + name + "] " + e.session +
                             " was ended by another server: no heartbeat of this server reached "
                             "Redis in time. Its leases and ephemeral keys are gone; it joins "
                             "again at the next heartbeat");
  *kind = e.kind;
  return Step::kApplied;
}

// A member of another server as its join or the snapshot describes it.
void Replica::set_peer(int id, const std::string& name, const std::string& type,
                       const std::string& objective, const std::string& host,
                       const std::string& state, const std::string& note) {
  RemotePeer& p = peers_[id];
  p.name = name;
  p.type = type;
  p.objective = check_objective(objective).empty() ? objective : "";
  p.host = host;
  coord_.set_peer_presence(id, state.empty() ? "idle" : state, note, 0);
}

// The replica starts again from what Redis holds now: members, context, leases, the local
// members' inboxes and the recent events. Events this replica had not seen yet (it fell
// behind, or its connection dropped) then wake its waiters; older ones are history.
void Replica::reset(Group& g, const redisReply* snap) {
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
  // Each item of the snapshot is read as the record it is (records.h; one past the
  // limits is passed over) and applied as the event that made it.
  for (size_t i = 0; i < count(members); i++) {
    GroupEvent e;
    e.kind = EventKind::kJoin;
    e.session = text_of(item(members, i));
    if (!check_session_name(e.session).empty()) continue;  // not a name amux writes
    JsonPtr p = parse_json(text_of(item(peers, i)));
    e.session_id = id_for(g, e.session, json_field(p.get(), "server"),
                          static_cast<int>(number(json_field(p.get(), "sid"))));
    g.remote_ids[e.session] = e.session_id;
    if (e.session_id >= kRemoteIdBase)
      set_peer(e.session_id, e.session, json_field(p.get(), "type"),
               json_field(p.get(), "objective"), json_field(p.get(), "host"),
               json_field(p.get(), "state"), json_field(p.get(), "note"));
    apply_effect(g, e);
  }
  auto ctx = pairs_of(item(snap, 3));
  auto meta = pairs_of(item(snap, 4));
  for (const auto& kv : ctx) {  // (clang 14 captures no structured binding)
    const std::string& key = kv.first;
    const std::string& value = kv.second;
    JsonPtr m = parse_json(meta[key]);
    ContextEntry c;
    auto fields = [&](const char* name, std::string* out) {
      if (strcmp(name, "value") != 0)
        *out = json_field(m.get(), name);
      else
        out->assign(value.data(), value.size());
      return true;
    };
    if (!valid_key(key) || !check_value(key, value).empty() ||
        !redis_fields(context_fields<RecordReader, ContextEntry>, c, fields))
      continue;  // not amux's
    GroupEvent e = GroupEvent::share({g.remote_id(c.author_name), c.author_name}, key, c.value);
    e.time = c.time;
    e.version = c.version;
    e.ephemeral = c.ephemeral;
    e.expires = c.expires;
    apply_effect(g, e);
  }
  const redisReply* leases = item(snap, 5);
  for (size_t i = 0; i < count(leases); i++) {
    JsonPtr j = parse_json(text_of(item(leases, i)));
    Lease l;
    if (!redis_fields(lease_fields<RecordReader, Lease>, l, from_json(j.get()))) continue;
    GroupEvent e =
        GroupEvent::lock({g.remote_id(l.holder_name), l.holder_name}, l.path, l.fence, l.shared);
    e.expires = l.expires;
    // A lease dies with a pane of this server (another server's pane means nothing here).
    if (e.session_id >= 0 && e.session_id < kRemoteIdBase) e.pane_id = l.pane_id;
    apply_effect(g, e);
  }
  std::sort(g.leases.begin(), g.leases.end(),
            [](const Lease& a, const Lease& b) { return a.fence < b.fence; });
  const redisReply* boxes = item(snap, 6);
  for (size_t i = 0; i + 1 < count(boxes); i += 2) {
    Actor to{-1, text_of(item(boxes, i))};
    to.id = g.remote_id(to.name);
    const redisReply* entries = item(boxes, i + 1);
    for (size_t k = 0; to.id >= 0 && k < count(entries); k++) {
      Message m;
      if (!redis_fields(message_fields<RecordReader, Message>, m,
                        from_map(pairs_of(item(item(entries, k), 1)))))
        continue;
      GroupEvent e = GroupEvent::message(
          {g.remote_id(m.from), m.from}, to, m.text,
          m.priority == Priority::kNormal ? "" : priority_name(m.priority), m.reply_to);
      e.seq = m.seq;
      e.time = m.time;
      apply_effect(g, e);
    }
  }
  g.created = static_cast<time_t>(number(get(info, "created")));
  g.last_activity = static_cast<time_t>(number(get(info, "activity")));
  g.version = number(get(info, "version"));
  const redisReply* events = item(snap, 7);  // newest first
  g.remote_last = "0";
  for (size_t i = count(events); i-- > 0;) {
    const redisReply* entry = events->element[i];
    auto f = pairs_of(item(entry, 1));
    // History only: the state above already holds what these did.
    GroupEvent e;
    if (!event_of(g, f, &e)) continue;
    g.events.push_back(e);
    while (g.events.size() > coord_.event_limit()) g.events.pop_front();
    g.remote_last = text_of(item(entry, 0));
  }
  g.event_seq = number(get(info, "seq"));
  if (seen == 0) return;
  std::vector<GroupEvent> missed;
  for (const GroupEvent& e : g.events)
    if (e.seq > seen) missed.push_back(e);
  std::string name = g.name;
  for (const GroupEvent& e : missed)
    if (Group* cur = coord_.find_group(name)) coord_.replica_replayed(*cur, e);
}

}  // namespace amux
