// Stage marks for following one keystroke through the server (bench/echo-trace.sh):
// with AMUX_TRACE=FILE in the server's environment, each AMUX_TRACE_MARK("stage") appends
// "<CLOCK_MONOTONIC ns> <stage>" to FILE (buffered, written out at each frame and at
// exit). Off (the default), a mark costs one load and a branch.
#pragma once

namespace amux::trace {

extern bool g_on;
void mark(const char* stage);
// Reads AMUX_TRACE; called once as the server starts.
void init();
// Writes the buffered marks out.
void flush();

}  // namespace amux::trace

#define AMUX_TRACE_MARK(stage)                    \
  do {                                            \
    if (::amux::trace::g_on) ::amux::trace::mark(stage); \
  } while (0)
