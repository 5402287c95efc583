// agent-join-group (ajoin): put an agent session into a coordination group, creating the
// group on first use; the first member is the coordinator. A group with a join-key
// (agent-group-option) takes only sessions that give it with -k. -r (or the agent-remote
// option, for a group this server does not have) puts the group on a Redis server.
#include <unistd.h>

#include "amux/server/agent.h"

namespace amux {

// What a join prints: the group, and the coordinator or the peers found.
static void print_joined(Server& server, Group& g, int session_id, const std::string& name,
                         std::string* out) {
  *out += "Session '" + name + "' joined group '" + g.name + "'\n";
  if (g.coordinator() == session_id) {
    *out += "First session in group (coordinator)\n";
    return;
  }
  std::vector<std::string> peers;
  for (int id : g.members)
    if (id != session_id) peers.push_back(server.session_name(id));
  *out += "Discovered " + plural(peers.size(), "peer", "peers") + ": " + join(peers, ", ") + "\n";
}

static CmdStatus join_remote(CmdContext& ctx, Session& s, const std::string& name,
                             const std::string& url) {
  RedisUrl parsed;
  std::string error;
  if (!parse_redis_url(url, &parsed, &error)) return ctx.error(error);
  if (ctx.args().has('k')) return ctx.error("-k: join keys are not supported for remote groups");
  Server& server = *ctx.server();
  RemoteMember m;
  m.name = s.name;
  m.session_id = s.id;
  m.type = s.agent->type;
  m.objective = s.agent->objective;
  m.state = server.coord().presence(s.id).state;
  m.note = server.coord().presence(s.id).note;
  int id = s.id;
  std::string group = name;
  return remote_wait(
      ctx, [&server, m, group, url](RemoteDone done) { server.remote().join(m, group, url, done); },
      [&server, id, group](const RemoteResult& r, std::string* out, std::string* err) {
        Group* g = server.coord().find_group(group);
        if (!r.ok || g == nullptr) return *err = (r.ok ? "group gone" : r.error) + "\n", 1;
        if (Session* s = server.sessions.find_id(id); s != nullptr && s->agent)
          s->agent->last_activity = server.now();
        print_joined(server, *g, id, r.name, out);
        return 0;
      });
}

static CmdStatus exec_agent_join_group(CmdContext& ctx) {
  const std::string& name = ctx.args().at(0);
  if (!valid_group_name(name)) return ctx.error("invalid group name: " + name);
  Session* s = &ctx.session();
  if (!s->agent) return ctx.error("session '" + s->name + "' has no agent metadata");
  Server& server = *ctx.server();
  std::string error;
  if (Group* current = server.group_of(*s))
    return ctx.error("session '" + s->name + "' is already in group '" + current->name + "'");
  Group* existing = server.coord().find_group(name);
  std::string url = ctx.args().has('r')   ? ctx.args().get('r')
                    : existing != nullptr ? existing->remote
                                          : s->options.get("agent-remote");
  if (!url.empty()) return join_remote(ctx, *s, name, url);
  if (existing != nullptr && !existing->remote.empty())
    return ctx.error("group '" + name + "' is on " + shown_redis_url(existing->remote));
  uid_t uid = getuid();  // a hook's command: the server's owner
  if (ClientConn* c = server.find_client(ctx.client_id())) uid = c->uid;
  if (!server.coord().join(s->id, name, &error, ctx.args().get('k'), uid)) return ctx.error(error);
  s->agent->last_activity = server.now();
  print_joined(server, *server.group_of(*s), s->id, s->name, &ctx.out);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentJoinGroup("agent-join-group", "ajoin", {"k:r:t:", 1, 1},
                                             "[-k join-key] [-r redis-url] [-t target-session] "
                                             "group",
                                             kFlagGroupState, exec_agent_join_group,
                                             TargetKind::kSession);

}  // namespace amux
