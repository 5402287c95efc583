// copy-mode: scroll back through a pane's history on the client (-u: a page up at once;
// -e: scrolling back to the bottom leaves; -H: no position shown; -q: leave it; -M: a
// selection the mouse's drag makes, from a mouse binding).
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
  if (ctx.args().has('q')) {  // leave the mode the pane is in, if any
    if (copy != nullptr && copy->pane_id() == p->id) c->attached->mode.reset();
    server.renderer().redraw();
    return CmdStatus::kOk;
  }
  if (ctx.args().has('M')) {  // a selection from the mouse's cell, the drag extending it
    if (!server.renderer().mouse_select(*c, *p)) return ctx.error("no mouse target");
    copy = static_cast<CopyMode*>(c->attached->mode.get());
  } else if (copy == nullptr || copy->pane_id() != p->id) {
    server.renderer().open_mode(*c, make_copy_mode(server, c->id, *p));
    copy = static_cast<CopyMode*>(c->attached->mode.get());
  }
  if (ctx.args().has('e')) copy->set_exit_at_bottom(true);
  if (ctx.args().has('H')) copy->set_hide_position(true);
  if (ctx.args().has('u')) copy->scroll(std::max(1, p->sy - 1));
  server.renderer().redraw();
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdCopyMode("copy-mode", nullptr, {"c:eHMqt:u", 0, 0},
                                       "[-eHMqu] [-c target-client] [-t target-pane]", 0,
                                       exec_copy_mode);

}  // namespace amux
