// kill-session: end a session; its panes get SIGHUP and it leaves its group (a new
// coordinator is chosen when it was the coordinator). Its worktree (new-session -W) is
// kept; -W removes it too, refused (the session left alone) while it has uncommitted
// changes.
#include "amux/server/cmd.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/worktrees.h"

namespace amux {

static CmdStatus exec_kill_session(CmdContext& ctx) {
  Session* s = &ctx.session();
  Worktrees& trees = ctx.server()->worktrees();
  Worktree* w = ctx.args().has('W') ? trees.of_session(s->id) : nullptr;
  if (ctx.args().has('W')) {
    if (w == nullptr) return ctx.error("session " + s->name + " has no worktree");
    bool dirty = false;
    std::string error;
    if (!trees.dirty(*w, &dirty, &error)) return ctx.error(error);
    if (dirty)
      return ctx.error("worktree has uncommitted changes: " + w->path +
                       " (remove-worktree -f removes them)");
  }
  ctx.server()->sessions().destroy_session(*s);
  if (std::string error; w != nullptr && !trees.remove(*w, false, &error)) return ctx.error(error);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdKillSession("kill-session", nullptr, {"t:W", 0, 0},
                                          "[-W] [-t target-session]", 0, exec_kill_session,
                                          TargetKind::kSession);

}  // namespace amux
