// The group registry and the validation of group names, keys and values.
#include "amux/coord/group.h"

#include <algorithm>

#include "amux/base/util.h"

namespace amux {

static bool all_of_charset(std::string_view s, std::string_view extra) {
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           extra.find(c) != std::string_view::npos;
  });
}

bool valid_group_name(std::string_view name) {
  return !name.empty() && name.size() <= kMaxGroupNameLength && all_of_charset(name, "._-");
}

bool valid_key(std::string_view key) {
  return !key.empty() && key.size() <= kMaxKeyLength && all_of_charset(key, "._:/-");
}

// check_text(what, text, max): "" or "invalid WHAT: ..." for text that is too long or not
// UTF-8 (NUL included).
static std::string check_text(const char* what, std::string_view text, size_t max) {
  if (text.size() > max)
    return std::string("invalid ") + what + ": longer than " + std::to_string(max) + " bytes";
  if (text.find('\0') != std::string_view::npos || !valid_utf8(text))
    return std::string("invalid ") + what + ": not UTF-8 text";
  return "";
}

std::string check_session_name(std::string_view name) {
  return check_text("session name", name, kMaxSessionName);
}

std::string check_objective(std::string_view objective) {
  return check_text("objective", objective, kMaxObjective);
}

std::string check_note(std::string_view note) {
  if (note.find('\n') != std::string_view::npos || note.size() > kMaxNote)
    return "invalid note: one line of at most " + std::to_string(kMaxNote) + " bytes";
  return check_text("note", note, kMaxNote);
}

std::string check_value(std::string_view key, std::string_view value) {
  if (value.size() > kMaxValueLength) return "value too long for key: " + std::string(key);
  if (value.find('\0') != std::string_view::npos || !valid_utf8(value))
    return "invalid value for key: " + std::string(key) + " (not UTF-8 text)";
  return "";
}

bool Group::has_member(int session_id) const {
  return std::find(members.begin(), members.end(), session_id) != members.end();
}

int Group::remote_id(std::string_view name) const {
  auto it = remote_ids.find(std::string(name));
  return it == remote_ids.end() ? -1 : it->second;
}

std::string Group::remote_name(int session_id) const {
  for (const auto& [name, id] : remote_ids)
    if (id == session_id) return name;
  return "";
}

size_t Group::context_bytes() const {
  size_t n = 0;
  for (const auto& [k, e] : context) n += k.size() + e.value.size();
  return n;
}

Group* GroupRegistry::find(std::string_view name) {
  auto it = groups_.find(name);
  return it == groups_.end() ? nullptr : it->second.get();
}

Group* GroupRegistry::find(uint64_t id) {
  for (auto& [name, g] : groups_)
    if (g->id == id) return g.get();
  return nullptr;
}

Group& GroupRegistry::get_or_create(std::string_view name, time_t now) {
  if (Group* g = find(name)) return *g;
  auto g = std::make_unique<Group>();
  g->id = next_id_++;
  g->name = std::string(name);
  g->created = g->last_activity = now;
  Group& ref = *g;
  groups_.emplace(g->name, std::move(g));
  return ref;
}

Group& GroupRegistry::adopt(std::unique_ptr<Group> g) {
  g->id = next_id_++;
  Group& ref = *g;
  groups_[g->name] = std::move(g);
  return ref;
}

bool GroupRegistry::remove(std::string_view name) {
  auto it = groups_.find(name);
  if (it == groups_.end()) return false;
  groups_.erase(it);
  return true;
}

std::vector<Group*> GroupRegistry::list() {
  std::vector<Group*> out;
  for (auto& [name, g] : groups_) out.push_back(g.get());
  return out;
}

const char* priority_name(Priority p) {
  return p == Priority::kHigh ? "high" : p == Priority::kLow ? "low" : "normal";
}

bool parse_priority(const std::string& name, Priority* p) {
  for (Priority q : {Priority::kLow, Priority::kNormal, Priority::kHigh})
    if (name == priority_name(q)) return *p = q, true;
  return false;
}

bool finishing_state(const std::string& state) {
  return state == "done" || state == "failed";
}

int64_t MemberRecord::seconds_in(const std::string& which, time_t now) const {
  int64_t before = which == "working" ? working : which == "idle" ? idle : blocked;
  bool current = state == which && left == 0 && now > state_since;
  return before + (current ? now - state_since : 0);
}

void MemberRecord::settle(time_t now) {
  int64_t spent = now > state_since ? now - state_since : 0;
  if (state == "working") working += spent;
  if (state == "idle") idle += spent;
  if (state == "blocked") blocked += spent;
  state_since = std::max(state_since, now);
}

void MemberRecord::enter_state(const std::string& new_state, const std::string& new_note,
                               time_t now) {
  settle(now);
  // Setting done or failed finishes the task (again after another state, or when the
  // record began in that state and the member says so now).
  if (finishing_state(new_state) && (new_state != state || finished == 0)) finished = now;
  if (!finishing_state(new_state)) finished = 0;
  state = new_state;
  note = new_note;
}

MemberRecord* Group::record_number(uint64_t number) {
  auto it = std::lower_bound(roster.begin(), roster.end(), number,
                             [](const MemberRecord& r, uint64_t n) { return r.number < n; });
  return it != roster.end() && it->number == number ? &*it : nullptr;
}

MemberRecord* Group::record(int session_id) {
  auto it = record_of.find(session_id);
  return it == record_of.end() ? nullptr : record_number(it->second);
}

}  // namespace amux
