// paste-buffer: type a paste buffer into a pane (newlines as carriage returns unless
// -r; -p brackets it as a paste; -d deletes the buffer afterwards).
#include "amux/server/paste-buffers.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_paste_buffer(CmdContext& ctx) {
  const Target& t = ctx.target();
  PasteBuffer* b = require_buffer(ctx);
  if (b == nullptr) return CmdStatus::kError;
  std::string data = b->data;
  if (!ctx.args().has('r'))
    for (char& c : data)
      if (c == '\n') c = '\r';
  if (ctx.args().has('p')) data = "\033[200~" + data + "\033[201~";
  std::string error;
  if (!t.pane->key_input(data, &error)) return ctx.error(error);
  if (ctx.args().has('d')) ctx.server()->paste().remove(std::string(b->name));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdPasteBuffer("paste-buffer", "pasteb", {"b:dprt:", 0, 0},
                                          "[-dpr] [-b buffer-name] [-t target-pane]", 0,
                                          exec_paste_buffer, TargetKind::kPane);

}  // namespace amux
