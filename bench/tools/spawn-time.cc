// Times whole program runs for bench/command-rtt.sh: posix_spawn, wait, nothing else, so
// the figure is the program's own start-up, work and exit, not a shell's fork.
//   spawn-time N PROGRAM ARGS... [-- PROGRAM ARGS...]...
// Runs the programs in turn, N rounds, so that each sees the machine at the same moments;
// their standard output goes to /dev/null. Prints "<median us> <p90 us>" a line each, in
// the order given. Exits 1 if a run fails.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

extern char** environ;

namespace {

double now_us() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: spawn-time N PROGRAM ARGS... [-- PROGRAM ARGS...]...\n");
    return 2;
  }
  int rounds = atoi(argv[1]);
  std::vector<std::vector<char*>> programs(1);
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) {
      programs.emplace_back();
      continue;
    }
    programs.back().push_back(argv[i]);
  }
  for (auto& p : programs) {
    if (p.empty()) {
      fprintf(stderr, "spawn-time: an empty program\n");
      return 2;
    }
    p.push_back(nullptr);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  std::vector<std::vector<double>> times(programs.size());
  for (int r = 0; r < rounds; r++) {
    for (size_t i = 0; i < programs.size(); i++) {
      double t0 = now_us();
      pid_t pid;
      if (posix_spawn(&pid, programs[i][0], &actions, nullptr, programs[i].data(), environ) != 0) {
        fprintf(stderr, "spawn-time: cannot run %s\n", programs[i][0]);
        return 1;
      }
      int status = 0;
      waitpid(pid, &status, 0);
      times[i].push_back(now_us() - t0);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "spawn-time: %s failed\n", programs[i][0]);
        return 1;
      }
    }
  }
  for (auto& t : times) {
    std::sort(t.begin(), t.end());
    printf("%.0f %.0f\n", t[t.size() / 2], t[t.size() * 9 / 10]);
  }
  return 0;
}
