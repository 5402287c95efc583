// agent-unlock (aunlock): release the session's leases on the given paths (exactly as
// locked), or all of them. Waiters whose paths come free are granted at once. -f (the
// group's coordinator only) breaks other sessions' leases on the paths.
#include "amux/server/agent.h"

namespace amux {

static CmdStatus exec_agent_unlock(CmdContext& ctx) {
  Session* s = &ctx.session();
  Group* g = &ctx.group();
  const auto& paths = ctx.args().positional();
  if (ctx.args().has('f') && !g->remote.empty()) return remote_unsupported(ctx, *g);
  if (ctx.args().has('f')) {
    if (g->coordinator() != s->id)
      return ctx.error("permission denied: only the coordinator can break a lease");
    if (paths.empty()) return ctx.error("-f needs a path");
    std::string error;
    for (const auto& path : paths)
      if (!std::any_of(g->leases.begin(), g->leases.end(),
                       [&](const Lease& l) { return l.path == path && l.holder != s->id; }))
        return ctx.error("path '" + escape_newlines(path) + "' is not locked by another session");
    for (const auto& path : paths)
      ctx.server()->coord().break_leases(*g, s->id, path, &ctx.out, &error);
    return CmdStatus::kOk;
  }
  auto held = [&](const std::string& path) {
    return std::any_of(g->leases.begin(), g->leases.end(),
                       [&](const Lease& l) { return l.holder == s->id && l.path == path; });
  };
  for (const auto& path : paths)
    if (!held(path))
      return ctx.error("path '" + escape_newlines(path) + "' is not locked by session '" + s->name +
                       "'");
  if (paths.empty() && !std::any_of(g->leases.begin(), g->leases.end(),
                                    [&](const Lease& l) { return l.holder == s->id; }))
    return ctx.error("session '" + s->name + "' holds no leases");
  if (!g->remote.empty()) {
    Server& server = *ctx.server();
    int id = s->id;
    std::string group = g->name;
    return remote_wait(
        ctx,
        [&server, g, id, paths](RemoteDone done) {
          server.remote().unlock(*g, id, -1, paths, done);
        },
        [group](const RemoteResult& r, std::string* out, std::string* err) {
          if (!r.ok) return *err = r.error + "\n", 1;
          for (const auto& row : r.rows)
            *out += "Unlocked in group '" + group + "': " + row[0] + " (fence " + row[1] + ")\n";
          return 0;
        });
  }
  auto which = [&](const Lease& l) {
    return l.holder == s->id &&
           (paths.empty() || std::find(paths.begin(), paths.end(), l.path) != paths.end());
  };
  ctx.server()->coord().release_leases(*g, which, EventKind::kUnlock, &ctx.out);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentUnlock("agent-unlock", "aunlock", {"ft:", 0, -1},
                                          "[-f] [-t target-session] [path ...]",
                                          kFlagGroup | kFlagGroupState, exec_agent_unlock,
                                          TargetKind::kSession);

}  // namespace amux
