// The client side of the protocol. Blocking I/O only: a one-shot command needs no event
// loop, and start-up stays small (no config, no terminfo, no locale).
#include "amux/client/client.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "amux/base/protocol.h"
#include "amux/base/util.h"
#include "amux/client/attach.h"
#include "amux/client/control.h"
#include "amux/server/cmd.h"

extern char** environ;

namespace amux {

namespace {

bool check_socket_dir(const std::string& dir, std::string* error) {
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    *error = "can't create directory " + dir + " (" + strerror(errno) + ")";
    return false;
  }
  struct stat st;
  if (lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    *error = dir + " is not a directory";
    return false;
  }
  if (st.st_uid != getuid()) {
    *error = "directory " + dir + " has unsafe owner (uid " + std::to_string(st.st_uid) + ")";
    return false;
  }
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    snprintf(mode, sizeof mode, "%o", st.st_mode & 0777);
    *error = "directory " + dir + " has unsafe permissions (mode " + mode + ")";
    return false;
  }
  return true;
}

bool make_address(const std::string& path, struct sockaddr_un* sa, std::string* error) {
  memset(sa, 0, sizeof *sa);
  sa->sun_family = AF_UNIX;
  if (path.size() >= sizeof sa->sun_path) {
    *error = "socket path too long: " + path;
    return false;
  }
  memcpy(sa->sun_path, path.c_str(), path.size() + 1);
  return true;
}

