// resize-window: set a window's size; its panes are laid out again (contents reflow). The
// window's window-size becomes manual, so clients no longer size it.
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/spawn.h"

namespace amux {

static CmdStatus exec_resize_window(CmdContext& ctx) {
  const Target& t = ctx.target();
  int sx = t.window->sx, sy = t.window->sy;
  if (!read_window_size(ctx, &sx, &sy)) return CmdStatus::kError;
  // As tmux: the window keeps this size (window-size manual) until the option is unset.
  t.window->options.set("window-size", "manual");
  ctx.server()->sessions().resize_window(*t.window, sx, sy);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdResizeWindow("resize-window", "resizew", {"t:x:y:", 0, 0},
                                           "[-t target-window] [-x width] [-y height]", 0,
                                           exec_resize_window, TargetKind::kWindow);

}  // namespace amux
