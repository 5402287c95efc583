// copy-mode: scroll back through a pane's history on the client (-u: a page up at once).
#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/modes.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_copy_mode(CmdContext& ctx) {
  Server& server = *ctx.server();
  ClientConn* c = command_client(ctx, 'c');
  if (c == nullptr) return CmdStatus::kError;
  Pane* p = nullptr;
  if (ctx.args().has('t')) {
    Target t;
    if (!ctx.target(TargetKind::kPane, &t)) return CmdStatus::kError;
    p = t.pane;
  } else if (Session* s = server.sessions().find_id(c->attached->session);
             s != nullptr && s->current != nullptr) {
    p = s->current->active;
  }
  if (p == nullptr) return ctx.error("no pane");
  auto* copy = dynamic_cast<CopyMode*>(c->attached->mode.get());
  if (copy == nullptr || copy->pane_id() != p->id) {
    server.renderer().open_mode(*c, make_copy_mode(server, c->id, *p));
    copy = static_cast<CopyMode*>(c->attached->mode.get());
  }
  if (ctx.args().has('u')) copy->scroll(std::max(1, p->sy - 1));
  server.renderer().redraw();
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdCopyMode("copy-mode", nullptr, {"c:t:u", 0, 0},
                                       "[-u] [-c target-client] [-t target-pane]", 0,
                                       exec_copy_mode);

}  // namespace amux
