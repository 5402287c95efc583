// amux mcp: a Model Context Protocol server on stdio (JSON-RPC 2.0, one message a line,
// protocol revision 2025-06-18 negotiated in initialize). Each tool call runs an amux
// command on its own connection to the server, as a one-shot client would, so a call
// that waits (wait, wait_output) parks in the server without holding up the others; the
// answer is the command's output as structured content (its -J JSON where it has one)
// or, when it fails, a tool error with amux's text (the tools, their command lines and
// answers are in src/mcp/tools.cc). The process acts as the session of the pane it runs
// in, or the -t session.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

#include "amux/base/handles.h"
#include "amux/base/json.h"
#include "amux/base/lines.h"
#include "amux/base/protocol.h"
#include "amux/base/util.h"
#include "amux/client/client.h"
#include "amux/mcp/tools.h"

namespace amux {

namespace {

using namespace mcp;  // NOLINT: the tool table is this file's vocabulary

constexpr const char* kProtocolVersion = "2025-06-18";
constexpr const char* kOlderVersions[] = {"2025-03-26", "2024-11-05"};

struct Call {
  Fd fd;
  std::string in;  // frames read, not yet whole
  std::string out, err;
  int status = -1;
  std::function<void(Call&)> done;  // what the answer is for
  bool background = false;          // a watch: no request waits on it
};

class McpServer {
 public:
  explicit McpServer(std::string socket_path) : path_(std::move(socket_path)) {}
  int run();

 private:
  void handle_line(const std::string& line);
  void handle(const cJSON* msg);
  void reply(const cJSON* id, JsonPtr result);
  void reply_error(const cJSON* id, int code, const std::string& message);
  void send(JsonPtr msg);
  JsonPtr initialize(const cJSON* params);
  void tools_call(const cJSON* id, const cJSON* params);
  // The JSON-RPC methods: each request's method name picks its handler from kMethods.
  using Handler = void (McpServer::*)(const cJSON* id, const cJSON* params);
  struct Method {
    const char* name;
    Handler run;
  };
  static const Method kMethods[];
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
  void finish_call(const cJSON* id, const Tool& tool, Call& c);
  bool read_call(Call& c);  // false once the call is done (or its connection broke)
  // Runs argv on its own connection; done gets the answer. -1 (with *error) if it cannot
  // start, else the call's descriptor.
  int start(const std::vector<std::string>& argv, std::function<void(Call&)> done,
            std::string* error, bool background = false);
  // Resources: the group's context and each pane's screen, read and subscribed to.
  void resources_list(const cJSON* id);
  void resources_read(const cJSON* id, const cJSON* params);
  void resources_subscribe(const cJSON* id, const cJSON* params, bool on);
  void notify(const char* method, JsonPtr params);
  void watch_pane(const std::string& uri, const std::string& pane);
  // The group's events: each one a notifications/message, and the context resource's
  // updates; followed by a parked agent-wait, renewed after each event.
  void watch_group();
  void wait_group_event(long long after);

