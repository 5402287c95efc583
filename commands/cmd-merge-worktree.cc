// merge-worktree (mergewt): merges a worktree's branch into its base, a fast-forward when
// it can be (-M: always a merge commit); refused with the conflicting files listed when it
// does not apply cleanly, and nothing changes. Its member's group sees a merged or
// merge-conflict event either way. -f merges what is committed though the worktree has
// uncommitted changes.
#include "amux/coord/coordinator.h"
#include "amux/server/server.h"
#include "amux/server/worktrees.h"

namespace amux {

static CmdStatus exec_merge_worktree(CmdContext& ctx) {
  Server& server = *ctx.server();
  Worktree* w = target_worktree(ctx);
  if (w == nullptr) return CmdStatus::kError;
  Worktrees::MergeResult r;
  std::string error;
  bool ok = server.worktrees().merge(*w, ctx.args().has('M'), ctx.args().has('f'), &r, &error);
  int member = server.worktrees().member_of(*w);
  if (member >= 0 && ok && r.line.rfind("Merged ", 0) == 0)
    server.coord().report(member, GroupEvent::merged({}, w->branch, w->base,
                                                     r.line.find("fast-forward") != std::string::npos
                                                         ? "fast-forward"
                                                         : "merge commit"));
  if (member >= 0 && !r.conflicts.empty()) {
    std::string files;
    for (const std::string& f : r.conflicts) files += (files.empty() ? "" : " ") + f;
    server.coord().report(member, GroupEvent::merge_conflict({}, w->branch, w->base, files));
  }
  if (!ok) return ctx.error(error);
  ctx.print(r.line);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdMergeWorktree("merge-worktree", "mergewt", {"fMt:", 0, 1},
                                            "[-fM] [-t target-pane] [worktree]", 0,
                                            exec_merge_worktree, TargetKind::kPane);

}  // namespace amux
