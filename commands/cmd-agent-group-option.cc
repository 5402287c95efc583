// agent-group-option: set (or with -u unset) an option of a group. The one option is
// join-key: once set, ajoin must give it with -k. Its value is never printed.
#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_agent_group_option(CmdContext& ctx) {
  const Args& args = ctx.args();
  const std::string& name = args.at(0);
  Group* g = ctx.server()->coord().find_group(name);
  if (g == nullptr) return ctx.error("can't find group: " + name);
  if (!g->remote.empty()) return remote_unsupported(ctx, *g);
  if (args.count() < 2) return ctx.error("missing option");
  const std::string& option = args.at(1);
  if (option != "join-key") return ctx.error("unknown group option: " + option);
  if (args.has('u')) {
    if (args.count() > 2) return ctx.error("value given with -u");
    ctx.server()->coord().set_join_key(*g, "");
    return CmdStatus::kOk;
  }
  if (args.count() < 3) {
    ctx.print(std::string("join-key ") + (g->join_key.empty() ? "unset" : "set"));
    return CmdStatus::kOk;
  }
  if (args.at(2).empty()) return ctx.error("invalid value for join-key: empty");
  ctx.server()->coord().set_join_key(*g, args.at(2));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentGroupOption("agent-group-option", "agopt", {"u", 1, 3},
                                               "[-u] group option [value]", kFlagGroupState,
                                               exec_agent_group_option);

}  // namespace amux
