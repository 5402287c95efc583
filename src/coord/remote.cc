// Remote groups (see remote.h): requests as Lua scripts on a link per Redis URL, the
// reader subscribed on a connection of its own to the events other servers' scripts send
// this one, which feeds the replica (replica.cc applies what it reads) with the events
// each request's answer brings, and the heartbeat that keeps this server's members and
// ends those of servers that stopped.
#include "amux/coord/remote.h"

#include <event2/event.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <deque>
#include <set>

#include "amux/base/json.h"
#include "amux/base/util.h"
#include "amux/coord/redis-reply.h"

namespace amux {

using namespace reply;  // NOLINT: the reply readers are this file's vocabulary

// A Redis URL's connection and heartbeat, and a group this server follows (its local
// members, its reader).
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
  // Subscribed to amux:{GROUP}:to:SERVER: the events of the other servers' scripts, one
  // message a script, as they happen. This server's own come in its answers.
  std::unique_ptr<RedisConn> reader;
  int resyncing = 0;  // snapshots on their way
  // A read of the stream after a gap (the answer and the message that fill it come on two
  // connections, in either order), and whether another gap came while it was on its way.
  bool catching_up = false, again = false;
  // A message came, or a gap was seen, while a snapshot was on its way: the message may be
  // newer than the snapshot (it came on the other connection), so it was let go, and the
  // stream is read once the snapshot is in.
  bool missed = false;
  // Requests Redis answered whose events wait behind a gap: each waits until the replica
  // has its last event (by stream id), so what its client runs next sees its change.
  std::deque<std::pair<std::string, std::function<void()>>> settling;
};

RemoteGroups::RemoteGroups(struct event_base* base, Coordinator& coord, std::string host_name,
                           std::string server_id)
    : base_(base),
      coord_(coord),
      host_name_(std::move(host_name)),
      server_id_(std::move(server_id)),
      replica_(coord, server_id_, [this](const std::string& group) {
        auto f = followed_.find(group);
        return f == followed_.end() ? nullptr : &f->second->local;
      }) {}

std::string RemoteGroups::member_name(const Group& g, int session_id) const {
  auto f = followed_.find(g.name);
  if (f == followed_.end()) return "";
  auto it = f->second->local.find(session_id);
  return it == f->second->local.end() ? "" : it->second;
}

template <typename Apply>
void RemoteGroups::apply_each(const std::string& name, size_t n, Apply apply, bool from_stream) {
  for (size_t i = 0; i < n; i++) {
    Group* cur = coord_.find_group(name);
    if (cur == nullptr || cur->remote.empty()) return;
    EventKind kind;
    switch (apply(*cur, i, &kind)) {
      // Events between these and the replica's are on their way on the other connection,
      // or were missed: the stream has them. A gap in the stream itself (trimmed) takes a
      // snapshot.
      case Replica::Step::kGap: return from_stream ? resync(name, false) : catch_up(name);
      case Replica::Step::kLost: return resync(name, true);
      case Replica::Step::kApplied:
        if (kind == EventKind::kUnlock || kind == EventKind::kExpire || kind == EventKind::kLeave ||
            kind == EventKind::kBreak)
          if (Group* now = coord_.find_group(name)) retry_lock_waits(*now);
        break;
      default: break;
    }
  }
  settle(name, false);
}

void RemoteGroups::apply_tail(Group& g, const redisReply* events, bool from_stream) {
  apply_each(
      g.name, count(events),
      [&](Group& cur, size_t i, EventKind* kind) {
        return replica_.apply_entry(cur, events->element[i], kind);
      },
      from_stream);
}

