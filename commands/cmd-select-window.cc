// select-window: make a window the current one of its session (-l: the last one).
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_select_window(CmdContext& ctx) {
  const Target& t = ctx.target();
  Session& s = *t.session;
  Window* w = t.window;
  if (ctx.args().has('l')) {
    if (s.last == nullptr) return ctx.error("no last window");
    w = s.last;
  }
  ctx.server()->select_window(s, *w);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSelectWindow("select-window", "selectw", {"lt:", 0, 0},
                                           "[-l] [-t target-window]", 0, exec_select_window,
                                           TargetKind::kWindow);

}  // namespace amux
