// set-option: set, toggle (flags without a value) or unset (-u) an option globally (-g)
// or on the target session or window (window options: remain-on-exit).
#include <optional>

#include "amux/server/server.h"

namespace amux {

// The server applies the change; when it cannot (agent-state-file), the old value is back.
static CmdStatus applied(CmdContext& ctx, Options& scope, const std::string& name,
                         const std::optional<std::string>& old) {
  std::string error = ctx.server()->option_changed(name);
  if (error.empty()) return CmdStatus::kOk;
  if (old)
    scope.set(name, *old);
  else
    scope.unset(name);
  return ctx.error(error);
}

static CmdStatus exec_set_option(CmdContext& ctx) {
  const std::string& name = ctx.args().at(0);
  const OptionDef* def = find_option(name);
  if (def == nullptr) return ctx.error("invalid option: " + name);
  Options* scope = option_scope(ctx, *def);
  if (scope == nullptr) return CmdStatus::kError;
  std::optional<std::string> old;
  if (scope->has_local(name)) old = scope->local().at(name);
  if (ctx.args().has('u')) {
    scope->unset(name);
    return applied(ctx, *scope, name, old);
  }
  std::string value;
  if (ctx.args().count() > 1) {
    value = ctx.args().at(1);
  } else if (def->type == OptionType::kFlag) {
    value = scope->flag(name) ? "off" : "on";
  } else {
    return ctx.error("missing value for option: " + name);
  }
  std::string normalized, error;
  if (!Options::validate(*def, value, &normalized, &error)) return ctx.error(error);
  scope->set(name, normalized);
  return applied(ctx, *scope, name, old);
}

extern const CommandEntry kCmdSetOption("set-option", "set", {"gt:uw", 1, 2},
                                        "[-guw] [-t target] option [value]", 0, exec_set_option);

}  // namespace amux
