// Group events: the constructor of each kind, and the three ways an event prints (the
// default line, JSON, a -F format), shared by agent-events, agent-wait and hooks.
#include "amux/coord/events.h"

#include "amux/base/json.h"
#include "amux/base/util.h"

namespace amux {

const char* event_kind_name(EventKind kind) {
  static constexpr const char* kNames[] = {
      "join",   "leave", "coordinator", "share",    "unset", "message", "lock", "unlock",
      "expire", "state", "objective",   "conflict", "read",  "break",   "give",
      "notify", "command", "progress", "resumed", "merged", "merge-conflict"};
  return kNames[static_cast<size_t>(kind)];
}

bool parse_event_kind(std::string_view name, EventKind* kind) {
  for (int k = 0; k <= static_cast<int>(kLastEventKind); k++)
    if (name == event_kind_name(static_cast<EventKind>(k)))
      return *kind = static_cast<EventKind>(k), true;
  return false;
}

std::string event_kind_names() {
  std::string all;
  for (int k = 0; k <= static_cast<int>(kLastEventKind); k++)
    all += std::string(all.empty() ? "" : ", ") + event_kind_name(static_cast<EventKind>(k));
  return all;
}

static GroupEvent by(EventKind kind, const Actor& who) {
  GroupEvent e;
  e.kind = kind;
  e.session_id = who.id;
  e.session = who.name;
  return e;
}

GroupEvent GroupEvent::join(const Actor& who, std::string type, std::string objective) {
  GroupEvent e = by(EventKind::kJoin, who);
  e.value = std::move(type);
  e.data = std::move(objective);
  return e;
}
GroupEvent GroupEvent::leave(const Actor& who) {
  return by(EventKind::kLeave, who);
}
GroupEvent GroupEvent::coordinator(const Actor& who) {
  return by(EventKind::kCoordinator, who);
}

// The kinds that say a key and a value (share, notify, progress), and those that say a
// value and its data (state, command).
static GroupEvent keyed(EventKind kind, const Actor& who, std::string key, std::string value) {
  GroupEvent e = by(kind, who);
  e.key = std::move(key);
  e.value = std::move(value);
  return e;
}

static GroupEvent valued(EventKind kind, const Actor& who, std::string value, std::string data) {
  GroupEvent e = by(kind, who);
  e.value = std::move(value);
  e.data = std::move(data);
  return e;
}

GroupEvent GroupEvent::share(const Actor& who, std::string key, std::string value) {
  return keyed(EventKind::kShare, who, std::move(key), std::move(value));
}

GroupEvent GroupEvent::unset(const Actor& who, std::string key, std::string why) {
  GroupEvent e = by(EventKind::kUnset, who);
  e.key = std::move(key);
  e.data = std::move(why);
  return e;
}

GroupEvent GroupEvent::message(const Actor& from, const Actor& to, std::string text,
                               std::string priority, uint64_t reply_to) {
  GroupEvent e = by(EventKind::kMessage, from);
  e.target = to.name;
  e.target_id = to.id;
  e.value = std::move(text);
  e.data = std::move(priority);
  e.ref = reply_to;
  return e;
}

GroupEvent GroupEvent::read(const Actor& who, const Actor& from, uint64_t id) {
  GroupEvent e = by(EventKind::kRead, who);
  e.target = from.name;
  e.target_id = from.id;
  e.ref = id;
  return e;
}

static GroupEvent lease_event(EventKind kind, const Actor& who, std::string path, uint64_t fence) {
  GroupEvent e = by(kind, who);
  e.key = std::move(path);
  e.fence = fence;
  return e;
}

GroupEvent GroupEvent::lock(const Actor& who, std::string path, uint64_t fence, bool shared) {
  GroupEvent e = lease_event(EventKind::kLock, who, std::move(path), fence);
  e.data = shared ? "shared" : "exclusive";
  return e;
}

GroupEvent GroupEvent::unlock(const Actor& who, std::string path, uint64_t fence) {
  return lease_event(EventKind::kUnlock, who, std::move(path), fence);
}

GroupEvent GroupEvent::expire(const Actor& who, std::string path, uint64_t fence) {
  return lease_event(EventKind::kExpire, who, std::move(path), fence);
}

GroupEvent GroupEvent::lease_break(const Actor& who, const Actor& holder, std::string path,
                                   uint64_t fence) {
  GroupEvent e = lease_event(EventKind::kBreak, who, std::move(path), fence);
  e.target = holder.name;
  e.target_id = holder.id;
  return e;
}

GroupEvent GroupEvent::give(const Actor& who, const Actor& to, std::string path, uint64_t fence) {
  GroupEvent e = lease_event(EventKind::kGive, who, std::move(path), fence);
  e.target = to.name;
  e.target_id = to.id;
  return e;
}

GroupEvent GroupEvent::state(const Actor& who, std::string state, std::string note) {
  return valued(EventKind::kState, who, std::move(state), std::move(note));
}

GroupEvent GroupEvent::objective(const Actor& who, std::string objective) {
  GroupEvent e = by(EventKind::kObjective, who);
  e.value = std::move(objective);
  return e;
}

GroupEvent GroupEvent::notify(const Actor& who, std::string source, std::string text) {
  return keyed(EventKind::kNotify, who, std::move(source), std::move(text));
}

GroupEvent GroupEvent::command(const Actor& who, std::string status, std::string duration) {
  return valued(EventKind::kCommand, who, std::move(status), std::move(duration));
}

GroupEvent GroupEvent::progress(const Actor& who, std::string state, std::string percent) {
  return keyed(EventKind::kProgress, who, std::move(state), std::move(percent));
}

GroupEvent GroupEvent::resumed(const Actor& who, std::string type, std::string conversation) {
  return valued(EventKind::kResumed, who, std::move(type), std::move(conversation));
}

GroupEvent GroupEvent::merged(const Actor& who, std::string branch, std::string base,
                              std::string how) {
  GroupEvent e = keyed(EventKind::kMerged, who, std::move(branch), std::move(base));
  e.data = std::move(how);
  return e;
}

GroupEvent GroupEvent::merge_conflict(const Actor& who, std::string branch, std::string base,
                                      std::string files) {
  GroupEvent e = keyed(EventKind::kMergeConflict, who, std::move(branch), std::move(base));
  e.data = std::move(files);
  return e;
}

GroupEvent GroupEvent::conflict(const Actor& who, std::string what, std::string key,
                                std::string why) {
  GroupEvent e = by(EventKind::kConflict, who);
  e.value = std::move(what);
  e.key = std::move(key);
  e.data = std::move(why);
  return e;
}

void event_formats(FormatContext& ctx, const std::string& group, const GroupEvent& e) {
  ctx.set("event_group", group);
  ctx.set("event_seq", std::to_string(e.seq));
  ctx.set("event_kind", event_kind_name(e.kind));
  ctx.set("event_session", e.session);
  ctx.set("event_time", std::to_string(e.time));
  ctx.set("event_key", e.key);
  ctx.set("event_value", escape_newlines(e.value));
  ctx.set("event_data", e.data);
  ctx.set("event_target", e.target);
  ctx.set("event_fence", e.fence ? std::to_string(e.fence) : "");
  ctx.set("event_ref", e.ref ? std::to_string(e.ref) : "");
  bool join = e.kind == EventKind::kJoin;
  ctx.set("event_type", join ? e.value : "");
  ctx.set("event_objective", join ? e.data : e.kind == EventKind::kObjective ? e.value : "");
  bool command = e.kind == EventKind::kCommand;
  ctx.set("event_status", command ? e.value : "");
  ctx.set("event_duration", command ? e.data : "");
}

// The kinds whose value is part of what they say (a join's type and objective are in
// JSON and formats only: its line stays short).
static bool has_value(EventKind kind) {
  return kind == EventKind::kShare || kind == EventKind::kMessage || kind == EventKind::kState ||
         kind == EventKind::kObjective || kind == EventKind::kConflict ||
         kind == EventKind::kNotify || kind == EventKind::kCommand || kind == EventKind::kProgress ||
         kind == EventKind::kResumed || kind == EventKind::kMerged ||
         kind == EventKind::kMergeConflict;
}

// "12 share dev1 k=v", "13 message dev1 -> dev2: text", "14 lock dev1 src/x.cc fence 14
// exclusive", "15 state dev1 blocked needs review".
static std::string default_line(const GroupEvent& e) {
  std::string line = std::to_string(e.seq) + " " + event_kind_name(e.kind) + " " + e.session;
  if (e.kind == EventKind::kConflict)  // "12 conflict dev2 lock src/x.cc: held by dev1"
    return line + " " + e.value + (e.key.empty() ? "" : " " + e.key) + ": " + e.data;
  if (e.kind == EventKind::kRead)  // "14 read dev2 13 from dev1"
    return line + " " + std::to_string(e.ref) + " from " + e.target;
  if (e.kind == EventKind::kMessage) {  // "13 message dev1 -> dev2: text (re 9, high)"
    line += " -> " + e.target + ": " + escape_newlines(e.value);
    std::string extra = e.ref ? "re " + std::to_string(e.ref) : "";
    if (!e.data.empty()) extra += (extra.empty() ? "" : ", ") + e.data;
    return extra.empty() ? line : line + " (" + extra + ")";
  }
  if (!e.target.empty()) line += " -> " + e.target + ":";
  if (!e.key.empty()) line += " " + e.key;
  if (e.kind == EventKind::kShare) line += "=" + escape_newlines(e.value);
  if (has_value(e.kind) && e.kind != EventKind::kShare && !e.value.empty())
    line += " " + escape_newlines(e.value);
  if (e.fence != 0) line += " fence " + std::to_string(e.fence);
  if (!e.data.empty() && e.kind != EventKind::kJoin) line += " " + escape_newlines(e.data);
  return line;
}

static std::string json_line(const std::string& group, const GroupEvent& e) {
  JsonPtr j(cJSON_CreateObject());
  cJSON_AddNumberToObject(j.get(), "seq", static_cast<double>(e.seq));
  cJSON_AddStringToObject(j.get(), "group", group.c_str());
  cJSON_AddStringToObject(j.get(), "kind", event_kind_name(e.kind));
  cJSON_AddStringToObject(j.get(), "session", e.session.c_str());
  cJSON_AddNumberToObject(j.get(), "time", static_cast<double>(e.time));
  if (!e.key.empty()) cJSON_AddStringToObject(j.get(), "key", e.key.c_str());
  if (has_value(e.kind)) cJSON_AddStringToObject(j.get(), "value", e.value.c_str());
  if (!e.target.empty()) cJSON_AddStringToObject(j.get(), "target", e.target.c_str());
  if (e.fence != 0) cJSON_AddNumberToObject(j.get(), "fence", static_cast<double>(e.fence));
  if (e.ref != 0)
    cJSON_AddNumberToObject(j.get(), e.kind == EventKind::kRead ? "message" : "reply_to",
                            static_cast<double>(e.ref));
  if (e.kind == EventKind::kJoin) {
    cJSON_AddStringToObject(j.get(), "type", e.value.c_str());
    cJSON_AddStringToObject(j.get(), "objective", e.data.c_str());
  } else if (e.kind == EventKind::kMessage) {
    cJSON_AddStringToObject(j.get(), "priority", e.data.empty() ? "normal" : e.data.c_str());
  } else if (!e.data.empty()) {
    cJSON_AddStringToObject(j.get(), "data", e.data.c_str());
  }
  return json_print(j.get());
}

std::string event_line(const std::string& group, const GroupEvent& e, bool json,
                       const std::string& format) {
  if (json) return json_line(group, e) + "\n";
  if (format.empty()) return default_line(e) + "\n";
  FormatContext fc;
  event_formats(fc, group, e);
  return format_expand(format, fc) + "\n";
}

}  // namespace amux
