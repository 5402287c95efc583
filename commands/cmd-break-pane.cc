// break-pane: a pane leaves its window for a new one (-n name, -t where; a pane alone in
// its window moves the window); -d keeps the current window, -P prints where it went.
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_break_pane(CmdContext& ctx) {
  const Args& args = ctx.args();
  Server& server = *ctx.server();
  Target src;
  if (!ctx.target_of('s', TargetKind::kPane, &src)) return CmdStatus::kError;
  Session* dst = src.session;
  int index = -1;
  if (args.has('t') && !ctx.destination('t', &dst, &index)) return CmdStatus::kError;
  if (args.has('a') || args.has('b')) {  // beside the destination, as move-window -a/-b
    if (index < 0) index = dst->current->index;
    index += args.has('a') ? 1 : 0;
    server.sessions().open_window_index(*dst, index);
  }
  Pane& pane = *src.pane;
  std::string error;
  Window* w = server.sessions().break_pane(pane, *dst, index, args.get('n'), args.has('d'), &error);
  if (w == nullptr) return ctx.error(error);
  if (args.has('n')) w->options.set("automatic-rename", "off");  // a name given keeps
  ctx.set_hook_target({w->session, w, w->active});
  if (args.has('P')) {
    FormatContext fc;
    server.pane_formats(fc, pane);
    ctx.print(format_expand(
        args.has('F') ? args.get('F') : "#{session_name}:#{window_index}.#{pane_index}", fc));
  }
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdBreakPane("break-pane", "breakp", {"abdF:n:Ps:t:", 0, 0},
                                        "[-abdP] [-F format] [-n window-name] [-s src-pane] "
                                        "[-t dst-window]",
                                        0, exec_break_pane);

}  // namespace amux
