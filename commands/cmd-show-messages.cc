// show-messages: the messages shown on status lines (display-message, group events),
// oldest first, each with its time.
#include "amux/server/cmd.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_show_messages(CmdContext& ctx) {
  for (const LogMessage& m : ctx.server()->renderer().messages())
    ctx.print(format_ctime(m.time) + ": " + m.text);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdShowMessages("show-messages", "showmsgs", {"", 0, 0}, "",
                                           kFlagReadOnly, exec_show_messages);

}  // namespace amux
