// select-pane: make a pane active (and its window current), or move to the pane beside
// the target with -L, -R, -U or -D (wrapping at the window's edge), or to the last active
// one (-l); -Z keeps a zoomed window zoomed. On the target pane without selecting it: -T
// sets its title (format-expanded), -d turns its input off and -e on again, -m marks it
// (or unmarks it when it is the marked pane) and -M clears the mark.
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_select_pane(CmdContext& ctx) {
  const Args& args = ctx.args();
  const Target& t = ctx.target();
  SessionTree& tree = ctx.server()->sessions();
  Pane* p = t.pane;
  int dirs = 0;
  char dir = 0;
  for (char d : {'L', 'R', 'U', 'D'})
    if (args.has(d)) dirs++, dir = d;
  if (dirs > 1) return ctx.error("only one of -L, -R, -U, -D");
  if (args.has('d') && args.has('e')) return ctx.error("only one of -d, -e");
  if (args.has('l')) {
    p = t.window->last_pane();
    if (p == nullptr) return ctx.error("no last pane");
  } else if (dir != 0) {
    std::vector<Pane*> panes;
    for (auto& q : t.window->panes) panes.push_back(q.get());
    Pane* next = t.window->layout.neighbour(p, dir, panes);
    if (next != nullptr) p = next;
  } else if (args.has('m') || args.has('M')) {  // mark it (again: unmark), or clear the mark
    Server& server = *ctx.server();
    Pane* marked = server.marked_pane();
    server.marked_pane_id = args.has('M') || marked == p ? -1 : p->id;
    ctx.server()->renderer().redraw();
    return CmdStatus::kOk;
  } else if (args.has('d') || args.has('e')) {
    p->input_off = args.has('d');
    return CmdStatus::kOk;
  } else if (args.has('T')) {
    FormatContext fc;
    ctx.server()->pane_formats(fc, *p);
    tree.set_pane_title(*p, format_expand(args.get('T'), fc));
    return CmdStatus::kOk;
  }
  bool zoomed = args.has('Z') && t.window->zoomed;
  tree.select_window(*t.session, *t.window);
  tree.select_pane(*p);
  if (zoomed) tree.set_zoom(*t.window, true);
  ctx.server()->renderer().redraw(t.session);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSelectPane("select-pane", "selectp", {"DdeLlMmRT:t:UZ", 0, 0},
                                         "[-DdeLlMmRUZ] [-T title] [-t target-pane]", 0,
                                         exec_select_pane, TargetKind::kPane);

}  // namespace amux
