// last-pane: the window's previously active pane becomes active again.
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_last_pane(CmdContext& ctx) {
  Window& w = *ctx.target().window;
  Pane* last = nullptr;
  for (auto& p : w.panes)
    if (p.get() != w.active && p->active_point > 0 &&
        (last == nullptr || p->active_point > last->active_point))
      last = p.get();
  if (last == nullptr) return ctx.error("no last pane");
  ctx.server()->sessions().select_pane(*last);
  ctx.server()->renderer().redraw(w.session);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdLastPane("last-pane", "lastp", {"t:", 0, 0}, "[-t target-window]", 0,
                                       exec_last_pane, TargetKind::kWindow);

}  // namespace amux
