// set-buffer: store text as a paste buffer (-b names it, replacing one of that name).
#include "amux/server/paste-buffers.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_set_buffer(CmdContext& ctx) {
  ctx.server()->paste().add(ctx.args().at(0), ctx.args().get('b'));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSetBuffer("set-buffer", "setb", {"b:", 1, 1}, "[-b buffer-name] data",
                                        0, exec_set_buffer);

}  // namespace amux
