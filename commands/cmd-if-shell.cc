// if-shell: run one amux command or another by how a shell command exits (0: the first),
// or with -F by a format (true when not empty and not 0). The client waits for the shell
// command, then the chosen command runs as the client and its output and status are the
// client's; -b (or no client to wait) decides and runs it in the background.
#include "amux/server/client-hub.h"
#include "amux/server/jobs.h"
#include "amux/server/server.h"

namespace amux {

// Runs a command string as client; its status (0, or 1 after an error).
static int run_string(Server& server, const ClientInfo& client, const std::string& command,
                      std::string* out, std::string* err) {
  std::vector<ParsedCommand> list;
  std::string error;
  if (!parse_command_string(command, &list, &error)) {
    *err += error + "\n";
    return 1;
  }
  return run_command_list(&server, client, list, out, err);
}

static CmdStatus exec_if_shell(CmdContext& ctx) {
  const Args& args = ctx.args();
  std::string yes = args.at(1), no = args.count() > 2 ? args.at(2) : "";
  ClientInfo client;
  std::string condition, error;
  if (!job_for_target(ctx, args.at(0), &client, &condition)) return CmdStatus::kError;
  Server& server = *ctx.server();
  if (args.has('F')) {
    std::string out, err;
    int status = run_string(server, client, format_true(condition) ? yes : no, &out, &err);
    ctx.out += out;
    ctx.err += err;
    return status == 0 ? CmdStatus::kOk : CmdStatus::kError;
  }
  uint64_t id = args.has('b') ? 0 : ctx.client_id();
  auto done = [&server, id, client, yes, no](int status, std::string) {
    std::string out, err;
    int rc = run_string(server, client, status == 0 ? yes : no, &out, &err);
    if (id != 0) server.clients().resume_client(id, rc, out, err);
  };
  if (server.jobs().start(condition, client, done, &error) < 0)
    return ctx.error("can't run '" + condition + "': " + error);
  if (id == 0 || !server.clients().park(id, -1, [] {})) return CmdStatus::kOk;
  return CmdStatus::kWait;
}

extern const CommandEntry kCmdIfShell("if-shell", "if", {"bFt:", 2, 3},
                                      "[-bF] [-t target-pane] shell-command command [command]", 0,
                                      exec_if_shell);

}  // namespace amux
