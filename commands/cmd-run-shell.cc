// run-shell: run a shell command outside any pane, its formats expanded for the target
// pane (-t, else the current one) and in that pane's directory. The client waits and
// prints what it wrote (stdout and stderr); a failing command ends with "'cmd' returned
// N". -b (or no client to wait: hooks, the configuration file) runs it in the background.
#include "amux/server/client-hub.h"
#include "amux/server/jobs.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_run_shell(CmdContext& ctx) {
  ClientInfo client;
  std::string command, error;
  if (!job_for_target(ctx, ctx.args().at(0), &client, &command)) return CmdStatus::kError;
  Server& server = *ctx.server();
  uint64_t id = ctx.args().has('b') ? 0 : ctx.client_id();
  auto done = [&server, id, command](int status, std::string output) {
    if (id == 0) return;
    std::string err =
        status == 0 ? "" : "'" + command + "' returned " + std::to_string(status) + "\n";
    server.clients().resume_client(id, status == 0 ? 0 : 1, output, err);
  };
  if (server.jobs().start(command, client, done, &error) < 0)
    return ctx.error("can't run '" + command + "': " + error);
  if (id == 0 || !server.clients().park(id, -1, [] {})) return CmdStatus::kOk;
  return CmdStatus::kWait;
}

extern const CommandEntry kCmdRunShell("run-shell", "run", {"bt:", 1, 1},
                                       "[-b] [-t target-pane] shell-command", 0, exec_run_shell);

}  // namespace amux
