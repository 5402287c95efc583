// resize-pane: set a pane's width (-x) or height (-y), taking from or giving to the pane
// beside it, or move its border left, right, up or down (-L -R -U -D) by the adjustment
// (1); the window's size does not change. -Z zooms the pane to fill the window, or unzooms;
// -M (a mouse binding's) lets the drag under way move the border it started on.
#include "amux/base/util.h"
#include "amux/server/client-hub.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/spawn.h"

namespace amux {

static CmdStatus exec_resize_pane(CmdContext& ctx) {
  const Target& t = ctx.target();
  if (ctx.args().has('M')) {  // from a mouse binding: the drag under way moves its border
    ClientConn* own = own_client(ctx);
    if (own != nullptr && own->attached) ctx.server()->renderer().mouse_resize(*own);
    return CmdStatus::kOk;  // as tmux: nothing to do without a drag
  }
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
  long long adjust = 1;  // -L/-R/-U/-D: cells the border moves, as tmux
  if (ctx.args().count() > 0 && !parse_int(ctx.args().at(0), 1, 10000, &adjust))
    return ctx.error("adjustment invalid");
  for (char d : {'L', 'R', 'U', 'D'})
    if (ctx.args().has(d)) {
      int delta = static_cast<int>(d == 'L' || d == 'U' ? -adjust : adjust);
      t.window->layout.adjust_pane(t.pane, d == 'L' || d == 'R', delta);
    }
  int sx = t.pane->sx, sy = t.pane->sy;
  if (!read_dimension(ctx, 'x', "width", &sx) || !read_dimension(ctx, 'y', "height", &sy))
    return CmdStatus::kError;
  if (ctx.args().has('x')) t.window->layout.resize_pane(t.pane, true, sx);
  if (ctx.args().has('y')) t.window->layout.resize_pane(t.pane, false, sy);
  ctx.server()->sessions().sync_pane_sizes(*t.window);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdResizePane(
    "resize-pane", "resizep", {"DLMRt:Ux:y:Z", 0, 1},
    "[-DLMRUZ] [-t target-pane] [-x width] [-y height] [adjustment]", 0, exec_resize_pane,
    TargetKind::kPane);

}  // namespace amux
