// Benchmark driver for bench/coordination.sh: speaks the amux protocol (and drives tmux
// control-mode clients over pipes) so the measurements leave out process start-up.
//   coord-bench amux-pipeline SOCKET SESSION N   N shares as one command list, one connection
//   coord-bench amux-serial SOCKET SESSION N     N shares one at a time: a connection each,
//                                                each answered before the next is sent
//   coord-bench amux-control SOCKET SESSION N    N shares one at a time on one control-mode
//                                                connection (each line after the last %end)
//   coord-bench amux-wake SOCKET WAITER SHARER ROUNDS    ashare -> await wake-up latency
//   coord-bench amux-wake2 SOCKET WAITER SOCKET2 SHARER ROUNDS   the same, the sharer on a
//                                                        second server (a remote group)
//   coord-bench tmux-pipeline TMUX SOCKET SESSION N      N `set -g @k v` over one -C client
//   coord-bench amux-wake-process AMUX SOCKET WAITER SHARER ROUNDS  the same, the waiter a
//                                                        one-shot `amux await` process
//   coord-bench tmux-wake-process TMUX SOCKET SESSION ROUNDS   wait-for -S (on a -C client)
//                                                        -> a one-shot `tmux wait-for` exits
// Pipelines print "<per second>", wake-ups "<p50 us> <p99 us>".
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "amux/base/protocol.h"
#include "amux/base/util.h"

using namespace amux;
using Clock = std::chrono::steady_clock;

static void die(const char* what) {
  perror(what);
  exit(2);
}

static int connect_to(const std::string& path) {
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un sa = {};
  sa.sun_family = AF_UNIX;
  snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path.c_str());
  if (connect(fd, reinterpret_cast<struct sockaddr*>(&sa), sizeof sa) != 0) die("connect");
  return fd;
}

static void send_command(int fd, std::vector<std::string> argv) {
  CommandMessage m;
  m.cwd = "/";
  m.argv = std::move(argv);
  std::string frame = encode_frame(MsgType::kCommand, encode_command(m));
  if (!write_all(fd, frame.data(), frame.size())) die("write");
}

// Reads frames until one of `type` (or exit) arrives; returns its type.
static uint16_t read_until(int fd, MsgType type, std::string* out = nullptr) {
  for (;;) {
    unsigned char head[kFrameHeaderSize];
    size_t got = 0;
    while (got < sizeof head) {
      ssize_t n = read(fd, head + got, sizeof head - got);
      if (n <= 0) die("read");
      got += static_cast<size_t>(n);
    }
    FrameHeader h = decode_header(head);
    std::string payload(h.length, '\0');
    for (got = 0; got < h.length;) {
      ssize_t n = read(fd, payload.data() + got, h.length - got);
      if (n <= 0) die("read");
      got += static_cast<size_t>(n);
    }
    if (h.type == static_cast<uint16_t>(MsgType::kStderr))
      fprintf(stderr, "amux: %s", payload.c_str());
    if (out != nullptr && h.type == static_cast<uint16_t>(MsgType::kStdout)) *out += payload;
    if (h.type == static_cast<uint16_t>(type) || h.type == static_cast<uint16_t>(MsgType::kExit))
      return h.type;
  }
}

static void print_percentiles(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  printf("%.0f %.0f\n", us[us.size() / 2], us[std::min(us.size() - 1, us.size() * 99 / 100)]);
}

static int amux_pipeline(const std::string& sock, const std::string& session, int n) {
  std::vector<std::string> argv;
  for (int i = 0; i < n; i++) {
    if (i > 0) argv.push_back(";");
    for (const char* w : {"ashare", "-t"}) argv.push_back(w);
    argv.push_back(session);
    argv.push_back("k" + std::to_string(i % 100) + "=" + std::to_string(i));
  }
  int fd = connect_to(sock);
  auto t0 = Clock::now();
  send_command(fd, std::move(argv));
  read_until(fd, MsgType::kExit);
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  close(fd);
  printf("%.0f\n", n / s);
  return 0;
}

static int amux_serial(const std::string& sock, const std::string& session, int n) {
  auto t0 = Clock::now();
  for (int i = 0; i < n; i++) {
    int fd = connect_to(sock);
    send_command(
        fd, {"ashare", "-t", session, "k" + std::to_string(i % 100) + "=" + std::to_string(i)});
    read_until(fd, MsgType::kExit);
    close(fd);
  }
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  printf("%.0f\n", n / s);
  return 0;
}

