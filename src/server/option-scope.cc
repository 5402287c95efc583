// Which option set a set-option/show-options command addresses.
#include "amux/server/server.h"

namespace amux {

// The option set a command means: global with -g, else the target's session or window.
Options* option_scope(CmdContext& ctx, const OptionDef& def) {
  if (ctx.args().has('g')) return &ctx.server()->global_options;
  Target t;
  if (!ctx.target(def.scope == OptionScope::kWindow ? TargetKind::kWindow : TargetKind::kSession,
                  &t))
    return nullptr;
  return def.scope == OptionScope::kWindow ? &t.window->options : &t.session->options;
}

}  // namespace amux
