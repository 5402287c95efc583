// agent-next (anext): show the client the next member that waits for a person (its
// session, window and pane made current), after the pane it shows now, the longest
// waiting first; C-b a runs it. The order is every group's waiting members, by how long
// they have waited.
#include <algorithm>

#include "amux/coord/coordinator.h"
#include "amux/server/agent.h"
#include "amux/server/client-hub.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_agent_next(CmdContext& ctx) {
  Server& server = *ctx.server();
  ClientConn* c = command_client(ctx, 'c');
  if (c == nullptr) return CmdStatus::kError;
  std::vector<WaitingMember> waiting = waiting_members(server);
  // Each waiting member's pane: its own, or its session's active one.
  std::vector<Pane*> panes;
  for (const WaitingMember& w : waiting) {
    Pane* p = server.member_pane(w.id);
    Session* s = p == nullptr ? server.sessions().find_id(w.id) : nullptr;
    if (s != nullptr && s->current != nullptr) p = s->current->active;
    if (p != nullptr && std::find(panes.begin(), panes.end(), p) == panes.end()) panes.push_back(p);
  }
  if (panes.empty()) return ctx.error("no member is waiting");
  Session* shown = server.sessions().find_id(c->attached->session);
  Pane* now = shown != nullptr && shown->current != nullptr ? shown->current->active : nullptr;
  auto at = std::find(panes.begin(), panes.end(), now);
  Pane* next = at == panes.end() || std::next(at) == panes.end() ? panes.front() : *std::next(at);
  Session& s = *next->window->session;
  server.sessions().select_window(s, *next->window);
  server.sessions().select_pane(*next);
  server.renderer().attach(*c, s);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentNext("agent-next", "anext", {"c:", 0, 0}, "[-c target-client]",
                                        kFlagGroupState, exec_agent_next);

}  // namespace amux
