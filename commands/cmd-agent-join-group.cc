// agent-join-group (ajoin): put an agent session into a coordination group, creating the
// group on first use; the first member is the coordinator. A group with a join-key
// (agent-group-option) takes only sessions that give it with -k. -r (or the agent-remote
// option, for a group this server does not have) puts the group on a Redis server.
#include <unistd.h>

#include "amux/server/agent.h"
#include "amux/server/client-hub.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_agent_join_group(CmdContext& ctx) {
  const std::string& name = ctx.args().at(0);
  if (!valid_group_name(name)) return ctx.error("invalid group name: " + name);
  Session* s = &ctx.session();
  if (!s->agent) return ctx.error("session '" + s->name + "' has no agent metadata");
  Server& server = *ctx.server();
  if (Group* current = server.group_of(*s))
    return ctx.error("session '" + s->name + "' is already in group '" + current->name + "'");
  JoinRequest req;
  req.group = name;
  req.key = ctx.args().get('k');
  Group* existing = server.coord().find_group(name);
  req.url = ctx.args().has('r')   ? ctx.args().get('r')
            : existing != nullptr ? existing->remote
                                  : s->options.get("agent-remote");
  if (!req.url.empty() && ctx.args().has('k'))
    return ctx.error("-k: join keys are not supported for remote groups");
  req.guesser = getuid();  // a hook's command: the server's owner
  if (ClientConn* c = server.clients().find_client(ctx.client_id())) req.guesser = c->uid;
  int id = s->id;
  return await_door(ctx, [&server, id, req](CoordDone done) {
    server.coord().request_join(id, req, std::move(done));
  });
}

extern const CommandEntry kCmdAgentJoinGroup("agent-join-group", "ajoin", {"k:r:t:", 1, 1},
                                             "[-k join-key] [-r redis-url] [-t target-session] "
                                             "group",
                                             kFlagGroupState, exec_agent_join_group,
                                             TargetKind::kSession);

}  // namespace amux
