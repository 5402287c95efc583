// list-clients: the attached clients (all, or those of -t session), one line each, or
// -F / -J.
#include "amux/server/cmd.h"
#include "amux/server/listing.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_list_clients(CmdContext& ctx) {
  Server& server = *ctx.server();
  int only = -1;
  if (ctx.args().has('t')) {
    Session* s = ctx.target_session();
    if (s == nullptr) return CmdStatus::kError;
    only = s->id;
  }
  std::vector<FormatContext> items;
  for (ClientConn* c : server.attached_clients(only)) {
    Session* s = server.sessions.find_id(c->attached->session);
    if (s == nullptr) continue;
    items.emplace_back();
    server.client_formats(items.back(), *c, *s);
  }
  print_listing(ctx, items,
                "#{client_name}: #{session_name} [#{client_width}x#{client_height} "
                "#{client_termname}]",
                {"client_name", "client_pid", "session_name", "client_width", "client_height",
                 "client_termname", "client_created", "client_activity"},
                {"client_name", "session_name", "client_termname"});
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdListClients("list-clients", "lsc", {"F:Jt:", 0, 0},
                                          "[-J] [-F format] [-t target-session]", kFlagReadOnly,
                                          exec_list_clients);

}  // namespace amux
