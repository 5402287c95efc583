// swap-window: two windows trade places (indexes, and sessions when they differ).
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_swap_window(CmdContext& ctx) {
  Target src, dst;
  if (!ctx.target_of('s', TargetKind::kWindow, &src) || !ctx.target(TargetKind::kWindow, &dst))
    return CmdStatus::kError;
  if (src.window == dst.window) return CmdStatus::kOk;
  // Each session's current window stays the one at its index, as tmux 3.3 does (-d too).
  ctx.server()->sessions().swap_windows(*src.window, *dst.window);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSwapWindow("swap-window", "swapw", {"ds:t:", 0, 0},
                                         "[-d] [-s src-window] [-t dst-window]", 0,
                                         exec_swap_window);

}  // namespace amux
