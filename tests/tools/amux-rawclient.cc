// Test helper: speaks (or mangles) the amux wire protocol so shell tests can send
// garbage, truncated frames, other versions and oversize headers to a live server.
#include <sys/socket.h>
#include <sys/un.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "amux/base/protocol.h"
#include "amux/base/util.h"

using namespace amux;

static int connect_to(const char* path) {
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un sa = {};
  sa.sun_family = AF_UNIX;
  snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
  if (connect(fd, reinterpret_cast<struct sockaddr*>(&sa), sizeof sa) != 0) {
    perror("connect");
    exit(2);
  }
  return fd;
}

// Prints each reply frame as "stdout: ...", "stderr: ...", "exit: N"; "closed" at EOF.
static void print_reply(int fd) {
  std::string data;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) data.append(buf, static_cast<size_t>(n));
  size_t off = 0;
  while (data.size() - off >= kFrameHeaderSize) {
    FrameHeader h = decode_header(reinterpret_cast<const unsigned char*>(data.data() + off));
    off += kFrameHeaderSize;
    std::string payload = data.substr(off, h.length);
    off += h.length;
    if (h.type == static_cast<uint16_t>(MsgType::kExit)) {
      uint32_t st = 0;
      memcpy(&st, payload.data(), 4);
      printf("exit: %u\n", st);
    } else {
      if (!payload.empty() && payload.back() == '\n') payload.pop_back();
      printf("%s: %s\n", h.type == 2 ? "stdout" : "stderr", payload.c_str());
    }
  }
  printf("closed\n");
}

static std::string command_frame(std::vector<std::string> argv) {
  CommandMessage m;
  m.cwd = "/";
  m.argv = std::move(argv);
  return encode_frame(MsgType::kCommand, encode_command(m));
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: amux-rawclient socket mode [args]\n");
    return 2;
  }
  int fd = connect_to(argv[1]);
  std::string mode = argv[2];
  std::string out;
  bool read_reply = true;
  int hold = 0;
  bool announce = false;  // say "sent" once the bytes are out (tests wait for it)
  if (mode == "garbage") {
    out = "GET / HTTP/1.1\r\nHost: amux\r\n\r\n";
  } else if (mode == "version") {
    out = command_frame({"ls"});
    uint16_t v = 99;
    memcpy(out.data() + 4, &v, 2);
  } else if (mode == "oversize") {
    out = encode_header(MsgType::kCommand, 0x7fffffff);
  } else if (mode == "badtype") {
    out = encode_frame(MsgType::kStdout, "hello");
  } else if (mode == "malformed") {
    out = encode_frame(MsgType::kCommand, std::string("\xff\xff\xff\x7f"
                                                      "abc",
                                                      7));
  } else if (mode == "truncated") {
    out = command_frame({"ls"}).substr(0, 20);
    read_reply = false;
  } else if (mode == "truncated-hold") {
    out = command_frame({"ls"}).substr(0, 20);
    read_reply = false;
    hold = argc > 3 ? atoi(argv[3]) : 5;
    announce = true;
  } else if (mode == "sent") {
    // Sends a whole command, says "sent" on stdout, then reads the reply.
    out = command_frame(std::vector<std::string>(argv + 3, argv + argc));
    announce = true;
  } else if (mode == "noread") {
    out = command_frame(std::vector<std::string>(argv + 3, argv + argc));
    read_reply = false;
  } else if (mode == "command") {
    out = command_frame(std::vector<std::string>(argv + 3, argv + argc));
  } else {
    fprintf(stderr, "unknown mode %s\n", mode.c_str());
    return 2;
  }
  write_all(fd, out.data(), out.size());
  if (announce) {
    printf("sent\n");
    fflush(stdout);
  }
  if (hold > 0) sleep(static_cast<unsigned>(hold));
  if (read_reply) print_reply(fd);
  close(fd);
  return 0;
}
