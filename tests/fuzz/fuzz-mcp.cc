// libFuzzer target: the MCP server's protocol (mcp/handler.h) on arbitrary input. Each
// line is a JSON-RPC message from the client, except that a line starting with '<' answers
// the oldest command the handler started (its exit status from the next byte, its output
// the rest): so the answers a handler parses (agent-peers -J, agent-events, agent-wait,
// list-panes) are fuzzed too. Nothing may crash, leak or read out of bounds, and every
// message sent must be one line of JSON.
#include <cjson/cJSON.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <map>
#include <string>

#include "amux/base/json.h"
#include "amux/mcp/handler.h"

namespace {

struct Calls : amux::mcp::Calls {
  std::map<int, std::function<void(const amux::mcp::Answer&)>> running;
  int next = 0;
  int start(const std::vector<std::string>&, std::function<void(const amux::mcp::Answer&)> done,
            std::string*, bool) override {
    if (running.size() > 64) return -1;  // a cap, as a server would refuse connections
    running[next] = std::move(done);
    return next++;
  }
  void cancel(int key) override { running.erase(key); }
  void send(const std::string& line) override {
    if (line.empty() || line.back() != '\n' || line.find('\n') != line.size() - 1) abort();
    amux::JsonPtr j(cJSON_ParseWithLength(line.data(), line.size()));
    if (!j) abort();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  Calls calls;
  amux::mcp::Handler h(calls);
  size_t start = 0;
  while (start <= in.size()) {
    size_t end = in.find('\n', start);
    if (end == std::string::npos) end = in.size();
    std::string line = in.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line[0] == '<') {
      if (calls.running.empty()) continue;
      auto it = calls.running.begin();
      auto done = std::move(it->second);
      calls.running.erase(it);
      amux::mcp::Answer a;
      a.status = line.size() > 1 ? line[1] % 3 : 0;
      a.out = line.size() > 2 ? line.substr(2) : "";
      done(a);
    } else {
      h.handle_line(line);
    }
  }
  return 0;
}
