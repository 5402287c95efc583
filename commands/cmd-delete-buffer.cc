// delete-buffer: remove a paste buffer (the newest unless -b).
#include "amux/server/paste-buffers.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_delete_buffer(CmdContext& ctx) {
  const std::string& name = ctx.args().get('b');
  if (!name.empty() && ctx.server()->paste().find(name) == nullptr)
    return ctx.error("unknown buffer: " + name);  // tmux's words here
  PasteBuffer* b = require_buffer(ctx);
  if (b == nullptr) return CmdStatus::kError;
  ctx.server()->paste().remove(std::string(b->name));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdDeleteBuffer("delete-buffer", "deleteb", {"b:", 0, 0},
                                           "[-b buffer-name]", 0, exec_delete_buffer);

}  // namespace amux
