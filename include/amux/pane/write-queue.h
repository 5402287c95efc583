// Bytes for a non-blocking fd (a pane's PTY, a pipe-pane command): written at once as
// far as the fd takes them, the rest kept, up to a limit, and written when the loop says
// the fd is writable again. One queue serves pane input and pipe-pane alike.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "amux/base/handles.h"

namespace amux {

class WriteQueue {
 public:
  explicit WriteQueue(size_t limit) : limit_(limit) {}
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  // Writes go to fd (not owned); detach drops what is pending and stops watching.
  void attach(struct event_base* base, int fd);
  void detach();
  bool attached() const { return fd_ >= 0; }

  enum class Result { kOk, kFull, kFailed };
  // kFull: nothing queued, the limit would be passed; kFailed: the fd failed (EPIPE, EIO)
  // and what was pending is dropped.
  Result write(std::string_view data);
  size_t pending() const { return pending_.size(); }
  // Called when a write from the loop (the fd came writable) fails.
  std::function<void()> on_failed;

 private:
  bool flush();  // false: the fd failed
  static void on_writable(int fd, short what, void* arg) noexcept;

  size_t limit_;
  int fd_ = -1;
  std::string pending_;
  EventPtr event_;
};

}  // namespace amux
