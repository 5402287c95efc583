// agent-lock (alock): advisory leases on paths or globs for the session, exclusive or
// (-s) shared, for -x seconds (default 3600). All or nothing: a conflict fails the whole
// request, or with -w parks it until every path is free (-T gives up, exit status 2);
// -r also asks each holder for the path by a message. -n only checks: it prints the
// conflicts (exit status 1 when there are any) and takes nothing. Each grant prints its
// fencing number.
#include "amux/server/agent.h"
#include "amux/server/server.h"
#include "amux/server/worktrees.h"

namespace amux {

static bool valid_path(const std::string& path) {
  return !path.empty() && path.size() <= kMaxPathLength &&
         path.find_first_of("\n\r") == std::string::npos && valid_utf8(path);
}

static CmdStatus exec_agent_lock(CmdContext& ctx) {
  const Args& args = ctx.args();
  LeaseRequest req;
  req.shared = args.has('s');
  for (const auto& path : args.positional()) {
    if (!valid_path(path)) return ctx.error("invalid path: " + escape_newlines(path));
    // In a worktree amux made, a path means the repository's (relative to its top).
    req.paths.push_back(ctx.server()->worktrees().lease_path(ctx.client().cwd, path));
  }
  long long seconds = 3600, timeout = -1;
  if (args.has('x') && !parse_int(args.get('x'), 1, 86400 * 365, &seconds))
    return ctx.error("invalid lease time: " + args.get('x'));
  if (args.has('T') && !args.has('w')) return ctx.error("-T goes with -w");
  if (args.has('r') && !args.has('w')) return ctx.error("-r goes with -w");
  if (args.has('n') && args.has('w')) return ctx.error("-n cannot be used with -w");
  const std::string& reason = args.get('r');
  if (args.has('r') &&
      (reason.empty() || reason.size() > 1024 || reason.find('\n') != std::string::npos))
    return ctx.error("invalid reason: one line of at most 1024 bytes");
  if (args.has('T') && !parse_int(args.get('T'), 0, 86400 * 365, &timeout))
    return ctx.error("invalid timeout: " + args.get('T'));
  req.seconds = static_cast<long>(seconds);
  Group* g = &ctx.group();
  Server& server = *ctx.server();
  // Asked from a pane of the session, or by a pane member: the lease dies with that
  // pane's program.
  if (Pane* p = ctx.member_pane()) req.pane_id = p->id;
  LockOptions o;
  o.check_only = args.has('n');
  o.wait = args.has('w');
  o.timeout = static_cast<long>(timeout);
  o.client = ctx.client_id();
  o.reason = reason;
  int id = ctx.member();
  return await_door(ctx, [&server, g, id, req, o](CoordDone done) {
    server.coord().request_lock(*g, id, req, o, std::move(done));
  });
}

extern const CommandEntry kCmdAgentLock(
    "agent-lock", "alock", {"nr:st:T:wx:", 1, -1},
    "[-nsw] [-r reason] [-t target-session] [-x seconds] [-T timeout] path ...",
    kFlagGroup | kFlagGroupState | kFlagMember, exec_agent_lock, TargetKind::kSession);

}  // namespace amux
