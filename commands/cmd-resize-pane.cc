// resize-pane: set a pane's width (-x) or height (-y), taking from or giving to the pane
// beside it; the window's size does not change. -Z zooms the pane to fill the window, or
// unzooms.
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/spawn.h"

namespace amux {

static CmdStatus exec_resize_pane(CmdContext& ctx) {
  const Target& t = ctx.target();
  if (ctx.args().has('Z')) {
    Server& server = *ctx.server();
    if (t.window->zoomed) {
      server.sessions().set_zoom(*t.window, false);
    } else {
      server.sessions().select_pane(*t.pane);
      server.sessions().set_zoom(*t.window, true);
    }
    return CmdStatus::kOk;
  }
  ctx.server()->sessions().set_zoom(*t.window, false);
  int sx = t.pane->sx, sy = t.pane->sy;
  if (!read_dimension(ctx, 'x', "width", &sx) || !read_dimension(ctx, 'y', "height", &sy))
    return CmdStatus::kError;
  if (ctx.args().has('x')) t.window->layout.resize_pane(t.pane, true, sx);
  if (ctx.args().has('y')) t.window->layout.resize_pane(t.pane, false, sy);
  ctx.server()->sessions().sync_pane_sizes(*t.window);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdResizePane("resize-pane", "resizep", {"t:x:y:Z", 0, 0},
                                         "[-Z] [-t target-pane] [-x width] [-y height]", 0,
                                         exec_resize_pane, TargetKind::kPane);

}  // namespace amux
