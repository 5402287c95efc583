// agent-locks (alocks): the leases of a group (-g, or the target session's), in the
// order they were granted.
#include "amux/server/agent.h"
#include "amux/server/listing.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_agent_locks(CmdContext& ctx) {
  Server& server = *ctx.server();
  Group* g;
  if (ctx.args().has('g')) {
    g = server.coord().find_group(ctx.args().get('g'));
    if (g == nullptr) return ctx.error("can't find group: " + ctx.args().get('g'));
  } else {
    if (!ctx.resolve_member()) return CmdStatus::kError;
    g = require_member_group(ctx, ctx.member());
    if (g == nullptr) return CmdStatus::kError;
  }
  time_t now = server.now();
  std::vector<FormatContext> items;
  for (const Lease& l : g->leases) {
    FormatContext& fc = items.emplace_back();
    fc.set("lock_path", l.path);
    fc.set("lock_mode", l.shared ? "shared" : "exclusive");
    fc.set("lock_holder", server.session_name(l.holder, l.holder_name));
    fc.set("lock_pane", l.pane_id >= 0 ? "%" + std::to_string(l.pane_id) : "");
    fc.set("lock_fence", std::to_string(l.fence));
    fc.set("lock_expires", std::to_string(l.expires));
    fc.set("lock_remaining", std::to_string(l.expires > now ? l.expires - now : 0));
    fc.set("lock_group", g->name);
  }
  print_listing(ctx, items,
                "#{lock_path} #{lock_mode} #{lock_holder} fence #{lock_fence} "
                "expires in #{lock_remaining}s",
                {"lock_path", "lock_mode", "lock_holder", "lock_pane", "lock_fence", "lock_expires",
                 "lock_remaining"},
                {"lock_path", "lock_holder"});
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentLocks("agent-locks", "alocks", {"F:g:Jt:", 0, 0},
                                         "[-J] [-F format] [-g group | -t target-session]",
                                         kFlagReadOnly | kFlagGroupState, exec_agent_locks);

}  // namespace amux
