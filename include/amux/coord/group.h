// Coordination groups: a registry owned by the Coordinator, keyed by name. Members are held by
// session id in join order (the first is coordinator); shared context is versioned.
#pragma once

#include <cstdint>
#include <ctime>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "amux/coord/events.h"

namespace amux {

constexpr size_t kMaxGroupLimit = 100000;  // the most agent-group-limit may allow
constexpr size_t kMaxGroupNameLength = 64;
constexpr size_t kMaxKeyLength = 128;
constexpr size_t kMaxValueLength = 64 * 1024;
// The limits every door holds (commands, MCP, import, restore): what a command takes, the
// state file's loader takes back.
constexpr size_t kMaxSessionName = 1024;  // a member's name, in every record that holds one
constexpr size_t kMaxObjective = 4096;
constexpr size_t kMaxNote = 1024;
constexpr size_t kMaxPathLength = 4096;          // a lease's path (an event's key holds one)
constexpr int64_t kMaxCount = int64_t{1} << 53;  // what JSON and the event log can count
// The most a counter (version, sequence, fence, record number) may bring in from an
// archive: half of kMaxCount, so an imported group still has 2^52 changes to go before
// the state file's loader would refuse it.
constexpr int64_t kMaxImportCount = kMaxCount / 2;
constexpr int64_t kMaxTime = int64_t{1} << 40;
// Session ids below this are this server's; a remote group's replica gives the members of
// other servers ids from here up (remote.h).
constexpr int kRemoteIdBase = 1 << 24;
// A pane that joins as a member of its own (ajoin -t %N) has the id kPaneMemberBase + its
// pane id: sessions' ids are below it, other servers' members above kRemoteIdBase.
constexpr int kPaneMemberBase = 1 << 23;
constexpr bool is_pane_member(int id) { return id >= kPaneMemberBase && id < kRemoteIdBase; }
constexpr int pane_member_id(int pane_id) { return kPaneMemberBase + pane_id; }
constexpr int member_pane_id(int id) { return id - kPaneMemberBase; }

bool valid_group_name(std::string_view name);
bool valid_key(std::string_view key);
// Empty on success, otherwise the error text ("value too long for key: k", ...).
std::string check_value(std::string_view key, std::string_view value);
// "" when a session name, an objective or a state's note may be kept, else the error
// ("invalid session name: not UTF-8 text").
std::string check_session_name(std::string_view name);
std::string check_objective(std::string_view objective);
std::string check_note(std::string_view note);

struct ContextEntry {
  std::string value;
  int author_id = -1;
  std::string author_name;  // as it was when written, for authors that are gone
  time_t time = 0;
  uint64_t version = 0;
  bool ephemeral = false;  // removed when the author leaves the group or ends
  time_t expires = 0;      // 0: never
};

// How a key is written: -e ephemeral, -x seconds.
struct ShareMode {
  bool ephemeral = false;
  time_t expires = 0;
};

// How urgent a message is; the inbox lists high first.
enum class Priority : uint8_t { kLow, kNormal, kHigh };
const char* priority_name(Priority p);  // "low", "normal", "high"
bool parse_priority(const std::string& name, Priority* p);

// A message kept for its recipient until read.
struct Message {
  uint64_t seq = 0;  // the message event's sequence number: its id
  int from_id = -1;  // -1: amux itself (lease expiry)
  std::string from;  // the sender's name when sent (shown while the sender is gone)
  time_t time = 0;
  std::string text;
  Priority priority = Priority::kNormal;
  uint64_t reply_to = 0;  // the id of the message it answers (0: none)
};

// The states whose setting finishes a member's task (astatus done|failed).
bool finishing_state(const std::string& state);

// A member's record in its group: who it was, how it ended, and what it did. Made when
// it joins; after it leaves, kept in the group's roster of past members.
struct MemberRecord {
  uint64_t number = 0;  // 1, 2, ... in join order within the group
  std::string name, type, objective;
  std::string state, note;      // the last state (working, done, failed...) and its note
  time_t joined = 0, left = 0;  // left: 0 while a member
  time_t finished = 0;          // when the state became done or failed (0: it is not)
  time_t state_since = 0;
  uint64_t leases = 0, shares = 0, messages_sent = 0, messages_read = 0;
  uint64_t cas_conflicts = 0, lock_conflicts = 0;
  int64_t working = 0, idle = 0, blocked = 0;  // seconds in each state before state_since
  std::vector<int64_t> waits;                  // seconds each granted alock -w waited

