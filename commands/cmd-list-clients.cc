// list-clients: the clients attached to sessions, terminals and control clients alike
// (all, or those of the -t session), in the order they connected; tmux's default line,
// or -F / -J.
#include <algorithm>

#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/listing.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_list_clients(CmdContext& ctx) {
  Server& server = *ctx.server();
  int only = -1;
  if (ctx.args().has('t')) {
    Session* s = ctx.target_session();
    if (s == nullptr) return CmdStatus::kError;
    only = s->id;
  }
  std::vector<ClientConn*> clients = server.renderer().attached_clients(only);
  for (ClientConn* c : server.clients().control_clients())
    if (c->control->session >= 0 && (only < 0 || c->control->session == only)) clients.push_back(c);
  std::sort(clients.begin(), clients.end(),
            [](const ClientConn* a, const ClientConn* b) { return a->id < b->id; });
  std::vector<FormatContext> items;
  for (ClientConn* c : clients) {
    Session* s =
        server.sessions().find_id(c->attached ? c->attached->session : c->control->session);
    if (s == nullptr) continue;
    items.emplace_back();
    server.client_formats(items.back(), *c, *s);
  }
  print_listing(ctx, items,
                "#{client_name}: #{session_name} [#{client_width}x#{client_height} "
                "#{client_termname}]#{?#{!=:#{client_uid},#{uid}}, [user #{client_user}],} "
                "(#{client_flags})",
                {"client_name", "client_pid", "session_name", "client_width", "client_height",
                 "client_termname", "client_created", "client_activity", "client_flags",
                 "client_control_mode", "client_readonly", "client_utf8", "client_user"},
                {"client_name", "session_name", "client_termname", "client_flags", "client_user"});
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdListClients("list-clients", "lsc", {"F:Jt:", 0, 0},
                                          "[-J] [-F format] [-t target-session]", kFlagReadOnly,
                                          exec_list_clients);

}  // namespace amux
