// display-panes: each pane of the client's window shows its index, large, in
// display-panes-colour (the active pane in display-panes-active-colour) for
// display-panes-time milliseconds or -d (0: until a key). A digit key runs the template
// with %% as that index (default: select-pane -t '%%'); -N: keys only close it. -b is
// accepted: it never holds up the command queue here.
#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/modes.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_display_panes(CmdContext& ctx) {
  Server& server = *ctx.server();
  const Args& args = ctx.args();
  ClientConn* c = command_client(ctx, 't');
  if (c == nullptr) return CmdStatus::kError;
  Session* s = server.sessions().find_id(c->attached->session);
  long long ms = s != nullptr ? s->options.number("display-panes-time") : 1000;
  if (args.has('d') && !parse_int(args.get('d'), 0, 86400000, &ms))
    return ctx.error("invalid duration: " + args.get('d'));
  std::string tmpl = args.count() > 0 ? args.at(0) : "select-pane -t '%%'";
  server.renderer().open_mode(*c, make_display_panes(server, c->id, tmpl, ms, !args.has('N')));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdDisplayPanes("display-panes", "displayp", {"bd:Nt:", 0, 1},
                                           "[-bN] [-d duration] [-t target-client] [template]", 0,
                                           exec_display_panes);

}  // namespace amux
