// split-window: split a pane top/bottom (-v, the default) or left/right (-h) and run a
// command in the new pane, which becomes active unless -d; -b puts it left of or above the
// target, -f makes it span the whole window.
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/spawn.h"
#include "amux/server/worktrees.h"

namespace amux {

static CmdStatus exec_split_window(CmdContext& ctx) {
  const Args& args = ctx.args();
  if (args.has('h') && args.has('v')) return ctx.error("-h and -v cannot be used together");
  const Target& t = ctx.target();
  bool lr = args.has('h');
  int size;
  SpawnSpec spec;
  bool full = args.has('f');
  const Window& w = *t.pane->window;
  int room = full ? (lr ? w.sx : w.sy) : (lr ? t.pane->sx : t.pane->sy);
  if (!parse_split_size(ctx, room, &size) || !spawn_spec(ctx, &spec)) return CmdStatus::kError;
  Server& server = *ctx.server();
  std::string error;
  Session& s = *t.pane->window->session;
  Worktree* tree = nullptr;
  if (!worktree_spec(ctx, s.name + "-p" + std::to_string(server.sessions().peek_next_pane_id()),
                     s.options, &spec, &tree, t.pane))
    return CmdStatus::kError;
  Pane* p = server.sessions().split_pane(*t.pane, lr, size, spec, &error, args.has('b'), full);
  if (p == nullptr) {
    if (tree != nullptr) server.worktrees().unmake(tree);
    return ctx.error(error);
  }
  if (tree != nullptr) {
    tree->session_id = s.id;
    tree->session_name = s.name;
    tree->pane_id = p->id;
  }
  ctx.set_hook_target({p->window->session, p->window, p});
  if (!args.has('d')) server.sessions().select_pane(*p);
  print_new_pane(ctx, *p);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSplitWindow(
    "split-window", "splitw", {"B:bc:de:fF:hl:p:Pt:vWw:", 0, -1},
    "[-bdfhPvW] [-B base] [-c start-directory] [-e VAR=value] [-F format] [-l size] "
    "[-p percentage] [-t target-pane] [-w branch] [command]",
    kFlagSpawns, exec_split_window, TargetKind::kPane);

}  // namespace amux
