// A remote group's replica (remote.h): what Redis's replies about a group become in the
// Coordinator's copy of it. Stream entries are applied as the events they record
// (apply.h), a snapshot is "clear, then apply each item as the event that made it".
// Members of other servers get ids from kRemoteIdBase up. No I/O here: RemoteGroups
// brings the replies, and the Check suite (test-replica) brings recorded ones.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "amux/coord/coordinator.h"

struct redisReply;

namespace amux {

class Replica {
 public:
  // local(group): this server's sessions in the group (session id -> name there), or
  // nullptr when it has none.
  using LocalMembers = std::function<const std::map<int, std::string>*(const std::string&)>;
  Replica(Coordinator& coord, std::string server_id, LocalMembers local)
      : coord_(coord), server_id_(std::move(server_id)), local_(std::move(local)) {}

  // What one stream entry came to:
  //   kApplied  its event was applied and delivered (*kind says which)
  //   kPassed   not an entry amux writes (a name or text past the limits): the replica's
  //             position moves past it and nothing else changes
  //   kSeen     applied before: nothing changes
  //   kGap      it is not the next one (events before it are still on their way, or the
  //             stream was trimmed past what was read): nothing changed
  //   kLost     a later entry with an old number: Redis lost the group (FLUSHALL, a
  //             restart without persistence) and it began again; start from a snapshot
  enum class Step { kApplied, kPassed, kSeen, kGap, kLost };
  Step apply_entry(Group& g, const redisReply* entry, EventKind* kind);
  // The same from an entry's id and fields (a message another server's script published).
  Step apply_fields(Group& g, const std::string& id, const std::map<std::string, std::string>& f,
                    EventKind* kind);
  // The group as the snapshot script returns it. Events this replica had not seen (it
  // fell behind) then take effect; older ones are history.
  void reset(Group& g, const redisReply* snapshot);

  const RemotePeer* peer(int id) const;  // a member of another server, or nullptr

 private:
  bool event_of(const Group& g, const std::map<std::string, std::string>& fields,
                GroupEvent* e) const;
  int id_for(Group& g, const std::string& name, const std::string& server, int sid);
  void set_peer(int id, const std::string& name, const std::string& type,
                const std::string& objective, const std::string& host, const std::string& state,
                const std::string& note);

  Coordinator& coord_;
  std::string server_id_;
  LocalMembers local_;
  std::map<int, RemotePeer> peers_;
  int next_id_ = kRemoteIdBase;
};

}  // namespace amux
