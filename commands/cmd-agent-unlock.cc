// agent-unlock (aunlock): release the session's leases on the given paths (exactly as
// locked), or all of them. Waiters whose paths come free are granted at once.
#include "amux/server/agent.h"

namespace amux {

static CmdStatus exec_agent_unlock(CmdContext& ctx) {
  Session* s = &ctx.session();
  Group* g = &ctx.group();
  const auto& paths = ctx.args().positional();
  auto held = [&](const std::string& path) {
    return std::any_of(g->leases.begin(), g->leases.end(),
                       [&](const Lease& l) { return l.holder == s->id && l.path == path; });
  };
  for (const auto& path : paths)
    if (!held(path))
      return ctx.error("path '" + escape_newlines(path) + "' is not locked by session '" + s->name +
                       "'");
  if (paths.empty() && !std::any_of(g->leases.begin(), g->leases.end(),
                                    [&](const Lease& l) { return l.holder == s->id; }))
    return ctx.error("session '" + s->name + "' holds no leases");
  auto which = [&](const Lease& l) {
    return l.holder == s->id &&
           (paths.empty() || std::find(paths.begin(), paths.end(), l.path) != paths.end());
  };
  ctx.server()->coord().release_leases(*g, which, EventKind::kUnlock, &ctx.out);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentUnlock("agent-unlock", "aunlock", {"t:", 0, -1},
                                          "[-t target-session] [path ...]", kFlagGroup,
                                          exec_agent_unlock, TargetKind::kSession);

}  // namespace amux
