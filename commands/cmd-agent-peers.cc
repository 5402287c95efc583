// agent-peers (apeers): the caller's group, role, peers and shared context; -a adds the
// roster of past members (their final state, note, times and counts). -F prints a line
// a peer (and past member), -J the whole view as JSON.
#include "amux/coord/stats.h"
#include "amux/server/agent.h"
#include "amux/server/server.h"
#include "amux/server/worktrees.h"

namespace amux {

static void print_human(CmdContext& ctx, Server& server, int self, Group& g) {
  ctx.print("Coordination Group: " + g.name);
  ctx.print(std::string("Role: ") + (g.coordinator() == self ? "Coordinator" : "Member"));
  size_t peers = g.members.size() - 1;
  // "2 sessions" while every member is a session, else "3 members".
  bool panes = std::any_of(g.members.begin(), g.members.end(), is_pane_member);
  ctx.print(peers == 0 ? "Peers: None"
                       : "Peers: " + (panes ? plural(peers, "member", "members")
                                            : plural(peers, "session", "sessions")));
  for (int id : g.members) {
    if (id == self) continue;
    PeerInfo p = peer_info(server, id);
    std::string role = g.coordinator() == id ? "Coordinator" : "Member";
    ctx.print("  " + p.name + " (" + role + ", " + p.type + "): " + p.objective);
    if (p.session != nullptr) {
      ctx.print("    State: " + presence_line(server, id));
      if (const AgentInfo* a = server.member_agent(id); a != nullptr && !a->metrics.empty())
        ctx.print("    Metrics: " + metrics_text(*a));
      if (const Worktree* w = server.worktrees().of_member_id(id))
        ctx.print("    Worktree: " + worktree_summary(*w) + " (" + w->path + ")");
    } else {  // another server's session: its state, and where it runs
      const Presence& presence = server.coord().presence(id);
      const RemotePeer* r = server.coord().remote_peer(id);
      ctx.print("    State: " + presence.state +
                (presence.note.empty() ? "" : " (" + presence.note + ")") + ", on " +
                (r != nullptr ? r->host : "?"));
    }
  }
  ctx.print(g.context.empty() ? "Shared Context: None"
                              : "Shared Context: " + plural(g.context.size(), "key", "keys"));
  for (auto& [key, e] : g.context) ctx.print(key + "=" + escape_newlines(e.value));
  ctx.print("Last Coordination: " + format_iso_time(g.last_activity) + " (" +
            ago(g.last_activity, server.now()) + ")");
  if (!ctx.args().has('a')) return;
  size_t past = std::count_if(g.roster.begin(), g.roster.end(),
                              [](const MemberRecord& r) { return r.left != 0; });
  ctx.print(past == 0 ? "Past Members: None" : "Past Members: " + std::to_string(past));
  for (const MemberRecord& r : g.roster) {
    if (r.left == 0) continue;
    ctx.print("  " + r.name + " (" + r.type + "): " + r.state +
              (r.note.empty() ? "" : " (" + r.note + ")") + ", joined " +
              format_iso_time(r.joined) + ", left " + format_iso_time(r.left));
    ctx.print("    " + std::to_string(r.leases) + " leases, " + std::to_string(r.shares) +
              " shares, " + std::to_string(r.messages_sent) + " messages sent");
  }
}

static void print_json(CmdContext& ctx, Server& server, int self, Group& g) {
  JsonPtr j(cJSON_CreateObject());
  cJSON_AddStringToObject(j.get(), "group", g.name.c_str());
  cJSON_AddStringToObject(j.get(), "session", server.session_name(self).c_str());
  cJSON_AddStringToObject(j.get(), "role", role_name(g, self).c_str());
  cJSON* peers = cJSON_AddArrayToObject(j.get(), "peers");
  for (int id : g.members)
    if (id != self) cJSON_AddItemToArray(peers, peer_json(server, g, id).release());
  cJSON_AddItemToObject(j.get(), "context", context_json(server, g).release());
  cJSON_AddNumberToObject(j.get(), "last_coordination", static_cast<double>(g.last_activity));
  if (ctx.args().has('a')) {
    cJSON* past = cJSON_AddArrayToObject(j.get(), "past");
    for (const MemberRecord& r : g.roster)
      if (r.left != 0) cJSON_AddItemToArray(past, record_json(r).release());
  }
  ctx.print(json_print(j.get()));
}

static CmdStatus exec_agent_peers(CmdContext& ctx) {
  Session* s = &ctx.session();
  int self = ctx.member();
  Group* g = &ctx.group();
  Server& server = *ctx.server();
  if (ctx.args().has('J')) {
    print_json(ctx, server, self, *g);
  } else if (ctx.args().has('F')) {
    FormatContext base;
    server.session_formats(base, *s);
    group_formats(server, base, *g);
    for (int id : g->members) {
      if (id == self) continue;
      FormatContext fc(&base);
      peer_formats(server, fc, *g, id);
      if (const MemberRecord* r = g->record(id)) record_formats(fc, *r);
      ctx.print(format_expand(ctx.args().get('F'), fc));
    }
    for (const MemberRecord& r : g->roster) {  // past members: peer_role "past"
      if (!ctx.args().has('a') || r.left == 0) continue;
      FormatContext fc(&base);
      fc.set("peer_name", r.name);
      fc.set("peer_role", "past");
      fc.set("peer_type", r.type);
      fc.set("peer_objective", r.objective);
      fc.set("peer_state", r.state);
      fc.set("peer_note", r.note);
      record_formats(fc, r);
      ctx.print(format_expand(ctx.args().get('F'), fc));
    }
  } else {
    print_human(ctx, server, self, *g);
  }
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentPeers("agent-peers", "apeers", {"aF:Jt:", 0, 0},
                                         "[-aJ] [-F format] [-t target-session]",
                                         kFlagGroup | kFlagReadOnly | kFlagGroupState | kFlagMember,
                                         exec_agent_peers, TargetKind::kSession);

}  // namespace amux
