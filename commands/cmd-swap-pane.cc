// swap-pane: two panes trade places, in one window or between windows; -U/-D swap the
// target with the pane before or after it. Unless -d, the active pane stays where it was
// and so becomes the pane that moved there.
#include <algorithm>

#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_swap_pane(CmdContext& ctx) {
  const Args& args = ctx.args();
  Target src, dst;
  if (!ctx.target(TargetKind::kPane, &dst)) return CmdStatus::kError;
  if (args.has('U') || args.has('D')) {
    auto& panes = dst.window->panes;
    size_t n = panes.size(), i = static_cast<size_t>(dst.window->pane_index(dst.pane));
    src = dst;
    src.pane = panes[args.has('D') ? (i + 1) % n : (i + n - 1) % n].get();
  } else if (!ctx.target_of('s', TargetKind::kPane, &src)) {
    return CmdStatus::kError;
  }
  if (src.pane == dst.pane) return CmdStatus::kOk;
  Window* src_window = src.window;
  Window* dst_window = dst.window;
  Pane* src_active = src_window->active;
  Pane* dst_active = dst_window->active;
  ctx.server()->sessions().swap_panes(*src.pane, *dst.pane);
  if (args.has('d')) {  // the active panes stay themselves
    if (src_window != dst_window) {
      if (src_active != src.pane) src_window->active = src_active;
      if (dst_active != dst.pane) dst_window->active = dst_active;
    }
    return CmdStatus::kOk;
  }
  if (src_window == dst_window && src_active == src.pane)
    ctx.server()->sessions().select_pane(*dst.pane);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSwapPane("swap-pane", "swapp", {"dDs:t:U", 0, 0},
                                       "[-dDU] [-s src-pane] [-t dst-pane]", 0, exec_swap_pane);

}  // namespace amux
