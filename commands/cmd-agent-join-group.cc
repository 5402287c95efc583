// agent-join-group (ajoin): put an agent session into a coordination group, creating the
// group on first use; the first member is the coordinator. A group with a join-key
// (agent-group-option) takes only sessions that give it with -k.
#include "amux/server/agent.h"

namespace amux {

static CmdStatus exec_agent_join_group(CmdContext& ctx) {
  const std::string& name = ctx.args().at(0);
  if (!valid_group_name(name)) return ctx.error("invalid group name: " + name);
  Session* s = &ctx.session();
  if (!s->agent) return ctx.error("session '" + s->name + "' has no agent metadata");
  Server& server = *ctx.server();
  std::string error;
  if (!server.coord().join(s->id, name, &error, ctx.args().get('k'))) return ctx.error(error);
  s->agent->last_activity = server.now();
  Group& g = *server.group_of(*s);
  ctx.print("Session '" + s->name + "' joined group '" + g.name + "'");
  if (g.coordinator() == s->id) {
    ctx.print("First session in group (coordinator)");
    return CmdStatus::kOk;
  }
  std::vector<std::string> peers;
  for (int id : g.members)
    if (id != s->id) peers.push_back(server.session_name(id));
  ctx.print("Discovered " + plural(peers.size(), "peer", "peers") + ": " + join(peers, ", "));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentJoinGroup("agent-join-group", "ajoin", {"k:t:", 1, 1},
                                             "[-k join-key] [-t target-session] group", 0,
                                             exec_agent_join_group, TargetKind::kSession);

}  // namespace amux
