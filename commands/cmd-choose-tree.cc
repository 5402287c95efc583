// choose-tree: the client chooses a session, window or pane from a tree of them (C-b s,
// C-b w) with a preview below; Enter or the item's digit runs the template with %% as the
// item's target (default: switch-client -t '%%'). -s starts with sessions collapsed, -w
// with windows collapsed; -f shows the windows whose format is true; -N: no preview;
// -Z is accepted (the tree covers the window either way). -F formats each item's text, -K
// each item's key (a format of #{line}), -O sorts (index, name, time) and -r reverses;
// in the tree t tags an item (T none, C-t all), x kills the item and X the tagged ones
// after a y, O and r change the order. -G and -t are accepted (no session groups here).
#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/modes.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_choose_tree(CmdContext& ctx) {
  Server& server = *ctx.server();
  const Args& args = ctx.args();
  ClientConn* c = command_client(ctx, 'c');
  if (c == nullptr) return CmdStatus::kError;
  TreeOptions o;
  if (args.count() > 0) o.tmpl = args.at(0);
  o.sessions_closed = args.has('s');
  o.windows_closed = args.has('w');
  o.preview = !args.has('N');
  o.format = args.get('F');
  o.key_format = args.get('K');
  o.order = args.get('O', "index");
  o.reversed = args.has('r');
  if (args.has('f')) {
    std::string filter = args.get('f');
    o.filter = [&server, filter](Window& w) {
      if (w.active == nullptr) return false;
      FormatContext fc;
      server.pane_formats(fc, *w.active);
      std::string v = format_expand(filter, fc);
      return !v.empty() && v != "0";
    };
  }
  server.renderer().open_mode(*c, make_choose_tree(server, c->id, o));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdChooseTree("choose-tree", nullptr, {"c:F:f:GK:NO:rst:wZ", 0, 1},
                                         "[-GNrswZ] [-c target-client] [-F format] [-f filter] "
                                         "[-K key-format] [-O sort-order] [-t target-pane] "
                                         "[template]",
                                         0, exec_choose_tree);

}  // namespace amux
