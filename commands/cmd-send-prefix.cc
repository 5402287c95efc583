// send-prefix: type the prefix key into a pane (C-b C-b sends one C-b).
#include "amux/server/cmd.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_send_prefix(CmdContext& ctx) {
  Pane& p = *ctx.target().pane;
  auto key = key_from_name(ctx.session().options.get("prefix"));
  if (!key || p.dead || !p.term) return ctx.error("pane is dead");
  std::string error;
  if (!p.key_input(key_encode(*key, p.term->app_cursor()), &error)) return ctx.error(error);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSendPrefix("send-prefix", nullptr, {"t:", 0, 0}, "[-t target-pane]",
                                         0, exec_send_prefix, TargetKind::kPane);

}  // namespace amux
