// list-windows: the windows of a session (-a: of every session), -F or -J.
#include "amux/server/listing.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_list_windows(CmdContext& ctx) {
  Server& server = *ctx.server();
  std::vector<Session*> sessions;
  if (ctx.args().has('a')) {
    sessions = server.sessions().list();
  } else {
    Session* s = ctx.target_session();
    if (s == nullptr) return CmdStatus::kError;
    sessions.push_back(s);
  }
  std::vector<FormatContext> items;
  for (Session* s : sessions)
    for (auto& [index, w] : s->windows) {
      items.emplace_back();
      server.pane_formats(items.back(), *w->active);
    }
  // tmux's default lines, byte for byte.
  std::string fmt =
      ctx.args().has('a')
          ? "#{session_name}:#{window_index}: #{window_name}#{window_raw_flags} "
            "(#{window_panes} panes) [#{window_width}x#{window_height}] "
          : "#{window_index}: #{window_name}#{window_raw_flags} (#{window_panes} panes) "
            "[#{window_width}x#{window_height}] [layout #{window_layout}] "
            "#{window_id}#{?window_active, (active),}";
  print_listing(ctx, items, fmt,
                {"session_name", "window_id", "window_index", "window_name", "window_active",
                 "window_panes", "window_width", "window_height"});
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdListWindows("list-windows", "lsw", {"aF:Jt:", 0, 0},
                                          "[-aJ] [-F format] [-t target-session]", kFlagReadOnly,
                                          exec_list_windows);

}  // namespace amux
