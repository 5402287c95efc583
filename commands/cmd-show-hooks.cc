// show-hooks: the hooks set at one level, "name[index] command" a line: the -t session's
// (or the current one's), -g global session hooks, -w the window's, -p the pane's, -gw
// global window hooks. A hook name shows that hook only. -F with hook_name, hook_index
// and hook_command; -J.
#include "amux/server/cmd.h"
#include "amux/server/listing.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_show_hooks(CmdContext& ctx) {
  const Args& args = ctx.args();
  std::string only;
  int only_index = -1;
  HookLevel level = args.has('w') || args.has('p') ? HookLevel::kWindow : HookLevel::kSession;
  if (args.count() > 0) {
    if (!split_hook_name(args.at(0), &only, &only_index))
      return ctx.error("bad hook index: " + args.at(0));
    auto found = hook_level(only);
    if (!found) return ctx.error("unknown hook: " + only);
    level = *found;
  }
  Options* scope = hook_scope(ctx, level);
  if (scope == nullptr) return CmdStatus::kError;
  std::vector<FormatContext> items;
  for (const auto& [name, commands] : scope->hooks()) {
    if (!only.empty() && name != only) continue;
    if (hook_level(name) != level) continue;
    for (const auto& [index, command] : commands) {
      if (only_index >= 0 && index != only_index) continue;
      FormatContext& fc = items.emplace_back();
      fc.set("hook_name", name);
      fc.set("hook_index", std::to_string(index));
      fc.set("hook_command", command);
    }
  }
  print_listing(ctx, items, "#{hook_name}[#{hook_index}] #{hook_command}",
                {"hook_name", "hook_index", "hook_command"}, {"hook_command"});
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdShowHooks("show-hooks", nullptr, {"F:gJpt:w", 0, 1},
                                        "[-gJpw] [-F format] [-t target-pane] [hook]",
                                        kFlagReadOnly, exec_show_hooks);

}  // namespace amux
