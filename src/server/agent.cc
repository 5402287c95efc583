// Group and peer views for the agent commands: formats and JSON built from the registry.
#include "amux/server/agent.h"

#include <optional>

#include "amux/coord/redis.h"
#include "amux/server/client-hub.h"
#include "amux/server/server.h"
#include "amux/server/worktrees.h"
#include "amux/server/session-tree.h"

namespace amux {

Group* require_group(CmdContext& ctx, Session& s) {
  Group* g = ctx.server()->group_of(s);
  if (g == nullptr) ctx.error("session '" + s.name + "' is not in a coordination group");
  return g;
}

Group* require_member_group(CmdContext& ctx, int member) {
  Coordinator& coord = ctx.server()->coord();
  Group* g = coord.group_of(member);
  if (g == nullptr) ctx.error(coord.who(member) + " is not in a coordination group");
  return g;
}

bool parse_event_filter(CmdContext& ctx, int self, EventFilter* filter) {
  const Args& args = ctx.args();
  std::string error;
  if (args.has('k') && !filter->set_kinds(args.get('k'), &error)) return ctx.error(error), false;
  if (args.has('a') && args.get('a').empty()) return ctx.error("empty author"), false;
  filter->author = args.get('a');
  if (args.has('K') && args.get('K').empty()) return ctx.error("empty key pattern"), false;
  filter->key_glob = args.get('K');
  if (args.has('o') && self < 0) return ctx.error("-o needs a session"), false;
  if (args.has('o')) filter->own = ctx.server()->session_name(self);
  return true;
}

Group* group_of_flag_or_target(CmdContext& ctx) {
  if (ctx.args().has('g') && ctx.args().has('t'))
    return ctx.error("-t and -g cannot be used together"), nullptr;
  if (ctx.args().has('g')) {
    Group* g = ctx.server()->coord().find_group(ctx.args().get('g'));
    if (g == nullptr) ctx.error("can't find group: " + ctx.args().get('g'));
    return g;
  }
  return ctx.resolve_member() ? require_member_group(ctx, ctx.member()) : nullptr;
}

int recipient(CmdContext& ctx, Group& g, const std::string& name) {
  Server& server = *ctx.server();
  if (int id = server.find_member(g, name); id >= 0) return id;
  if (!name.empty() && name[0] == '%') {  // a pane member by its pane
    long long pane;
    if (parse_int(name.substr(1), 0, INT32_MAX, &pane) && pane < kPaneMemberBase &&
        g.has_member(pane_member_id(static_cast<int>(pane))))
      return pane_member_id(static_cast<int>(pane));
  }
  Session* r = ctx.find_session(name);
  if (r == nullptr) return -1;
  if (!g.has_member(r->id))
    return ctx.error("session '" + r->name + "' is not in group '" + g.name + "'"), -1;
  return r->id;
}

std::string role_name(const Group& g, int session_id) {
  return g.coordinator() == session_id ? "coordinator" : "member";
}

void group_formats(Server& server, FormatContext& ctx, Group& g) {
  ctx.set("group_name", g.name);
  ctx.set("group_members", std::to_string(g.members.size()));
  ctx.set("group_coordinator", g.members.empty() ? "" : peer_info(server, g.coordinator()).name);
  ctx.set("group_remote", shown_redis_url(g.remote));
  ctx.set("group_context_keys", std::to_string(g.context.size()));
  ctx.set("group_context_bytes", std::to_string(g.context_bytes()));
  ctx.set("group_version", std::to_string(g.version));
  ctx.set("group_created", std::to_string(g.created));
  ctx.set("group_activity", std::to_string(g.last_activity));
}

PeerInfo peer_info(Server& server, int id) {
  PeerInfo p;
  if (const RemotePeer* r = server.coord().remote_peer(id)) {
    p.name = r->name;
    p.type = r->type;
    p.objective = r->objective;
    return p;
  }
  p.pane = server.member_pane(id);
  p.session = server.member_session(id);
  if (p.session != nullptr) p.name = server.session_name(id);
  // In a remote group, a member is shown by its name there (host:name on a clash).
  if (Group* g = p.session != nullptr ? server.coord().group_of(id) : nullptr)
    if (std::string n = g->remote_name(id); !n.empty()) p.name = n;
  if (const AgentInfo* a = p.session != nullptr ? server.member_agent(id) : nullptr) {
    p.type = a->type;
    p.objective = a->objective;
  }
  return p;
}

// An answer may come before the command returns: it is then the command's own result;
// one from the loop later resumes the parked client. (The completion holds only this
// shared state, so it needs no allocation of its own.)
struct DoorWait {
  Server* server;
  uint64_t client;
  bool parked = false, live = true;
  std::optional<CoordResult> early;
};

std::shared_ptr<DoorWait> door_wait(CmdContext& ctx) {
  auto w = std::make_shared<DoorWait>();
  w->server = ctx.server();
  w->client = ctx.client_id();
  return w;
}

CoordDone door_done(const std::shared_ptr<DoorWait>& w) {
  return [w](CoordResult r) {
    if (!w->live) return;
    if (!w->parked) {
      w->early = std::move(r);
      return;
    }
    w->live = false;
    w->server->clients().resume_client(w->client, r.status, r.out, r.err);
  };
}

CmdStatus door_status(CmdContext& ctx, const std::shared_ptr<DoorWait>& w) {
  if (w->early) {
    w->live = false;
    if (w->early->parked) return CmdStatus::kWait;
    ctx.out += w->early->out;
    ctx.err += w->early->err;
    return w->early->status == 0 ? CmdStatus::kOk : CmdStatus::kError;
  }
  if (w->client == 0 || w->server->clients().find_client(w->client) == nullptr) {
    w->live = false;  // nothing can wait (a hook, the configuration file): the request goes on
    return CmdStatus::kOk;
  }
  w->parked = true;
  w->server->clients().park(w->client, -1, [w] { w->live = false; });
  return CmdStatus::kWait;
}

CmdStatus remote_unsupported(CmdContext& ctx, const Group& g) {
  return ctx.error(std::string(ctx.entry().name) + ": not supported for remote group '" + g.name +
                   "'");
}

static time_t member_last_output(Server& server, int member) {
  if (Pane* p = server.member_pane(member)) return p->last_output;
  Session* s = server.sessions().find_id(member);
  return s != nullptr ? server.last_output(*s) : 0;
}

static std::string member_last_command(Server& server, int member) {
  Session* s = server.member_pane(member) ? nullptr : server.sessions().find_id(member);
  return s != nullptr ? s->last_command : "";
}

void peer_formats(Server& server, FormatContext& ctx, Group& g, int session_id) {
  PeerInfo p = peer_info(server, session_id);
  Session* s = p.session;
  bool known = s != nullptr || !p.name.empty();
  ctx.set("peer_name", p.name);
  ctx.set("peer_id", p.pane ? "%" + std::to_string(p.pane->id)
                     : s    ? "$" + std::to_string(session_id)
                            : "");
  ctx.set("peer_session", s ? s->name : "");
  ctx.set("peer_pane", p.pane ? "%" + std::to_string(p.pane->id) : "");
  ctx.set("peer_role", role_name(g, session_id));
  ctx.set("peer_type", p.type);
  ctx.set("peer_objective", p.objective);
  const Presence& presence = server.coord().presence(session_id);
  ctx.set("peer_state", known ? presence.state : "");
  ctx.set("peer_note", known ? presence.note : "");
  time_t out = s ? member_last_output(server, session_id) : 0;
  ctx.set("peer_last_output", out ? std::to_string(out) : "");
  ctx.set("peer_last_command", s && !p.pane ? s->last_command : "");
  const AgentInfo* a = s ? server.member_agent(session_id) : nullptr;
  ctx.set("peer_metrics", a ? metrics_text(*a) : "");
  if (a != nullptr)
    for (const auto& [name, value] : a->metrics) ctx.set("peer_metric_" + name, value);
  ctx.set("peer_conversation_id", a ? a->conversation_id : "");
  worktree_formats(ctx, "peer", s ? server.worktrees().of_member_id(session_id) : nullptr);
}

void presence_json(Server& server, cJSON* j, int member) {
  const Presence& presence = server.coord().presence(member);
  cJSON_AddStringToObject(j, "state", presence.state.c_str());
  cJSON_AddStringToObject(j, "note", presence.note.c_str());
  if (time_t out = member_last_output(server, member))
    cJSON_AddNumberToObject(j, "last_output", static_cast<double>(out));
  else
    cJSON_AddNullToObject(j, "last_output");
  std::string command = member_last_command(server, member);
  if (command.empty())
    cJSON_AddNullToObject(j, "last_command");
  else
    cJSON_AddStringToObject(j, "last_command", command.c_str());
}

std::string presence_line(Server& server, int member) {
  const Presence& presence = server.coord().presence(member);
  std::string line = presence.state;
  if (!presence.note.empty()) line += " (" + presence.note + ")";
  time_t out = member_last_output(server, member);
  line += ", last output " + (out ? ago(out, server.now()) : std::string("never"));
  std::string command = member_last_command(server, member);
  line += ", last command " + (command.empty() ? std::string("none") : command);
  return line;
}

JsonPtr peer_json(Server& server, Group& g, int session_id) {
  PeerInfo p = peer_info(server, session_id);
  Session* s = p.session;
  JsonPtr j(cJSON_CreateObject());
  cJSON_AddStringToObject(j.get(), "name", p.name.c_str());
  if (p.pane != nullptr)
    cJSON_AddStringToObject(j.get(), "id", ("%" + std::to_string(p.pane->id)).c_str());
  else if (s != nullptr)
    cJSON_AddStringToObject(j.get(), "id", ("$" + std::to_string(session_id)).c_str());
  else
    cJSON_AddNullToObject(j.get(), "id");
  cJSON_AddStringToObject(j.get(), "role", role_name(g, session_id).c_str());
  cJSON_AddStringToObject(j.get(), "type", p.type.c_str());
  cJSON_AddStringToObject(j.get(), "objective", p.objective.c_str());
  if (s != nullptr) {
    presence_json(server, j.get(), session_id);
    add_metrics_json(j.get(), server.member_agent(session_id));
    if (const Worktree* w = server.worktrees().of_member_id(session_id)) {
      cJSON* wj = cJSON_AddObjectToObject(j.get(), "worktree");
      cJSON_AddStringToObject(wj, "path", w->path.c_str());
      cJSON_AddStringToObject(wj, "branch", w->branch.c_str());
      cJSON_AddStringToObject(wj, "base", w->base.c_str());
      for (auto [name, n] : {std::pair{"ahead", w->ahead}, {"behind", w->behind}, {"changes", w->changes}})
        if (w->known)
          cJSON_AddNumberToObject(wj, name, n);
        else
          cJSON_AddNullToObject(wj, name);
    }
  } else if (!p.name.empty()) {  // another server's: its state and note only
    const Presence& presence = server.coord().presence(session_id);
    cJSON_AddStringToObject(j.get(), "state", presence.state.c_str());
    cJSON_AddStringToObject(j.get(), "note", presence.note.c_str());
  }
  return j;
}

JsonPtr context_json(Server& server, Group& g) {
  JsonPtr arr(cJSON_CreateArray());
  for (auto& [key, e] : g.context) {
    cJSON* item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "key", key.c_str());
    cJSON_AddStringToObject(item, "value", e.value.c_str());
    cJSON_AddStringToObject(item, "author",
                            server.session_name(e.author_id, e.author_name).c_str());
    cJSON_AddNumberToObject(item, "version", static_cast<double>(e.version));
    cJSON_AddNumberToObject(item, "time", static_cast<double>(e.time));
    cJSON_AddItemToArray(arr.get(), item);
  }
  return arr;
}

