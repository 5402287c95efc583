// attach-session: attach the client's terminal to a session (or, for a client attached
// already, switch it there); -d (or -x) detaches the session's other clients. A read-only
// user may attach: it sees, and its keys run only the commands a read-only user may; -r
// makes any client so. -E is accepted (amux has no update-environment).
#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

CmdStatus attach_command(CmdContext& ctx, Session* s, bool detach_others, bool read_only) {
  Server& server = *ctx.server();
  if (detach_others && ctx.client().read_only)  // it would detach the others
    return ctx.error("access denied: read-only");
  ClientConn* conn = own_client(ctx);
  bool attached = conn != nullptr && (conn->attached || conn->control);  // control: no terminal
  if (std::string var = ctx.server()->nesting_variable(ctx.client()); !attached && !var.empty())
    return ctx.error("sessions should be nested with care, unset $" + var + " to force");
  if (s == nullptr) s = ctx.target_session();
  if (s == nullptr) return CmdStatus::kError;
  if (!attached && (conn == nullptr || !ctx.client().terminal.tty))
    return ctx.error("open terminal failed: not a terminal");
  if (detach_others)
    for (ClientConn* other : server.renderer().attached_clients(s->id))
      if (other != conn)
        server.renderer().detach(*other, "detached (from session " + s->name + ")");
  if (read_only) conn->info.read_only = true;  // -r: it sees, its keys change nothing
  server.renderer().attach(*conn, *s);
  return CmdStatus::kOk;
}

static CmdStatus exec_attach_session(CmdContext& ctx) {
  if (ctx.server()->sessions().empty()) return ctx.error("no sessions");
  const Args& args = ctx.args();
  return attach_command(ctx, nullptr, args.has('d') || args.has('x'), args.has('r'));
}

extern const CommandEntry kCmdAttachSession("attach-session", "attach", {"dErt:x", 0, 0},
                                            "[-dErx] [-t target-session]",
                                            kFlagSpawns | kFlagReadOnly, exec_attach_session);

}  // namespace amux