// Reads control-mode output until a line starting "%end " or "%error " has come after
// `from` in *seen; returns where the next search starts.
static size_t read_block_end(int fd, std::string* seen, size_t from) {
  for (;;) {
    for (size_t at = seen->find('%', from); at != std::string::npos; at = seen->find('%', at + 1)) {
      if (at > 0 && (*seen)[at - 1] != '\n') continue;
      size_t eol = seen->find('\n', at);
      if (eol == std::string::npos) break;
      if (seen->compare(at, 5, "%end ") == 0 || seen->compare(at, 7, "%error ") == 0) {
        if (seen->compare(at, 7, "%error ") == 0) die("a command failed");
        return eol + 1;
      }
    }
    std::string out;
    if (read_until(fd, MsgType::kStdout, &out) != static_cast<uint16_t>(MsgType::kStdout))
      die("control connection ended");
    *seen += out;
  }
}

static int amux_control(const std::string& sock, const std::string& session, int n) {
  int fd = connect_to(sock);
  CommandMessage m;
  m.cwd = "/";
  m.argv = {"display-message", "-p", "ready"};
  std::string frame = encode_frame(MsgType::kControl, encode_command(m));
  if (!write_all(fd, frame.data(), frame.size())) die("write");
  std::string seen;
  size_t from = read_block_end(fd, &seen, 0);
  auto t0 = Clock::now();
  for (int i = 0; i < n; i++) {
    std::string line =
        "ashare -t " + session + " k" + std::to_string(i % 100) + "=" + std::to_string(i) + "\n";
    frame = encode_frame(MsgType::kInput, line);
    if (!write_all(fd, frame.data(), frame.size())) die("write");
    from = read_block_end(fd, &seen, from);
    if (from > (1 << 20)) {
      seen.erase(0, from);
      from = 0;
    }
  }
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  close(fd);
  printf("%.0f\n", n / s);
  return 0;
}

// Until the server has `want` clients parked (an await that is waiting): a share sent
// before would come before the wait, which rightly waits for the next one.
static void wait_parked(const std::string& sock, int want) {
  for (int tries = 0; tries < 10000; tries++) {
    int fd = connect_to(sock);
    send_command(fd, {"display-message", "-p", "#{server_parked_clients}"});
    std::string out;
    read_until(fd, MsgType::kExit, &out);
    close(fd);
    if (atoi(out.c_str()) >= want) return;
    usleep(100);
  }
  die("the await never parked");
}

static int amux_wake(const std::string& sock, const std::string& waiter, const std::string& sock2,
                     const std::string& sharer, int rounds) {
  std::vector<double> us;
  for (int i = 0; i < rounds; i++) {
    int a = connect_to(sock);
    send_command(a, {"agent-wait", "-t", waiter, "-K", "wake", "-T", "5"});
    wait_parked(sock, 1);
    int b = connect_to(sock2);
    auto t0 = Clock::now();
    send_command(b, {"agent-share", "-t", sharer, "wake=" + std::to_string(i)});
    if (read_until(a, MsgType::kStdout) != static_cast<uint16_t>(MsgType::kStdout)) {
      fprintf(stderr, "round %d: the waiter was not woken\n", i);
      return 1;
    }
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    read_until(b, MsgType::kExit);
    close(a);
    close(b);
  }
  print_percentiles(us);
  return 0;
}

// A tmux control-mode client on pipes.
struct ControlClient {
  pid_t pid = -1;
  int in = -1, out = -1;
  std::string buf;

  void start(const std::string& tmux, const std::string& sock, const std::string& session) {
    int to[2], from[2];
    if (pipe(to) != 0 || pipe(from) != 0) die("pipe");
    pid = fork();
    if (pid == 0) {
      dup2(to[0], 0);
      dup2(from[1], 1);
      close(to[1]);
      close(from[0]);
      execlp(tmux.c_str(), tmux.c_str(), "-S", sock.c_str(), "-C", "attach", "-t", session.c_str(),
             nullptr);
      _exit(127);
    }
    close(to[0]);
    close(from[1]);
    in = to[1];
    out = from[0];
  }
  void send(const std::string& line) {
    if (!write_all(in, line.data(), line.size())) die("write tmux");
  }
  // Reads lines until one starts with %end or %error; returns how many it saw.
  void until_end() {
    for (;;) {
      size_t nl;
      while ((nl = buf.find('\n')) != std::string::npos) {
        std::string line = buf.substr(0, nl);
        buf.erase(0, nl + 1);
        if (line.rfind("%end", 0) == 0 || line.rfind("%error", 0) == 0) return;
      }
      char tmp[65536];
      ssize_t n = read(out, tmp, sizeof tmp);
      if (n <= 0) die("read tmux");
      buf.append(tmp, static_cast<size_t>(n));
    }
  }
  void stop() {
    close(in);
    close(out);
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);
  }
};