JsonPtr group_json(Server& server, Group& g) {
  JsonPtr j(cJSON_CreateObject());
  cJSON_AddStringToObject(j.get(), "name", g.name.c_str());
  cJSON* members = cJSON_AddArrayToObject(j.get(), "members");
  for (int id : g.members) cJSON_AddItemToArray(members, peer_json(server, g, id).release());
  if (g.members.empty())
    cJSON_AddNullToObject(j.get(), "coordinator");
  else
    cJSON_AddStringToObject(j.get(), "coordinator",
                            peer_info(server, g.coordinator()).name.c_str());
  if (g.remote.empty())
    cJSON_AddNullToObject(j.get(), "remote");
  else
    cJSON_AddStringToObject(j.get(), "remote", shown_redis_url(g.remote).c_str());
  cJSON_AddNumberToObject(j.get(), "context_keys", static_cast<double>(g.context.size()));
  cJSON_AddNumberToObject(j.get(), "context_bytes", static_cast<double>(g.context_bytes()));
  cJSON_AddNumberToObject(j.get(), "version", static_cast<double>(g.version));
  cJSON_AddNumberToObject(j.get(), "created", static_cast<double>(g.created));
  cJSON_AddNumberToObject(j.get(), "last_activity", static_cast<double>(g.last_activity));
  return j;
}

