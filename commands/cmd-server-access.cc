// server-access: let other users use this server (-a), read-only (-r) or read-write (-w),
// or deny them again (-d); -l lists who may. As tmux 3.3.
#include <pwd.h>
#include <unistd.h>

#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/server.h"

namespace amux {

static std::string user_name(uid_t uid) {
  struct passwd* pw = getpwuid(uid);
  return pw != nullptr ? pw->pw_name : std::to_string(uid);
}

static CmdStatus exec_server_access(CmdContext& ctx) {
  Server& server = *ctx.server();
  const Args& args = ctx.args();
  if (args.has('l')) {
    ctx.print(user_name(getuid()) + " (W)");
    for (const auto& [uid, write] : server.clients().access_list())
      ctx.print(user_name(uid) + (write ? " (W)" : " (R)"));
    return CmdStatus::kOk;
  }
  if (args.count() == 0) return ctx.error("missing user argument");
  if (args.has('a') + args.has('d') > 1 || args.has('r') + args.has('w') > 1 ||
      (args.has('d') && (args.has('r') || args.has('w'))))
    return ctx.error("conflicting flags");
  if (!args.has('a') && !args.has('d') && !args.has('r') && !args.has('w'))
    return ctx.error("missing -a, -d, -r or -w");
  struct passwd* pw = getpwnam(args.at(0).c_str());
  if (pw == nullptr) return ctx.error("unknown user: " + args.at(0));
  uid_t uid = pw->pw_uid;
  if (uid == getuid()) return ctx.error("owner access can't be changed");
  if (args.has('d')) {
    server.clients().set_access(uid, std::nullopt);
    return CmdStatus::kOk;
  }
  std::optional<bool> now = server.clients().access_for(uid);
  if (!now && !args.has('a')) return ctx.error("user " + args.at(0) + " not found");
  server.clients().set_access(uid, !args.has('r'));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdServerAccess("server-access", nullptr, {"adlrw", 0, 1},
                                           "[-adlrw] [user]", 0, exec_server_access);

}  // namespace amux
