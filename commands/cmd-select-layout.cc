// select-layout: lay a window's panes out again: even-horizontal, even-vertical,
// main-vertical or tiled.
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_select_layout(CmdContext& ctx) {
  const Target& t = ctx.target();
  std::vector<Pane*> panes;
  for (auto& p : t.window->panes) panes.push_back(p.get());
  std::string error;
  if (!t.window->layout.set_preset(ctx.args().at(0), panes, &error)) return ctx.error(error);
  ctx.server()->sync_pane_sizes(*t.window);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSelectLayout("select-layout", "selectl", {"t:", 1, 1},
                                           "[-t target-window] layout-name", 0, exec_select_layout,
                                           TargetKind::kWindow);

}  // namespace amux
