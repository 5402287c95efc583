// WriteQueue: write now as far as the fd takes it, keep the rest (bounded), finish when
// the loop reports the fd writable.
#include "amux/pane/write-queue.h"

#include <event2/event.h>
#include <unistd.h>

#include <cerrno>

namespace amux {

void WriteQueue::attach(struct event_base* base, int fd) {
  detach();
  fd_ = fd;
  event_.reset(event_new(base, fd, EV_WRITE, on_writable, this));
}

void WriteQueue::detach() {
  event_.reset();
  pending_.clear();
  fd_ = -1;
}

bool WriteQueue::flush() {
  while (!pending_.empty()) {
    ssize_t n = ::write(fd_, pending_.data(), pending_.size());
    if (n > 0) {
      pending_.erase(0, static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN) {
      if (event_) event_add(event_.get(), nullptr);
      return true;
    } else {
      pending_.clear();
      return false;
    }
  }
  return true;
}

WriteQueue::Result WriteQueue::write(std::string_view data) {
  if (fd_ < 0) return Result::kFailed;
  if (pending_.size() + data.size() > limit_) return Result::kFull;
  pending_.append(data);
  return flush() ? Result::kOk : Result::kFailed;
}

void WriteQueue::on_writable(int, short, void* arg) noexcept {
  guarded("write queue", [arg] {
    auto* q = static_cast<WriteQueue*>(arg);
    if (!q->flush() && q->on_failed) q->on_failed();
  });
}

}  // namespace amux
