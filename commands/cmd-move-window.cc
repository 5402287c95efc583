// move-window: a window to another index or session (-a/-b beside the destination, the
// later windows moving along; -k replaces a window there; -d leaves the current window
// current); -r renumbers a session's windows from base-index with no gaps.
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_move_window(CmdContext& ctx) {
  const Args& args = ctx.args();
  Server& server = *ctx.server();
  if (args.has('r')) {
    Session* s = ctx.target_session();
    if (s == nullptr) return CmdStatus::kError;
    server.sessions().renumber_windows(*s);
    server.renderer().redraw(s);
    server.update_state(*s);
    return CmdStatus::kOk;
  }
  Target src;
  Session* dst = nullptr;
  int index = -1;
  if (!ctx.target_of('s', TargetKind::kWindow, &src) || !ctx.destination('t', &dst, &index))
    return CmdStatus::kError;
  SessionTree::MovePlace how;
  how.after = args.has('a');
  how.before = args.has('b');
  how.kill = args.has('k');
  how.detached = args.has('d');
  if (index < 0)
    index =
        how.after || how.before ? dst->current->index : server.sessions().free_window_index(*dst);
  std::string error;
  if (!server.sessions().move_window(*src.window, *dst, index, how, &error))
    return ctx.error(error);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdMoveWindow("move-window", "movew", {"abdkrs:t:", 0, 0},
                                         "[-abdkr] [-s src-window] [-t dst-window]", 0,
                                         exec_move_window);

}  // namespace amux
