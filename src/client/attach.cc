// The attached client's loop: poll the terminal, the server and signals (window size,
// hang-up); what the server sends is drawn with terminfo, what is typed goes to the
// server as it comes. The terminal is restored on every way out.
#include "amux/client/attach.h"

#include <poll.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "amux/base/protocol.h"
#include "amux/base/util.h"
#include "amux/client/tty.h"

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

// What ends the loop: a message for the user, printed after the terminal is restored.
struct Ending {
  bool done = false;
  int status = 0;
  std::string message;
};

// Handles the frames in buf; sets *end when the server is done with this client.
bool handle_frames(std::string& buf, Tty& tty, Ending* end, std::string* output) {
  while (buf.size() >= kFrameHeaderSize) {
    FrameHeader h = decode_header(reinterpret_cast<const unsigned char*>(buf.data()));
    if (check_header(h) != HeaderCheck::kOk) {
      *end = Ending{true, 1, header_error(h, check_header(h))};
      return false;
    }
    if (buf.size() < kFrameHeaderSize + h.length) return true;
    std::string_view payload(buf.data() + kFrameHeaderSize, h.length);
    switch (static_cast<MsgType>(h.type)) {
      case MsgType::kUpdate: tty.draw(payload); break;
      case MsgType::kStdout:
      case MsgType::kStderr: output->append(payload); break;
      case MsgType::kDetach: *end = Ending{true, 0, "[" + std::string(payload) + "]"}; break;
      case MsgType::kExit: {
        uint32_t status = 1;
        if (payload.size() == 4) memcpy(&status, payload.data(), 4);
        *end = Ending{true, static_cast<int>(status), ""};
        break;
      }
      default: break;
    }
    buf.erase(0, kFrameHeaderSize + h.length);
    if (end->done) return false;
  }
  return true;
}

}  // namespace

int attached_loop(int sock) {
  Tty tty;
  std::string error;
  const char* term = getenv("TERM");
  if (!tty.open(term != nullptr ? term : "", &error) ||
      !tty.start(STDIN_FILENO, STDOUT_FILENO, &error)) {
    fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
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
  bool hangup = false;
  char buf[65536];
  while (!end.done) {
    struct pollfd fds[3] = {{STDIN_FILENO, POLLIN, 0}, {sock, POLLIN, 0}, {sigfd.get(), POLLIN, 0}};
    if (poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[2].revents & POLLIN) {
      struct signalfd_siginfo si;
      if (read(sigfd.get(), &si, sizeof si) == static_cast<ssize_t>(sizeof si)) {
        if (si.ssi_signo == SIGWINCH || si.ssi_signo == SIGCONT) send_size(sock);
        if (si.ssi_signo == SIGHUP || si.ssi_signo == SIGTERM) {
          hangup = si.ssi_signo == SIGHUP;
          end = Ending{true, 0, hangup ? "" : "[terminated]"};
          break;
        }
      }
    }
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = read(sock, buf, sizeof buf);
      if (n <= 0 && !(n < 0 && errno == EINTR)) {
        end = Ending{true, 1, "[lost server]"};
        break;
      }
      if (n > 0) {
        inbuf.append(buf, static_cast<size_t>(n));
        handle_frames(inbuf, tty, &end, &output);
      }
    }
    if (!end.done && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
      ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
      if (n <= 0 && !(n < 0 && errno == EINTR)) {  // the terminal went away
        hangup = true;
        end = Ending{true, 0, ""};
        break;
      }
      if (n > 0 && !send(sock, MsgType::kInput, std::string_view(buf, static_cast<size_t>(n)))) {
        end = Ending{true, 1, "[lost server]"};
        break;
      }
    }
  }
  if (!hangup) tty.restore();
  if (!output.empty()) fputs(output.c_str(), stdout);
  if (!end.message.empty() && !hangup) printf("%s\n", end.message.c_str());
  return end.status;
}

}  // namespace amux
