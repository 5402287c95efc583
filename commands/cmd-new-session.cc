// new-session: create a session with one window and one pane running a command in a PTY,
// optionally carrying agent metadata (-G type, -o objective).
#include "amux/cmd.h"
#include "amux/server.h"

namespace amux {

static bool parse_size(CmdContext& ctx, char flag, const char* what, unsigned* out) {
  if (!ctx.args().has(flag)) return true;
  long long v;
  if (!parse_int(ctx.args().get(flag), 1, 10000, &v)) {
    ctx.error(std::string("invalid ") + what + ": " + ctx.args().get(flag));
    return false;
  }
  *out = static_cast<unsigned>(v);
  return true;
}

static bool fill_spec(CmdContext& ctx, NewSessionSpec* spec) {
  const Args& args = ctx.args();
  if (args.has('s')) {
    spec->name = sanitize_session_name(args.get('s'));
    if (spec->name.empty()) return ctx.error("invalid session name: "), false;
    if (ctx.server()->sessions.find_name(spec->name) != nullptr)
      return ctx.error("duplicate session: " + spec->name), false;
  }
  for (const auto& e : args.all('e'))
    if (e.find('=') == std::string::npos || e[0] == '=')
      return ctx.error("invalid environment: " + e), false;
  if (!parse_size(ctx, 'x', "width", &spec->sx) || !parse_size(ctx, 'y', "height", &spec->sy))
    return false;
  spec->cwd = args.get('c', ctx.client().cwd);
  spec->env = ctx.client().env;
  spec->extra_env = args.all('e');
  spec->command = args.positional();
  spec->window_name = args.get('n');
  if (spec->window_name.empty()) {
    std::string cmd = spec->command.empty() ? ctx.client().getenv("SHELL").value_or("sh")
                                            : spec->command[0];
    cmd = cmd.substr(0, cmd.find(' '));
    spec->window_name = cmd.substr(cmd.rfind('/') + 1);
  }
  return true;
}

static CmdStatus exec_new_session(CmdContext& ctx) {
  const Args& args = ctx.args();
  std::optional<AgentInfo> agent;
  if (args.has('G') || args.has('o')) {
    agent.emplace();
    agent->type = args.get('G', kDefaultAgentType);
    if (!valid_agent_type(agent->type))
      return ctx.error("unknown agent type: " + agent->type + " (valid: " + agent_type_list() + ")");
    if (args.has('o')) agent->objective = args.get('o');
  }
  NewSessionSpec spec;
  if (!fill_spec(ctx, &spec)) return CmdStatus::kError;
  std::string error;
  Session* s = ctx.server()->create_session(spec, &error);
  if (s == nullptr) return ctx.error(error);
  if (agent) {
    agent->created = agent->last_activity = s->created;
    s->agent = agent;
  }
  if (args.has('P')) {
    FormatContext fc;
    ctx.server()->session_formats(fc, *s);
    ctx.print(format_expand(args.get('F', "#{session_name}:"), fc));
  }
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdNewSession = {
    "new-session", "new", {"c:de:F:G:n:o:Ps:x:y:", 0, -1},
    "[-dP] [-c start-directory] [-e VAR=value] [-F format] [-G agent-type] "
    "[-n window-name] [-o objective] [-s session-name] [-x width] [-y height] [command]",
    kFlagStartServer, exec_new_session};

}  // namespace amux
