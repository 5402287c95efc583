// The Coordinator: groups, their context, event log, waiters and streams, leases,
// messages, presence and hooks, in one component the server owns. It reaches the rest of
// amux only through CoordHost (a clock, session names, parking and resuming clients,
// typing into a session's pane, running a hook), so it is tested without a server, and a
// second store (durable, remote) can stand behind the same calls.
#pragma once

#include <cstdint>
#include <ctime>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "amux/base/format.h"
#include "amux/coord/group.h"
#include "amux/coord/host.h"
#include "amux/coord/store.h"

namespace amux {

// Which events a reader wants (aevents, await): kinds (-k), author (-a), keys matching a
// glob (-K: a pattern without wildcards is one key, 'p*' a prefix), and not its own (-o).
struct EventFilter {
  uint32_t kinds = 0;  // bit per EventKind; 0: every kind
  std::string author;
  std::string key_glob;
  std::string own;  // -o: the caller's name, whose events are left out
  bool matches(const GroupEvent& e) const;
  // Parses "share,lock" into kinds; false with *error ("unknown event kind: x (...)").
  bool set_kinds(const std::string& list, std::string* error);
};

// A client parked in agent-wait until a matching event, its timeout, or its session (or
// the awaited peer) leaving the group. What wakes it: an event the filter passes that is
// also (with messages) a message to session_id and (with peer) the peer reaching state.
struct EventWaiter {
  uint64_t client_id = 0;
  uint64_t group_id = 0;
  int session_id = -1;
  EventFilter filter;
  bool messages = false;
  int peer = -1;
  std::string state;
  bool json = false;
  bool cursor = false;  // -u: the session's read cursor moves to the event that wakes it
};
bool waiter_matches(const EventWaiter& w, const GroupEvent& e);

// What alock asks for.
struct LeaseRequest {
  std::vector<std::string> paths;
  bool shared = false;
  long seconds = 3600;
  int pane_id = -1;
};

// A client parked in alock -w until every path is free.
struct LockWaiter {
  uint64_t client_id = 0;
  uint64_t group_id = 0;
  int session_id = -1;
  LeaseRequest request;
  time_t since = 0;  // set when parked: a grant records how long it waited
};

// A client following a group's events (agent-events -f).
struct EventStream {
  uint64_t client_id = 0;
  uint64_t group_id = 0;
  bool json = false;
  std::string format;
  EventFilter filter;
};

// What a session's panes are doing, as the server sees them.
enum class Activity { kIdle, kWorking, kDead };

// A session's presence: the state last computed (working, idle, dead or the explicit
// one set with agent-status) and the event that announced it.
struct Presence {
  Activity activity = Activity::kIdle;
  std::string explicit_state, note;
  std::string state = "idle";
  uint64_t seq = 0;
};

using KeyValues = std::vector<std::pair<std::string, std::string>>;

// Another session's lease that a request for path conflicts with (globs overlap).
// ignore: a lease to leave out (one about to be handed over).
const Lease* lease_conflict(const Group& g, int session_id, const std::string& path, bool shared,
                            const Lease* ignore = nullptr);
std::string lease_remaining(const Lease& l, time_t now);  // "3540s"
// "path 'src/x.cc' is locked by session 'dev1' (expires in 3540s)"
std::string lease_conflict_error(const Lease& l, const std::string& holder, time_t now);
// holder: who() of the lease's holder ("session 'dev1'").

// A member of a remote group that is another server's session.
struct RemotePeer {
  std::string name, type, objective, host;
};

// What a request came to: ok, or the error for stderr; rows: the script's result list
// (granted leases, message ids...); conflict: a lease another member holds.
struct RemoteResult {
  bool ok = false;
  std::string error;
  std::string name;  // join: the member's name in the group
  std::vector<std::vector<std::string>> rows;
  bool conflict = false;
  size_t applied = 0;  // shares: the requests of the list applied before the one refused
};
using RemoteDone = std::function<void(const RemoteResult&)>;

// ashare: pairs to set, or (unset) keys to remove (values ignored); expected (-c): the
// version every key must be at (0: absent); -e and -x.
struct ShareRequest {
  KeyValues pairs;
  bool unset = false;
  bool versioned = false;
  uint64_t expected = 0;
  bool ephemeral = false;
  long seconds = 0;
};

// A local session as a remote group registers it.
struct RemoteMember {
  std::string name;  // in the group (host:session where another server has the name)
  int session_id = -1;
  std::string type, objective, state, note;
};

// Where the Coordinator hands what concerns a remote group (remote.h): the requests of
// the door's operations, decided by Redis (done is called once, later); an event made
// here (presence, objective) goes to Redis and comes back through the group's stream; a
// session that ended leaves there; a pane that ended releases its leases there.
class RemoteBackend {
 public:
  virtual ~RemoteBackend() = default;
  virtual void join(const RemoteMember& member, const std::string& group, const std::string& url,
                    RemoteDone done) = 0;
  virtual void leave(Group& g, int session_id, RemoteDone done) = 0;
  // A command list's shares, one request in Redis: each all or none, in order; the first
  // refused ends the list (the result's applied: how many went before it).
  virtual void share(Group& g, int session_id, const std::vector<ShareRequest>& list,
                     RemoteDone done) = 0;
  virtual void send(Group& g, int session_id, const std::vector<int>& to, const std::string& text,
                    const std::string& priority, uint64_t reply_to, bool paste,
                    RemoteDone done) = 0;
  virtual void read(Group& g, int session_id, const std::vector<uint64_t>& ids,
                    RemoteDone done) = 0;
  virtual void lock(Group& g, int session_id, const LeaseRequest& req, RemoteDone done) = 0;
  // pane -1: any of the session's leases; paths empty: all of them.
  virtual void unlock(Group& g, int session_id, int pane, const std::vector<std::string>& paths,
                      RemoteDone done) = 0;
  // A parked alock -w: retried when a lease in its group goes; done when granted (or the
  // request fails otherwise).
  virtual void lock_wait(Group& g, int session_id, uint64_t client, LeaseRequest req,
                         RemoteDone done) = 0;
  virtual void cancel_lock_wait(uint64_t client) = 0;
  virtual void publish(Group& g, const GroupEvent& e) = 0;
  virtual void session_left(Group& g, int session_id) = 0;
  virtual void pane_gone(Group& g, int session_id, int pane_id) = 0;
  virtual const RemotePeer* peer(int id) const = 0;
};

// What an operation of the door came to, as a command prints it: status 0 (done) or 1
// (refused; err says why), or parked: the client waits (alock -w) and is resumed through
// the host when it is granted or ends.
struct CoordResult {
  int status = 0;
  std::string out, err;
  bool parked = false;
};
using CoordDone = std::function<void(CoordResult)>;

// ajoin: the group, -k's key and who guesses it (a user id), and the Redis URL of a
// remote group ("" for a group of this server).
struct JoinRequest {
  std::string group, key, url;
  uint64_t guesser = 0;
};

// asend: the recipients (member ids), the text, -P, -r and -p.
struct SendRequest {
  std::vector<int> to;
  std::string text;
  Priority priority = Priority::kNormal;
  uint64_t reply_to = 0;
  bool paste = false;
};

// alock: -n (check only), -w (wait, -T timeout, for this client) and -r's reason.
struct LockOptions {
  bool check_only = false, wait = false;
  long timeout = -1;
  uint64_t client = 0;
  std::string reason;  // "": no -r
};

class Coordinator {
 public:
  explicit Coordinator(CoordHost& host) : host_(host) {}
  Coordinator(const Coordinator&) = delete;
  Coordinator& operator=(const Coordinator&) = delete;

