// remove-worktree (rmwt): removes a worktree amux made (its directory; its branch is kept,
// to merge or delete with git). Refused while it has uncommitted changes unless -f.
#include "amux/server/server.h"
#include "amux/server/worktrees.h"

namespace amux {

static CmdStatus exec_remove_worktree(CmdContext& ctx) {
  Worktree* w = target_worktree(ctx);
  if (w == nullptr) return CmdStatus::kError;
  std::string error;
  if (!ctx.server()->worktrees().remove(*w, ctx.args().has('f'), &error)) return ctx.error(error);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdRemoveWorktree("remove-worktree", "rmwt", {"ft:", 0, 1},
                                             "[-f] [-t target-pane] [worktree]", 0,
                                             exec_remove_worktree, TargetKind::kPane);

}  // namespace amux
