// split-window: split a pane top/bottom (-v, the default) or left/right (-h) and run a
// command in the new pane, which becomes active unless -d.
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/spawn.h"

namespace amux {

static CmdStatus exec_split_window(CmdContext& ctx) {
  const Args& args = ctx.args();
  if (args.has('h') && args.has('v')) return ctx.error("-h and -v cannot be used together");
  const Target& t = ctx.target();
  bool lr = args.has('h');
  int size;
  SpawnSpec spec;
  if (!parse_split_size(ctx, lr ? t.pane->sx : t.pane->sy, &size) || !spawn_spec(ctx, &spec))
    return CmdStatus::kError;
  Server& server = *ctx.server();
  std::string error;
  Pane* p = server.sessions().split_pane(*t.pane, lr, size, spec, &error);
  if (p == nullptr) return ctx.error(error);
  ctx.set_hook_target({p->window->session, p->window, p});
  if (!args.has('d')) server.sessions().select_pane(*p);
  print_new_pane(ctx, *p);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSplitWindow(
    "split-window", "splitw", {"c:de:F:hl:p:Pt:v", 0, -1},
    "[-dhPv] [-c start-directory] [-e VAR=value] [-F format] [-l size] [-p percentage] "
    "[-t target-pane] [command]",
    kFlagSpawns, exec_split_window, TargetKind::kPane);

}  // namespace amux