  // Seconds in `state` up to now (the current state counts up to now).
  int64_t seconds_in(const std::string& state, time_t now) const;
  // Adds the time spent in the current state up to now.
  void settle(time_t now);
  // Moves to a new state at `now`, adding the time spent in the old one.
  void enter_state(const std::string& new_state, const std::string& new_note, time_t now);
};
constexpr size_t kMaxRoster = 10000;      // records a group keeps (the oldest past ones go)
constexpr size_t kMaxRecordWaits = 1000;  // lease waits a record keeps

// An advisory lease on a path or glob, held by a session (and the pane it asked from).
struct Lease {
  std::string path;
  int holder = -1;
  std::string holder_name;  // as it was when granted (names are shown from the id)
  int pane_id = -1;         // the lease dies with this pane's program; -1: with the session
  bool shared = false;
  uint64_t fence = 0;
  time_t expires = 0;
};

struct Group {
  uint64_t id = 0;
  std::string name;
  std::vector<int> members;  // session ids, join order; members[0] is coordinator
  std::map<std::string, ContextEntry> context;
  uint64_t version = 0;           // grows with every change in the group
  std::deque<GroupEvent> events;  // the newest agent-event-limit events
  uint64_t event_seq = 0;
  std::map<int, std::deque<Message>> inbox;  // unread messages by recipient session id
  // Inboxes of members the server lost in a restart, by name: given back on joining.
  std::map<std::string, std::deque<Message>> held_inbox;
  std::vector<Lease> leases;
  uint64_t lease_fence = 0;  // the last fencing number granted
  time_t created = 0;
  time_t last_activity = 0;
  std::string join_key;               // agent-group-option join-key: ajoin -k must give it
  std::deque<MemberRecord> roster;    // records of members and past members, join order
  std::map<int, uint64_t> record_of;  // member session id -> its record's number
  // aevents -u: the last event each session (by name) has read.
  std::map<std::string, uint64_t> cursors;
  // A group on a Redis server: its URL (empty: a group of this server alone), the last
  // stream entry applied to this replica, and the replica id of each member's name.
  std::string remote;
  std::string remote_last = "0";
  std::map<std::string, int> remote_ids;

  int coordinator() const { return members.empty() ? -1 : members.front(); }
  bool has_member(int session_id) const;
  // The record of a member, or of the record number; nullptr when there is none.
  MemberRecord* record(int session_id);
  MemberRecord* record_number(uint64_t number);
  size_t context_bytes() const;  // sum of key and value lengths
  // In a remote group: a member's replica id by its name there (another server's member
  // too; -1: none), and a member's name there ("" when it has none: a group of this
  // server).
  int remote_id(std::string_view name) const;
  std::string remote_name(int session_id) const;
};

struct LeaveResult {
  Group* group = nullptr;
  bool was_coordinator = false;
  int new_coordinator = -1;  // -1 when no member remains or the coordinator did not change
  size_t remaining = 0;
};

// The groups by name and id: made, found, listed and removed here; what is in a group
// changes only by applying an event (apply.h).
class GroupRegistry {
 public:
  // Takes a group made elsewhere (restored from a store); it gets the next id.
  Group& adopt(std::unique_ptr<Group> g);
  Group* find(std::string_view name);
  Group* find(uint64_t id);
  Group& get_or_create(std::string_view name, time_t now);
  bool remove(std::string_view name);
  std::vector<Group*> list();  // sorted by name
  size_t size() const { return groups_.size(); }

 private:
  std::map<std::string, std::unique_ptr<Group>, std::less<>> groups_;
  uint64_t next_id_ = 1;
};

}  // namespace amux