static int tmux_pipeline(const std::string& tmux, const std::string& sock,
                         const std::string& session, int n) {
  ControlClient c;
  c.start(tmux, sock, session);
  c.send("display -p ready\n");
  c.until_end();  // attached (the first %begin/%end pair is the attach itself)
  c.until_end();
  std::string lines;
  for (int i = 0; i < n; i++)
    lines += "set -g @k" + std::to_string(i % 100) + " " + std::to_string(i) + "\n";
  auto t0 = Clock::now();
  c.send(lines);
  for (int i = 0; i < n; i++) c.until_end();
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  c.stop();
  printf("%.0f\n", n / s);
  return 0;
}

// Starts a program (its stdout to /dev/null) and returns its pid.
static pid_t spawn(const std::vector<std::string>& argv) {
  pid_t pid = fork();
  if (pid == 0) {
    freopen("/dev/null", "w", stdout);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  return pid;
}

// The waiter is a one-shot client process blocked before the signal; the time runs from
// the signal leaving a persistent connection until the waiter process has exited. tmux
// has no waiting over a control connection (wait-for returns at once there), so this is
// the form both can be measured in.
static int process_wake(bool tmux_side, const std::string& bin, const std::string& sock,
                        const std::string& waiter, const std::string& sharer, int rounds) {
  ControlClient c;
  if (tmux_side) {
    c.start(bin, sock, sharer);
    c.send("display -p ready\n");
    c.until_end();
    c.until_end();
  }
  std::vector<double> us;
  for (int i = 0; i < rounds; i++) {
    pid_t pid = tmux_side
                    ? spawn({bin, "-S", sock, "wait-for", "bench"})
                    : spawn({bin, "-S", sock, "agent-wait", "-t", waiter, "-K", "wake", "-T", "5"});
    usleep(10000);  // started and blocked
    int b = -1;
    if (!tmux_side) b = connect_to(sock);
    auto t0 = Clock::now();
    if (tmux_side)
      c.send("wait-for -S bench\n");
    else
      send_command(b, {"agent-share", "-t", sharer, "wake=" + std::to_string(i)});
    int status;
    waitpid(pid, &status, 0);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fprintf(stderr, "round %d: the waiter failed\n", i);
      return 1;
    }
    if (tmux_side) {
      c.until_end();
    } else {
      read_until(b, MsgType::kExit);
      close(b);
    }
  }
  if (tmux_side) c.stop();
  print_percentiles(us);
  return 0;
}

int main(int argc, char** argv) {
  std::vector<std::string> a(argv + 1, argv + argc);
  if (a.size() == 4 && a[0] == "amux-pipeline") return amux_pipeline(a[1], a[2], std::stoi(a[3]));
  if (a.size() == 4 && a[0] == "amux-control") return amux_control(a[1], a[2], std::stoi(a[3]));
  if (a.size() == 4 && a[0] == "amux-serial") return amux_serial(a[1], a[2], std::stoi(a[3]));
  if (a.size() == 5 && a[0] == "amux-wake")
    return amux_wake(a[1], a[2], a[1], a[3], std::stoi(a[4]));
  if (a.size() == 6 && a[0] == "amux-wake2")
    return amux_wake(a[1], a[2], a[3], a[4], std::stoi(a[5]));
  if (a.size() == 5 && a[0] == "tmux-pipeline")
    return tmux_pipeline(a[1], a[2], a[3], std::stoi(a[4]));
  if (a.size() == 6 && a[0] == "amux-wake-process")
    return process_wake(false, a[1], a[2], a[3], a[4], std::stoi(a[5]));
  if (a.size() == 5 && a[0] == "tmux-wake-process")
    return process_wake(true, a[1], a[2], "", a[3], std::stoi(a[4]));
  fprintf(stderr, "usage: see the top of bench/tools/coord-bench.cc\n");
  return 2;
}
