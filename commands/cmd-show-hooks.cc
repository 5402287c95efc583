// show-hooks: the hooks that are set, one "name command" line each, by name (-F: with
// hook_name and hook_command; -J).
#include "amux/server/cmd.h"
#include "amux/server/listing.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_show_hooks(CmdContext& ctx) {
  std::vector<FormatContext> items;
  for (const auto& [name, command] : ctx.server()->coord().hooks()) {
    FormatContext& fc = items.emplace_back();
    fc.set("hook_name", name);
    fc.set("hook_command", command);
  }
  print_listing(ctx, items, "#{hook_name} #{hook_command}", {"hook_name", "hook_command"},
                {"hook_command"});
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdShowHooks("show-hooks", nullptr, {"F:gJ", 0, 0}, "[-gJ] [-F format]",
                                        kFlagReadOnly, exec_show_hooks);

}  // namespace amux