  std::string path_;
  LineReader input_{64u << 20};              // JSON-RPC messages from stdin, one a line
  std::map<int, Call> calls_;                // by descriptor
  std::map<std::string, int> pane_watches_;  // subscribed pane URI: its call's descriptor
  bool context_subscribed_ = false;
  bool watching_group_ = false;
  bool group_watch_ready_ = false;  // its first agent-wait is on its way
  // Group subscriptions answered once the watch is ready (so no later event is missed).
  std::vector<std::pair<std::shared_ptr<cJSON>, std::string>> subscribe_replies_;
  void group_watch_settled();
  void group_watch_failed() {
    watching_group_ = group_watch_ready_ = false;
    group_watch_settled();
  }
  bool initialized_ = false;
  std::string group_;  // the acting session's group, once known
  int log_level_ = 1;  // notifications/message at "info" and above (logging/setLevel)
};

const McpServer::Method McpServer::kMethods[] = {
    {"initialize", &McpServer::on_initialize},
    {"ping", &McpServer::on_ping},
    {"tools/list", &McpServer::on_tools_list},
    {"tools/call", &McpServer::on_tools_call},
    {"resources/list", &McpServer::on_resources_list},
    {"resources/read", &McpServer::resources_read},
    {"resources/subscribe", &McpServer::on_subscribe},
    {"resources/unsubscribe", &McpServer::on_unsubscribe},
    {"resources/templates/list", &McpServer::on_templates},
    {"logging/setLevel", &McpServer::on_set_level},
};

void McpServer::send(JsonPtr msg) {
  std::string text = json_print(msg.get()) + "\n";
  write_all(STDOUT_FILENO, text.data(), text.size());
}

void McpServer::reply(const cJSON* id, JsonPtr result) {
  JsonPtr msg(cJSON_CreateObject());
  cJSON_AddStringToObject(msg.get(), "jsonrpc", "2.0");
  cJSON_AddItemToObject(msg.get(), "id", cJSON_Duplicate(id, 1));
  cJSON_AddItemToObject(msg.get(), "result", result.release());
  send(std::move(msg));
}

void McpServer::reply_error(const cJSON* id, int code, const std::string& message) {
  JsonPtr msg(cJSON_CreateObject());
  cJSON_AddStringToObject(msg.get(), "jsonrpc", "2.0");
  if (id != nullptr)
    cJSON_AddItemToObject(msg.get(), "id", cJSON_Duplicate(id, 1));
  else
    cJSON_AddNullToObject(msg.get(), "id");
  cJSON* error = cJSON_AddObjectToObject(msg.get(), "error");
  cJSON_AddNumberToObject(error, "code", code);
  cJSON_AddStringToObject(error, "message", message.c_str());
  send(std::move(msg));
}

JsonPtr McpServer::initialize(const cJSON* params) {
  std::string version = kProtocolVersion;
  const cJSON* asked = cJSON_GetObjectItemCaseSensitive(params, "protocolVersion");
  if (cJSON_IsString(asked))
    for (const char* v : kOlderVersions)
      if (strcmp(asked->valuestring, v) == 0) version = v;  // else our own: the client decides
  JsonPtr r(cJSON_CreateObject());
  cJSON_AddStringToObject(r.get(), "protocolVersion", version.c_str());
  cJSON* caps = cJSON_AddObjectToObject(r.get(), "capabilities");
  cJSON* tools = cJSON_AddObjectToObject(caps, "tools");
  cJSON_AddFalseToObject(tools, "listChanged");
  cJSON* resources = cJSON_AddObjectToObject(caps, "resources");
  cJSON_AddBoolToObject(resources, "subscribe", true);
  cJSON_AddFalseToObject(resources, "listChanged");
  cJSON_AddObjectToObject(caps, "logging");
  cJSON* info = cJSON_AddObjectToObject(r.get(), "serverInfo");
  cJSON_AddStringToObject(info, "name", "amux");
  cJSON_AddStringToObject(info, "version", AMUX_VERSION);
  cJSON_AddStringToObject(r.get(), "instructions",
                          "amux: terminal sessions and coordination groups. Tools act as "
                          "this session: join a group, share keys, wait for events, lease "
                          "files, and drive panes (send_keys, capture_pane, wait_output).");
  return r;
}

void McpServer::tools_call(const cJSON* id, const cJSON* params) {
  const cJSON* name = cJSON_GetObjectItemCaseSensitive(params, "name");
  if (!cJSON_IsString(name)) return reply_error(id, -32602, "tools/call needs a tool name");
  const Tool* tool = find_tool(name->valuestring);
  if (tool == nullptr)
    return reply_error(id, -32602, "unknown tool: " + std::string(name->valuestring));
  const cJSON* args = cJSON_GetObjectItemCaseSensitive(params, "arguments");
  if (args != nullptr && !cJSON_IsObject(args))
    return reply(id, tool_result("arguments must be an object", nullptr, true));
  std::vector<std::string> argv;
  std::string error;
  if (!build_argv(*tool, args, &argv, &error)) return reply(id, tool_result(error, nullptr, true));
  auto call_id = std::shared_ptr<cJSON>(cJSON_Duplicate(id, 1), cJSON_Delete);
  bool joins = std::string(tool->name) == "join";
  if (start(
          argv,
          [this, call_id, tool, joins](Call& c) {
            finish_call(call_id.get(), *tool, c);
            if (joins && c.status == 0) watch_group();  // its events, from now on
          },
          &error) < 0)
    reply(id, tool_result(error, nullptr, true));
}

int McpServer::start(const std::vector<std::string>& argv, std::function<void(Call&)> done,
                     std::string* error, bool background) {
  Fd fd(connect_to_server(path_));
  if (!fd) return *error = "no server running on " + path_, -1;
  std::string frame = command_frame(argv, true);
  if (frame.size() > kFrameHeaderSize + kMaxFramePayload) return *error = "command too long", -1;
  if (!write_all(fd.get(), frame.data(), frame.size()))
    return *error = "server exited unexpectedly", -1;
  // Read only when poll says so, and never blocking: a descriptor closed and reused within
  // one turn of the loop may be reported for the call that had it before.
  fcntl(fd.get(), F_SETFL, fcntl(fd.get(), F_GETFL) | O_NONBLOCK);
  int key = fd.get();
  Call& c = calls_[key];
  c.fd = std::move(fd);
  c.done = std::move(done);
  c.background = background;
  return key;
}

void McpServer::notify(const char* method, JsonPtr params) {
  JsonPtr msg(cJSON_CreateObject());
  cJSON_AddStringToObject(msg.get(), "jsonrpc", "2.0");
  cJSON_AddStringToObject(msg.get(), "method", method);
  cJSON_AddItemToObject(msg.get(), "params", params.release());
  send(std::move(msg));
}

void McpServer::watch_group() {
  if (watching_group_) return;
  watching_group_ = true;
  std::string error;
  // The newest event now (and the group's name): the watch starts after it.
  if (start(
          {"agent-peers", "-J"},
          [this](Call& peers) {
            JsonPtr p(cJSON_Parse(peers.out.c_str()));
            const cJSON* g = cJSON_GetObjectItemCaseSensitive(p.get(), "group");
            if (peers.status != 0 || !cJSON_IsString(g)) {
              group_watch_failed();  // in no group: a join starts it
              return;
            }
            group_ = g->valuestring;
            std::string err;
            if (start(
                    {"agent-events", "-J", "-n", "1"},
                    [this](Call& last) {
                      JsonPtr e(cJSON_Parse(last.out.c_str()));
                      const cJSON* seq = cJSON_GetObjectItemCaseSensitive(e.get(), "seq");
                      wait_group_event(
                          cJSON_IsNumber(seq) ? static_cast<long long>(seq->valuedouble) : 0);
                    },
                    &err, true) < 0)
              group_watch_failed();
          },
          &error, true) < 0)
    group_watch_failed();
}

// The watch is running (or could not start): answer the subscriptions waiting for it.
void McpServer::group_watch_settled() {
  auto replies = std::move(subscribe_replies_);
  subscribe_replies_.clear();
  for (auto& [id, uri] : replies) {
    if (group_watch_ready_ && uri == "amux://group/" + group_ + "/context") {
      context_subscribed_ = true;
      reply(id.get(), JsonPtr(cJSON_CreateObject()));
    } else {
      reply_error(id.get(), -32002, "resource not found: " + uri);
    }
  }
}

void McpServer::wait_group_event(long long after) {
  group_watch_ready_ = true;
  group_watch_settled();
  std::string error;
  int fd = start(
      {"agent-wait", "-J", "-s", std::to_string(after)},
      [this, after](Call& c) {
        JsonPtr e(cJSON_Parse(c.out.c_str()));
        const cJSON* seq = cJSON_GetObjectItemCaseSensitive(e.get(), "seq");
        if (c.status != 0 || !cJSON_IsNumber(seq)) {  // left the group, or gone
          watching_group_ = group_watch_ready_ = false;
          return;
        }
        long long next = std::max(after, static_cast<long long>(seq->valuedouble));
        const cJSON* kind = cJSON_GetObjectItemCaseSensitive(e.get(), "kind");
        std::string k = cJSON_IsString(kind) ? kind->valuestring : "";
        if (context_subscribed_ && (k == "share" || k == "unset" || k == "expire")) {
          JsonPtr params(cJSON_CreateObject());
          std::string uri = "amux://group/" + group_ + "/context";
          cJSON_AddStringToObject(params.get(), "uri", uri.c_str());
          notify("notifications/resources/updated", std::move(params));
        }
        if (initialized_ && log_level_ <= 1) {
          JsonPtr params(cJSON_CreateObject());
          cJSON_AddStringToObject(params.get(), "level", "info");
          cJSON_AddStringToObject(params.get(), "logger", "amux");
          cJSON_AddItemToObject(params.get(), "data", e.release());
          notify("notifications/message", std::move(params));
        }
        wait_group_event(next);  // (the event itself went with the notification)
      },
      &error, true);
  if (fd < 0) group_watch_failed();
}

// A resource's URI: amux://pane/%ID, or amux://group/NAME/context.
bool parse_uri(const std::string& uri, std::string* pane, std::string* group) {
  constexpr std::string_view kPane = "amux://pane/", kGroup = "amux://group/";
  constexpr std::string_view kContext = "/context";
  if (uri.rfind(kPane, 0) == 0) {
    *pane = uri.substr(kPane.size());
    return pane->size() > 1 && (*pane)[0] == '%' &&
           pane->find_first_not_of("0123456789", 1) == std::string::npos;
  }
  if (uri.rfind(kGroup, 0) == 0 && uri.size() > kGroup.size() + kContext.size() &&
      uri.compare(uri.size() - kContext.size(), kContext.size(), kContext) == 0) {
    *group = uri.substr(kGroup.size(), uri.size() - kGroup.size() - kContext.size());
    return group->find('/') == std::string::npos;
  }
  return false;
}

void McpServer::resources_list(const cJSON* id) {
  auto call_id = std::shared_ptr<cJSON>(cJSON_Duplicate(id, 1), cJSON_Delete);
  std::string error;
  auto panes_then = [this, call_id](Call& panes) {
    JsonPtr list(cJSON_Parse(panes.out.c_str()));
    std::string err;
    auto holder = std::make_shared<JsonPtr>(std::move(list));
    if (start(
            {"agent-peers", "-J"},
            [this, call_id, holder](Call& peers) {
              JsonPtr r(cJSON_CreateObject());
              cJSON* out = cJSON_AddArrayToObject(r.get(), "resources");
              JsonPtr p(cJSON_Parse(peers.out.c_str()));
              const cJSON* g = cJSON_GetObjectItemCaseSensitive(p.get(), "group");
              if (peers.status == 0 && cJSON_IsString(g)) {
                cJSON* res = cJSON_CreateObject();
                std::string name = g->valuestring;
                cJSON_AddStringToObject(res, "uri", ("amux://group/" + name + "/context").c_str());
                cJSON_AddStringToObject(res, "name", ("group " + name + " context").c_str());
                cJSON_AddStringToObject(res, "description", "the group's shared keys and values");
                cJSON_AddStringToObject(res, "mimeType", "application/json");
                cJSON_AddItemToArray(out, res);
              }
              const cJSON* pane;
              cJSON_ArrayForEach(pane, holder->get()) {
                const cJSON* pid = cJSON_GetObjectItemCaseSensitive(pane, "pane_id");
                const cJSON* sname = cJSON_GetObjectItemCaseSensitive(pane, "session_name");
                const cJSON* widx = cJSON_GetObjectItemCaseSensitive(pane, "window_index");
                const cJSON* pidx = cJSON_GetObjectItemCaseSensitive(pane, "pane_index");
                if (!cJSON_IsString(pid) || !cJSON_IsString(sname)) continue;
                cJSON* res = cJSON_CreateObject();
                cJSON_AddStringToObject(res, "uri",
                                        ("amux://pane/" + std::string(pid->valuestring)).c_str());
                std::string where =
                    std::string(sname->valuestring) + ":" +
                    std::to_string(static_cast<int>(cJSON_IsNumber(widx) ? widx->valuedouble : 0)) +
                    "." +
                    std::to_string(static_cast<int>(cJSON_IsNumber(pidx) ? pidx->valuedouble : 0));
                cJSON_AddStringToObject(
                    res, "name",
                    ("pane " + std::string(pid->valuestring) + " (" + where + ")").c_str());
                cJSON_AddStringToObject(res, "description", "the pane's screen");
                cJSON_AddStringToObject(res, "mimeType", "text/plain");
                cJSON_AddItemToArray(out, res);
              }
              reply(call_id.get(), std::move(r));
            },
            &err) < 0)
      reply_error(call_id.get(), -32603, err);
  };
  if (start({"list-panes", "-a", "-J"}, panes_then, &error) < 0) reply_error(id, -32603, error);
}

void McpServer::resources_read(const cJSON* id, const cJSON* params) {
  const cJSON* u = cJSON_GetObjectItemCaseSensitive(params, "uri");
  if (!cJSON_IsString(u)) return reply_error(id, -32602, "resources/read needs a uri");
  std::string uri = u->valuestring, pane, group, error;
  if (!parse_uri(uri, &pane, &group)) return reply_error(id, -32002, "resource not found: " + uri);
  auto call_id = std::shared_ptr<cJSON>(cJSON_Duplicate(id, 1), cJSON_Delete);
  auto contents = [this, call_id, uri](const std::string& mime, const std::string& text) {
    JsonPtr r(cJSON_CreateObject());
    cJSON* list = cJSON_AddArrayToObject(r.get(), "contents");
    cJSON* item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "uri", uri.c_str());
    cJSON_AddStringToObject(item, "mimeType", mime.c_str());
    cJSON_AddStringToObject(item, "text", text.c_str());
    cJSON_AddItemToArray(list, item);
    reply(call_id.get(), std::move(r));
  };
  int fd;
  if (!pane.empty()) {
    fd = start(
        {"capture-pane", "-p", "-t", pane},
        [this, call_id, uri, contents](Call& c) {
          if (c.status != 0)
            return reply_error(call_id.get(), -32002, "resource not found: " + uri);
          contents("text/plain", c.out);
        },
        &error);
  } else {
    fd = start(
        {"agent-peers", "-J"},
        [this, call_id, uri, group, contents](Call& c) {
          JsonPtr p(cJSON_Parse(c.out.c_str()));
          const cJSON* g = cJSON_GetObjectItemCaseSensitive(p.get(), "group");
          const cJSON* context = cJSON_GetObjectItemCaseSensitive(p.get(), "context");
          if (c.status != 0 || !cJSON_IsString(g) || group != g->valuestring || context == nullptr)
            return reply_error(call_id.get(), -32002, "resource not found: " + uri);
          contents("application/json", json_print(context));
        },
        &error);
  }
  if (fd < 0) reply_error(id, -32603, error);
}

void McpServer::watch_pane(const std::string& uri, const std::string& pane) {
  std::string error;
  int fd = start(
      {"wait-output", "-t", pane},
      [this, uri, pane](Call& c) {
        auto it = pane_watches_.find(uri);
        if (it == pane_watches_.end()) return;  // unsubscribed meanwhile
        JsonPtr params(cJSON_CreateObject());
        cJSON_AddStringToObject(params.get(), "uri", uri.c_str());
        notify("notifications/resources/updated", std::move(params));
        if (c.status != 0) {  // the pane is gone: its last update was that
          pane_watches_.erase(it);
          return;
        }
        watch_pane(uri, pane);
      },
      &error, true);
  if (fd >= 0) pane_watches_[uri] = fd;
}

void McpServer::resources_subscribe(const cJSON* id, const cJSON* params, bool on) {
  const cJSON* u = cJSON_GetObjectItemCaseSensitive(params, "uri");
  if (!cJSON_IsString(u)) return reply_error(id, -32602, "a uri is needed");
  std::string uri = u->valuestring, pane, group;
  if (!parse_uri(uri, &pane, &group)) return reply_error(id, -32002, "resource not found: " + uri);
  if (!group.empty()) {
    if (!on) {
      context_subscribed_ = false;
    } else if (group_watch_ready_ && group == group_) {
      context_subscribed_ = true;
    } else if (group_watch_ready_) {
      return reply_error(id, -32002, "resource not found: " + uri);
    } else {  // answered once the watch is ready
      subscribe_replies_.emplace_back(std::shared_ptr<cJSON>(cJSON_Duplicate(id, 1), cJSON_Delete),
                                      uri);
      return watching_group_ ? void() : watch_group();
    }
  } else if (on) {
    if (pane_watches_.count(uri) == 0) watch_pane(uri, pane);
  } else if (auto it = pane_watches_.find(uri); it != pane_watches_.end()) {
    calls_.erase(it->second);  // closing its connection ends the parked wait
    pane_watches_.erase(it);
  }
  reply(id, JsonPtr(cJSON_CreateObject()));
}

bool McpServer::read_call(Call& c) {
  char buf[65536];
  ssize_t n = read(c.fd.get(), buf, sizeof buf);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (n <= 0) {
    if (c.status < 0) {
      c.status = 1;
      c.err += "server exited unexpectedly\n";
    }
    return false;
  }
  c.in.append(buf, static_cast<size_t>(n));
  Frame f;
  std::string error;
  for (FrameTake t; (t = take_frame(&c.in, &f, &error)) != FrameTake::kPartial;) {
    if (t == FrameTake::kBad) {
      c.status = 1;
      c.err += error + "\n";
      return false;
    }
    switch (static_cast<MsgType>(f.type)) {
      case MsgType::kStdout: c.out += f.payload; break;
      case MsgType::kStderr: c.err += f.payload; break;
      case MsgType::kExit: c.status = exit_status(f.payload); return false;
      default: break;
    }
  }
  return true;
}

void McpServer::finish_call(const cJSON* id, const Tool& tool, Call& c) {
  reply(id, tool_answer(tool, c.status, c.out, c.err));
}

void McpServer::handle(const cJSON* msg) {
  const cJSON* id = cJSON_GetObjectItemCaseSensitive(msg, "id");
  const cJSON* method = cJSON_GetObjectItemCaseSensitive(msg, "method");
  const cJSON* version = cJSON_GetObjectItemCaseSensitive(msg, "jsonrpc");
  bool has_id = id != nullptr && (cJSON_IsString(id) || cJSON_IsNumber(id));
  if (!cJSON_IsObject(msg) || !cJSON_IsString(version) || strcmp(version->valuestring, "2.0") != 0)
    return reply_error(has_id ? id : nullptr, -32600, "invalid request");
  if (!cJSON_IsString(method)) {
    if (cJSON_GetObjectItemCaseSensitive(msg, "result") != nullptr ||
        cJSON_GetObjectItemCaseSensitive(msg, "error") != nullptr)
      return;  // a response to nothing we asked: ignored
    return reply_error(has_id ? id : nullptr, -32600, "invalid request");
  }
  if (id == nullptr) return;  // a notification (initialized, cancelled, ...): nothing to say
  if (!has_id) return reply_error(nullptr, -32600, "invalid request: bad id");
  const cJSON* params = cJSON_GetObjectItemCaseSensitive(msg, "params");
  std::string m = method->valuestring;
  for (const Method& entry : kMethods)
    if (m == entry.name) return (this->*entry.run)(id, params);
  reply_error(id, -32601, "method not found: " + m);
}

void McpServer::on_initialize(const cJSON* id, const cJSON* params) {
  reply(id, initialize(params));
  initialized_ = true;
  watch_group();  // the group's events as notifications/message
}

void McpServer::on_templates(const cJSON* id, const cJSON*) {
  JsonPtr r(cJSON_CreateObject());
  cJSON* list = cJSON_AddArrayToObject(r.get(), "resourceTemplates");
  for (auto [uri, name, mime] :
       {std::tuple{"amux://pane/{pane_id}", "a pane's screen", "text/plain"},
        std::tuple{"amux://group/{group}/context", "a group's shared context",
                   "application/json"}}) {
    cJSON* t = cJSON_CreateObject();
    cJSON_AddStringToObject(t, "uriTemplate", uri);
    cJSON_AddStringToObject(t, "name", name);
    cJSON_AddStringToObject(t, "mimeType", mime);
    cJSON_AddItemToArray(list, t);
  }
  reply(id, std::move(r));
}

void McpServer::on_set_level(const cJSON* id, const cJSON* params) {
  const cJSON* level = cJSON_GetObjectItemCaseSensitive(params, "level");
  static const char* const kLevels[] = {"debug", "info",     "notice", "warning",
                                        "error", "critical", "alert",  "emergency"};
  for (int i = 0; i < 8; i++)
    if (cJSON_IsString(level) && strcmp(level->valuestring, kLevels[i]) == 0) {
      log_level_ = i;
      return reply(id, JsonPtr(cJSON_CreateObject()));
    }
  reply_error(id, -32602, "invalid level");
}

void McpServer::on_tools_call(const cJSON* id, const cJSON* params) {
  if (!cJSON_IsObject(params)) return reply_error(id, -32602, "tools/call needs params");
  tools_call(id, params);
}

// True when a JSON text holds \u0000: cJSON's strings would end there ("a\u0000b" read as
// "a"), so such a message is refused rather than read short.
static bool has_nul_escape(std::string_view s) {
  for (size_t i = 0; i + 1 < s.size(); i++) {
    if (s[i] != '\\') continue;
    if (s[i + 1] == 'u' && s.substr(i + 2, 4) == "0000") return true;
    i++;  // the escaped character (a \\ is no start of an escape)
  }
  return false;
}

void McpServer::handle_line(const std::string& line) {
  if (line.find_first_not_of(" \t\r") == std::string::npos) return;
  JsonPtr msg(cJSON_ParseWithLength(line.data(), line.size()));
  if (!msg) return reply_error(nullptr, -32700, "parse error");
  if (cJSON_IsArray(msg.get()))  // batches are not part of 2025-06-18
    return reply_error(nullptr, -32600, "invalid request: batches are not supported");
  if (has_nul_escape(line)) {
    const cJSON* id = cJSON_GetObjectItemCaseSensitive(msg.get(), "id");
    bool has_id = id != nullptr && (cJSON_IsString(id) || cJSON_IsNumber(id));
    if (has_id) reply_error(id, -32602, "invalid params: a string holds NUL");
    return;  // a notification is not answered
  }
  handle(msg.get());
}

int McpServer::run() {
  bool input_open = true;
  // After the end of input, the calls still running are answered; watches are not waited
  // for.
  auto answering = [this] {
    for (auto& [fd, c] : calls_)
      if (!c.background) return true;
    return false;
  };
  while (input_open || answering()) {
    std::vector<struct pollfd> fds;
    if (input_open) fds.push_back({STDIN_FILENO, POLLIN, 0});
    for (auto& [fd, c] : calls_) fds.push_back({fd, POLLIN, 0});
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    for (const auto& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == STDIN_FILENO) {
        char buf[65536];
        ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          input_open = false;  // calls still running are answered, then the process ends
          continue;
        }
        // A message past 64 MiB is discarded whole, up to its newline, and answered once.
        input_.feed(std::string_view(buf, static_cast<size_t>(n)),
                    [this](std::string&& line, bool too_long) {
                      if (too_long)
                        return reply_error(nullptr, -32700, "parse error: message too long");
                      handle_line(line);
                    });
        continue;
      }
      auto it = calls_.find(p.fd);
      if (it == calls_.end()) continue;
      if (!read_call(it->second)) {
        Call done = std::move(it->second);  // its handler may start (or end) calls
        calls_.erase(it);
        if (done.done) done.done(done);
      }
    }
  }
  return 0;
}

}  // namespace

