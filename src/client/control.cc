// The control-mode client (-C, -CC): a pipe between stdin and the server. Lines typed or
// piped in go to the server as they come; what the server writes (%begin/%end blocks and
// notifications) goes to stdout. EOF on stdin ends it after the server's %exit. -CC
// wraps the output in the DCS that terminals with tmux integration look for, and puts a
// terminal on stdin in raw mode, as tmux does.
#include "amux/client/control.h"

#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "amux/base/protocol.h"
#include "amux/base/util.h"

namespace amux {

namespace {

bool send_frame(int fd, MsgType type, std::string_view payload) {
  std::string frame = encode_frame(type, payload);
  return write_all(fd, frame.data(), frame.size());
}

// Reads whatever frames are complete in buf; false when the connection should end,
// with *status set by kExit.
bool handle_frames(std::string* buf, int* status, bool* exited) {
  Frame f;
  std::string error;
  for (FrameTake t; (t = take_frame(buf, &f, &error)) != FrameTake::kPartial;) {
    if (t == FrameTake::kBad) {
      fprintf(stderr, "%s\n", error.c_str());
      *status = 1;
      return false;
    }
    const std::string& data = f.payload;
    switch (static_cast<MsgType>(f.type)) {
      case MsgType::kStdout: write_all(STDOUT_FILENO, data.data(), data.size()); break;
      case MsgType::kStderr: write_all(STDERR_FILENO, data.data(), data.size()); break;
      case MsgType::kExit:
        *status = exit_status(data);
        *exited = true;
        return false;
      default: break;
    }
  }
  return true;
}

}  // namespace

int control_loop(int fd, const std::string& command_payload, int level) {
  signal(SIGPIPE, SIG_IGN);  // a server that ended the connection still has output to read
  struct termios saved;
  bool raw = level > 1 && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
  if (raw) {
    struct termios modes = saved;
    cfmakeraw(&modes);
    tcsetattr(STDIN_FILENO, TCSANOW, &modes);
  }
  if (level > 1) write_all(STDOUT_FILENO, "\033P1000p", 7);
  int status = 1;
  bool exited = false;
  if (!send_frame(fd, MsgType::kControl, command_payload)) {
    fprintf(stderr, "server exited unexpectedly\n");
  } else {
    std::string buf;
    bool input_open = true;
    for (;;) {
      struct pollfd fds[2] = {{fd, POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
      if (poll(fds, input_open ? 2 : 1, -1) < 0) {
        if (errno == EINTR) continue;
        break;
      }
      if (input_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        char chunk[4096];
        ssize_t n = read(STDIN_FILENO, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) input_open = false;  // EOF: an empty kInput tells the server
        if (!send_frame(fd, MsgType::kInput, n > 0 ? std::string_view(chunk, n) : ""))
          input_open = false;  // the server is done with it: read what it said
      }
      if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      char chunk[65536];
      ssize_t n = read(fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      buf.append(chunk, static_cast<size_t>(n));
      if (!handle_frames(&buf, &status, &exited)) break;
    }
    if (!exited) fprintf(stderr, "server exited unexpectedly\n");
  }
  if (level > 1) write_all(STDOUT_FILENO, "\033\\", 2);
  if (raw) tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  return status;
}

}  // namespace amux
