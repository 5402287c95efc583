// start-server: start a server if none is running. The server stays until kill-server,
// or until its last session ends while it holds no group.
#include "amux/server/cmd.h"

namespace amux {

static CmdStatus exec_start_server(CmdContext&) {
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdStartServer("start-server", "start", {"", 0, 0}, "", kFlagStartServer,
                                          exec_start_server);

}  // namespace amux
