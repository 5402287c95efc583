// show-buffer: print a paste buffer (the newest unless -b).
#include "amux/server/paste-buffers.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_show_buffer(CmdContext& ctx) {
  PasteBuffer* b = require_buffer(ctx);
  if (b == nullptr) return CmdStatus::kError;
  ctx.out += b->data;
  if (!b->data.empty() && b->data.back() != '\n') ctx.out += '\n';
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdShowBuffer("show-buffer", "showb", {"b:", 0, 0}, "[-b buffer-name]",
                                         kFlagReadOnly, exec_show_buffer);

}  // namespace amux
