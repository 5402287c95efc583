// select-pane: make a pane active (and its window current), or move to the pane beside
// the target with -L, -R, -U or -D (wrapping at the window's edge).
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_select_pane(CmdContext& ctx) {
  const Target& t = ctx.target();
  Pane* p = t.pane;
  int dirs = 0;
  char dir = 0;
  for (char d : {'L', 'R', 'U', 'D'})
    if (ctx.args().has(d)) dirs++, dir = d;
  if (dirs > 1) return ctx.error("only one of -L, -R, -U, -D");
  if (dir != 0) {
    std::vector<Pane*> panes;
    for (auto& q : t.window->panes) panes.push_back(q.get());
    Pane* next = t.window->layout.neighbour(p, dir, panes);
    if (next != nullptr) p = next;
  }
  ctx.server()->sessions().select_window(*t.session, *t.window);
  ctx.server()->sessions().select_pane(*p);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSelectPane("select-pane", "selectp", {"DLRt:U", 0, 0},
                                         "[-DLRU] [-t target-pane]", 0, exec_select_pane,
                                         TargetKind::kPane);

}  // namespace amux
