// set-environment: set (-F: a format's expansion), remove from programs' environment
// (-r), hide from programs (-h) or unset (-u) a variable of the global environment (-g) or
// the target session's. New panes get it; running programs do not, as with tmux.
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_set_environment(CmdContext& ctx) {
  const Args& args = ctx.args();
  const std::string& name = args.at(0);
  if (name.empty()) return ctx.error("empty variable name");
  if (name.find('=') != std::string::npos) return ctx.error("variable name contains =");
  bool has_value = args.count() > 1;
  if (has_value && args.has('u')) return ctx.error("can't specify a value with -u");
  if (has_value && args.has('r')) return ctx.error("can't specify a value with -r");
  if (!has_value && !args.has('u') && !args.has('r')) return ctx.error("no value specified");
  Server& server = *ctx.server();
  Environment* env = &server.global_environment;
  if (!args.has('g')) {
    Session* s = ctx.target_session();
    if (s == nullptr) return CmdStatus::kError;
    env = &s->environment;
  } else {
    server.global_environment_changed.insert(name);
  }
  if (args.has('u')) {
    env->erase(name);
    return CmdStatus::kOk;
  }
  EnvEntry entry;
  entry.hidden = args.has('h');
  if (has_value) {
    entry.value = args.at(1);
    if (args.has('F')) {
      FormatContext fc;
      server.server_formats(fc);
      Target t;
      if (!server.sessions().empty() && ctx.target(TargetKind::kPane, &t))
        server.pane_formats(fc, *t.pane);
      entry.value = format_expand(*entry.value, fc);
    }
  }
  (*env)[name] = std::move(entry);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSetEnvironment("set-environment", "setenv", {"Fghrt:u", 1, 2},
                                             "[-Fghru] [-t target-session] name [value]", 0,
                                             exec_set_environment);

}  // namespace amux
