// agent-board: the live board of coordination groups on the client (C-b g).
#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/modes.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_agent_board(CmdContext& ctx) {
  ClientConn* c = command_client(ctx, 't');
  if (c == nullptr) return CmdStatus::kError;
  ctx.server()->renderer().open_mode(*c, make_board(*ctx.server(), c->id));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentBoard("agent-board", "aboard", {"t:", 0, 0},
                                         "[-t target-client]", kFlagGroupState, exec_agent_board);

}  // namespace amux
