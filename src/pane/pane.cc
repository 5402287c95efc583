// The Pane: starting its program on a PTY, reading its output into the emulator (and
// pipe-pane), queueing its input, and the one path that ends the program side (stop).
#include "amux/pane/pane.h"

#include <event2/event.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>

#include "amux/base/trace.h"

namespace amux {

constexpr size_t kInputMaxPending = 1u << 20;
constexpr size_t kPipePaneMaxPending = 4u << 20;

Pane::Pane(int pane_id, PaneOwner& owner, Window* w)
    : id(pane_id), window(w), owner_(owner), input_(kInputMaxPending), pipe_(kPipePaneMaxPending) {
  pipe_.on_failed = [this] { close_pipe(); };  // the command exited
}

Pane::~Pane() {
  close_pipe();
  stop(SIGHUP);
}

[[noreturn]] void exec_launch(const Launch& how) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig : {SIGPIPE, SIGCHLD, SIGHUP, SIGTERM, SIGINT, SIGQUIT, SIGXFSZ})
    signal(sig, SIG_DFL);
  close_range(3, ~0u, 0);
  if (how.cwd.empty() || chdir(how.cwd.c_str()) != 0) {
    const char* home = getenv("HOME");
    if (home == nullptr || chdir(home) != 0) (void)chdir("/");
  }
  std::vector<char*> envp;
  for (const auto& e : how.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  environ = envp.data();
  std::vector<std::string> words = how.command;
  const std::string& shell = how.shell;
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

namespace {

void on_pane_read(evutil_socket_t, short, void* arg) noexcept {
  guarded("pane read", [arg] { static_cast<Pane*>(arg)->read_ready(); });
}

void on_idle(evutil_socket_t, short, void* arg) noexcept {
  guarded("idle timer", [arg] {
    auto* p = static_cast<Pane*>(arg);
    p->owner().pane_idle_timer(*p);
  });
}

struct winsize size_of(int sx, int sy) {
  struct winsize ws = {};
  ws.ws_col = static_cast<unsigned short>(sx);
  ws.ws_row = static_cast<unsigned short>(sy);
  return ws;
}

}  // namespace

bool Pane::start(const Launch& how, const SpawnSpec& what, size_t history, std::string* error) {
  if (!term) {
    term = std::make_unique<Terminal>(sx, sy, history);
    term->on_osc = [this](std::string_view text) { owner_.pane_osc(*this, text); };
    term->on_bell = [this] { owner_.pane_bell(*this); };
  }
  struct winsize ws = size_of(sx, sy);
  int master = -1;
  char name[256] = "";
  pid_t child = forkpty(&master, name, nullptr, &ws);
  if (child < 0) {
    *error = std::string("fork failed: ") + strerror(errno);
    return false;
  }
  if (child == 0) exec_launch(how);
  spec = what;
  spec.env.clear();  // respawn-pane brings its client's environment; keep panes small
  spec.env.shrink_to_fit();
  pid = child;
  tty = name;
  dead = false;
  master_.reset(master);
  fcntl(master, F_SETFD, FD_CLOEXEC);
  fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
  read_event_.reset(event_new(owner_.base(), master, EV_READ | EV_PERSIST, on_pane_read, this));
  event_add(read_event_.get(), nullptr);
  input_.attach(owner_.base(), master);
  return true;
}

void Pane::stop(int sig) {
  read_event_.reset();
  input_.detach();
  master_.reset();
  idle_timer_.reset();
  working = false;
  deliveries.clear();
  if (sig != 0 && pid > 0) kill(-pid, sig);
}

void Pane::program_exited(int status) {
  pid = -1;
  dead_status = status;
  if (reading())
    read_ready();  // drains, and reports closed once the tty is
  else
    owner_.pane_closed(*this);
}

void Pane::read_ready() {
  char buf[65536];
  for (int rounds = 0; rounds < 16; rounds++) {
    ssize_t n = read(master_.get(), buf, sizeof buf);
    if (n > 0) {
      AMUX_TRACE_MARK("pane-read");
      if (rounds == 0) owner_.pane_output(*this);
      owner_.pane_data(*this, std::string_view(buf, static_cast<size_t>(n)));
      term->write(buf, static_cast<size_t>(n));
      AMUX_TRACE_MARK("parsed");
      if (piping() &&
          pipe_.write(std::string_view(buf, static_cast<size_t>(n))) != WriteQueue::Result::kOk)
        close_pipe();
      std::string replies = term->take_replies();
      if (!replies.empty()) write_all(master_.get(), replies.data(), replies.size());
      // A short read (a keystroke's echo, a prompt) has emptied the tty: the frame is drawn
      // without another read first (the event says when there is more). A flood comes in
      // reads of the tty's buffer (4 KiB) and is read on.
      if (n < 1024) return;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    read_event_.reset();  // EOF or EIO: the program and its children closed the tty
    if (pid < 0) owner_.pane_closed(*this);
    return;
  }
}

bool Pane::write_input(std::string_view data, std::string* error) {
  if (dead || !master_) {
    *error = "pane %" + std::to_string(id) + " is dead";
    return false;
  }
  if (input_.write(data) == WriteQueue::Result::kFull) {
    *error = "pane %" + std::to_string(id) + " is not reading its input";
    return false;
  }
  return true;  // a tty that fails takes nothing more; its program's end follows
}

bool Pane::open_pipe(const std::string& command, std::string* error) {
  close_pipe();
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    *error = std::string("pipe failed: ") + strerror(errno);
    return false;
  }
  pid_t child = fork();
  if (child < 0) {
    close(fds[0]);
    close(fds[1]);
    *error = std::string("fork failed: ") + strerror(errno);
    return false;
  }
  if (child == 0) {
    setsid();
    dup2(fds[0], STDIN_FILENO);
    int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    for (int sig : {SIGPIPE, SIGCHLD, SIGHUP, SIGTERM, SIGXFSZ}) signal(sig, SIG_DFL);
    close_range(3, ~0u, 0);
    if (!spec.cwd.empty() && chdir(spec.cwd.c_str()) != 0) (void)chdir("/");
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[0]);
  fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK);
  pipe_pid_ = child;
  pipe_fd_.reset(fds[1]);
  pipe_.attach(owner_.base(), fds[1]);
  return true;
}

// A reader that cannot keep up (past the queue's limit) or has exited is closed rather
// than buffered for without bound.
void Pane::close_pipe() {
  pipe_.detach();
  pipe_fd_.reset();
  if (pipe_pid_ > 0) kill(-pipe_pid_, SIGHUP);
  pipe_pid_ = -1;
}

void Pane::child_reaped(pid_t child) {
  if (child == pipe_pid_) pipe_pid_ = -1;
}

void Pane::apply_size() {
  if (!term || (term->grid().cols() == sx && term->grid().rows() == sy)) return;
  term->resize(sx, sy);
  if (master_) {
    struct winsize ws = size_of(sx, sy);
    ioctl(master_.get(), TIOCSWINSZ, &ws);
  }
}

void Pane::arm_idle_timer(int64_t ms) {
  if (!idle_timer_) idle_timer_.reset(evtimer_new(owner_.base(), on_idle, this));
  struct timeval tv = {static_cast<time_t>(ms / 1000), static_cast<suseconds_t>(ms % 1000 * 1000)};
  evtimer_add(idle_timer_.get(), &tv);
}

}  // namespace amux
