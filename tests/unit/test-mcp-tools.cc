// Check suite: the MCP tools without a process (src/mcp/tools.cc): the command line each
// call becomes (flags, positional arguments after "--", a tool's own step), the refusals
// of missing and mistyped arguments, the schemas, and the answers made from a command's
// exit status and output.
#include "amux/mcp/tools.h"

#include <string>
#include <vector>

#include "check-main.h"

using namespace amux;
using namespace amux::mcp;

// argv_of(tool, json): the command line, joined by '|', or "!error" when refused.
static std::string argv_of(const char* tool, const char* json) {
  const Tool* t = find_tool(tool);
  if (t == nullptr) return "!no tool";
  JsonPtr args(cJSON_Parse(json));
  std::vector<std::string> argv;
  std::string error;
  if (!build_argv(*t, args.get(), &argv, &error)) return "!" + error;
  std::string out;
  for (const std::string& w : argv) out += (out.empty() ? "" : "|") + w;
  return out;
}

static std::string printed(const JsonPtr& j) {
  char* text = cJSON_PrintUnformatted(j.get());
  std::string s = text != nullptr ? text : "";
  cJSON_free(text);
  return s;
}

START_TEST(command_lines) {
  ck_assert_sstr_eq(argv_of("join", R"({"group":"team","join_key":"s3"})"),
                    "agent-join-group|-k|s3|--|team");
  // An agent in an ordinary pane gives its session a type (and objective) as it joins.
  ck_assert_sstr_eq(argv_of("join", R"({"group":"team","type":"coder","objective":"fix"})"),
                    "agent-join-group|-G|coder|-o|fix|--|team");
  ck_assert_sstr_eq(argv_of("share", R"({"key":"k","value":"v","version":3,"ephemeral":true})"),
                    "agent-share|-c|3|-e|--|k=v");
  // A positional argument that starts with '-' is still an argument, never a flag.
  ck_assert_sstr_eq(argv_of("send", R"({"to":"-a","message":"hi"})"), "agent-send|--|-a|hi");
  ck_assert_sstr_eq(argv_of("get", "{}"), "agent-get|-J|-p|");
  ck_assert_sstr_eq(argv_of("lock", R"({"paths":["a","b"],"wait_seconds":5})"),
                    "agent-lock|-w|-T|5|--|a|b");
  ck_assert_sstr_eq(argv_of("wait", R"({"for":"key","key":"plan*"})"),
                    "agent-wait|-J|-K|plan*|-k|share");
  ck_assert_sstr_eq(argv_of("leave", "null"), "agent-leave-group");
  ck_assert_sstr_eq(argv_of("status", "{}"), "agent-status");  // a query: the state as it is
}
END_TEST

START_TEST(refusals) {
  ck_assert_sstr_eq(argv_of("join", "{}"), "!missing argument: group");
  ck_assert_sstr_eq(argv_of("share", R"({"key":"k","value":"v","version":1.5})"),
                    "!invalid argument: version must be a whole number");
  ck_assert_sstr_eq(argv_of("share", R"({"key":7,"value":"v"})"),
                    "!invalid argument: key must be a string");
  ck_assert_sstr_eq(argv_of("lock", R"({"paths":[1]})"),
                    "!invalid argument: paths must be an array of strings");
  ck_assert_sstr_eq(argv_of("get", R"({"key":"a","prefix":"b"})"), "!give key or prefix, not both");
  ck_assert_sstr_eq(argv_of("wait", R"({"for":"key"})"), "!missing argument: key");
  ck_assert_sstr_eq(argv_of("wait", R"({"for":"soon"})"),
                    "!invalid argument: for must be key, message, peer_state or any");
  ck_assert_ptr_null(find_tool("rm_rf"));
}
END_TEST

START_TEST(schemas) {
  JsonPtr schema(input_schema(*find_tool("join")));
  ck_assert_sstr_eq(printed(JsonPtr(cJSON_Duplicate(
                        cJSON_GetObjectItemCaseSensitive(schema.get(), "required"), 1))),
                    R"(["group"])");
  const cJSON* group = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(schema.get(), "properties"), "group");
  ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(group, "type")->valuestring, "string");
  JsonPtr list = tools_list();
  const cJSON* tools = cJSON_GetObjectItemCaseSensitive(list.get(), "tools");
  size_t n = 0;
  const cJSON* t;
  cJSON_ArrayForEach(t, tools) {  // every output schema is JSON
    ck_assert(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(t, "outputSchema")));
    n++;
  }
  ck_assert_uint_eq(n, amux::mcp::tools().size());
}
END_TEST

START_TEST(answers) {
  const Tool& share = *find_tool("share");
  ck_assert_sstr_eq(
      printed(tool_answer(share, 0, "Shared with group 'g': k=v\n", "")),
      R"({"content":[{"type":"text","text":"Shared with group 'g': k=v"}],)"
      R"("structuredContent":{"output":"Shared with group 'g': k=v"},"isError":false})");
  ck_assert_sstr_eq(printed(tool_answer(share, 1, "", "no such key: k\n")),
                    R"({"content":[{"type":"text","text":"no such key: k"}],"isError":true})");
  ck_assert_sstr_eq(printed(tool_answer(share, 3, "", "")),
                    R"({"content":[{"type":"text","text":"exit status 3"}],"isError":true})");
  const Tool& wait = *find_tool("wait");
  ck_assert_sstr_eq(printed(tool_answer(wait, 2, "", "timed out\n")),
                    R"({"content":[{"type":"text","text":"timed out"}],)"
                    R"("structuredContent":{"timed_out":true},"isError":false})");
  ck_assert_sstr_eq(printed(tool_answer(*find_tool("new_session"), 0, "s\t$1\t@2\t%3\n", "")),
                    R"({"content":[{"type":"text","text":"s\t$1\t@2\t%3"}],"structuredContent":)"
                    R"({"session":"s","session_id":"$1","window_id":"@2","pane_id":"%3"},)"
                    R"("isError":false})");
  ck_assert_sstr_eq(
      printed(tool_answer(*find_tool("new_session"), 0, "s\t$1\t@2\t%3\t/r.worktrees/s\tamux/s\n", "")),
      R"({"content":[{"type":"text","text":"s\t$1\t@2\t%3\t/r.worktrees/s\tamux/s"}],)"
      R"("structuredContent":{"session":"s","session_id":"$1","window_id":"@2","pane_id":"%3",)"
      R"("worktree":"/r.worktrees/s","branch":"amux/s"},"isError":false})");
  ck_assert_sstr_eq(
      printed(tool_answer(*find_tool("inbox"), 0, "{\"a\":1}\n{\"b\":2}\nnot json\n", "")),
      R"({"content":[{"type":"text","text":"{\"a\":1}\n{\"b\":2}\nnot json"}],)"
      R"("structuredContent":{"items":[{"a":1},{"b":2}]},"isError":false})");
}
END_TEST

int main() {
  return run_suite("mcp-tools", {command_lines, refusals, schemas, answers});
}
