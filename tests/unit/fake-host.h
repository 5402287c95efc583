// A CoordHost for the Check suites: a clock, session names, parked clients and what was
// resumed, streamed, typed into panes and hooked, all kept for the tests to read.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "amux/coord/coordinator.h"

namespace amux {

struct Resumed {
  uint64_t client;
  int status;
  std::string out, err;
};

class FakeHost : public CoordHost {
 public:
  time_t clock = 1000;
  std::map<int, std::string> names;
  std::map<uint64_t, std::function<void()>> parked;
  std::vector<Resumed> resumed;
  std::map<uint64_t, std::string> streamed;
  std::vector<std::pair<int, std::string>> typed;
  std::set<std::string> set_hooks;                         // hook names that are set
  std::vector<std::pair<std::string, std::string>> hooks;  // hook, event_kind
  time_t expiry = 0;
  bool stream_ok = true;
  std::vector<std::pair<int, std::string>> notified;

  time_t now() const override { return clock; }
  std::string current_name(int id) const override {
    auto it = names.find(id);
    return it == names.end() ? "" : it->second;
  }
  bool park(uint64_t client, long, std::function<void()> cancel) override {
    if (client == 0) return false;  // no connection
    parked[client] = std::move(cancel);
    return true;
  }
  void resume(uint64_t client, int status, const std::string& out,
              const std::string& err) override {
    parked.erase(client);
    resumed.push_back({client, status, out, err});
  }
  bool stream(uint64_t client, const std::string& out) override {
    streamed[client] += out;
    return stream_ok;
  }
  int type_into_pane(int session_id, const std::string& text) override {
    typed.emplace_back(session_id, text);
    return 40 + session_id;
  }
  void cancel_typing(int session_id) override { typed.emplace_back(session_id, "<cancel>"); }
  bool has_hook(const char* hook, int) override { return set_hooks.count(hook) > 0; }
  void run_hook(const char* hook, FormatContext formats, int) override {
    hooks.emplace_back(hook, *formats.find("event_kind"));
  }
  void arm_expiry(time_t when) override { expiry = when; }
  void notify(int session_id, const std::string& text) override {
    notified.emplace_back(session_id, text);
  }
};

}  // namespace amux
