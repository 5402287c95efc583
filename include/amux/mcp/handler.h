// The MCP server's protocol (amux mcp): JSON-RPC 2.0 messages in, replies and
// notifications out, protocol revision 2025-06-18 negotiated in initialize. Tools run amux
// commands (tools.h); resources are the panes' screens and the group's context, read and
// subscribed to; the group's events become notifications. No process and no socket here:
// the Calls it is given run the commands and carry the messages out (client/mcp.cc: the
// stdio loop and one server connection a call; tests/unit/test-mcp-handler.cc: a fake).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "amux/base/json.h"
#include "amux/mcp/tools.h"

namespace amux::mcp {

// A command's answer: its exit status and output.
struct Answer {
  int status = -1;
  std::string out, err;
};

// What the handler asks of the program around it.
class Calls {
 public:
  virtual ~Calls() = default;
  // Runs argv as the acting session; done gets the answer. Returns the call's key, or -1
  // (with *error) when it cannot start. background: a watch that no request waits on.
  virtual int start(const std::vector<std::string>& argv, std::function<void(const Answer&)> done,
                    std::string* error, bool background = false) = 0;
  // Ends a call without its answer (closing its connection ends a parked wait).
  virtual void cancel(int key) = 0;
  // One message out (a JSON text and its newline).
  virtual void send(const std::string& line) = 0;
};

class Handler {
 public:
  explicit Handler(Calls& calls) : calls_(calls) {}
  // One line of input: a JSON-RPC message (blank lines are ignored).
  void handle_line(const std::string& line);
  // A line past the reader's limit, discarded whole.
  void line_too_long() { reply_error(nullptr, -32700, "parse error: message too long"); }
  // The pane the process runs in (AMUX_PANE, "%3"): join makes that pane a member of its
  // own, typed by the client's name; "" (the default): the session joins.
  void set_pane(std::string pane) { pane_ = std::move(pane); }

 private:
  void handle(const cJSON* msg);
  void reply(const cJSON* id, JsonPtr result);
  void reply_error(const cJSON* id, int code, const std::string& message);
  void send(JsonPtr msg);
  JsonPtr initialize(const cJSON* params);
  void tools_call(const cJSON* id, const cJSON* params);
  // The JSON-RPC methods: each request's method name picks its handler from kMethods.
  using Method = void (Handler::*)(const cJSON* id, const cJSON* params);
  struct MethodEntry {
    const char* name;
    Method run;
  };
  static const MethodEntry kMethods[];
  void on_initialize(const cJSON* id, const cJSON* params);
  void on_templates(const cJSON* id, const cJSON* params);
  void on_set_level(const cJSON* id, const cJSON* params);
  void on_tools_call(const cJSON* id, const cJSON* params);
  void on_resources_list(const cJSON* id, const cJSON*) { resources_list(id); }
  void on_subscribe(const cJSON* id, const cJSON* params) { resources_subscribe(id, params, true); }
  void on_unsubscribe(const cJSON* id, const cJSON* params) {
    resources_subscribe(id, params, false);
  }
  void on_ping(const cJSON* id, const cJSON*) { reply(id, JsonPtr(cJSON_CreateObject())); }
  void on_tools_list(const cJSON* id, const cJSON*) { reply(id, tools_list()); }
  void finish_call(const cJSON* id, const Tool& tool, const Answer& c);
  // Resources: the group's context and each pane's screen, read and subscribed to.
  void resources_list(const cJSON* id);
  void resources_read(const cJSON* id, const cJSON* params);
  void resources_subscribe(const cJSON* id, const cJSON* params, bool on);
  void notify(const char* method, JsonPtr params);
  void watch_pane(const std::string& uri, const std::string& pane);
  // The group's events: each one a notifications/message, and the context resource's
  // updates; followed by a parked agent-wait, renewed after each event.
  void watch_group();
  // Runs a tool's command line; its answer is the call's result.
  void start_call(const std::shared_ptr<cJSON>& call_id, const Tool& tool,
                  const std::vector<std::string>& argv);
  void wait_group_event(long long after);
  void group_watch_settled();
  void group_watch_failed() {
    watching_group_ = group_watch_ready_ = false;
    group_watch_settled();
  }

  Calls& calls_;
  std::map<std::string, int> pane_watches_;  // subscribed pane URI: its call's key
  bool context_subscribed_ = false;
  bool watching_group_ = false;
  bool group_watch_ready_ = false;  // its first agent-wait is on its way
  // Group subscriptions answered once the watch is ready (so no later event is missed).
  std::vector<std::pair<std::shared_ptr<cJSON>, std::string>> subscribe_replies_;
  bool initialized_ = false;
  std::string client_type_;  // from initialize's clientInfo.name: join's default type
  std::string pane_;
  std::string group_;        // the acting session's group, once known
  int log_level_ = 1;        // notifications/message at "info" and above (logging/setLevel)
};

}  // namespace amux::mcp
