// The one-shot client: resolves the socket, starts a server when the command needs one
// (exactly one, under a lock), sends argv/cwd/environment and relays the reply.
#pragma once

#include <string>
#include <vector>

namespace amux {

struct ClientOptions {
  std::string socket_name;  // -L
  std::string socket_path;  // -S
  std::string config_file;  // -f
};

// Resolves the socket path; on failure returns "" and sets *error.
std::string resolve_socket_path(const ClientOptions& opts, std::string* error);
// The server process: detaches, then serves on an already listening socket until it
// ends; writes a byte to ready_fd once serving. Returns the exit status.
int run_server_daemon(const std::string& path, const std::string& config_file, int listen_fd,
                      int ready_fd);
// Runs argv (a ';'-separated command list) and returns the process exit status.
int client_main(const ClientOptions& opts, const std::vector<std::string>& argv);

}  // namespace amux
