// save-buffer: write a paste buffer to a file (relative to the client's directory;
// "-" is stdout; -a appends).
#include <fcntl.h>

#include <cstring>

#include "amux/server/paste-buffers.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_save_buffer(CmdContext& ctx) {
  PasteBuffer* b = require_buffer(ctx);
  if (b == nullptr) return CmdStatus::kError;
  std::string path = ctx.args().at(0);
  if (path == "-") {
    ctx.out += b->data;
    return CmdStatus::kOk;
  }
  if (path[0] != '/') path = ctx.client().cwd + "/" + path;
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (ctx.args().has('a') ? O_APPEND : O_TRUNC);
  Fd fd(open(path.c_str(), flags, 0644));
  if (!fd || !write_all(fd.get(), b->data.data(), b->data.size()))
    return ctx.error(ctx.args().at(0) + ": " + strerror(errno));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSaveBuffer("save-buffer", "saveb", {"ab:", 1, 1},
                                         "[-a] [-b buffer-name] path", 0, exec_save_buffer);

}  // namespace amux
