// agent-share (ashare): set one or more key=value pairs in the group's shared context,
// all or none: every pair is checked before any is written.
#include "amux/agent.h"

namespace amux {

static bool parse_pairs(CmdContext& ctx, std::vector<std::pair<std::string, std::string>>* out) {
  for (const auto& word : ctx.args().positional()) {
    size_t eq = word.find('=');
    if (eq == std::string::npos || eq == 0)
      return ctx.error("invalid format, use: key=value"), false;
    std::string key = word.substr(0, eq), value = word.substr(eq + 1);
    if (!valid_key(key)) return ctx.error("invalid key: " + key), false;
    if (std::string why = check_value(key, value); !why.empty()) return ctx.error(why), false;
    out->emplace_back(std::move(key), std::move(value));
  }
  return true;
}

static CmdStatus exec_agent_share(CmdContext& ctx) {
  std::vector<std::pair<std::string, std::string>> pairs;
  if (!parse_pairs(ctx, &pairs)) return CmdStatus::kError;
  Session* s = ctx.target_session();
  if (s == nullptr) return CmdStatus::kError;
  Group* g = require_group(ctx, *s);
  if (g == nullptr) return CmdStatus::kError;
  Server& server = *ctx.server();
  server.groups.share(*g, pairs, s->id, s->name, server.now());
  if (s->agent) s->agent->last_activity = server.now();
  for (const auto& [key, value] : pairs)
    ctx.print("Shared with group '" + g->name + "': " + key + "=" + escape_newlines(value));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentShare = {
    "agent-share", "ashare", {"t:", 1, -1}, "[-t target-session] key=value ...", 0,
    exec_agent_share};

}  // namespace amux
