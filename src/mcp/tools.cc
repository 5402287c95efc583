// The MCP tools (see tools.h): the table, the command line each call becomes, the
// schemas, and the answer made from a command's output.
#include "amux/mcp/tools.h"

#include <optional>

#include "amux/base/util.h"

namespace amux::mcp {

// Arguments: each getter checks the type; a missing one is nullopt.
struct ArgReader {
  const cJSON* args;
  std::string* error;
  const cJSON* get(const char* name) const {
    const cJSON* v = args != nullptr ? cJSON_GetObjectItemCaseSensitive(args, name) : nullptr;
    return v != nullptr && !cJSON_IsNull(v) ? v : nullptr;
  }
  std::optional<std::string> str(const char* name) const {
    const cJSON* v = get(name);
    if (v == nullptr) return std::nullopt;
    if (!cJSON_IsString(v)) return bad(name, "a string"), std::nullopt;
    return std::string(v->valuestring);
  }
  std::optional<long long> num(const char* name) const {
    const cJSON* v = get(name);
    if (v == nullptr) return std::nullopt;
    if (!cJSON_IsNumber(v) ||
        v->valuedouble != static_cast<double>(static_cast<long long>(v->valuedouble)))
      return bad(name, "a whole number"), std::nullopt;
    return static_cast<long long>(v->valuedouble);
  }
  bool flag(const char* name) const {
    const cJSON* v = get(name);
    if (v == nullptr) return false;
    if (!cJSON_IsBool(v)) return bad(name, "true or false"), false;
    return cJSON_IsTrue(v);
  }
  std::vector<std::string> strs(const char* name) const {
    std::vector<std::string> out;
    const cJSON* v = get(name);
    if (v == nullptr) return out;
    if (cJSON_IsString(v)) return {v->valuestring};
    if (!cJSON_IsArray(v)) return bad(name, "an array of strings"), out;
    const cJSON* item;
    cJSON_ArrayForEach(item, v) {
      if (!cJSON_IsString(item)) return bad(name, "an array of strings"), out;
      out.emplace_back(item->valuestring);
    }
    return out;
  }
  bool fail(const std::string& why) const {
    if (error->empty()) *error = why;
    return false;
  }
  void bad(const char* name, const char* what) const {
    fail("invalid argument: " + std::string(name) + " must be " + what);
  }
};

// Builds the command line of a call: the fixed words, each argument as its Arg says, then
// the tool's own step. Missing required arguments and wrong types are errors.
bool build_argv(const Tool& t, const cJSON* args, std::vector<std::string>* argv,
                std::string* error) {
  ArgReader a{args, error};
  argv->assign(t.command.begin(), t.command.end());
  std::vector<std::string> words;
  for (const Arg& arg : t.args) {
    if (arg.required && a.get(arg.name) == nullptr)
      return a.fail("missing argument: " + std::string(arg.name));
    std::vector<std::string> values;
    switch (arg.type) {
      case ArgType::kString:
        if (auto v = a.str(arg.name)) values.push_back(*v);
        break;
      case ArgType::kInteger:
        if (auto v = a.num(arg.name)) values.push_back(std::to_string(*v));
        break;
      case ArgType::kBoolean:
        if (a.flag(arg.name) && arg.flag != nullptr && *arg.flag != '\0')
          argv->emplace_back(arg.flag);
        continue;
      case ArgType::kStrings: values = a.strs(arg.name); break;
    }
    if (!error->empty()) return false;
    if (arg.flag == nullptr) {
      words.insert(words.end(), values.begin(), values.end());
    } else if (*arg.flag != '\0' && !values.empty()) {
      argv->emplace_back(arg.flag);
      argv->push_back(values.front());
    }
  }
  // After "--": an argument that starts with '-' ({"to": "-a"}) is still an argument.
  if (!words.empty()) argv->emplace_back("--");
  argv->insert(argv->end(), words.begin(), words.end());
  return t.special == nullptr || t.special(a, argv);
}

bool share_pair(const ArgReader& a, std::vector<std::string>* argv) {
  argv->insert(argv->end(), {"--", *a.str("key") + "=" + *a.str("value")});
  return true;
}

bool get_which(const ArgReader& a, std::vector<std::string>* argv) {
  bool key = a.get("key") != nullptr, prefix = a.get("prefix") != nullptr;
  if (key && prefix) return a.fail("give key or prefix, not both");
  if (!key && !prefix) argv->insert(argv->end(), {"-p", ""});  // everything
  return true;
}

bool wait_for(const ArgReader& a, std::vector<std::string>* argv) {
  std::string what = a.str("for").value_or("any");
  if (what == "key") {
    if (a.get("key") == nullptr) return a.fail("missing argument: key");
    argv->insert(argv->end(), {"-k", "share"});
  } else if (what == "message") {
    argv->emplace_back("-m");
  } else if (what == "peer_state") {
    if (a.get("peer") == nullptr || a.get("state") == nullptr)
      return a.fail("missing argument: peer and state");
  } else if (what != "any") {
    return a.fail("invalid argument: for must be key, message, peer_state or any");
  }
  return true;
}

bool lock_wait(const ArgReader& a, std::vector<std::string>* argv) {
  if (auto t = a.num("wait_seconds"))  // right after the command, ahead of the paths
    argv->insert(argv->begin() + 1, {"-w", "-T", std::to_string(*t)});
  return true;
}

constexpr const char* kNewPaneFormat =
    "#{session_name}\t#{session_id}\t#{window_id}\t#{pane_id}"
    "#{?pane_worktree,\t#{pane_worktree}\t#{pane_branch},}";

const std::vector<Tool>& tools() {
  using T = ArgType;
  static const std::vector<Tool> table = {
      {"join",
       "Join a coordination group; the first member is its coordinator.",
       {"agent-join-group"},
       {{"type", T::kString, "-G", false,
         "the agent's type (needed when the session has no agent metadata yet)"},
        {"objective", T::kString, "-o", false, "what the agent works on"},
        {"name", T::kString, "-n", false,
         "the member's name, when the MCP server runs in a pane (it joins as that pane; "
         "default: the pane's title, else session.%N)"},
        {"join_key", T::kString, "-k", false, "the group's join key, if it has one"},
        {"redis", T::kString, "-r", false,
         "a Redis URL (redis://host:port, redis+unix:///path): the group spans the amux "
         "servers that join it there"},
        {"group", T::kString, nullptr, true, "group name"}},
       Shape::kText},
      {"leave", "Leave the group.", {"agent-leave-group"}, {}, Shape::kText},
      {"share",
       "Share key=value with the group (versioned; compare-and-set with version).",
       {"agent-share"},
       {{"key", T::kString, "", true, "key"},
        {"value", T::kString, "", true, "value"},
        {"version", T::kInteger, "-c", false,
         "only if the key is at this version (0: only if it does not exist)"},
        {"ephemeral", T::kBoolean, "-e", false, "the key goes when this session leaves"},
        {"expire_seconds", T::kInteger, "-x", false, "the key expires after this long"}},
       Shape::kText,
       share_pair},
      {"get",
       "Read the group's shared context: one key, a prefix, or everything.",
       {"agent-get", "-J"},
       {{"prefix", T::kString, "-p", false, "keys starting with this"},
        {"key", T::kString, nullptr, false, "one key"}},
       Shape::kObject,
       get_which},
      {"peers",
       "The group's members: roles, states and objectives, and its context.",
       {"agent-peers", "-J"},
       {{"all", T::kBoolean, "-a", false, "also members that left"}},
       Shape::kObject},
      {"groups",
       "Every coordination group on this server.",
       {"list-agent-groups", "-J"},
       {},
       Shape::kList},
      {"events",
       "The group's event log.",
       {"agent-events", "-J"},
       {{"since", T::kInteger, "-s", false, "events after this sequence number"},
        {"count", T::kInteger, "-n", false, "at most this many, the newest"},
        {"kinds", T::kString, "-k", false, "comma-separated kinds (share, join, message...)"},
        {"key", T::kString, "-K", false, "key glob"},
        {"author", T::kString, "-a", false, "session"}},
       Shape::kList},
      {"wait",
       "Block until the group has an event: a share of a key, a message to this session, a "
       "peer reaching a state, or any event.",
       {"agent-wait", "-J"},
       {{"for", T::kString, "", false, "key, message, peer_state or any (the default)"},
        {"key", T::kString, "-K", false, "key glob, with for=key"},
        {"peer", T::kString, "-p", false, "session, with for=peer_state"},
        {"state", T::kString, "-S", false, "state, with for=peer_state"},
        {"others_only", T::kBoolean, "-o", false, "not this session's own events"},
        {"since", T::kInteger, "-s", false, "an event after this sequence number"},
        {"timeout_seconds", T::kInteger, "-T", false, "give up after this long"}},
       Shape::kEvent,
       wait_for},
      {"send",
       "Send a message to a member of the group.",
       {"agent-send"},
       {{"to", T::kString, nullptr, true, "session"},
        {"message", T::kString, nullptr, true, "text"}},
       Shape::kText},
      {"inbox",
       "This session's messages.",
       {"agent-inbox", "-J"},
       {{"mark_read", T::kBoolean, "-c", false, "mark them read"}},
       Shape::kList},
      {"lock",
       "Lease files or globs; a lease dies with its holder.",
       {"agent-lock"},
       {{"paths", T::kStrings, nullptr, true, "paths or globs"},
        {"shared", T::kBoolean, "-s", false, "a shared lease"},
        {"reason", T::kString, "-r", false, "why"},
        {"expire_seconds", T::kInteger, "-x", false, "the lease expires after this long"},
        {"wait_seconds", T::kInteger, "", false, "wait this long for a held lease"}},
       Shape::kText,
       lock_wait},
      {"unlock",
       "Release leases (all of this session's when no paths are given).",
       {"agent-unlock"},
       {{"paths", T::kStrings, nullptr, false, "paths"}},
       Shape::kText},
      {"locks", "The group's leases.", {"agent-locks", "-J"}, {}, Shape::kList},
      {"status",
       "This session's state: without arguments, what it is now; with state (working, "
       "blocked, done, failed...) and a note, set it.",
       {"agent-status"},
       {{"state", T::kString, nullptr, false, "state"},
        {"note", T::kString, nullptr, false, "note"}},
       Shape::kText},
      {"list_sessions", "The server's sessions.", {"list-sessions", "-J"}, {}, Shape::kList},
      {"list_windows",
       "A session's windows.",
       {"list-windows", "-J"},
       {{"session", T::kString, "-t", false, "target session"}},
       Shape::kList},
      {"list_panes",
       "A window's panes.",
       {"list-panes", "-J"},
       {{"window", T::kString, "-t", false, "target window"}},
       Shape::kList},
      {"new_session",
       "Start a detached session running a command (default: the shell).",
       {"new-session", "-d", "-P", "-F", kNewPaneFormat},
       {{"name", T::kString, "-s", false, "session name"},
        {"agent_type", T::kString, "-G", false, "agent type (new-session -G)"},
        {"objective", T::kString, "-o", false, "objective"},
        {"directory", T::kString, "-c", false, "start directory"},
        {"width", T::kInteger, "-x", false, "columns"},
        {"height", T::kInteger, "-y", false, "rows"},
        {"worktree", T::kBoolean, "-W", false, "run in a new git worktree of the directory's repository, on branch amux/<session>"},
        {"branch", T::kString, "-w", false, "run in a new git worktree on this branch"},
        {"base", T::kString, "-B", false, "the worktree's branch starts here (default: the current HEAD)"},
        {"command", T::kString, nullptr, false, "shell command"}},
       Shape::kNewPane},
      {"new_window",
       "Open a window running a command.",
       {"new-window", "-d", "-P", "-F", kNewPaneFormat},
       {{"target", T::kString, "-t", false, "target session or window"},
        {"name", T::kString, "-n", false, "window name"},
        {"directory", T::kString, "-c", false, "start directory"},
        {"worktree", T::kBoolean, "-W", false, "run in a new git worktree of the directory's repository, on branch amux/<session>"},
        {"branch", T::kString, "-w", false, "run in a new git worktree on this branch"},
        {"base", T::kString, "-B", false, "the worktree's branch starts here (default: the current HEAD)"},
        {"command", T::kString, nullptr, false, "shell command"}},
       Shape::kNewPane},
      {"split",
       "Split a pane, running a command in the new one.",
       {"split-window", "-d", "-P", "-F", kNewPaneFormat},
       {{"target", T::kString, "-t", false, "target pane"},
        {"horizontal", T::kBoolean, "-h", false, "side by side"},
        {"size", T::kString, "-l", false, "lines, columns or N%"},
        {"directory", T::kString, "-c", false, "start directory"},
        {"worktree", T::kBoolean, "-W", false, "run in a new git worktree of the directory's repository, on branch amux/<session>"},
        {"branch", T::kString, "-w", false, "run in a new git worktree on this branch"},
        {"base", T::kString, "-B", false, "the worktree's branch starts here (default: the current HEAD)"},
        {"command", T::kString, nullptr, false, "shell command"}},
       Shape::kNewPane},
      {"send_keys",
       "Type keys into a pane (key names like Enter, C-c; or literal text).",
       {"send-keys"},
       {{"target", T::kString, "-t", false, "target pane"},
        {"literal", T::kBoolean, "-l", false, "send the text as is"},
        {"keys", T::kStrings, nullptr, true, "keys"}},
       Shape::kText},
      {"capture_pane",
       "A pane's text (its screen; start/end reach into history).",
       {"capture-pane", "-p"},
       {{"target", T::kString, "-t", false, "target pane"},
        {"start", T::kInteger, "-S", false, "first line (negative: history)"},
        {"end", T::kInteger, "-E", false, "last line"},
        {"join", T::kBoolean, "-J", false, "join wrapped lines"}},
       Shape::kText},
      {"wait_output",
       "Block until a pane shows a line matching a regular expression (returned), is quiet "
       "for quiet_ms, or (neither given) prints anything. Woken by the pane's output, not "
       "polled.",
       {"wait-output"},
       {{"target", T::kString, "-t", false, "target pane"},
        {"regex", T::kString, "-r", false, "extended regular expression"},
        {"quiet_ms", T::kInteger, "-q", false, "quiet this long"},
        {"timeout_seconds", T::kInteger, "-T", false, "give up after this long"}},
       Shape::kWaitOutput},
  };
  return table;
}

// A tool's input schema (JSON Schema), made from its arguments.
cJSON* input_schema(const Tool& t) {
  cJSON* schema = cJSON_CreateObject();
  cJSON_AddStringToObject(schema, "type", "object");
  cJSON* props = cJSON_AddObjectToObject(schema, "properties");
  cJSON* required = cJSON_AddArrayToObject(schema, "required");
  for (const Arg& arg : t.args) {
    cJSON* p = cJSON_AddObjectToObject(props, arg.name);
    static const char* const kTypes[] = {"string", "integer", "boolean", "array"};
    cJSON_AddStringToObject(p, "type", kTypes[static_cast<int>(arg.type)]);
    if (arg.type == ArgType::kStrings)
      cJSON_AddStringToObject(cJSON_AddObjectToObject(p, "items"), "type", "string");
    cJSON_AddStringToObject(p, "description", arg.description);
    if (arg.required) cJSON_AddItemToArray(required, cJSON_CreateString(arg.name));
  }
  return schema;
}

const char* output_schema(Shape shape) {
  switch (shape) {
    case Shape::kText:
      return R"({"type":"object","properties":{"output":{"type":"string"}},"required":["output"]})";
    case Shape::kList:
      return R"({"type":"object","properties":{"items":{"type":"array","items":{"type":"object"}}},"required":["items"]})";
    case Shape::kObject: return R"({"type":"object"})";
    case Shape::kNewPane:
      return R"({"type":"object","properties":{"session":{"type":"string"},"session_id":{"type":"string"},"window_id":{"type":"string"},"pane_id":{"type":"string"},"worktree":{"type":"string"},"branch":{"type":"string"}},"required":["session","session_id","window_id","pane_id"]})";
    case Shape::kEvent:
      return R"({"type":"object","properties":{"timed_out":{"type":"boolean"},"event":{"type":"object"}},"required":["timed_out"]})";
    case Shape::kWaitOutput:
      return R"({"type":"object","properties":{"timed_out":{"type":"boolean"},"line":{"type":"string"}},"required":["timed_out"]})";
  }
  return "{}";
}

const Tool* find_tool(const std::string& name) {
  for (const Tool& t : tools())
    if (name == t.name) return &t;
  return nullptr;
}

JsonPtr tools_list() {
  JsonPtr r(cJSON_CreateObject());
  cJSON* list = cJSON_AddArrayToObject(r.get(), "tools");
  for (const Tool& t : tools()) {
    cJSON* o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", t.name);
    cJSON_AddStringToObject(o, "description", t.description);
    cJSON_AddItemToObject(o, "inputSchema", input_schema(t));
    cJSON_AddItemToObject(o, "outputSchema", cJSON_Parse(output_schema(t.shape)));
    cJSON_AddItemToArray(list, o);
  }
  return r;
}

// A tool result: text content, structured content, and isError.
JsonPtr tool_result(const std::string& text, cJSON* structured, bool is_error) {
  JsonPtr r(cJSON_CreateObject());
  cJSON* content = cJSON_AddArrayToObject(r.get(), "content");
  cJSON* item = cJSON_CreateObject();
  cJSON_AddStringToObject(item, "type", "text");
  cJSON_AddStringToObject(item, "text", text.c_str());
  cJSON_AddItemToArray(content, item);
  if (structured != nullptr) cJSON_AddItemToObject(r.get(), "structuredContent", structured);
  cJSON_AddBoolToObject(r.get(), "isError", is_error);
  return r;
}

// A command's -J output as an array: a JSON array, or JSON objects a line (aevents -J).
cJSON* json_items(const std::string& out) {
  cJSON* whole = cJSON_Parse(out.c_str());
  if (cJSON_IsArray(whole)) return whole;
  cJSON_Delete(whole);
  cJSON* items = cJSON_CreateArray();
  for (const std::string& line : split(out, '\n')) {
    if (line.empty()) continue;
    cJSON* item = cJSON_ParseWithLength(line.data(), line.size());
    if (cJSON_IsObject(item))
      cJSON_AddItemToArray(items, item);
    else
      cJSON_Delete(item);
  }
  return items;
}

std::string trim_newline(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

JsonPtr tool_answer(const Tool& tool, int status, const std::string& out, const std::string& err) {
  Shape shape = tool.shape;
  bool timed_out = status == 2 && (shape == Shape::kEvent || shape == Shape::kWaitOutput);
  if (status != 0 && !timed_out) {
    std::string text = trim_newline(err.empty() ? out : err);
    if (text.empty()) text = "exit status " + std::to_string(status);
    return tool_result(text, nullptr, true);
  }
  cJSON* s = cJSON_CreateObject();
  std::string text = trim_newline(out);
  switch (shape) {
    case Shape::kText: cJSON_AddStringToObject(s, "output", text.c_str()); break;
    case Shape::kList: cJSON_AddItemToObject(s, "items", json_items(out)); break;
    case Shape::kObject: {
      cJSON* o = cJSON_Parse(out.c_str());
      if (cJSON_IsObject(o)) {
        cJSON_Delete(s);
        s = o;
      } else {
        cJSON_Delete(o);
        cJSON_AddItemToObject(s, "items", json_items(out));  // a list (get -p)
      }
      break;
    }
    case Shape::kNewPane: {
      std::vector<std::string> f = split(text, '\t');
      f.resize(6);
      cJSON_AddStringToObject(s, "session", f[0].c_str());
      cJSON_AddStringToObject(s, "session_id", f[1].c_str());
      cJSON_AddStringToObject(s, "window_id", f[2].c_str());
      cJSON_AddStringToObject(s, "pane_id", f[3].c_str());
      if (!f[4].empty()) {  // it runs in a worktree amux made
        cJSON_AddStringToObject(s, "worktree", f[4].c_str());
        cJSON_AddStringToObject(s, "branch", f[5].c_str());
      }
      break;
    }
    case Shape::kEvent: {
      cJSON_AddBoolToObject(s, "timed_out", timed_out);
      cJSON* e = timed_out ? nullptr : cJSON_Parse(out.c_str());
      if (cJSON_IsObject(e))
        cJSON_AddItemToObject(s, "event", e);
      else
        cJSON_Delete(e);
      if (timed_out) text = "timed out";
      break;
    }
    case Shape::kWaitOutput:
      cJSON_AddBoolToObject(s, "timed_out", timed_out);
      if (!timed_out && !text.empty()) cJSON_AddStringToObject(s, "line", text.c_str());
      if (timed_out) text = "timed out";
      break;
  }
  return tool_result(text, s, false);
}

}  // namespace amux::mcp
