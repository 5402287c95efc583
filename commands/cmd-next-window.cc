// next-window: make the session's next window current, wrapping around.
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_next_window(CmdContext& ctx) {
  return step_window(ctx, true);
}

extern const CommandEntry kCmdNextWindow("next-window", "next", {"t:", 0, 0}, "[-t target-session]",
                                         0, exec_next_window);

}  // namespace amux
