// amux mcp: a Model Context Protocol server on stdio, one JSON-RPC message a line. The
// protocol is src/mcp/handler.cc's; this is its process: the stdio loop, and each tool
// call run as an amux command on its own connection to the server, as a one-shot client
// would, so a call that waits (wait, wait_output) parks in the server without holding up
// the others. The process acts as the pane it runs in (its join makes the pane a member
// of its own), or the -t session; with neither, as a session it makes (mcp-PID) and ends
// when it ends.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

#include "amux/base/handles.h"
#include "amux/base/json.h"
#include "amux/base/lines.h"
#include "amux/base/protocol.h"
#include "amux/base/util.h"
#include "amux/client/client.h"
#include "amux/mcp/handler.h"

namespace amux {

namespace {

using mcp::Answer;

// A tool call's connection to the server: frames read so far, and what gets the answer.
struct Call {
  Fd fd;
  std::string in;  // frames read, not yet whole
  Answer answer;
  std::function<void(const Answer&)> done;
  bool background = false;  // a watch: no request waits on it
};

// The process around the handler: stdin's lines in, stdout's messages out, and one server
// connection a call, all in one poll loop.
class McpClient : public mcp::Calls {
 public:
  McpClient(std::string socket_path, std::string pane) : path_(std::move(socket_path)) {
    handler_.set_pane(std::move(pane));
  }
  int run();

  int start(const std::vector<std::string>& argv, std::function<void(const Answer&)> done,
            std::string* error, bool background = false) override;
  void cancel(int key) override { calls_.erase(key); }
  void send(const std::string& line) override {
    write_all(STDOUT_FILENO, line.data(), line.size());
  }

 private:
  bool read_call(Call& c);  // false once the call is done (or its connection broke)

  std::string path_;
  LineReader input_{64u << 20};  // JSON-RPC messages from stdin, one a line
  std::map<int, Call> calls_;    // by descriptor
  mcp::Handler handler_{*this};
};

int McpClient::start(const std::vector<std::string>& argv, std::function<void(const Answer&)> done,
                     std::string* error, bool background) {
  // The frame is made before connecting, as the one-shot client does (client.cc).
  std::string frame = command_frame(argv, true);
  if (frame.size() > kFrameHeaderSize + kMaxFramePayload) return *error = "command too long", -1;
  Fd fd(connect_to_server(path_));
  if (!fd) return *error = "no server running on " + path_, -1;
  if (!write_all(fd.get(), frame.data(), frame.size()))
    return *error = "server exited unexpectedly", -1;
  // Read only when poll says so, and never blocking: a descriptor closed and reused within
  // one turn of the loop may be reported for the call that had it before.
  fcntl(fd.get(), F_SETFL, fcntl(fd.get(), F_GETFL) | O_NONBLOCK);
  int key = fd.get();
  Call& c = calls_[key];
  c.fd = std::move(fd);
  c.done = std::move(done);
  c.background = background;
  return key;
}

bool McpClient::read_call(Call& c) {
  char buf[65536];
  ssize_t n = read(c.fd.get(), buf, sizeof buf);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (n <= 0) {
    if (c.answer.status < 0) {
      c.answer.status = 1;
      c.answer.err += "server exited unexpectedly\n";
    }
    return false;
  }
  c.in.append(buf, static_cast<size_t>(n));
  Frame f;
  std::string error;
  for (FrameTake t; (t = take_frame(&c.in, &f, &error)) != FrameTake::kPartial;) {
    if (t == FrameTake::kBad) {
      c.answer.status = 1;
      c.answer.err += error + "\n";
      return false;
    }
    switch (static_cast<MsgType>(f.type)) {
      case MsgType::kStdout: c.answer.out += f.payload; break;
      case MsgType::kStderr: c.answer.err += f.payload; break;
      case MsgType::kExit: c.answer.status = exit_status(f.payload); return false;
      default: break;
    }
  }
  return true;
}

int McpClient::run() {
  bool input_open = true;
  // After the end of input, the calls still running are answered; watches are not waited
  // for.
  auto answering = [this] {
    for (auto& [fd, c] : calls_)
      if (!c.background) return true;
    return false;
  };
  while (input_open || answering()) {
    std::vector<struct pollfd> fds;
    if (input_open) fds.push_back({STDIN_FILENO, POLLIN, 0});
    for (auto& [fd, c] : calls_) fds.push_back({fd, POLLIN, 0});
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    for (const auto& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == STDIN_FILENO) {
        char buf[65536];
        ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          input_open = false;  // calls still running are answered, then the process ends
          continue;
        }
        // A message past 64 MiB is discarded whole, up to its newline, and answered once.
        input_.feed(std::string_view(buf, static_cast<size_t>(n)),
                    [this](std::string&& line, bool too_long) {
                      if (too_long) return handler_.line_too_long();
                      handler_.handle_line(line);
                    });
        continue;
      }
      auto it = calls_.find(p.fd);
      if (it == calls_.end()) continue;
      if (!read_call(it->second)) {
        Call done = std::move(it->second);  // its handler may start (or end) calls
        calls_.erase(it);
        if (done.done) done.done(done.answer);
      }
    }
  }
  return 0;
}

}  // namespace

