// join-pane: a pane moves into another window by splitting the target pane (-h left and
// right, -v above and below, -b before it, -l size); a window left empty goes. -d keeps
// the active pane. move-pane is the same command under tmux's other name.
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/spawn.h"

namespace amux {

CmdStatus exec_join_pane(CmdContext& ctx) {
  const Args& args = ctx.args();
  Target src, dst;
  if (!ctx.target_of('s', TargetKind::kPane, &src) || !ctx.target(TargetKind::kPane, &dst))
    return CmdStatus::kError;
  if (src.window == dst.window)
    return ctx.error("source and target panes must be different windows");
  SessionTree::JoinPlace how;
  how.left_right = args.has('h');
  how.before = args.has('b');
  how.detached = args.has('d');
  if (!parse_split_size(ctx, how.left_right ? dst.pane->sx : dst.pane->sy, &how.size))
    return CmdStatus::kError;
  std::string error;
  if (!ctx.server()->sessions().join_pane(*src.pane, *dst.pane, how, &error))
    return ctx.error(error);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdJoinPane("join-pane", "joinp", {"bdhl:s:t:v", 0, 0},
                                       "[-bdhv] [-l size] [-s src-pane] [-t dst-pane]", 0,
                                       exec_join_pane);

}  // namespace amux