  // ---- The door (door.cc): what the agent commands ask of a group, the same for a group
  // of this server and for one on Redis. Each operation picks the backend from the group
  // and calls done once: at once for a group of this server, when Redis answers for a
  // remote one. The session acted (CoordHost::acted) whenever it asks.
  void request_join(int session_id, const JoinRequest& req, CoordDone done);
  void request_leave(int session_id, CoordDone done);
  void request_share(Group& g, int session_id, const ShareRequest& req, CoordDone done) {
    request_share(g, session_id, std::vector<ShareRequest>{req}, std::move(done));
  }
  // A command list's shares as one request: each all or none, in order, the first refused
  // ending the list (what went before it is printed, then why). A remote group decides
  // them in one script.
  void request_share(Group& g, int session_id, const std::vector<ShareRequest>& list,
                     CoordDone done);
  void request_send(Group& g, int session_id, const SendRequest& req, CoordDone done);
  // ainbox -c: the session read its inbox (a read event for each message).
  void request_read(Group& g, int session_id, CoordDone done);
  void request_lock(Group& g, int session_id, LeaseRequest req, const LockOptions& o,
                    CoordDone done);
  // paths empty: every lease the session holds.
  void request_unlock(Group& g, int session_id, const std::vector<std::string>& paths,
                      CoordDone done);
  // aunlock -f: the coordinator breaks other members' leases on each path.
  void request_break(Group& g, int session_id, const std::vector<std::string>& paths,
                     CoordDone done);

