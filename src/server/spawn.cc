// Spawn specifications from command arguments.
#include "amux/server/spawn.h"

#include "amux/server/server.h"

namespace amux {

bool spawn_spec(CmdContext& ctx, SpawnSpec* spec) {
  const Args& args = ctx.args();
  for (const auto& e : args.all('e'))
    if (e.find('=') == std::string::npos || e[0] == '=')
      return ctx.error("invalid environment: " + e), false;
  spec->cwd = args.get('c', ctx.client().cwd);
  spec->env = ctx.client().env;
  spec->extra_env = args.all('e');
  spec->command = args.positional();
  return true;
}

std::string window_name(CmdContext& ctx, const SpawnSpec& spec) {
  if (ctx.args().has('n')) return ctx.args().get('n');
  std::string cmd = spec.command.empty() ? ctx.client().getenv("SHELL").value_or("sh")
                                         : spec.command[0];
  cmd = cmd.substr(0, cmd.find(' '));
  return cmd.substr(cmd.rfind('/') + 1);
}

void print_new_pane(CmdContext& ctx, Pane& p) {
  if (!ctx.args().has('P')) return;
  FormatContext fc;
  ctx.server()->pane_formats(fc, p);
  ctx.print(format_expand(ctx.args().get('F', "#{session_name}:#{window_index}.#{pane_index}"), fc));
}

bool parse_split_size(CmdContext& ctx, int total, int* size) {
  *size = -1;
  if (!ctx.args().has('l')) return true;
  std::string v = ctx.args().get('l');
  long long n;
  bool percent = !v.empty() && v.back() == '%';
  if (percent) v.pop_back();
  if (!parse_int(v, 1, percent ? 99 : 100000, &n)) {
    ctx.error("invalid size: " + ctx.args().get('l'));
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

}  // namespace amux
