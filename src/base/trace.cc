// Stage marks (see trace.h): kept in a buffer, written to the file in one write.
#include "amux/base/trace.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace amux::trace {

bool g_on = false;

namespace {
int g_fd = -1;
std::string* g_buf = nullptr;  // made by init(): nothing here runs as a program starts
}  // namespace

void init() {
  const char* path = getenv("AMUX_TRACE");
  if (path == nullptr || *path == '\0') return;
  g_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  g_on = g_fd >= 0;
  if (!g_on) return;
  g_buf = new std::string;
  atexit(flush);
}

void mark(const char* stage) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  char line[96];
  int n = snprintf(line, sizeof line, "%lld %s\n",
                   static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec, stage);
  if (n > 0) g_buf->append(line, static_cast<size_t>(n) < sizeof line ? n : sizeof line - 1);
  if (g_buf->size() > (1 << 16)) flush();
}

void flush() {
  if (g_fd < 0 || g_buf == nullptr || g_buf->empty()) return;
  ssize_t n = write(g_fd, g_buf->data(), g_buf->size());
  (void)n;
  g_buf->clear();
}

}  // namespace amux::trace
