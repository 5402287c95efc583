// last-window: the session's previously current window becomes current again.
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_last_window(CmdContext& ctx) {
  Session* s = ctx.target_session();
  if (s == nullptr) return CmdStatus::kError;
  if (s->last == nullptr) return ctx.error("no last window");
  ctx.server()->sessions().select_window(*s, *s->last);
  ctx.server()->renderer().redraw(s);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdLastWindow("last-window", "last", {"t:", 0, 0}, "[-t target-session]",
                                         0, exec_last_window);

}  // namespace amux
