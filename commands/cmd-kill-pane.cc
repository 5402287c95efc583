// kill-pane: end a pane (its program gets SIGHUP); -a ends every other pane of the window.
// The last pane of a window closes the window, the last window its session.
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_kill_pane(CmdContext& ctx) {
  const Target& t = ctx.target();
  Server& server = *ctx.server();
  if (ctx.args().has('a')) {
    std::vector<Pane*> others;
    for (auto& p : t.window->panes)
      if (p.get() != t.pane) others.push_back(p.get());
    for (Pane* p : others) server.sessions().destroy_pane(*p);
    return CmdStatus::kOk;
  }
  server.sessions().destroy_pane(*t.pane);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdKillPane("kill-pane", "killp", {"at:", 0, 0}, "[-a] [-t target-pane]",
                                       0, exec_kill_pane, TargetKind::kPane);

}  // namespace amux
