// agent-join-group (ajoin): put an agent session into a coordination group, creating the
// group on first use; the first member is the coordinator. A group with a join-key
// (agent-group-option) takes only sessions that give it with -k. -r (or the agent-remote
// option, for a group this server does not have) puts the group on a Redis server. -G and
// -o give the session its agent metadata in the same step (a session without any needs
// -G); a join that fails leaves the metadata as it was.
#include <unistd.h>

#include "amux/coord/coordinator.h"
#include "amux/server/agent.h"
#include "amux/server/client-hub.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_agent_join_group(CmdContext& ctx) {
  const Args& args = ctx.args();
  const std::string& name = args.at(0);
  if (!valid_group_name(name)) return ctx.error("invalid group name: " + name);
  if (args.has('G') && !valid_agent_type(args.get('G')))
    return ctx.error(agent_type_error(args.get('G')));
  if (std::string e = check_objective(args.get('o')); !e.empty()) return ctx.error(e);
  Session* s = &ctx.session();
  if (!s->agent && !args.has('G'))
    return ctx.error("session '" + s->name + "' has no agent metadata");
  Server& server = *ctx.server();
  if (Group* current = server.group_of(*s))
    return ctx.error("session '" + s->name + "' is already in group '" + current->name + "'");
  // -G and -o set the metadata in the same step; a join that fails puts it back.
  std::optional<AgentInfo> before = s->agent;
  if (!s->agent) {
    s->agent.emplace();
    s->agent->created = server.now();
  }
  if (args.has('G')) s->agent->type = args.get('G');
  if (args.has('o')) s->agent->objective = args.get('o');
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
  return await_door(ctx, [&server, id, req, before](CoordDone done) {
    server.coord().request_join(id, req, [&server, id, before, done](CoordResult r) {
      if (r.status != 0)
        if (Session* again = server.sessions().find_id(id)) again->agent = before;
      done(std::move(r));
    });
  });
}

extern const CommandEntry kCmdAgentJoinGroup("agent-join-group", "ajoin", {"G:k:o:r:t:", 1, 1},
                                             "[-G agent-type] [-k join-key] [-o objective] "
                                             "[-r redis-url] [-t target-session] group",
                                             kFlagGroupState, exec_agent_join_group,
                                             TargetKind::kSession);

}  // namespace amux
