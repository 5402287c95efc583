// list-panes: the panes of a window (-s: of a session, -a: of every session), -F or -J.
#include "amux/server/listing.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_list_panes(CmdContext& ctx) {
  const Args& args = ctx.args();
  if (args.has('a') && args.has('s')) return ctx.error("-a and -s cannot be used together");
  Server& server = *ctx.server();
  std::vector<Window*> windows;
  if (args.has('a')) {
    for (Session* s : server.sessions().list())
      for (auto& [index, w] : s->windows) windows.push_back(w.get());
  } else {
    Target t;
    if (!ctx.target(args.has('s') ? TargetKind::kSession : TargetKind::kWindow, &t))
      return CmdStatus::kError;
    if (args.has('s'))
      for (auto& [index, w] : t.session->windows) windows.push_back(w.get());
    else
      windows.push_back(t.window);
  }
  std::vector<FormatContext> items;
  for (Window* w : windows)
    for (auto& p : w->panes) {
      items.emplace_back();
      server.pane_formats(items.back(), *p);
    }
  std::string prefix = args.has('a')   ? "#{session_name}:#{window_index}."
                       : args.has('s') ? "#{window_index}."
                                       : "";
  print_listing(ctx, items,
                prefix +
                    "#{pane_index}: [#{pane_width}x#{pane_height}] [history "
                    "#{history_size}/#{history_limit}] #{pane_id}#{?pane_active, (active),}"
                    "#{?#{==:#{pane_dead},1}, (dead),}",
                {"session_name", "window_index", "pane_id", "pane_index", "pane_active", "pane_pid",
                 "pane_tty", "pane_width", "pane_height", "pane_left", "pane_top", "pane_dead",
                 "pane_dead_status", "history_size"});
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdListPanes("list-panes", "lsp", {"aF:Jst:", 0, 0},
                                        "[-asJ] [-F format] [-t target-window]", kFlagReadOnly,
                                        exec_list_panes);

}  // namespace amux
