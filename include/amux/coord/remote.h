// Groups on a Redis server, spanning amux servers (remote.cc: requests, reader, heartbeat;
// replica.h: the replica; remote-scripts.cc: the Lua; redis-reply.cc). Redis
// decides: each request is one Lua script on the group's keys (see remote-scripts.cc). Each
// server keeps a replica of the group in its Coordinator, fed by the events each script
// returns and those other servers' scripts publish to it (a subscription on a connection
// of its own; the stream fills any gap), so the
// read commands, waits, streams and hooks work on it as on a local group. Members from
// other servers get replica ids from kRemoteIdBase up. A server's heartbeat (every 3 s,
// 10 s to live) keeps its members; a server that stops beating loses them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "amux/coord/coordinator.h"
#include "amux/coord/redis.h"
#include "amux/coord/replica.h"

namespace amux {

constexpr int kHeartbeatMs = 3000;
constexpr int kMemberTtlMs = 10000;

enum class RemoteScript {
  kJoin,
  kSnapshot,
  kLeave,
  kShare,
  kSend,
  kRead,
  kLock,
  kUnlock,
  kEvent,
  kBeat
};
std::string remote_script(RemoteScript which);  // the prelude and the script's body

class RemoteGroups : public RemoteBackend {
 public:
  // host_name: this machine's name; server_id: unique among servers sharing a Redis.
  RemoteGroups(struct event_base* base, Coordinator& coord, std::string host_name,
               std::string server_id);
  ~RemoteGroups() override;

  // RemoteBackend: the requests (see coordinator.h).
  void join(const RemoteMember& member, const std::string& group, const std::string& url,
            RemoteDone done) override;
  void leave(Group& g, int session_id, RemoteDone done) override;
  void share(Group& g, int session_id, const std::vector<ShareRequest>& list,
             RemoteDone done) override;
  void send(Group& g, int session_id, const std::vector<int>& to, const std::string& text,
            const std::string& priority, uint64_t reply_to, bool paste, RemoteDone done) override;
  void read(Group& g, int session_id, const std::vector<uint64_t>& ids, RemoteDone done) override;
  void lock(Group& g, int session_id, const LeaseRequest& req, RemoteDone done) override;
  void unlock(Group& g, int session_id, int pane, const std::vector<std::string>& paths,
              RemoteDone done) override;
  void lock_wait(Group& g, int session_id, uint64_t client, LeaseRequest req,
                 RemoteDone done) override;
  void cancel_lock_wait(uint64_t client) override { lock_waits_.erase(client); }
  // The member's name in the group ("" when the session is not a member).
  std::string member_name(const Group& g, int session_id) const;

  // RemoteBackend: what the Coordinator hands over for remote groups.
  void publish(Group& g, const GroupEvent& e) override;
  void session_left(Group& g, int session_id) override;
  void pane_gone(Group& g, int session_id, int pane_id) override;
  const RemotePeer* peer(int id) const override { return replica_.peer(id); }

 private:
  struct Link;
  struct Followed;
  Link& link(const std::string& url);
  void run(Link& l, const std::string& group, RemoteScript script, std::vector<std::string> args,
           std::function<void(redisReply*, const std::string&)> cb);
  void request(Group& g, RemoteScript script, std::vector<std::string> args, RemoteDone done);
  // The entries in order until a gap: the rest comes again from the stream (catch_up), or
  // from a snapshot when the gap is in what the stream gave (from_stream).
  void apply_tail(Group& g, const redisReply* events, bool from_stream);
  template <typename Apply>  // Replica::Step apply(Group&, size_t i, EventKind*)
  void apply_each(const std::string& group, size_t n, Apply apply, bool from_stream);
  void follow(Group& g);
  void heard(const std::string& group, const redisReply* payload);
  // Reads the stream from the replica's last event (kCatchUp at a time) on the link.
  static constexpr size_t kCatchUp = 1000;
  void catch_up(const std::string& group);
  // Answers held behind a gap: those whose last event the replica now has (all: every
  // one, the stream being out of reach).
  void settle(const std::string& group, bool all);
  void resync(const std::string& group, bool reconnected);
  void beat(Link& l);
  void retry_lock_waits(Group& g);
  void unfollow_if_unused(const std::string& group);

  struct event_base* base_;
  Coordinator& coord_;
  std::string host_name_, server_id_;
  std::map<std::string, std::unique_ptr<Link>> links_;
  std::map<std::string, std::unique_ptr<Followed>> followed_;  // by group name
  Replica replica_;
  struct LockWait {
    std::string group;
    int session_id;
    LeaseRequest req;
    RemoteDone done;
    bool trying = false;
  };
  std::map<uint64_t, LockWait> lock_waits_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace amux
