// Group events: every change in a group is one record, made by the one constructor of its
// kind, and every consumer (the log, waits, streams, hooks) reads that same record. Also
// how an event prints: a line, JSON, or a -F format.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

#include "amux/base/format.h"

namespace amux {

enum class EventKind : uint8_t {
  kJoin,
  kLeave,
  kCoordinator,
  kShare,
  kUnset,
  kMessage,
  kLock,
  kUnlock,
  kExpire,
  kState,
  kObjective,
  kConflict,
  kRead,
  kBreak,
  kGive,
  kNotify,
  kCommand,
  kProgress,
  kResumed,
  kMerged,
  kMergeConflict,
};
constexpr EventKind kLastEventKind = EventKind::kMergeConflict;
const char* event_kind_name(EventKind kind);  // "join", "leave", ...
// The kind a name names; false when it names none. Every reader of a stored, imported or
// streamed event and every -k filter uses this one.
bool parse_event_kind(std::string_view name, EventKind* kind);
std::string event_kind_names();  // "join, leave, ..."

// A session as an event names it: its id and its name at the time.
struct Actor {
  int id = -1;
  std::string name;
};

struct GroupEvent {
  uint64_t seq = 0;  // group-wide, grows by one per event (set when emitted)
  EventKind kind = EventKind::kJoin;
  int session_id = -1;
  std::string session;  // the session's name when it happened
  time_t time = 0;      // set when emitted
  std::string key, value, data;
  std::string target;  // message: the recipient
  int target_id = -1;
  uint64_t fence = 0;  // lock, unlock, expire, break, give: the lease's fencing number
  uint64_t ref = 0;    // message: the id it replies to; read: the id of the message read
  // What the event leaves in the group, for apply_event (apply.h); not printed. The
  // group's version after it (a share's key is at that version); a share's or a lease's
  // expiry (0: never) and a share's ephemeral flag; the pane whose program a lease dies
  // with; a message typed into its recipient's pane; the fencing counter after a lock
  // or a break.
  uint64_t version = 0;
  time_t expires = 0;
  bool ephemeral = false;
  int pane_id = -1;
  bool paste = false;
  uint64_t fence_counter = 0;

  // A join carries the agent's type (value) and objective (data).
  static GroupEvent join(const Actor& who, std::string type = "", std::string objective = "");
  static GroupEvent leave(const Actor& who);
  static GroupEvent coordinator(const Actor& who);
  static GroupEvent share(const Actor& who, std::string key, std::string value);
  // why: "" (asked for), "ephemeral" (its author left) or "expired".
  static GroupEvent unset(const Actor& who, std::string key, std::string why = "");
  // priority: "high" or "low" (in data), "" for normal; reply_to: the id it answers.
  static GroupEvent message(const Actor& from, const Actor& to, std::string text,
                            std::string priority = "", uint64_t reply_to = 0);
  // who read message id, sent by `from`.
  static GroupEvent read(const Actor& who, const Actor& from, uint64_t id);
  // who (the coordinator) broke holder's lease on path; fence: the broken lease's.
  static GroupEvent lease_break(const Actor& who, const Actor& holder, std::string path,
                                uint64_t fence);
  // who handed its lease on path (fence) to `to`.
  static GroupEvent give(const Actor& who, const Actor& to, std::string path, uint64_t fence);
  static GroupEvent lock(const Actor& who, std::string path, uint64_t fence, bool shared);
  static GroupEvent unlock(const Actor& who, std::string path, uint64_t fence);
  static GroupEvent expire(const Actor& who, std::string path, uint64_t fence);
  static GroupEvent state(const Actor& who, std::string state, std::string note);
  static GroupEvent objective(const Actor& who, std::string objective);
  // What an agent's pane said of itself: a desktop notification or the bell (source:
  // osc9, osc777, osc99 or bell; the text), a shell command's end (OSC 133 D: its exit
  // status, "" when not given, and how long it ran, "2.31s"), progress (OSC 9;4: set,
  // error, indeterminate, paused or clear, and the percent).
  static GroupEvent notify(const Actor& who, std::string source, std::string text);
  static GroupEvent command(const Actor& who, std::string status, std::string duration);
  static GroupEvent progress(const Actor& who, std::string state, std::string percent);
  // A member made again after its server's restart, its agent started with its resume
  // command (its type, and the conversation it resumes).
  static GroupEvent resumed(const Actor& who, std::string type, std::string conversation);
  // A member's worktree branch merged into its base (how: fast-forward or merge commit),
  // or refused for the files that conflict.
  static GroupEvent merged(const Actor& who, std::string branch, std::string base, std::string how);
  static GroupEvent merge_conflict(const Actor& who, std::string branch, std::string base,
                                   std::string files);
  // A refused request: what (lock, cas, join), on which path or key, and why ("held by
  // dev1 (fence 3)", "at version 5, expected 3", "wrong join key").
  static GroupEvent conflict(const Actor& who, std::string what, std::string key, std::string why);
};

// Format variables (#{event_kind}, #{event_key}, ...) of an event in a group.
void event_formats(FormatContext& ctx, const std::string& group, const GroupEvent& e);
// One line: "12 share dev1 k=v", JSON (json), or the -F format when one is given.
std::string event_line(const std::string& group, const GroupEvent& e, bool json,
                       const std::string& format);

}  // namespace amux
