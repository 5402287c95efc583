// rename-session: give a session a new name; groups show it at once (they hold ids).
#include "amux/coord/coordinator.h"
#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_rename_session(CmdContext& ctx) {
  Session* s = &ctx.session();
  std::string name = sanitize_session_name(ctx.args().at(0));
  if (name.empty()) return ctx.error("invalid session name: ");
  if (std::string e = check_session_name(name); !e.empty()) return ctx.error(e);
  Session* other = ctx.server()->sessions().find_name(name);
  if (other != nullptr && other != s) return ctx.error("duplicate session: " + name);
  s->name = name;
  ctx.server()->clients().notify_session_renamed(*s);
  ctx.server()->coord().session_renamed(s->id);  // the state file names members by name
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdRenameSession("rename-session", "rename", {"t:", 1, 1},
                                            "[-t target-session] new-name", 0, exec_rename_session,
                                            TargetKind::kSession);

}  // namespace amux
