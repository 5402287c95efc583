// agent-status (astatus): set a member's explicit state (blocked, done, any word) and an
// optional note, or -u to go back to the computed one (working/idle). Either way the
// group sees a state event. Without a state it prints the state as it is. -m name=value
// sets a number the agent reports (context=73%, cost=1.20; an empty value removes it),
// shown by apeers, the board and astats.
#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

static bool valid_state(const std::string& state) {
  if (state.empty() || state.size() > 32) return false;
  for (char c : state)
    if (!isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

constexpr size_t kMaxMetrics = 32;
constexpr size_t kMaxMetricValue = 256;

// Every -m is checked before any is set: all or none.
static bool set_metrics(CmdContext& ctx, int member) {
  const auto& given = ctx.args().all('m');
  if (given.empty()) return true;
  AgentInfo* a = ctx.server()->member_agent(member);
  if (a == nullptr)
    return ctx.error(ctx.server()->coord().who(member) + " has no agent metadata"), false;
  std::map<std::string, std::string> metrics = a->metrics;
  for (const std::string& m : given) {
    size_t eq = m.find('=');
    std::string name = m.substr(0, eq);
    if (eq == std::string::npos || name.empty() || name.size() > 64 || !valid_key(name))
      return ctx.error("invalid metric: " + escape_newlines(m) + " (name=value)"), false;
    std::string value = m.substr(eq + 1);
    if (value.size() > kMaxMetricValue || !check_note(value).empty())
      return ctx.error("invalid metric value: one line of at most 256 bytes"), false;
    if (value.empty())
      metrics.erase(name);
    else
      metrics[name] = value;
  }
  if (metrics.size() > kMaxMetrics)
    return ctx.error("too many metrics (at most " + std::to_string(kMaxMetrics) + ")"), false;
  a->metrics = std::move(metrics);
  return true;
}

static CmdStatus exec_agent_status(CmdContext& ctx) {
  const Args& args = ctx.args();
  const auto& words = args.positional();
  int self = ctx.member();
  Server& server = *ctx.server();
  std::string line = "State of " + server.coord().who(self) + ": ";
  if (args.has('u') && !words.empty()) return ctx.error("-u takes no state");
  if (!args.has('u') && !words.empty()) {
    if (!valid_state(words[0])) return ctx.error("invalid state: " + words[0]);
    if (words[0] == "dead")
      return ctx.error("state 'dead' is set by amux when the pane's program exits");
  }
  std::string note = words.size() > 1 ? words[1] : "";
  if (std::string e = check_note(note); !e.empty()) return ctx.error(e);
  if (!set_metrics(ctx, self)) return CmdStatus::kError;
  if (args.has('u') || !words.empty()) server.coord().set_state(self, args.has('u') ? "" : words[0], note);
  ctx.print(line + presence_line(server, self));  // no state: what it is now
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentStatus("agent-status", "astatus", {"m:t:u", 0, 2},
                                          "[-t target-session] [-m name=value ...] "
                                          "[state [note]] | -u",
                                          kFlagGroupState | kFlagMember, exec_agent_status,
                                          TargetKind::kSession);

}  // namespace amux