  // Groups and membership. Errors are full texts ready for stderr.
  Group* find_group(std::string_view name) { return groups_.find(name); }
  // A record by its group's name and its number; nullptr when either is gone.
  const MemberRecord* find_record(std::string_view group, uint64_t number) {
    Group* g = groups_.find(group);
    return g != nullptr ? g->record_number(number) : nullptr;
  }
  Group* group_of(int session_id);
  std::vector<Group*> groups() { return groups_.list(); }
  size_t group_count() const { return groups_.size(); }
  // key: what ajoin -k gave, checked against the group's join-key when it has one.
  // guesser: who asked (a user id): after kJoinGuesses wrong keys in a row for a group,
  // its keyed joins there are refused for kJoinLockout seconds without the key being
  // tried, and only the first wrong key of a run is a conflict event (guesses do not push
  // the group's history out of its event log).
  static constexpr int kJoinGuesses = 5;
  static constexpr time_t kJoinLockout = 60;
  bool join(int session_id, const std::string& group, std::string* error,
            const std::string& key = "", uint64_t guesser = 0);
  // Leaves the session's group (its leases, ephemeral keys, inbox and parked alock -w go).
  LeaveResult leave(int session_id);
  bool delete_group(const std::string& name, std::string* error);
  // aimport: a group read from an archive takes its name; a group of that name is
  // refused, or with replace (-f) removed first if it has no members. Records still open
  // in the archive are closed now; events beyond agent-event-limit are dropped.
  bool import_group(std::unique_ptr<Group> g, bool replace, std::string* error);
  // The session ended: it leaves its group and its presence is forgotten.
  void session_gone(int session_id);
  std::string name_of(int session_id, const std::string& fallback = "") const;
  // How a text names a member: "session 'dev1'", or "member 'alice'" for a pane member.
  std::string who(int session_id, const std::string& fallback = "") const;

  // Shared context. check_versions: "" when every key is at `expected` (0: absent), else
  // the error, and a conflict event by session_id (if >= 0).
  std::string check_versions(Group& g, const std::vector<std::string>& keys, uint64_t expected,
                             int session_id = -1);
  // A request of session_id refused: a conflict event in g.
  void conflict(Group& g, int session_id, std::string what, std::string key, std::string why);
  void share(Group& g, int session_id, const KeyValues& pairs, ShareMode mode = {});
  void unset(Group& g, int session_id, const std::vector<std::string>& keys);

  // Events: every change goes through emit (seq and time are filled in).
  void set_event_limit(size_t limit) { event_limit_ = limit; }
  // agent-group-limit: members a group may have (a lower limit drops nobody).
  void set_member_limit(size_t limit) { member_limit_ = limit; }
  void emit(Group& g, GroupEvent e);
  // Numbers and applies each (apply.h), then delivers each: what the first wakes sees all.
  void emit_all(Group& g, std::vector<GroupEvent> events);
  // A stored group's event takes effect outside the coordinator (woken waits, streams,
  // hooks, watchers) only once the turn that made it is committed: the host calls this
  // after each commit, ok false when it failed (the events are then dropped, as the
  // changes that made them are undone).
  void turn_committed(bool ok);
  void add_waiter(EventWaiter w, long timeout_seconds);
  void add_stream(EventStream s);
  size_t waiting() const { return waiters_.size() + lock_waiters_.size() + streams_.size(); }

