// clock-mode: the time, large, over a pane on the client showing it, in
// clock-mode-colour and clock-mode-style (12 or 24 hours), until a key.
#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/modes.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_clock_mode(CmdContext& ctx) {
  Server& server = *ctx.server();
  const Target& t = ctx.target();
  // The command's own client, else one attached to the pane's session.
  ClientConn* c = own_client(ctx);
  if (c == nullptr || !c->attached || c->attached->session != t.session->id) {
    auto clients = server.renderer().attached_clients(t.session->id);
    c = clients.empty() ? nullptr : clients.front();
  }
  if (c == nullptr) return ctx.error("no client for session " + t.session->name);
  if (t.window != t.session->current || t.pane != t.window->active)
    return ctx.error("pane %" + std::to_string(t.pane->id) + " is not the active pane on a client");
  server.renderer().open_mode(*c, make_clock(server, *t.pane));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdClockMode("clock-mode", nullptr, {"t:", 0, 0}, "[-t target-pane]", 0,
                                        exec_clock_mode, TargetKind::kPane);

}  // namespace amux
