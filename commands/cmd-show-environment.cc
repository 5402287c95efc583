// show-environment: the global (-g) or the target session's environment, one NAME=value
// a line ("-NAME" for a removed one), or as shell commands (-s); hidden variables with -h.
#include "amux/server/server.h"

namespace amux {

// A value in double quotes for sh: ", $, ` and \ escaped.
static std::string shell_quoted(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '$' || c == '`' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

static void show_variable(CmdContext& ctx, const std::string& name, const EnvEntry& e) {
  if (!ctx.args().has('s'))
    ctx.print(e.value ? name + "=" + *e.value : "-" + name);
  else if (e.value)
    ctx.print(name + "=" + shell_quoted(*e.value) + "; export " + name + ";");
  else
    ctx.print("unset " + name + ";");
}

static CmdStatus exec_show_environment(CmdContext& ctx) {
  const Args& args = ctx.args();
  const Environment* env = &ctx.server()->global_environment;
  if (!args.has('g')) {
    Session* s = ctx.target_session();
    if (s == nullptr) return CmdStatus::kError;
    env = &s->environment;
  }
  bool hidden = args.has('h');
  if (args.count() > 0) {
    auto it = env->find(args.at(0));
    if (it == env->end() || it->second.hidden != hidden)
      return ctx.error("unknown variable: " + args.at(0));
    show_variable(ctx, it->first, it->second);
    return CmdStatus::kOk;
  }
  for (const auto& [name, e] : *env)
    if (e.hidden == hidden) show_variable(ctx, name, e);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdShowEnvironment("show-environment", "showenv", {"ghst:", 0, 1},
                                              "[-ghs] [-t target-session] [variable]",
                                              kFlagReadOnly, exec_show_environment);

}  // namespace amux