int mcp_main(const ClientOptions& opts, const std::vector<std::string>& args) {
  std::string target;
  for (size_t i = 0; i < args.size(); i++) {
    if (args[i] == "-t" && i + 1 < args.size()) {
      target = args[++i];
    } else {
      fprintf(stderr, "usage: amux mcp [-t target-session]\n");
      return 1;
    }
  }
  std::string error;
  std::string path = resolve_socket_path(opts, &error);
  if (path.empty()) {
    fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  // A server to talk to (started as any client starts one), with stdout kept for MCP.
  ClientOptions start = opts;
  start.socket_path = path;
  // Close-on-exec: a server started now must not keep our stdout (or the pipe) open.
  int saved = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  dup2(STDERR_FILENO, STDOUT_FILENO);
  int status = client_main(start, {"start-server"});
  if (!target.empty() && status == 0) status = client_main(start, {"has-session", "-t", target});
  if (!target.empty() && status == 0) {
    // Act as the -t session: its AMUX value goes with every command, as from its pane.
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) == 0) {
      dup2(pipefd[1], STDOUT_FILENO);
      close(pipefd[1]);
      status = client_main(
          start, {"display-message", "-p", "-t", target, "#{socket_path},#{pid},#{session_id}"});
      dup2(STDERR_FILENO, STDOUT_FILENO);
      char buf[4096];
      ssize_t n = read(pipefd[0], buf, sizeof buf - 1);
      close(pipefd[0]);
      std::string value(buf, n > 0 ? static_cast<size_t>(n) : 0);
      while (!value.empty() && value.back() == '\n') value.pop_back();
      if (status == 0) {
        // AMUX holds the session's number: "$3" is session_id's form of it.
        if (size_t dollar = value.rfind(",$"); dollar != std::string::npos)
          value.erase(dollar + 1, 1);
        setenv("AMUX", value.c_str(), 1);
        unsetenv("AMUX_PANE");
        unsetenv("TMUX");
        unsetenv("TMUX_PANE");
      }
    }
  }
  dup2(saved, STDOUT_FILENO);
  close(saved);
  if (status != 0) return status;
  return McpServer(path).run();
}

}  // namespace amux
