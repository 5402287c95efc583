// previous-window: make the session's previous window current, wrapping around.
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_previous_window(CmdContext& ctx) {
  return step_window(ctx, false);
}

extern const CommandEntry kCmdPreviousWindow("previous-window", "prev", {"t:", 0, 0},
                                             "[-t target-session]", 0, exec_previous_window);

}  // namespace amux
