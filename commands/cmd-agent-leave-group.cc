// agent-leave-group (aleave): take a session out of its group; the oldest remaining
// member becomes coordinator when the coordinator leaves.
#include "amux/server/agent.h"

namespace amux {

// A remote group's leave is Redis's: the lines come from the replica once it is done.
static CmdStatus leave_remote(CmdContext& ctx, Session& s, Group& g) {
  Server& server = *ctx.server();
  bool was_coordinator = g.coordinator() == s.id;
  std::string group = g.name, name = s.name;
  int id = s.id;
  if (s.agent) s.agent->last_activity = server.now();
  return remote_wait(
      ctx, [&server, &g, id](RemoteDone done) { server.remote().leave(g, id, done); },
      [&server, group, name, was_coordinator](const RemoteResult& r, std::string* out,
                                              std::string* err) {
        if (!r.ok) return *err = r.error + "\n", 1;
        Group* g = server.coord().find_group(group);
        size_t remaining = g != nullptr ? g->members.size() : 0;
        *out += "Session '" + name + "' left group '" + group + "'\n";
        *out += "Removed from " + plural(remaining, "peer", "peers") + "\n";
        if (g != nullptr && was_coordinator && !g->members.empty())
          *out += "Coordinator is now " + server.session_name(g->coordinator()) + "\n";
        return 0;
      });
}

static CmdStatus exec_agent_leave_group(CmdContext& ctx) {
  Session* s = &ctx.session();
  Group* g = require_group(ctx, *s);
  if (g == nullptr) return CmdStatus::kError;
  if (!g->remote.empty()) return leave_remote(ctx, *s, *g);
  Server& server = *ctx.server();
  LeaveResult r = server.coord().leave(s->id);
  if (s->agent) s->agent->last_activity = server.now();
  ctx.print("Session '" + s->name + "' left group '" + r.group->name + "'");
  ctx.print("Removed from " + plural(r.remaining, "peer", "peers"));
  if (r.new_coordinator >= 0)
    ctx.print("Coordinator is now " + server.session_name(r.new_coordinator));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentLeaveGroup("agent-leave-group", "aleave", {"t:", 0, 0},
                                              "[-t target-session]", kFlagGroupState,
                                              exec_agent_leave_group, TargetKind::kSession);

}  // namespace amux
