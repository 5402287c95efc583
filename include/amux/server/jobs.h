// A job: a shell command run by run-shell or if-shell outside any pane (jobs.cc).
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

#include "amux/base/handles.h"
#include "amux/base/util.h"

namespace amux {

class Server;
class CmdContext;
struct ClientInfo;

struct Job {
  Server* server = nullptr;
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

// What a job of a command (run-shell, if-shell) runs as: the client's variables and the
// target pane's AMUX, that pane's directory, and *expanded: command with the target's
// formats expanded. False with the error recorded when -t names nothing.
bool job_for_target(CmdContext& ctx, const std::string& command, ClientInfo* client,
                    std::string* expanded);

}  // namespace amux
