// Check suite: the MCP server's protocol (mcp/handler.h) without a process: JSON-RPC lines
// in, the replies and notifications it sends, and the amux commands it runs, answered by
// the test. Dispatch and its errors, initialize's version negotiation, a tool call, the
// group's events as notifications, resources and subscriptions (a pane watch ended by
// unsubscribing).
#include "amux/mcp/handler.h"

#include <map>
#include <string>
#include <vector>

#include "check-main.h"

using namespace amux;
using namespace amux::mcp;

namespace {

struct FakeCalls : Calls {
  struct Started {
    std::string argv;  // joined by '|'
    std::function<void(const Answer&)> done;
    bool background;
  };
  std::map<int, Started> running;
  std::vector<int> cancelled;
  std::vector<std::string> sent;
  int next = 10;
  int start(const std::vector<std::string>& argv, std::function<void(const Answer&)> done,
            std::string*, bool background) override {
    std::string joined;
    for (const auto& a : argv) joined += (joined.empty() ? "" : "|") + a;
    running[next] = {joined, std::move(done), background};
    return next++;
  }
  void cancel(int key) override {
    cancelled.push_back(key);
    running.erase(key);
  }
  void send(const std::string& line) override { sent.push_back(line); }
  // The call running argv (its key), or -1.
  int find(const std::string& argv) const {
    for (const auto& [key, s] : running)
      if (s.argv == argv) return key;
    return -1;
  }
  void answer(int key, int status, const std::string& out, const std::string& err = "") {
    ck_assert_msg(running.count(key) == 1, "no call %d", key);
    auto done = std::move(running[key].done);
    running.erase(key);
    done({status, out, err});
  }
  std::string last() const { return sent.empty() ? "" : sent.back(); }
};

}  // namespace

START_TEST(dispatch_and_errors) {
  FakeCalls calls;
  Handler h(calls);
  h.handle_line("   ");
  ck_assert(calls.sent.empty());
  h.handle_line("{nope");
  ck_assert_sstr_eq(calls.last(),
                    R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}})"
                    "\n");
  h.handle_line("[1,2]");
  ck_assert(calls.last().find("batches are not supported") != std::string::npos);
  h.handle_line(R"({"jsonrpc":"1.0","id":1,"method":"ping"})");
  ck_assert(calls.last().find(R"("id":1,"error":{"code":-32600)") != std::string::npos);
  h.handle_line(R"({"jsonrpc":"2.0","id":2,"method":"no/such"})");
  ck_assert_sstr_eq(
      calls.last(),
      R"({"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"method not found: no/such"}})"
      "\n");
  size_t before = calls.sent.size();
  h.handle_line(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  ck_assert_uint_eq(calls.sent.size(), before);  // a notification is not answered
  h.handle_line(R"({"jsonrpc":"2.0","id":3,"method":"ping","params":{"x":"a\u0000b"}})");
  ck_assert(calls.last().find("a string holds NUL") != std::string::npos);
  h.handle_line(R"({"jsonrpc":"2.0","id":"p","method":"ping"})");
  ck_assert_sstr_eq(calls.last(), R"({"jsonrpc":"2.0","id":"p","result":{}})"
                                  "\n");
  h.line_too_long();
  ck_assert(calls.last().find("message too long") != std::string::npos);
  ck_assert(calls.running.empty());
}
END_TEST

