// rename-window: give a window a new name (its automatic-rename goes off, as tmux).
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_rename_window(CmdContext& ctx) {
  const Target& t = ctx.target();
  ctx.server()->sessions().rename_window(*t.window, ctx.args().at(0), true);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdRenameWindow("rename-window", "renamew", {"t:", 1, 1},
                                           "[-t target-window] new-name", 0, exec_rename_window,
                                           TargetKind::kWindow);

}  // namespace amux
