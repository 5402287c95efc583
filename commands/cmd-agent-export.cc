// agent-export (aexport): a group's whole state (-g, else the session's) as one JSON
// document on stdout, for archiving it or going back to it with agent-import.
#include "amux/coord/archive.h"
#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_agent_export(CmdContext& ctx) {
  Server& server = *ctx.server();
  Group* g = group_of_flag_or_target(ctx);
  if (g == nullptr) return CmdStatus::kError;
  if (!g->remote.empty()) return remote_unsupported(ctx, *g);
  ctx.out += export_group(*g, server.now(), [&](int id) { return server.session_name(id); });
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentExport("agent-export", "aexport", {"g:t:", 0, 0},
                                          "[-g group] [-t target-session]",
                                          kFlagReadOnly | kFlagGroupState, exec_agent_export);

}  // namespace amux
