// set-agent: give a session agent metadata, or change its type or objective.
#include "amux/coord/coordinator.h"
#include "amux/server/cmd.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_set_agent(CmdContext& ctx) {
  const Args& args = ctx.args();
  if (args.has('G') && !valid_agent_type(args.get('G')))
    return ctx.error(agent_type_error(args.get('G')));
  if (std::string e = check_objective(args.get('o')); !e.empty()) return ctx.error(e);
  Session* s = &ctx.session();
  time_t now = ctx.server()->now();
  if (!s->agent) {
    s->agent.emplace();
    s->agent->created = now;
  }
  if (args.has('G')) s->agent->type = args.get('G');
  ctx.server()->acted(s->id);
  if (args.has('o')) {
    s->agent->objective = args.get('o');
    ctx.server()->coord().objective_changed(s->id, s->agent->objective);
  }
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSetAgent("set-agent", nullptr, {"G:o:t:", 0, 0},
                                       "[-G agent-type] [-o objective] [-t target-session]", 0,
                                       exec_set_agent, TargetKind::kSession);

}  // namespace amux