// Returns a connected fd, or -1 with errno set.
int connect_socket(const std::string& path) {
  struct sockaddr_un sa;
  std::string error;
  if (!make_address(path, &sa, &error)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (connect(fd, reinterpret_cast<struct sockaddr*>(&sa), sizeof sa) != 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

int listen_socket(const std::string& path, std::string* error) {
  struct sockaddr_un sa;
  if (!make_address(path, &sa, error)) return -1;
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    *error = std::string("socket failed: ") + strerror(errno);
    return -1;
  }
  // Only a socket left by a server that is gone is replaced: -S naming a file is refused.
  struct stat st;
  if (lstat(path.c_str(), &st) == 0 && !S_ISSOCK(st.st_mode)) {
    *error = "can't listen on " + path + " (not a socket)";
    close(fd);
    return -1;
  }
  unlink(path.c_str());
  mode_t old = umask(S_IXUSR | S_IRWXG | S_IRWXO);
  int rc = bind(fd, reinterpret_cast<struct sockaddr*>(&sa), sizeof sa);
  umask(old);
  if (rc != 0 || listen(fd, 128) != 0) {
    *error = "can't listen on " + path + " (" + strerror(errno) + ")";
    close(fd);
    return -1;
  }
  return fd;
}

// The server program beside this one (build/amux-server next to build/amux), if any.
std::string server_program() {
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return "";
  std::string path(self, static_cast<size_t>(n));
  path = path.substr(0, path.rfind('/') + 1) + "amux-server";
  return access(path.c_str(), X_OK) == 0 ? path : "";
}

// In the forked child: run amux-server on the inherited sockets, or (without one
// installed) the server code in this process.
[[noreturn]] void become_server(const ClientOptions& opts, const std::string& path, int listen_fd,
                                int ready_fd) {
  std::string program = server_program();
  if (!program.empty()) {
    fcntl(listen_fd, F_SETFD, 0);
    fcntl(ready_fd, F_SETFD, 0);
    std::string lfd = std::to_string(listen_fd), rfd = std::to_string(ready_fd);
    execl(program.c_str(), program.c_str(), path.c_str(), lfd.c_str(), rfd.c_str(),
          opts.config_file.c_str(), static_cast<char*>(nullptr));
    fcntl(listen_fd, F_SETFD, FD_CLOEXEC);
    fcntl(ready_fd, F_SETFD, FD_CLOEXEC);
  }
  _exit(opts.run_server != nullptr ? opts.run_server(path, opts.config_file, listen_fd, ready_fd)
                                   : 127);
}

// Starts a server under the lock unless another client did first. Returns a connected fd.
// The lock file goes when its holder is done (no PATH.lock is left behind); a client that
// waited on a file unlinked meanwhile takes the new one, so holders never overlap.
int start_server(const ClientOptions& opts, const std::string& path, std::string* error) {
  std::string lock_path = path + ".lock";
  Fd lock;
  for (;;) {
    lock = Fd(open(lock_path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
    if (!lock || flock(lock.get(), LOCK_EX) != 0) {
      *error = "can't lock " + lock_path + " (" + strerror(errno) + ")";
      return -1;
    }
    struct stat held, named;
    if (fstat(lock.get(), &held) == 0 && stat(lock_path.c_str(), &named) == 0 &&
        held.st_dev == named.st_dev && held.st_ino == named.st_ino)
      break;
  }
  struct Unlock {  // on every way out, while still held
    const std::string& path;
    ~Unlock() { unlink(path.c_str()); }
  } unlock{lock_path};
  if (int fd = connect_socket(path); fd >= 0) return fd;
  int listen_fd = listen_socket(path, error);
  if (listen_fd < 0) return -1;
  int ready[2];
  if (pipe2(ready, O_CLOEXEC) != 0) {
    *error = std::string("pipe failed: ") + strerror(errno);
    close(listen_fd);
    return -1;
  }
  pid_t pid = fork();
  if (pid == 0) {
    close(ready[0]);
    lock.reset();
    become_server(opts, path, listen_fd, ready[1]);
  }
  close(listen_fd);
  close(ready[1]);
  char c;
  ssize_t n;
  while ((n = read(ready[0], &c, 1)) < 0 && errno == EINTR) {
  }
  close(ready[0]);
  if (pid < 0 || n != 1) {
    *error = "server failed to start";
    return -1;
  }
  int fd = connect_socket(path);
  if (fd < 0) *error = "error connecting to " + path + " (" + strerror(errno) + ")";
  return fd;
}

bool read_exact(int fd, void* buf, size_t len) {
  auto p = static_cast<char*>(buf);
  while (len > 0) {
    ssize_t n = read(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

// The client's terminal: a tty when stdin and stdout both are.
TerminalInfo terminal_info() {
  TerminalInfo t;
  t.pid = static_cast<int>(getpid());
  t.tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
  if (!t.tty) return t;
  struct winsize ws;
  if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0) {
    t.cols = ws.ws_col;
    t.rows = ws.ws_row;
  }
  if (const char* term = getenv("TERM")) t.term = term;
  if (const char* name = ttyname(STDIN_FILENO)) t.name = name;
  return t;
}

// Sends the whole environment only to commands that start programs; the others need
// just AMUX and AMUX_PANE (which pane the client runs in), or TMUX and TMUX_PANE, and the
// locale (whether the client's terminal takes UTF-8: #{client_utf8}).
CommandMessage command_message(const std::vector<std::string>& argv, bool whole_environment) {
  CommandMessage msg;
  char cwd[4096];
  msg.cwd = getcwd(cwd, sizeof cwd) ? cwd : "/";
  for (char** e = environ; *e != nullptr; e++)
    if (whole_environment || strncmp(*e, "AMUX", 4) == 0 || strncmp(*e, "TMUX", 4) == 0 ||
        strncmp(*e, "LANG=", 5) == 0 || strncmp(*e, "LC_ALL=", 7) == 0 ||
        strncmp(*e, "LC_CTYPE=", 9) == 0)
      msg.env.emplace_back(*e);
  msg.argv = argv;
  msg.terminal = terminal_info();
  return msg;
}

// What exchange returns when the connection ended before the server said anything: a
// server that was dying as the client connected (killed, its socket not yet closed).
constexpr int kNoReply = -2;

// A one-shot command's frame, made before connecting: the server, woken by the
// connection, finds the command already there.
struct Request {
  std::string frame;
  bool saved = false;  // modes holds the terminal's modes, for an attach
  struct termios modes {};
};

bool make_request(const std::vector<std::string>& argv, bool whole_environment, Request* r) {
  CommandMessage msg = command_message(argv, whole_environment);
  r->saved = msg.terminal.tty && tcgetattr(STDIN_FILENO, &r->modes) == 0;
  std::string payload = encode_command(msg);
  if (payload.size() > kMaxFramePayload) {
    fprintf(stderr, "command too long\n");
    return false;
  }
  r->frame = encode_frame(MsgType::kCommand, payload);
  return true;
}

int exchange(int fd, const Request& r) {
  const std::string& frame = r.frame;
  if (!send_all(fd, frame.data(), frame.size())) return kNoReply;
  for (bool replied = false;; replied = true) {
    unsigned char raw[kFrameHeaderSize];
    if (!read_exact(fd, raw, sizeof raw)) {
      if (!replied) return kNoReply;
      break;
    }
    FrameHeader h = decode_header(raw);
    if (HeaderCheck c = check_header(h); c != HeaderCheck::kOk) {
      fprintf(stderr, "%s\n", header_error(h, c).c_str());
      return 1;
    }
    std::string data(h.length, '\0');
    if (!read_exact(fd, data.data(), data.size())) break;
    switch (static_cast<MsgType>(h.type)) {
      case MsgType::kStdout: write_all(STDOUT_FILENO, data.data(), data.size()); break;
      case MsgType::kStderr: write_all(STDERR_FILENO, data.data(), data.size()); break;
      case MsgType::kAttach: return attached_loop(fd, r.saved ? &r.modes : nullptr);
      case MsgType::kExit: {
        uint32_t status = 1;
        if (data.size() == 4) memcpy(&status, data.data(), 4);
        return static_cast<int>(status);
      }
      default: break;
    }
  }
  fprintf(stderr, "server exited unexpectedly\n");
  return 1;
}

}  // namespace

int connect_to_server(const std::string& path) {
  return connect_socket(path);
}

std::string command_frame(const std::vector<std::string>& argv, bool whole_environment) {
  return encode_frame(MsgType::kCommand, encode_command(command_message(argv, whole_environment)));
}

std::string resolve_socket_path(const ClientOptions& opts, std::string* error) {
  if (!opts.socket_path.empty()) return opts.socket_path;
  if (opts.socket_name.empty())
    for (const char* var : {"AMUX", opts.as_tmux ? "TMUX" : nullptr})
      if (AmuxEnv e; var != nullptr && getenv(var) != nullptr && parse_amux_env(getenv(var), &e))
        return e.socket;
  if (opts.socket_name.find('/') != std::string::npos) {
    *error = "invalid socket name: " + opts.socket_name;
    return "";
  }
  const char* base = getenv("AMUX_TMPDIR");
  if (base == nullptr || *base == '\0') base = getenv("TMPDIR");
  if (base == nullptr || *base == '\0') base = "/tmp";
  std::string dir = std::string(base) + "/amux-" + std::to_string(getuid());
  if (!check_socket_dir(dir, error)) return "";
  return dir + "/" + (opts.socket_name.empty() ? "default" : opts.socket_name);
}

int client_main(const ClientOptions& opts, const std::vector<std::string>& argv) {
  std::vector<ParsedCommand> list;
  std::string error;
  if (!parse_command_list(argv, &list, &error)) {
    fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  bool start = false, local = !list.empty() && opts.control == 0, spawns = false;
  for (const auto& c : list) {
    start = start || ((c.entry->flags & kFlagStartServer) != 0 && !opts.no_start);
    spawns = spawns || (c.entry->flags & kFlagSpawns) != 0;
    local = local && (c.entry->flags & kFlagNoServer) != 0;
  }
  std::string path = resolve_socket_path(opts, &error);
  if (path.empty()) {
    fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  Request request;
  if (opts.control == 0 && !make_request(argv, spawns, &request)) return 1;
  Fd fd(connect_socket(path));
  if (!fd && errno != ENOENT && errno != ECONNREFUSED) {
    fprintf(stderr, "error connecting to %s (%s)\n", path.c_str(), strerror(errno));
    return 1;
  }
  if (!fd && local) {
    std::string out, err;
    int status = run_command_list(nullptr, ClientInfo{}, list, &out, &err);
    fputs(out.c_str(), stdout);
    fputs(err.c_str(), stderr);
    return status;
  }
  if (!fd && !start) {
    fprintf(stderr, "no server running on %s\n", path.c_str());
    return 1;
  }
  if (!fd) {
    fd.reset(start_server(opts, path, &error));
    if (!fd) {
      fprintf(stderr, "%s\n", error.c_str());
      return 1;
    }
  }
  if (opts.control > 0)
    return control_loop(fd.get(), encode_command(command_message(argv, true)), opts.control);
  int status = exchange(fd.get(), request);
  // A server killed just before: its socket took the connection and closed it unanswered.
  // A command that may start a server starts one once that server is gone (a few tries).
  for (int attempt = 0; status == kNoReply && start && attempt < 20; attempt++) {
    usleep(50000);
    fd.reset(connect_socket(path));
    if (!fd && (errno == ENOENT || errno == ECONNREFUSED))
      fd.reset(start_server(opts, path, &error));
    if (!fd) {
      fprintf(stderr, "%s\n", error.empty() ? "can't connect to the server" : error.c_str());
      return 1;
    }
    status = exchange(fd.get(), request);
  }
  if (status != kNoReply) return status;
  fprintf(stderr, "server exited unexpectedly\n");
  return 1;
}

}  // namespace amux
