// The door (see coordinator.h): the agent commands' requests, each answered through its
// completion with the lines a command prints, for a group of this server (decided here,
// at once) and for a remote one (decided by Redis, later) alike. Lease policy (conflicts,
// waiting, asking holders, the group's lease limit) lives here too.
#include <algorithm>

#include "amux/base/util.h"
#include "amux/coord/coordinator.h"
#include "amux/coord/redis.h"

namespace amux {

constexpr size_t kMaxLeasesPerGroup = 10000;

static CoordResult refused(std::string error) {
  CoordResult r;
  r.status = 1;
  r.err = std::move(error) + "\n";
  return r;
}

static CoordResult done_with(std::string out) {
  CoordResult r;
  r.out = std::move(out);
  return r;
}

// ---- Membership ----------------------------------------------------------------------

// What a join prints: the group, and the coordinator or the peers found.
static std::string joined_lines(const Coordinator& c, const Group& g, int session_id,
                                const std::string& name) {
  bool pane = is_pane_member(session_id);
  std::string out = (pane ? "Member '" : "Session '") + name + "' joined group '" + g.name + "'\n";
  if (g.coordinator() == session_id)
    return out + (pane ? "First member in group (coordinator)\n"
                       : "First session in group (coordinator)\n");
  std::vector<std::string> peers;
  for (int id : g.members)
    if (id != session_id) peers.push_back(c.name_of(id));
  return out + "Discovered " + plural(peers.size(), "peer", "peers") + ": " + join(peers, ", ") +
         "\n";
}

void Coordinator::request_join(int session_id, const JoinRequest& req, CoordDone done) {
  if (req.url.empty()) {
    if (Group* existing = groups_.find(req.group); existing != nullptr && !existing->remote.empty())
      return done(refused("group '" + req.group + "' is on " + shown_redis_url(existing->remote)));
    std::string error;
    if (!join(session_id, req.group, &error, req.key, req.guesser)) return done(refused(error));
    host_.acted(session_id);
    return done(
        done_with(joined_lines(*this, *group_of(session_id), session_id, name_of(session_id))));
  }
  RedisUrl parsed;
  std::string error;
  if (!parse_redis_url(req.url, &parsed, &error)) return done(refused(error));
  if (remote_ == nullptr) return done(refused("remote groups are not available"));
  RemoteMember m;
  m.name = name_of(session_id);
  m.session_id = session_id;
  std::tie(m.type, m.objective) = host_.agent_meta(session_id);
  m.state = presence(session_id).state;
  m.note = presence(session_id).note;
  std::string group = req.group;
  remote_->join(m, group, req.url, [this, session_id, group, done](const RemoteResult& r) {
    Group* g = find_group(group);
    if (!r.ok || g == nullptr) return done(refused(r.ok ? "group gone" : r.error));
    host_.acted(session_id);
    done(done_with(joined_lines(*this, *g, session_id, r.name)));
  });
}

static std::string left_lines(const std::string& who, const std::string& group, size_t remaining,
                              const std::string& coordinator) {
  std::string out = who + " left group '" + group + "'\n";
  out[0] = static_cast<char>(toupper(static_cast<unsigned char>(out[0])));  // "Session 'x' left"

  out += "Removed from " + plural(remaining, "peer", "peers") + "\n";
  if (!coordinator.empty()) out += "Coordinator is now " + coordinator + "\n";
  return out;
}

void Coordinator::request_leave(int session_id, CoordDone done) {
  Group* g = group_of(session_id);
  if (g == nullptr)
    return done(refused(who(session_id) + " is not in a coordination group"));
  std::string name = who(session_id), group = g->name;
  host_.acted(session_id);
  if (g->remote.empty()) {
    LeaveResult r = leave(session_id);
    return done(done_with(left_lines(name, group, r.remaining,
                                     r.new_coordinator >= 0 ? name_of(r.new_coordinator) : "")));
  }
  // A remote group's leave is Redis's: the lines come from the replica once it is done.
  bool was_coordinator = g->coordinator() == session_id;
  remote_->leave(*g, session_id, [this, name, group, was_coordinator, done](const RemoteResult& r) {
    if (!r.ok) return done(refused(r.error));
    Group* now = find_group(group);
    size_t remaining = now != nullptr ? now->members.size() : 0;
    bool handed = now != nullptr && was_coordinator && !now->members.empty();
    done(done_with(left_lines(name, group, remaining, handed ? name_of(now->coordinator()) : "")));
  });
}

// ---- Shared context ------------------------------------------------------------------

static std::string share_lines(const std::string& group, const KeyValues& pairs, bool unset) {
  std::string out;
  for (const auto& [key, value] : pairs)
    out += unset
               ? "Unset in group '" + group + "': " + key + "\n"
               : "Shared with group '" + group + "': " + key + "=" + escape_newlines(value) + "\n";
  return out;
}

void Coordinator::request_share(Group& g, int session_id, const std::vector<ShareRequest>& list,
                                CoordDone done) {
  host_.acted(session_id);
  if (!g.remote.empty()) {
    // Redis checks the keys (unset) and versions and writes, each request all or none.
    std::string group = g.name;
    remote_->share(g, session_id, list, [group, list, done](const RemoteResult& r) {
      CoordResult res;
      size_t applied = r.ok ? list.size() : std::min(r.applied, list.size());
      for (size_t i = 0; i < applied; i++)
        res.out += share_lines(group, list[i].pairs, list[i].unset);
      if (!r.ok) {
        res.status = 1;
        res.err = r.error + "\n";
      }
      done(std::move(res));
    });
    return;
  }
  CoordResult res;
  for (const ShareRequest& req : list) {
    std::vector<std::string> keys;  // the keys a check or an unset needs
    std::string why;
    if (req.unset || req.versioned)
      for (const auto& [key, value] : req.pairs) {
        if (req.unset && g.context.count(key) == 0) {
          why = "no such key: " + key;
          break;
        }
        keys.push_back(key);
      }
    if (why.empty() && req.versioned) why = check_versions(g, keys, req.expected, session_id);
    if (!why.empty()) {
      res.status = 1;
      res.err = why + "\n";
      break;
    }
    if (req.unset) {
      unset(g, session_id, keys);
    } else {
      ShareMode mode;
      mode.ephemeral = req.ephemeral;
      if (req.seconds != 0) mode.expires = host_.now() + static_cast<time_t>(req.seconds);
      share(g, session_id, req.pairs, mode);
    }
    res.out += share_lines(g.name, req.pairs, req.unset);
  }
  done(std::move(res));
}

// ---- Messages ------------------------------------------------------------------------

void Coordinator::request_send(Group& g, int session_id, const SendRequest& req, CoordDone done) {
  for (int to : req.to)  // all or nothing
    if (std::string why = check_message(g, to, req.text); !why.empty()) return done(refused(why));
  host_.acted(session_id);
  if (!g.remote.empty()) {
    std::vector<std::string> names;
    for (int to : req.to) names.push_back(name_of(to));
    std::string level = req.priority == Priority::kNormal ? "" : priority_name(req.priority);
    bool paste = req.paste;
    remote_->send(g, session_id, req.to, req.text, level, req.reply_to, paste,
                  [names, paste, done](const RemoteResult& r) {
                    if (!r.ok) return done(refused(r.error));
                    std::string out;
                    for (size_t i = 0; i < r.rows.size() && i < names.size(); i++)
                      out += "Message " + r.rows[i][0] + " sent to " + names[i] +
                             (paste ? " (typed into its pane when idle)" : "") + "\n";
                    done(done_with(out));
                  });
    return;
  }
  std::string out;
  for (int to : req.to) {
    int pane = -1;
    uint64_t seq = send_message(g, actor(session_id), to, req.text, req.paste, &pane, req.priority,
                                req.reply_to);
    out += "Message " + std::to_string(seq) + " sent to " + name_of(to);
    if (pane >= 0) out += " (typed into %" + std::to_string(pane) + " when idle)";
    out += "\n";
  }
  done(done_with(out));
}

void Coordinator::request_read(Group& g, int session_id, CoordDone done) {
  if (g.remote.empty()) {
    mark_read(g, session_id);
    return done({});
  }
  auto it = g.inbox.find(session_id);
  if (it == g.inbox.end() || it->second.empty()) return done({});
  std::deque<Message> unread = it->second;  // receipts in the order listed: high first
  std::stable_sort(unread.begin(), unread.end(),
                   [](const Message& a, const Message& b) { return a.priority > b.priority; });
  std::vector<uint64_t> ids;
  for (const Message& m : unread) ids.push_back(m.seq);
  remote_->read(g, session_id, ids,
                [done](const RemoteResult& r) { done(r.ok ? CoordResult{} : refused(r.error)); });
}

// ---- Leases --------------------------------------------------------------------------

// alock -w -r: one message to each holder in the way ("dev2 asks for src/x.cc: reason").
void Coordinator::ask_holders(Group& g, int session_id, const LeaseRequest& req,
                              const std::string& reason) {
  std::map<int, std::vector<std::string>> asked;  // holder -> the paths asked of it
  for (const auto& path : req.paths)
    if (const Lease* l = lease_conflict(g, session_id, path, req.shared);
        l != nullptr && g.has_member(l->holder))
      asked[l->holder].push_back(path);
  Actor who = actor(session_id);
  for (auto& [holder, paths] : asked) {
    std::string text = who.name + " asks for " + amux::join(paths, ", ") + ": " + reason;
    if (check_message(g, holder, text).empty()) send_message(g, who, holder, text);
  }
}

// The lines a remote grant prints, from the rows Redis returns (path, fence, seconds).
static std::string granted_lines(const std::string& group, bool shared, const RemoteResult& r) {
  std::string out;
  for (const auto& row : r.rows)
    out += "Locked in group '" + group + "': " + row[0] + " (" + (shared ? "shared, " : "") +
           "fence " + row[1] + ", expires in " + row[2] + "s)\n";
  return out;
}

void Coordinator::lock_remote(Group& g, int session_id, const LeaseRequest& req,
                              const LockOptions& o, CoordDone done) {
  if (!o.reason.empty()) return done(refused("-r: not supported for remote groups"));
  std::string group = g.name;
  bool shared = req.shared;
  if (o.wait) {
    // Tried again whenever a lease in the group goes, until granted or the timeout ends it.
    uint64_t client = o.client;
    RemoteBackend* remote = remote_;
    if (!host_.park(client, o.timeout, [remote, client] { remote->cancel_lock_wait(client); }))
      return done(refused("agent-lock -w needs a client to wait"));
    remote_->lock_wait(g, session_id, client, req,
                       [this, client, group, shared](const RemoteResult& r) {
                         if (r.ok)
                           host_.resume(client, 0, granted_lines(group, shared, r), "");
                         else
                           host_.resume(client, 1, "", r.error + "\n");
                       });
    CoordResult parked;
    parked.parked = true;
    return done(parked);
  }
  remote_->lock(g, session_id, req, [this, group, shared, done](const RemoteResult& r) {
    if (r.conflict && !r.rows.empty() && r.rows[0].size() == 4) {
      const auto& c = r.rows[0];
      Group* now = find_group(group);
      bool pane = now != nullptr && is_pane_member(now->remote_id(c[1]));  // one of ours
      return done(refused("path '" + c[0] + "' is locked by " + (pane ? "member '" : "session '") +
                          c[1] + "' (expires in " + c[2] + "s)"));
    }
    if (!r.ok) return done(refused(r.error));
    done(done_with(granted_lines(group, shared, r)));
  });
}

void Coordinator::request_lock(Group& g, int session_id, LeaseRequest req, const LockOptions& o,
                               CoordDone done) {
  if (o.check_only) {  // what is in the way, from what this server knows of the group
    std::string out;
    for (const auto& path : req.paths)
      if (const Lease* l = lease_conflict(g, session_id, path, req.shared))
        out += lease_conflict_error(*l, who(l->holder, l->holder_name), host_.now()) + "\n";
    CoordResult r = done_with(out);
    r.status = out.empty() ? 0 : 1;
    return done(r);
  }
  if (g.leases.size() + req.paths.size() > kMaxLeasesPerGroup)
    return done(refused("too many leases in group '" + g.name + "'"));
  host_.acted(session_id);
  if (!g.remote.empty()) return lock_remote(g, session_id, req, o, done);
  for (const auto& path : req.paths) {
    const Lease* l = lease_conflict(g, session_id, path, req.shared);
    if (l == nullptr) continue;
    if (!o.wait) {
      std::string holder = name_of(l->holder, l->holder_name);
      std::string error = lease_conflict_error(*l, who(l->holder, l->holder_name), host_.now());
      conflict(g, session_id, "lock", path,
               "held by " + holder + " (fence " + std::to_string(l->fence) + ")");
      return done(refused(error));
    }
    if (o.client == 0) return done(refused("agent-lock -w needs a client to wait"));
    if (!o.reason.empty()) ask_holders(g, session_id, req, o.reason);
    LockWaiter w;
    w.client_id = o.client;
    w.group_id = g.id;
    w.session_id = session_id;
    w.request = std::move(req);
    add_lock_waiter(std::move(w), o.timeout);
    CoordResult parked;
    parked.parked = true;
    return done(parked);
  }
  done(done_with(grant_leases(g, session_id, req)));
}

void Coordinator::request_unlock(Group& g, int session_id, const std::vector<std::string>& paths,
                                 CoordDone done) {
  auto held = [&](const std::string& path) {
    return std::any_of(g.leases.begin(), g.leases.end(),
                       [&](const Lease& l) { return l.holder == session_id && l.path == path; });
  };
  for (const auto& path : paths)
    if (!held(path))
      return done(refused("path '" + escape_newlines(path) + "' is not locked by " +
                          who(session_id)));
  if (paths.empty() && !std::any_of(g.leases.begin(), g.leases.end(),
                                    [&](const Lease& l) { return l.holder == session_id; }))
    return done(refused(who(session_id) + " holds no leases"));
  if (!g.remote.empty()) {
    std::string group = g.name;
    remote_->unlock(g, session_id, -1, paths, [group, done](const RemoteResult& r) {
      if (!r.ok) return done(refused(r.error));
      std::string out;
      for (const auto& row : r.rows)
        out += "Unlocked in group '" + group + "': " + row[0] + " (fence " + row[1] + ")\n";
      done(done_with(out));
    });
    return;
  }
  auto which = [&](const Lease& l) {
    return l.holder == session_id &&
           (paths.empty() || std::find(paths.begin(), paths.end(), l.path) != paths.end());
  };
  std::string out;
  release_leases(g, which, EventKind::kUnlock, &out);
  done(done_with(out));
}

void Coordinator::request_break(Group& g, int session_id, const std::vector<std::string>& paths,
                                CoordDone done) {
  if (g.coordinator() != session_id)
    return done(refused("permission denied: only the coordinator can break a lease"));
  if (paths.empty()) return done(refused("-f needs a path"));
  for (const auto& path : paths)
    if (!std::any_of(g.leases.begin(), g.leases.end(),
                     [&](const Lease& l) { return l.path == path && l.holder != session_id; }))
      return done(refused("path '" + escape_newlines(path) + "' is not locked by another session"));
  std::string out, error;
  for (const auto& path : paths) break_leases(g, session_id, path, &out, &error);
  done(done_with(out));
}

}  // namespace amux
