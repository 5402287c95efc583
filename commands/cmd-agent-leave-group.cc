// agent-leave-group (aleave): take a session out of its group; the oldest remaining
// member becomes coordinator when the coordinator leaves.
#include "amux/server/agent.h"

namespace amux {

static CmdStatus exec_agent_leave_group(CmdContext& ctx) {
  Session* s = &ctx.session();
  if (require_group(ctx, *s) == nullptr) return CmdStatus::kError;
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
                                              "[-t target-session]", 0, exec_agent_leave_group,
                                              TargetKind::kSession);

}  // namespace amux
