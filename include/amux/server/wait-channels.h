// wait-for channels: named points that clients wait on, signal and lock (wait-channels.cc).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace amux {

class Server;

// wait-for channels: a signal kept for the next waiter, waiters parked until signalled,
// and locks handed from one locker to the next (wait-channels.cc).
class WaitChannels {
 public:
  explicit WaitChannels(Server& server) : server_(server) {}
  // kParked: the client waits; kNoClient: it would have to, but has no connection.
  enum class Result { kDone, kParked, kNoClient };
  Result wait(const std::string& name, uint64_t client);
  void signal(const std::string& name);
  Result lock(const std::string& name, uint64_t client);
  bool unlock(const std::string& name, std::string* error);

 private:
  struct Channel {
    bool locked = false;
    bool woken = false;
    std::vector<uint64_t> waiters;  // client ids in wait-for
    std::vector<uint64_t> lockers;  // client ids in wait-for -L
  };
  Result park(const std::string& name, uint64_t client, bool lock);
  void drop_if_idle(const std::string& name);
  Server& server_;
  std::map<std::string, Channel> channels_;
};

}  // namespace amux
