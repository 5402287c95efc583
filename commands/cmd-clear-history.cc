// clear-history: drop the lines a pane has scrolled into its history.
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_clear_history(CmdContext& ctx) {
  const Target& t = ctx.target();
  t.pane->term->primary().clear_history();
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdClearHistory("clear-history", "clearhist", {"t:", 0, 0},
                                           "[-t target-pane]", 0, exec_clear_history,
                                           TargetKind::kPane);

}  // namespace amux
