// has-session: exit 0 when the target session exists, 1 with an error otherwise.
#include "amux/server/cmd.h"

namespace amux {

// The target is resolved before exec: reaching here means it exists.
static CmdStatus exec_has_session(CmdContext&) {
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdHasSession("has-session", "has", {"t:", 0, 0}, "[-t target-session]",
                                         kFlagReadOnly, exec_has_session, TargetKind::kSession);

}  // namespace amux
