// agent-leave-group (aleave): take a session out of its group; the oldest remaining
// member becomes coordinator when the coordinator leaves.
#include "amux/server/agent.h"
#include "amux/server/resurrect.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_agent_leave_group(CmdContext& ctx) {
  if (require_member_group(ctx, ctx.member()) == nullptr) return CmdStatus::kError;
  Server& server = *ctx.server();
  int id = ctx.member();
  server.resurrect().changed();
  return await_door(
      ctx, [&server, id](CoordDone done) { server.coord().request_leave(id, std::move(done)); });
}

extern const CommandEntry kCmdAgentLeaveGroup("agent-leave-group", "aleave", {"t:", 0, 0},
                                              "[-t target-session]", kFlagGroupState | kFlagMember,
                                              exec_agent_leave_group, TargetKind::kSession);

}  // namespace amux
