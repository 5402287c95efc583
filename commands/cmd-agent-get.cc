// agent-get (aget): one key of the group's shared context: its value, or with -v its
// version, author and time as well (-J: JSON).
#include "amux/server/agent.h"

namespace amux {

static CmdStatus exec_agent_get(CmdContext& ctx) {
  const std::string& key = ctx.args().at(0);
  if (!valid_key(key)) return ctx.error("invalid key: " + key);
  Group* g = &ctx.group();
  auto it = g->context.find(key);
  if (it == g->context.end()) return ctx.error("no such key: " + key);
  const ContextEntry& e = it->second;
  std::string author = ctx.server()->session_name(e.author_id, e.author_name);
  if (ctx.args().has('J')) {
    JsonPtr j(cJSON_CreateObject());
    cJSON_AddStringToObject(j.get(), "key", key.c_str());
    cJSON_AddStringToObject(j.get(), "value", e.value.c_str());
    cJSON_AddNumberToObject(j.get(), "version", static_cast<double>(e.version));
    cJSON_AddStringToObject(j.get(), "author", author.c_str());
    cJSON_AddNumberToObject(j.get(), "time", static_cast<double>(e.time));
    cJSON_AddBoolToObject(j.get(), "ephemeral", e.ephemeral);
    if (e.expires != 0)
      cJSON_AddNumberToObject(j.get(), "expires", static_cast<double>(e.expires));
    else
      cJSON_AddNullToObject(j.get(), "expires");
    ctx.print(json_print(j.get()));
  } else if (ctx.args().has('v')) {
    ctx.print("Key: " + key);
    ctx.print("Value: " + escape_newlines(e.value));
    ctx.print("Version: " + std::to_string(e.version));
    ctx.print("Author: " + author);
    ctx.print("Time: " + format_iso_time(e.time));
    if (e.ephemeral) ctx.print("Ephemeral: until " + author + " leaves");
    if (e.expires != 0) ctx.print("Expires: " + format_iso_time(e.expires));
  } else {
    ctx.print(e.value);
  }
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentGet("agent-get", "aget", {"Jt:v", 1, 1},
                                       "[-Jv] [-t target-session] key", kFlagGroup | kFlagReadOnly,
                                       exec_agent_get, TargetKind::kSession);

}  // namespace amux
