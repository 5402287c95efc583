// confirm-before: ask on the client's status line before running a command: the
// confirm key (y, or -c's) runs it, any other key does not; -y: Enter confirms too.
// -p: the prompt (a format); default "Confirm 'command'? (y/n)". -b is accepted: it
// never holds up the command queue here.
#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_confirm_before(CmdContext& ctx) {
  Server& server = *ctx.server();
  const Args& args = ctx.args();
  ClientConn* c = command_client(ctx, 't');
  if (c == nullptr) return CmdStatus::kError;
  std::string command = args.at(0);
  std::vector<ParsedCommand> parsed;
  std::string error;
  if (!parse_command_string(command, &parsed, &error)) return ctx.error(error);
  std::string confirm = args.get('c', "y");
  auto key = key_from_name(confirm);
  if (!key || *key >= kKeySpecial || confirm.size() != 1)
    return ctx.error("invalid confirm key: " + confirm);
  std::string label;
  if (args.has('p')) {
    FormatContext fc;
    if (Pane* p = server.renderer().shown_pane(*c)) server.pane_formats(fc, *p);
    label = format_expand(args.get('p'), fc) + " ";
  } else {
    label = "Confirm '" + command.substr(0, command.find(' ')) + "'? (" + confirm + "/n) ";
  }
  uint64_t id = c->id;
  bool enter = args.has('y');
  Prompt* p = server.renderer().open_prompt(
      *c, label, "", [&server, id, command, confirm, enter](const std::string& answer) {
        ClientConn* conn = server.clients().find_client(id);
        if (conn == nullptr || !conn->attached) return;
        if (answer == confirm || (enter && answer == "Enter"))
          server.renderer().run_for_client(*conn, command);
      });
  if (p != nullptr) p->key_name = true;
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdConfirmBefore("confirm-before", "confirm", {"bc:p:t:y", 1, 1},
                                            "[-by] [-c confirm-key] [-p prompt] "
                                            "[-t target-client] command",
                                            0, exec_confirm_before);

}  // namespace amux
