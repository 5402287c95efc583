// Starting programs: spawn specifications from command arguments, and what a pane's
// program gets (environment with AMUX, AMUX_PANE, TMUX, TMUX_PANE and TERM; default-command; the
// shell). Also the OSC a program prints to share a key.
#include "amux/server/session-tree.h"

#include "amux/server/spawn.h"

#include <pwd.h>
#include <unistd.h>

#include <map>

#include "amux/server/server.h"
#include "amux/server/worktrees.h"

namespace amux {

namespace {

std::string default_shell(const std::string& option, const std::vector<std::string>& env) {
  if (!option.empty() && option[0] == '/' && access(option.c_str(), X_OK) == 0) return option;
  for (const auto& e : env)
    if (starts_with(e, "SHELL=") && e.size() > 7 && e[6] == '/' && access(e.c_str() + 6, X_OK) == 0)
      return e.substr(6);
  if (struct passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_shell && *pw->pw_shell)
    return pw->pw_shell;
  return "/bin/sh";
}

const char* default_term() {
  static const char* term = [] {
    for (const char* dir : {"/usr/share/terminfo/t", "/lib/terminfo/t", "/etc/terminfo/t"})
      if (access((std::string(dir) + "/tmux-256color").c_str(), R_OK) == 0) return "tmux-256color";
    return "screen-256color";
  }();
  return term;
}

}  // namespace

bool spawn_spec(CmdContext& ctx, SpawnSpec* spec, Session* where) {
  const Args& args = ctx.args();
  for (const auto& e : args.all('e'))
    if (e.find('=') == std::string::npos || e[0] == '=')
      return ctx.error("invalid environment: " + e), false;
  spec->cwd = ctx.client().cwd;
  if (args.has('c')) {  // format-expanded, as tmux: -c "#{pane_current_path}"
    FormatContext fc;
    Server& server = *ctx.server();
    const Target& t = ctx.target();
    Pane* p = t.pane;
    if (where == nullptr) where = t.session;
    if (p == nullptr && where != nullptr && where->current != nullptr) p = where->current->active;
    if (p == nullptr) p = server.client_pane(ctx.client());
    if (p != nullptr)
      server.pane_formats(fc, *p);
    else
      server.server_formats(fc);
    spec->cwd = format_expand(args.get('c'), fc);
  }
  spec->env = ctx.client().env;
  spec->extra_env = args.all('e');
  spec->command = args.positional();
  return true;
}

bool worktree_spec(CmdContext& ctx, const std::string& name, const Options& options,
                   SpawnSpec* spec, Worktree** made, Pane* from) {
  const Args& args = ctx.args();
  *made = nullptr;
  if (!args.has('W') && !args.has('w')) {
    if (args.has('B')) return ctx.error("-B goes with -W or -w"), false;
    return true;
  }
  Worktrees::Request req;
  req.start_dir = spec->cwd;
  if (from != nullptr && !args.has('c')) {
    FormatContext fc;
    ctx.server()->pane_formats(fc, *from);
    req.start_dir = fc.find("pane_current_path").value_or(spec->cwd);
  }
  req.name = name;
  req.branch = args.get('w');
  req.base = args.get('B');
  req.env = spec->env;
  std::string error;
  Worktree* w = ctx.server()->worktrees().make(req, &error);
  if (w == nullptr) return ctx.error(error), false;
  spec->cwd = w->path;
  std::vector<std::string> command = spec->command;
  if (command.empty() && !options.get("default-command").empty())
    command = {options.get("default-command")};
  std::string shell = options.get("default-shell");
  if (shell.empty()) shell = ctx.client().getenv("SHELL").value_or("/bin/sh");
  spec->command = ctx.server()->worktrees().with_setup(options.get("worktree-setup"),
                                                       std::move(command), shell);
  *made = w;
  return true;
}

std::string window_name(CmdContext& ctx, const SpawnSpec& spec) {
  if (ctx.args().has('n')) return ctx.args().get('n');
  std::string cmd =
      spec.command.empty() ? ctx.client().getenv("SHELL").value_or("sh") : spec.command[0];
  std::string_view word = std::string_view(cmd).substr(0, cmd.find(' '));
  return std::string(word.substr(word.rfind('/') + 1));
}

void print_new_pane(CmdContext& ctx, Pane& p) {
  if (!ctx.args().has('P')) return;
  FormatContext fc;
  ctx.server()->pane_formats(fc, p);
  ctx.print(
      format_expand(ctx.args().get('F', "#{session_name}:#{window_index}.#{pane_index}"), fc));
}

bool parse_split_size(CmdContext& ctx, int total, int* size) {
  *size = -1;
  const Args& args = ctx.args();
  bool by_p = !args.has('l') && args.has('p');  // -p N: tmux's older -l N%
  if (!args.has('l') && !by_p) return true;
  std::string given = by_p ? args.get('p') : args.get('l');
  std::string v = by_p ? given + "%" : given;
  long long n;
  bool percent = !v.empty() && v.back() == '%';
  if (percent) v.pop_back();
  if (!parse_int(v, 1, percent ? 99 : 100000, &n)) {
    ctx.error("invalid size: " + given);
    return false;
  }
  *size = percent ? static_cast<int>(static_cast<long long>(total) * n / 100) : static_cast<int>(n);
  return true;
}

bool read_dimension(CmdContext& ctx, char flag, const char* what, int* out) {
  if (!ctx.args().has(flag)) return true;
  long long v;
  if (!parse_int(ctx.args().get(flag), 1, 10000, &v))
    return ctx.error(std::string("invalid ") + what + ": " + ctx.args().get(flag)), false;
  *out = static_cast<int>(v);
  return true;
}

bool read_window_size(CmdContext& ctx, int* sx, int* sy) {
  if (!read_dimension(ctx, 'x', "width", sx) || !read_dimension(ctx, 'y', "height", sy))
    return false;
  if (static_cast<long long>(*sx) * *sy <= kMaxWindowCells) return true;
  ctx.error("window too large: " + std::to_string(*sx) + "x" + std::to_string(*sy) + " (at most " +
            std::to_string(kMaxWindowCells) + " cells)");
  return false;
}

std::vector<std::string> SessionTree::pane_environment(const Session& s, int pane_id,
                                                       const SpawnSpec& spec) const {
  std::map<std::string, std::string> vars;
  auto put = [&](const std::string& kv) {
    size_t eq = kv.find('=');
    if (eq != std::string::npos && eq > 0) vars[kv.substr(0, eq)] = kv.substr(eq + 1);
  };
  for (const auto& e : spec.env) put(e);
  if (spec.env.empty())  // no client's environment (a hook, the configuration): the server's
    for (const auto& [name, e] : server_.global_environment)
      if (e.value && !e.hidden) vars[name] = *e.value;
  auto apply = [&](const std::string& name, const EnvEntry& e) {
    if (e.value && !e.hidden)
      vars[name] = *e.value;
    else if (!e.value)
      vars.erase(name);
  };
  for (const auto& name : server_.global_environment_changed)
    if (auto it = server_.global_environment.find(name); it != server_.global_environment.end())
      apply(name, it->second);
    else
      vars.erase(name);  // unset with -gu
  for (const auto& [name, e] : s.environment) apply(name, e);
  // default-terminal when set, else tmux-256color (or screen-256color without its terminfo).
  vars["TERM"] = server_.server_options.has_local("default-terminal")
                     ? server_.server_options.get("default-terminal")
                     : default_term();
  // TMUX and TMUX_PANE as tmux sets them, so tools inside a pane find this server.
  vars["AMUX"] = vars["TMUX"] = server_.amux_value(s.id);
  vars["AMUX_PANE"] = vars["TMUX_PANE"] = "%" + std::to_string(pane_id);
  for (const auto& e : spec.extra_env) put(e);
  std::vector<std::string> out;
  for (auto& [k, v] : vars) out.push_back(k + "=" + v);
  return out;
}

Launch SessionTree::launch(const Session& s, int pane_id, const SpawnSpec& spec) const {
  Launch how;
  how.cwd = spec.cwd;
  how.env = pane_environment(s, pane_id, spec);
  how.command = spec.command;
  if (how.command.empty() && !s.options.get("default-command").empty())
    how.command.push_back(s.options.get("default-command"));
  how.shell = default_shell(s.options.get("default-shell"), spec.env);
  return how;
}

bool SessionTree::start_pane(Pane& p, const SpawnSpec& spec, std::string* error) {
  Session& s = *p.window->session;
  Launch how = launch(s, p.id, spec);
  bool fresh = !p.term;
  if (!p.start(how, spec, static_cast<size_t>(s.options.number("history-limit")), error))
    return false;
  if (fresh) p.term->set_title(server_.host_name());  // tmux's title for a new pane
  return true;
}

}  // namespace amux