  // Messages. check_message: "" when `text` may go to `to_id`; send_message returns the
  // message event's sequence number and, with paste, the pane it will be typed into.
  std::string check_message(const Group& g, int to_id, const std::string& text) const;
  uint64_t send_message(Group& g, const Actor& from, int to_id, const std::string& text,
                        bool paste = false, int* pane_id = nullptr,
                        Priority priority = Priority::kNormal, uint64_t reply_to = 0);
  // ainbox -c: the session read its inbox; a read event for each message (its receipt).
  void mark_read(Group& g, int session_id);
  // aevents -u: the session has read the group's events up to seq.
  void set_cursor(Group& g, int session_id, uint64_t seq);
  uint64_t cursor(const Group& g, int session_id) const;

  // Leases. grant_leases returns the lines alock prints; release_leases removes what
  // `which` picks, each an unlock or expire event, wakes waiters, and appends aunlock's
  // lines to *out (if given).
  std::string grant_leases(Group& g, int session_id, const LeaseRequest& req);
  void release_leases(Group& g, const std::function<bool(const Lease&)>& which, EventKind kind,
                      std::string* out);
  void release_pane_leases(int session_id, int pane_id);
  void add_lock_waiter(LockWaiter w, long timeout_seconds);
  // aunlock -f: the coordinator `by` breaks every other session's lease on exactly path
  // (break events, a message to each holder, the fence counter rises); appends lines.
  bool break_leases(Group& g, int by, const std::string& path, std::string* out,
                    std::string* error);
  // agive: `from` hands its lease on path to `to`, parked in alock -w for it; the
  // waiter's whole request is granted at once, or nothing changes (*error says why).
  bool give_lease(Group& g, int from, const std::string& path, int to, std::string* out,
                  std::string* error);
  // Ends the leases and keys whose time has come; the host calls it at the armed time.
  void run_expiry();

  // Presence. set_activity and set_state recompute the state; a change (or any
  // set_state) is a state event in the session's group.
  const Presence& presence(int session_id) const;
  void set_activity(int session_id, Activity activity);
  void set_state(int session_id, std::string explicit_state, std::string note);
  // What a member's pane said of itself (notify, command, progress): the event, made by
  // the member, in its group (none outside one).
  void report(int session_id, GroupEvent e);
  // set-agent -o changed the session's objective: an objective event in its group.
  void objective_changed(int session_id, const std::string& objective);

  // The server is going away: parked clients are ended by the host; forget them.
  void forget_clients();

  // Durability (restore.cc). Every change of stored state is reported to the store, if
  // one is set. restore takes the state of a store when the server starts: groups come
  // back without members (their leases expire, their ephemeral keys go, each former member
  // leaves, all as events) and a name that was a member gets its inbox back on joining.
  // A group of that name made already (by the configuration file) is kept instead; its
  // name is in *skipped. reload puts the stored state back after a failed write: members,
  // inboxes and leases are matched to live sessions by name.
  void set_store(CoordStore* store) { store_ = store; }
  void set_remote(RemoteBackend* remote) { remote_ = remote; }
  // A member of a remote group from another server (nullptr: none, or a local session).
  const RemotePeer* remote_peer(int id) const {
    return remote_ != nullptr ? remote_->peer(id) : nullptr;
  }
  void restore(StoredState state, std::vector<std::string>* skipped);
  // A member the restart took, made again by resurrection: the number of the record
  // restore closed for that name in that group (its join order there; 0: none). While
  // continuing is set, a join by such a name continues that record instead of opening a
  // new one (the member is the same one, back).
  uint64_t retired_record(const std::string& group, const std::string& name);
  void set_continuing(bool on) { continuing_ = on; }
  // What a replica of a group that another store decides (remote.h) may do here: it
  // applies each event itself (apply.h) and hands it over to take effect (waits,
  // streams, hooks, watchers); replayed: one that a snapshot brought (applied with it)
  // and that this server had not seen, taking effect now. It also sets the presence of
  // members of other servers (seq 0 keeps the last).
  void replica_event(Group& g, const GroupEvent& e) { deliver(g, e); }
  void replica_replayed(Group& g, const GroupEvent& e) { wake(g, e); }
  void set_peer_presence(int id, std::string state, std::string note, uint64_t seq);
  size_t event_limit() const { return event_limit_; }
  size_t member_limit() const { return member_limit_; }
  CoordHost& host() { return host_; }
  // The replica of a remote group is made (empty, on url) when a session here first joins
  // it, and dropped (its parked clients ended with why) when none is in it any more; a
  // session of this server is (g) or is no longer (nullptr) a member of one.
  Group& add_replica(const std::string& name, const std::string& url);
  void drop_replica(const std::string& name, const std::string& why);
  void replica_member(int session_id, const Group* g);
  void reload(StoredState state);
  // Marks the messages a session read (ainbox -c), and sets or clears a join key.
  void clear_inbox(Group& g, int session_id);
  void set_join_key(Group& g, std::string key);
  // A session was renamed: stored names that follow it (members, inbox) are written again.
  void session_renamed(int session_id);

