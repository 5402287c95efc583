// last-pane: the window's previously active pane becomes active again.
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_last_pane(CmdContext& ctx) {
  Window& w = *ctx.target().window;
  Pane* last = w.last_pane();
  if (last == nullptr) return ctx.error("no last pane");
  ctx.server()->sessions().select_pane(*last);
  ctx.server()->renderer().redraw(w.session);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdLastPane("last-pane", "lastp", {"t:", 0, 0}, "[-t target-window]", 0,
                                       exec_last_pane, TargetKind::kWindow);

}  // namespace amux
