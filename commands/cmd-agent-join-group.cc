// agent-join-group (ajoin): put an agent session into a coordination group, creating the
// group on first use; the first member is the coordinator. A group with a join-key
// (agent-group-option) takes only sessions that give it with -k. -r (or the agent-remote
// option, for a group this server does not have) puts the group on a Redis server. -G and
// -o give the session its agent metadata in the same step (a session without any needs
// -G); a join that fails leaves the metadata as it was. With a pane target (-t %N) the
// pane joins as a member of its own, named by -n, else its title, else session.%N.
#include <unistd.h>

#include "amux/coord/coordinator.h"
#include "amux/server/agent.h"
#include "amux/server/client-hub.h"
#include "amux/server/resurrect.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

// A pane member's name: -n, else a title its program (or select-pane -T) gave it, else
// session.%N; "" with the error recorded.
static std::string pane_member_name(CmdContext& ctx, Pane& p) {
  Server& server = *ctx.server();
  std::string name = ctx.args().get('n');
  if (!ctx.args().has('n')) {
    std::string title = p.term ? p.term->title() : "";
    bool own = !title.empty() && title != server.host_name() && check_session_name(title).empty();
    name = own && title.size() <= 64 ? title
                                     : p.window->session->name + ".%" + std::to_string(p.id);
  }
  if (name.empty()) return ctx.error("invalid member name: empty"), "";
  if (std::string e = check_session_name(name); !e.empty()) return ctx.error(e), "";
  for (char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return ctx.error("invalid member name: control characters"), "";
  return name;
}

static CmdStatus join_pane(CmdContext& ctx, Pane& p, const JoinRequest& req) {
  Server& server = *ctx.server();
  const Args& args = ctx.args();
  std::string pane = "%" + std::to_string(p.id);
  if (p.id >= kPaneMemberBase) return ctx.error("pane " + pane + " cannot join: id too large");
  if (Group* current = server.coord().group_of(pane_member_id(p.id)))
    return ctx.error(server.coord().who(pane_member_id(p.id)) + " is already in group '" +
                     current->name + "'");
  Session& s = *p.window->session;
  if (!args.has('G') && !s.agent)
    return ctx.error("pane " + pane + " has no agent metadata (give -G agent-type)");
  std::string name = pane_member_name(ctx, p);
  if (name.empty()) return CmdStatus::kError;
  if (Group* g = server.coord().find_group(req.group); g != nullptr && server.find_member(*g, name) >= 0)
    return ctx.error("name '" + name + "' is taken in group '" + req.group + "' (give -n name)");
  PaneAgent member;
  member.name = name;
  if (s.agent) member.agent = *s.agent;
  member.agent.created = member.agent.last_activity = server.now();
  member.agent.conversation_id.clear();
  member.agent.transcript.clear();
  member.agent.metrics.clear();
  if (args.has('G')) member.agent.type = args.get('G');
  if (args.has('o')) member.agent.objective = args.get('o');
  server.pane_agents[p.id] = std::move(member);
  int id = pane_member_id(p.id), pane_id = p.id;
  return await_door(ctx, [&server, id, pane_id, req](CoordDone done) {
    server.coord().request_join(id, req, [&server, pane_id, done](CoordResult r) {
      Pane* again = server.sessions().find_pane(pane_id);
      if (r.status != 0) {
        server.pane_agents.erase(pane_id);
      } else if (again != nullptr) {
        server.update_state(*again->window->session);  // its presence: what its pane does
        server.resurrect().changed();                   // its membership is saved with it
        server.share_worktree(pane_member_id(pane_id));
      }
      done(std::move(r));
    });
  });
}

static CmdStatus exec_agent_join_group(CmdContext& ctx) {
  const Args& args = ctx.args();
  const std::string& name = args.at(0);
  if (!valid_group_name(name)) return ctx.error("invalid group name: " + name);
  if (args.has('G') && !valid_agent_type(args.get('G')))
    return ctx.error(agent_type_error(args.get('G')));
  if (std::string e = check_objective(args.get('o')); !e.empty()) return ctx.error(e);
  Pane* pane = args.has('t') || is_pane_member(ctx.member()) ? ctx.member_pane() : nullptr;
  if (args.has('n') && pane == nullptr) return ctx.error("-n names a pane member: give -t %pane");
  Session* s = &ctx.session();
  Server& server = *ctx.server();
  JoinRequest req;
  req.group = name;
  req.key = ctx.args().get('k');
  Group* existing = server.coord().find_group(name);
  req.url = ctx.args().has('r')   ? ctx.args().get('r')
            : existing != nullptr ? existing->remote
                                  : s->options.get("agent-remote");
  if (!req.url.empty() && ctx.args().has('k'))
    return ctx.error("-k: join keys are not supported for remote groups");
  req.guesser = getuid();  // a hook's command: the server's owner
  if (ClientConn* c = server.clients().find_client(ctx.client_id())) req.guesser = c->uid;
  if (pane != nullptr) return join_pane(ctx, *pane, req);
  if (!s->agent && !args.has('G')) {
    // The text scripts compare stays as it is; a person at a terminal is told the fix.
    ctx.error("session '" + s->name + "' has no agent metadata");
    if (ctx.client().terminal.tty)
      ctx.error("(give it a type as it joins: amux ajoin -G TYPE -t " + s->name + " " + name +
                "; or amux set-agent -G TYPE -t " + s->name + ")");
    return CmdStatus::kError;
  }
  if (Group* current = server.group_of(*s))
    return ctx.error("session '" + s->name + "' is already in group '" + current->name + "'");
  // -G and -o set the metadata in the same step; a join that fails puts it back.
  std::optional<AgentInfo> before = s->agent;
  if (!s->agent) {
    s->agent.emplace();
    s->agent->created = server.now();
  }
  if (args.has('G')) s->agent->type = args.get('G');
  if (args.has('o')) s->agent->objective = args.get('o');
  int id = s->id;
  return await_door(ctx, [&server, id, req, before](CoordDone done) {
    server.coord().request_join(id, req, [&server, id, before, done](CoordResult r) {
      if (r.status != 0) {
        if (Session* again = server.sessions().find_id(id)) again->agent = before;
      } else {
        server.resurrect().changed();
        server.share_worktree(id);
      }
      done(std::move(r));
    });
  });
}

extern const CommandEntry kCmdAgentJoinGroup("agent-join-group", "ajoin", {"G:k:n:o:r:t:", 1, 1},
                                             "[-G agent-type] [-k join-key] [-n member-name] "
                                             "[-o objective] [-r redis-url] [-t target-pane] "
                                             "group",
                                             kFlagGroupState | kFlagMember, exec_agent_join_group,
                                             TargetKind::kSession);

}  // namespace amux
