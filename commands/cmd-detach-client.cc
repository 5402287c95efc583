// detach-client: detach the current client, every other one (-a), the clients of a
// session (-s) or a client by its tty (-t); the sessions go on running. A read-only
// client may detach only itself.
#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_detach_client(CmdContext& ctx) {
  Server& server = *ctx.server();
  const Args& args = ctx.args();
  auto reason = [&server](ClientConn& c) {
    return "detached (from session " + server.session_name(c.attached->session) + ")";
  };
  bool others = args.has('s') || args.has('a');
  if (ctx.client().read_only && others) return ctx.error("access denied: read-only");
  if (args.has('s')) {
    Session* s = ctx.find_session(args.get('s'));
    if (s == nullptr) return CmdStatus::kError;
    for (ClientConn* c : server.renderer().attached_clients(s->id))
      server.renderer().detach(*c, reason(*c));
    return CmdStatus::kOk;
  }
  ClientConn* c = command_client(ctx, 't');
  if (c == nullptr) return CmdStatus::kError;
  if (ctx.client().read_only && c != own_client(ctx)) return ctx.error("access denied: read-only");
  if (args.has('a')) {
    for (ClientConn* other : server.renderer().attached_clients())
      if (other != c) server.renderer().detach(*other, reason(*other));
    return CmdStatus::kOk;
  }
  server.renderer().detach(*c, reason(*c));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdDetachClient("detach-client", "detach", {"as:t:", 0, 0},
                                           "[-a] [-s target-session] [-t target-client]",
                                           kFlagReadOnly, exec_detach_client);

}  // namespace amux
