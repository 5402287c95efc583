// Which option set a set-option/show-options (or set-hook/show-hooks) command addresses.
#include "amux/server/server.h"

namespace amux {

OptionLevel option_level(const CmdContext& ctx, const OptionDef* def) {
  const Args& args = ctx.args();
  bool window = args.has('w') || (ctx.entry().flags & kFlagWindowOptions) != 0;
  if (def != nullptr && def->scope == OptionScope::kServer) return OptionLevel::kServer;
  if (def != nullptr && def->scope == OptionScope::kSession) return OptionLevel::kSession;
  if (args.has('p')) return OptionLevel::kPane;
  if (def != nullptr || window) return OptionLevel::kWindow;
  return args.has('s') ? OptionLevel::kServer : OptionLevel::kSession;
}

Options* option_scope(CmdContext& ctx, OptionLevel level) {
  Server& server = *ctx.server();
  if (level == OptionLevel::kServer) return &server.server_options;
  if (ctx.args().has('g'))
    return level == OptionLevel::kSession ? &server.global_options : &server.global_window_options;
  Target t;
  switch (level) {
    case OptionLevel::kSession:
      return ctx.target(TargetKind::kSession, &t) ? &t.session->options : nullptr;
    case OptionLevel::kWindow:
      return ctx.target(TargetKind::kWindow, &t) ? &t.window->options : nullptr;
    default: return ctx.target(TargetKind::kPane, &t) ? &t.window->options_of(*t.pane) : nullptr;
  }
}

Options* hook_scope(CmdContext& ctx, HookLevel level) {
  OptionLevel at = level == HookLevel::kSession ? OptionLevel::kSession
                   : ctx.args().has('p')        ? OptionLevel::kPane
                                                : OptionLevel::kWindow;
  return option_scope(ctx, at);
}

}  // namespace amux
