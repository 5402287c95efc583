// pipe-pane: copy everything a pane prints from now on to a shell command's input; with
// no command the pipe is closed; -o opens one only when none is open (a toggle).
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_pipe_pane(CmdContext& ctx) {
  const Target& t = ctx.target();
  bool had = t.pane->piping();
  t.pane->close_pipe();
  if (ctx.args().count() == 0 || (ctx.args().has('o') && had)) return CmdStatus::kOk;
  if (t.pane->dead) return ctx.error("pane %" + std::to_string(t.pane->id) + " is dead");
  std::string error;
  if (!t.pane->open_pipe(ctx.args().at(0), &error)) return ctx.error(error);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdPipePane("pipe-pane", "pipep", {"ot:", 0, 1},
                                       "[-o] [-t target-pane] [command]", 0, exec_pipe_pane,
                                       TargetKind::kPane);

}  // namespace amux
