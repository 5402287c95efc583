// agent-resume-command (aresume): how an agent of a type is started again on its own
// conversation when a restart brings its member back (resurrect.h): a format, with
// #{agent_conversation_id} (and #{agent_transcript}, #{agent_type}) each given to the
// shell as one quoted word. Without a command it prints the type's (or, without a type,
// every type's); -u removes one.
#include "amux/server/server.h"
#include "amux/server/session.h"

namespace amux {

static CmdStatus exec_agent_resume_command(CmdContext& ctx) {
  const Args& args = ctx.args();
  auto& table = ctx.server()->resume_commands;
  if (args.count() == 0) {
    if (args.has('u')) return ctx.error("-u needs an agent type");
    for (const auto& [type, command] : table) ctx.print(type + " " + command);
    return CmdStatus::kOk;
  }
  const std::string& type = args.at(0);
  if (!valid_agent_type(type)) return ctx.error(agent_type_error(type));
  if (args.has('u')) {
    if (args.count() > 1) return ctx.error("-u takes no command");
    if (table.erase(type) == 0) return ctx.error("no resume command for " + type);
    return CmdStatus::kOk;
  }
  if (args.count() == 1) {
    auto it = table.find(type);
    if (it == table.end()) return ctx.error("no resume command for " + type);
    ctx.print(type + " " + it->second);
    return CmdStatus::kOk;
  }
  const std::string& command = args.at(1);
  if (command.empty() || command.size() > 4096 || command.find_first_of("\n\r") != std::string::npos)
    return ctx.error("invalid resume command: one line of at most 4096 bytes");
  table[type] = command;
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentResumeCommand("agent-resume-command", "aresume", {"u", 0, 2},
                                                 "[-u] [agent-type [command]]", 0,
                                                 exec_agent_resume_command);

}  // namespace amux
