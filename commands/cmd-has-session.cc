// has-session: exit 0 when the target session exists, 1 with an error otherwise.
#include "amux/server/cmd.h"

namespace amux {

static CmdStatus exec_has_session(CmdContext& ctx) {
  return ctx.target_session() != nullptr ? CmdStatus::kOk : CmdStatus::kError;
}

extern const CommandEntry kCmdHasSession = {
    "has-session", "has", {"t:", 0, 0}, "[-t target-session]", 0, exec_has_session};

}  // namespace amux
