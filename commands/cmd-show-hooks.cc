// show-hooks: the hooks set at one level, "name[index] command" a line: the -t session's
// (or the current one's), -g global session hooks, -w the window's, -p the pane's, -gw
// global window hooks. A hook name shows that hook only. -F with hook_name, hook_index
// and hook_command; -J.
#include <map>

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
  if (args.has('g') && !args.has('F') && !args.has('J') && only_index < 0) {
    // As tmux: globally, every hook of the level shows, a hook set nowhere by its name.
    std::map<std::string, std::vector<std::string>> lines;
    for (const std::string& name : hook_names(level))
      if (only.empty() || name == only) lines[name];
    for (const auto& [name, commands] : scope->hooks())
      if ((only.empty() || name == only) && hook_level(name) == level)
        for (const auto& [index, command] : commands)
          lines[name].push_back(name + "[" + std::to_string(index) + "] " + command);
    for (const auto& [name, set] : lines) {
      if (set.empty()) ctx.print(name);
      for (const std::string& line : set) ctx.print(line);
    }
    return CmdStatus::kOk;
  }
  print_listing(ctx, items, "#{hook_name}[#{hook_index}] #{hook_command}",
                {"hook_name", "hook_index", "hook_command"}, {"hook_command"});
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdShowHooks("show-hooks", nullptr, {"F:gJpt:w", 0, 1},
                                        "[-gJpw] [-F format] [-t target-pane] [hook]",
                                        kFlagReadOnly, exec_show_hooks);

}  // namespace amux
