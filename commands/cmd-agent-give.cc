// agent-give (agive): hand a lease the session holds to a member parked in alock -w for
// that path, directly and ahead of any other waiter. The receiver's whole request is
// granted at once (new fencing numbers), or nothing changes.
#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_agent_give(CmdContext& ctx) {
  const std::string& path = ctx.args().at(0);
  Session* s = &ctx.session();
  Group* g = &ctx.group();
  if (!g->remote.empty()) return remote_unsupported(ctx, *g);
  Session* to = ctx.find_session(ctx.args().at(1));
  if (to == nullptr) return CmdStatus::kError;
  if (to == s) return ctx.error("session '" + s->name + "' cannot give a lease to itself");
  if (!g->has_member(to->id))
    return ctx.error("session '" + to->name + "' is not in group '" + g->name + "'");
  std::string error;
  if (!ctx.server()->coord().give_lease(*g, s->id, path, to->id, &ctx.out, &error))
    return ctx.error(error);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentGive("agent-give", "agive", {"t:", 2, 2},
                                        "[-t target-session] path session",
                                        kFlagGroup | kFlagGroupState, exec_agent_give,
                                        TargetKind::kSession);

}  // namespace amux
