// Remote groups (see remote.h): requests as Lua scripts on a link per Redis URL, the
// replica each server keeps (reset from a snapshot, then fed entry by entry from the
// group's stream), the reader that blocks in XREAD on a connection of its own, and the
// heartbeat that keeps this server's members and ends those of servers that stopped.
#include "amux/coord/remote.h"

#include <event2/event.h>
#include <hiredis/hiredis.h>

#include <algorithm>

#include "amux/base/json.h"
#include "amux/base/util.h"

namespace amux {

struct RemoteGroups::Link {
  RemoteGroups* owner = nullptr;
  std::unique_ptr<RedisConn> conn;
  EventPtr beat;
  std::set<std::string> groups;
  // Each script's SHA1 once Redis has it (SCRIPT LOAD): requests then send EVALSHA.
  std::map<RemoteScript, std::string> sha;
  std::set<RemoteScript> loading;
};

struct RemoteGroups::Followed {
  std::string url;
  std::map<int, std::string> local;  // local session id -> its name in the group
  std::unique_ptr<RedisConn> reader;
  bool reading = false;
  bool resyncing = false;  // a snapshot is on its way
};

namespace {

const char* const kUnexpectedReply = "redis: unexpected reply (is it a Redis server?)";

std::string text_of(const redisReply* r) {
  if (r == nullptr) return "";
  if (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS) return {r->str, r->len};
  if (r->type == REDIS_REPLY_INTEGER) return std::to_string(r->integer);
  return "";
}

const redisReply* item(const redisReply* r, size_t i) {
  if (r == nullptr || r->type != REDIS_REPLY_ARRAY || i >= r->elements) return nullptr;
  return r->element[i];
}

size_t count(const redisReply* r) {
  return r != nullptr && r->type == REDIS_REPLY_ARRAY ? r->elements : 0;
}

std::map<std::string, std::string> pairs_of(const redisReply* r) {
  std::map<std::string, std::string> m;
  for (size_t i = 0; i + 1 < count(r); i += 2) m[text_of(item(r, i))] = text_of(item(r, i + 1));
  return m;
}

uint64_t number(const std::string& s) {
  return s.empty() || s[0] == '-' ? 0 : strtoull(s.c_str(), nullptr, 10);
}

// Whether stream id a ("ms-n") comes after b ("0": none).
bool later_id(const std::string& a, const std::string& b) {
  auto parts = [](const std::string& id) {
    size_t dash = id.find('-');
    return std::pair<uint64_t, uint64_t>(
        number(id.substr(0, dash)), dash == std::string::npos ? 0 : number(id.substr(dash + 1)));
  };
  return parts(a) > parts(b);
}

int pane_number(const std::string& s) {
  return s.empty() ? -1 : static_cast<int>(strtol(s.c_str(), nullptr, 10));
}

std::string get(const std::map<std::string, std::string>& m, const char* key) {
  auto it = m.find(key);
  return it == m.end() ? "" : it->second;
}

// A JSON object's field as text (numbers without a fraction print as integers).
std::string json_field(const cJSON* o, const char* name) {
  const cJSON* v = cJSON_GetObjectItemCaseSensitive(o, name);
  if (v == nullptr) return "";
  if (cJSON_IsString(v)) return v->valuestring;
  if (cJSON_IsNumber(v)) return std::to_string(static_cast<long long>(v->valuedouble));
  if (cJSON_IsTrue(v)) return "1";
  return "";
}

JsonPtr parse_json(const std::string& text) {
  return JsonPtr(cJSON_ParseWithLength(text.data(), text.size()));
}

}  // namespace

RemoteGroups::RemoteGroups(struct event_base* base, Coordinator& coord, std::string host_name,
                           std::string server_id)
    : base_(base),
      coord_(coord),
      host_name_(std::move(host_name)),
      server_id_(std::move(server_id)) {}

RemoteGroups::~RemoteGroups() {
  *alive_ = false;
}

RemoteGroups::Link& RemoteGroups::link(const std::string& url) {
  auto& l = links_[url];
  if (!l) {
    l = std::make_unique<Link>();
    l->owner = this;
    RedisUrl u;
    std::string error;
    parse_redis_url(url, &u, &error);
    l->conn = std::make_unique<RedisConn>(base_, u, nullptr, nullptr);
    l->conn->start();
  }
  return *l;
}

void RemoteGroups::run(Link& l, const std::string& group, RemoteScript script,
                       std::vector<std::string> args,
                       std::function<void(redisReply*, const std::string&)> cb) {
  Group* g = coord_.find_group(group);
  const std::string& sha = l.sha[script];
  if (sha.empty() && l.loading.insert(script).second) {
    Link* lp = &l;
    l.conn->call({"SCRIPT", "LOAD", remote_script(script)},
                 [lp, script](redisReply* r, const std::string&) {
                   lp->loading.erase(script);
                   if (r != nullptr && r->type == REDIS_REPLY_STRING) lp->sha[script] = text_of(r);
                 });
  }
  std::vector<std::string> argv = {sha.empty() ? "EVAL" : "EVALSHA",
                                   sha.empty() ? remote_script(script) : sha,
                                   "1",
                                   "amux:{" + group + "}:",
                                   std::to_string(coord_.event_limit_),
                                   g != nullptr && !g->remote.empty() ? g->remote_last : "0",
                                   server_id_,
                                   group};
  std::vector<std::string> again = args;
  for (auto& a : args) argv.push_back(std::move(a));
  std::weak_ptr<bool> alive = alive_;
  Link* lp = &l;
  l.conn->call(argv, [this, alive, lp, group, script, again = std::move(again), cb = std::move(cb)](
                         redisReply* r, const std::string& error) mutable {
    if (alive.expired()) return;
    // A restarted Redis has forgotten the scripts: this one goes again in full.
    if (r == nullptr && error.rfind("redis: NOSCRIPT", 0) == 0) {
      lp->sha.erase(script);
      return run(*lp, group, script, std::move(again), std::move(cb));
    }
    cb(r, error);
  });
}

// A request's reply: {status, result, events}. The events are applied first, so what the
// caller prints next sees its own change.
void RemoteGroups::request(Group& g, RemoteScript script, std::vector<std::string> args,
                           RemoteDone done) {
  std::string name = g.name;
  run(link(g.remote), name, script, std::move(args),
      [this, name, done = std::move(done)](redisReply* r, const std::string& error) {
        RemoteResult res;
        if (r == nullptr) {
          res.error = error;
          if (done) done(res);
          return;
        }
        if (Group* g = coord_.find_group(name); g != nullptr && !g->remote.empty())
          apply_tail(*g, const_cast<redisReply*>(item(r, 2)));
        std::string status = text_of(item(r, 0));
        const redisReply* result = item(r, 1);
        res.ok = status == "ok";
        res.conflict = status == "conflict";
        if (status == "err") res.error = text_of(result);
        if (!res.ok && !res.conflict && res.error.empty())
          res.error = kUnexpectedReply;
        for (size_t i = 0; i < count(result); i++) {
          const redisReply* row = item(result, i);
          std::vector<std::string> cols;
          if (row->type == REDIS_REPLY_ARRAY)
            for (size_t j = 0; j < row->elements; j++) cols.push_back(text_of(row->element[j]));
          else
            cols.push_back(text_of(row));
          res.rows.push_back(std::move(cols));
        }
        if (done) done(res);
      });
}

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

void RemoteGroups::follow(Group& g) {
  auto& f = followed_[g.name];
  if (f->reader) return;
  std::string name = g.name;
  RedisUrl u;
  std::string error;
  parse_redis_url(g.remote, &u, &error);
  // The reader's first connection (and each one after a drop) starts from a snapshot.
  f->reader = std::make_unique<RedisConn>(
      base_, u, [this, name] { resync(name, true); },
      [this, name](const std::string&) {
        if (auto it = followed_.find(name); it != followed_.end()) it->second->reading = false;
      });
  f->reader->start();
  Link& l = link(g.remote);
  l.groups.insert(name);
  if (!l.beat) {
    l.beat.reset(event_new(
        base_, -1, EV_PERSIST,
        [](evutil_socket_t, short, void* arg) {
          guarded("remote heartbeat", [&] {
            auto* link = static_cast<Link*>(arg);
            link->owner->beat(*link);
          });
        },
        &l));
    timeval tv{kHeartbeatMs / 1000, (kHeartbeatMs % 1000) * 1000};
    event_add(l.beat.get(), &tv);
  }
}

// A snapshot replaces the replica. After a gap one older than the replica (the reader
// caught up meanwhile) is left alone; after a dropped connection it is taken whatever it
// holds (Redis may have restarted with less).
void RemoteGroups::resync(const std::string& name, bool reconnected) {
  auto f = followed_.find(name);
  Group* g = coord_.find_group(name);
  if (f == followed_.end() || g == nullptr || g->remote.empty()) return;
  if (f->second->resyncing && !reconnected) return;
  f->second->resyncing = true;
  std::vector<std::string> names;
  for (auto& [sid, n] : f->second->local) names.push_back(n);
  run(link(g->remote), name, RemoteScript::kSnapshot, names,
      [this, name, reconnected](redisReply* r, const std::string&) {
        auto f = followed_.find(name);
        Group* g = coord_.find_group(name);
        if (f == followed_.end() || g == nullptr || g->remote.empty()) return;
        f->second->resyncing = false;
        if (r == nullptr) return;
        const redisReply* snap = item(r, 2);
        if (reconnected || number(get(pairs_of(item(snap, 0)), "seq")) > g->event_seq)
          reset(*g, const_cast<redisReply*>(snap));
        read_next(name);
      });
}

void RemoteGroups::read_next(const std::string& name) {
  auto f = followed_.find(name);
  Group* g = coord_.find_group(name);
  if (f == followed_.end() || g == nullptr || f->second->reading || !f->second->reader ||
      !f->second->reader->connected())
    return;
  f->second->reading = true;
  std::weak_ptr<bool> alive = alive_;
  f->second->reader->call({"XREAD", "BLOCK", "5000", "COUNT", "1000", "STREAMS",
                           "amux:{" + name + "}:events", g->remote_last},
                          [this, alive, name](redisReply* r, const std::string&) {
                            if (alive.expired()) return;
                            auto f = followed_.find(name);
                            if (f == followed_.end()) return;
                            f->second->reading = false;
                            if (r == nullptr)
                              return;  // the reader reconnects and starts from a snapshot
                            if (Group* g = coord_.find_group(name);
                                g != nullptr && !g->remote.empty())
                              apply_tail(*g, const_cast<redisReply*>(item(item(r, 0), 1)));
                            read_next(name);
                          },
                          5000 + RedisConn::kReplyTimeoutMs);
}

void RemoteGroups::beat(Link& l) {
  for (const std::string& name : l.groups) {
    auto f = followed_.find(name);
    Group* g = coord_.find_group(name);
    if (f == followed_.end() || g == nullptr) continue;
    std::vector<std::string> args = {std::to_string(kMemberTtlMs), host_name_};
    for (auto& [sid, member] : f->second->local) {
      auto [type, objective] = coord_.host_.agent_meta(sid);
      const Presence& p = coord_.presence(sid);
      for (const std::string& v : {member, std::to_string(sid), type, objective, p.state, p.note})
        args.push_back(v);
    }
    request(*g, RemoteScript::kBeat, std::move(args), nullptr);
  }
}

void RemoteGroups::unfollow_if_unused(const std::string& name) {
  auto f = followed_.find(name);
  if (f == followed_.end() || !f->second->local.empty()) return;
  std::string url = f->second->url;
  followed_.erase(f);
  if (auto l = links_.find(url); l != links_.end()) {
    l->second->groups.erase(name);
    if (l->second->groups.empty()) l->second->beat.reset();
  }
  for (auto it = lock_waits_.begin(); it != lock_waits_.end();)
    it = it->second.group == name ? lock_waits_.erase(it) : std::next(it);
  if (Group* g = coord_.find_group(name); g != nullptr && !g->remote.empty()) {
    coord_.end_group_clients(g->id, "group '" + name + "' is no longer followed\n");
    coord_.groups_.remove(name);
  }
}

void RemoteGroups::join(const RemoteMember& member, const std::string& group,
                        const std::string& url, RemoteDone done) {
  if (Group* g = coord_.find_group(group); g != nullptr && g->remote != url) {
    RemoteResult res;
    res.error = g->remote.empty() ? "group '" + group + "' is a local group of this server"
                                  : "group '" + group + "' is on " + shown_redis_url(g->remote);
    return done(res);
  }
  std::vector<std::string> args = {member.name,
                                   host_name_,
                                   std::to_string(member.session_id),
                                   member.type,
                                   member.objective,
                                   member.state,
                                   member.note,
                                   std::to_string(coord_.member_limit_),
                                   std::to_string(kMemberTtlMs)};
  if (auto f = followed_.find(group); f != followed_.end())
    for (auto& [sid, n] : f->second->local) args.push_back(n);
  int sid = member.session_id;
  run(link(url), group, RemoteScript::kJoin, std::move(args),
      [this, group, url, sid, done = std::move(done)](redisReply* r, const std::string& error) {
        RemoteResult res;
        if (r == nullptr) {
          res.error = error;
          return done(res);
        }
        if (text_of(item(r, 0)) != "ok") {
          res.error = text_of(item(r, 0)) == "err" ? text_of(item(r, 1)) : kUnexpectedReply;
          return done(res);
        }
        res.ok = true;
        res.name = text_of(item(r, 1));
        Group* g = coord_.find_group(group);
        if (g == nullptr) {
          g = &coord_.groups_.get_or_create(group, coord_.host_.now());
          g->remote = url;
        }
        auto& f = followed_[group];
        if (!f) {
          f = std::make_unique<Followed>();
          f->url = url;
        }
        f->local[sid] = res.name;
        reset(*g, const_cast<redisReply*>(item(r, 2)));
        coord_.member_of_[sid] = g->id;
        follow(*g);
        done(res);
      });
}

void RemoteGroups::leave(Group& g, int session_id, RemoteDone done) {
  auto f = followed_.find(g.name);
  std::string name = member_name(g, session_id);
  if (f == followed_.end() || name.empty()) {
    RemoteResult res;
    res.error = "session is not in group '" + g.name + "'";
    return done(res);
  }
  f->second->local.erase(session_id);
  coord_.member_of_.erase(session_id);
  std::string group = g.name;
  // Its parked alock -w end first, as in a local group.
  std::vector<RemoteDone> ended;
  for (auto it = lock_waits_.begin(); it != lock_waits_.end();)
    if (it->second.group == group && it->second.session_id == session_id) {
      ended.push_back(std::move(it->second.done));
      it = lock_waits_.erase(it);
    } else {
      ++it;
    }
  RemoteResult left;
  left.error = "session '" + coord_.name_of(session_id) + "' left group '" + group + "'";
  for (auto& d : ended) d(left);
  request(g, RemoteScript::kLeave, {name}, [this, group, done](const RemoteResult& r) {
    if (done) done(r);
    unfollow_if_unused(group);
  });
}

void RemoteGroups::session_left(Group& g, int session_id) {
  leave(g, session_id, nullptr);
}

void RemoteGroups::share(Group& g, int session_id, const KeyValues& pairs, bool unset,
                         const std::string& expected, bool ephemeral, long seconds,
                         RemoteDone done) {
  std::vector<std::string> args = {member_name(g, session_id), expected, ephemeral ? "1" : "0",
                                   std::to_string(seconds), unset ? "1" : "0"};
  for (const auto& [key, value] : pairs) {
    args.push_back(key);
    if (!unset) args.push_back(value);
  }
  request(g, RemoteScript::kShare, std::move(args), std::move(done));
}

void RemoteGroups::send(Group& g, int session_id, const std::vector<int>& to,
                        const std::string& text, const std::string& priority, uint64_t reply_to,
                        bool paste, RemoteDone done) {
  std::vector<std::string> args = {member_name(g, session_id), text, priority,
                                   std::to_string(reply_to), paste ? "1" : "0"};
  for (int id : to) {
    std::string n = member_name(g, id);
    args.push_back(n.empty() ? coord_.name_of(id) : n);
  }
  request(g, RemoteScript::kSend, std::move(args), std::move(done));
}

void RemoteGroups::read(Group& g, int session_id, const std::vector<uint64_t>& ids,
                        RemoteDone done) {
  std::vector<std::string> args = {member_name(g, session_id)};
  for (uint64_t id : ids) args.push_back(std::to_string(id));
  request(g, RemoteScript::kRead, std::move(args), std::move(done));
}

void RemoteGroups::lock(Group& g, int session_id, const LeaseRequest& req, RemoteDone done) {
  std::vector<std::string> args = {member_name(g, session_id), req.shared ? "1" : "0",
                                   std::to_string(req.seconds), std::to_string(req.pane_id)};
  for (const auto& p : req.paths) args.push_back(p);
  request(g, RemoteScript::kLock, std::move(args), std::move(done));
}

void RemoteGroups::unlock(Group& g, int session_id, int pane, const std::vector<std::string>& paths,
                          RemoteDone done) {
  std::vector<std::string> args = {member_name(g, session_id), std::to_string(pane)};
  for (const auto& p : paths) args.push_back(p);
  request(g, RemoteScript::kUnlock, std::move(args), std::move(done));
}

void RemoteGroups::pane_gone(Group& g, int session_id, int pane_id) {
  if (std::any_of(g.leases.begin(), g.leases.end(),
                  [&](const Lease& l) { return l.holder == session_id && l.pane_id == pane_id; }))
    unlock(g, session_id, pane_id, {}, nullptr);
}

void RemoteGroups::lock_wait(Group& g, int session_id, uint64_t client, LeaseRequest req,
                             RemoteDone done) {
  lock_waits_[client] = LockWait{g.name, session_id, std::move(req), std::move(done), false};
  retry_lock_waits(g);
}

void RemoteGroups::retry_lock_waits(Group& g) {
  for (auto& [client, w] : lock_waits_) {
    if (w.group != g.name || w.trying) continue;
    w.trying = true;
    uint64_t id = client;
    lock(g, w.session_id, w.req, [this, id](const RemoteResult& r) {
      auto it = lock_waits_.find(id);
      if (it == lock_waits_.end()) return;
      it->second.trying = false;
      if (r.conflict) return;  // still held: the next release tries again
      RemoteDone done = std::move(it->second.done);
      lock_waits_.erase(it);
      done(r);
    });
  }
}

void RemoteGroups::publish(Group& g, const GroupEvent& e) {
  std::string actor = member_name(g, e.session_id);
  if (actor.empty()) return;
  std::vector<std::string> args = {event_kind_name(e.kind), actor};
  auto field = [&](const char* name, const std::string& v) {
    if (v.empty()) return;
    args.push_back(name);
    args.push_back(v);
  };
  field("key", e.key);
  field("value", e.value);
  field("data", e.data);
  field("target", e.target);
  request(g, RemoteScript::kEvent, std::move(args), nullptr);
}

}  // namespace amux
