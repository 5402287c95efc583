// agent-delete-group: remove a group that no session belongs to, with its context.
#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_agent_delete_group(CmdContext& ctx) {
  const std::string& name = ctx.args().at(0);
  Server& server = *ctx.server();
  std::string error;
  if (Group* g = server.coord().find_group(name); g != nullptr && !g->remote.empty())
    return remote_unsupported(ctx, *g);
  if (!server.coord().delete_group(name, &error)) return ctx.error(error);
  server.check_exit();
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentDeleteGroup("agent-delete-group", "adelete", {"", 1, 1}, "group",
                                               kFlagGroupState, exec_agent_delete_group);

}  // namespace amux
