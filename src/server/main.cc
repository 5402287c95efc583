// amux-server: the server program the client starts (amux is linked fully static for a
// fast start; the server needs the dynamic loader for cJSON and NSS).
// Usage: amux-server socket-path listen-fd ready-fd [config-file]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "amux/base/util.h"
#include "amux/server/server.h"

int main(int argc, char** argv) {
  long long listen_fd, ready_fd;
  if (argc < 4 || !amux::parse_int(argv[2], 0, 65535, &listen_fd) ||
      !amux::parse_int(argv[3], 0, 65535, &ready_fd)) {
    fprintf(stderr, "usage: amux-server socket-path listen-fd ready-fd [config-file]\n");
    return 1;
  }
  return amux::run_server_daemon(argv[1], argc > 4 ? argv[4] : "", static_cast<int>(listen_fd),
                                 static_cast<int>(ready_fd));
}
