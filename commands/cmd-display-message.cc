// display-message: expand a format for the target pane; -p prints it, else it shows on
// an attached client's status line (printed when no client is attached, as with -p).
#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_display_message(CmdContext& ctx) {
  Server& server = *ctx.server();
  if (ctx.client().read_only && !ctx.args().has('p'))  // on someone's status line
    return ctx.error("access denied: read-only");
  FormatContext fc;
  server.server_formats(fc);
  if (ctx.args().has('t') || !server.sessions().empty()) {
    Target t;
    if (!ctx.target(TargetKind::kPane, &t)) return CmdStatus::kError;
    server.pane_formats(fc, *t.pane);
  }
  server.mouse_formats(fc, ctx.client());
  std::string fmt = ctx.args().count() > 0 ? ctx.args().at(0) : "";
  std::string text = format_expand(fmt, fc);
  ClientConn* c = nullptr;
  if (!ctx.args().has('p')) {
    c = own_client(ctx);
    if (c == nullptr || !c->attached)
      c = server.renderer().attached_client(
          ctx.client(), server.sessions().find_id(server.current_session_for(ctx.client())));
  }
  if (c == nullptr) {
    ctx.print(text);
    return CmdStatus::kOk;
  }
  server.renderer().log_message(text);
  server.renderer().show_message(*c, text);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdDisplayMessage("display-message", "display", {"pt:", 0, 1},
                                             "[-p] [-t target-pane] [message]", kFlagReadOnly,
                                             exec_display_message);

}  // namespace amux
