// set-hook: run an amux command on each event of a kind (-g: hooks are server-wide);
// -u removes the hook.
#include "amux/base/parse.h"
#include "amux/coord/hooks.h"
#include "amux/server/cmd.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_set_hook(CmdContext& ctx) {
  const Args& args = ctx.args();
  const auto& words = args.positional();
  if (!args.has('g')) return ctx.error("hooks are global: use set-hook -g");
  const std::string& name = words[0];
  if (!valid_hook_name(name))
    return ctx.error("unknown hook: " + name + " (valid: " + hook_names() + ")");
  Server& server = *ctx.server();
  if (args.has('u')) {
    if (words.size() != 1) return ctx.error("-u takes no command");
    server.coord().unset_hook(name);
    return CmdStatus::kOk;
  }
  if (words.size() != 2) return ctx.error("no command given for hook " + name);
  std::string error;
  if (!check_hook_command(words[1], &error)) return ctx.error(error);
  std::vector<std::string> split;
  std::vector<ParsedCommand> list;
  split_command_string(words[1], &split, &error);
  if (!parse_command_list(split, &list, &error)) return ctx.error(error);
  server.coord().set_hook(name, words[1]);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSetHook("set-hook", nullptr, {"gu", 1, 2}, "[-gu] hook [command]", 0,
                                      exec_set_hook);

}  // namespace amux
