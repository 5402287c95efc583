// show-hooks: the hooks that are set, one "name command" line each, by name.
#include "amux/cmd.h"
#include "amux/server.h"

namespace amux {

static CmdStatus exec_show_hooks(CmdContext& ctx) {
  for (const auto& [name, command] : ctx.server()->hooks) ctx.print(name + " " + command);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdShowHooks = {
    "show-hooks", nullptr, {"g", 0, 0}, "[-g]", 0, exec_show_hooks};

}  // namespace amux
