// select-layout: lay a window's panes out again: a preset (even-horizontal, even-vertical,
// main-horizontal, main-vertical, tiled), a tmux layout string (window_layout), the next
// or previous preset (-n, -p), or with no name the last preset again.
#include <algorithm>

#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

// The preset after (step 1) or before (-1) the window's last one, or (0) it again.
std::string stepped_preset(const Layout& layout, int step) {
  const auto& names = Layout::presets();
  auto it = std::find(names.begin(), names.end(), layout.last_preset());
  if (step == 0) return it == names.end() ? "" : *it;
  size_t n = names.size(), i = it == names.end() ? n - 1 : static_cast<size_t>(it - names.begin());
  if (it == names.end() && step < 0) i = 0;
  return names[step > 0 ? (i + 1) % n : (i + n - 1) % n];
}

CmdStatus apply_layout(CmdContext& ctx, Window& w, const std::string& name) {
  if (name.empty()) return CmdStatus::kOk;  // no preset yet: the layout stays
  std::vector<Pane*> panes;
  for (auto& p : w.panes) panes.push_back(p.get());
  ctx.server()->sessions().set_zoom(w, false);
  std::string error;
  const auto& presets = Layout::presets();
  bool ok = std::find(presets.begin(), presets.end(), name) != presets.end()
                ? w.layout.set_preset(name, panes, &error,
                                      static_cast<int>(w.options.number("main-pane-width")),
                                      static_cast<int>(w.options.number("main-pane-height")))
                : w.layout.parse(name, panes, &error);
  if (!ok) return ctx.error(error);
  ctx.server()->sessions().sync_pane_sizes(w);
  ctx.server()->renderer().redraw(w.session);
  return CmdStatus::kOk;
}

static CmdStatus exec_select_layout(CmdContext& ctx) {
  const Args& args = ctx.args();
  Window& w = *ctx.target().window;
  if (args.count() > 0 && (args.has('n') || args.has('p')))
    return ctx.error("usage: select-layout [-np] [-t target-window] [layout-name]");
  int step = args.has('n') ? 1 : args.has('p') ? -1 : 0;
  return apply_layout(ctx, w, args.count() > 0 ? args.at(0) : stepped_preset(w.layout, step));
}

extern const CommandEntry kCmdSelectLayout("select-layout", "selectl", {"npt:", 0, 1},
                                           "[-np] [-t target-window] [layout-name]", 0,
                                           exec_select_layout, TargetKind::kWindow);

}  // namespace amux
