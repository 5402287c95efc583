// rotate-window: the panes of a window move one place up (-U, the default: numerically
// lower) or down (-D), the one that falls off an end going round to the other; the active
// pane is chosen as tmux chooses it. -Z keeps a zoomed window zoomed.
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_rotate_window(CmdContext& ctx) {
  const Args& args = ctx.args();
  if (args.has('U') && args.has('D')) return ctx.error("-U and -D cannot be used together");
  Window& w = *ctx.target().window;
  SessionTree& tree = ctx.server()->sessions();
  bool zoomed = w.zoomed;
  tree.set_zoom(w, false);
  bool down = args.has('D');
  tree.rotate_panes(w, down);
  // tmux then makes the pane before the active one (down) or after it (up) active.
  auto& panes = w.panes;
  size_t n = panes.size(), i = static_cast<size_t>(w.pane_index(w.active));
  Pane* next = panes[down ? (i + n - 1) % n : (i + 1) % n].get();
  if (next != w.active) tree.select_pane(*next);
  if (zoomed && args.has('Z')) tree.set_zoom(w, true);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdRotateWindow("rotate-window", "rotatew", {"DUt:Z", 0, 0},
                                           "[-DUZ] [-t target-window]", 0, exec_rotate_window,
                                           TargetKind::kWindow);

}  // namespace amux
