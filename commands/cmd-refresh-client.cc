// refresh-client: redraw a client's whole screen; for a control client, -f sets its flags
// (no-output, pause-after=N) and -A a pane's output (%N:on, off, pause, continue).
#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_refresh_client(CmdContext& ctx) {
  Server& server = *ctx.server();
  const Args& args = ctx.args();
  ClientConn* control = args.has('t') ? nullptr : server.clients().control_client(ctx);
  if (control != nullptr) {
    std::string error;
    if (args.has('f') && !server.clients().control_flags(*control, args.get('f'), &error))
      return ctx.error(error);
    for (const std::string& spec : args.all('A'))
      if (!server.clients().control_pane_state(*control, spec, &error)) return ctx.error(error);
    return CmdStatus::kOk;
  }
  if (args.has('f') || args.has('A')) return ctx.error("not a control client");
  ClientConn* c = command_client(ctx, 't');
  if (c == nullptr) return CmdStatus::kError;
  c->attached->have_shown = false;
  server.renderer().redraw();
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdRefreshClient("refresh-client", "refresh", {"A:f:t:", 0, 0},
                                            "[-A pane:state] [-f flags] [-t target-client]", 0,
                                            exec_refresh_client);

}  // namespace amux
