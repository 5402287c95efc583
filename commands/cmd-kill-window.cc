// kill-window: end a window and its panes; -a ends every other window of the session.
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_kill_window(CmdContext& ctx) {
  const Target& t = ctx.target();
  Server& server = *ctx.server();
  if (ctx.args().has('a')) {
    std::vector<Window*> others;
    for (auto& [index, w] : t.session->windows)
      if (w.get() != t.window) others.push_back(w.get());
    for (Window* w : others) server.sessions().destroy_window(*w);
    return CmdStatus::kOk;
  }
  server.sessions().destroy_window(*t.window);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdKillWindow("kill-window", "killw", {"at:", 0, 0},
                                         "[-a] [-t target-window]", 0, exec_kill_window,
                                         TargetKind::kWindow);

}  // namespace amux
