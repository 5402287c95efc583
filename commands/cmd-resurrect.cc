// resurrect: make again the sessions the previous server saved (its windows, layouts,
// directories, programs named in resurrect-commands, agent metadata and groups) that do
// not exist now; -n only says what it would do. A server that did not end cleanly does
// this by itself at start; after kill-server (a clean end) it is this command's to do.
#include "amux/server/resurrect.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_resurrect(CmdContext& ctx) {
  Resurrection& r = ctx.server()->resurrect();
  if (!r.has_saved()) return ctx.error("nothing saved to restore");
  std::vector<std::string> errors;
  for (const std::string& line : r.restore(ctx.args().has('n'), &errors)) ctx.print(line);
  for (const std::string& e : errors) ctx.error(e);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdResurrect("resurrect", nullptr, {"n", 0, 0}, "[-n]", 0,
                                        exec_resurrect);

}  // namespace amux
