// load-buffer: read a file (relative to the client's directory) into a paste buffer (-b
// names it, replacing one of that name). At most 16 MiB; "-" (stdin) is not read.
#include "amux/base/util.h"
#include "amux/server/paste-buffers.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_load_buffer(CmdContext& ctx) {
  std::string path = ctx.args().at(0);
  if (path == "-") return ctx.error("load-buffer: reading stdin is not supported");
  if (path.empty()) return ctx.error("invalid path: ");
  if (path[0] != '/') path = ctx.client().cwd + "/" + path;
  std::string data, error;
  if (!read_regular_file(path, 16 << 20, &data, &error)) return ctx.error(error);
  ctx.server()->paste().add(data, ctx.args().get('b'));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdLoadBuffer("load-buffer", "loadb", {"b:", 1, 1},
                                         "[-b buffer-name] path", 0, exec_load_buffer);

}  // namespace amux
