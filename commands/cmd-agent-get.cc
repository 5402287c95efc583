// agent-get (aget): one key of the group's shared context: its value, or with -v its
// version, author and time as well (-J: JSON, -F: a format); -p lists the keys under a
// prefix.
#include "amux/base/format.h"
#include "amux/server/agent.h"
#include "amux/server/listing.h"
#include "amux/server/server.h"

namespace amux {

// A key's format variables (-F, for one key or under a prefix).
static void key_formats(CmdContext& ctx, const std::string& key, const ContextEntry& e,
                        FormatContext& fc) {
  fc.set("key_name", key);
  fc.set("key_value", escape_newlines(e.value));
  fc.set("key_version", std::to_string(e.version));
  fc.set("key_author", ctx.server()->session_name(e.author_id, e.author_name));
  fc.set("key_time", std::to_string(e.time));
  fc.set("key_ephemeral", e.ephemeral ? "1" : "0");
  fc.set("key_expires", e.expires != 0 ? std::to_string(e.expires) : "");
}

// -p prefix: every key that starts with it (all for ""), in key order, with its version
// and author; -F and -J as the listings take them.
static CmdStatus list_prefix(CmdContext& ctx, Group& g, const std::string& prefix) {
  if (ctx.args().count() > 0) return ctx.error("a key given with -p");
  std::vector<FormatContext> items;
  for (auto it = g.context.lower_bound(prefix);
       it != g.context.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
    key_formats(ctx, it->first, it->second, items.emplace_back());
  print_listing(ctx, items, "#{key_name}=#{key_value} (version #{key_version}, #{key_author})",
                {"key_name", "key_value", "key_version", "key_author", "key_time"},
                {"key_name", "key_value", "key_author"});
  return CmdStatus::kOk;
}

static CmdStatus exec_agent_get(CmdContext& ctx) {
  if (ctx.args().has('p')) return list_prefix(ctx, ctx.group(), ctx.args().get('p'));
  if (ctx.args().count() == 0) return ctx.error("missing key (or -p prefix)");
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
  } else if (ctx.args().has('F')) {
    FormatContext fc;
    key_formats(ctx, key, e, fc);
    ctx.print(format_expand(ctx.args().get('F'), fc));
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

extern const CommandEntry kCmdAgentGet("agent-get", "aget", {"F:Jp:t:v", 0, 1},
                                       "[-Jv] [-F format] [-t target-session] key | -p prefix",
                                       kFlagGroup | kFlagReadOnly | kFlagGroupState | kFlagMember, exec_agent_get,
                                       TargetKind::kSession);

}  // namespace amux
