// amux entry point: global options, then hand the command list to the client.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "amux/client/client.h"
#include "amux/server/server.h"  // the entry point wires the in-process server fallback

static void usage(FILE* f) {
  fprintf(f,
          "usage: amux [-V] [-L socket-name] [-S socket-path] [-f file] "
          "[command [flags] [args]]\n"
          "commands: amux list-commands\n");
}

int main(int argc, char** argv) {
  amux::ClientOptions opts;
  opts.run_server = amux::run_server_daemon;
  int c;
  while ((c = getopt(argc, argv, "+L:S:f:V")) != -1) {
    switch (c) {
      case 'L': opts.socket_name = optarg; break;
      case 'S': opts.socket_path = optarg; break;
      case 'f': opts.config_file = optarg; break;
      case 'V': printf("amux %s\n", AMUX_VERSION); return 0;
      default: usage(stderr); return 1;
    }
  }
  // No command: a new session, attached (as tmux does).
  std::vector<std::string> words(argv + optind, argv + argc);
  if (words.empty()) words.emplace_back("new-session");
  return amux::client_main(opts, words);
}
