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

#include "amux/server.h"

namespace amux {

namespace {

std::string default_shell(const std::vector<std::string>& env) {
  for (const auto& e : env)
    if (starts_with(e, "SHELL=") && e.size() > 7 && e[6] == '/' && access(e.c_str() + 6, X_OK) == 0)
      return e.substr(6);
  if (struct passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_shell && *pw->pw_shell)
    return pw->pw_shell;
  return "/bin/sh";
}

std::vector<std::string> pane_environment(Server& server, Session& s, Pane& p,
                                          const NewSessionSpec& spec) {
  std::map<std::string, std::string> vars;
  auto put = [&](const std::string& kv) {
    size_t eq = kv.find('=');
    if (eq != std::string::npos && eq > 0) vars[kv.substr(0, eq)] = kv.substr(eq + 1);
  };
  for (const auto& e : spec.env) put(e);
  vars.erase("TMUX");
  vars.erase("TMUX_PANE");
  vars["TERM"] = "screen-256color";
  vars["AMUX"] = server.socket_path() + "," + std::to_string(server.pid()) + "," +
                 std::to_string(s.id);
  vars["AMUX_PANE"] = "%" + std::to_string(p.id);
  for (const auto& e : spec.extra_env) put(e);
  std::vector<std::string> out;
  for (auto& [k, v] : vars) out.push_back(k + "=" + v);
  return out;
}

[[noreturn]] void exec_child(const std::string& cwd, const std::vector<std::string>& env,
                             const std::vector<std::string>& command) {
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
  std::string shell = default_shell(env);
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

void on_pane_read(evutil_socket_t, short, void* arg) {
  auto* p = static_cast<Pane*>(arg);
  p->server->pane_readable(*p);
}

}  // namespace

bool spawn_pane(Server& server, Session& s, Pane& p, const NewSessionSpec& spec,
                std::string* error) {
  std::vector<std::string> env = pane_environment(server, s, p, spec);
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
  if (pid == 0) exec_child(spec.cwd, env, spec.command);
  p.pid = pid;
  p.tty = tty;
  p.master.reset(master);
  fcntl(master, F_SETFD, FD_CLOEXEC);
  fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
  p.server = &server;
  p.read_event.reset(event_new(server.base(), master, EV_READ | EV_PERSIST, on_pane_read, &p));
  event_add(p.read_event.get(), nullptr);
  return true;
}

}  // namespace amux
