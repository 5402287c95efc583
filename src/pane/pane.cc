// Starting a pane's program in a new PTY: environment (AMUX, AMUX_PANE, TERM), working
// directory, and a close-on-exec master watched by the loop.
#include <event2/event.h>
#include <fcntl.h>
#include <pty.h>
#include <pwd.h>
#include <signal.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "amux/server/server.h"

namespace amux {

namespace {

std::string default_shell(const std::string& option, const std::vector<std::string>& env) {
  if (!option.empty() && option[0] == '/' && access(option.c_str(), X_OK) == 0) return option;
  for (const auto& e : env)
    if (starts_with(e, "SHELL=") && e.size() > 7 && e[6] == '/' && access(e.c_str() + 6, X_OK) == 0)
      return e.substr(6);
  if (struct passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_shell && *pw->pw_shell)
    return pw->pw_shell;
  return "/bin/sh";
}

const char* default_term() {
  static const char* term = [] {
    for (const char* dir : {"/usr/share/terminfo/t", "/lib/terminfo/t", "/etc/terminfo/t"})
      if (access((std::string(dir) + "/tmux-256color").c_str(), R_OK) == 0) return "tmux-256color";
    return "screen-256color";
  }();
  return term;
}

std::vector<std::string> pane_environment(Server& server, Session& s, Pane& p,
                                          const SpawnSpec& spec) {
  std::map<std::string, std::string> vars;
  auto put = [&](const std::string& kv) {
    size_t eq = kv.find('=');
    if (eq != std::string::npos && eq > 0) vars[kv.substr(0, eq)] = kv.substr(eq + 1);
  };
  for (const auto& e : spec.env) put(e);
  vars.erase("TMUX");
  vars.erase("TMUX_PANE");
  vars["TERM"] = default_term();
  vars["AMUX"] = server.amux_value(s.id);
  vars["AMUX_PANE"] = "%" + std::to_string(p.id);
  for (const auto& e : spec.extra_env) put(e);
  std::vector<std::string> out;
  for (auto& [k, v] : vars) out.push_back(k + "=" + v);
  return out;
}

[[noreturn]] void exec_child(const std::string& cwd, const std::vector<std::string>& env,
                             const std::vector<std::string>& command, const std::string& shell) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig : {SIGPIPE, SIGCHLD, SIGHUP, SIGTERM, SIGINT, SIGQUIT}) signal(sig, SIG_DFL);
  close_range(3, ~0u, 0);
  if (cwd.empty() || chdir(cwd.c_str()) != 0) {
    const char* home = getenv("HOME");
    if (home == nullptr || chdir(home) != 0) (void)chdir("/");
  }
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  environ = envp.data();
  std::vector<std::string> words = command;
  if (words.empty()) {
    std::string login = "-" + shell.substr(shell.rfind('/') + 1);
    execl(shell.c_str(), login.c_str(), static_cast<char*>(nullptr));
  } else if (words.size() == 1) {
    execl(shell.c_str(), shell.c_str(), "-c", words[0].c_str(), static_cast<char*>(nullptr));
  } else {
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
  }
  dprintf(STDERR_FILENO, "amux: can't run %s: %s\n",
          words.empty() ? shell.c_str() : words[0].c_str(), strerror(errno));
  _exit(127);
}

void on_pane_read(evutil_socket_t, short, void* arg) noexcept {
  guarded("pane read", [arg] {
    auto* p = static_cast<Pane*>(arg);
    p->server->pane_readable(*p);
  });
}

}  // namespace

// OSC 1337 ; SetUserVar=key=base64(value): a program in a pane of a grouped session
// shares key=value as that session (the iTerm2/WezTerm convention). Anything malformed is
// ignored, as terminals ignore OSCs they cannot use.
static void pane_osc(Pane& p, std::string_view text) {
  constexpr std::string_view kPrefix = "1337;SetUserVar=";
  if (text.substr(0, kPrefix.size()) != kPrefix) return;
  text.remove_prefix(kPrefix.size());
  size_t eq = text.find('=');
  if (eq == std::string_view::npos) return;
  std::string key(text.substr(0, eq)), value;
  if (!valid_key(key) || !base64_decode(text.substr(eq + 1), &value) ||
      !check_value(key, value).empty())
    return;
  Session& s = *p.window->session;
  if (Group* g = p.server->group_of(s)) p.server->coord().share(*g, s.id, {{key, value}});
}

