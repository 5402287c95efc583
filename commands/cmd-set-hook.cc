// set-hook: run commands when something happens. Hooks are tmux's (after-COMMAND,
// session-created, client-attached, window-linked, pane-exited, ...) and amux's agent
// hooks (agent-shared, ...). A session hook is set globally (-g) or on the -t session; a
// window hook globally (-g), on a window (-w, the default) or on a pane (-p). A hook holds
// commands by index: NAME[i] sets one, -a adds one, a bare NAME replaces them all; -u
// removes; -R runs the hook now.
#include "amux/base/parse.h"
#include "amux/server/cmd.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_set_hook(CmdContext& ctx) {
  const Args& args = ctx.args();
  const auto& words = args.positional();
  std::string name;
  int index;
  if (!split_hook_name(words[0], &name, &index)) return ctx.error("bad hook index: " + words[0]);
  auto level = hook_level(name);
  if (!level) return ctx.error("unknown hook: " + name);
  Server& server = *ctx.server();
  if (args.has('R')) {  // run it now, for the target, as its event would
    if (words.size() != 1) return ctx.error("-R takes no command");
    Target t;
    bool pane = *level == HookLevel::kWindow;
    if (!ctx.target(pane ? TargetKind::kPane : TargetKind::kSession, &t)) return CmdStatus::kError;
    server.hooks().fire(name, pane ? server.hooks().target(t.session, t.window, t.pane)
                                   : server.hooks().target(t.session));
    return CmdStatus::kOk;
  }
  std::string command;
  if (args.has('u')) {
    if (words.size() != 1) return ctx.error("-u takes no command");
  } else {
    if (words.size() != 2) return ctx.error("no command given for hook " + name);
    std::vector<ParsedCommand> list;
    std::string error;
    std::vector<std::string> split;
    if (!split_command_string(words[1], &split, &error)) return ctx.error(error);
    if (split.empty()) return ctx.error("empty hook command");
    if (!parse_command_list(split, &list, &error)) return ctx.error(error);
    command = print_command_list(list);  // kept as tmux keeps it: parsed, and shown so
  }
  Options* scope = hook_scope(ctx, *level);
  if (scope == nullptr) return CmdStatus::kError;
  if (args.has('u')) {
    scope->unset_hook(name, index);
    return CmdStatus::kOk;
  }
  if (index >= 0) {
    scope->set_hook(name, index, command);
  } else {
    if (!args.has('a')) scope->unset_hook(name, -1);
    scope->append_hook(name, command);
  }
  server.hooks().note_set();
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSetHook("set-hook", nullptr, {"agpRt:uw", 1, 2},
                                      "[-agpRuw] [-t target-pane] hook [command]", 0,
                                      exec_set_hook);

}  // namespace amux
