// set-agent: give a session agent metadata, or change its type or objective; for a pane
// member (a pane target, or run in one), the member's. -C and -T keep the conversation id
// and transcript path the agent reported (agent-report does it from a hook's payload).
#include "amux/coord/coordinator.h"
#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_set_agent(CmdContext& ctx) {
  const Args& args = ctx.args();
  if (args.has('G') && !valid_agent_type(args.get('G')))
    return ctx.error(agent_type_error(args.get('G')));
  if (std::string e = check_objective(args.get('o')); !e.empty()) return ctx.error(e);
  for (const char* flag : {"C", "T"}) {
    const std::string& v = args.get(flag[0]);
    if (v.size() > kMaxPathLength || v.find_first_of("\n\r") != std::string::npos || !valid_utf8(v))
      return ctx.error(std::string("invalid -") + flag + ": one line of at most 4096 bytes");
  }
  Server& server = *ctx.server();
  int self = ctx.member();
  AgentInfo* a = server.member_agent(self);
  if (a == nullptr) {  // a session without metadata gets it (a pane member always has it)
    Session* s = &ctx.session();
    s->agent.emplace();
    s->agent->created = server.now();
    a = &*s->agent;
  }
  if (args.has('G')) a->type = args.get('G');
  if (args.has('C')) a->conversation_id = args.get('C');
  if (args.has('T')) a->transcript = args.get('T');
  server.acted(self);
  if (args.has('o')) {
    a->objective = args.get('o');
    server.coord().objective_changed(self, a->objective);
  }
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSetAgent("set-agent", nullptr, {"C:G:o:t:T:", 0, 0},
                                       "[-C conversation-id] [-G agent-type] [-o objective] "
                                       "[-t target-session] [-T transcript-path]",
                                       kFlagMember, exec_set_agent, TargetKind::kSession);

}  // namespace amux
