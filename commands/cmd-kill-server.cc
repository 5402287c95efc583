// kill-server: end every session (panes get SIGHUP) and stop the server.
#include "amux/server/cmd.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_kill_server(CmdContext& ctx) {
  ctx.server()->set_clean_exit();  // a restart restores nothing (amux resurrect can)
  ctx.server()->request_exit();
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdKillServer("kill-server", nullptr, {"", 0, 0}, "", 0,
                                         exec_kill_server);

}  // namespace amux
