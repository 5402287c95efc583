// The group event log: every change to a group becomes one event with a group-wide
// sequence number; waiters (agent-wait) and streams (agent-events -f) are woken by the
// event itself, never by polling.
#include <event2/event.h>

#include <algorithm>

#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

void event_formats(FormatContext& ctx, const Group& g, const GroupEvent& e) {
  ctx.set("event_group", g.name);
  ctx.set("event_seq", std::to_string(e.seq));
  ctx.set("event_kind", e.kind);
  ctx.set("event_session", e.session);
  ctx.set("event_time", std::to_string(e.time));
  ctx.set("event_key", e.key);
  ctx.set("event_value", escape_newlines(e.value));
  ctx.set("event_data", e.data);
  ctx.set("event_target", e.target);
  ctx.set("event_fence", e.fence ? std::to_string(e.fence) : "");
}

// "12 share dev1 k=v", "13 message dev1 -> dev2: text", "14 lock dev1 src/x.cc fence 14
// exclusive", "15 state dev1 blocked needs review".
static std::string default_line(const GroupEvent& e) {
  std::string line = std::to_string(e.seq) + " " + e.kind + " " + e.session;
  if (!e.target.empty()) line += " -> " + e.target + ":";
  if (!e.key.empty()) line += " " + e.key;
  if (e.kind == "share") line += "=" + escape_newlines(e.value);
  if (e.kind == "message" || e.kind == "state") line += " " + escape_newlines(e.value);
  if (e.fence != 0) line += " fence " + std::to_string(e.fence);
  if (!e.data.empty()) line += " " + escape_newlines(e.data);
  return line;
}

std::string event_line(const Group& g, const GroupEvent& e, bool json, const std::string& format) {
  if (json) {
    JsonPtr j(cJSON_CreateObject());
    cJSON_AddNumberToObject(j.get(), "seq", static_cast<double>(e.seq));
    cJSON_AddStringToObject(j.get(), "group", g.name.c_str());
    cJSON_AddStringToObject(j.get(), "kind", e.kind.c_str());
    cJSON_AddStringToObject(j.get(), "session", e.session.c_str());
    cJSON_AddNumberToObject(j.get(), "time", static_cast<double>(e.time));
    if (!e.key.empty()) cJSON_AddStringToObject(j.get(), "key", e.key.c_str());
    if (e.kind == "share" || e.kind == "message" || e.kind == "state")
      cJSON_AddStringToObject(j.get(), "value", e.value.c_str());
    if (!e.target.empty()) cJSON_AddStringToObject(j.get(), "target", e.target.c_str());
    if (e.fence != 0) cJSON_AddNumberToObject(j.get(), "fence", static_cast<double>(e.fence));
    if (!e.data.empty()) cJSON_AddStringToObject(j.get(), "data", e.data.c_str());
    return json_print(j.get()) + "\n";
  }
  if (format.empty()) return default_line(e) + "\n";
  FormatContext fc;
  event_formats(fc, g, e);
  return format_expand(format, fc) + "\n";
}

void Server::emit(Group& g, const std::string& kind, const Session* s, const std::string& key,
                  const std::string& value, const std::string& data) {
  GroupEvent e;
  e.kind = kind;
  e.session_id = s ? s->id : -1;
  e.session = s ? s->name : "";
  e.key = key;
  e.value = value;
  e.data = data;
  emit(g, std::move(e));
}

bool waiter_matches(const EventWaiter& w, const GroupEvent& e) {
  bool any = w.key.empty() && !w.messages && w.peer < 0;
  if (any) return true;
  if (!w.key.empty() && (e.kind == "share" || e.kind == "unset") && e.key == w.key) return true;
  if (w.messages && e.kind == "message" && e.target_id == w.session_id) return true;
  return w.peer >= 0 && e.kind == "state" && e.session_id == w.peer && e.value == w.state;
}

void Server::emit(Group& g, GroupEvent e) {
  e.seq = ++g.event_seq;
  e.time = now();
  g.events.push_back(e);
  const std::string kind = e.kind;
  size_t limit = static_cast<size_t>(global_options.number("agent-event-limit"));
  while (g.events.size() > limit) g.events.pop_front();

  std::vector<uint64_t> woken, gone;
  for (auto& [id, w] : waiters) {
    if (w.group_id != g.id) continue;
    if (kind == "leave" && (e.session_id == w.session_id || e.session_id == w.peer))
      gone.push_back(id);
    else if (waiter_matches(w, e))
      woken.push_back(id);
  }
  std::vector<uint64_t> cut;
  for (auto& [id, st] : streams)
    if (st.group_id == g.id && !stream_to_client(id, event_line(g, e, st.json, st.format)))
      cut.push_back(id);
  for (uint64_t id : cut) streams.erase(id);
  queue_hook(g, e);
  // Resuming a client runs the rest of its command list, which may change the group:
  // everything needed is computed before the first resume.
  std::vector<std::pair<uint64_t, std::string>> replies;
  for (uint64_t id : woken) replies.emplace_back(id, event_line(g, e, waiters[id].json, ""));
  std::string left = "session '" + e.session + "' left group '" + g.name + "'\n";
  for (uint64_t id : woken) waiters.erase(id);
  for (uint64_t id : gone) waiters.erase(id);
  for (auto& [id, line] : replies) resume_client(id, 0, line, "");
  for (uint64_t id : gone) resume_client(id, 1, "", left);
}

void Server::share(Group& g, Session& s,
                   const std::vector<std::pair<std::string, std::string>>& pairs, ShareMode mode) {
  groups.share(g, pairs, s.id, s.name, now(), mode);
  for (const auto& [key, value] : pairs) emit(g, "share", &s, key, value);
  if (mode.expires != 0) schedule_expiry();
}

void Server::unset(Group& g, Session& s, const std::vector<std::string>& keys) {
  groups.unset(g, keys, now());
  for (const auto& key : keys) emit(g, "unset", &s, key);
}

void Server::add_waiter(EventWaiter w, long timeout_seconds) {
  uint64_t id = w.client_id;
  if (find_client(id) == nullptr) return;
  waiters[id] = std::move(w);
  park(id, timeout_seconds, [this, id] { waiters.erase(id); });
}

void Server::add_stream(EventStream s) {
  ClientConn* c = find_client(s.client_id);
  if (c == nullptr) return;
  uint64_t id = s.client_id;
  streams[id] = std::move(s);
  c->cancel = [this, id] { streams.erase(id); };
}

}  // namespace amux
