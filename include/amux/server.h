// The server: one process per socket on a libevent loop. It owns every session, pane and
// group, serves one-shot clients over the framed protocol and reaps pane programs.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "amux/cmd.h"
#include "amux/format.h"
#include "amux/group.h"
#include "amux/session.h"

struct event_base;
struct bufferevent;
struct evconnlistener;

namespace amux {

struct NewSessionSpec {
  std::string name;
  std::string window_name;
  std::string cwd;
  std::vector<std::string> env;        // the client's environment
  std::vector<std::string> extra_env;  // -e VAR=value
  std::vector<std::string> command;    // empty: the default shell
  unsigned sx = 80, sy = 24;
};

class Server {
 public:
  Server(std::string socket_path, std::string config_file);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Runs the loop on an already listening socket; writes one byte to ready_fd once serving.
  int run(int listen_fd, int ready_fd);
  void request_exit();

  SessionRegistry sessions;
  GroupRegistry groups;

  const std::string& socket_path() const { return socket_path_; }
  pid_t pid() const { return pid_; }
  struct event_base* base() const { return base_; }
  time_t now() const;

  // The session a client means when it gives no -t: its own pane's session, if any.
  int current_session_for(const ClientInfo& client);
  Session* create_session(const NewSessionSpec& spec, std::string* error);
  void destroy_session(Session& s);
  void destroy_pane(Pane& p);
  void pane_readable(Pane& p);
  void child_exited(pid_t pid);
  void check_exit();

  // Group membership. Errors are full texts ready for stderr.
  bool join_group(Session& s, const std::string& group, std::string* error);
  LeaveResult leave_group(Session& s);
  Group* group_of(const Session& s);
  std::string session_name(int id, const std::string& fallback = "") ;

  // Format variables for a session (and the server: pid, version).
  void session_formats(FormatContext& ctx, Session& s);
  void server_formats(FormatContext& ctx);

  // Client connections (server-client.cc).
  void accept_client(int fd);
  void client_read(struct bufferevent* bev);
  void client_done(struct bufferevent* bev);

 private:
  void load_config();
  void flush_clients();

  std::string socket_path_;
  std::string config_file_;
  pid_t pid_;
  struct event_base* base_ = nullptr;
  struct evconnlistener* listener_ = nullptr;
  EventPtr sigchld_;
  EventPtr sigterm_;
  std::vector<struct bufferevent*> clients_;
  bool exiting_ = false;
};

// Spawns the pane's program in a new PTY (pane.cc).
bool spawn_pane(Server& server, Session& s, Pane& p, const NewSessionSpec& spec,
                std::string* error);

}  // namespace amux
