// Jobs: shell commands run by run-shell or if-shell outside any pane (jobs.cc).
#pragma once

#include <sys/types.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "amux/base/handles.h"
#include "amux/base/util.h"

namespace amux {

class Server;
class CmdContext;
struct ClientInfo;

class Jobs;

struct Job {
  Jobs* owner = nullptr;
  pid_t pid = -1;
  Fd out;  // its stdout and stderr
  EventPtr read_event;
  std::string output;  // the first 1 MiB
  bool eof = false;
  bool exited = false;
  int status = 0;
  // Runs from the loop once the output ended and the child was reaped.
  std::function<void(int status, std::string output)> done;
};

// The server's jobs, by pid.
class Jobs {
 public:
  explicit Jobs(Server& server) : server_(server) {}
  Jobs(const Jobs&) = delete;
  Jobs& operator=(const Jobs&) = delete;
  ~Jobs();
  // Starts command in the client's directory and with its variables; done(status, output)
  // runs from the loop when it ended. -1 with *error.
  pid_t start(const std::string& command, const ClientInfo& client,
              std::function<void(int, std::string)> done, std::string* error);
  bool exited(pid_t pid, int code);  // false: not a job
  // Finishes the job once its output ended and it was reaped.
  void check(pid_t pid);
  // #(command) in a status line: the last line the command printed when it last ran
  // ("" until it has). It runs again when that is interval seconds old and it is not
  // running; a new line redraws the status lines. At most kMaxFormatJobs are kept.
  std::string format_output(const std::string& command, long long interval);
  static constexpr size_t kMaxFormatJobs = 64;

 private:
  struct FormatJob {
    std::string last;
    time_t started = 0;
    bool running = false;
  };
  Server& server_;
  std::map<pid_t, std::unique_ptr<Job>> jobs_;
  std::map<std::string, FormatJob> format_jobs_;
};

// A program run to its end while the loop waits (git for a worktree: short, and the
// command's answer depends on it): argv in cwd, the server's environment with env's
// variables over it, no stdin. status: its exit status (127: it could not be run; -1:
// not started, err says why).
struct RunResult {
  int status = -1;
  std::string out, err;
};
RunResult run_now(const std::vector<std::string>& argv, const std::string& cwd,
                  const std::vector<std::string>& env);
// The server's environment with over's variables over it.
std::vector<std::string> job_environment(const std::vector<std::string>& over);

// What a job of a command (run-shell, if-shell) runs as: the client's variables and the
// target pane's AMUX, that pane's directory, and *expanded: command with the target's
// formats expanded. False with the error recorded when -t names nothing.
bool job_for_target(CmdContext& ctx, const std::string& command, ClientInfo* client,
                    std::string* expanded);

}  // namespace amux
