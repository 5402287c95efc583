// agent-unlock (aunlock): release the session's leases on the given paths (exactly as
// locked), or all of them. Waiters whose paths come free are granted at once. -f (the
// group's coordinator only) breaks other sessions' leases on the paths.
#include "amux/server/agent.h"
#include "amux/server/server.h"
#include "amux/server/worktrees.h"

namespace amux {

static CmdStatus exec_agent_unlock(CmdContext& ctx) {
  Group* g = &ctx.group();
  if (ctx.args().has('f') && !g->remote.empty()) return remote_unsupported(ctx, *g);
  Server& server = *ctx.server();
  int id = ctx.member();
  std::vector<std::string> paths = ctx.args().positional();
  for (std::string& path : paths) path = server.worktrees().lease_path(ctx.client().cwd, path);
  bool force = ctx.args().has('f');
  return await_door(ctx, [&server, g, id, paths, force](CoordDone done) {
    if (force)
      server.coord().request_break(*g, id, paths, std::move(done));
    else
      server.coord().request_unlock(*g, id, paths, std::move(done));
  });
}

extern const CommandEntry kCmdAgentUnlock("agent-unlock", "aunlock", {"ft:", 0, -1},
                                          "[-f] [-t target-session] [path ...]",
                                          kFlagGroup | kFlagGroupState | kFlagMember, exec_agent_unlock,
                                          TargetKind::kSession);

}  // namespace amux
