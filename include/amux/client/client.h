// The one-shot client: resolves the socket, starts a server when the command needs one
// (exactly one, under a lock), sends argv/cwd/environment and relays the reply.
#pragma once

#include <string>
#include <vector>

namespace amux {

// Runs a server in this process (when no amux-server is installed beside the client).
using ServerRunner = int (*)(const std::string& path, const std::string& config_file, int listen_fd,
                             int ready_fd);

struct ClientOptions {
  std::string socket_name;  // -L
  std::string socket_path;  // -S
  std::string config_file;  // -f
  bool as_tmux = false;     // invoked as tmux: $TMUX names the server too
  bool no_start = false;    // -N: never start a server
  int control = 0;          // -C: 1; -CC: 2 (the output wrapped for a terminal)
  ServerRunner run_server = nullptr;
};

// Resolves the socket path; on failure returns "" and sets *error.
std::string resolve_socket_path(const ClientOptions& opts, std::string* error);
// Runs argv (a ';'-separated command list) and returns the process exit status.
int client_main(const ClientOptions& opts, const std::vector<std::string>& argv);
// For clients that run commands themselves (amux mcp): a connection to the server's
// socket (-1 with errno), and the frame that asks it to run argv, with this process's
// directory and environment (all of it, or only AMUX/TMUX and the locale).
int connect_to_server(const std::string& path);
std::string command_frame(const std::vector<std::string>& argv, bool whole_environment);
// amux mcp: a Model Context Protocol server on stdio (mcp.cc).
int mcp_main(const ClientOptions& opts, const std::vector<std::string>& args);

}  // namespace amux
