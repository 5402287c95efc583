// select-window: make a window the current one of its session; -l the last one, -n/-p
// the next or previous of the target's session (wrapping), -T the last one when the
// target is already current.
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_select_window(CmdContext& ctx) {
  const Args& args = ctx.args();
  const Target& t = ctx.target();
  Session& s = *t.session;
  Window* w = t.window;
  if (args.has('n') || args.has('p')) {
    w = neighbour_window(s, args.has('n'));
    if (w == nullptr) return ctx.error(args.has('n') ? "no next window" : "no previous window");
  } else if (args.has('l') || (args.has('T') && s.current == w)) {
    if (s.last == nullptr) return ctx.error("no last window");
    w = s.last;
  }
  ctx.server()->sessions().select_window(s, *w);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSelectWindow("select-window", "selectw", {"lnpTt:", 0, 0},
                                           "[-lnpT] [-t target-window]", 0, exec_select_window,
                                           TargetKind::kWindow);

}  // namespace amux
