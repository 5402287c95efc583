// respawn-window: start a window again as one pane: every pane but the first goes and the
// first runs the command given (else the one it had). A window with a program still
// running needs -k, which kills them first.
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/spawn.h"

namespace amux {

static CmdStatus exec_respawn_window(CmdContext& ctx) {
  const Target& t = ctx.target();
  Window& w = *t.window;
  if (!ctx.args().has('k'))
    for (auto& p : w.panes)
      if (!p->dead)  // tmux's words
        return ctx.error("respawn window failed: window " + w.session->name + ":" +
                         std::to_string(w.index) + " still active");
  SpawnSpec spec;
  if (!spawn_spec(ctx, &spec)) return CmdStatus::kError;
  Pane& first = *w.panes.front();
  if (spec.command.empty()) spec.command = first.spec.command;
  if (!ctx.args().has('c')) spec.cwd = first.spec.cwd;
  SessionTree& tree = ctx.server()->sessions();
  tree.set_zoom(w, false);
  while (w.panes.size() > 1) tree.destroy_pane(*w.panes.back());
  tree.select_pane(first);
  std::string error;
  if (!tree.respawn_pane(first, spec, &error)) return ctx.error(error);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdRespawnWindow(
    "respawn-window", "respawnw", {"c:e:kt:", 0, -1},
    "[-k] [-c start-directory] [-e VAR=value] [-t target-window] [command]", kFlagSpawns,
    exec_respawn_window, TargetKind::kWindow);

}  // namespace amux
