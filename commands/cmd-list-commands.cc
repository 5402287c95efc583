// list-commands: print the command table (name, alias, usage), or one command, or -F.
#include "amux/base/format.h"
#include "amux/server/cmd.h"

namespace amux {

static CmdStatus exec_list_commands(CmdContext& ctx) {
  const CommandEntry* only = nullptr;
  if (ctx.args().count() > 0) {
    std::string error;
    only = find_command(ctx.args().at(0), &error);
    if (only == nullptr) return ctx.error(error);
  }
  std::string fmt =
      ctx.args().get('F',
                     "#{command_list_name}#{?command_list_alias, (#{command_list_alias}),}"
                     "#{?command_list_usage, #{command_list_usage},}");
  for (const CommandEntry* e : command_table()) {
    if (only != nullptr && e != only) continue;
    FormatContext fc;
    fc.set("command_list_name", e->name);
    fc.set("command_list_alias", e->alias ? e->alias : "");
    fc.set("command_list_usage", e->usage);
    ctx.print(format_expand(fmt, fc));
  }
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdListCommands("list-commands", "lscm", {"F:", 0, 1},
                                           "[-F format] [command]", kFlagNoServer | kFlagReadOnly,
                                           exec_list_commands);

}  // namespace amux