std::string metrics_text(const AgentInfo& a) {
  std::string out;
  for (const auto& [name, value] : a.metrics) out += (out.empty() ? "" : " ") + name + "=" + value;
  return out;
}

void add_metrics_json(cJSON* j, const AgentInfo* a) {
  if (a == nullptr || a->metrics.empty()) return;
  cJSON* m = cJSON_AddObjectToObject(j, "metrics");
  for (const auto& [name, value] : a->metrics) cJSON_AddStringToObject(m, name.c_str(), value.c_str());
}

std::vector<WaitingMember> waiting_members(Server& server) {
  std::vector<WaitingMember> out;
  for (Group* g : server.coord().groups())
    for (int id : g->members) {
      const Presence& p = server.coord().presence(id);
      if (p.state != "waiting") continue;
      const MemberRecord* r = g->record(id);
      out.push_back(
          {id, server.session_name(id, "?"), p.note, r != nullptr ? r->state_since : 0, p.seq});
    }
  std::stable_sort(out.begin(), out.end(), [](const WaitingMember& a, const WaitingMember& b) {
    return a.since != b.since ? a.since < b.since : a.seq < b.seq;
  });
  return out;
}

bool session_in_group(Server& server, const Group& g, int session_id) {
  for (int id : g.members)
    if (id == session_id || (is_pane_member(id) && server.member_session(id) != nullptr &&
                             server.member_session(id)->id == session_id))
      return true;
  return false;
}

std::string ago(time_t then, time_t now) {
  long long d = now > then ? static_cast<long long>(now - then) : 0;
  return plural(static_cast<size_t>(d), "second", "seconds") + " ago";
}

}  // namespace amux
