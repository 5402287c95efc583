// The server process: detached from the terminal and the working directory, with the
// configuration file found, serving on the socket its starter made.
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

#include "amux/base/trace.h"
#include "amux/server/server.h"

namespace amux {

// The server process: detaches, then serves on an already listening socket until it
// ends; writes a byte to ready_fd once serving. Returns the exit status.
int run_server_daemon(const std::string& path, const std::string& config_file, int listen_fd,
                      int ready_fd) {
  setsid();
  int null = open("/dev/null", O_RDWR);
  if (null >= 0) {
    dup2(null, STDIN_FILENO);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    if (null > STDERR_FILENO) close(null);
  }
  std::string config = config_file;
  if (char* full = realpath(config.c_str(), nullptr); !config.empty() && full != nullptr) {
    config = full;
    free(full);
  }
  if (chdir("/") != 0) return 1;  // keep no directory busy; panes get the client's cwd
  if (config.empty())
    if (const char* home = getenv("HOME"))
      if (std::string def = std::string(home) + "/.amux.conf"; access(def.c_str(), R_OK) == 0)
        config = def;
  trace::init();
  Server server(path, config);
  int status = server.run(listen_fd, ready_fd);
  trace::flush();
  return status;
}

}  // namespace amux