START_TEST(initialize_and_group_events) {
  FakeCalls calls;
  Handler h(calls);
  h.handle_line(
      R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26"}})");
  ck_assert(calls.last().find(R"("protocolVersion":"2025-03-26")") != std::string::npos);
  // The group's events are watched: the group first, then the newest event, then a wait.
  int peers = calls.find("agent-peers|-J");
  ck_assert_int_ge(peers, 0);
  ck_assert(calls.running[peers].background);
  calls.answer(peers, 0, R"({"group":"team","context":{}})");
  int last = calls.find("agent-events|-J|-n|1");
  calls.answer(last, 0, R"({"seq":4})");
  int wait = calls.find("agent-wait|-J|-s|4");
  ck_assert_int_ge(wait, 0);
  calls.answer(wait, 0, R"({"seq":5,"kind":"share","key":"k"})");
  ck_assert_sstr_eq(calls.last(),
                    R"({"jsonrpc":"2.0","method":"notifications/message","params":)"
                    R"({"level":"info","logger":"amux","data":{"seq":5,"kind":"share","key":"k"}}})"
                    "\n");
  ck_assert_int_ge(calls.find("agent-wait|-J|-s|5"), 0);  // renewed after the event
  // The context subscribed to: a share also says the resource changed.
  h.handle_line(R"({"jsonrpc":"2.0","id":2,"method":"resources/subscribe",)"
                R"("params":{"uri":"amux://group/team/context"}})");
  ck_assert_sstr_eq(calls.last(), R"({"jsonrpc":"2.0","id":2,"result":{}})"
                                  "\n");
  calls.answer(calls.find("agent-wait|-J|-s|5"), 0, R"({"seq":6,"kind":"unset","key":"k"})");
  ck_assert(calls.sent[calls.sent.size() - 2].find("notifications/resources/updated") !=
            std::string::npos);
  // Leaving the group ends the watch.
  calls.answer(calls.find("agent-wait|-J|-s|6"), 1, "", "not in a group\n");
  ck_assert(calls.running.empty());
}
END_TEST

START_TEST(tool_calls) {
  FakeCalls calls;
  Handler h(calls);
  h.handle_line(R"({"jsonrpc":"2.0","id":7,"method":"tools/call",)"
                R"("params":{"name":"share","arguments":{"key":"k","value":"v"}}})");
  int share = calls.find("agent-share|--|k=v");
  ck_assert_int_ge(share, 0);
  ck_assert(!calls.running[share].background);
  calls.answer(share, 0, "Shared with group 'g': k=v\n");
  ck_assert_sstr_eq(calls.last(),
                    R"({"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":)"
                    R"("Shared with group 'g': k=v"}],"structuredContent":{"output":)"
                    R"("Shared with group 'g': k=v"},"isError":false}})"
                    "\n");
  h.handle_line(R"({"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"rm_rf"}})");
  ck_assert(calls.last().find(R"("code":-32602,"message":"unknown tool: rm_rf")") !=
            std::string::npos);
  h.handle_line(R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"join"}})");
  ck_assert(calls.last().find(R"("text":"missing argument: group")") != std::string::npos);
  ck_assert(calls.last().find(R"("isError":true)") != std::string::npos);
  h.handle_line(R"({"jsonrpc":"2.0","id":10,"method":"tools/call"})");
  ck_assert(calls.last().find("tools/call needs params") != std::string::npos);
  // A join starts watching the group's events once it succeeded.
  h.handle_line(R"({"jsonrpc":"2.0","id":11,"method":"tools/call",)"
                R"("params":{"name":"join","arguments":{"group":"team"}}})");
  int join = calls.find("agent-join-group|--|team");
  ck_assert_int_ge(join, 0);
  ck_assert_int_lt(calls.find("agent-peers|-J"), 0);
  calls.answer(join, 0, "Session 's' joined group 'team'\n");
  ck_assert_int_ge(calls.find("agent-peers|-J"), 0);
}
END_TEST

START_TEST(resources) {
  FakeCalls calls;
  Handler h(calls);
  h.handle_line(R"({"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"x"}})");
  ck_assert(calls.last().find(R"("code":-32002,"message":"resource not found: x")") !=
            std::string::npos);
  h.handle_line(
      R"({"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"amux://pane/%3"}})");
  calls.answer(calls.find("capture-pane|-p|-t|%3"), 0, "screen\n");
  ck_assert_sstr_eq(calls.last(),
                    R"({"jsonrpc":"2.0","id":2,"result":{"contents":[{"uri":"amux://pane/%3",)"
                    R"("mimeType":"text/plain","text":"screen\n"}]}})"
                    "\n");
  h.handle_line(R"({"jsonrpc":"2.0","id":3,"method":"resources/subscribe",)"
                R"("params":{"uri":"amux://pane/%3"}})");
  int watch = calls.find("wait-output|-t|%3");
  ck_assert_int_ge(watch, 0);
  calls.answer(watch, 0, "");
  ck_assert(calls.last().find(R"("method":"notifications/resources/updated")") !=
            std::string::npos);
  watch = calls.find("wait-output|-t|%3");  // renewed
  h.handle_line(R"({"jsonrpc":"2.0","id":4,"method":"resources/unsubscribe",)"
                R"("params":{"uri":"amux://pane/%3"}})");
  ck_assert_uint_eq(calls.cancelled.size(), 1);
  ck_assert_int_eq(calls.cancelled[0], watch);
  ck_assert(calls.running.empty());
}
END_TEST

int main() {
  return run_suite("mcp-handler", {dispatch_and_errors, initialize_and_group_events, tool_calls,
                                   resources});
}
