// The seam between the Coordinator and a durable store: the Coordinator reports each
// change of what outlives the server (groups, context, events, inboxes, leases) as it
// happens, and a store (SQLite: sqlite-store.h) writes it; StoredState is what a store
// gives back when the server starts or a write failed.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "amux/coord/group.h"

namespace amux {

class CoordStore {
 public:
  virtual ~CoordStore() = default;
  // The group's own fields changed, or (members) who is in it: written once, when the
  // turn commits.
  virtual void group_changed(const Group& g, bool members = false) = 0;
  virtual void group_removed(const std::string& name) = 0;
  // A whole group arrived at once (aimport): everything in it is written.
  virtual void group_added(const Group& g) = 0;
  virtual void key_written(const Group& g, const std::string& key, const ContextEntry& e) = 0;
  virtual void key_removed(const Group& g, const std::string& key) = 0;
  virtual void event_added(const Group& g, const GroupEvent& e) = 0;
  // recipient: the session's name (a restored inbox is given back by name).
  virtual void message_added(const Group& g, const std::string& recipient, const Message& m) = 0;
  virtual void messages_removed(const Group& g, const std::deque<Message>& messages) = 0;
  virtual void messages_renamed(const Group& g, const std::string& recipient,
                                const std::deque<Message>& messages) = 0;
  virtual void lease_added(const Group& g, const Lease& l) = 0;
  virtual void lease_removed(const Group& g, const Lease& l) = 0;
  // A member's record changed (written once, when the turn commits), or left the roster.
  virtual void record_changed(const Group& g, const MemberRecord& r) = 0;
  virtual void record_removed(const Group& g, uint64_t number) = 0;
  // A session's read cursor (aevents -u), by its name.
  virtual void cursor_set(const Group& g, const std::string& session, uint64_t seq) = 0;
  virtual void cursor_removed(const Group& g, const std::string& session) = 0;
};

// A group as stored: its fields, context, events, leases (holders by name, ids -1),
// inboxes by recipient name in held_inbox, roster and cursors; members by name, in join
// order.
struct StoredGroup {
  Group group;
  std::vector<std::string> members;
};

// sessions: what the server saved of its sessions (name and its record, which only the
// server reads); clean: the server that wrote the file ended with kill-server.
struct StoredState {
  std::vector<StoredGroup> groups;
  std::vector<std::pair<std::string, std::string>> sessions;
  bool clean = true;
};

}  // namespace amux