 private:
  Actor actor(int session_id, const std::string& fallback = "") const;
  void ask_holders(Group& g, int session_id, const LeaseRequest& req, const std::string& reason);
  void lock_remote(Group& g, int session_id, const LeaseRequest& req, const LockOptions& o,
                   CoordDone done);
  void drop_member_state(Group& g, int session_id);
  void wake_lock_waiters(Group& g);
  void record_wait(Group& g, int session_id, time_t since);
  void end_lock_waiters(int session_id, const std::string& why);
  bool hook_wanted(const GroupEvent& e);  // a hook is set for the event, and may fire now
  void queue_hook(const Group& g, const GroupEvent& e);
  void schedule_expiry();
  void announce_state(int session_id, bool always);
  void changed(const Group& g, bool members = false) {
    if (stored(g)) store_->group_changed(g, members);
  }
  // Whether g's changes go to the store (a remote group's live in Redis).
  bool stored(const Group& g) const { return store_ != nullptr && g.remote.empty(); }
  // Its seq, time and version, its effect (apply.h), and what it changed to the store.
  void number_and_apply(Group& g, GroupEvent& e);
  void stored_effect(Group& g, const GroupEvent& e);
  // An applied event's effects on waiters, streams, hooks and watchers (wake; a stored
  // group's wait for the turn's commit).
  void deliver(Group& g, const GroupEvent& e);
  // hook: whether the event's hook may run (decided when the event was made: a hook's own
  // commands fire no hooks).
  void wake(Group& g, const GroupEvent& e, bool hook = true);
  void end_group_clients(uint64_t group_id, const std::string& why);
  // Changes a member's record and reports it to the store.
  template <typename F>
  void tally(Group& g, int session_id, F fn) {
    if (MemberRecord* r = g.record(session_id)) {
      fn(*r);
      if (stored(g)) store_->record_changed(g, *r);
    }
  }
  void open_record(Group& g, int session_id);
  void close_record(Group& g, MemberRecord& r);
  void retire_stored(Group& g, const std::string& name, const std::vector<std::string>& members);
  void reload_group(Group& g, StoredGroup& sg);

  CoordHost& host_;
  CoordStore* store_ = nullptr;
  RemoteBackend* remote_ = nullptr;
  GroupRegistry groups_;
  std::map<int, uint64_t> member_of_;  // session id -> group id
  std::map<int, Presence> presence_;
  std::map<uint64_t, EventWaiter> waiters_;
  std::map<uint64_t, LockWaiter> lock_waiters_;
  std::map<uint64_t, EventStream> streams_;
  struct HeldEvent {
    uint64_t group_id;
    GroupEvent event;
    bool hook;
  };
  std::vector<HeldEvent> held_;  // events of the turn not yet committed
  struct Guesses {
    int wrong = 0;
    time_t locked_until = 0;
  };
  std::map<std::pair<std::string, uint64_t>, Guesses> guesses_;  // (group, guesser)
  size_t event_limit_ = 1000;
  size_t member_limit_ = 256;
  // (group id, member name) -> the record restore closed for it (retired_record).
  std::map<std::pair<uint64_t, std::string>, uint64_t> retired_;
  bool continuing_ = false;
};

}  // namespace amux
