// amux entry point: global options, then hand the command list to the client. Invoked
// under the name tmux (a link the build makes), it answers -V as tmux 3.4 and follows
// $TMUX, so tools written for tmux drive amux unchanged.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "amux/base/protocol.h"
#include "amux/client/agent-report.h"
#include "amux/client/client.h"
#include "amux/server/server.h"  // the entry point wires the in-process server fallback

static void usage(FILE* f, const char* name) {
  fprintf(f,
          "usage: %s [-2CDluNVv] [-c shell-command] [-f file] [-L socket-name] "
          "[-S socket-path] [-T features] [command [flags] [args]]\n"
          "agent hooks: %s integrate [-nu] [-p] claude|codex|gemini; what they run: %s "
          "agent-report claude|codex|gemini\n"
          "commands: %s list-commands; an MCP server on stdio: %s mcp [-t target-session]\n",
          name, name, name, name, name);
}

// tmux -c: run the command with the user's shell, as a login shell would.
static int run_shell_command(const char* command) {
  const char* shell = getenv("SHELL");
  if (shell == nullptr || *shell != '/' || access(shell, X_OK) != 0) shell = "/bin/sh";
  execl(shell, shell, "-c", command, static_cast<char*>(nullptr));
  fprintf(stderr, "%s: %s\n", shell, strerror(errno));
  return 1;
}

int main(int argc, char** argv) {
  amux::ClientOptions opts;
  opts.run_server = amux::run_server_daemon;
  const char* slash = strrchr(argv[0], '/');
  const char* name = slash != nullptr ? slash + 1 : argv[0];
  opts.as_tmux = strcmp(name, "tmux") == 0;
  const char* shell_command = nullptr;
  // --help: the usage on stdout (tmux has no such flag; a person's first try should not
  // be an error).
  if (argc > 1 && strcmp(argv[1], "--help") == 0) {
    usage(stdout, name);
    return 0;
  }
  int c;
  // -2, -u, -l, -v and -D are accepted for tmux's sake and change nothing: amux always
  // speaks UTF-8 and 256 colours, logs nothing extra, and its server is its own process.
  while ((c = getopt(argc, argv, "+2CDL:NS:T:Vc:f:luv")) != -1) {
    switch (c) {
      case 'L': opts.socket_name = optarg; break;
      case 'S': opts.socket_path = optarg; break;
      case 'f': opts.config_file = optarg; break;
      case 'c': shell_command = optarg; break;
      case 'C': opts.control++; break;
      case 'N': opts.no_start = true; break;
      case 'V':
        if (opts.as_tmux)
          printf("tmux %s\n", amux::kTmuxVersion);
        else
          printf("amux %s\n", AMUX_VERSION);
        return 0;
      case '2':
      case 'D':
      case 'T':
      case 'l':
      case 'u':
      case 'v': break;
      default: usage(stderr, name); return 1;
    }
  }
  if (shell_command != nullptr) {
    if (optind != argc) {
      usage(stderr, name);
      return 1;
    }
    return run_shell_command(shell_command);
  }
  // No command: a new session, attached (as tmux does).
  std::vector<std::string> words(argv + optind, argv + argc);
  if (!words.empty() && words[0] == "mcp")  // not a command: this process serves MCP
    return amux::mcp_main(opts, std::vector<std::string>(words.begin() + 1, words.end()));
  if (!words.empty() && words[0] == "integrate")  // edits the agent's own configuration
    return amux::integrate_main(std::vector<std::string>(words.begin() + 1, words.end()));
  if (!words.empty() && words[0] == "agent-report")  // reads a hook's payload, then reports
    return amux::agent_report_main(opts, std::vector<std::string>(words.begin() + 1, words.end()));
  if (words.empty()) words.emplace_back("new-session");
  return amux::client_main(opts, words);
}
