// show-options: options and their values: every option with -g (global values), the
// ones set on the target otherwise; a named option shows its effective value.
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_show_options(CmdContext& ctx) {
  const Args& args = ctx.args();
  auto show = [&](const std::string& name, const std::string& value) {
    ctx.print(args.has('v') ? value : name + " " + value);
  };
  if (args.count() > 0) {
    const OptionDef* def = find_option(args.at(0));
    if (def == nullptr) return ctx.error("invalid option: " + args.at(0));
    Options* scope = option_scope(ctx, *def);
    if (scope == nullptr) return CmdStatus::kError;
    show(def->name, scope->get(def->name));
    return CmdStatus::kOk;
  }
  for (const auto& def : option_table()) {
    bool window = def.scope == OptionScope::kWindow;
    if (!args.has('g') && window != args.has('w')) continue;
    Options* scope = option_scope(ctx, def);
    if (scope == nullptr) return CmdStatus::kError;
    if (args.has('g') || scope->has_local(def.name)) show(def.name, scope->get(def.name));
  }
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdShowOptions("show-options", "show", {"gt:vw", 0, 1},
                                          "[-gvw] [-t target] [option]", kFlagReadOnly,
                                          exec_show_options);

}  // namespace amux