// Runs a command, its output (one line, without the newline) into *out.
static int capture(const ClientOptions& start, const std::vector<std::string>& argv,
                   std::string* out) {
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) return 1;
  int saved = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  dup2(pipefd[1], STDOUT_FILENO);
  close(pipefd[1]);
  int status = client_main(start, argv);
  dup2(saved, STDOUT_FILENO);
  close(saved);
  char buf[4096];
  ssize_t n = read(pipefd[0], buf, sizeof buf - 1);
  close(pipefd[0]);
  out->assign(buf, n > 0 ? static_cast<size_t>(n) : 0);
  while (!out->empty() && out->back() == '\n') out->pop_back();
  return status;
}

int mcp_main(const ClientOptions& opts, const std::vector<std::string>& args) {
  std::string target;
  for (size_t i = 0; i < args.size(); i++) {
    if (args[i] == "-t" && i + 1 < args.size()) {
      target = args[++i];
    } else {
      fprintf(stderr, "usage: amux mcp [-t target-session]\n");
      return 1;
    }
  }
  std::string error;
  std::string path = resolve_socket_path(opts, &error);
  if (path.empty()) {
    fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  // A server to talk to (started as any client starts one), with stdout kept for MCP.
  ClientOptions start = opts;
  start.socket_path = path;
  // Close-on-exec: a server started now must not keep our stdout (or the pipe) open.
  int saved = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  dup2(STDERR_FILENO, STDOUT_FILENO);
  int status = client_main(start, {"start-server"});
  // Outside any pane of this server and without -t, it makes a session of its own (and
  // ends it when it ends) rather than acting as whichever session was used last.
  AmuxEnv env;
  const char* amux_var = getenv("AMUX");
  bool in_pane = amux_var != nullptr && parse_amux_env(amux_var, &env) && env.socket == path;
  bool own_session = target.empty() && !in_pane && status == 0;
  if (own_session) {
    status = capture(start,
                     {"new-session", "-d", "-s", "mcp-" + std::to_string(getpid()), "-P", "-F",
                      "#{session_name}"},
                     &target);
    if (status == 0) fprintf(stderr, "amux mcp: acting as a new session '%s'\n", target.c_str());
  } else if (!target.empty() && status == 0) {
    status = client_main(start, {"has-session", "-t", target});
  }
  if (!target.empty() && status == 0) {
    // Act as the session: its AMUX value goes with every command, as from its pane.
    std::string value;
    status = capture(start,
                     {"display-message", "-p", "-t", target, "#{socket_path},#{pid},#{session_id}"},
                     &value);
    if (status == 0) {
      // AMUX holds the session's number: "$3" is session_id's form of it.
      if (size_t dollar = value.rfind(",$"); dollar != std::string::npos)
        value.erase(dollar + 1, 1);
      setenv("AMUX", value.c_str(), 1);
      unsetenv("AMUX_PANE");
      unsetenv("TMUX");
      unsetenv("TMUX_PANE");
    }
  }
  dup2(saved, STDOUT_FILENO);
  close(saved);
  if (status != 0) return status;
  // In a pane of this server (not -t): the pane joins as a member of its own.
  const char* pane = getenv("AMUX_PANE");
  int rc = McpClient(path, in_pane && target.empty() && pane != nullptr ? pane : "").run();
  if (own_session) {  // its session goes with it (stdout is MCP's: keep it quiet)
    dup2(STDERR_FILENO, STDOUT_FILENO);
    client_main(start, {"kill-session", "-t", target});
  }
  return rc;
}

}  // namespace amux
