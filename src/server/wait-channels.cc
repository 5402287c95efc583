// wait-for channels: -S wakes every waiter (or, with none, the next to come); -L/-U lock
// and unlock, handing the lock to the next locker in order. Waiters are parked in the
// server, not polled; a channel with nothing in it is forgotten.
#include "amux/server/client-hub.h"
#include "amux/server/server.h"

#include <algorithm>

namespace amux {

void WaitChannels::drop_if_idle(const std::string& name) {
  auto it = channels_.find(name);
  if (it != channels_.end() && !it->second.locked && !it->second.woken &&
      it->second.waiters.empty() && it->second.lockers.empty())
    channels_.erase(it);
}

WaitChannels::Result WaitChannels::park(const std::string& name, uint64_t client, bool lock) {
  if (server_.clients().find_client(client) == nullptr) {
    drop_if_idle(name);
    return Result::kNoClient;
  }
  Channel& ch = channels_[name];
  (lock ? ch.lockers : ch.waiters).push_back(client);
  server_.clients().park(client, -1, [this, name, client, lock] {
    auto it = channels_.find(name);
    if (it == channels_.end()) return;
    std::erase(lock ? it->second.lockers : it->second.waiters, client);
    drop_if_idle(name);
  });
  return Result::kParked;
}

WaitChannels::Result WaitChannels::wait(const std::string& name, uint64_t client) {
  Channel& ch = channels_[name];
  if (!ch.woken) return park(name, client, false);
  ch.woken = false;
  drop_if_idle(name);
  return Result::kDone;
}

void WaitChannels::signal(const std::string& name) {
  Channel& ch = channels_[name];
  std::vector<uint64_t> waiters = std::move(ch.waiters);
  ch.waiters.clear();
  ch.woken = waiters.empty();
  for (uint64_t id : waiters) server_.clients().resume_client(id, 0, "", "");
  drop_if_idle(name);
}

WaitChannels::Result WaitChannels::lock(const std::string& name, uint64_t client) {
  Channel& ch = channels_[name];
  if (ch.locked) return park(name, client, true);
  ch.locked = true;
  return Result::kDone;
}

bool WaitChannels::unlock(const std::string& name, std::string* error) {
  auto it = channels_.find(name);
  if (it == channels_.end() || !it->second.locked) {
    *error = "channel " + name + " not locked";
    return false;
  }
  Channel& ch = it->second;
  if (ch.lockers.empty()) {
    ch.locked = false;
  } else {
    uint64_t next = ch.lockers.front();
    ch.lockers.erase(ch.lockers.begin());
    server_.clients().resume_client(next, 0, "", "");
  }
  drop_if_idle(name);
  return true;
}

}  // namespace amux