// A published entry: ["id", ["field", "value", ...]].
static bool entry_of(const cJSON* e, std::string* id, std::map<std::string, std::string>* f) {
  const cJSON* fields = cJSON_GetArrayItem(e, 1);
  if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) != 2 || !cJSON_IsString(e->child) ||
      !cJSON_IsArray(fields))
    return false;
  *id = e->child->valuestring;
  for (const cJSON* k = fields->child; k != nullptr; k = k->next->next) {
    if (k->next == nullptr || !cJSON_IsString(k) || !cJSON_IsString(k->next)) return false;
    (*f)[k->valuestring] = k->next->valuestring;
  }
  return true;
}

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
                                   std::to_string(coord_.event_limit()),
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
          apply_tail(*g, item(r, 2), false);
        std::string status = text_of(item(r, 0));
        const redisReply* result = item(r, 1);
        res.ok = status == "ok";
        res.conflict = status == "conflict";
        if (status == "err") res.error = text_of(result);
        const redisReply* applied = item(r, 3);
        if (applied != nullptr && applied->type == REDIS_REPLY_INTEGER)
          res.applied = static_cast<size_t>(std::max(0LL, applied->integer));
        if (!res.ok && !res.conflict && res.error.empty()) res.error = kUnexpected;
        for (size_t i = 0; i < count(result); i++) {
          const redisReply* row = item(result, i);
          std::vector<std::string> cols;
          if (row->type == REDIS_REPLY_ARRAY)
            for (size_t j = 0; j < row->elements; j++) cols.push_back(text_of(row->element[j]));
          else
            cols.push_back(text_of(row));
          res.rows.push_back(std::move(cols));
        }
        // Events held behind a gap: the answer waits until the replica has the last.
        const redisReply* events = item(r, 2);
        std::string last = text_of(item(item(events, count(events) - 1), 0));
        Group* now = coord_.find_group(name);
        auto f = followed_.find(name);
        if (done && !last.empty() && now != nullptr && !now->remote.empty() &&
            later_id(last, now->remote_last) && f != followed_.end()) {
          f->second->settling.emplace_back(last, [done, res] { done(res); });
          return;
        }
        if (done) done(res);
      });
}

void RemoteGroups::follow(Group& g) {
  auto& f = followed_[g.name];
  if (f->reader) return;
  std::string name = g.name;
  RedisUrl u;
  std::string error;
  parse_redis_url(g.remote, &u, &error);
  f->reader = std::make_unique<RedisConn>(base_, u, nullptr,
                                          [this, name](const std::string&) { settle(name, true); });
  f->reader->subscribe("amux:{" + name + "}:to:" + server_id_,
                       [this, name](const redisReply* payload) { heard(name, payload); });
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
  f->second->resyncing++;
  std::vector<std::string> names;
  for (auto& [sid, n] : f->second->local) names.push_back(n);
  run(link(g->remote), name, RemoteScript::kSnapshot, names,
      [this, name, reconnected](redisReply* r, const std::string&) {
        auto f = followed_.find(name);
        Group* g = coord_.find_group(name);
        if (f == followed_.end() || g == nullptr || g->remote.empty()) return;
        if (f->second->resyncing > 0) f->second->resyncing--;
        bool missed = f->second->resyncing == 0 && std::exchange(f->second->missed, false);
        if (r == nullptr) return settle(name, true);
        const redisReply* snap = item(r, 2);
        if (reconnected || number(get(pairs_of(item(snap, 0)), "seq")) > g->event_seq)
          replica_.reset(*g, snap);
        settle(name, false);
        if (missed) catch_up(name);
      });
}

// The reader's subscription took (payload null), or a message: another server's script's
// events. Each subscription (the first, and each after a reconnect) starts from a snapshot,
// as what was published before it is not heard. An empty list, or one that does not parse,
// says: read the stream.
void RemoteGroups::heard(const std::string& name, const redisReply* payload) {
  auto f = followed_.find(name);
  Group* g = coord_.find_group(name);
  if (f == followed_.end() || g == nullptr || g->remote.empty()) return;
  if (payload == nullptr) return resync(name, true);
  // Applied now, a message newer than a snapshot on its way would be undone by it (and
  // delivered twice): the stream is read after the snapshot instead.
  if (f->second->resyncing) return catch_up(name);
  JsonPtr events(cJSON_ParseWithLength(payload->str, payload->len));
  std::vector<const cJSON*> list;
  if (cJSON_IsArray(events.get()))
    for (const cJSON* e = events->child; e != nullptr; e = e->next) list.push_back(e);
  if (list.empty()) return catch_up(name);
  // An entry that is not one is a gap: the stream has what it should have been.
  apply_each(
      name, list.size(),
      [&](Group& cur, size_t i, EventKind* kind) {
        std::string id;
        std::map<std::string, std::string> f;
        if (!entry_of(list[i], &id, &f)) return Replica::Step::kGap;
        return replica_.apply_fields(cur, id, f, kind);
      },
      false);
}

