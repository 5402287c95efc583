// set-option: set, toggle (flags without a value), append to (-a) or unset (-u) an
// option: server, global (-g), or the target's session, window (-w) or pane (-p), as tmux.
// Known options go where the table puts them; user options (@name) where the flags say.
#include <optional>

#include "amux/server/server.h"
#include "amux/server/session-tree.h"

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

// -U: a window option unset on the window and on each of its panes.
static void unset_in_panes(CmdContext& ctx, const std::string& name) {
  Target t;
  if (ctx.args().has('g') || !ctx.target(TargetKind::kWindow, &t)) return;
  for (auto& [id, options] : t.window->pane_options) options.unset(name);
}

// The value to store: the argument (format-expanded with -F, appended with -a), or a
// flag's toggle. nullopt after an error.
static std::optional<std::string> new_value(CmdContext& ctx, const OptionDef* def,
                                            const Options& scope, const std::string& name) {
  const Args& args = ctx.args();
  if (args.count() < 2) {
    if (def != nullptr && def->type == OptionType::kFlag) return scope.flag(name) ? "off" : "on";
    ctx.error("missing value for option: " + name);
    return std::nullopt;
  }
  std::string value = args.at(1);
  if (args.has('F')) {
    FormatContext fc;
    ctx.server()->server_formats(fc);
    Target t;
    if (!ctx.server()->sessions().empty() && ctx.target(TargetKind::kPane, &t))
      ctx.server()->pane_formats(fc, *t.pane);
    value = format_expand(value, fc);
  }
  if (args.has('a')) {
    std::string old = scope.get(name);
    bool style = def != nullptr && def->type == OptionType::kStyle;
    value = old + (style && !old.empty() && old != "default" ? "," : "") + value;
  }
  if (def == nullptr) return value;
  std::string normalized, error;
  if (!Options::validate(*def, value, &normalized, &error)) {
    ctx.error(error);
    return std::nullopt;
  }
  return normalized;
}

// An array option (terminal-overrides, update-environment, ...): name[N] sets or (-u)
// removes one item; a plain value replaces them all with its items (split on the option's
// separator, empty ones dropped); -a adds its items after the last.
static CmdStatus set_array(CmdContext& ctx, Options& scope, const OptionDef& def, int index) {
  const Args& args = ctx.args();
  OptionArray items = scope.array(def.name);
  if (args.has('u') || args.has('U')) {
    if (index < 0) {
      scope.unset(def.name);
      return CmdStatus::kOk;
    }
    items.erase(index);
  } else {
    if (args.count() < 2) return ctx.error(std::string("missing value for option: ") + def.name);
    std::string value, error;
    if (!Options::validate(def, args.at(1), &value, &error)) return ctx.error(error);
    if (index >= 0) {
      items[index] = value;
    } else {
      if (!args.has('a')) items.clear();
      int next = items.empty() ? 0 : items.rbegin()->first + 1;
      for (const std::string& item : split(value, def.choices[0]))
        if (!item.empty()) items[next++] = item;
    }
  }
  scope.set(def.name, encode_array(items));
  return CmdStatus::kOk;
}

CmdStatus exec_set_option(CmdContext& ctx) {
  const Args& args = ctx.args();
  std::string name = args.at(0), error;
  int index = -1;
  if (!is_user_option(name)) {
    std::string base;
    if (!split_hook_name(name, &base, &index)) return ctx.error("bad option index: " + name);
    name = base;
  }
  const OptionDef* def = is_user_option(name) ? nullptr : match_option(name, &error);
  if (def == nullptr && !is_user_option(name))
    return args.has('q') ? CmdStatus::kOk : ctx.error(error);
  if (def != nullptr) name = def->name;  // a prefix names the whole option
  if (index >= 0 && (def == nullptr || def->type != OptionType::kArray))
    return ctx.error("not an array: " + args.at(0));
  Options* scope = option_scope(ctx, option_level(ctx, def));
  if (scope == nullptr) return CmdStatus::kError;
  std::optional<std::string> old;
  if (scope->has_local(name)) old = scope->local().at(name);
  if (def != nullptr && def->type == OptionType::kArray && (args.has('u') || args.has('U'))) {
    if (set_array(ctx, *scope, *def, index) != CmdStatus::kOk) return CmdStatus::kError;
    return applied(ctx, *scope, name, old);
  }
  if (args.has('u') || args.has('U')) {
    scope->unset(name);
    if (args.has('U')) unset_in_panes(ctx, name);
    return applied(ctx, *scope, name, old);
  }
  if (args.has('o') && old)
    return args.has('q') ? CmdStatus::kOk : ctx.error("already set: " + name);
  if (def != nullptr && def->type == OptionType::kArray) {
    if (set_array(ctx, *scope, *def, index) != CmdStatus::kOk) return CmdStatus::kError;
    return applied(ctx, *scope, name, old);
  }
  std::optional<std::string> value = new_value(ctx, def, *scope, name);
  if (!value) return CmdStatus::kError;
  scope->set(name, *value);
  return applied(ctx, *scope, name, old);
}

extern const CommandEntry kCmdSetOption("set-option", "set", {"aFgopqst:uUw", 1, 2},
                                        "[-aFgopqsuUw] [-t target-pane] option [value]", 0,
                                        exec_set_option);

}  // namespace amux
