// next-layout: lay the window out by the preset after the one it has (select-layout -n).
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_next_layout(CmdContext& ctx) {
  Window& w = *ctx.target().window;
  return apply_layout(ctx, w, stepped_preset(w.layout, 1));
}

extern const CommandEntry kCmdNextLayout("next-layout", "nextl", {"t:", 0, 0}, "[-t target-window]",
                                         0, exec_next_layout, TargetKind::kWindow);

}  // namespace amux
