// list-agent-groups (lsag): every group with its members, coordinator and context size.
#include "amux/coord/redis.h"
#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_list_agent_groups(CmdContext& ctx) {
  Server& server = *ctx.server();
  auto groups = server.coord().groups();
  if (ctx.args().has('J')) {
    JsonPtr arr(cJSON_CreateArray());
    for (Group* g : groups) cJSON_AddItemToArray(arr.get(), group_json(server, *g).release());
    ctx.print(json_print(arr.get()));
    return CmdStatus::kOk;
  }
  if (ctx.args().has('F')) {
    for (Group* g : groups) {
      FormatContext fc;
      server.server_formats(fc);
      group_formats(server, fc, *g);
      ctx.print(format_expand(ctx.args().get('F'), fc));
    }
    return CmdStatus::kOk;
  }
  ctx.print("Agent Coordination Groups: " + std::to_string(groups.size()));
  for (Group* g : groups) {
    ctx.print("Group: " + g->name);
    if (!g->remote.empty()) ctx.print("  Remote: " + shown_redis_url(g->remote));
    ctx.print("  Members: " + std::to_string(g->members.size()));
    ctx.print("  Coordinator: " +
              (g->members.empty() ? std::string("none") : server.session_name(g->coordinator())));
    ctx.print("  Shared Context: " + plural(g->context.size(), "key", "keys") + " (" +
              plural(g->context_bytes(), "byte", "bytes") + ")");
  }
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdListAgentGroups("list-agent-groups", "lsag", {"F:J", 0, 0},
                                              "[-J] [-F format]", kFlagReadOnly | kFlagGroupState,
                                              exec_list_agent_groups);

}  // namespace amux
