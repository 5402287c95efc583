// rename-window: give a window a new name.
#include "amux/server/client-hub.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_rename_window(CmdContext& ctx) {
  const Target& t = ctx.target();
  t.window->name = ctx.args().at(0);
  ctx.server()->clients().notify_window("window-renamed", *t.window, " " + t.window->name);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdRenameWindow("rename-window", "renamew", {"t:", 1, 1},
                                           "[-t target-window] new-name", 0, exec_rename_window,
                                           TargetKind::kWindow);

}  // namespace amux
