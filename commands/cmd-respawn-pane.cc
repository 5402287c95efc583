// respawn-pane: start a pane's program again (the command given, else the one it had);
// a pane whose program still runs needs -k, which kills it first.
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/spawn.h"

namespace amux {

static CmdStatus exec_respawn_pane(CmdContext& ctx) {
  const Target& t = ctx.target();
  Pane& p = *t.pane;
  if (!p.dead && !ctx.args().has('k'))
    return ctx.error("pane %" + std::to_string(p.id) + " still active");
  SpawnSpec spec;
  if (!spawn_spec(ctx, &spec)) return CmdStatus::kError;
  if (spec.command.empty()) spec.command = p.spec.command;
  if (!ctx.args().has('c')) spec.cwd = p.spec.cwd;
  std::string error;
  if (!ctx.server()->sessions().respawn_pane(p, spec, &error)) return ctx.error(error);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdRespawnPane(
    "respawn-pane", "respawnp", {"c:e:kt:", 0, -1},
    "[-k] [-c start-directory] [-e VAR=value] [-t target-pane] [command]", kFlagSpawns,
    exec_respawn_pane, TargetKind::kPane);

}  // namespace amux
