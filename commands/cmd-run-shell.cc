// run-shell: run a shell command outside any pane, its formats expanded for the target
// pane (-t, else the current one) and in that pane's directory. The client waits and
// prints what it wrote (stdout and stderr); a failing command ends with "'cmd' returned
// N". -b (or no client to wait: hooks, the configuration file) runs it in the background.
// -d waits that many seconds first (with no command: only waits; in a key binding the
// rest of its list waits with it).
#include "amux/server/client-hub.h"
#include "amux/server/jobs.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_run_shell(CmdContext& ctx) {
  Server& server = *ctx.server();
  const Args& args = ctx.args();
  uint64_t id = args.has('b') ? 0 : ctx.client_id();
  long long delay = 0;  // -d: seconds (a fraction too) before it runs
  if (args.has('d')) {
    char* end = nullptr;
    const std::string& d = args.get('d');
    double seconds = strtod(d.c_str(), &end);
    if (d.empty() || *end != '\0' || !(seconds >= 0 && seconds <= 86400))
      return ctx.error("invalid delay time: " + d);
    delay = static_cast<long long>(seconds * 1000);
  } else if (args.count() == 0) {
    return CmdStatus::kOk;  // as tmux: nothing to run, nothing to wait for
  }
  ClientInfo client;
  std::string command;
  if (args.count() > 0 && !job_for_target(ctx, args.at(0), &client, &command))
    return CmdStatus::kError;
  auto wait = std::make_shared<bool>(false);  // the client waits (parked)
  auto done = [&server, id, wait, command](int status, std::string output) {
    if (!*wait) return;
    std::string err =
        status == 0 ? "" : "'" + command + "' returned " + std::to_string(status) + "\n";
    server.clients().resume_client(id, status == 0 ? 0 : 1, output, err);
  };
  if (args.has('d')) {
    // A client that can wait waits for the delay and the command; in a key binding or a
    // hook the rest of the list waits too.
    server.later(delay, [&server, client, command, done, id, wait] {
      std::string error;
      if (command.empty()) return done(0, "");
      // A command that cannot start says so on stderr, as without -d.
      if (server.jobs().start(command, client, done, &error) < 0 && *wait)
        server.clients().resume_client(id, 1, "", "can't run '" + command + "': " + error + "\n");
    });
  } else if (std::string error; server.jobs().start(command, client, done, &error) < 0) {
    return ctx.error("can't run '" + command + "': " + error);
  }
  *wait = id != 0 && server.clients().park(id, -1, [] {});
  if (!*wait && args.has('d')) ctx.defer_ms = delay;
  return *wait ? CmdStatus::kWait : CmdStatus::kOk;
}

extern const CommandEntry kCmdRunShell("run-shell", "run", {"bd:t:", 0, 1},
                                       "[-b] [-d delay] [-t target-pane] [shell-command]", 0,
                                       exec_run_shell);

}  // namespace amux
