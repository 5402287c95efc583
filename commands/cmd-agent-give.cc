// agent-give (agive): hand a lease the session holds to a member parked in alock -w for
// that path, directly and ahead of any other waiter. The receiver's whole request is
// granted at once (new fencing numbers), or nothing changes.
#include "amux/server/agent.h"
#include "amux/server/server.h"
#include "amux/server/worktrees.h"

namespace amux {

static CmdStatus exec_agent_give(CmdContext& ctx) {
  std::string path = ctx.server()->worktrees().lease_path(ctx.client().cwd, ctx.args().at(0));
  Group* g = &ctx.group();
  if (!g->remote.empty()) return remote_unsupported(ctx, *g);
  int self = ctx.member(), to = recipient(ctx, *g, ctx.args().at(1));
  if (to < 0) return CmdStatus::kError;
  if (to == self)
    return ctx.error(ctx.server()->coord().who(self) + " cannot give a lease to itself");
  std::string error;
  if (!ctx.server()->coord().give_lease(*g, self, path, to, &ctx.out, &error))
    return ctx.error(error);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentGive("agent-give", "agive", {"t:", 2, 2},
                                        "[-t target-session] path member",
                                        kFlagGroup | kFlagGroupState | kFlagMember, exec_agent_give,
                                        TargetKind::kSession);

}  // namespace amux
