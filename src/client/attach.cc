// The attached client's loop. The server reads keys from the terminal and draws on it
// itself; the client waits for the end (detach, the session or the server ending) while
// telling the server its terminal's size, and says why it ended. If the server is lost,
// the terminal's modes are put back from what they were before the command.
#include "amux/client/attach.h"

#include <poll.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

#include "amux/base/protocol.h"
#include "amux/base/util.h"

namespace amux {

namespace {

bool send(int sock, MsgType type, std::string_view payload) {
  std::string frame = encode_frame(type, payload);
  return write_all(sock, frame.data(), frame.size());
}

void send_size(int sock) {
  struct winsize ws;
  if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0)
    send(sock, MsgType::kResize, encode_size(ws.ws_col, ws.ws_row));
}

// What ends the loop: a message for the user, printed once the terminal is the user's.
struct Ending {
  bool done = false;
  int status = 0;
  std::string message;
};

// Handles the frames in buf; sets *end when the server is done with this client.
void handle_frames(std::string& buf, Ending* end, std::string* output) {
  Frame f;
  std::string error;
  for (FrameTake t; (t = take_frame(&buf, &f, &error)) != FrameTake::kPartial;) {
    if (t == FrameTake::kBad) {
      *end = Ending{true, 1, error};
      return;
    }
    switch (static_cast<MsgType>(f.type)) {
      case MsgType::kStdout:
      case MsgType::kStderr: output->append(f.payload); break;
      case MsgType::kDetach: *end = Ending{true, 0, "[" + f.payload + "]"}; break;
      case MsgType::kExit: *end = Ending{true, exit_status(f.payload), ""}; break;
      default: break;
    }
    if (end->done) return;
  }
}

}  // namespace

int attached_loop(int sock, const struct termios* modes) {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGWINCH);
  sigaddset(&mask, SIGHUP);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGCONT);
  sigprocmask(SIG_BLOCK, &mask, nullptr);
  Fd sigfd(signalfd(-1, &mask, SFD_CLOEXEC));
  send_size(sock);

  Ending end;
  std::string inbuf, output;
  char buf[65536];
  while (!end.done) {
    struct pollfd fds[2] = {{sock, POLLIN, 0}, {sigfd.get(), POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents & POLLIN) {
      struct signalfd_siginfo si;
      if (read(sigfd.get(), &si, sizeof si) == static_cast<ssize_t>(sizeof si)) {
        if (si.ssi_signo == SIGWINCH || si.ssi_signo == SIGCONT) send_size(sock);
        if (si.ssi_signo == SIGHUP) return 0;  // the terminal is gone: nothing to say
        if (si.ssi_signo == SIGTERM) end = Ending{true, 0, "[terminated]"};
      }
    }
    if (!end.done && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
      ssize_t n = read(sock, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        if (modes != nullptr) tcsetattr(STDIN_FILENO, TCSANOW, modes);
        end = Ending{true, 1, "[lost server]"};
        break;
      }
      inbuf.append(buf, static_cast<size_t>(n));
      handle_frames(inbuf, &end, &output);
    }
  }
  if (!output.empty()) fputs(output.c_str(), stdout);
  if (!end.message.empty()) printf("%s\n", end.message.c_str());
  return end.status;
}

}  // namespace amux