void RemoteGroups::catch_up(const std::string& name) {
  auto f = followed_.find(name);
  Group* g = coord_.find_group(name);
  if (f == followed_.end() || g == nullptr || g->remote.empty()) return;
  if (f->second->resyncing) {  // after the snapshot
    f->second->missed = true;
    return;
  }
  if (f->second->catching_up) {
    f->second->again = true;
    return;
  }
  f->second->catching_up = true;
  std::string from = g->remote_last == "0" ? "-" : "(" + g->remote_last;
  std::weak_ptr<bool> alive = alive_;
  link(g->remote).conn->call(
      {"XRANGE", "amux:{" + name + "}:events", from, "+", "COUNT", std::to_string(kCatchUp)},
      [this, alive, name](redisReply* r, const std::string&) {
        if (alive.expired()) return;
        auto f = followed_.find(name);
        Group* g = coord_.find_group(name);
        if (f == followed_.end()) return;
        f->second->catching_up = false;
        bool again = std::exchange(f->second->again, false);
        if (g == nullptr || g->remote.empty()) return;
        if (r == nullptr) return settle(name, true);  // Redis is gone: the answers go now
        apply_tail(*g, r, true);
        if (again || count(r) == kCatchUp) catch_up(name);
      });
}

void RemoteGroups::settle(const std::string& name, bool all) {
  auto f = followed_.find(name);
  if (f == followed_.end()) return;
  Group* g = coord_.find_group(name);
  std::vector<std::function<void()>> ready;
  auto& q = f->second->settling;
  while (!q.empty() && (all || g == nullptr || !later_id(q.front().first, g->remote_last))) {
    ready.push_back(std::move(q.front().second));
    q.pop_front();
  }
  for (auto& done : ready) done();
}

void RemoteGroups::beat(Link& l) {
  for (const std::string& name : l.groups) {
    auto f = followed_.find(name);
    Group* g = coord_.find_group(name);
    if (f == followed_.end() || g == nullptr) continue;
    std::vector<std::string> args = {std::to_string(kMemberTtlMs), host_name_};
    for (auto& [sid, member] : f->second->local) {
      auto [type, objective] = coord_.host().agent_meta(sid);
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
  auto settling = std::move(f->second->settling);
  followed_.erase(f);
  for (auto& [id, done] : settling) done();
  if (auto l = links_.find(url); l != links_.end()) {
    l->second->groups.erase(name);
    if (l->second->groups.empty()) l->second->beat.reset();
  }
  for (auto it = lock_waits_.begin(); it != lock_waits_.end();)
    it = it->second.group == name ? lock_waits_.erase(it) : std::next(it);
  coord_.drop_replica(name, "group '" + name + "' is no longer followed\n");
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
                                   std::to_string(coord_.member_limit()),
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
          res.error = text_of(item(r, 0)) == "err" ? text_of(item(r, 1)) : kUnexpected;
          return done(res);
        }
        res.ok = true;
        res.name = text_of(item(r, 1));
        Group* g = coord_.find_group(group);
        if (g == nullptr) g = &coord_.add_replica(group, url);
        auto& f = followed_[group];
        if (!f) {
          f = std::make_unique<Followed>();
          f->url = url;
        }
        f->local[sid] = res.name;
        replica_.reset(*g, item(r, 2));
        coord_.replica_member(sid, g);
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
  coord_.replica_member(session_id, nullptr);
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

void RemoteGroups::share(Group& g, int session_id, const std::vector<ShareRequest>& list,
                         RemoteDone done) {
  std::vector<std::string> args = {member_name(g, session_id)};
  for (const ShareRequest& req : list) {
    for (std::string a : {req.versioned ? std::to_string(req.expected) : std::string(),
                          std::string(req.ephemeral ? "1" : "0"), std::to_string(req.seconds),
                          std::string(req.unset ? "1" : "0"), std::to_string(req.pairs.size())})
      args.push_back(std::move(a));
    for (const auto& [key, value] : req.pairs) {
      args.push_back(key);
      if (!req.unset) args.push_back(value);
    }
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
