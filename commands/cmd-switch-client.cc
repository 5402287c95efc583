// switch-client: show another session on an attached client (-t session, -n next,
// -p previous, -l last), as tmux does; a window or pane target also makes that window
// and pane current. -T: the client's next key is looked up in that key table (then root
// again), as modal bindings use it. -Z is accepted (a zoomed window stays zoomed anyway).
#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static Session* step_session(Server& server, int from, bool forward) {
  std::vector<Session*> list = server.sessions().list();
  for (size_t i = 0; i < list.size(); i++)
    if (list[i]->id == from) return list[(forward ? i + 1 : i + list.size() - 1) % list.size()];
  return list.empty() ? nullptr : list.front();
}

static CmdStatus exec_switch_client(CmdContext& ctx) {
  Server& server = *ctx.server();
  const Args& args = ctx.args();
  ClientConn* c = args.has('c') ? nullptr : server.clients().control_client(ctx);
  if (c == nullptr) c = command_client(ctx, 'c');
  if (c == nullptr) return CmdStatus::kError;
  if (args.has('T')) {  // the next key is looked up in that table
    const std::string& table = args.get('T');
    if (!server.keys.has_table(table)) return ctx.error("table " + table + " doesn't exist");
    if (c->control) return CmdStatus::kOk;
    if (table == "prefix")
      c->attached->prefix = true;
    else if (table != "root")
      c->attached->key_table = table;
    return CmdStatus::kOk;
  }
  int current = c->control ? c->control->session : c->attached->session;
  Session* s = nullptr;
  if (args.has('n') || args.has('p')) {
    s = step_session(server, current, args.has('n'));
  } else if (args.has('l')) {
    if (c->control) return ctx.error("can't find last session");
    s = server.sessions().find_id(c->attached->last_session);
    if (s == nullptr) return ctx.error("can't find last session");
  } else if (args.get('t').find_first_of(":.") != std::string::npos) {
    // A window or pane target: that session, with the window and pane made current.
    Target t;
    if (!ctx.target(TargetKind::kPane, &t)) return CmdStatus::kError;
    s = t.session;
    server.sessions().select_window(*s, *t.window);
    server.sessions().select_pane(*t.pane);
  } else {
    s = ctx.target_session();
  }
  if (s == nullptr) return CmdStatus::kError;
  server.renderer().attach(*c, *s);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSwitchClient("switch-client", "switchc", {"c:lnpt:T:Z", 0, 0},
                                           "[-lnpZ] [-c target-client] [-t target-session] "
                                           "[-T key-table]",
                                           0, exec_switch_client);

}  // namespace amux
