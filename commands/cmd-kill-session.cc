// kill-session: end a session; its panes get SIGHUP and it leaves its group (a new
// coordinator is chosen when it was the coordinator).
#include "amux/server/cmd.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_kill_session(CmdContext& ctx) {
  Session* s = &ctx.session();
  ctx.server()->sessions().destroy_session(*s);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdKillSession("kill-session", nullptr, {"t:", 0, 0},
                                          "[-t target-session]", 0, exec_kill_session,
                                          TargetKind::kSession);

}  // namespace amux
