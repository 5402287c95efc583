// Members of groups as the server holds them: a session, or a pane that joined as a member
// of its own (ajoin -t %N: two teammates in two panes of one window are two members). The
// Coordinator knows only ids; this maps an id to its pane, session, name and metadata.
#include "amux/coord/coordinator.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/worktrees.h"

namespace amux {

bool Server::is_member_pane(const Pane& p) {
  return !pane_agents.empty() && pane_agents.count(p.id) > 0 &&
         coord_->group_of(pane_member_id(p.id)) != nullptr;
}

int Server::member_of(const Pane& p) {
  if (is_member_pane(p)) return pane_member_id(p.id);
  return p.window != nullptr ? p.window->session->id : -1;
}

Pane* Server::member_pane(int id) {
  if (!is_pane_member(id) || pane_agents.count(member_pane_id(id)) == 0) return nullptr;
  return sessions().find_pane(member_pane_id(id));
}

Session* Server::member_session(int id) {
  if (!is_pane_member(id)) return sessions().find_id(id);
  Pane* p = member_pane(id);
  return p != nullptr ? p->window->session : nullptr;
}

AgentInfo* Server::member_agent(int id) {
  if (is_pane_member(id)) {
    auto it = pane_agents.find(member_pane_id(id));
    return it != pane_agents.end() ? &it->second.agent : nullptr;
  }
  Session* s = sessions().find_id(id);
  return s != nullptr && s->agent ? &*s->agent : nullptr;
}

int Server::find_member(Group& g, const std::string& name) {
  if (int id = g.remote_id(name); id >= 0) return id;
  for (int id : g.members)
    if (session_name(id) == name) return id;
  return -1;
}

void Server::pane_gone(Pane& p) {
  if (pane_agents.empty()) return;
  auto it = pane_agents.find(p.id);
  if (it == pane_agents.end()) return;
  coord_->session_gone(pane_member_id(p.id));
  pane_agents.erase(p.id);
}

void Server::share_worktree(int member) {
  Pane* p = member_pane(member);
  Session* s = member_session(member);
  Worktree* w = s != nullptr ? worktrees().of_member(s->id, p != nullptr ? p->id : -1) : nullptr;
  Group* g = coord().group_of(member);
  if (w == nullptr || g == nullptr) return;
  ShareRequest req;
  req.pairs = {{"worktree." + coord().name_of(member), w->branch}};
  req.ephemeral = true;
  coord().request_share(*g, member, req, [](CoordResult) {});
}

}  // namespace amux
