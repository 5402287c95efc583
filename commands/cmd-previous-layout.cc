// previous-layout: lay the window out by the preset before the one it has (select-layout -p).
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_previous_layout(CmdContext& ctx) {
  Window& w = *ctx.target().window;
  return apply_layout(ctx, w, stepped_preset(w.layout, -1));
}

extern const CommandEntry kCmdPreviousLayout("previous-layout", "prevl", {"t:", 0, 0},
                                             "[-t target-window]", 0, exec_previous_layout,
                                             TargetKind::kWindow);

}  // namespace amux
