// agent-lock (alock): advisory leases on paths or globs for the session, exclusive or
// (-s) shared, for -x seconds (default 3600). All or nothing: a conflict fails the whole
// request, or with -w parks it until every path is free (-T gives up, exit status 2);
// -r also asks each holder for the path by a message. -n only checks: it prints the
// conflicts (exit status 1 when there are any) and takes nothing. Each grant prints its
// fencing number.
#include "amux/server/agent.h"

namespace amux {

constexpr size_t kMaxLeasesPerGroup = 10000;

static bool valid_path(const std::string& path) {
  return !path.empty() && path.size() <= kMaxPathLength &&
         path.find_first_of("\n\r") == std::string::npos && valid_utf8(path);
}

// alock -w -r: one message to each holder in the way ("dev2 asks for src/x.cc: reason").
static void ask_holders(CmdContext& ctx, Group& g, Session& s, const LeaseRequest& req,
                        const std::string& reason) {
  std::map<int, std::vector<std::string>> asked;  // holder -> the paths asked of it
  for (const auto& path : req.paths)
    if (const Lease* l = lease_conflict(g, s.id, path, req.shared); l && g.has_member(l->holder))
      asked[l->holder].push_back(path);
  for (auto& [holder, paths] : asked) {
    std::string text = s.name + " asks for " + join(paths, ", ") + ": " + reason;
    if (ctx.server()->coord().check_message(g, holder, text).empty())
      ctx.server()->coord().send_message(g, {s.id, s.name}, holder, text);
  }
}

// The lines a grant prints, from the rows a remote lock returns (path, fence, seconds).
static std::string granted_lines(const std::string& group, bool shared, const RemoteResult& r) {
  std::string out;
  for (const auto& row : r.rows)
    out += "Locked in group '" + group + "': " + row[0] + " (" + (shared ? "shared, " : "") +
           "fence " + row[1] + ", expires in " + row[2] + "s)\n";
  return out;
}

// A remote group: Redis finds conflicts and grants; with -w the request is tried again
// whenever a lease in the group goes, until it is granted or its timeout ends it.
static CmdStatus lock_remote(CmdContext& ctx, Session& s, Group& g, const LeaseRequest& req,
                             long long timeout) {
  Server& server = *ctx.server();
  std::string group = g.name;
  bool shared = req.shared;
  int id = s.id;
  if (s.agent) s.agent->last_activity = server.now();
  if (ctx.args().has('w')) {
    if (ctx.client_id() == 0) return ctx.error("agent-lock -w needs a client to wait");
    uint64_t client = ctx.client_id();
    server.park(client, static_cast<long>(timeout),
                [&server, client] { server.remote().cancel_lock_wait(client); });
    server.remote().lock_wait(
        g, id, client, req, [&server, client, group, shared](const RemoteResult& r) {
          if (r.ok)
            server.resume_client(client, 0, granted_lines(group, shared, r), "");
          else
            server.resume_client(client, 1, "", r.error + "\n");
        });
    return CmdStatus::kWait;
  }
  return remote_wait(
      ctx, [&server, &g, id, req](RemoteDone done) { server.remote().lock(g, id, req, done); },
      [group, shared](const RemoteResult& r, std::string* out, std::string* err) {
        if (r.conflict && !r.rows.empty() && r.rows[0].size() == 4) {
          const auto& c = r.rows[0];
          *err = "path '" + c[0] + "' is locked by session '" + c[1] + "' (expires in " + c[2] +
                 "s)\n";
          return 1;
        }
        if (!r.ok) return *err = r.error + "\n", 1;
        *out += granted_lines(group, shared, r);
        return 0;
      });
}

static CmdStatus exec_agent_lock(CmdContext& ctx) {
  const Args& args = ctx.args();
  LeaseRequest req;
  req.shared = args.has('s');
  for (const auto& path : args.positional()) {
    if (!valid_path(path)) return ctx.error("invalid path: " + escape_newlines(path));
    req.paths.push_back(path);
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
  Session* s = &ctx.session();
  Group* g = &ctx.group();
  Server& server = *ctx.server();
  if (args.has('n')) {  // check only
    bool clear = true;
    for (const auto& path : req.paths)
      if (const Lease* l = lease_conflict(*g, s->id, path, req.shared)) {
        ctx.print(
            lease_conflict_error(*l, server.session_name(l->holder, l->holder_name), server.now()));
        clear = false;
      }
    return clear ? CmdStatus::kOk : CmdStatus::kError;
  }
  if (g->leases.size() + req.paths.size() > kMaxLeasesPerGroup)
    return ctx.error("too many leases in group '" + g->name + "'");
  // Asked from a pane of the session: the lease dies with that pane's program.
  if (Pane* p = server.client_pane(ctx.client()); p != nullptr && p->window->session == s)
    req.pane_id = p->id;
  if (!g->remote.empty()) {
    if (args.has('r')) return ctx.error("-r: not supported for remote groups");
    return lock_remote(ctx, *s, *g, req, timeout);
  }
  for (const auto& path : req.paths)
    if (const Lease* l = lease_conflict(*g, s->id, path, req.shared)) {
      if (!args.has('w')) {
        std::string holder = server.session_name(l->holder, l->holder_name);
        std::string error = lease_conflict_error(*l, holder, server.now());
        server.coord().conflict(*g, s->id, "lock", path,
                                "held by " + holder + " (fence " + std::to_string(l->fence) + ")");
        return ctx.error(error);
      }
      if (ctx.client_id() == 0) return ctx.error("agent-lock -w needs a client to wait");
      if (args.has('r')) ask_holders(ctx, *g, *s, req, reason);
      LockWaiter w;
      w.client_id = ctx.client_id();
      w.group_id = g->id;
      w.session_id = s->id;
      w.request = std::move(req);
      server.coord().add_lock_waiter(std::move(w), timeout);
      return CmdStatus::kWait;
    }
  ctx.out += server.coord().grant_leases(*g, s->id, req);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentLock(
    "agent-lock", "alock", {"nr:st:T:wx:", 1, -1},
    "[-nsw] [-r reason] [-t target-session] [-x seconds] [-T timeout] path ...",
    kFlagGroup | kFlagGroupState, exec_agent_lock, TargetKind::kSession);

}  // namespace amux
