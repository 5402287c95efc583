// refresh-client: redraw a client's whole screen.
#include "amux/server/cmd.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_refresh_client(CmdContext& ctx) {
  ClientConn* c = command_client(ctx, 't');
  if (c == nullptr) return CmdStatus::kError;
  c->attached->have_shown = false;
  ctx.server()->redraw();
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdRefreshClient("refresh-client", "refresh", {"t:", 0, 0},
                                            "[-t target-client]", 0, exec_refresh_client);

}  // namespace amux
