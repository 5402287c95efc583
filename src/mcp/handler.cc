// The MCP server's protocol (see handler.h): JSON-RPC dispatch, initialize, tools/call,
// resources and their subscriptions, and the group's events as notifications.
#include "amux/mcp/handler.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <tuple>

#include "amux/base/util.h"

namespace amux::mcp {

// A JSON number as a whole number in [0, 2^53] (what amux prints for counters and
// indexes); anything else (missing, negative, fractional, huge) is 0.
static long long counter(const cJSON* n) {
  if (!cJSON_IsNumber(n) || !(n->valuedouble >= 0 && n->valuedouble <= 9007199254740992.0))
    return 0;
  return static_cast<long long>(n->valuedouble);
}

constexpr const char* kProtocolVersion = "2025-06-18";
constexpr const char* kOlderVersions[] = {"2025-03-26", "2024-11-05"};

const Handler::MethodEntry Handler::kMethods[] = {
    {"initialize", &Handler::on_initialize},
    {"ping", &Handler::on_ping},
    {"tools/list", &Handler::on_tools_list},
    {"tools/call", &Handler::on_tools_call},
    {"resources/list", &Handler::on_resources_list},
    {"resources/read", &Handler::resources_read},
    {"resources/subscribe", &Handler::on_subscribe},
    {"resources/unsubscribe", &Handler::on_unsubscribe},
    {"resources/templates/list", &Handler::on_templates},
    {"logging/setLevel", &Handler::on_set_level},
};

void Handler::send(JsonPtr msg) {
  calls_.send(json_print(msg.get()) + "\n");
}

void Handler::reply(const cJSON* id, JsonPtr result) {
  JsonPtr msg(cJSON_CreateObject());
  cJSON_AddStringToObject(msg.get(), "jsonrpc", "2.0");
  cJSON_AddItemToObject(msg.get(), "id", cJSON_Duplicate(id, 1));
  cJSON_AddItemToObject(msg.get(), "result", result.release());
  send(std::move(msg));
}

void Handler::reply_error(const cJSON* id, int code, const std::string& message) {
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

JsonPtr Handler::initialize(const cJSON* params) {
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
                          "this pane's member (in a pane) or this session: join a group, share keys, wait for events, lease "
                          "files, and drive panes (send_keys, capture_pane, wait_output).");
  return r;
}

void Handler::tools_call(const cJSON* id, const cJSON* params) {
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
  bool typed = args != nullptr && cJSON_GetObjectItemCaseSensitive(args, "type") != nullptr;
  if (joins && !pane_.empty()) {  // the pane joins, as the client's type unless one is given
    argv.insert(argv.begin() + 1, {"-t", pane_});
    if (!typed && !client_type_.empty()) argv.insert(argv.begin() + 1, {"-G", client_type_});
    return start_call(call_id, *tool, argv);
  }
  if (joins && !client_type_.empty() &&
      (args == nullptr || cJSON_GetObjectItemCaseSensitive(args, "type") == nullptr)) {
    // A session with no agent metadata joins with the client's name as its type.
    if (calls_.start(
            {"show-agent"},
            [this, call_id, tool, argv](const Answer& meta) mutable {
              if (meta.status != 0) argv.insert(argv.begin() + 1, {"-G", client_type_});
              start_call(call_id, *tool, argv);
            },
            &error) < 0)
      reply(id, tool_result(error, nullptr, true));
    return;
  }
  start_call(call_id, *tool, argv);
}

void Handler::start_call(const std::shared_ptr<cJSON>& call_id, const Tool& tool,
                         const std::vector<std::string>& argv) {
  std::string error;
  bool joins = std::string(tool.name) == "join";
  if (calls_.start(
          argv,
          [this, call_id, &tool, joins](const Answer& c) {
            finish_call(call_id.get(), tool, c);
            if (joins && c.status == 0) watch_group();  // its events, from now on
          },
          &error) < 0)
    reply(call_id.get(), tool_result(error, nullptr, true));
}

void Handler::notify(const char* method, JsonPtr params) {
  JsonPtr msg(cJSON_CreateObject());
  cJSON_AddStringToObject(msg.get(), "jsonrpc", "2.0");
  cJSON_AddStringToObject(msg.get(), "method", method);
  cJSON_AddItemToObject(msg.get(), "params", params.release());
  send(std::move(msg));
}

void Handler::watch_group() {
  if (watching_group_) return;
  watching_group_ = true;
  std::string error;
  // The newest event now (and the group's name): the watch starts after it.
  if (calls_.start(
          {"agent-peers", "-J"},
          [this](const Answer& peers) {
            JsonPtr p(cJSON_Parse(peers.out.c_str()));
            const cJSON* g = cJSON_GetObjectItemCaseSensitive(p.get(), "group");
            if (peers.status != 0 || !cJSON_IsString(g)) {
              group_watch_failed();  // in no group: a join starts it
              return;
            }
            group_ = g->valuestring;
            std::string err;
            if (calls_.start(
                    {"agent-events", "-J", "-n", "1"},
                    [this](const Answer& last) {
                      JsonPtr e(cJSON_Parse(last.out.c_str()));
                      const cJSON* seq = cJSON_GetObjectItemCaseSensitive(e.get(), "seq");
                      wait_group_event(counter(seq));
                    },
                    &err, true) < 0)
              group_watch_failed();
          },
          &error, true) < 0)
    group_watch_failed();
}

// The watch is running (or could not start): answer the subscriptions waiting for it.
void Handler::group_watch_settled() {
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

void Handler::wait_group_event(long long after) {
  group_watch_ready_ = true;
  group_watch_settled();
  std::string error;
  int fd = calls_.start(
      {"agent-wait", "-J", "-s", std::to_string(after)},
      [this, after](const Answer& c) {
        JsonPtr e(cJSON_Parse(c.out.c_str()));
        const cJSON* seq = cJSON_GetObjectItemCaseSensitive(e.get(), "seq");
        if (c.status != 0 || !cJSON_IsNumber(seq)) {  // left the group, or gone
          watching_group_ = group_watch_ready_ = false;
          return;
        }
        long long next = std::max(after, counter(seq));
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
static bool parse_uri(const std::string& uri, std::string* pane, std::string* group) {
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

void Handler::resources_list(const cJSON* id) {
  auto call_id = std::shared_ptr<cJSON>(cJSON_Duplicate(id, 1), cJSON_Delete);
  std::string error;
  auto panes_then = [this, call_id](const Answer& panes) {
    JsonPtr list(cJSON_Parse(panes.out.c_str()));
    std::string err;
    auto holder = std::make_shared<JsonPtr>(std::move(list));
    if (calls_.start(
            {"agent-peers", "-J"},
            [this, call_id, holder](const Answer& peers) {
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
                std::string where = std::string(sname->valuestring) + ":" +
                                    std::to_string(counter(widx)) + "." +
                                    std::to_string(counter(pidx));
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
  if (calls_.start({"list-panes", "-a", "-J"}, panes_then, &error) < 0)
    reply_error(id, -32603, error);
}

void Handler::resources_read(const cJSON* id, const cJSON* params) {
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
    fd = calls_.start(
        {"capture-pane", "-p", "-t", pane},
        [this, call_id, uri, contents](const Answer& c) {
          if (c.status != 0)
            return reply_error(call_id.get(), -32002, "resource not found: " + uri);
          contents("text/plain", c.out);
        },
        &error);
  } else {
    fd = calls_.start(
        {"agent-peers", "-J"},
        [this, call_id, uri, group, contents](const Answer& c) {
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

void Handler::watch_pane(const std::string& uri, const std::string& pane) {
  std::string error;
  int fd = calls_.start(
      {"wait-output", "-t", pane},
      [this, uri, pane](const Answer& c) {
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

void Handler::resources_subscribe(const cJSON* id, const cJSON* params, bool on) {
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
    calls_.cancel(it->second);  // closing its connection ends the parked wait
    pane_watches_.erase(it);
  }
  reply(id, JsonPtr(cJSON_CreateObject()));
}

void Handler::finish_call(const cJSON* id, const Tool& tool, const Answer& c) {
  reply(id, tool_answer(tool, c.status, c.out, c.err));
}

void Handler::handle(const cJSON* msg) {
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
  for (const MethodEntry& entry : kMethods)
    if (m == entry.name) return (this->*entry.run)(id, params);
  reply_error(id, -32601, "method not found: " + m);
}

// An agent type made from the client's name ("Claude Code" -> claude-code): lowercase,
// other characters as '-', from its first letter, at most 32 characters; "" if none.
static std::string type_from_client_name(std::string_view name) {
  std::string type;
  for (char c : name) {
    char l = static_cast<char>(tolower(static_cast<unsigned char>(c)));
    bool ok = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '_' || l == '.' || l == '-';
    if (type.empty() && !(l >= 'a' && l <= 'z')) continue;
    if (type.size() < 32) type += ok ? l : '-';
  }
  return type;
}

void Handler::on_initialize(const cJSON* id, const cJSON* params) {
  const cJSON* info = cJSON_GetObjectItemCaseSensitive(params, "clientInfo");
  const cJSON* name = cJSON_GetObjectItemCaseSensitive(info, "name");
  if (cJSON_IsString(name)) client_type_ = type_from_client_name(name->valuestring);
  reply(id, initialize(params));
  initialized_ = true;
  watch_group();  // the group's events as notifications/message
}

void Handler::on_templates(const cJSON* id, const cJSON*) {
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

void Handler::on_set_level(const cJSON* id, const cJSON* params) {
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

void Handler::on_tools_call(const cJSON* id, const cJSON* params) {
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

void Handler::handle_line(const std::string& line) {
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

}  // namespace amux::mcp