bool spawn_pane(Server& server, Pane& p, const SpawnSpec& spec, std::string* error) {
  Session& s = *p.window->session;
  std::vector<std::string> env = pane_environment(server, s, p, spec);
  std::vector<std::string> command = spec.command;
  if (command.empty() && !s.options.get("default-command").empty())
    command.push_back(s.options.get("default-command"));
  std::string shell = default_shell(s.options.get("default-shell"), spec.env);
  if (!p.term) {
    p.term = std::make_unique<Terminal>(p.sx, p.sy,
                                        static_cast<size_t>(s.options.number("history-limit")));
    Pane* pp = &p;
    p.term->on_osc = [pp](std::string_view text) { pane_osc(*pp, text); };
  }
  struct winsize ws = {};
  ws.ws_col = static_cast<unsigned short>(p.sx);
  ws.ws_row = static_cast<unsigned short>(p.sy);
  int master = -1;
  char tty[256] = "";
  pid_t pid = forkpty(&master, tty, nullptr, &ws);
  if (pid < 0) {
    *error = std::string("fork failed: ") + strerror(errno);
    return false;
  }
  if (pid == 0) exec_child(spec.cwd, env, command, shell);
  p.spec = spec;
  p.spec.env.clear();  // respawn-pane brings its client's environment; keep panes small
  p.spec.env.shrink_to_fit();
  p.pid = pid;
  p.tty = tty;
  p.dead = false;
  p.master.reset(master);
  fcntl(master, F_SETFD, FD_CLOEXEC);
  fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
  p.read_event.reset(event_new(server.base(), master, EV_READ | EV_PERSIST, on_pane_read, &p));
  p.input_event.reset();
  p.input_pending.clear();
  event_add(p.read_event.get(), nullptr);
  return true;
}

namespace {

void on_pipe_writable(evutil_socket_t, short, void* arg) noexcept {
  guarded("pipe-pane write", [arg] { pipe_pane_write(*static_cast<Pane*>(arg), nullptr, 0); });
}

}  // namespace

constexpr size_t kPipePaneMaxPending = 4u << 20;
constexpr size_t kInputMaxPending = 1u << 20;

static void flush_input(Pane& p) {
  while (!p.input_pending.empty() && p.master) {
    ssize_t n = write(p.master.get(), p.input_pending.data(), p.input_pending.size());
    if (n > 0) {
      p.input_pending.erase(0, static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN) {
      event_add(p.input_event.get(), nullptr);
      return;
    } else {
      p.input_pending.clear();
    }
  }
}

static void on_input_writable(evutil_socket_t, short, void* arg) noexcept {
  guarded("pane write", [arg] { flush_input(*static_cast<Pane*>(arg)); });
}

bool pane_write_input(Pane& p, std::string_view data, std::string* error) {
  if (p.dead || !p.master) {
    *error = "pane %" + std::to_string(p.id) + " is dead";
    return false;
  }
  if (p.input_pending.size() + data.size() > kInputMaxPending) {
    *error = "pane %" + std::to_string(p.id) + " is not reading its input";
    return false;
  }
  if (!p.input_event)
    p.input_event.reset(event_new(p.server->base(), p.master.get(), EV_WRITE, on_input_writable, &p));
  p.input_pending.append(data);
  flush_input(p);
  return true;
}

bool pipe_pane(Server& server, Pane& p, const std::string& command, std::string* error) {
  close_pipe_pane(p);
  if (command.empty()) return true;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    *error = std::string("pipe failed: ") + strerror(errno);
    return false;
  }
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    *error = std::string("fork failed: ") + strerror(errno);
    return false;
  }
  if (pid == 0) {
    setsid();
    dup2(fds[0], STDIN_FILENO);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    for (int sig : {SIGPIPE, SIGCHLD, SIGHUP, SIGTERM}) signal(sig, SIG_DFL);
    close_range(3, ~0u, 0);
    if (!p.spec.cwd.empty() && chdir(p.spec.cwd.c_str()) != 0) (void)chdir("/");
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[0]);
  fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
  p.pipe_pid = pid;
  p.pipe_fd.reset(fds[1]);
  p.pipe_event.reset(event_new(server.base(), fds[1], EV_WRITE, on_pipe_writable, &p));
  return true;
}

void pipe_pane_write(Pane& p, const char* data, size_t len) {
  if (!p.pipe_fd) return;
  if (p.pipe_pending.size() + len > kPipePaneMaxPending) {
    close_pipe_pane(p);  // the reader cannot keep up: stop rather than buffer without bound
    return;
  }
  p.pipe_pending.append(data, len);
  while (!p.pipe_pending.empty()) {
    ssize_t n = write(p.pipe_fd.get(), p.pipe_pending.data(), p.pipe_pending.size());
    if (n > 0) {
      p.pipe_pending.erase(0, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      event_add(p.pipe_event.get(), nullptr);
      return;
    }
    close_pipe_pane(p);  // EPIPE: the command exited
    return;
  }
}

void close_pipe_pane(Pane& p) {
  p.pipe_event.reset();
  p.pipe_fd.reset();
  p.pipe_pending.clear();
  if (p.pipe_pid > 0) kill(-p.pipe_pid, SIGHUP);
  p.pipe_pid = -1;
}

}  // namespace amux
