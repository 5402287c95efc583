// show-options: the options of one level, as tmux shows them: every global value with -g,
// the ones set on the target otherwise (-A adds inherited ones, marked *); server (-s),
// session, window (-w) or pane (-p). -v prints values only; a named option shows its value.
#include <map>

#include "amux/server/server.h"

namespace amux {

namespace {

struct Shown {
  std::string value;
  bool inherited = false;
  const OptionDef* def = nullptr;
  const Options* scope = nullptr;
};

void print_line(CmdContext& ctx, const std::string& name, bool inherited,
                const std::string& value) {
  if (ctx.args().has('v'))
    ctx.print(value);
  else
    ctx.print(name + (inherited ? "* " : " ") + quote_option_value(value));
}

// An array shows an item a line (name[0] value), or its bare name when it has none; index
// >= 0: that item only.
void print_option(CmdContext& ctx, const std::string& name, const Shown& shown, int index = -1) {
  if (shown.def == nullptr || shown.def->type != OptionType::kArray)
    return print_line(ctx, name, shown.inherited, shown.value);
  OptionArray items = shown.scope->array(name);
  if (items.empty() && index < 0 && !ctx.args().has('v'))
    ctx.print(name + (shown.inherited ? "*" : ""));
  for (const auto& [i, value] : items)
    if (index < 0 || i == index)
      print_line(ctx, name + "[" + std::to_string(i) + "]", shown.inherited, value);
}

// Every option of the level held by scope (or, with -A, reached through its parents).
std::map<std::string, Shown> level_options(const Options& scope, OptionLevel level, bool global,
                                           bool inherited) {
  std::map<std::string, Shown> out;
  OptionScope table_scope = level == OptionLevel::kServer    ? OptionScope::kServer
                            : level == OptionLevel::kSession ? OptionScope::kSession
                                                             : OptionScope::kWindow;
  bool everything = global || level == OptionLevel::kServer || inherited;
  for (const auto& def : option_table()) {
    if (def.scope != table_scope) continue;
    if (everything || scope.has_local(def.name))
      out[def.name] = {scope.get(def.name), !scope.has_local(def.name) && inherited, &def, &scope};
  }
  for (const Options* o = &scope; o != nullptr; o = inherited ? o->parent() : nullptr)
    for (const auto& [name, value] : o->local())
      if (is_user_option(name) && out.count(name) == 0) out[name] = {value, o != &scope};
  return out;
}

}  // namespace

CmdStatus exec_show_options(CmdContext& ctx) {
  const Args& args = ctx.args();
  std::string name = args.count() > 0 ? args.at(0) : "", error;
  int index = -1;
  if (args.count() > 0 && !is_user_option(name)) {
    std::string base;
    if (!split_hook_name(name, &base, &index)) return ctx.error("bad option index: " + name);
    name = base;
  }
  const OptionDef* def =
      args.count() > 0 && !is_user_option(name) ? match_option(name, &error) : nullptr;
  if (args.count() > 0 && def == nullptr && !is_user_option(name))
    return args.has('q') ? CmdStatus::kOk : ctx.error(error);
  if (def != nullptr) name = def->name;  // a prefix names the whole option
  OptionLevel level = option_level(ctx, def);
  Options* scope = option_scope(ctx, level);
  if (scope == nullptr) return CmdStatus::kError;
  bool global = args.has('g') || level == OptionLevel::kServer;
  std::map<std::string, Shown> shown =
      level_options(*scope, level, args.has('g'), args.has('A') && !global);
  if (args.count() == 0) {
    for (const auto& [name, s] : shown) print_option(ctx, name, s);
    return CmdStatus::kOk;
  }
  auto it = shown.find(name);
  if (it != shown.end()) {
    print_option(ctx, it->first, it->second, index);
    return CmdStatus::kOk;
  }
  if (def == nullptr && !args.has('q')) return ctx.error("invalid option: " + name);
  return CmdStatus::kOk;  // a known option not set here: nothing, as tmux
}

extern const CommandEntry kCmdShowOptions("show-options", "show", {"Agpqst:vw", 0, 1},
                                          "[-Agpqsvw] [-t target-pane] [option]", kFlagReadOnly,
                                          exec_show_options);

}  // namespace amux
