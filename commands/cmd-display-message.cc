// display-message: expand a format for the target pane and print it. There is no status
// line to show it on until attach exists, so without -p it prints as well.
#include "amux/server/cmd.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_display_message(CmdContext& ctx) {
  Server& server = *ctx.server();
  FormatContext fc;
  server.server_formats(fc);
  if (ctx.args().has('t') || !server.sessions.empty()) {
    Target t;
    if (!ctx.target(TargetKind::kPane, &t)) return CmdStatus::kError;
    server.pane_formats(fc, *t.pane);
  }
  std::string fmt = ctx.args().count() > 0 ? ctx.args().at(0) : "";
  ctx.print(format_expand(fmt, fc));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdDisplayMessage("display-message", "display", {"pt:", 0, 1},
                                             "[-p] [-t target-pane] [message]", 0,
                                             exec_display_message);

}  // namespace amux
